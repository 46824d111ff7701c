"""The look of a diagram: one place for shapes, colours, line styles and labels.

The fills are the Okabe–Ito palette (distinguishable with every common colour-vision
deficiency); each account type also has its own shape, so a greyscale print still tells
them apart. Findings colour the outline and text (red for error, amber for warning),
never the fill, so the type stays readable on a flagged account. An outline must stand out
against every fill it can border (each type's fill, the cluster fill, the page): with the dark
service blue among the fills, only deep colours reach WCAG's 3:1 for graphics against all of
them (``contrast``; tests/diagrams/test_contrast.py), so the severities are a deep red and a
deep brown, and each has its own line besides: error a thick double outline, warning a thick
dashed one (``SEVERITY_OUTLINE``), so a colour-blind reader or a greyscale print tells them apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import ACCOUNT_TYPES, LINK_KINDS

if TYPE_CHECKING:  # pragma: no cover
    from .model import Picture

#: account type → (Graphviz shape, fill colour, text colour)
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "personal": ("ellipse", "#F0E442", "#000000"),      # yellow
    "auxiliary": ("oval", "#FFF7B3", "#000000"),        # pale yellow, dashed outline
    "subscription": ("note", "#56B4E9", "#000000"),     # sky blue
    "service": ("box", "#0072B2", "#FFFFFF"),           # blue
    "enterprise": ("component", "#009E73", "#FFFFFF"),  # bluish green
    "mini_program": ("hexagon", "#E69F00", "#000000"),  # orange
}
PLACEHOLDER_STYLE = ("box", "#FFFFFF", "#555555")

#: edge kind → (Graphviz style, arrowhead, colour)
EDGE_STYLE: dict[str, tuple[str, str, str]] = {
    "mini_program": ("bold", "normal", "#333333"),
    "mini_program_cross": ("bold,dashed", "normal", "#CC79A7"),  # reddish purple: crosses subjects
    "admin": ("solid", "odiamond", "#555555"),
    "member": ("solid", "dot", "#009E73"),
    "promotes": ("dotted", "vee", "#777777"),
    "primary": ("dashed", "onormal", "#8C7A00"),
}

SEVERITY_COLOUR = {"error": "#4A0000", "warning": "#2E1F00"}  # deep red, deep brown: ≥ 3:1 on every fill
CLUSTER_FILL = "#F7F7F7"
#: severity → the outline's own line, so colour is never the only cue: Graphviz node attributes
#: (``style`` words added to the type's own) and the same look in Mermaid's CSS.
SEVERITY_OUTLINE: dict[str, dict[str, str]] = {
    "error": {"penwidth": "2.5", "peripheries": "2"},  # a double outline, solid
    "warning": {"penwidth": "3.5", "style": "dashed"},  # thick and dashed (the auxiliary type's dashes are thin)
}
SEVERITY_EDGE_WIDTH = {"error": "3.5", "warning": "2.5"}
MERMAID_OUTLINE = {"error": "stroke-width:6px,stroke-dasharray:0",  # Mermaid has no double line: thicker
                   "warning": "stroke-width:4px,stroke-dasharray:8 4"}
MIN_CONTRAST = 3.0  # WCAG 2.1 (1.4.11) for graphical objects against what is next to them

#: `wxtopo diff` drawings: the outline of what NEW added, OLD had and NEW lacks, and what changed.
#: A new error keeps SEVERITY_COLOUR["error"] (deep red, double outline); the state is also written in the
#: label, so colour is never the only cue. Green is Paul Tol's colour-blind-safe green: darker
#: than the enterprise fill (#009E73), so an added enterprise account still shows its outline.
DIFF_COLOUR = {"added": "#117733", "removed": "#999999", "changed": "#B8860B"}
REMOVED_FILL, REMOVED_TEXT = "#EEEEEE", "#777777"

#: Every word a diagram shows (type and kind labels, edge descriptions, legend) is in
#: :mod:`topology.vocab`: ``term("account_type", ...)``, ``phrase("diagram", ...)``.

#: Fonts tried in order; a CJK-capable one first so Chinese names render.
FONTNAME = "Noto Sans CJK SC,Noto Sans,DejaVu Sans,sans-serif"


def legend_keys(p: Picture, badged: bool) -> list[tuple[str, str]]:
    """What the legend explains, in its order: (group, key) for each account type, link kind,
    link state, finding severity, badge and diff state the picture draws, and nothing else.
    Both renderers draw these entries, in this order."""
    types = sorted({n.type for n in p.nodes if n.type is not None}, key=list(NODE_STYLE).index)
    kinds = sorted({e.kind for e in p.edges}, key=list(EDGE_STYLE).index)
    link_states = [s for s in ("pending", "inactive") if any(e.status == s for e in p.edges)]
    flagged = [*p.nodes, *p.edges]
    severities = [] if p.diff else [s for s in SEVERITY_COLOUR if any(x.severity == s for x in flagged)]
    drawn = [*p.nodes, *p.edges, *p.clusters]
    states = [s for s in DIFF_COLOUR if any(x.diff == s for x in drawn)] if p.diff else []
    if p.diff and any(x.severity == "error" for x in flagged):
        states.append("new_error")
    return ([("type", t) for t in types] + [("kind", k) for k in kinds] + [("state", s) for s in link_states]
            + [("severity", s) for s in severities] + ([("badge", "badge")] if badged else [])
            + [("diff", s) for s in states])


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    channels = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def fills() -> list[str]:
    """Every fill an outline can border: each type's, the placeholder's, a removed account's, a cluster's, the page."""
    return sorted({*(f for _, f, _ in NODE_STYLE.values()), PLACEHOLDER_STYLE[1], REMOVED_FILL, CLUSTER_FILL,
                   "#FFFFFF"})


assert set(NODE_STYLE) == set(ACCOUNT_TYPES) and set(LINK_KINDS) <= set(EDGE_STYLE)
