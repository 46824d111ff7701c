"""Records into DuckDB: the raw tables (``raw_<table>``) and the canonical ones the rules read.

Two ways in, one shape out:

- :func:`stage_ecosystem`: a loaded document (its rows written as JSON Lines by orjson and read
  back by DuckDB's JSON reader, typed by the layout);
- :func:`topology.columnar.tables.stage_table_set`: the files of a table set.

Each raw table has a ``row`` column (0-based position in its table, the document's array
index) and the layout's columns in SQL types, NULL where the record left the field out.
:func:`canonical` then builds the tables the rules query (``subjects``, ``accounts``,
``links``, ``broadcasts``, ``bans``), each value defaulted as the document model defaults it
for the record's own type.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from . import layout as L

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    import duckdb

    from ..model import Ecosystem


def lit(value: Any) -> str:
    """A SQL literal (DuckDB syntax, which sqlglot carries to Spark SQL).

    >>> lit("it's"), lit(None), lit(True), lit(3), lit(["a", "b"]), lit(date(2026, 1, 2))
    ("'it''s'", 'NULL', 'TRUE', '3', "['a', 'b']", "DATE '2026-01-02'")
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "[" + ", ".join(lit(v) for v in items) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def raw_schema(table: str) -> dict[str, str]:
    """column → SQL type of ``raw_<table>`` (``row`` first; ``account_row`` on the nested tables:
    which account definition a broadcast or ban belongs to, NULL: the first of its id)."""
    out = {"row": "BIGINT"}
    out.update({c.name: c.sql_type for c in L.columns()[table].values()})
    if table in ("broadcasts", "bans"):
        out["account_row"] = "BIGINT"
    return out


def rows_of(eco: Ecosystem) -> dict[str, Iterator[dict[str, Any]]]:
    """The document's records as table rows: only the fields the document gives (the rest take
    their defaults when read), broadcasts and bans flattened with their account's id and row."""
    def plain(model: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {k: getattr(model, k) for k in model.model_fields_set if k not in skip}

    def nested(field: str) -> Iterator[dict[str, Any]]:
        for i, a in enumerate(eco.accounts):
            for j, item in enumerate(getattr(a, field, None) or ()):
                yield {"account": a.id, "account_row": i, "idx": j, **plain(item)}

    return {
        "subjects": (plain(s) for s in eco.subjects),
        "accounts": (plain(a, ("bans", "broadcasts")) for a in eco.accounts),
        "links": (plain(x) for x in eco.links),
        "broadcasts": nested("broadcasts"),
        "bans": nested("bans"),
    }


def _default_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def stage_rows(con: duckdb.DuckDBPyConnection, rows: dict[str, Iterator[dict[str, Any]]], tmp: Path) -> None:
    """``raw_<table>`` from Python rows, through a JSON Lines file per table in ``tmp``."""
    import orjson

    from ..errors import DocumentError, Problem

    problems: list[Problem] = []
    for table in L.TABLES:
        path = tmp / f"{table}.jsonl"
        with open(path, "wb") as out:
            for i, row in enumerate(rows.get(table, ())):
                row["row"] = i
                for k, v in row.items():
                    if type(v) is int and not -BIGINT <= v < BIGINT:  # the columnar tables' integers
                        problems.append(Problem.of(_pointer(table, row, k), "integer_range"))
                        row[k] = None
                out.write(orjson.dumps(row, default=_default_json) + b"\n")
        schema = raw_schema(table)
        columns = "{" + ", ".join(f"{lit(c)}: {lit(t)}" for c, t in schema.items()) + "}"
        if path.stat().st_size:
            con.execute(f"CREATE OR REPLACE TABLE raw_{table} AS SELECT {', '.join(_q(c) for c in schema)} "
                        f"FROM read_json({lit(str(path))}, format = 'newline_delimited', columns = {columns}, "
                        f"maximum_object_size = 1073741824) ORDER BY row")
        else:
            empty_table(con, table)
    if problems:
        raise DocumentError(problems)


#: the integers the columnar engines hold (64-bit, as DuckDB's BIGINT and Spark's long)
BIGINT = 2**63


def _pointer(table: str, row: dict[str, Any], field: str) -> str:
    if table in ("broadcasts", "bans"):
        return f"/accounts/{row['account_row']}/{table}/{row.get('idx', 0)}/{field}"
    return f"/{table}/{row['row']}/{field}"


def empty_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """An empty ``raw_<table>`` (an optional table the set leaves out)."""
    cols = ", ".join(f"{_q(c)} {t}" for c, t in raw_schema(table).items())
    con.execute(f"CREATE OR REPLACE TABLE raw_{table} ({cols})")


def _q(column: str) -> str:
    return f'"{column}"'


def stage_ecosystem(con: duckdb.DuckDBPyConnection, eco: Ecosystem) -> None:
    """Load a document (already read and checked by the model) into the raw and canonical tables."""
    with tempfile.TemporaryDirectory(prefix="wxtopo-") as tmp:
        stage_rows(con, rows_of(eco), Path(tmp))
    canonical(con)


def _defaulted(table: str, column: str) -> str:
    """The SQL of a column with its per-type default (by ``type`` or ``kind``)."""
    tag = {"accounts": "type", "links": "kind"}.get(table)
    defaults = {t: d[column] for t, d in L.allowed(table).items() if column in d}
    values = {t: v for t, v in defaults.items() if v is not None}
    c = _q(column)
    kind = L.columns()[table][column].kind
    if table == "links" and column == "status":
        return f"coalesce({c}, 'linked')"  # every kind: a link without a status stands, linked
    if not values or column in ("id", "type", "kind", "source", "target", "account"):
        return c
    if tag is None:
        (v,) = values.values()
        return f"coalesce({c}, {_typed(v, kind)})"
    distinct = {repr(v) for v in values.values()}
    if len(distinct) == 1 and set(values) == set(L.allowed(table)):
        return f"coalesce({c}, {_typed(next(iter(values.values())), kind)})"
    cases = " ".join(f"WHEN {lit(t)} THEN {_typed(v, kind)}" for t, v in values.items())
    return f"coalesce({c}, CASE {_q(tag)} {cases} END)"


def _typed(value: Any, kind: str) -> str:
    if kind == "list":
        return f"CAST({lit(value)} AS VARCHAR[])" if not value else lit(value)
    return lit(value)


def canonical_sql() -> list[tuple[str, str]]:
    """(table, SELECT) of the tables the rules query, from the raw ones: defaults applied,
    nested rows placed. DuckDB SQL, carried to Spark by sqlglot."""
    out = []
    for table in ("subjects", "accounts", "links"):
        cols = ", ".join(f"{_defaulted(table, c)} AS {_q(c)}" for c in L.columns()[table])
        out.append((table, f"SELECT row, {cols} FROM raw_{table}"))
    for table in ("broadcasts", "bans"):
        cols = ", ".join(f"{_defaulted(table, c)} AS {_q(c)}" for c in L.columns()[table])
        out.append((table, f"""
            WITH placed AS (
                SELECT r.*, coalesce(r.account_row, f.first_row) AS owner_row
                FROM raw_{table} r
                LEFT JOIN (SELECT id, min(row) AS first_row FROM raw_accounts GROUP BY id) f ON f.id = r.account)
            SELECT row, owner_row AS account_row,
                   row_number() OVER (PARTITION BY owner_row ORDER BY row) - 1 AS idx, {cols}
            FROM placed"""))
    return out


#: canonical tables left as views: ``links`` is read whole once, by the shared view ``elinks``
#: (:mod:`.views`), ``accounts`` by ``first_acct`` and a few columns of it by two rules, so copying
#: their rows first (10^7, 10^6) would only cost time and memory
VIEWS: tuple[str, ...] = ("accounts", "links")


def canonical(con: duckdb.DuckDBPyConnection) -> None:
    """Create the canonical tables on a DuckDB connection (:func:`canonical_sql`)."""
    for table, select in canonical_sql():
        con.execute(f"CREATE OR REPLACE {'VIEW' if table in VIEWS else 'TABLE'} {table} AS {select}")
