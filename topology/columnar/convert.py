"""``wxtopo convert``: a document as a table set (Parquet, CSV or JSON Lines) and back.

Both directions go through the raw tables (:mod:`.stage`, :mod:`.tables`), so a table set
written here reads back into the same records: only the fields a record gives are written (an
absent field stays absent, and takes its default when read), and a broadcast or ban of the
second definition of a duplicated account id keeps its ``account_row``. Nothing is half-written:
a table set is written into a temporary directory beside the target and renamed into place; a
document is written by the caller (:class:`topology.outputs.Outputs`) or through a temporary file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import DocumentError, UsageError
from . import layout as L
from . import stage
from .stage import lit

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    import duckdb

    from ..model import Ecosystem

FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")
#: the order of a record's fields in a written document: identity first
_FIRST = ("id", "type", "kind", "source", "target", "subject", "primary", "name")


def _q(c: str) -> str:
    return f'"{c}"'


def _ecosystem(source: Ecosystem | str | Path) -> Ecosystem:
    from ..document import load
    from ..model import Ecosystem

    if isinstance(source, Ecosystem):
        return source
    path = Path(source)
    return parse_table_set(path) if path.is_dir() else load(str(path))


def parse_table_set(root: Path) -> Ecosystem:
    """The Ecosystem a table set holds (DocumentError naming table, row and column when it is bad)."""
    from ..document import load

    data = table_set_data(root)
    return load(data, name=str(root))


def to_table_set(source: Ecosystem | str | Path, out_dir: str | Path, fmt: str = "parquet") -> Path:
    """Write ``source`` (an Ecosystem, a document's path or a table set's directory) as a table set
    in ``out_dir`` (which must not exist, or be an empty directory); returns ``out_dir``."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown table format {fmt!r}; use one of: {', '.join(FORMATS)}")
    out = Path(out_dir)
    if isinstance(source, (str, Path)) and (_same(Path(source), out) or Path(source).resolve() in out.resolve().parents):
        raise UsageError(f"{out} would overwrite the input {source}; write the table set somewhere else")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} exists and is not an empty directory; not overwriting it")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: no such directory {out.parent}")
    eco = _ecosystem(source)
    import duckdb

    tmp = Path(tempfile.mkdtemp(prefix=f".wxtopo-{out.name}-", dir=out.parent))
    try:
        con = duckdb.connect(":memory:")
        try:
            with tempfile.TemporaryDirectory(prefix="wxtopo-") as scratch:
                stage.stage_rows(con, stage.rows_of(eco), Path(scratch))
            for table in L.TABLES:
                _write_table(con, table, tmp, fmt)
        finally:
            con.close()
        header: dict[str, Any] = {"schema_version": 1}
        if eco.name is not None:
            header["name"] = eco.name
        if eco.as_of is not None:
            header["as_of"] = eco.as_of.isoformat()
        import orjson

        (tmp / "ecosystem.json").write_bytes(orjson.dumps(header, option=orjson.OPT_INDENT_2) + b"\n")
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _write_table(con: duckdb.DuckDBPyConnection, table: str, where: Path, fmt: str) -> None:
    """One table's file: the columns some row gives (and the required ones), rows in order; an
    optional table with no rows is left out."""
    schema = stage.raw_schema(table)
    counts = con.execute("SELECT count(*), " + ", ".join(f"count({_q(c)})" for c in schema if c != "row")
                         + f" FROM raw_{table}").fetchone()
    if counts[0] == 0 and table not in L.REQUIRED:
        return
    required = {c for c, col in L.columns()[table].items() if col.required}
    names = [c for c, n in zip([c for c in schema if c != "row"], counts[1:]) if n or c in required]
    if "account_row" in names:  # only the rows of a later definition of a duplicated id need it
        later = con.execute(f"""SELECT count(*) FROM raw_{table} r JOIN (SELECT id, min(row) AS first FROM raw_accounts
                                GROUP BY id) f ON f.id = r.account WHERE r.account_row <> f.first""").fetchone()[0]
        if not later:
            names.remove("account_row")
    if fmt == "csv":
        cols = [_csv_cell(c, schema[c]) for c in names]
    else:
        cols = [_q(c) for c in names]
    select = f"SELECT {', '.join(cols) or 'NULL AS empty'} FROM raw_{table} ORDER BY row"
    target = where / f"{table}.{fmt}"
    if fmt == "jsonl" and counts[0] == 0:
        target.write_bytes(b"")
        return
    options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true",
               "jsonl": "FORMAT json"}[fmt]
    con.execute(f"COPY ({select}) TO {lit(str(target))} ({options})")


def _csv_cell(column: str, sql_type: str) -> str:
    c = _q(column)
    if sql_type.endswith("[]"):
        return f"CASE WHEN len({c}) = 0 THEN '[]' ELSE array_to_string({c}, {lit(L.LIST_SEPARATOR)}) END AS {c}"
    if sql_type == "BOOLEAN":
        return f"CASE WHEN {c} THEN 'true' WHEN NOT {c} THEN 'false' END AS {c}"
    return c


def table_set_data(root: str | Path) -> dict[str, Any]:
    """The document (as JSON values) a table set holds; DocumentError when the set is bad."""
    import duckdb

    from .tables import read_header, stage_table_set

    root = Path(root)
    con = duckdb.connect(":memory:")
    try:
        problems = stage_table_set(con, root)
        if problems:
            raise DocumentError(problems, str(root))
        as_of, name = read_header(root / "ecosystem.json")
        doc: dict[str, Any] = {"schema_version": 1}
        if name is not None:
            doc["name"] = name
        if as_of is not None:
            doc["as_of"] = as_of.isoformat()
        tables = {t: _records(con, t) for t in L.TABLES}
    finally:
        con.close()
    first: dict[str, int] = {}
    for i, a in enumerate(tables["accounts"]):
        first.setdefault(a["id"], i)
    for nested in ("broadcasts", "bans"):
        for item in tables[nested]:
            owner = item.pop("account_row", None)
            owner = first[item["account"]] if owner is None else owner
            del item["account"]
            tables["accounts"][owner].setdefault(nested, []).append(item)
    for table in ("subjects", "accounts", "links"):
        doc[table] = tables[table]
    return doc


def _records(con: duckdb.DuckDBPyConnection, table: str) -> list[dict[str, Any]]:
    """The rows of ``raw_<table>`` as records: NULL fields left out, dates as text, identity first."""
    cur = con.execute(f"SELECT * FROM raw_{table} ORDER BY row")
    names = [d[0] for d in cur.description]
    order = sorted((n for n in names if n != "row"), key=lambda n: (_FIRST.index(n) if n in _FIRST else len(_FIRST)))
    at = {n: i for i, n in enumerate(names)}
    out = []
    for values in cur.fetchall():
        record = {}
        for n in order:
            v = values[at[n]]
            if v is not None:
                record[n] = v.isoformat() if hasattr(v, "isoformat") else v
        out.append(record)
    return out


def document_bytes(root: str | Path) -> bytes:
    """The JSON document of a table set: indented, keys in a fixed order, deterministic."""
    import orjson

    return orjson.dumps(table_set_data(root), option=orjson.OPT_INDENT_2) + b"\n"


def to_document(table_set_dir: str | Path, out_file: str | Path) -> Path:
    """Write the table set at ``table_set_dir`` as one JSON document ``out_file`` (atomically)."""
    out = Path(out_file)
    root = Path(table_set_dir)
    if _same(root, out) or root.resolve() in out.resolve().parents:
        raise UsageError(f"{out} is inside the input {root}; write the document somewhere else")
    data = document_bytes(root)
    fd, tmp = tempfile.mkstemp(prefix=".wxtopo-", suffix=".tmp", dir=out.parent if str(out.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
