"""What every command shares: exit codes, how errors are printed, how documents are read.

Imported by :mod:`topology.cli_commands` and :mod:`topology.cli_planner` (never by the
library): light at import time, heavy modules only inside the functions.
"""

from __future__ import annotations

import os
import sys

from .errors import DocumentError, UsageError
from .sanitize import escape

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from .engine import Report
    from .model import Ecosystem

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def print_error(text: str) -> None:
    """A message on standard error, control characters shown escaped."""
    from .outputs import to_stderr

    to_stderr(text)


def usage_error(exc: UsageError, fmt: str | None, lang: str = "en") -> None:
    """``wxtopo: error: …`` with one line per problem of an input file (in ``lang``); with ``--format
    json`` the problems (or the usage error itself) are also a JSON error report on standard output."""
    from .vocab import term

    print_error(f"wxtopo: {term('severity', 'error', lang)}: {exc.text(lang)}")
    if fmt == "json":  # standard output stays JSON: the problems, or the one usage error
        from .engine import Report
        from .errors import Problem
        from .formats import render
        from .outputs import safe_text, write_stdout

        problems = list(exc.problems) or [Problem("", exc.message)]
        write_stdout(safe_text(render([Report(document=exc.document, errors=problems)], "json", lang=lang)))


def input_file(value: str | None) -> str | None:
    """A ``--ruleset`` value that names a file (not a built-in), else None."""
    if value is None:
        return None
    from .ruleset import builtin_names

    return None if value in builtin_names() else value


def read_document(path: str) -> Ecosystem | Report:
    """The ecosystem at ``path``, or its error report (a Report with ``errors``)."""
    from .document import parse
    from .engine import Report
    from .loader import read_source
    from .sanitize import display_path

    try:
        return parse(read_source(path))
    except DocumentError as exc:
        return Report.from_error(exc, "-" if path == "-" else display_path(path))


def read_other_document(path: str, option: str) -> Ecosystem:
    """A document read beside the main one (``--previous``): its problems are a usage error."""
    from .engine import Report

    eco = read_document(path)
    if isinstance(eco, Report):
        raise UsageError.of("unreadable_input", {"option": option, "name": escape(eco.document)}, eco.errors,
                            eco.document)
    return eco


def error_text(report: Report, lang: str = "en") -> str:
    """A document's problems as printed on standard error (the text report's first lines), in ``lang``."""
    return DocumentError(report.errors, report.document).text(lang)


def emit(text: str) -> None:
    """Text to standard output: UTF-8, control characters shown escaped."""
    from .outputs import safe_text, write_stdout

    write_stdout(safe_text(text))


def utf8_streams() -> None:
    """Make standard output and error write UTF-8 (``→``, Chinese, U+FFFD) even where the locale
    says cp1252 or ASCII; what still cannot be encoded (a lone surrogate) is replaced. A closed
    standard error becomes a sink: errors cannot be shown, exit codes still hold."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass
