"""Exceptions that carry what a user needs to fix the input, never a traceback.

Every problem with an input file is printed one way, by :func:`problem_line`:
``FILE:LINE:COL: error POINTER: message`` (``FILE: error POINTER: message`` where no
position is known), with everything the input supplied shown escaped (:mod:`topology.sanitize`);
in Chinese ``FILE:LINE:COL: 错误 POINTER: 消息``, same positions, same separators.
"""

from __future__ import annotations

from .sanitize import escape
from .vocab import count, problem_text, term


class WxtopoError(Exception):
    """Base class of every error wxtopo raises on purpose."""


class InvalidValue(ValueError):
    """What a model's validator raises: a problem key of :data:`topology.vocab.PROBLEMS` and its values,
    so that the problem made of it speaks either language (``str()`` is the English message)."""

    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values
        super().__init__(problem_text(key, values))


class Problem:
    """One thing wrong with an input: where (JSON pointer, line, column) and what.

    ``key`` and ``args`` are the what as data (a key of :data:`topology.vocab.PROBLEMS` and its
    values), so that :meth:`text` can say it in either language; ``message`` is the English text.
    A problem made from a bare message (``key`` None) is shown as it is in every language.
    A plain class rather than a dataclass: `wxtopo --help` must not pay for importing
    dataclasses (and inspect) at start-up.

    A problem in a table of a table set has no line: ``file`` is the table's file, ``row`` its
    row as people count (1-based, a CSV header not counted: the pointer's index + 1) and
    ``field`` the column (:meth:`at`).
    """

    __slots__ = ("pointer", "message", "line", "column", "key", "args", "file", "row", "field")

    def __init__(self, pointer: str, message: str, line: int | None = None, column: int | None = None,
                 key: str | None = None, args: dict | None = None):
        self.pointer = pointer
        self.message = message
        self.line = line
        self.column = column
        self.key = key
        self.args = args or {}
        self.file: str | None = None
        self.row: int | None = None
        self.field: str | None = None

    def at(self, file: str, row: int | None = None, field: str | None = None) -> Problem:
        """This problem, placed in a table's file (``row`` 1-based); returns itself."""
        self.file, self.row, self.field = file, row, field
        return self

    @classmethod
    def of(cls, pointer: str, key: str, args: dict | None = None, line: int | None = None,
           column: int | None = None) -> Problem:
        """A problem told by its key: ``Problem.of("/a", "duplicate_key", {"key": "a"}, 3, 1)``."""
        return cls(pointer, problem_text(key, args or {}), line, column, key, args)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (English: :attr:`message`)."""
        return self.message if lang == "en" or self.key is None else problem_text(self.key, self.args, lang)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.pointer!r}, {self.message!r}, {self.line!r}, {self.column!r})"

    def _key(self) -> tuple:
        return (self.pointer, self.message, self.line, self.column)

    def sort_key(self) -> tuple:
        return (self.file or "", self.line if self.line is not None else 0, self.column or 0, self.row or 0,
                self.pointer, self.message)

    def to_dict(self, lang: str = "en") -> dict:
        out: dict = {"pointer": self.pointer, "message": self.text(lang)}
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        for key in ("file", "row", "field"):  # a table set's cell
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

    def __str__(self) -> str:
        where = escape(self.pointer) or "/"
        if self.line is not None:
            where = f"{self.line}:{self.column} {where}"
        return f"{where}: {escape(self.message)}"


def problem_line(name: str | None, problem: Problem, error_word: str | None = None, lang: str = "en") -> str:
    """The one way a problem is printed: ``FILE:LINE:COL: error POINTER: message``.

    ``error_word`` lets the text report colour the word (default: "error" in ``lang``); everything
    else is escaped here.

    >>> problem_line("eco.json", Problem("/accounts/0/id", "must not be empty", 4, 12))
    'eco.json:4:12: error /accounts/0/id: must not be empty'
    >>> problem_line("eco.json", Problem("/x\\x1b[2J", "unknown field"))
    'eco.json: error /x\\\\x1b[2J: unknown field'
    >>> problem_line("eco.json", Problem.of("/a", "duplicate_key", {"key": "a"}, 3, 1), lang="zh")
    'eco.json:3:1: 错误 /a: 重复的键 "a"'
    """
    where = escape(name or "-")
    if problem.line is not None:
        where = f"{where}:{problem.line}:{problem.column}"
    if problem.file is not None:  # a table's cell: "links.csv row 18 column verified"
        where = problem_text("at_" + ("cell" if problem.row and problem.field else "row" if problem.row else
                                      "column" if problem.field else "file"),
                             {"file": escape(problem.file), "row": problem.row, "column": escape(problem.field or "")},
                             lang)
    word = term("severity", "error", lang) if error_word is None else error_word
    return f"{where}: {word} {escape(problem.pointer) or '/'}: {escape(problem.text(lang))}"


def problems_text(header: str, name: str | None, problems: list[Problem], lang: str = "en") -> str:
    """A header line, then one :func:`problem_line` per problem."""
    return "\n".join([header] + [problem_line(name, p, lang=lang) for p in problems])


def document_errors_text(document: str | None, problems: list[Problem], lang: str = "en") -> str:
    """``FILE: 2 document errors`` then one :func:`problem_line` per problem, in ``lang``."""
    head = f"{escape(document)}: " if document else ""
    return problems_text(f"{head}{count(len(problems), 'document_error', lang)}", document, problems, lang)


class DocumentError(WxtopoError):
    """The document cannot be read as an ecosystem; ``problems`` lists every reason.

    Raised by :func:`topology.load` (and the CLI exits 2 with it): unreadable bytes,
    malformed JSON or YAML, duplicate keys, unknown fields, bad enum values, wrong types,
    impossible dates.
    """

    def __init__(self, problems: list[Problem], document: str | None = None):
        self.problems = sorted(problems, key=Problem.sort_key)
        self.document = document
        super().__init__(document_errors_text(document, self.problems))

    def text(self, lang: str = "en") -> str:
        """What ``str()`` says, in ``lang``."""
        return document_errors_text(self.document, self.problems, lang)


class UsageError(WxtopoError):
    """A bad command line, option value or input file other than the document: exit 2.

    An input file's ``problems`` (with ``document``, its name as given) are printed one
    :func:`problem_line` each under the message, and carried into a ``--format json`` report.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None, document: str | None = None):
        self.problems = sorted(problems or (), key=Problem.sort_key)
        self.document = document
        self.message = message
        self.words: tuple[str, dict] | None = None
        super().__init__(self.text())

    @classmethod
    def of(cls, key: str, args: dict, problems: list[Problem] | None = None,
           document: str | None = None) -> UsageError:
        """A usage error whose message is a problem template (:data:`topology.vocab.PROBLEMS`), so that
        :meth:`text` says it in either language."""
        error = cls(problem_text(key, args), problems, document)
        error.words = (key, args)
        return error

    def text(self, lang: str = "en") -> str:
        """The message, then the input's problems, in ``lang`` (a bare message is the caller's words)."""
        head = problem_text(*self.words, lang) if self.words and lang != "en" else self.message
        return problems_text(head, self.document, self.problems, lang) if self.problems else head


class RulesetError(UsageError):
    """A ruleset that names an unknown parameter or gives one a bad value."""

    def __init__(self, message: str, key: str | None = None, problems: list[Problem] | None = None,
                 document: str | None = None):
        self.key = key
        super().__init__(message, problems, document)

    @classmethod
    def of(cls, words: str, args: dict, problems: list[Problem] | None = None, document: str | None = None,
           key: str | None = None) -> RulesetError:
        """A ruleset error told by a problem template, so that it speaks either language; ``key`` is
        the parameter at fault, if any."""
        error = cls(problem_text(words, args), key, problems, document)
        error.words = (words, args)
        return error
