"""Exceptions that carry what a user needs to fix the input, never a traceback."""

from __future__ import annotations


class WxtopoError(Exception):
    """Base class of every error wxtopo raises on purpose."""


class Problem:
    """One thing wrong with a document: where (JSON pointer, line, column) and what.

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

    def to_dict(self) -> dict:
        out: dict = {"pointer": self.pointer, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out

    def __str__(self) -> str:
        where = self.pointer or "/"
        if self.line is not None:
            where = f"{self.line}:{self.column} {where}"
        return f"{where}: {self.message}"


class DocumentError(WxtopoError):
    """The document cannot be read as an ecosystem; ``problems`` lists every reason.

    Raised by :func:`topology.load` (and the CLI exits 2 with it): unreadable bytes,
    malformed JSON or YAML, unknown fields, bad enum values, wrong types, impossible dates.
    """

    def __init__(self, problems: list[Problem], document: str | None = None):
        self.problems = sorted(problems, key=_problem_key)
        self.document = document
        head = f"{document}: " if document else ""
        lines = [f"{head}{len(self.problems)} document error(s)"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def _problem_key(p: Problem) -> tuple:
    return (p.line if p.line is not None else 0, p.column or 0, p.pointer, p.message)


class UsageError(WxtopoError):
    """A bad command line, option value or ruleset: exit 2."""


class RulesetError(UsageError):
    """A ruleset that names an unknown parameter or gives one a bad value."""

    def __init__(self, message: str, key: str | None = None):
        self.key = key
        super().__init__(message)
