"""The diagram of a :class:`~topology.planner.diff.Diff`: OLD and NEW drawn as one picture.

Everything either version has is drawn, in the renderer's normal look (shapes, palette,
clusters, legend, escaping), and marked by where it is:

- only in NEW: outlined green, ``class="diff-added"``;
- only in OLD: grey fill, dashed grey outline, ``class="diff-removed"`` (ids ``old-link-N``,
  ``old-primary-ID`` for its edges, N being OLD's index);
- in both, with other field values: outlined amber, ``class="diff-changed"``, the fields
  in the label and, with their old and new values, in the tooltip;
- named by an error finding NEW introduced or worsened (``Diff.failing``): outlined vermilion,
  ``class="finding-new-error"`` (an account by its ``account``, a link by its pointer).

The state is also written in each label (``added``, ``removed``, ``changed: type``), so
colour is never the only cue. Findings that did not change are not drawn.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..vocab import PHRASES, phrase
from . import RenderError, check_options, draw
from .model import MAX_ACCOUNTS, Cluster, Edge, Node, Picture, picture

if TYPE_CHECKING:  # pragma: no cover
    from ..planner.diff import Diff, RecordChange

def render_diff(d: Diff, format: str = "svg", *, layout: str = "dot", lang: str | None = None,
                max_accounts: int | None = MAX_ACCOUNTS) -> bytes:
    """Draw a diff: dot, mmd (Mermaid), or through Graphviz svg, png, pdf."""
    lang = lang or d.lang
    check_options(format, layout, lang)
    return draw(diff_picture(d, lang=lang, max_accounts=max_accounts), format, layout, lang)


def diff_picture(d: Diff, *, lang: str = "en", max_accounts: int | None = MAX_ACCOUNTS) -> Picture:
    """The union of OLD and NEW, each node, edge and cluster marked by its diff state."""
    if d.old_eco is None or d.new_eco is None:
        raise UsageError("this Diff carries no documents to draw (made by topology.diff, it does)")
    old, new = picture(d.old_eco, None, max_accounts=None), picture(d.new_eco, None, max_accounts=None)
    old_nodes, new_nodes = {n.id: n for n in old.nodes}, {n.id: n for n in new.nodes}
    ids = sorted(old_nodes.keys() | new_nodes.keys())
    if max_accounts is not None and len(ids) > max_accounts:
        raise RenderError(
            f"{len(ids)} accounts (OLD and NEW together) are too many to draw legibly (limit {max_accounts}); "
            "the diff report itself has no limit: drop -o, or compare smaller documents")

    changed_accounts = _by_id(d.accounts.changed)
    other_records = {c.record.id for c in (*d.accounts.added, *d.accounts.removed)}
    errors = d.failing  # the error findings NEW introduced or worsened
    node_errors: dict[str, list[str]] = {}
    link_errors: dict[int, list[str]] = {}
    for f in errors:
        entity = f.identity().entity  # the record its pointer lies in: "/links/3" names link 3
        kind, _, index = entity[1:].partition("/")
        if kind == "links" and index.isdigit():
            link_errors.setdefault(int(index), []).append(f"{f.rule}: {f.message}")
        elif f.account:
            node_errors.setdefault(f.account, []).append(f"{f.rule}: {f.message}")

    nodes = []
    for nid in ids:
        a, b = old_nodes.get(nid), new_nodes.get(nid)
        base = _defined(a, b)
        node = Node(id=nid, type=base.type, label=base.label, subject=base.subject)
        presence = _presence(a, b)
        if presence is not None:
            node.diff = presence
        elif nid in changed_accounts:
            node.diff = "changed"
            node.changes = _changes(changed_accounts[nid])
        elif nid in other_records:  # a repeated id gained or lost a record (WX002)
            node.diff = "changed"
        if nid in node_errors:
            node.severity = "error"
            node.messages = node_errors[nid]
        nodes.append(node)

    link_state = {c.new_index: c for c in d.links.added + d.links.changed}
    removed_links = {c.old_index for c in d.links.removed}
    old_primary = {(e.source, e.target) for e in old.edges if e.index is None}
    new_primary = {(e.source, e.target) for e in new.edges if e.index is None}
    edges = []
    for e in new.edges:
        edge = _copy(e)
        if e.index is None:
            edge.diff = None if (e.source, e.target) in old_primary else "added"
        elif e.index in link_state:
            c = link_state[e.index]
            edge.diff = c.state
            edge.changes = _changes(c)
        if e.index is not None and e.index in link_errors:
            edge.severity = "error"
            edge.messages = link_errors[e.index]
        edges.append(edge)
    for e in old.edges:
        gone = (e.source, e.target) not in new_primary if e.index is None else e.index in removed_links
        if gone:
            edge = _copy(e)
            edge.diff = "removed"
            edges.append(edge)
    edges.sort(key=lambda e: (e.source, e.target, e.kind, e.diff == "removed", -1 if e.index is None else e.index))

    subjects = {c.id: c for c in old.clusters}
    subjects.update({c.id: c for c in new.clusters})
    states = {c.record.id: c for c in (*d.subjects.removed, *d.subjects.added, *d.subjects.changed)}
    clusters = []
    for sid in sorted({n.subject for n in nodes if n.subject is not None} & subjects.keys()):
        base = subjects[sid]
        cluster = Cluster(id=sid, name=base.name, kind=base.kind)
        if sid in states:
            cluster.diff = states[sid].state
            cluster.changes = _changes(states[sid])
        clusters.append(cluster)

    return Picture(title=_title(old.title, new.title), valid=None, counts={}, clusters=clusters, nodes=nodes,
                   edges=edges, diff=True, summary=_summary(d, lang))


def _presence(old: Node | None, new: Node | None) -> str | None:
    """"added" or "removed" when only one side defines the account, else None.

    A side may lack the node (only the other document names the id) or hold a placeholder
    (its document names the id in a link or ``primary`` without defining it).
    """
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if (old.type is None) != (new.type is None):
        return "added" if old.type is None else "removed"
    return None


def _defined(old: Node | None, new: Node | None) -> Node:
    """The node to draw: NEW's, unless only OLD defines the account (NEW has a placeholder)."""
    if new is None or (new.type is None and old is not None and old.type is not None):
        return old
    return new


def _by_id(changes: list[RecordChange]) -> dict[str, RecordChange]:
    out: dict[str, RecordChange] = {}
    for c in changes:
        out.setdefault(c.record.id, c)  # a repeated id: its first changed record, as the graph keeps the first
    return out


def _changes(c: RecordChange) -> list[tuple[str, str]]:
    def show(v: object) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True)

    return [(name, f"{show(a)} → {show(b)}") for name, (a, b) in c.fields.items()]


def _copy(e: Edge) -> Edge:
    return Edge(source=e.source, target=e.target, kind=e.kind, index=e.index, status=e.status)


def _title(old: str, new: str) -> str:
    return new if old == new else f"{old} → {new}"


def _summary(d: Diff, lang: str) -> str:
    """``accounts +2 −1 ~3, links +5 −2 ~2; 2 new errors, 1 finding fixed`` (zero terms left out)."""
    w = {k: phrase("diff_summary", k, lang) for k in PHRASES["diff_summary"]}
    parts = []
    for what in ("subjects", "accounts", "links"):
        c = getattr(d, what).counts()
        terms = [f"{mark}{c[state]}" for mark, state in (("+", "added"), ("−", "removed"), ("~", "changed"))
                 if c[state]]
        if terms:
            parts.append(f"{w[what]} {' '.join(terms)}")
    n, fixed = len(d.failing), len(d.fixed)
    tail = [w["errors" if n == 1 else "errors_n"].format(n=n), w["fixed" if fixed == 1 else "fixed_n"].format(n=fixed)]
    return f"{w['sep'].join(parts) or w['same']}{w['tail_sep']}{w['sep'].join(tail)}"
