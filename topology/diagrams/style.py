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

DIFF_LABELS: dict[str, dict[str, str]] = {
    "added": {"en": "added", "zh": "新增"},
    "removed": {"en": "removed", "zh": "已删除"},
    "changed": {"en": "changed", "zh": "已更改"},
    "new_error": {"en": "new error", "zh": "新错误"},
}
#: the legend's longer wording of each state
DIFF_LEGEND: dict[str, dict[str, str]] = {
    "added": {"en": "added (only in NEW)", "zh": "新增（仅在新版本）"},
    "removed": {"en": "removed (only in OLD)", "zh": "已删除（仅在旧版本）"},
    "changed": {"en": "changed (fields in the tooltip)", "zh": "已更改（字段见提示）"},
    "new_error": {"en": "new error finding", "zh": "新出现的错误"},
}

TYPE_LABELS: dict[str, dict[str, str]] = {
    "personal": {"en": "personal account", "zh": "个人主账号"},
    "auxiliary": {"en": "auxiliary account", "zh": "辅助账号"},
    "subscription": {"en": "subscription account", "zh": "订阅号"},
    "service": {"en": "service account", "zh": "服务号"},
    "enterprise": {"en": "enterprise account", "zh": "企业号"},
    "mini_program": {"en": "mini-program", "zh": "小程序"},
}

KIND_LABELS: dict[str, dict[str, str]] = {
    "individual": {"en": "individual", "zh": "个人"},
    "sole_trader": {"en": "sole trader", "zh": "个体工商户"},
    "enterprise": {"en": "enterprise", "zh": "企业"},
    "government": {"en": "government", "zh": "政府"},
    "media": {"en": "media", "zh": "媒体"},
    "organization": {"en": "organization", "zh": "其他组织"},
}

EDGE_LABELS: dict[str, dict[str, str]] = {
    "mini_program": {"en": "links mini-program (same subject)", "zh": "关联小程序（同主体）"},
    "mini_program_cross": {"en": "links mini-program (other subject)", "zh": "关联小程序（不同主体）"},
    "admin": {"en": "administers", "zh": "管理"},
    "member": {"en": "member of", "zh": "成员"},
    "promotes": {"en": "promotes", "zh": "引流"},
    "primary": {"en": "auxiliary of", "zh": "辅助账号"},
}

WORDS: dict[str, dict[str, str]] = {
    "legend": {"en": "Legend", "zh": "图例"},
    "valid": {"en": "valid", "zh": "有效"},
    "invalid": {"en": "invalid", "zh": "无效"},
    "errors": {"en": "errors", "zh": "个错误"},
    "warnings": {"en": "warnings", "zh": "个警告"},
    "undefined": {"en": "undefined id", "zh": "未定义的 id"},
    "no_subject": {"en": "no subject", "zh": "无主体"},
    "pending": {"en": " (pending)", "zh": "（待确认）"},
    "inactive": {"en": " (rejected or unlinked)", "zh": "（已拒绝或已解除）"},
}

#: Fonts tried in order; a CJK-capable one first so Chinese names render.
FONTNAME = "Noto Sans CJK SC,Noto Sans,DejaVu Sans,sans-serif"

assert set(NODE_STYLE) == set(ACCOUNT_TYPES) and set(LINK_KINDS) <= set(EDGE_STYLE)
