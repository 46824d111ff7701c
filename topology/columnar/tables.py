"""Reading a table set (and a JSON document) into the raw tables, with every problem named.

A table's file is read by DuckDB (``read_parquet``, ``read_csv`` with every cell as text,
``read_json_objects`` for JSON Lines), its cells typed by the layout (:mod:`.layout`) and
checked: first the shape (missing or unknown columns, Parquet columns of the wrong type), then
each cell's type (``yes`` for a boolean, ``2026-02-30`` for a date, a JSON string where a number
belongs), then the model's rules of values (:mod:`.checks`). Each problem names the table's file,
the row (1-based, a CSV header not counted: pointer index + 1) and the column.

In CSV an empty cell is absent (the field takes its default; ``""`` is the empty text), a boolean is ``true`` or ``false``
(any case), a list is ``;``-separated (items trimmed) and ``[]`` is the empty list. In JSON Lines
a ``null`` is absent. A Parquet directory's files are read in name order, its rows numbered on
across files. ``docs/table-sets.md`` says all this for users.

A JSON document read by the DuckDB engine (:func:`stage_document`) goes through the same
typing and checks; when anything is wrong it is read again by :func:`topology.load`, so that
its problems are the in-memory engine's exactly (with line and column). YAML is read by
:func:`topology.load` always.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..errors import DocumentError, Problem
from . import checks, stage
from . import layout as L
from .checks import cell, cell_problem, more
from .stage import lit

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    import duckdb

#: DuckDB types a Parquet column of each kind may have (cast without loss)
PARQUET_TYPES: dict[str, tuple[str, ...]] = {
    "id": ("VARCHAR",), "text": ("VARCHAR",), "enum": ("VARCHAR",), "bool": ("BOOLEAN",), "date": ("DATE",),
    "int": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"),
    "list": ("VARCHAR[]",),
}
#: what a cell of each kind must be (a key of ``TERMS["json_expected"]``)
EXPECTED = {"id": "string", "text": "string", "enum": "string", "bool": "boolean", "int": "integer",
            "date": "date", "list": "array"}


def _q(c: str) -> str:
    return '"' + c.replace('"', '""') + '"'


def extra_columns(table: str) -> dict[str, L.Column]:
    """Columns a table's file may have besides the layout's: ``account_row`` of broadcasts and
    bans (which definition of a duplicated account id; written by ``wxtopo convert``)."""
    return {"account_row": L.Column("account_row", "int")} if table in checks.HOLDERS else {}


def cell_problem_of(fmt: str, kind: str, table: str, row: int, column: str, text: str, file: str) -> Problem:
    """The problem of a cell whose value does not have its column's type (``text`` as read)."""
    if fmt == "csv":
        if kind == "date":
            return cell_problem(table, row, (column,), "bad_date_bare", {"given": repr(text)}, file)
        return cell_problem(table, row, (column,), "bad_value", {"given": repr(text), "expected": EXPECTED[kind]}, file)
    import orjson

    from ..problems import json_kind

    value = orjson.loads(text)
    if kind == "date" and isinstance(value, str):
        return cell_problem(table, row, (column,), "bad_date_bare", {"given": repr(value)}, file)
    if kind == "list" and isinstance(value, list):
        i = next(i for i, v in enumerate(value) if not isinstance(v, str))
        return cell_problem(table, row, (column, i), "wrong_type", {"expected": "string", "got": json_kind(value[i])},
                            file)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return cell_problem(table, row, (column,), "integer_range", {}, file)
    return cell_problem(table, row, (column,), "wrong_type", {"expected": EXPECTED[kind], "got": json_kind(value)}, file)


# -- a table set --------------------------------------------------------------------------------
def stage_table_set(con: duckdb.DuckDBPyConnection, root: str | Path, defer_ends: bool = False) -> list[Problem]:
    """Create ``raw_<table>`` for every table of the set at ``root``; the problems found (none:
    every raw table holds valid rows). ``defer_ends``: when nothing else is wrong, leave the id
    pattern of the links' ends unchecked; the caller asks it of the ends no account has, once
    ``elinks`` exists (``checks.problems(..., ends=None)``)."""
    root = Path(root)
    problems: list[Problem] = []
    clean: list[str] = []
    for table in L.TABLES:
        path = L.locate(root, table)
        if path is None:
            if table in L.REQUIRED:
                problems.append(Problem.of(f"/{table}", "missing_table", {"table": table}).at(str(root / table)))
            else:
                stage.empty_table(con, table)
                clean.append(table)
            continue
        found = stage_table(con, table, path)
        problems += found
        if not found:
            clean.append(table)
    checked: dict[str, list[Problem]] = {}
    deferred = defer_ends and "links" in clean
    for table in clean:
        if table not in checks.HOLDERS or "accounts" in clean:
            checked[table] = checks.problems(con, table, _file(root, table), ends=not (deferred and table == "links"))
    if deferred and (problems or any(checked.values())):  # something is wrong: name every problem now
        checked["links"] = checks.problems(con, "links", _file(root, "links"))
    return problems + [p for table in clean for p in checked.get(table, ())]


def _file(root: Path, table: str) -> str:
    located = L.locate(root, table)
    return str(located if located is not None else root / table)


def _source(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, str, dict[str, str]]:
    """(format, SELECT of ``row`` and the file's columns, column → DuckDB type) of a table's file."""
    if path.is_dir() or path.suffix == ".parquet":
        files = sorted(str(p) for p in path.rglob("*.parquet")) if path.is_dir() else [str(path)]
        if not files:
            return "parquet", "", {}
        listed = "[" + ", ".join(lit(f) for f in files) + "]"
        read = f"read_parquet({listed}, file_row_number = true, filename = true, union_by_name = true)"
        if len(files) == 1:
            select = f"SELECT file_row_number AS row, * EXCLUDE (file_row_number, filename) FROM {read}"
        else:
            offsets = con.execute(f"SELECT file_name, num_rows FROM parquet_file_metadata({listed})").fetchall()
            counts = dict(offsets)
            start, at = 0, []
            for f in files:
                at.append(f"({lit(f)}, {start})")
                start += counts.get(f, 0)
            select = (f"SELECT p.file_row_number + o.start AS row, p.* EXCLUDE (file_row_number, filename) FROM {read} p "
                      f"JOIN (VALUES {', '.join(at)}) o(name, start) ON o.name = p.filename")
        fmt = "parquet"
    elif path.suffix == ".csv":
        if path.stat().st_size == 0:
            return "csv", "", {}
        select = (f"SELECT ordinality - 1 AS row, * EXCLUDE (ordinality) FROM read_csv({lit(str(path))}, "
                  "all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"', "
                  "allow_quoted_nulls = false) WITH ORDINALITY")
        fmt = "csv"
    else:
        select = (f"SELECT ordinality - 1 AS row, json AS obj FROM read_json_objects({lit(str(path))}, "
                  "format = 'newline_delimited', maximum_object_size = 1073741824) WITH ORDINALITY")
        return "json", select, {}
    described = con.execute(f"DESCRIBE SELECT * FROM ({select}) LIMIT 0").fetchall()
    return fmt, select, {name: str(kind) for name, kind, *_ in described if name != "row"}


def _headed(table: str, select: str, types: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A CSV's columns under their field names: a Chinese header (主体) read as its field
    (:mod:`.headers`); a header whose field another column already has is left for :func:`_shape`."""
    from .headers import canonical

    names = {c: canonical(table, c) for c in types}
    taken = [n for c, n in names.items() if n == c]
    for c, n in names.items():
        if n != c:
            names[c] = c if n in taken else n
            taken.append(names[c])
    if all(n == c for c, n in names.items()):
        return select, types
    cols = ", ".join(f"{_q(c)} AS {_q(n)}" for c, n in names.items())
    return f"SELECT row, {cols} FROM ({select}) h", {names[c]: t for c, t in types.items()}


def stage_table(con: duckdb.DuckDBPyConnection, table: str, path: Path, cap: int = checks.CAP) -> list[Problem]:
    """``raw_<table>`` from one table's file (or Parquet directory); its shape and type problems."""
    import duckdb

    file = str(path)
    try:
        fmt, select, types = _source(con, path)
        if fmt == "csv" and select:
            select, types = _headed(table, select, types)
        if fmt == "json":
            return _stage_json_lines(con, table, select, file, cap)
    except duckdb.Error as exc:
        return [Problem.of(f"/{table}", "bad_table", {"detail": _first_line(exc)}).at(file)]
    if not select:
        stage.empty_table(con, table)
        return []
    return _stage_columns(con, table, fmt, select, types, file, cap)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _shape(table: str, present: list[str], file: str) -> list[Problem]:
    """Missing required columns and unknown columns of a table whose columns are ``present``."""
    known = {**L.columns()[table], **extra_columns(table)}
    out = [Problem.of(f"/{table}", "missing_column", {"column": c}).at(file, None, c)
           for c, col in L.columns()[table].items() if col.required and c not in present]
    out += [Problem.of(f"/{table}", "unknown_column", {"column": c}).at(file, None, c)
            for c in present if c not in known]
    return out


def _stage_columns(con: duckdb.DuckDBPyConnection, table: str, fmt: str, select: str, types: dict[str, str],
                   file: str, cap: int) -> list[Problem]:
    """A CSV or Parquet table: shape, types, then ``raw_<table>``."""
    import duckdb

    problems = _shape(table, list(types), file)
    known = {**L.columns()[table], **extra_columns(table)}
    if fmt == "parquet":
        for c, t in types.items():
            if c in known and t not in PARQUET_TYPES[known[c].kind]:
                expected = " or ".join(PARQUET_TYPES[known[c].kind][:4])
                problems.append(Problem.of(f"/{table}", "column_type", {"column": c, "got": t, "expected": expected})
                                .at(file, None, c))
    if problems:
        return problems
    values: dict[str, str] = {}
    bad: list[tuple[str, str, str]] = []  # (column, bad SQL, kind)
    for c, col in known.items():
        if c not in types:
            continue
        if fmt == "parquet":
            values[c] = _q(c)
            continue
        value, is_bad = cell("csv", col.kind, _q(c))
        values[c] = value
        if is_bad != "FALSE":
            bad.append((c, is_bad, col.kind))
    try:
        problems = _cast_problems(con, table, "csv", select, bad, file, cap) if bad else []
        if not problems:
            _create_raw(con, table, select, values, view=fmt == "parquet")
    except duckdb.Error as exc:
        return [Problem.of(f"/{table}", "bad_table", {"detail": _first_line(exc)}).at(file)]
    return problems


def _cast_problems(con: duckdb.DuckDBPyConnection, table: str, fmt: str, select: str,
                   bad: list[tuple[str, str, str]], file: str, cap: int) -> list[Problem]:
    """The cells of ``select``'s rows that do not have their column's type (at most ``cap``)."""
    flags = ", ".join(f"CASE WHEN {b} THEN {i} END" for i, (_, b, _) in enumerate(bad))
    texts = ", ".join(f"CAST({_q(c)} AS VARCHAR)" for c, _, _ in bad)
    anyone = " OR ".join(f"({b})" for _, b, _ in bad)
    hits = con.execute(f"""SELECT row, list_filter([{flags}], lambda x: x IS NOT NULL), [{texts}] FROM ({select}) s
                           WHERE {anyone} ORDER BY row LIMIT {cap + 1}""").fetchall()
    out = [cell_problem_of(fmt, bad[i][2], table, row, bad[i][0], text[i], file)
           for row, flags_, text in hits for i in flags_]
    if len(out) > cap:
        total = con.execute("SELECT " + " + ".join(f"count(*) FILTER (WHERE {b})" for _, b, _ in bad)
                            + f" FROM ({select}) s").fetchone()[0]
        out = out[:cap] + [more(table, int(total) - cap, file)]
    return out


def _create_raw(con: duckdb.DuckDBPyConnection, table: str, select: str, values: dict[str, str],
                view: bool = False) -> None:
    """``raw_<table>`` with exactly :func:`stage.raw_schema`'s columns, absent ones NULL; a view
    over Parquet (scanned again rather than copied: 10^7 rows take seconds to copy)."""
    cols = ", ".join(f"CAST({values[c]} AS {t}) AS {_q(c)}" if c in values else f"CAST(NULL AS {t}) AS {_q(c)}"
                     for c, t in stage.raw_schema(table).items() if c != "row")
    con.execute(f"CREATE OR REPLACE {'VIEW' if view else 'TABLE'} raw_{table} AS "
                f"SELECT CAST(row AS BIGINT) AS row, {cols} FROM ({select}) s")


def _stage_json_lines(con: duckdb.DuckDBPyConnection, table: str, select: str, file: str, cap: int) -> list[Problem]:
    """A JSON Lines table: each line an object without duplicate keys; its keys the columns."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE src_{table} AS {select}")
    src = f"src_{table}"
    problems = [cell_problem(table, row, (), "not_object", {}, file) for (row,) in con.execute(
        f"SELECT row FROM {src} WHERE json_type(obj) <> 'OBJECT' ORDER BY row LIMIT {cap}").fetchall()]
    problems += [cell_problem(table, row, (), "duplicate_key", {"key": key}, file) for row, key in con.execute(
        f"""SELECT row, list_filter(k, lambda x, i: list_position(k, x) < i)[1] FROM
            (SELECT row, json_keys(obj) AS k FROM {src} WHERE json_type(obj) = 'OBJECT')
            WHERE len(k) <> len(list_distinct(k)) ORDER BY row LIMIT {cap}""").fetchall()]
    known = {**L.columns()[table], **extra_columns(table)}
    keys = dict(con.execute(f"""SELECT k, min(row) FROM (SELECT row, unnest(json_keys(obj)) AS k FROM {src}
                                WHERE json_type(obj) = 'OBJECT') GROUP BY k""").fetchall())
    problems += [cell_problem(table, row, (k,), "unknown_column", {"column": k}, file)
                 for k, row in sorted(keys.items(), key=lambda kv: kv[1]) if k not in known]
    if problems:
        con.execute(f"DROP TABLE {src}")
        return problems[:cap]
    columns = [c for c in known if c in keys]
    paths = ", ".join(lit(f'$."{c}"') for c in columns)
    typed = ("SELECT row, " + ", ".join(f"v[{i + 1}] AS {_q(c)}" for i, c in enumerate(columns))
             + f" FROM (SELECT row, json_extract(obj, [{paths}]) AS v FROM {src})") if columns else f"SELECT row FROM {src}"
    values, bad = {}, []
    for c in columns:
        value, is_bad = cell("json", known[c].kind, _q(c))
        values[c] = value
        bad.append((c, is_bad, known[c].kind))
    con.execute(f"CREATE OR REPLACE TEMP TABLE typed_{table} AS {typed}")
    con.execute(f"DROP TABLE {src}")
    try:
        problems = _cast_problems(con, table, "json", f"SELECT * FROM typed_{table}", bad, file, cap) if bad else []
        if not problems:
            _create_raw(con, table, f"SELECT * FROM typed_{table}", values)
    finally:
        con.execute(f"DROP TABLE typed_{table}")
    return problems


# -- the header, and a document --------------------------------------------------------------------
def read_header(path: str | Path) -> tuple[Any, str | None]:
    """(as_of, name) of a table set's ``ecosystem.json`` ((None, None) without one): an object with
    ``schema_version`` 1 and optionally ``as_of`` (a date) and ``name`` (text), nothing else."""
    from datetime import date

    from ..loader import read_data
    from ..problems import json_kind, located

    path = Path(path)
    if not path.exists():
        return None, None
    data, source = read_data(str(path))
    found: list = []
    if not isinstance(data, dict):
        raise DocumentError(located(source, [("", ("not_object", {}), None)]), source.name)
    for key in data:
        if key not in L.DOCUMENT_FIELDS:
            found.append((f"/{key}", ("unknown_field", {}), None))
    version = data.get("schema_version")
    if "schema_version" not in data:
        found.append(("/schema_version", ("missing", {}), None))
    elif not isinstance(version, int) or isinstance(version, bool):
        found.append(("/schema_version", ("wrong_type", {"expected": "integer", "got": json_kind(version)}), None))
    elif version != 1:
        found.append(("/schema_version", ("schema_version", {"given": version, "supported": 1}), None))
    name, as_of = data.get("name"), data.get("as_of")
    if name is not None and not isinstance(name, str):
        found.append(("/name", ("wrong_type", {"expected": "string", "got": json_kind(name)}), None))
    when = None
    if as_of is not None:
        if not isinstance(as_of, str):
            found.append(("/as_of", ("wrong_type", {"expected": "date", "got": json_kind(as_of)}), None))
        else:
            try:
                when = date.fromisoformat(as_of) if len(as_of) == 10 else None
            except ValueError:
                when = None
            if when is None:
                found.append(("/as_of", ("bad_date_bare", {"given": repr(as_of)}), None))
    if found:
        raise DocumentError(located(source, found), source.name)
    return when, name


def stage_document(con: duckdb.DuckDBPyConnection, path: str | Path) -> list[Problem]:
    """``raw_<table>`` and ``raw_document`` (as_of, name) from a document: JSON through DuckDB's
    JSON reader (:mod:`.jsondoc`), YAML (or JSON that fails any check) through
    :func:`topology.load`, whose problems are returned as they are."""
    from .jsondoc import read_json_document

    if Path(path).suffix.lower() not in (".yaml", ".yml") and read_json_document(con, Path(path)):
        return []
    from ..document import load

    try:
        eco = load(str(path))
    except DocumentError as exc:
        return list(exc.problems)
    try:
        with tempfile.TemporaryDirectory(prefix="wxtopo-") as tmp:
            stage.stage_rows(con, stage.rows_of(eco), Path(tmp))
    except DocumentError as exc:  # valid, but beyond what the tables hold (a 65-bit integer)
        return list(exc.problems)
    con.execute("CREATE OR REPLACE TABLE raw_document AS SELECT CAST(? AS DATE) AS as_of, CAST(? AS VARCHAR) AS name",
                [eco.as_of, eco.name])
    return []
