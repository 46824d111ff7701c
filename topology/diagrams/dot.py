"""Picture → Graphviz DOT, built with the ``graphviz`` package (it quotes what it emits).

User text never reaches DOT unescaped: labels and tooltips go through
``graphviz.escape`` (backslashes made literal, never an HTML-like label), control
characters are shown escaped, and node names are ``safe_id``s derived from account ids.
"""

from __future__ import annotations

import graphviz

from ..sanitize import escape
from ..vocab import phrase, term
from .model import Picture, findings_summary, safe_id
from .style import (
    CLUSTER_FILL,
    DIFF_COLOUR,
    EDGE_STYLE,
    FONTNAME,
    NODE_STYLE,
    PLACEHOLDER_STYLE,
    REMOVED_FILL,
    REMOVED_TEXT,
    SEVERITY_COLOUR,
)


def text(value: str, limit: int = 60) -> str:
    """User text made safe for a DOT string: one line, bounded, backslashes and '&' literal.

    Line breaks and other white space become single spaces; every other control character,
    and the bidirectional controls that would turn a label around, are shown escaped
    (:func:`topology.sanitize.escape`): a NUL ends the DOT source, the C0 controls make the SVG
    ill-formed XML. U+FFFE/U+FFFF are not XML either: they become spaces. Graphviz decodes
    entities (``&#1;``, ``&amp;``) in every label and tooltip, so ``&`` is written ``&amp;``.
    """
    one_line = escape(" ".join(str(value).replace("\ufffe", " ").replace("\uffff", " ").split()))
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return graphviz.escape(one_line.replace("&", "&amp;"))


def tip(value: str, limit: int = 400) -> str:
    """User text for a tooltip. Graphviz reads a tooltip's backslashes twice (``\\n``-style
    escapes, then ``\\N``-style object names), so each is escaped once more than in a label."""
    return graphviz.escape(text(value, limit))


def _attr(value: str) -> str:
    # graphviz.escape returns a marker type; keep it a marker after joining pieces.
    return graphviz.nohtml(value)


def to_dot(p: Picture, lang: str = "en", layout: str = "dot") -> str:
    """The DOT source of a picture (deterministic: sorted, no timestamps)."""
    title = text(p.title, 80)
    summary = findings_summary(p, lang)
    g = graphviz.Digraph(
        name="ecosystem",
        graph_attr={
            "label": _attr(f"{title}\\n{summary}" if summary else title),
            "labelloc": "t", "fontname": FONTNAME, "fontsize": "16", "rankdir": "LR",
            "nodesep": "0.3", "ranksep": "0.6",  # no newrank: it breaks dot (init_rank) with many clusters
            "layout": layout, "id": "ecosystem",
        },
        node_attr={"fontname": FONTNAME, "fontsize": "11", "style": "filled", "penwidth": "1.2"},
        edge_attr={"fontname": FONTNAME, "fontsize": "9"},
    )
    by_cluster: dict[str | None, list] = {}
    for node in p.nodes:
        by_cluster.setdefault(node.subject, []).append(node)
    for cluster in p.clusters:
        kind = term("subject_kind", cluster.kind, lang) if cluster.kind else "?"
        name = text(cluster.name or cluster.id)
        label = phrase("punct", "paren", lang).format(text=name, inner=kind)
        attrs = {"style": "rounded,filled", "fillcolor": CLUSTER_FILL, "color": "#BBBBBB",
                 "id": safe_id("subject", cluster.id)}
        if cluster.diff:
            label += f" · {term('diff_state', cluster.diff, lang)}"
            _diff_look(attrs, cluster.diff, "cluster")
            attrs["tooltip"] = _attr(tip(_diff_tip(cluster.diff, cluster.changes, cluster.name or cluster.id, lang)))
        with g.subgraph(name=safe_id("cluster_subject", cluster.id)) as c:
            c.attr(label=_attr(label), **attrs)
            for node in by_cluster.get(cluster.id, []):
                _node(c, node, lang, p.diff)
    for node in by_cluster.get(None, []):
        _node(g, node, lang, p.diff)
    clustered = {c.id for c in p.clusters}
    for sid, nodes in sorted((k, v) for k, v in by_cluster.items() if k is not None and k not in clustered):
        for node in nodes:
            _node(g, node, lang, p.diff)
    for e in p.edges:
        style, arrow, colour = EDGE_STYLE[e.kind]
        old = "old-" if e.diff == "removed" else ""  # a removed link's index is OLD's: its own id space
        ident = safe_id(old + "link", str(e.index)) if e.index is not None else safe_id(old + "primary", e.source)
        attrs = {"style": style, "arrowhead": arrow, "color": colour, "id": ident}
        if e.status == "inactive":  # rejected or unlinked: on record, holds no slot
            attrs.update(style="dotted", color="#BBBBBB")
        elif e.status == "pending":
            attrs["style"] = "dashed"
        state = "" if e.status == "linked" else phrase("diagram", e.status, lang)
        described = phrase("diagram", "edge_" + e.kind, lang) + state
        if e.diff:
            _diff_look(attrs, e.diff, "edge")
            described = _diff_tip(e.diff, e.changes, described, lang)
        if e.severity:
            attrs["color"] = SEVERITY_COLOUR[e.severity]
            attrs["penwidth"] = "2.2"
            if p.diff:
                attrs["class"] = " ".join(filter(None, [attrs.get("class"), f"finding-new-{e.severity}"]))
            attrs["tooltip"] = _attr(tip(" | ".join([described, *e.messages] if e.diff else e.messages)))
        else:
            attrs["tooltip"] = _attr(tip(described) if e.diff else text(described))
        g.edge(safe_id("acct", e.source), safe_id("acct", e.target), **attrs)
    _legend(g, p, lang)
    return g.source


def _diff_look(attrs: dict[str, str], state: str, what: str) -> None:
    """Restyle a node, edge or cluster of a diff drawing: green added, grey dashed removed, amber changed."""
    attrs["class"] = " ".join(filter(None, [attrs.get("class"), f"diff-{state}"]))
    attrs["color"] = DIFF_COLOUR[state]
    if state == "removed":
        if what == "node":
            attrs.update(fillcolor=REMOVED_FILL, fontcolor=REMOVED_TEXT, style="filled,dashed", penwidth="1.5")
        elif what == "edge":
            attrs["style"] = "dashed"
        else:
            attrs.update(style="rounded,filled,dashed", penwidth="1.5")
    else:
        attrs["penwidth"] = {"node": "3", "edge": "2.2", "cluster": "2"}[what]


def _diff_tip(state: str, changes: list[tuple[str, str]], what: str, lang: str) -> str:
    """``changed: features: [] → ["wechat_pay"]; verified: false → true`` (or ``added: WHAT``)."""
    word = term("diff_state", state, lang)
    if changes:
        return f"{word}: " + "; ".join(f"{name}: {detail}" for name, detail in changes)
    return f"{word}: {what}"


def _node(g: graphviz.Digraph, node, lang: str, diff: bool = False) -> None:
    if node.type is None:
        shape, fill, fontcolor = PLACEHOLDER_STYLE
        kind = phrase("diagram", "undefined", lang)
        style = "dashed"
    else:
        shape, fill, fontcolor = NODE_STYLE[node.type]
        kind = term("account_type", node.type, lang)
        style = "filled,dashed" if node.type == "auxiliary" else "filled"
    attrs = {"shape": shape, "fillcolor": fill, "fontcolor": fontcolor, "style": style,
             "id": safe_id("acct", node.id), "class": f"type-{node.type or 'undefined'}"}
    label = f"{text(node.label, 40)}\\n{kind}"
    tooltip = node.id if node.label == node.id else f"{node.label} ({node.id})"
    if node.diff:
        _diff_look(attrs, node.diff, "node")
        state = term("diff_state", node.diff, lang)
        if node.changes:
            state += ": " + ", ".join(name for name, _ in node.changes)
        label += f"\\n{text(state, 40)}"
        tooltip = _diff_tip(node.diff, node.changes, tooltip, lang)
    if node.severity:
        attrs["color"] = SEVERITY_COLOUR[node.severity]
        attrs["penwidth"] = "3"
        attrs["class"] += f" finding-new-{node.severity}" if diff else f" finding-{node.severity}"
        tooltip = " | ".join([tooltip, *node.messages] if node.diff else node.messages)
    attrs["tooltip"] = _attr(tip(tooltip))
    g.node(safe_id("acct", node.id), label=_attr(label), **attrs)


_GLYPHS = {"bold": "━━━▶", "bold,dashed": "╺━╸━▶", "solid": "───◇", "dotted": "┈┈┈▶", "dashed": "╌╌╌▷"}


def _legend(g: graphviz.Digraph, p: Picture, lang: str) -> None:
    """One HTML-table node: a swatch per account type and a line sample per edge kind present.

    Only fixed vocabulary goes into this HTML-like label, never user text.
    """
    types = sorted({n.type for n in p.nodes if n.type is not None}, key=list(NODE_STYLE).index)
    kinds = sorted({e.kind for e in p.edges}, key=list(EDGE_STYLE).index)
    drawn = [*p.nodes, *p.edges, *p.clusters]
    states = [s for s in DIFF_COLOUR if any(x.diff == s for x in drawn)] if p.diff else []
    if p.diff and any(x.severity == "error" for x in [*p.nodes, *p.edges]):
        states.append("new_error")
    if not types and not kinds and not states:
        return
    rows = [f'<TR><TD COLSPAN="2"><B>{phrase("diagram", "legend", lang)}</B></TD></TR>']
    for t in types:
        _, fill, fontcolor = NODE_STYLE[t]
        rows.append(f'<TR><TD BGCOLOR="{fill}" WIDTH="28"><FONT COLOR="{fontcolor}">{_SHAPE_MARK[t]}</FONT></TD>'
                    f'<TD ALIGN="LEFT">{term("account_type", t, lang)}</TD></TR>')
    for k in kinds:
        style, _, colour = EDGE_STYLE[k]
        glyph = "━━━◇" if k == "admin" else ("━━━●" if k == "member" else _GLYPHS[style])
        rows.append(f'<TR><TD><FONT COLOR="{colour}">{glyph}</FONT></TD>'
                    f'<TD ALIGN="LEFT">{phrase("diagram", "edge_" + k, lang)}</TD></TR>')
    for state in states:
        colour = SEVERITY_COLOUR["error"] if state == "new_error" else DIFF_COLOUR[state]
        glyph = "▢ ╌╌▷" if state == "removed" else "▢ ━━▶"
        rows.append(f'<TR><TD><FONT COLOR="{colour}"><B>{glyph}</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{phrase("diagram", "legend_" + state, lang)}</TD></TR>')
    table = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" COLOR="#BBBBBB">'
             + "".join(rows) + "</TABLE>>")
    g.node("legend", label=table, shape="box", style="rounded", color="#BBBBBB", fontsize="9", id="legend")


_SHAPE_MARK = {"personal": "◯", "auxiliary": "◌", "subscription": "▤", "service": "■", "enterprise": "▣",
               "mini_program": "⬢"}
