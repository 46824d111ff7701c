"""Documents that are not ecosystems, each with where and what the problem is.

Shared by the library tests (``topology.load``) and the command-line tests (exit 2, a
JSON error report, no traceback), so both check the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Bad:
    """A bad document and its one expected problem.

    ``line`` and ``at``: the problem's line, and the text its column must point at (None
    when the problem has no position). ``prefix``: the pointer only has to start with
    ``pointer`` (a parser that gives up deep inside a value).
    """

    name: str
    data: bytes
    pointer: str
    message: str
    line: int | None = None
    at: str | None = None
    suffix: str = ".json"
    prefix: bool = False

    @property
    def filename(self) -> str:
        return self.name + self.suffix

    def text_at(self, line: int, column: int) -> str:
        """The document text from a 1-based line and character column on."""
        text = self.data.decode("utf-8-sig", errors="replace")
        return text.splitlines()[line - 1][column - 1:] if text.strip() else ""


def _doc(body: str) -> bytes:
    """A document whose first line opens the object and declares schema_version."""
    return ('{\n  "schema_version": 1,\n' + body + "\n}\n").encode("utf-8")


_SUBJECT = '  "subjects": [{"id": "bloom", "kind": "enterprise", "name": "暖芽母婴"}],\n'

BAD: list[Bad] = [
    Bad("malformed-json",
        _doc('  "accounts": [\n    {"id": "li-na", "type": "personal",}\n  ]'),
        "/accounts/0", "malformed JSON", 4, "}"),
    Bad("malformed-json-after-chinese",  # the parser counts bytes; the report counts characters
        b'{"schema_version": 1, "name": "\xe6\x9a\x96\xe8\x8a\xbd\xe6\xaf\x8d\xe5\xa9\xb4" "x"}\n',
        "/name", "malformed JSON", 1, '"x"'),
    Bad("empty", b"", "", "empty", 1, ""),
    Bad("whitespace-only", b"  \n\t\n  \n", "", "empty", 1, ""),
    Bad("top-level-array", b'[{"schema_version": 1}]\n', "", "must be a JSON object", 1, "["),
    Bad("top-level-string", b'"bloom"\n', "", "must be a JSON object", 1, '"bloom"'),
    Bad("top-level-number", b"42\n", "", "must be a JSON object", 1, "42"),
    Bad("unknown-account-type",
        _doc('  "accounts": [\n    {"id": "bloom-bot", "type": "robot"}\n  ]'),
        "/accounts/0", "unknown type 'robot'", 4, '{"id": "bloom-bot"'),
    Bad("unknown-link-kind",
        _doc('  "links": [\n    {"kind": "friend", "source": "li-na", "target": "wang-fang"}\n  ]'),
        "/links/0", "unknown kind 'friend'", 4, '{"kind": "friend"'),
    Bad("impossible-date", _doc('  "as_of": "2026-02-30"'), "/as_of", "invalid date '2026-02-30'", 3, '"2026-02-30"'),
    Bad("short-date",
        _doc(_SUBJECT + '  "accounts": [\n    {"id": "bloom-daily", "type": "subscription", "subject": "bloom",\n'
             '     "broadcasts": [{"date": "2026-2-3"}]}\n  ]'),
        "/accounts/0/broadcasts/0/date", "invalid date '2026-2-3'", 6, '"2026-2-3"'),
    Bad("negative-articles",
        _doc(_SUBJECT + '  "accounts": [\n    {"id": "bloom-daily", "type": "subscription", "subject": "bloom",\n'
             '     "broadcasts": [{"date": "2026-11-20", "articles": -1}]}\n  ]'),
        "/accounts/0/broadcasts/0/articles", "at least 1", 6, "-1}"),
    Bad("zero-articles",
        _doc(_SUBJECT + '  "accounts": [\n    {"id": "bloom-daily", "type": "subscription", "subject": "bloom",\n'
             '     "broadcasts": [{"date": "2026-11-20", "articles": 0}]}\n  ]'),
        "/accounts/0/broadcasts/0/articles", "at least 1", 6, "0}"),
    Bad("unknown-top-level-field", _doc('  "colour": "red"'), "/colour", "unknown field", 3, '"red"'),
    Bad("unknown-account-field",
        _doc('  "accounts": [\n    {"id": "li-na", "type": "personal", "nickname": "娜娜"}\n  ]'),
        "/accounts/0/nickname", "unknown field", 4, '"娜娜"'),
    Bad("unknown-link-field",
        _doc('  "links": [\n    {"kind": "admin", "source": "li-na", "target": "bloom-daily", "weight": 2}\n  ]'),
        "/links/0/weight", "unknown field", 4, "2}"),
    Bad("schema-version-2", b'{\n  "schema_version": 2\n}\n', "/schema_version", "unsupported schema_version 2", 2, "2"),
    Bad("schema-version-string", b'{\n  "schema_version": "1"\n}\n', "/schema_version", "must be an integer", 2, '"1"'),
    Bad("schema-version-true", b'{\n  "schema_version": true\n}\n', "/schema_version", "must be an integer", 2, "true"),
    Bad("schema-version-missing", b'{\n  "name": "Bloom"\n}\n', "/schema_version", "required field is missing", 1, "{"),
    Bad("id-number", _doc('  "accounts": [\n    {"id": 1001, "type": "personal"}\n  ]'),
        "/accounts/0/id", "must be a string", 4, "1001"),
    Bad("id-null", _doc('  "accounts": [\n    {"id": null, "type": "personal"}\n  ]'),
        "/accounts/0/id", "must be a string", 4, "null"),
    Bad("id-empty", _doc('  "accounts": [\n    {"id": "", "type": "personal"}\n  ]'),
        "/accounts/0/id", "must not be empty", 4, '""'),
    Bad("deep-nesting", b'{"schema_version": 1, "name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
        "/name", "malformed JSON", 1, "[", prefix=True),
    Bad("invalid-utf8", b'{\n  "schema_version": 1,\n  "name": "\xe6\x9a\x96\xff"\n}\n', "", "not valid UTF-8", 3, "\ufffd"),
    Bad("huge-number",
        _doc(_SUBJECT + '  "accounts": [\n    {"id": "bloom-daily", "type": "subscription", "subject": "bloom",\n'
             '     "broadcasts": [{"date": "2026-11-20", "articles": ' + "7" * 5000 + "}]}\n  ]"),
        "/accounts/0/broadcasts/0/articles", "out of range", 6, "7"),
    Bad("ban-ends-before-start",
        _doc('  "accounts": [\n    {"id": "li-na", "type": "personal",\n'
             '     "bans": [{"start": "2025-01-10", "end": "2025-01-01"}]}\n  ]'),
        "/accounts/0/bans/0/end", "before it starts", 5, '"2025-01-01"'),
    Bad("malformed-yaml", b"schema_version: 1\naccounts:\n  - {id: li-na, type: personal]\n",
        "/accounts/0", "malformed YAML", 3, "]", suffix=".yaml"),
    Bad("yaml-impossible-date", b"schema_version: 1\nname: \xe6\x9a\x96\xe8\x8a\xbd\nas_of: 2026-02-30\n",
        "/as_of", "invalid date '2026-02-30'", 3, "2026-02-30", suffix=".yaml"),
    Bad("yaml-huge-number",
        b"schema_version: 1\nsubjects: [{id: bloom, kind: enterprise}]\naccounts:\n  - id: bloom-daily\n"
        b"    type: subscription\n    subject: bloom\n    broadcasts:\n      - date: 2026-11-20\n        articles: "
        + b"7" * 5000 + b"\n",
        "/accounts/0/broadcasts/0/articles", "out of range", 9, "7", suffix=".yaml"),
]

BY_NAME = {b.name: b for b in BAD}


def write_all(folder: Path) -> dict[str, Path]:
    """Write every bad document into ``folder``; name → path."""
    out = {}
    for bad in BAD:
        path = folder / bad.filename
        path.write_bytes(bad.data)
        out[bad.name] = path
    return out
