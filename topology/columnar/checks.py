"""The document model's checks of a record's values, set-wise over the raw tables of a table set.

A table set's rows never pass through pydantic, so its rules are asked here, one query per
table, derived from the same models as :mod:`topology.columnar.layout`: the values an enum or
list may hold (per account type), the fields a type has and requires, the id and rule ID
patterns, the orders of dates, and which accounts may have broadcasts and bans. The types of the
cells are :mod:`topology.columnar.tables`' business (they are typed before these checks run).

Problems come out in row order, at most :data:`CAP` per table, then one "and N more".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import model as M
from ..errors import Problem
from ..problems import ID_PATTERN, RULE_ID_PATTERN
from . import layout as L
from .stage import lit

#: problems reported per table; the rest are counted
CAP = 100
TAGS: dict[str, str] = {"accounts": "type", "links": "kind"}
#: the account types that may have each nested table
HOLDERS: dict[str, tuple[str, ...]] = {
    nested: tuple(t for t, m in L.ACCOUNT_MODELS.items() if nested in m.model_fields) for nested in ("broadcasts", "bans")
}


def re2(pattern: str) -> str:
    """A pydantic (Rust ``regex``) pattern in RE2's syntax, as DuckDB's ``regexp_full_match`` reads it:
    ``\\uXXXX`` becomes ``\\x{XXXX}`` and ``\\s`` Unicode white space (RE2's is ASCII only)."""
    out = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: "\\x{" + m.group(1) + "}", pattern)
    return out.replace("\\s", "\\pZ\\t\\n\\x0b\\f\\r\\x{85}")


ID_RE2 = re2(ID_PATTERN)
RULE_RE2 = re2(RULE_ID_PATTERN)


_DATE = "'[0-9]{4}-[0-9]{2}-[0-9]{2}'"


def cell(fmt: str, kind: str, c: str) -> tuple[str, str]:
    """(typed value, bad) SQL of the cell ``c`` read as ``fmt`` (``csv``: text, ``json``: JSON)."""
    if fmt == "csv":
        v = c
        present = f"{v} IS NOT NULL"
        if kind == "bool":
            return f"lower({v}) = 'true'", f"{present} AND lower({v}) NOT IN ('true', 'false')"
        if kind == "int":
            return (f"TRY_CAST({v} AS BIGINT)",
                    f"{present} AND (NOT regexp_full_match({v}, '[+-]?[0-9]+') OR TRY_CAST({v} AS BIGINT) IS NULL)")
        if kind == "date":
            return (f"TRY_CAST({v} AS DATE)",
                    f"{present} AND (NOT regexp_full_match({v}, {_DATE}) OR TRY_CAST({v} AS DATE) IS NULL)")
        if kind == "list":
            return (f"CASE WHEN {v} = '[]' THEN []::VARCHAR[] ELSE list_transform(string_split({v}, "
                    f"{lit(L.LIST_SEPARATOR)}), lambda x: trim(x)) END"), "FALSE"
        return v, "FALSE"
    t = f"json_type({c})"
    present = f"{c} IS NOT NULL AND {t} <> 'NULL'"
    if kind == "bool":
        return f"CASE WHEN {t} = 'BOOLEAN' THEN CAST({c} AS BOOLEAN) END", f"{present} AND {t} <> 'BOOLEAN'"
    if kind == "int":
        value = f"CASE WHEN {t} IN ('BIGINT', 'UBIGINT') THEN TRY_CAST({c} AS BIGINT) END"
        return value, f"{present} AND {value} IS NULL"
    if kind == "list":
        ok = f"{t} = 'ARRAY' AND len(list_filter(json_type({c}, '$[*]'), lambda x: x <> 'VARCHAR')) = 0"
        return f"CASE WHEN {ok} THEN CAST({c} AS VARCHAR[]) END", f"{present} AND NOT ({ok})"
    text = f"CASE WHEN {t} = 'VARCHAR' THEN {c} ->> '$' END"
    if kind == "date":
        value = f"TRY_CAST(CASE WHEN regexp_full_match({text}, {_DATE}) THEN {text} END AS DATE)"
        return value, f"{present} AND {value} IS NULL"
    return text, f"{present} AND {t} <> 'VARCHAR'"


def models(table: str) -> dict[str, type]:
    """tag (``""`` for a table without one) → the model of its rows."""
    return {"accounts": L.ACCOUNT_MODELS, "links": L.LINK_MODELS}.get(table) or {
        "": {"subjects": M.Subject, "broadcasts": M.Broadcast, "bans": M.Ban}[table]}


def options_text(values: tuple[str, ...] | list[str]) -> str:
    """How pydantic lists a Literal's values: ``'a', 'b' or 'c'``."""
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


@dataclass(frozen=True)
class Check:
    """One thing a row may get wrong: ``bad`` (SQL, true on a bad row), ``count`` (SQL, how many
    problems the row has: more than one for a list) and ``explain(row)`` → (pointer tail, key, args)."""

    bad: str
    explain: Callable[[dict], list[tuple[tuple, str, dict]]]
    count: str | None = None
    #: the id pattern of a link's ``source`` or ``target``: an end that names an account needs no
    #: regex (that account's id passed it), so the DuckDB engine asks only the others (:data:`ENDS`)
    end: bool = False


def _in(values: Any) -> str:
    return "(" + ", ".join(lit(v) for v in sorted(values)) + ")"


def _q(c: str) -> str:
    return f'"{c}"'


def checks(table: str) -> list[Check]:
    """Every check of ``table``'s rows (the base relation of :func:`base_sql` has its columns)."""
    tag = TAGS.get(table)
    by_tag = models(table)
    cols = L.columns()[table]
    out: list[Check] = []
    if tag is not None:
        tags = tuple(by_tag)
        out.append(Check(f"{_q(tag)} IS NULL", lambda r, t=tag: [((t,), "missing", {})]))
        out.append(Check(f"{_q(tag)} NOT IN {_in(tags)}", lambda r, t=tag, e=tags: [
            ((t,), "unknown_tag", {"field": t, "given": repr(r[t]), "expected": ", ".join(map(repr, e))})]))
    for name, col in cols.items():
        if name == tag or (name == "account" and table in HOLDERS):
            if name == "account":
                out.append(Check('"account" IS NULL', lambda r: [(("account",), "missing", {})]))
                out.append(_value_check(table, name, col, "TRUE", None))
            continue
        having = {t for t, m in by_tag.items() if name in m.model_fields}
        requiring = {t for t in having if by_tag[t].model_fields[name].is_required()}
        c = _q(name)
        if tag is None:
            where = "TRUE"
            if requiring:
                out.append(Check(f"{c} IS NULL", lambda r, n=name: [((n,), "missing", {})]))
        else:
            where = f"{_q(tag)} IN {_in(having)}"
            if requiring:
                out.append(Check(f"{c} IS NULL AND {_q(tag)} IN {_in(requiring)}", lambda r, n=name: [((n,), "missing", {})]))
            lacking = set(by_tag) - having
            if lacking:
                out.append(Check(f"{c} IS NOT NULL AND {_q(tag)} IN {_in(lacking)}", lambda r, n=name, t=tag: [
                    ((n,), "not_for_type", {"field": t, "tag": r[t], "column": n})]))
        check = _value_check(table, name, col, where, tag)
        if check is not None:
            out.append(check)
    if table == "bans":
        out.append(Check('"end" < "start"', lambda r: [(("end",), "ban_order", {"end": r["end"], "start": r["start"]})]))
    if table == "links":
        out.append(Check("kind = 'mini_program' AND unlinked_on < linked_on", lambda r: [
            (("unlinked_on",), "unlink_order", {"end": r["unlinked_on"], "start": r["linked_on"]})]))
    if table in HOLDERS:
        out.append(Check('"account" IS NOT NULL AND owner_type IS NULL', lambda r: [
            (("account",), "unknown_owner", {"given": repr(r["account"])})]))
        out.append(Check(f"owner_type NOT IN {_in(HOLDERS[table])}", lambda r, t=table: [
            (("account",), "cannot_hold", {"given": repr(r["account"]), "type": r["owner_type"], "table": t})]))
    return out


def _value_check(table: str, name: str, col: L.Column, where: str, tag: str | None) -> Check | None:
    """The check of a present value's content (id pattern, enum, list items, minimum), on the rows
    whose type has the column."""
    c = _q(name)
    if col.kind == "id":
        return Check(f"{c} IS NOT NULL AND {where} AND NOT regexp_full_match({c}, {lit(ID_RE2)})", lambda r, n=name: [
            ((n,), "not_empty", {}) if r[n] == "" else ((n,), "bad_id", {"given": repr(r[n])})],
            end=table == "links" and name in ("source", "target"))
    if col.kind == "int":
        return Check(f"{c} < 1 AND {where}", lambda r, n=name: [((n,), "too_small", {"minimum": 1, "given": repr(r[n])})])
    if col.kind == "enum" or (col.kind == "list" and name != "ignore"):
        allowed = _allowed_values(table, name, col)
        if not allowed:
            return None
        if col.kind == "enum":
            test = lambda v, s: f"{v} NOT IN {_in(s)}"  # noqa: E731
        else:
            test = lambda v, s: f"len(list_filter({v}, lambda x: x IS NULL OR x NOT IN {_in(s)}))"  # noqa: E731
        if tag is None or len({tuple(s) for s in allowed.values()}) == 1:
            bad = test(c, next(iter(allowed.values())))
        else:
            bad = "CASE " + _q(tag) + " " + " ".join(f"WHEN {lit(t)} THEN {test(c, s)}" for t, s in
                                                     sorted(allowed.items())) + " END"
        if col.kind == "enum":
            return Check(f"{c} IS NOT NULL AND {where} AND {bad}", lambda r, n=name, a=allowed, t=tag: [
                ((n,), "bad_choice", _choice(r[n], a[r[t] if t else ""]))])
        return Check(f"{c} IS NOT NULL AND {where} AND {bad} > 0", lambda r, n=name, a=allowed, t=tag: [
            ((n, i), "bad_choice", _choice(v, a[r[t] if t else ""])) for i, v in enumerate(r[n])
            if v not in a[r[t] if t else ""]], count=f"CASE WHEN {c} IS NOT NULL AND {where} THEN {bad} ELSE 0 END")
    if name == "ignore":
        bad = f"len(list_filter({c}, lambda x: x IS NULL OR NOT regexp_full_match(x, {lit(RULE_RE2)})))"
        return Check(f"{c} IS NOT NULL AND {where} AND {bad} > 0", lambda r, n=name: [
            ((n, i), "bad_rule_id", {"given": repr(v)}) for i, v in enumerate(r[n])
            if v is None or not re.fullmatch(RULE_ID_PATTERN, v)], count=f"CASE WHEN {c} IS NOT NULL THEN {bad} ELSE 0 END")
    return None


def _allowed_values(table: str, name: str, col: L.Column) -> dict[str, tuple[str, ...]]:
    """tag → the values ``name`` may hold on a row of that tag."""
    if col.values is not None:
        return {t: col.values for t in models(table)}
    return {t: fields[name] for t, fields in L.choices(table).items() if name in fields}


def _choice(given: Any, allowed: tuple[str, ...]) -> dict:
    return {"given": repr(given), "expected": options_text(allowed), "options": [repr(v) for v in allowed]}


def base_sql(table: str) -> str:
    """The rows the checks read: ``raw_<table>``, and for broadcasts and bans the type of the
    account they belong to (``owner_type``: NULL when no account has the id, or ``account_row``
    names no row of that id)."""
    if table not in HOLDERS:
        return f"SELECT * FROM raw_{table}"
    return f"""SELECT r.*, CASE WHEN r.account_row IS NULL THEN o.type WHEN a.id = r.account THEN a.type END AS owner_type
               FROM raw_{table} r
               LEFT JOIN (SELECT id, arg_min(type, row) AS type FROM raw_accounts GROUP BY id) o ON o.id = r.account
               LEFT JOIN raw_accounts a ON a.row = r.account_row"""


#: the link ends no account has (the rows :data:`Check.end` checks are asked of, once ``elinks``
#: exists: see :mod:`.views`)
ENDS = "(SELECT * FROM elinks WHERE source_type IS NULL OR target_type IS NULL)"


def problems(con: Any, table: str, file: str, cap: int = CAP, ends: bool | None = True) -> list[Problem]:
    """The problems of ``raw_<table>``'s values (at most ``cap``, then "and N more"), each placed
    in ``file`` at its row and column. ``ends``: False leaves out the :data:`Check.end` checks,
    None asks only them, of the rows of :data:`ENDS`."""
    if ends is None:
        return _problems(con, table, ENDS, file, cap, [c for c in checks(table) if c.end])
    if not con.execute(f"SELECT EXISTS (SELECT 1 FROM raw_{table})").fetchone()[0]:
        return []  # an optional table left out: no need to join the accounts
    found = [c for c in checks(table) if ends or not c.end]
    base = f"({base_sql(table)})"
    if table in HOLDERS:  # joined with the accounts once, not once per check
        con.execute(f"CREATE OR REPLACE TEMP TABLE checked_{table} AS {base_sql(table)}")
        base = f"checked_{table}"
    try:
        return _problems(con, table, base, file, cap, found)
    finally:
        if table in HOLDERS:
            con.execute(f"DROP TABLE IF EXISTS checked_{table}")


def _problems(con: Any, table: str, base: str, file: str, cap: int, found: list[Check]) -> list[Problem]:
    if not found:
        return []
    # one filter per check, not one expression per row: each filter alone is pushed into the scan
    # (a Parquet row group whose statistics rule it out is skipped) and only its columns are read
    each = " UNION ALL ".join(f"SELECT row, {i} AS i FROM {base} b WHERE {c.bad}" for i, c in enumerate(found))
    hits = con.execute(f"""SELECT row, list_sort(list(i)) FROM ({each}) GROUP BY row
                           ORDER BY row LIMIT {cap + 1}""").fetchall()
    if not hits:
        return []
    cur = con.execute(f"SELECT * FROM {base} b WHERE row IN ({', '.join(str(r) for r, _ in hits)})")
    names = [d[0] for d in cur.description]
    rows = {r["row"]: r for r in (dict(zip(names, values)) for values in cur.fetchall())}
    out: list[Problem] = []
    for row, indexes in hits:
        for i in indexes:
            for tail, key, args in found[i].explain(rows[row]):
                out.append(cell_problem(table, row, tail, key, args, file))
    if len(out) > cap or len(hits) > cap:
        total = con.execute("SELECT sum(" + " + ".join(
            c.count or f"CASE WHEN coalesce({c.bad}, FALSE) THEN 1 ELSE 0 END" for c in found)
            + f") FROM {base} b").fetchone()[0]
        out = out[:cap] + [more(table, int(total) - cap, file)]
    return out


def any_problem(con: Any, table: str) -> bool:
    """Whether any row of ``raw_<table>`` fails a check (a document's fast path: the details
    come from the in-memory loader)."""
    anyone = " OR ".join(f"coalesce({c.bad}, FALSE)" for c in checks(table))
    return bool(con.execute(f"SELECT EXISTS (SELECT 1 FROM ({base_sql(table)}) b WHERE {anyone})").fetchone()[0])


def cell_problem(table: str, row: int | None, tail: tuple, key: str, args: dict, file: str) -> Problem:
    """A problem at ``/table/row/tail…``, placed for people at row ``row + 1`` and the column
    ``tail[0]``."""
    parts = [table] + ([str(row)] if row is not None else []) + [str(t) for t in tail]
    pointer = "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
    return Problem.of(pointer, key, args).at(file, None if row is None else row + 1, str(tail[0]) if tail else None)


def more(table: str, n: int, file: str) -> Problem:
    """"and N more problems in this table"."""
    return Problem.of(f"/{table}", "more_problems", {"n": n}).at(file)
