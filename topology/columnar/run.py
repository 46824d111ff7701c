"""Run the set-wise queries and turn their rows into the same findings the in-memory engine makes.

Rows become :class:`~topology.findings.Hit` values and are stamped by the in-memory engine's own
:func:`topology.engine.stamp` (ID, severity, message in either language), so a finding's text
cannot differ between engines. Findings come out rule by rule, each rule's in the report's order
(:func:`order_by`), and are never all held at once: memory is bounded by the engine, not by the
size of the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from ..engine import stamp
from ..findings import Finding, Hit
from .rules import QUERIES, STANDARD

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ..rules.registry import Rule
    from ..ruleset import Parameters

#: rows fetched per round trip
BATCH = 10_000


def order_by() -> str:
    """The ORDER BY of a rule's findings: the report's order (:meth:`Finding.sort_key`: account,
    then the pointer with array indexes compared as numbers, then the related ids)."""
    token = ("CASE WHEN regexp_full_match(t, '[0-9]+') THEN '0' || lpad(t, 24, '0') ELSE '1' || t END")
    return (f"ORDER BY coalesce(account, ''), "
            f"list_transform(string_split(coalesce(pointer, ''), '/')[2:], lambda t: {token}), related")


def unsupported(rules: Iterable[Rule]) -> list[str]:
    """IDs of the rules with no set-wise query (the columnar engines refuse to claim they ran)."""
    return [r.id for r in rules if r.id not in QUERIES and not r.needs_suppressions]


def sql_of(rule: Rule, params: Parameters, as_of: date) -> str | None:
    """The rule's query, ordered, or None when the rule is off."""
    body = QUERIES[rule.id](params, as_of)
    if body is None:
        return None
    return f"SELECT * FROM ({body}) AS q {order_by()}"


def hits(columns: list[str], rows: Iterable[tuple]) -> Iterator[Hit]:
    """The hits of a query's rows (columns by name, see :mod:`topology.columnar.rules.base`)."""
    at = {c: i for i, c in enumerate(columns)}
    extra = [(c, i) for c, i in at.items() if c not in STANDARD]
    get = {c: at.get(c) for c in STANDARD}

    def value(row: tuple, name: str) -> Any:
        i = get[name]
        return None if i is None else row[i]

    for row in rows:
        related = value(row, "related")
        yield Hit(account=value(row, "account"), related=tuple(related or ()), pointer=value(row, "pointer"),
                  observed=value(row, "observed"), limit=value(row, "limit"), subject=value(row, "subject"),
                  severity=value(row, "severity"), variant=value(row, "variant"),
                  args={c: row[i] for c, i in extra})


def findings(execute: Callable[[str], tuple[list[str], Iterator[tuple]]], rules: Iterable[Rule],
             params: Parameters, as_of: date, lang: str,
             progress: Callable[[str, int], None] | None = None) -> Iterator[tuple[Rule, Finding]]:
    """(rule, finding) of each set-wise rule in ``rules``, rule by rule in ID order.

    ``execute(sql)`` runs one query on an engine and returns (column names, row iterator);
    ``progress(rule_id, rows_so_far)`` is told as rows arrive.
    """
    for rule in rules:
        if rule.id not in QUERIES:
            continue
        sql = sql_of(rule, params, as_of)
        if sql is None:
            continue
        columns, rows = execute(sql)
        n = 0
        for hit in hits(columns, rows):
            n += 1
            if progress is not None and n % BATCH == 0:
                progress(rule.id, n)
            yield rule, stamp(rule, hit, lang)
        if progress is not None:
            progress(rule.id, n)


def duckdb_executor(con: Any) -> Callable[[str], tuple[list[str], Iterator[tuple]]]:
    """``execute`` for :func:`findings` over a DuckDB connection, fetching in batches."""
    def execute(sql: str) -> tuple[list[str], Iterator[tuple]]:
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description]

        def rows() -> Iterator[tuple]:
            while True:
                batch = cur.fetchmany(BATCH)
                if not batch:
                    return
                yield from batch
        return columns, rows()
    return execute
