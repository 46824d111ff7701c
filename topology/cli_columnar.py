"""``validate --engine``: which engine reads each path, the columnar runs, streamed output, progress.

``auto`` picks the in-memory engine for a document and DuckDB for a table set (a directory).
Options the columnar engines cannot honour are refused by name before anything is read.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from .cli_support import EXIT_ERROR
from .errors import DocumentError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from .engine import Report


def engine_for(path: str, engine: str) -> str:
    """The engine that reads ``path``: ``memory`` or a columnar one (``--engine memory`` reads a table
    set into a document first: for the sizes a document holds)."""
    table_set = path != "-" and os.path.isdir(path)
    if engine == "auto":
        return "duckdb" if table_set else "memory"
    if engine != "memory" and path == "-":
        raise UsageError(f"--engine {engine} reads files and table sets, not standard input")
    return engine


def read_table_set(path: str) -> Any:
    """A table set as a document, for the memory engine; an error report when it is bad."""
    from pathlib import Path

    from .columnar.convert import parse_table_set
    from .engine import Report

    try:
        eco = parse_table_set(Path(path))
    except DocumentError as exc:
        return Report.from_error(exc, path)
    eco.attach_source(None)  # no text to point into: findings point at table rows (JSON pointers)
    return eco


def refuse(args: argparse.Namespace, engines: set[str]) -> None:
    """Options a columnar engine cannot honour (exit 2, by name), and engine options without one."""
    columnar = engines - {"memory"}
    if args.spark_master and "spark" not in engines:
        raise UsageError("--spark-master needs --engine spark")
    if args.memory_limit and "duckdb" not in engines:
        raise UsageError("--memory-limit is DuckDB's: it needs --engine duckdb (or a table set with auto)")
    if not columnar:
        return
    if args.previous:
        from .columnar.rules import QUERIES

        if "WX601" not in QUERIES:
            raise UsageError(f"--previous (WX601) works with --engine memory only, not {', '.join(sorted(columnar))}")


def _options(args: argparse.Namespace, engine: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if engine == "spark" and args.spark_master:
        options["master"] = args.spark_master
    if engine == "duckdb" and args.memory_limit:
        options["memory_limit"] = args.memory_limit
    return options


class Progress:
    """A one-line progress display on standard error: on a terminal only, and not with --quiet."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.shown = False

    @classmethod
    def for_args(cls, args: argparse.Namespace) -> Progress:
        stream = sys.stderr
        return cls(not args.quiet and stream is not None and stream.isatty())

    def __call__(self, rule_id: str, rows: int) -> None:
        if not self.enabled:
            return
        from .rules import get_rule
        from .sanitize import terminal_text

        rule = get_rule(rule_id)
        family = f"{rule_id[:3]}xx"
        sys.stderr.write(terminal_text(f"\r\x1b[2Kwxtopo: {family} {rule_id} {rule.name if rule else ''}: "
                                       f"{rows:,} findings", colour=True))
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self.shown = False


def validate_path(args: argparse.Namespace, path: str, engine: str, ruleset: Any, suppressions: Any,
                  previous: Any, progress: Progress) -> Report:
    """The whole report of one path on a columnar engine (a document error becomes an error report)."""
    from .columnar.validation import validate
    from .engine import Report

    try:
        report = validate(path, ruleset, engine=engine, as_of=args.as_of, rules_as_of=args.rules_as_of,
                          select=args.select, ignore=args.ignore, lang=args.lang,
                          suppressions=None if args.write_suppressions else suppressions, document=path,
                          baseline=previous, progress=progress, **_options(args, engine))
    except DocumentError as exc:
        return Report.from_error(exc, path)
    finally:
        progress.done()
    return report


def stream_lines(args: argparse.Namespace, paths: list[tuple[str, str]], ruleset: Any, suppressions: Any,
                 previous: Any, memory: Callable[[str], Report], exit_codes: list[int],
                 progress: Progress) -> Iterator[bytes]:
    """``--format jsonl`` as it is produced: each path's lines in turn; ``exit_codes`` gets each
    path's exit code once its lines are out."""
    from .columnar.validation import start
    from .engine import Report
    from .formats.jsonl import error_lines, lines
    from .outputs import safe_text
    from .vocab import SEVERITY_RANK

    floor = SEVERITY_RANK[args.fail_on]
    for path, engine in paths:
        if engine == "memory":
            report = memory(path)
            chunks = error_lines(report, args.lang) if report.errors else lines(report.document, report.findings)
            yield from (safe_text(c) for c in chunks)
            exit_codes.append(report.exit_code(args.fail_on))
            continue
        try:
            run = start(path, ruleset, engine=engine, as_of=args.as_of, rules_as_of=args.rules_as_of,
                        select=args.select, ignore=args.ignore, lang=args.lang, suppressions=suppressions,
                        document=path, baseline=previous, progress=progress, **_options(args, engine))
        except DocumentError as exc:
            progress.done()
            yield from (safe_text(c) for c in error_lines(Report.from_error(exc, path), args.lang))
            exit_codes.append(EXIT_ERROR)
            continue
        worst = 0
        batch: list[str] = []
        for chunk, f in ((c, f) for f in run.findings() for c in lines(path, (f,))):
            if SEVERITY_RANK[f.severity] >= floor:
                worst = 1
            batch.append(chunk)
            if len(batch) >= 1000:
                yield safe_text("".join(batch))
                batch = []
        if batch:
            yield safe_text("".join(batch))
        progress.done()
        exit_codes.append(worst)
