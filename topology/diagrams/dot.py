"""Picture → Graphviz DOT, built with the ``graphviz`` package (it quotes what it emits).

User text never reaches DOT unescaped: labels and tooltips go through
``graphviz.escape`` (backslashes made literal, never an HTML-like label), control
characters become spaces, and node names are ``safe_id``s derived from account ids.
"""

from __future__ import annotations

import unicodedata

import graphviz

from .model import Picture, findings_summary, safe_id
from .style import (
    CLUSTER_FILL,
    EDGE_LABELS,
    EDGE_STYLE,
    FONTNAME,
    KIND_LABELS,
    NODE_STYLE,
    PLACEHOLDER_STYLE,
    SEVERITY_COLOUR,
    TYPE_LABELS,
    WORDS,
)


def text(value: str, limit: int = 60) -> str:
    """User text made safe for a DOT string: one line, bounded, backslashes and '&' literal.

    Control characters (and U+FFFE/U+FFFF) become spaces: a NUL ends the DOT source and the
    others make the SVG ill-formed XML. Graphviz decodes entities (``&#1;``, ``&amp;``) in
    every label and tooltip, so ``&`` is written ``&amp;`` to stay the character it is.
    """
    cleaned = "".join(" " if ch in "\ufffe\uffff" or unicodedata.category(ch) == "Cc" else ch for ch in str(value))
    one_line = " ".join(cleaned.split())
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
        kind = KIND_LABELS.get(cluster.kind or "", {}).get(lang, "?")
        name = text(cluster.name or cluster.id)
        with g.subgraph(name=safe_id("cluster_subject", cluster.id)) as c:
            c.attr(label=_attr(f"{name} ({kind})" if lang == "en" else f"{name}（{kind}）"),
                   style="rounded,filled", fillcolor=CLUSTER_FILL, color="#BBBBBB",
                   id=safe_id("subject", cluster.id))
            for node in by_cluster.get(cluster.id, []):
                _node(c, node, lang)
    for node in by_cluster.get(None, []):
        _node(g, node, lang)
    clustered = {c.id for c in p.clusters}
    for sid, nodes in sorted((k, v) for k, v in by_cluster.items() if k is not None and k not in clustered):
        for node in nodes:
            _node(g, node, lang)
    for e in p.edges:
        style, arrow, colour = EDGE_STYLE[e.kind]
        attrs = {"style": style, "arrowhead": arrow, "color": colour,
                 "id": safe_id("link", str(e.index)) if e.index is not None else safe_id("primary", e.source)}
        if e.status == "inactive":  # rejected or unlinked: on record, holds no slot
            attrs.update(style="dotted", color="#BBBBBB")
        elif e.status == "pending":
            attrs["style"] = "dashed"
        if e.severity:
            attrs["color"] = SEVERITY_COLOUR[e.severity]
            attrs["penwidth"] = "2.2"
            attrs["tooltip"] = _attr(tip(" | ".join(e.messages)))
        else:
            state = "" if e.status == "linked" else WORDS[e.status][lang]
            attrs["tooltip"] = _attr(text(EDGE_LABELS[e.kind][lang] + state))
        g.edge(safe_id("acct", e.source), safe_id("acct", e.target), **attrs)
    _legend(g, p, lang)
    return g.source


def _node(g: graphviz.Digraph, node, lang: str) -> None:
    if node.type is None:
        shape, fill, fontcolor = PLACEHOLDER_STYLE
        kind = WORDS["undefined"][lang]
        style = "dashed"
    else:
        shape, fill, fontcolor = NODE_STYLE[node.type]
        kind = TYPE_LABELS[node.type][lang]
        style = "filled,dashed" if node.type == "auxiliary" else "filled"
    attrs = {"shape": shape, "fillcolor": fill, "fontcolor": fontcolor, "style": style,
             "id": safe_id("acct", node.id), "class": f"type-{node.type or 'undefined'}"}
    label = f"{text(node.label, 40)}\\n{kind}"
    tooltip = node.id if node.label == node.id else f"{node.label} ({node.id})"
    if node.severity:
        attrs["color"] = SEVERITY_COLOUR[node.severity]
        attrs["penwidth"] = "3"
        attrs["class"] += f" finding-{node.severity}"
        tooltip = " | ".join(node.messages)
    attrs["tooltip"] = _attr(tip(tooltip))
    g.node(safe_id("acct", node.id), label=_attr(label), **attrs)


_GLYPHS = {"bold": "━━━▶", "bold,dashed": "╺━╸━▶", "solid": "───◇", "dotted": "┈┈┈▶", "dashed": "╌╌╌▷"}


def _legend(g: graphviz.Digraph, p: Picture, lang: str) -> None:
    """One HTML-table node: a swatch per account type and a line sample per edge kind present.

    Only fixed vocabulary goes into this HTML-like label, never user text.
    """
    types = sorted({n.type for n in p.nodes if n.type is not None}, key=list(NODE_STYLE).index)
    kinds = sorted({e.kind for e in p.edges}, key=list(EDGE_STYLE).index)
    if not types and not kinds:
        return
    rows = [f'<TR><TD COLSPAN="2"><B>{WORDS["legend"][lang]}</B></TD></TR>']
    for t in types:
        _, fill, fontcolor = NODE_STYLE[t]
        rows.append(f'<TR><TD BGCOLOR="{fill}" WIDTH="28"><FONT COLOR="{fontcolor}">{_SHAPE_MARK[t]}</FONT></TD>'
                    f'<TD ALIGN="LEFT">{TYPE_LABELS[t][lang]}</TD></TR>')
    for k in kinds:
        style, _, colour = EDGE_STYLE[k]
        glyph = "━━━◇" if k == "admin" else ("━━━●" if k == "member" else _GLYPHS[style])
        rows.append(f'<TR><TD><FONT COLOR="{colour}">{glyph}</FONT></TD><TD ALIGN="LEFT">{EDGE_LABELS[k][lang]}</TD></TR>')
    table = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" COLOR="#BBBBBB">'
             + "".join(rows) + "</TABLE>>")
    g.node("legend", label=table, shape="box", style="rounded", color="#BBBBBB", fontsize="9", id="legend")


_SHAPE_MARK = {"personal": "◯", "auxiliary": "◌", "subscription": "▤", "service": "■", "enterprise": "▣",
               "mini_program": "⬢"}
