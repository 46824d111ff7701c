"""The two JSON layouts wxtopo writes, and reading its small JSON inputs. Imports only
``json`` (and wxtopo's errors): the catalogue stays light."""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any


def read_json_file(path: str | Path, what: str, error: type[Exception] | None = None) -> Any:
    """A ruleset or suppressions file, parsed; an unreadable or malformed one raises ``error``
    (UsageError by default: exit 2) saying which ``what`` and why."""
    from pathlib import Path

    from .errors import UsageError

    error = error or UsageError
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise error(f"{what} {path} is not valid JSON: {exc}") from None


def dumps(data: Any) -> str:
    """Reports and dumps: two-space indent, UTF-8 text (no ``\\u`` escapes), trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
    return "\n".join(lines)
