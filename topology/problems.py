"""pydantic's validation errors as Problems a person can act on: every error, its JSON
pointer, its line and column, and a message in the project's words.

Shared by every input that is validated against a model (the document, a changes file, a
suppressions file, a ruleset file), so that all of them name problems the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .errors import Problem
from .positions import pointer, with_ancestors
from .sanitize import UNSHOWABLE

if TYPE_CHECKING:  # pragma: no cover
    from .loader import Source

#: an id: not blank (white space and invisible fillers alone are blank), and no character that
#: cannot be shown safely (control characters, line and paragraph separators, bidirectional
#: overrides and isolates); valid both as a Rust and an ECMAScript regex
_INVISIBLE = r"\u00ad\u115f\u1160\u180e\u200b-\u200d\u2060\u3164\ufeff\uffa0"
ID_PATTERN = f"^[^{UNSHOWABLE}]*[^\\s{_INVISIBLE}{UNSHOWABLE}][^{UNSHOWABLE}]*$"
RULE_ID_PATTERN = r"^WX[0-9]{3}$"

_AT = re.compile(r" at line (\d+) column (\d+)$")
_MESSAGES = {
    "extra_forbidden": "unknown field",
    "missing": "required field is missing",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "bool_type": "must be true or false",
    "list_type": "must be an array",
    "model_type": "must be an object",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
    "date_type": "must be a date string YYYY-MM-DD",
    "string_too_short": "must not be empty",
}

Relocate = Callable[[dict, list], "tuple[list, str | None]"]


def validation_problems(exc: ValidationError, source: Source | None, relocate: Relocate | None = None,
                        prefix: tuple = ()) -> list[Problem]:
    """Every validation error as a Problem with its pointer, line and column.

    ``relocate(err, loc)`` → (loc, message or None) lets an input take its own discriminator
    tags out of the location. ``prefix`` is where the validated value sits in the file.
    """
    problems: list[tuple[str, str, tuple[int, int] | None]] = []
    for err in exc.errors(include_url=False):
        kind, loc, msg = err["type"], list(err["loc"]), err["msg"]
        if kind == "json_invalid" and source is not None:
            m = _AT.search(msg)
            text = _AT.sub("", msg.removeprefix("Invalid JSON: "))
            if m:  # the JSON parser counts columns in UTF-8 bytes; reports count characters
                line, col = int(m.group(1)), source.char_column(int(m.group(1)), int(m.group(2)))
                problems.append((source.pointer_at(source.offset(line, col)), f"malformed JSON: {text}", (line, col)))
            else:
                problems.append(("", f"malformed JSON: {text}", None))
            continue
        message = None
        if relocate is not None:
            loc, message = relocate(err, loc)
        problems.append((pointer(*prefix, *loc), message or _message(err, loc), None))
    return located(source, problems)


def located(source: Source | None, problems: list[tuple[str, str, tuple[int, int] | None]]) -> list[Problem]:
    """(pointer, message, position or None) → Problems, each missing position found in one walk
    for all of them, ancestors included: a missing field is shown at its parent."""
    wanted = with_ancestors(p for p, _, pos in problems if pos is None)
    positions = source.locate(wanted) if source is not None and wanted else {}
    return [Problem(ptr, msg, *(pos or nearest(ptr, positions) or (None, None))) for ptr, msg, pos in problems]


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


def _message(err: dict, loc: list) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "union_tag_invalid":
        field = ctx.get("discriminator", "").strip("'")
        given = err.get("input", {}).get(field) if isinstance(err.get("input"), dict) else ctx.get("tag")
        shown = json.dumps(given, ensure_ascii=False) if not isinstance(given, str) else repr(given)
        return f"unknown {field} {shown}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        field = ctx.get("discriminator", "").strip("'")
        return f"required field {field!r} is missing"
    if kind == "literal_error":
        return f"invalid value {err.get('input')!r}; expected {ctx.get('expected')}"
    if kind == "date_parsing" or kind == "date_from_datetime_parsing":
        detail = ctx.get("error", "")
        return f"invalid date {err.get('input')!r}: must be a real date YYYY-MM-DD" + (f" ({detail})" if detail else "")
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {err.get('input')!r}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return (f"invalid id {err.get('input')!r}: an id must not be blank or hold control characters, "
                "line breaks or bidirectional overrides")
    if kind == "string_pattern_mismatch":
        return f"invalid rule ID {err.get('input')!r}; expected WX followed by three digits"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("model_type", "model_attributes_type", "dict_type") and not loc:
        return "must be a JSON object"
    if kind in _MESSAGES:
        base = _MESSAGES[kind]
        if kind.endswith("_type") and "input" in err:
            return f"{base}, got {json_type(err['input'])}"
        return base
    return err["msg"]


def json_type(value: Any) -> str:
    """How a JSON value's type is named in messages: ``'a string'``, ``'null'``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
