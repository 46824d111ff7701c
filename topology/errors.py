"""Exceptions that carry what a user needs to fix the input, never a traceback.

Every problem with an input file is printed one way, by :func:`problem_line`:
``FILE:LINE:COL: error POINTER: message`` (``FILE: error POINTER: message`` where no
position is known), with everything the input supplied shown escaped (:mod:`topology.sanitize`).
"""

from __future__ import annotations

from .sanitize import escape
from .vocab import plural


class WxtopoError(Exception):
    """Base class of every error wxtopo raises on purpose."""


class Problem:
    """One thing wrong with an input: where (JSON pointer, line, column) and what.

    A plain class rather than a dataclass: `wxtopo --help` must not pay for importing
    dataclasses (and inspect) at start-up.
    """

    __slots__ = ("pointer", "message", "line", "column")

    def __init__(self, pointer: str, message: str, line: int | None = None, column: int | None = None):
        self.pointer = pointer
        self.message = message
        self.line = line
        self.column = column

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.pointer!r}, {self.message!r}, {self.line!r}, {self.column!r})"

    def _key(self) -> tuple:
        return (self.pointer, self.message, self.line, self.column)

    def sort_key(self) -> tuple:
        return (self.line if self.line is not None else 0, self.column or 0, self.pointer, self.message)

    def to_dict(self) -> dict:
        out: dict = {"pointer": self.pointer, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out

    def __str__(self) -> str:
        where = escape(self.pointer) or "/"
        if self.line is not None:
            where = f"{self.line}:{self.column} {where}"
        return f"{where}: {escape(self.message)}"


def problem_line(name: str | None, problem: Problem, error_word: str = "error") -> str:
    """The one way a problem is printed: ``FILE:LINE:COL: error POINTER: message``.

    ``error_word`` lets the text report colour or translate the word; everything else is
    escaped here.

    >>> problem_line("eco.json", Problem("/accounts/0/id", "must not be empty", 4, 12))
    'eco.json:4:12: error /accounts/0/id: must not be empty'
    >>> problem_line("eco.json", Problem("/x\\x1b[2J", "unknown field"))
    'eco.json: error /x\\\\x1b[2J: unknown field'
    """
    where = escape(name or "-")
    if problem.line is not None:
        where = f"{where}:{problem.line}:{problem.column}"
    return f"{where}: {error_word} {escape(problem.pointer) or '/'}: {escape(problem.message)}"


def problems_text(header: str, name: str | None, problems: list[Problem]) -> str:
    """A header line, then one :func:`problem_line` per problem."""
    return "\n".join([header] + [problem_line(name, p) for p in problems])


class DocumentError(WxtopoError):
    """The document cannot be read as an ecosystem; ``problems`` lists every reason.

    Raised by :func:`topology.load` (and the CLI exits 2 with it): unreadable bytes,
    malformed JSON or YAML, duplicate keys, unknown fields, bad enum values, wrong types,
    impossible dates.
    """

    def __init__(self, problems: list[Problem], document: str | None = None):
        self.problems = sorted(problems, key=Problem.sort_key)
        self.document = document
        head = f"{escape(document)}: " if document else ""
        super().__init__(problems_text(f"{head}{plural(len(self.problems), 'document error')}", document,
                                       self.problems))


class UsageError(WxtopoError):
    """A bad command line, option value or input file other than the document: exit 2.

    An input file's ``problems`` (with ``document``, its name as given) are printed one
    :func:`problem_line` each under the message, and carried into a ``--format json`` report.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None, document: str | None = None):
        self.problems = sorted(problems or (), key=Problem.sort_key)
        self.document = document
        self.message = message
        super().__init__(problems_text(message, document, self.problems) if self.problems else message)


class RulesetError(UsageError):
    """A ruleset that names an unknown parameter or gives one a bad value."""

    def __init__(self, message: str, key: str | None = None, problems: list[Problem] | None = None,
                 document: str | None = None):
        self.key = key
        super().__init__(message, problems, document)
