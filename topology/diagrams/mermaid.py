"""Picture → Mermaid ``flowchart``: the same clusters, classes and highlighting as DOT.

Mermaid has no quoting library, so everything user-written is reduced to inert text:
node ids are ASCII-only ``mermaid_id``s, labels are quoted and every character that
Mermaid or HTML could read as syntax becomes an entity code (``#quot;``, ``#37;`` …), so
no name can open a directive (``%%{init}``), a ``click`` handler, markdown or HTML.

Findings are drawn as in DOT: the outline by severity (its own width and dashes), a badge
``[N]`` on each flagged account and link, and a ``findings_table`` node at the end listing them
under their numbers (Mermaid has no tables: one line per finding, the first ``MAX_ROWS``).
A ``legend`` subgraph shows a sample of every look the picture uses.
"""

from __future__ import annotations

from ..sanitize import escape
from ..vocab import phrase, term
from .badges import Badges, badge, badges
from .model import Picture, findings_summary
from .style import (
    DIFF_COLOUR,
    EDGE_STYLE,
    MERMAID_OUTLINE,
    NODE_STYLE,
    REMOVED_FILL,
    REMOVED_TEXT,
    SEVERITY_COLOUR,
    legend_keys,
)

_ARROWS = {
    "mini_program": "==>",
    "mini_program_cross": "-.->",
    "admin": "-->",
    "member": "---o",
    "promotes": "-.->",
    "primary": "-.->",
}
_SHAPES = {  # Mermaid node shapes (open, close)
    "personal": ("([", "])"),
    "auxiliary": ("([", "])"),
    "subscription": ("[", "]"),
    "service": ("[", "]"),
    "enterprise": ("[[", "]]"),
    "mini_program": ("{{", "}}"),
    None: ("[/", "/]"),
}


def mermaid_id(prefix: str, ident: str) -> str:
    """ASCII letters and digits kept; every other character as ``_HEX_`` (injective).

    >>> mermaid_id("a", "li-na"), mermaid_id("a", "暖")
    ('a_li_2d_na', 'a__6696_')
    """
    return prefix + "_" + "".join(ch if ch.isascii() and ch.isalnum() else f"_{ord(ch):x}_" for ch in ident)


def label(value: str, limit: int = 60) -> str:
    """User text as the inside of a quoted Mermaid label: one line, control and bidirectional
    characters shown escaped (:func:`topology.sanitize.escape`), entities for syntax."""
    one_line = escape(" ".join(str(value).split()))
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    out = []
    for ch in one_line:
        if ch.isalnum() or ch in " .,:;!?()（）：，。·—-_/+'" and ch != "#":
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def to_mermaid(p: Picture, lang: str = "en") -> str:
    lines = ["---", f'title: "{label(p.title, 80)}"', "---", f"flowchart {p.rankdir}"]  # the same direction as DOT
    summary = findings_summary(p, lang)
    if summary:
        lines.append(f'  status["{label(summary)}"]:::status')
    marks = badges(p)
    by_cluster: dict[str | None, list] = {}
    for node in p.nodes:
        by_cluster.setdefault(node.subject, []).append(node)
    clustered = {c.id for c in p.clusters}
    for cluster in p.clusters:
        kind = term("subject_kind", cluster.kind, lang) if cluster.kind else "?"
        name = cluster.name or cluster.id
        title = phrase("punct", "paren", lang).format(text=name, inner=kind)
        if cluster.diff:
            title += f" · {term('diff_state', cluster.diff, lang)}"
        lines.append(f'  subgraph {mermaid_id("subject", cluster.id)}["{label(title)}"]')
        lines += ["    " + _node(n, lang, marks) for n in by_cluster.get(cluster.id, [])]
        lines.append("  end")
    for key in sorted((k for k in by_cluster if k is None or k not in clustered), key=lambda k: (k is not None, k or "")):
        lines += ["  " + _node(n, lang, marks) for n in by_cluster[key]]
    link_styles = []
    for i, e in enumerate(p.edges):
        text = phrase("diagram", "edge_" + e.kind, lang)
        if e.status != "linked":
            text += phrase("diagram", e.status, lang)
        if e.diff:
            text += f" · {term('diff_state', e.diff, lang)}"
        if i in marks.edges:
            text += " " + badge(marks.edges[i])
        lines.append(f'  {mermaid_id("acct", e.source)} {_ARROWS[e.kind]}|"{label(text)}"| {mermaid_id("acct", e.target)}')
        link_styles.append(f"  linkStyle {i} {_link_style(e)}")
    lines += link_styles
    lines += _legend(p, lang, marks)
    lines += _findings(marks, lang)
    for t, (_, fill, fontcolor) in NODE_STYLE.items():
        if any(n.type == t for n in p.nodes):
            dashed = ",stroke-dasharray:4 3" if t == "auxiliary" else ""
            lines.append(f"  classDef type_{t} fill:{fill},color:{fontcolor},stroke:#333{dashed}")
    if any(n.type is None for n in p.nodes):
        lines.append("  classDef type_undefined fill:#fff,color:#555,stroke:#555,stroke-dasharray:4 3")
    for state, colour in DIFF_COLOUR.items():  # after the types and before the findings: the later class wins
        marked = [mermaid_id("acct", n.id) for n in p.nodes if n.diff == state]
        if any(x.diff == state for x in [*p.nodes, *p.edges, *p.clusters]):  # the legend's sample uses it too
            look = (f"fill:{REMOVED_FILL},color:{REMOVED_TEXT},stroke:{colour},stroke-dasharray:4 3"
                    if state == "removed" else f"stroke:{colour},stroke-width:3px")
            lines.append(f"  classDef diff_{state} {look}")
        if marked:
            lines.append(f"  class {','.join(marked)} diff_{state}")
    for severity, colour in SEVERITY_COLOUR.items():
        flagged = [mermaid_id("acct", n.id) for n in p.nodes if n.severity == severity]
        if flagged or any(e.severity == severity for e in p.edges):  # the legend's sample uses it too
            name = f"finding_new_{severity}" if p.diff else f"finding_{severity}"
            lines.append(f"  classDef {name} stroke:{colour},{MERMAID_OUTLINE[severity]}")
        if flagged:
            lines.append(f"  class {','.join(flagged)} {name}")
    if summary:
        lines.append("  classDef status fill:#fff,stroke:#fff,font-weight:bold")
    if marks.rows:
        lines.append("  classDef findings_table fill:#fff,stroke:#bbb,text-align:left")
    return "\n".join(lines) + "\n"


def _link_style(e) -> str:
    """The same line colours and dashes as the DOT drawing (style.EDGE_STYLE), as CSS."""
    style, _, colour = EDGE_STYLE[e.kind]
    width = 2 if e.kind.startswith("mini_program") else 1
    dashes = "2 3" if "dotted" in style else ("6 4" if "dashed" in style else None)
    if e.status == "inactive":
        colour, dashes = "#BBBBBB", "2 3"
    elif e.status == "pending":
        dashes = "6 4"
    if e.diff == "removed":
        colour, dashes = DIFF_COLOUR["removed"], "6 4"
    elif e.diff:
        colour, width = DIFF_COLOUR[e.diff], 2
    if e.severity:
        colour, width = SEVERITY_COLOUR[e.severity], 4 if e.severity == "error" else 3
    return f"stroke:{colour},stroke-width:{width}px" + (f",stroke-dasharray:{dashes}" if dashes else "")


def _node(node, lang: str, marks: Badges) -> str:
    open_, close = _SHAPES[node.type]
    kind = term("account_type", node.type, lang) if node.type else phrase("diagram", "undefined", lang)
    if node.diff:
        kind += f" · {term('diff_state', node.diff, lang)}"
    number = f"<br/>{label(badge(marks.nodes[node.id]))}" if node.id in marks.nodes else ""
    return (f'{mermaid_id("acct", node.id)}{open_}"{label(node.label, 40)}<br/>{label(kind)}{number}"{close}'
            f':::type_{node.type or "undefined"}')


_GLYPHS = {"==>": "━━▶", "-.->": "╌╌▶", "-->": "──▶", "---o": "──●"}


def _legend(p: Picture, lang: str, marks: Badges) -> list[str]:
    """A ``legend`` subgraph: one sample node per entry of ``style.legend_keys`` (the same entries as DOT)."""
    keys = legend_keys(p, bool(marks.rows))
    if not keys:
        return []
    lines = [f'  subgraph legend["{label(phrase("diagram", "legend", lang))}"]']
    for group, key in keys:
        if group == "type":
            open_, close = _SHAPES[key]
            lines.append(f'    legend_type_{key}{open_}"{label(term("account_type", key, lang))}"{close}:::type_{key}')
            continue
        if group == "kind":
            word, glyph = phrase("diagram", "edge_" + key, lang), _GLYPHS[_ARROWS[key]]
        elif group == "state":
            word, glyph = phrase("diagram", "legend_" + key, lang), "┈┈▶" if key == "inactive" else "╌╌▶"
        elif group == "badge":
            word, glyph = phrase("diagram", "legend_badge", lang), "[N]"
        else:  # a severity or diff state: the node sample carries the class the picture uses
            cls = {"severity": f"finding_{key}", "diff": "finding_new_error" if key == "new_error" else f"diff_{key}"}
            word = phrase("diagram", "legend_error_solid" if key == "error" else "legend_" + key, lang)
            lines.append(f'    legend_{group}_{key}["{label(word)}"]:::{cls[group]}')
            continue
        lines.append(f'    legend_{group}_{key}["{label(glyph + " " + word)}"]:::legend')
    lines += ["  end", "  classDef legend fill:#fff,stroke:#fff"]
    return lines


def _findings(marks: Badges, lang: str) -> list[str]:
    """The findings table as one node: a line per finding, ``[N] RULE: message``, then "and N more"."""
    rows, rest = marks.shown()
    if not rows:
        return []
    parts = [label(phrase("diagram", "findings", lang))]
    parts += [label(f"{badge(r.number)} {r.rule}: {r.message}", 160) for r in rows]
    if rest:
        parts.append(label(phrase("diagram", "more_rows", lang).format(n=rest), 120))
    return [f'  findings_table["{"<br/>".join(parts)}"]:::findings_table']
