"""The DuckDB engine: an embedded database per run, the records staged into it, queries run on it.

Memory is the engine's: DuckDB spills to a temporary directory past ``memory_limit`` rather
than failing, and results are fetched in batches.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..sanitize import escape
from . import stage, views
from .run import duckdb_executor

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ..errors import Problem
    from ..model import Ecosystem
    from ..ruleset import Parameters


@contextmanager
def failures() -> Iterator[None]:
    """DuckDB's own failures (out of memory or disk, an interrupted query) as a usage error: exit 2
    with DuckDB's words, never a traceback."""
    import duckdb

    try:
        yield
    except duckdb.InterruptException:
        raise KeyboardInterrupt from None
    except duckdb.Error as exc:
        raise UsageError(f"the duckdb engine failed: {escape(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}") from None


class DuckEngine:
    """One DuckDB database for one run (in memory, spilling to a temporary directory)."""

    name = "duckdb"

    def __init__(self, memory_limit: str | None = None, threads: int | None = None):
        import duckdb

        self._tmp = tempfile.TemporaryDirectory(prefix="wxtopo-duckdb-")
        config: dict[str, Any] = {"temp_directory": self._tmp.name, "preserve_insertion_order": True}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        try:
            with failures():
                self.con = duckdb.connect(":memory:", config=config)
                self.con.execute("SET enable_progress_bar = false")  # ours is on stderr (--quiet)
        except BaseException:
            self._tmp.cleanup()
            raise
        self._execute = duckdb_executor(self.con)
        self._made: list[str] = []  # shared views already created (by load_table_set)

    # -- loading ----------------------------------------------------------------------------
    def load_ecosystem(self, eco: Ecosystem) -> None:
        with failures():
            stage.stage_ecosystem(self.con, eco)

    def load_table_set(self, root: Path) -> list[Problem]:
        """Stage a table set's files; the problems found (none: the canonical tables exist)."""
        from . import checks, layout
        from .tables import stage_table_set

        with failures():
            problems = stage_table_set(self.con, root, defer_ends=True)
            if not problems:
                stage.canonical(self.con)
                self._made += views.create(self.con)  # elinks: the links' ends, typed
                problems = checks.problems(self.con, "links", str(layout.locate(root, "links")), ends=None)
        return problems

    def load_document(self, path: Path) -> list[Problem]:
        """Stage a JSON document through DuckDB's JSON reader; the problems found."""
        from .tables import stage_document

        with failures():
            problems = stage_document(self.con, path)
            if not problems:
                stage.canonical(self.con)
        return problems

    def load_previous(self, eco: Ecosystem) -> None:
        """Stage the previous document's accounts as ``prev_accounts`` (id, type, row): WX601's input."""
        accounts = eco.accounts
        self.con.execute("CREATE OR REPLACE TABLE prev_accounts AS SELECT unnest(CAST(? AS VARCHAR[])) AS id, "
                         "unnest(CAST(? AS VARCHAR[])) AS type, unnest(CAST(? AS BIGINT[])) AS row",
                         [[a.id for a in accounts], [a.type for a in accounts], list(range(len(accounts)))])

    def prepare(self, params: Parameters) -> None:
        """Create the shared views for a ruleset's parameters."""
        with failures():
            views.create(self.con, params, skip=self._made)

    # -- queries ----------------------------------------------------------------------------
    def execute(self, sql: str) -> tuple[list[str], Iterator[tuple]]:
        with failures():
            columns, rows = self._execute(sql)

        def guarded() -> Iterator[tuple]:
            with failures():
                yield from rows
        return columns, guarded()

    def rows(self, sql: str) -> list[tuple]:
        with failures():
            return self.con.execute(sql).fetchall()

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()

    def __enter__(self) -> DuckEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
