"""What the headroom and repair planners read: the ecosystem, the ruleset of the day, the raw
document.

The ruleset is resolved exactly as :func:`topology.validate` resolves it, so a planner never
counts against other numbers than the report it answers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..loader import Source
    from ..model import Ecosystem
    from ..ruleset import Ruleset


def resolve(
    eco: Ecosystem | str | Path | dict,
    ruleset: str | Path | Ruleset | None,
    overrides: dict[str, Any] | list[str] | None,
    as_of: date | str | None,
    rules_as_of: date | str | None,
) -> tuple[Ecosystem, Ruleset, date]:
    """(ecosystem, ruleset in force, evaluation date) as ``validate`` uses them
    (:func:`topology.engine.ruleset_for`)."""
    from ..document import load
    from ..engine import ruleset_for
    from ..model import Ecosystem

    if not isinstance(eco, Ecosystem):
        eco = load(eco)
    rs, when = ruleset_for(eco, ruleset, overrides, as_of, rules_as_of)
    return eco, rs, when


def raw_mapping(source: Source) -> dict:
    """The document as the plain mapping it was written as (JSON or YAML), keys in order.

    It goes through the same reader as :func:`topology.load` (for YAML: no aliases, dates kept
    as strings), so what is written back is what was read.
    """
    from ..loader import parse_data

    return parse_data(source)


def dumps_listing(data: dict, key: str) -> str:
    """JSON like the reports' (two-space indent, UTF-8 text), except that the items of the list
    under ``key`` take one line each: one diff line per row, and the C encoder instead of the
    pure-Python indenting one (a 10^5-link headroom has 10^5 rows).

    >>> print(dumps_listing({"a": 1, "rows": [{"x": 1}, {"x": [2]}]}, "rows"), end="")
    {
      "a": 1,
      "rows": [
        {"x": 1},
        {"x": [2]}
      ]
    }
    """
    from ..jsonfmt import dumps
    from ..sanitize import json_escapes

    items = data[key]
    if not items:
        return dumps(data)
    marker = "\u0000listing\u0000"
    head = dumps({**data, key: marker})
    body = ",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in items)
    return head.replace(json.dumps(marker), "[\n" + json_escapes(body) + "\n  ]", 1)
