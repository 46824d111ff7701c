"""Picture → Graphviz DOT, built with the ``graphviz`` package (it quotes what it emits).

User text never reaches DOT unescaped: labels and tooltips go through
``graphviz.escape`` (backslashes made literal), control characters are shown escaped, and
node names are ``safe_id``s derived from account ids. Two nodes have HTML-like labels, the
legend (fixed words only) and the findings table, whose messages go through :func:`html`.
"""

from __future__ import annotations

import re

import graphviz

from ..sanitize import escape
from ..vocab import phrase, term
from .badges import Badges, badge, badges
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
    SEVERITY_EDGE_WIDTH,
    SEVERITY_OUTLINE,
    legend_keys,
)


def _one_line(value: str, limit: int) -> str:
    """One line, bounded, control and bidirectional characters shown escaped; U+FFFE/U+FFFF as spaces."""
    one_line = escape(" ".join(str(value).replace("\ufffe", " ").replace("\uffff", " ").split()))
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def html(value: str, limit: int = 60) -> str:
    """User text made safe inside an HTML-like label: one line, bounded, and the five XML
    specials as entities, so no name can close the label (``>``), open a tag or an entity.
    Graphviz still expands ``\\N``-style object names in HTML text (after decoding entities),
    so each backslash is doubled: ``\\\\`` is how it shows one."""
    one_line = _one_line(value, limit)
    for ch, entity in (("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;")):
        one_line = one_line.replace(ch, entity)
    return one_line


def text(value: str, limit: int = 60) -> str:
    """User text made safe for a DOT string: one line, bounded, backslashes and '&' literal.

    Line breaks and other white space become single spaces; every other control character,
    and the bidirectional controls that would turn a label around, are shown escaped
    (:func:`topology.sanitize.escape`): a NUL ends the DOT source, the C0 controls make the SVG
    ill-formed XML. U+FFFE/U+FFFF are not XML either: they become spaces. Graphviz decodes
    entities (``&#1;``, ``&amp;``) in every label and tooltip, so ``&`` is written ``&amp;``.
    """
    return graphviz.escape(_one_line(value, limit).replace("&", "&amp;"))


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
            "labelloc": "t", "fontname": FONTNAME, "fontsize": "16", "rankdir": p.rankdir,
            "nodesep": "0.3", "ranksep": "0.6",  # no newrank: it breaks dot (init_rank) with many clusters
            "layout": layout, "id": "ecosystem",
            # fdp (the force-directed layout): no overlapping nodes, curved edges around them
            **({"overlap": "prism", "sep": "+12", "splines": "true"} if layout != "dot" else {}),
            **({"pack": "true", "packmode": "array_u"} if getattr(p, "pack", False) else {}),
        },
        node_attr={"fontname": FONTNAME, "fontsize": "11", "style": "filled", "penwidth": "1.2"},
        edge_attr={"fontname": FONTNAME, "fontsize": "9"},
    )
    marks = badges(p)
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
                _node(c, node, lang, p.diff, marks)
    for node in by_cluster.get(None, []):
        _node(g, node, lang, p.diff, marks)
    clustered = {c.id for c in p.clusters}
    for sid, nodes in sorted((k, v) for k, v in by_cluster.items() if k is not None and k not in clustered):
        for node in nodes:
            _node(g, node, lang, p.diff, marks)
    for i, e in enumerate(p.edges):
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
            attrs["color"] = attrs["fontcolor"] = SEVERITY_COLOUR[e.severity]
            attrs["penwidth"] = SEVERITY_EDGE_WIDTH[e.severity]
            if i in marks.edges:
                attrs["label"] = badge(marks.edges[i])
            if p.diff:
                attrs["class"] = " ".join(filter(None, [attrs.get("class"), f"finding-new-{e.severity}"]))
            attrs["tooltip"] = _attr(tip(" | ".join([described, *e.messages] if e.diff else e.messages)))
        else:
            attrs["tooltip"] = _attr(tip(described) if e.diff else text(described))
        g.edge(safe_id("acct", e.source), safe_id("acct", e.target), **attrs)
    _legend(g, p, lang, marks)
    _findings_table(g, marks, lang)
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


def _node(g: graphviz.Digraph, node, lang: str, diff: bool, marks: Badges) -> None:
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
        outline = SEVERITY_OUTLINE[node.severity]
        attrs["penwidth"] = outline["penwidth"]
        if "peripheries" in outline:
            attrs["peripheries"] = outline["peripheries"]
        if outline.get("style") and outline["style"] not in attrs["style"].split(","):
            attrs["style"] += "," + outline["style"]
        if node.id in marks.nodes:
            label += f"\\n{badge(marks.nodes[node.id])}"
        attrs["class"] += f" finding-new-{node.severity}" if diff else f" finding-{node.severity}"
        tooltip = " | ".join([tooltip, *node.messages] if node.diff else node.messages)
    attrs["tooltip"] = _attr(tip(tooltip))
    g.node(safe_id("acct", node.id), label=_attr(label), **attrs)


_GLYPHS = {"bold": "━━━▶", "bold,dashed": "╺━╸━▶", "solid": "───◇", "dotted": "┈┈┈▶", "dashed": "╌╌╌▷"}
_SHAPE_MARK = {"personal": "◯", "auxiliary": "◌", "subscription": "▤", "service": "■", "enterprise": "▣",
               "mini_program": "⬢"}
#: the outline samples: error a box in a box (the double outline), warning a thick dashed box
_OUTLINE_SAMPLE = {
    "error": '<TABLE BORDER="2" CELLBORDER="2" CELLSPACING="2" COLOR="{c}"><TR><TD WIDTH="22" HEIGHT="8"> </TD>'
             '</TR></TABLE>',
    "warning": '<TABLE BORDER="0" CELLBORDER="3" CELLSPACING="2" COLOR="{c}"><TR><TD STYLE="dashed" WIDTH="28" '
               'HEIGHT="12"> </TD></TR></TABLE>',
}


def _legend(g: graphviz.Digraph, p: Picture, lang: str, marks: Badges) -> None:
    """One HTML-table node: a sample of every look the picture uses (``legend_keys``).

    Only fixed vocabulary goes into this HTML-like label, never user text.
    """
    keys = legend_keys(p, bool(marks.rows))
    if not keys:
        return
    rows = [f'<TR><TD COLSPAN="2"><B>{phrase("diagram", "legend", lang)}</B></TD></TR>']
    for group, key in keys:
        word = _legend_word(group, key, lang)
        if group == "type":
            _, fill, fontcolor = NODE_STYLE[key]
            rows.append(f'<TR><TD BGCOLOR="{fill}" WIDTH="28"><FONT COLOR="{fontcolor}">{_SHAPE_MARK[key]}</FONT></TD>'
                        f'<TD ALIGN="LEFT">{word}</TD></TR>')
        else:
            rows.append(f'<TR><TD>{_sample(group, key)}</TD><TD ALIGN="LEFT">{word}</TD></TR>')
    table = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" COLOR="#BBBBBB">'
             + "".join(rows) + "</TABLE>>")
    g.node("legend", label=table, shape="box", style="rounded", color="#BBBBBB", fontsize="9", id="legend")


def _legend_word(group: str, key: str, lang: str) -> str:
    if group == "type":
        return term("account_type", key, lang)
    if group == "kind":
        return phrase("diagram", "edge_" + key, lang)
    return phrase("diagram", "legend_" + key, lang)


def _sample(group: str, key: str) -> str:
    """The look of one legend entry, drawn with the attributes the picture uses."""
    if group == "kind":
        style, _, colour = EDGE_STYLE[key]
        glyph = "━━━◇" if key == "admin" else ("━━━●" if key == "member" else _GLYPHS[style])
        return f'<FONT COLOR="{colour}">{glyph}</FONT>'
    if group == "state":
        return '<FONT COLOR="#BBBBBB">┈┈┈▶</FONT>' if key == "inactive" else "╌╌╌▶"
    if group == "severity":
        return _OUTLINE_SAMPLE[key].format(c=SEVERITY_COLOUR[key])
    if group == "badge":
        return "<B>[N]</B>"
    colour = SEVERITY_COLOUR["error"] if key == "new_error" else DIFF_COLOUR[key]
    glyph = "▢ ╌╌▷" if key == "removed" else "▢ ━━▶"
    return f'<FONT COLOR="{colour}"><B>{glyph}</B></FONT>'


def _findings_table(g: graphviz.Digraph, marks: Badges, lang: str) -> None:
    """The findings under their badge numbers, as an HTML-table node ranked last, so a PNG or
    PDF carries them too; the first ``MAX_ROWS`` rows, then "and N more"."""
    rows, rest = marks.shown()
    if not rows:
        return
    word = lambda key: phrase("diagram", key, lang)  # noqa: E731
    out = [f'<TR><TD COLSPAN="3" BORDER="0"><B>{word("findings")}</B></TD></TR>',
           f'<TR><TD><B>{word("col_number")}</B></TD><TD><B>{word("col_rule")}</B></TD>'
           f'<TD ALIGN="LEFT"><B>{word("col_message")}</B></TD></TR>']
    for row in rows:
        out.append(f'<TR><TD>{badge(row.number)}</TD><TD>{html(row.rule, 12)}</TD>'
                   f'<TD ALIGN="LEFT" BALIGN="LEFT">{_wrapped(row.message)}</TD></TR>')
    if rest:
        more = word("more_rows").format(n=rest)
        out.append(f'<TR><TD COLSPAN="3" ALIGN="LEFT" BORDER="0">{html(more, 120)}</TD></TR>')
    table = ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" COLOR="#BBBBBB">'
             + "".join(out) + "</TABLE>>")
    with g.subgraph(name="findings_last") as last:
        last.attr(rank="sink")
        last.node("findings-table", label=table, shape="plain", style="filled", fillcolor="#FFFFFF", fontsize="9",
                  id="findings-table")  # not "findings": a page that inlines the SVG may use that id


def _wrapped(message: str, limit: int = 240, columns: int = 72) -> str:
    """A message in lines of about ``columns`` (a wide character counts two), each made safe by
    :func:`html`. Breaks at spaces, and between wide characters (Chinese has no spaces)."""
    tokens = re.findall(r"\s+|[\u2e80-\uffef]|[^\s\u2e80-\uffef]{1,%d}" % columns, _one_line(message, limit))
    lines, line, width = [], "", 0
    for token in tokens:
        size = sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in token)
        if width + size > columns and line.strip():
            lines.append(line.rstrip())
            line, width = "", 0
            if token.isspace():
                continue
        line, width = line + token, width + size
    lines.append(line.rstrip())
    return "<BR/>".join(html(text, limit) for text in lines)
