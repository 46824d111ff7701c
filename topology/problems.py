"""pydantic's validation errors as Problems a person can act on: every error, its JSON
pointer, its line and column, and what is wrong as data (a key of :data:`topology.vocab.PROBLEMS`
and its values), so that the message is the project's words in English or Chinese.

Shared by every input that is validated against a model (the document, a changes file, a
suppressions file, a ruleset file), so that all of them name problems the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .errors import InvalidValue, Problem
from .positions import pointer, with_ancestors
from .sanitize import UNSHOWABLE
from .vocab import term

if TYPE_CHECKING:  # pragma: no cover
    from .loader import Source

#: an id: not blank (white space and invisible fillers alone are blank), and no character that
#: cannot be shown safely (control characters, line and paragraph separators, bidirectional
#: overrides and isolates); valid both as a Rust and an ECMAScript regex
_INVISIBLE = r"\u00ad\u115f\u1160\u180e\u200b-\u200d\u2060\u3164\ufeff\uffa0"
ID_PATTERN = f"^[^{UNSHOWABLE}]*[^\\s{_INVISIBLE}{UNSHOWABLE}][^{UNSHOWABLE}]*$"
RULE_ID_PATTERN = r"^WX[0-9]{3}$"

_AT = re.compile(r" at line (\d+) column (\d+)$")
#: pydantic's type error → what the value must be (a key of ``TERMS["json_expected"]``)
_TYPES = {
    "string_type": "string", "int_type": "integer", "bool_type": "boolean", "list_type": "array",
    "model_type": "object", "dict_type": "object", "model_attributes_type": "object", "date_type": "date",
}
#: the first word of a pydantic error type → what the value must be (the generic message's words)
_KINDS = {"int": "integer", "float": "number", "decimal": "number", "string": "string", "str": "string",
          "bool": "boolean", "list": "array", "tuple": "array", "set": "array", "too": "array", "dict": "object",
          "model": "object", "dataclass": "object", "date": "date", "datetime": "date"}

Relocate = Callable[[dict, list], "tuple[list, str | tuple[str, dict] | None]"]
#: a problem before its position is found: (pointer, message or (key, args), position or None)
Found = tuple[str, "str | tuple[str, dict]", "tuple[int, int] | None"]


def validation_problems(exc: ValidationError, source: Source | None, relocate: Relocate | None = None,
                        prefix: tuple = ()) -> list[Problem]:
    """Every validation error as a Problem with its pointer, line and column.

    ``relocate(err, loc)`` → (loc, message or None) lets an input take its own discriminator
    tags out of the location. ``prefix`` is where the validated value sits in the file.
    """
    problems: list[Found] = []
    for err in exc.errors(include_url=False):
        kind, loc, msg = err["type"], list(err["loc"]), err["msg"]
        if kind == "json_invalid" and source is not None:
            m = _AT.search(msg)
            said = ("malformed_json", {"detail": _AT.sub("", msg.removeprefix("Invalid JSON: "))})
            if m:  # the JSON parser counts columns in UTF-8 bytes; reports count characters
                line, col = int(m.group(1)), source.char_column(int(m.group(1)), int(m.group(2)))
                problems.append((source.pointer_at(source.offset(line, col)), said, (line, col)))
            else:
                problems.append(("", said, None))
            continue
        message = None
        if relocate is not None:
            loc, message = relocate(err, loc)
        problems.append((pointer(*prefix, *loc), message or _message(err, loc), None))
    return located(source, problems)


def located(source: Source | None, problems: list[Found]) -> list[Problem]:
    """(pointer, message or (key, args), position or None) → Problems, each missing position found in
    one walk for all of them, ancestors included: a missing field is shown at its parent."""
    wanted = with_ancestors(p for p, _, pos in problems if pos is None)
    positions = source.locate(wanted) if source is not None and wanted else {}
    out = []
    for ptr, said, pos in problems:
        at = pos or nearest(ptr, positions) or (None, None)
        out.append(Problem(ptr, said, *at) if isinstance(said, str) else Problem.of(ptr, *said, *at))
    return out


def nearest(ptr: str, positions: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    """Position of the pointer, else of its closest located ancestor.

    >>> nearest("/links/3/source", {"/links/3": (9, 5), "": (1, 1)})
    (9, 5)
    """
    while True:
        if ptr in positions:
            return positions[ptr]
        if not ptr:
            return None
        ptr = ptr[: ptr.rfind("/")]


def _message(err: dict, loc: list) -> tuple[str, dict]:
    """(problem key, its values) of one pydantic error: the words are :data:`topology.vocab.PROBLEMS`'."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = repr(err.get("input"))
    if kind == "union_tag_invalid":
        field = ctx.get("discriminator", "").strip("'")
        tag = err.get("input", {}).get(field) if isinstance(err.get("input"), dict) else ctx.get("tag")
        shown = json.dumps(tag, ensure_ascii=False) if not isinstance(tag, str) else repr(tag)
        return "unknown_tag", {"field": field, "given": shown, "expected": ctx.get("expected_tags")}
    if kind == "union_tag_not_found":
        return "missing_tag", {"field": repr(ctx.get("discriminator", "").strip("'"))}
    if kind == "literal_error":
        expected = str(ctx.get("expected"))
        return "bad_choice", {"given": given, "expected": expected, "options": re.split(r", | or ", expected)}
    if kind == "date_parsing" or kind == "date_from_datetime_parsing":
        detail = ctx.get("error", "")
        return ("bad_date", {"given": given, "detail": detail}) if detail else ("bad_date_bare", {"given": given})
    if kind in ("greater_than_equal", "greater_than"):
        return "too_small", {"minimum": ctx.get("ge", ctx.get("gt")), "given": given}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return "bad_id", {"given": given}
    if kind == "string_pattern_mismatch":
        return "bad_rule_id", {"given": given}
    if kind == "value_error":
        error = ctx.get("error", err["msg"])
        if isinstance(error, InvalidValue):
            return error.key, error.values
        return "invalid", {"detail": str(error), "field": _field(loc), "expected": "value"}
    if kind in ("model_type", "model_attributes_type", "dict_type") and not loc:
        return "not_object", {}
    if kind == "extra_forbidden":
        return "unknown_field", {}
    if kind == "missing":
        return "missing", {}
    if kind == "string_too_short":
        return "not_empty", {}
    if kind in _TYPES and "input" in err:
        return "wrong_type", {"expected": _TYPES[kind], "got": json_kind(err["input"])}
    if kind in _TYPES:
        return "invalid", {"detail": term("json_expected", _TYPES[kind]), "field": _field(loc), "expected": _TYPES[kind]}
    return "invalid", {"detail": err["msg"], "field": _field(loc), "expected": _KINDS.get(kind.split("_")[0], "value")}


def _field(loc: list) -> str:
    """The name of the field a generic message is about: its key, else its pointer."""
    names = [str(t) for t in loc if isinstance(t, str)]
    return names[-1] if names else pointer(*loc) or "/"


def json_kind(value: Any) -> str:
    """The JSON type of a value, as a key of ``TERMS["json_type"]``: ``'string'``, ``'null'``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def json_type(value: Any) -> str:
    """How a JSON value's type is named in messages: ``'a string'``, ``'null'``."""
    return term("json_type", json_kind(value))
