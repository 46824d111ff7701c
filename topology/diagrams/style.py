"""The look of a diagram: one place for shapes, colours, line styles and labels.

The fills are the Okabe–Ito palette (distinguishable with every common colour-vision
deficiency); each account type also has its own shape, so a greyscale print still tells
them apart. Findings colour the outline and text (red for error, amber for warning),
never the fill, so the type stays readable on a flagged account.
"""

from __future__ import annotations

from ..vocab import ACCOUNT_TYPES, LINK_KINDS

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

SEVERITY_COLOUR = {"error": "#D55E00", "warning": "#B8860B"}  # vermilion, dark amber
CLUSTER_FILL = "#F7F7F7"

#: `wxtopo diff` drawings: the outline of what NEW added, OLD had and NEW lacks, and what changed.
#: A new error keeps SEVERITY_COLOUR["error"] (vermilion); the state is also written in the
#: label, so colour is never the only cue. Green is Paul Tol's colour-blind-safe green: darker
#: than the enterprise fill (#009E73), so an added enterprise account still shows its outline.
DIFF_COLOUR = {"added": "#117733", "removed": "#999999", "changed": "#B8860B"}
REMOVED_FILL, REMOVED_TEXT = "#EEEEEE", "#777777"

#: Every word a diagram shows (type and kind labels, edge descriptions, legend) is in
#: :mod:`topology.vocab`: ``term("account_type", ...)``, ``phrase("diagram", ...)``.

#: Fonts tried in order; a CJK-capable one first so Chinese names render.
FONTNAME = "Noto Sans CJK SC,Noto Sans,DejaVu Sans,sans-serif"

assert set(NODE_STYLE) == set(ACCOUNT_TYPES) and set(LINK_KINDS) <= set(EDGE_STYLE)
