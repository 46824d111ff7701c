"""The aggregated view drawn: DOT (through the ``graphviz`` package) and Mermaid.

Same escaping as the account view: user text goes through :func:`topology.diagrams.dot.text`
(DOT) or :func:`topology.diagrams.mermaid.label` (Mermaid); ids are ``safe_id`` / ``mermaid_id``.
A subject with findings is outlined by its worst severity, in the account view's colours and
lines (style.SEVERITY_COLOUR, SEVERITY_OUTLINE: error double, warning dashed, so colour is never
the only cue); an edge's width grows with its links.
"""

from __future__ import annotations

import math

import graphviz

from ..vocab import count, phrase, term
from .aggregate import Aggregate, Flow, Group
from .dot import text, tip
from .mermaid import label, mermaid_id
from .model import findings_summary
from .style import CLUSTER_FILL, FONTNAME, MERMAID_OUTLINE, SEVERITY_COLOUR, SEVERITY_OUTLINE

#: Above QUICK_ABOVE nodes and edges, dot's crossing minimisation and network simplex are cut short
#: and edges drawn straight: 612 subjects and 2,761 edges (a 3·10^4-link ecosystem) take about 30 s
#: instead of more than 5 minutes. (Not for the account view: with clusters, nslimit breaks dot.)
QUICK = {"mclimit": "0.1", "nslimit": "1", "nslimit1": "1", "splines": "line"}
QUICK_ABOVE = 400


def penwidth(links: int) -> float:
    """1 for one link, +1.5 for each doubling, at most 8: a thousand links do not paint a wall."""
    return round(min(1.0 + 1.5 * math.log2(max(links, 1)), 8.0), 2)


def _title(g: Group, lang: str) -> str:
    if g.id is None:
        return phrase("diagram", "no_subject", lang)
    kind = term("subject_kind", g.kind, lang) if g.kind else "?"
    return phrase("punct", "paren", lang).format(text=g.name or g.id, inner=kind)


def _lines(g: Group, lang: str) -> list[str]:
    """The fixed-vocabulary lines under a subject's name: its accounts by type, then its findings."""
    lines = [count(n, "type_" + t, lang) if t else count(n, "account", lang) for t, n in g.types.items()]
    found = [count(g.findings[s], s, lang) for s in ("error", "warning") if s in g.findings]
    if found:
        lines.append(phrase("punct", "comma", lang).join(found))
    return lines


def _tooltip(g: Group, lang: str) -> str:
    parts = [_title(g, lang)]
    if g.inside:
        parts.append(phrase("aggregate", "inside", lang).format(links=count(g.inside, "link", lang)))
    return " | ".join(parts + g.messages)


def _flow_tip(f: Flow, names: dict[str | None, str], lang: str) -> str:
    head = phrase("aggregate", "flow", lang).format(source=names[f.source], target=names[f.target],
                                                    links=count(f.links, "link", lang))
    return " | ".join([head, *f.messages])


def to_dot(a: Aggregate, lang: str = "en", layout: str = "dot") -> str:
    """The DOT source of the aggregated view (deterministic: the picture is sorted)."""
    title = text(a.title, 80)
    summary = findings_summary(a, lang)  # type: ignore[arg-type]  # reads title/valid/counts/summary only
    g = graphviz.Digraph(
        name="ecosystem",
        graph_attr={"label": graphviz.nohtml(f"{title}\\n{summary}" if summary else title), "labelloc": "t",
                    "fontname": FONTNAME, "fontsize": "16", "rankdir": a.rankdir, "nodesep": "0.4",
                    "ranksep": "0.8", "layout": layout, "id": "ecosystem", "class": "aggregate",
                    **({"overlap": "prism", "sep": "+12", "splines": "true"} if layout != "dot" else {}),
                    **({"pack": "true", "packmode": "array_u"} if a.pack else {}),
                    **(QUICK if layout == "dot" and len(a.groups) + len(a.flows) > QUICK_ABOVE else {})},
        node_attr={"fontname": FONTNAME, "fontsize": "11", "shape": "box", "style": "rounded,filled",
                   "fillcolor": CLUSTER_FILL, "color": "#888888", "penwidth": "1.2"},
        edge_attr={"fontname": FONTNAME, "fontsize": "10", "color": "#555555"},
    )
    names: dict[str | None, str] = {}
    for grp in a.groups:
        names[grp.id] = _title(grp, lang)
        lines = [text(names[grp.id], 60), *(text(x, 80) for x in _lines(grp, lang))]
        attrs = {"id": grp.dot_id, "class": "subject" + (f" finding-{grp.severity}" if grp.severity else ""),
                 "tooltip": graphviz.nohtml(tip(_tooltip(grp, lang)))}
        if grp.severity:
            outline = dict(SEVERITY_OUTLINE[grp.severity])
            extra = outline.pop("style", "")
            attrs.update(color=SEVERITY_COLOUR[grp.severity], **outline)
            if extra:
                attrs["style"] = f"rounded,filled,{extra}"
        g.node(grp.dot_id, label=graphviz.nohtml("\\n".join(lines)), **attrs)
    ids = {grp.id: grp.dot_id for grp in a.groups}
    for f in a.flows:
        attrs = {"id": f.dot_id, "label": str(f.links), "penwidth": str(penwidth(f.links)),
                 "tooltip": graphviz.nohtml(tip(_flow_tip(f, names, lang)))}
        if f.severity:
            attrs.update(color=SEVERITY_COLOUR[f.severity], fontcolor=SEVERITY_COLOUR[f.severity],
                         **{"class": f"finding-{f.severity}"})
        g.edge(ids[f.source], ids[f.target], **attrs)
    _legend(g, a, lang)
    return g.source


def _legend(g: graphviz.Digraph, a: Aggregate, lang: str) -> None:
    """Fixed vocabulary only (an HTML-like label): what the widths and outlines mean."""
    rows = [f'<TR><TD COLSPAN="2"><B>{phrase("diagram", "legend", lang)}</B></TD></TR>']
    if a.flows:
        rows.append(f'<TR><TD><FONT COLOR="#555555"><B>━━▶</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{phrase("aggregate", "legend_width", lang)}</TD></TR>')
    for sev in ("error", "warning"):
        if any(grp.severity == sev for grp in a.groups):
            dashed = ' STYLE="dashed"' if sev == "warning" else ""
            rows.append(f'<TR><TD BORDER="3" COLOR="{SEVERITY_COLOUR[sev]}"{dashed} WIDTH="28"> </TD>'
                        f'<TD ALIGN="LEFT">{phrase("aggregate", "legend_" + sev, lang)}</TD></TR>')
    if len(rows) > 1:
        table = '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"
        g.node("legend", label=table, shape="box", style="rounded", color="#BBBBBB", fontsize="9", id="legend")


def to_mermaid(a: Aggregate, lang: str = "en") -> str:
    """The Mermaid flowchart of the aggregated view; the same outlines and widths as CSS."""
    lines = ["---", f'title: "{label(a.title, 80)}"', "---", f"flowchart {a.rankdir}"]
    summary = findings_summary(a, lang)  # type: ignore[arg-type]
    if summary:
        lines.append(f'  status["{label(summary)}"]:::status')
    ids: dict[str | None, str] = {}
    for grp in a.groups:
        ids[grp.id] = "no_subject" if grp.id is None else mermaid_id("subject", grp.id)
        body = "<br/>".join([label(_title(grp, lang)), *(label(x, 80) for x in _lines(grp, lang))])
        lines.append(f'  {ids[grp.id]}["{body}"]:::subject')
    styles = []
    for i, f in enumerate(a.flows):
        lines.append(f'  {ids[f.source]} -->|"{f.links}"| {ids[f.target]}')
        colour = SEVERITY_COLOUR[f.severity] if f.severity else "#555555"
        styles.append(f"  linkStyle {i} stroke:{colour},stroke-width:{penwidth(f.links)}px")
    lines += styles
    lines.append(f"  classDef subject fill:{CLUSTER_FILL},stroke:#888,color:#000")
    for sev, colour in SEVERITY_COLOUR.items():
        flagged = [ids[grp.id] for grp in a.groups if grp.severity == sev]
        if flagged:
            lines.append(f"  classDef finding_{sev} stroke:{colour},{MERMAID_OUTLINE[sev]}")
            lines.append(f"  class {','.join(flagged)} finding_{sev}")
    if summary:
        lines.append("  classDef status fill:#fff,stroke:#fff,font-weight:bold")
    return "\n".join(lines) + "\n"
