"""A JSON document into the raw tables through DuckDB's JSON reader, as strict as the model.

The document is read once as one JSON value; its arrays are unnested into one row per record,
each record's fields extracted with their JSON types checked (:func:`.tables.cell`), then the
model's rules of values asked set-wise (:mod:`.checks`). Only "is it valid?" is answered here:
a document that fails any check is read again by :func:`topology.load`, whose problems (with
line and column) are the in-memory engine's exactly. So a check here may be stricter than the
model (a date written some other way the model accepts), never looser.
"""

from __future__ import annotations

from pathlib import Path

from . import checks
from . import layout as L
from .stage import lit

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    import duckdb

TOP = ("$schema", "schema_version", "name", "as_of", "subjects", "accounts", "links")
NESTED = ("broadcasts", "bans")


def _q(c: str) -> str:
    return '"' + c + '"'


def _nullable(table: str) -> dict[str, set[str]]:
    """column → the tags (``""`` for an untagged table) on which a JSON ``null`` is allowed."""
    out: dict[str, set[str]] = {}
    for tag, model in checks.models(table).items():
        for name, field in model.model_fields.items():
            if type(None) in getattr(field.annotation, "__args__", ()):
                out.setdefault(name, set()).add(tag)
    return out


def read_json_document(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    """Stage the JSON document at ``path``; False (nothing promised about the raw tables) when
    anything about it is not certainly valid."""
    import duckdb

    from ..limits import max_input_size
    from ..loader import sniff_encoding

    try:
        if path.stat().st_size > max_input_size() or not path.is_file():
            return False
        with open(path, "rb") as fh:
            if sniff_encoding(fh.read(4)) != "utf-8":
                return False
        return _read(con, path)
    except (duckdb.Error, OSError):
        return False
    finally:
        for t in ("doc_json", *(f"src_{t}" for t in L.TABLES), *(f"typed_{t}" for t in L.TABLES)):
            try:
                con.execute(f"DROP TABLE IF EXISTS {t}")
            except duckdb.Error:  # pragma: no cover - a connection already broken
                pass


def _read(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    con.execute(f"""CREATE OR REPLACE TEMP TABLE doc_json AS SELECT json AS doc FROM read_json_objects(
                    {lit(str(path))}, format = 'unstructured', maximum_object_size = 2147483647)""")
    keys = ", ".join(lit(k) for k in TOP)
    arrays = " AND ".join(f"coalesce(json_type(doc, {lit('$.' + t)}), 'ARRAY') = 'ARRAY'" for t in L.REQUIRED)
    text = "coalesce(json_type(doc, {p}), 'NULL') IN ('NULL', 'VARCHAR')"
    ok = con.execute(f"""SELECT count(*) = 1 AND bool_and(
        json_type(doc) = 'OBJECT' AND len(json_keys(doc)) = len(list_distinct(json_keys(doc)))
        AND len(list_filter(json_keys(doc), lambda k: k NOT IN ({keys}))) = 0
        AND json_type(doc, '$.schema_version') IN ('BIGINT', 'UBIGINT') AND doc ->> '$.schema_version' = '1'
        AND {text.format(p=lit('$."$schema"'))} AND {text.format(p=lit('$.name'))}
        AND (coalesce(json_type(doc, '$.as_of'), 'NULL') = 'NULL' OR (json_type(doc, '$.as_of') = 'VARCHAR'
             AND regexp_full_match(doc ->> '$.as_of', '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
             AND TRY_CAST(doc ->> '$.as_of' AS DATE) IS NOT NULL))
        AND {arrays}) FROM doc_json""").fetchone()[0]
    if not ok:
        return False
    for table in L.REQUIRED:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE src_{table} AS
                        SELECT generate_subscripts(l, 1) - 1 AS row, unnest(l) AS obj, NULL::VARCHAR AS account,
                               NULL::BIGINT AS account_row
                        FROM (SELECT coalesce(json_extract(doc, {lit('$.' + table + '[*]')}), []) AS l FROM doc_json)""")
    for table in NESTED:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE src_{table} AS
                        SELECT row_number() OVER (ORDER BY account_row, idx) - 1 AS row, obj, account, account_row FROM (
                          SELECT generate_subscripts(l, 1) AS idx, unnest(l) AS obj, account, account_row FROM (
                            SELECT row AS account_row, obj ->> '$.id' AS account,
                                   json_extract(obj, {lit('$.' + table + '[*]')}) AS l
                            FROM src_accounts WHERE json_type(obj, {lit('$.' + table)}) = 'ARRAY'))""")
    nested_ok = " AND ".join(  # an array, on a type that has the field (a subscription has no bans)
        f"(json_type(obj, {lit('$.' + t)}) IS NULL OR (json_type(obj, {lit('$.' + t)}) = 'ARRAY' "
        f"AND json_type(obj, '$.type') = 'VARCHAR' AND obj ->> '$.type' IN ({', '.join(map(lit, checks.HOLDERS[t]))})))"
        for t in NESTED)
    if con.execute(f"SELECT count(*) FROM src_accounts WHERE NOT coalesce({nested_ok}, FALSE)").fetchone()[0]:
        return False
    for table in L.TABLES:
        if not _table(con, table):
            return False
    for table in L.TABLES:
        if checks.any_problem(con, table):
            return False
    con.execute("""CREATE OR REPLACE TABLE raw_document AS SELECT TRY_CAST(doc ->> '$.as_of' AS DATE) AS as_of,
                   CASE WHEN json_type(doc, '$.name') = 'VARCHAR' THEN doc ->> '$.name' END AS name FROM doc_json""")
    return True


def _table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """``raw_<table>`` from ``src_<table>``'s objects, when every one is well formed and typed."""
    from .checks import cell

    columns = {c: col for c, col in L.columns()[table].items() if c != "account"}
    allowed = list(columns) + (list(NESTED) if table == "accounts" else [])
    src = f"src_{table}"
    keys = ", ".join(lit(k) for k in allowed)
    bad_shape = con.execute(f"""SELECT count(*) FROM {src} WHERE json_type(obj) <> 'OBJECT'
        OR len(json_keys(obj)) <> len(list_distinct(json_keys(obj)))
        OR len(list_filter(json_keys(obj), lambda k: k NOT IN ({keys}))) > 0""").fetchone()[0]
    if bad_shape:
        return False
    names = list(columns)
    paths = ", ".join(lit(f"$.{c}") for c in names)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE typed_{table} AS SELECT row, account, account_row,
                    {', '.join(f'v[{i + 1}] AS {_q(c)}' for i, c in enumerate(names))}
                    FROM (SELECT row, account, account_row, json_extract(obj, [{paths}]) AS v FROM {src})""")
    tag = checks.TAGS.get(table)
    nullable = _nullable(table)
    bad = []
    values = {"account": "account", "account_row": "account_row"}
    for c, col in columns.items():
        value, is_bad = cell("json", col.kind, _q(c))
        values[c] = value
        bad.append(is_bad)
        allowed_null = nullable.get(c, set())
        null = f"json_type({_q(c)}) = 'NULL'"
        if tag is None:
            if "" not in allowed_null:
                bad.append(null)
        else:
            tag_text = f"({_q(tag)} ->> '$')"
            bad.append(f"{null} AND coalesce({tag_text} NOT IN ({', '.join(lit(t) for t in sorted(allowed_null)) or 'NULL'}), TRUE)")
    if con.execute(f"SELECT count(*) FROM typed_{table} WHERE " + " OR ".join(f"coalesce({b}, FALSE)" for b in bad)
                   ).fetchone()[0]:
        return False
    from .stage import raw_schema

    cols = ", ".join(f"CAST({values[c]} AS {t}) AS {_q(c)}" for c, t in raw_schema(table).items() if c != "row")
    con.execute(f"CREATE OR REPLACE TABLE raw_{table} AS SELECT row, {cols} FROM typed_{table} ORDER BY row")
    return True
