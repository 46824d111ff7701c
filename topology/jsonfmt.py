"""The two JSON layouts wxtopo writes, one byte sequence each, however they are produced.

:func:`dumps` writes what ``json.dumps(ensure_ascii=False, indent=2)`` then
:func:`topology.sanitize.json_escapes` write. The standard library indents in Python, a call per
value (67,000 findings: 2.4 s, against 0.5-0.8 s here, on a busy 2-core machine). orjson writes
the same bytes for the values where the two agree: exact ``dict`` (``str`` keys), ``list``,
``tuple``, ``str``, ``int`` (64 bits), ``bool`` and ``None``. Anything else (a float: orjson writes
``1e-5`` and ``null`` for NaN where Python writes ``1e-05`` and ``NaN``; a subclass, a date, an
enum, a lone surrogate, a huge int, a cycle) goes to the standard library, which writes it, or
raises, as it always did. tests/test_jsonfmt.py holds the two to the same bytes. orjson is
imported on first use, so the catalogue and ``--help`` stay light.
"""

from __future__ import annotations

import json

from .sanitize import json_escapes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

#: the leaves orjson writes exactly as ``json.dumps`` does (``int``: within 64 bits, else it refuses)
_LEAVES = frozenset({str, int, bool, type(None)})
#: the bytes that are never escaped by json_escapes (so ``translate`` drops them before a search)
_ASCII_BUT_DEL = bytes(range(0x7F))
#: orjson's own nesting limit; a deeper value (or a cycle) is left to the standard library
_MAX_DEPTH = 254


def dumps(data: Any) -> str:
    """Reports and dumps: two-space indent, UTF-8 text (``\\u`` escapes only for the controls
    :func:`topology.sanitize.json_escapes` names), trailing newline.

    >>> print(dumps({"id": "暖芽\\u202e", "related": ["a"], "none": [], "n": 1.5}), end="")
    {
      "id": "暖芽\\u202e",
      "related": [
        "a"
      ],
      "none": [],
      "n": 1.5
    }
    """
    text = _fast(data) if plain(data) else None
    if text is None:
        text = json_escapes(json.dumps(data, ensure_ascii=False, indent=2))
    return text + "\n"


def _fast(data: Any) -> str | None:
    """orjson's indented text of plain data, escaped as :func:`json_escapes` would; None where
    orjson refuses (a lone surrogate, an int beyond 64 bits, a key that is not a str)."""
    fast = _orjson()
    if fast is None:
        return None
    try:
        raw = fast.dumps(data, option=_OPTIONS)
    except TypeError:
        return None
    text = raw.decode("utf-8")
    # what json_escapes looks for is DEL or not ASCII: search only those bytes, not the whole text
    rest = raw.translate(None, _ASCII_BUT_DEL)
    if rest:
        rest_text = rest.decode("utf-8")
        if json_escapes(rest_text) != rest_text:
            return json_escapes(text)
    return text


def plain(data: Any) -> bool:
    """True when ``data`` holds only exact dicts, lists, tuples, strings, ints, booleans and None,
    nested at most as deep as orjson goes (so a cycle is not plain either).

    >>> plain({"a": [1, "x", None, True, ()]}), plain({"a": [0.5]}), plain([[[]]])
    (True, False, True)
    """
    level = [data]
    for _ in range(_MAX_DEPTH):
        deeper: list = []
        for x in level:
            t = type(x)
            if t is dict:
                deeper += x.values()  # keys: orjson refuses any but str, and the caller falls back
            elif t is list or t is tuple:
                deeper += x
            elif t not in _LEAVES:
                return False
        if not deeper:
            return True
        level = deeper
    return False


_OPTIONS = 0
_FAST: Any = None


def _orjson() -> Any:
    """The orjson module, or None where it is not installed (the standard library then writes all)."""
    global _FAST, _OPTIONS
    if _FAST is None:
        try:
            import orjson
        except ImportError:  # pragma: no cover - a dependency; kept working without it
            _FAST = False
        else:
            _FAST = orjson
            # a subclass, a dataclass or a date reaches neither here (``plain``) nor orjson's own writer
            _OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS
                        | orjson.OPT_PASSTHROUGH_DATETIME)
    return _FAST or None


def compact_json(doc: dict[str, Any]) -> str:
    """An object with one line per list item: short to read, and one diff line per item.

    >>> print(compact_json({"schema_version": 1, "items": [{"a": 1}, {"b": [2]}], "none": []}))
    {
      "schema_version": 1,
      "items": [
        {"a": 1},
        {"b": [2]}
      ],
      "none": []
    }
    """

    def one(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)

    lines = ["{"]
    items = list(doc.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {one(key)}: [")
            lines += [f"    {one(v)}{',' if k < len(value) - 1 else ''}" for k, v in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {one(key)}: {one(value)}{comma}")
    lines.append("}")
    return json_escapes("\n".join(lines))
