"""Numbered badges: which drawn account or link carries which findings, and the table that lists them.

A PNG or PDF has no tooltips, so every account and link with a finding gets a number ``[N]``
drawn beside it, and the picture ends with a table of its findings under the same numbers.
Both renderers number alike: accounts in the picture's order (sorted by id), then links in
the picture's order, so the numbers are deterministic and the same in DOT and Mermaid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .model import Picture

#: rows the table shows; the rest are counted in an "and N more" row (every finding stays in the tooltips)
MAX_ROWS = 50


@dataclass(frozen=True)
class Row:
    number: int
    rule: str
    message: str


@dataclass
class Badges:
    nodes: dict[str, int] = field(default_factory=dict)  # account id → its badge number
    edges: dict[int, int] = field(default_factory=dict)  # position in ``Picture.edges`` → its badge number
    rows: list[Row] = field(default_factory=list)  # every finding, in badge order

    def shown(self, limit: int = MAX_ROWS) -> tuple[list[Row], int]:
        """The rows a table draws and how many it leaves out."""
        return self.rows[:limit], max(len(self.rows) - limit, 0)


def badge(number: int) -> str:
    """How a badge reads: ``[3]``."""
    return f"[{number}]"


def badges(p: Picture) -> Badges:
    """Number the flagged accounts, then the flagged links; one table row per finding message."""
    out = Badges()
    flagged = [(True, node.id, node) for node in p.nodes if node.severity and node.messages]
    flagged += [(False, i, e) for i, e in enumerate(p.edges) if e.severity and e.messages]
    for number, (is_node, key, item) in enumerate(flagged, 1):
        (out.nodes if is_node else out.edges)[key] = number
        for text in item.messages:  # "RULE: message", as the picture carries them
            rule, sep, message = text.partition(": ")
            out.rows.append(Row(number, rule if sep else "", message if sep else text))
    return out
