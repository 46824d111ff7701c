"""The Spark engine: the DuckDB engine's SQL, carried to Spark SQL by sqlglot, on a SparkSession.

Every query (the canonical tables, the shared views, each rule's query and ``validate``'s own
lookups) is written once in DuckDB's dialect; :func:`to_spark` transpiles it, with the few
rewrites sqlglot does not make itself (see there). The engine is the same interface as
:class:`~topology.columnar.duck.DuckEngine`, so :mod:`topology.columnar.validation` runs either.

Sessions: by default a local one (``master="local[2]"``), started here and stopped by
:meth:`SparkEngine.close`. A ``SparkSession`` the caller passes (a cluster's) is used through
``newSession()`` (its own temporary views and SQL settings, the caller's SparkContext) and is
never stopped; the tables cached for the run are uncached on close.

Table sets are read by Spark itself (the files must be visible to the executors: local mode, or
a shared file system). Their problems (missing columns, wrong types, unknown values) are found
first by a throwaway DuckDB engine on the driver, which reads the same local files with the same
checks as ``--engine duckdb``; only a clean set is read by Spark.

Order: a rule's query ends in :func:`topology.columnar.run.order_by`, which transpiles as is
(``list_transform`` with a lambda becomes ``TRANSFORM(..., t -> ...)``, DuckDB's NULLS LAST is
written out), and rows are fetched in that order (``toLocalIterator``, a partition at a time).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import layout as L
from . import stage, views

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ..errors import Problem
    from ..model import Ecosystem
    from ..ruleset import Parameters

#: list columns of the canonical tables and the rule queries' ``related``: ``len()`` of these is SIZE
LIST_COLUMNS: frozenset[str] = frozenset(
    {n for cols in L.columns().values() for n, c in cols.items() if c.kind == "list"} | {"related"})
#: the helper column sqlglot adds when it rewrites QUALIFY as a subquery (Spark before 4 has no QUALIFY)
_WINDOW_COLUMN = re.compile(r"_w(_\d+)?")
_SPARK_TYPES = {"BIGINT": "BIGINT", "BOOLEAN": "BOOLEAN", "DATE": "DATE", "VARCHAR": "STRING",
                "VARCHAR[]": "ARRAY<STRING>"}
_QUIET_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
logger.sqlcontext.name = org.apache.spark.sql.SQLQueryContextLogger
logger.sqlcontext.level = off
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
"""


@lru_cache(maxsize=1024)
def to_spark(sql: str) -> str:
    r"""``sql`` (DuckDB) as Spark SQL: ``sqlglot.transpile`` plus these rewrites, each a DuckDB
    construct sqlglot carries to something Spark reads differently or not at all:

    - a list slice ``x[a:]`` / ``x[a:b]`` (1-based, inclusive) becomes ``slice(x, a, n)``;
    - ``len(x)`` of a list (a list column, or a list-valued expression) becomes ``size(x)``
      (sqlglot makes every ``len`` a string LENGTH);
    - ``regexp_full_match(s, p)`` (RE2, whole string) becomes ``s RLIKE '^(?:p)\z'`` (Java regex,
      which reads the patterns the rules use, ``\x{XXXX}`` and ``\pZ`` included, the same way);
    - an index ``x[i]`` becomes ``try_element_at(x, i)`` (1-based, negatives from the end, NULL
      out of range, as DuckDB; Spark's brackets are 0-based, and sqlglot shifts only literals).

    >>> print(to_spark("SELECT x[2:] AS t, x[-1] AS u, x[i] AS v, len(ignore) AS n FROM links"))
    SELECT SLICE(x, 2, SIZE(x)) AS t, TRY_ELEMENT_AT(x, -1) AS u, TRY_ELEMENT_AT(x, i) AS v, SIZE(ignore) AS n FROM links
    >>> print(to_spark("SELECT regexp_full_match(t, '[0-9]+') FROM q"))
    SELECT t RLIKE '^(?:[0-9]+)\\z' FROM q
    """
    import sqlglot

    tree = sqlglot.parse_one(sql, read="duckdb")
    return tree.transform(_rewrite).sql(dialect="spark")


def _rewrite(node: Any) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        index = node.expressions[0]
        if isinstance(index, exp.Slice):
            start = index.this or exp.Literal.number(1)
            size = exp.ArraySize(this=node.this.copy())
            if index.expression is None:
                length: Any = size
            else:
                length = exp.paren(exp.Sub(this=index.expression.copy(),
                                           expression=exp.paren(exp.Sub(this=start.copy(),
                                                                        expression=exp.Literal.number(1)))))
            return exp.Anonymous(this="SLICE", expressions=[node.this.copy(), start.copy(), length])
        if not (isinstance(index, exp.Literal) and index.is_string):
            return exp.Anonymous(this="TRY_ELEMENT_AT", expressions=[node.this.copy(), _one_based(index)])
    if isinstance(node, exp.RegexpFullMatch):
        pattern = node.expression
        anchored = exp.Literal.string(f"^(?:{pattern.this})\\z") if isinstance(pattern, exp.Literal) else \
            exp.Concat(expressions=[exp.Literal.string("^(?:"), pattern.copy(), exp.Literal.string(")\\z")])
        return exp.RegexpLike(this=node.this.copy(), expression=anchored)
    if isinstance(node, exp.Length) and _is_list(node.this):
        return exp.ArraySize(this=node.this.copy())
    return node


def _one_based(index: Any) -> Any:
    """A list index as DuckDB wrote it: sqlglot stores a literal one 0-based (``x[1]`` as 0,
    ``x[-1]`` as -2), anything else as written."""
    from sqlglot import exp

    if isinstance(index, exp.Literal):
        return exp.Literal.number(int(index.this) + 1)
    if isinstance(index, exp.Neg) and isinstance(index.this, exp.Literal):
        return exp.Neg(this=exp.Literal.number(int(index.this.this) - 1))
    return index.copy()


def _is_list(node: Any) -> bool:
    from sqlglot import exp

    if isinstance(node, exp.Column):
        return node.name in LIST_COLUMNS
    list_valued = (exp.Array, exp.ArrayAgg, exp.Split, exp.ArraySort, exp.ArrayDistinct, exp.ArrayConcat,
                   exp.ArrayFilter, exp.Transform)
    if isinstance(node, list_valued):
        return True
    return isinstance(node, exp.Anonymous) and str(node.this).lower().startswith(("list_", "array_"))


def spark_schema(table: str) -> str:
    """``raw_<table>``'s schema as a Spark DDL string (:func:`~topology.columnar.stage.raw_schema`)."""
    return ", ".join(f"`{c}` {_SPARK_TYPES[t]}" for c, t in stage.raw_schema(table).items())


class SparkEngine:
    """One run on Spark: the records as temporary views of one session, queries run there."""

    name = "spark"

    def __init__(self, session: Any = None, master: str | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="wxtopo-spark-")
        self._cached: list[str] = []
        self._views: list[str] = []
        self._owned = False
        if session is None:
            session, self._owned = _start(master or "local[2]", Path(self._tmp.name))
        else:
            session = _own_views(session)
        self.spark = session
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")

    # -- loading ----------------------------------------------------------------------------
    def load_ecosystem(self, eco: Ecosystem) -> None:
        """Stage a loaded document: its rows as JSON Lines (local master) or from the driver."""
        rows = stage.rows_of(eco)
        if self._local():
            import orjson

            for table in L.TABLES:
                path = Path(self._tmp.name) / f"{table}.jsonl"
                with open(path, "wb") as out:
                    for i, row in enumerate(rows[table]):
                        row["row"] = i
                        out.write(orjson.dumps(row, default=_iso) + b"\n")
                df = self.spark.read.schema(spark_schema(table)).json(str(path)) if path.stat().st_size \
                    else self._empty(table)
                self._temp(df, f"raw_{table}")
        else:
            for table in L.TABLES:
                names = list(stage.raw_schema(table))
                data = [tuple(dict(r, row=i).get(c) for c in names) for i, r in enumerate(rows[table])]
                self._temp(self.spark.createDataFrame(data, spark_schema(table)), f"raw_{table}")
        self._document(eco.as_of, eco.name)
        self._canonical()

    def load_table_set(self, root: Path) -> list[Problem]:
        """Read a table set's files with Spark; the problems found (checked on the driver by
        DuckDB first, the same checks as ``--engine duckdb``)."""
        from .duck import DuckEngine

        with DuckEngine() as check:
            problems = check.load_table_set(root)
        if problems:
            return problems
        for table in L.TABLES:
            where = L.locate(root, table)
            self._temp(self._empty(table) if where is None else self._read(table, where), f"raw_{table}")
        self._canonical()
        return []

    def load_document(self, path: Path) -> list[Problem]:
        """Read a document as the memory engine does (:func:`topology.load`), then stage it."""
        from ..document import load
        from ..errors import DocumentError

        try:
            eco = load(str(path))
        except DocumentError as e:
            return list(e.problems)
        self.load_ecosystem(eco)
        return []

    def load_previous(self, eco: Ecosystem) -> None:
        """The previous document's accounts as ``prev_accounts`` (id, type, row): WX601's input."""
        data = [(a.id, a.type, i) for i, a in enumerate(eco.accounts)]
        self._temp(self.spark.createDataFrame(data, "id STRING, type STRING, row BIGINT"), "prev_accounts")

    def prepare(self, params: Parameters) -> None:
        """Create (and cache) the shared views for a ruleset's parameters."""
        for name, select in views.views(params):
            self._view(name, select, cache=name in ("acct", "elinks"))

    # -- queries ----------------------------------------------------------------------------
    def execute(self, sql: str) -> tuple[list[str], Iterator[tuple]]:
        """Run a query; (columns, rows as tuples, fetched a partition at a time)."""
        df = self._frame(sql)
        return list(df.columns), (tuple(r) for r in df.toLocalIterator())

    def rows(self, sql: str) -> list[tuple]:
        return [tuple(r) for r in self._frame(sql).collect()]

    def close(self) -> None:
        """Uncache this run's tables; stop the session only if this engine started it."""
        spark, self.spark = self.spark, None
        if spark is not None:
            try:
                for name in self._cached:
                    spark.catalog.uncacheTable(name)
                for name in self._views:
                    spark.catalog.dropTempView(name)
            except Exception:  # noqa: BLE001 - a stopped or broken session: nothing left to free
                pass
            if self._owned:
                spark.stop()
        self._tmp.cleanup()

    def __enter__(self) -> SparkEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- helpers ----------------------------------------------------------------------------
    def _frame(self, sql: str) -> Any:
        df = self.spark.sql(to_spark(sql))
        extra = [c for c in df.columns if _WINDOW_COLUMN.fullmatch(c)]
        return df.drop(*extra) if extra else df

    def _view(self, name: str, select: str, cache: bool) -> None:
        self._temp(self._frame(select), name)
        if cache:
            self.spark.catalog.cacheTable(name)
            self._cached.append(name)

    def _temp(self, df: Any, name: str) -> None:
        df.createOrReplaceTempView(name)
        self._views.append(name)

    def _canonical(self) -> None:
        for table, select in stage.canonical_sql():
            self._view(table, select, cache=True)

    def _document(self, as_of: Any, name: str | None) -> None:
        """``raw_document``: the document-level fields ``validate`` reads its header from."""
        self._temp(self.spark.createDataFrame([(as_of, name)], "as_of DATE, name STRING"), "raw_document")

    def _empty(self, table: str) -> Any:
        return self.spark.createDataFrame([], spark_schema(table))

    def _read(self, table: str, where: Path) -> Any:
        """One table's file (or Parquet directory) as ``raw_<table>``, read as
        :mod:`topology.columnar.tables` reads it: ``row`` the position in the file (a directory's
        files in name order), the layout's columns typed (CSV cells by the same SQL,
        :func:`~topology.columnar.checks.cell`), absent ones NULL."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        from .checks import cell
        from .tables import extra_columns

        schema = stage.raw_schema(table)
        known = {**L.columns()[table], **extra_columns(table)}
        reader = self.spark.read
        fmt = "csv" if where.suffix == ".csv" else "json" if where.suffix == ".jsonl" else "parquet"
        if fmt == "csv":
            df = reader.options(header=True, escape='"', multiLine=True, encoding="UTF-8").csv(str(where))
        elif fmt == "json":
            df = reader.schema(", ".join(f"`{c}` {_SPARK_TYPES[schema[c]]}" for c in known)).json(str(where))
        else:
            df = reader.options(recursiveFileLookup=True, mergeSchema=True).parquet(str(where))
        present = set(df.columns)
        order = Window.orderBy(F.input_file_name(), F.monotonically_increasing_id())
        self._temp(df.withColumn("row", F.row_number().over(order) - 1), f"src_{table}")
        cols = []
        for c, t in schema.items():
            if c == "row" or (c in present and fmt != "csv"):
                value = f'"{c}"'
            else:
                value = cell("csv", known[c].kind, f'"{c}"')[0] if c in present else "NULL"
            cols.append(f'CAST({value} AS {t}) AS "{c}"')
        return self._frame(f"SELECT {', '.join(cols)} FROM src_{table}")

    def _local(self) -> bool:
        try:
            master = self.spark.sparkContext.master
        except Exception:  # noqa: BLE001 - Spark Connect: no SparkContext, the driver is remote
            return False
        return master.startswith("local")


def _iso(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value))


def _own_views(session: Any) -> Any:
    """A session sharing ``session``'s SparkContext and SQL settings but with temporary views of
    its own (the run's ``accounts`` must not replace the caller's); ``session`` itself where
    there is no ``newSession`` (Spark Connect)."""
    try:
        fresh = session.newSession()
    except Exception:  # noqa: BLE001 - Spark Connect
        return session
    for key, value in session.sql("SET").collect():
        if key.startswith("spark.sql.") and not key.startswith("spark.sql.catalogImplementation"):
            try:
                fresh.conf.set(key, value)
            except Exception:  # noqa: BLE001 - a static setting: the SparkContext's already
                pass
    return fresh


def _start(master: str, tmp: Path) -> tuple[Any, bool]:
    """(a SparkSession for one run, whether it was started here): ``master``, UTC, few shuffle
    partitions, no UI, quiet logs. If this process already has an active session, that one is
    used (through :func:`_own_views`, and left running)."""
    from ..errors import UsageError

    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("--engine spark needs pyspark and a Java runtime: sh scripts/setup.sh spark "
                         "(or pip install 'wechat-topology[spark]' and a JRE)") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return _own_views(active), False
    log4j = tmp / "log4j2.properties"
    log4j.write_text(_QUIET_LOG4J)
    builder = (SparkSession.builder.master(master).appName("wxtopo")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.ui.retainedExecutions", "50")
               .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}"))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - no Java, a bad master URL: Spark says which
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"cannot start Spark (master {master!r}): {detail}; --engine spark needs a Java runtime "
                         "(sh scripts/setup.sh spark installs one)") from None
    session.sparkContext.setLogLevel("ERROR")
    return session, True
