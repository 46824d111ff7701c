"""The two JSON layouts wxtopo writes. Imports only ``json``: the catalogue stays light."""

from __future__ import annotations

import json

from .sanitize import json_escapes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any


def dumps(data: Any) -> str:
    """Reports and dumps: two-space indent, UTF-8 text (``\\u`` escapes only for the controls
    :func:`topology.sanitize.json_escapes` names), trailing newline."""
    return json_escapes(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


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
