"""What a diagram shows: the accounts, subjects and links to draw, with their findings.

Both renderers (DOT and Mermaid) draw the same picture; this module decides it once:
which accounts a view keeps, which cluster each sits in, how each edge is styled, and
which findings colour what. Everything is sorted, so output is byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..links import same_subject, state
from ..vocab import SEVERITY_RANK, count, phrase, term

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem

MAX_ACCOUNTS = 1500  # beyond this `dot` takes seconds to minutes and nobody can read it


@dataclass
class Node:
    id: str
    type: str | None  # None: an id the document names but does not define
    label: str
    subject: str | None
    severity: str | None = None
    messages: list[str] = field(default_factory=list)
    diff: str | None = None  # diff drawings: "added", "removed" or "changed"
    changes: list[str] = field(default_factory=list)  # diff drawings: what changed, one line per field


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # a link kind, "mini_program_cross" or "primary"
    index: int | None  # the link's index in the document (None for primary)
    status: str = "linked"  # mini_program links: linked, pending, or inactive (rejected / unlinked)
    severity: str | None = None
    messages: list[str] = field(default_factory=list)
    diff: str | None = None  # diff drawings: "added", "removed" (``index`` is then OLD's) or "changed"
    changes: list[str] = field(default_factory=list)


@dataclass
class Cluster:
    id: str
    name: str | None
    kind: str | None
    diff: str | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class Picture:
    title: str
    valid: bool | None
    counts: dict[str, int]
    clusters: list[Cluster]
    nodes: list[Node]
    edges: list[Edge]
    #: a diff drawing (topology.diagrams.diff): findings are the ones NEW introduced
    diff: bool = False
    summary: str | None = None  # the line under the title; None: the findings summary


def _worse(a: str | None, b: str) -> str:
    return b if a is None or SEVERITY_RANK[b] > SEVERITY_RANK[a] else a


def picture(
    eco: Ecosystem,
    report: Report | None = None,
    *,
    focus: str | None = None,
    depth: int = 1,
    only_findings: bool = False,
    max_accounts: int | None = MAX_ACCOUNTS,
) -> Picture:
    """Decide what to draw. ``report`` None draws the plain map (no findings)."""
    from ..graph import build_graph

    G = build_graph(eco)
    accounts = {n for n, d in G.nodes(data=True) if d.get("node") == "account"}
    findings = report.findings if report is not None else []
    keep = set(accounts)
    if focus is not None:
        if focus not in accounts:
            raise UsageError(f"--focus {focus!r}: no such account")
        import networkx as nx

        sub = G.subgraph(accounts)
        keep = set(nx.ego_graph(sub, focus, radius=max(depth, 0), undirected=True))
    if only_findings:
        named = set()
        for f in findings:
            if f.account:
                named.add(f.account)
            named.update(r for r in f.related if r in accounts)
        keep &= named
    if max_accounts is not None and focus is None and not only_findings and len(keep) > max_accounts:
        raise UsageError(
            f"{len(keep)} accounts are too many to draw legibly (limit {max_accounts}); "
            "draw a view: --focus ACCOUNT [--depth N] or --only-findings"
        )

    node_findings: dict[str, list] = {}
    link_findings: dict[int, list] = {}
    for f in findings:
        if f.severity not in ("error", "warning"):
            continue
        parts = f.pointer.split("/")
        if len(parts) >= 3 and parts[1] == "links" and parts[2].isdigit():
            link_findings.setdefault(int(parts[2]), []).append(f)
        elif f.account:
            node_findings.setdefault(f.account, []).append(f)

    nodes = []
    for n in sorted(keep):
        d = G.nodes[n]
        model = d.get("model")
        label = (model.name if model is not None and model.name else n) if model is not None else n
        node = Node(id=n, type=d.get("type"), label=label, subject=d.get("subject"))
        for f in sorted(node_findings.get(n, []), key=lambda f: f.sort_key()):
            node.severity = _worse(node.severity, f.severity)
            node.messages.append(f"{f.rule}: {f.message}")
        nodes.append(node)

    edges = []
    for u, v, key, d in G.edges(keys=True, data=True):
        if u not in keep or v not in keep:
            continue
        kind = d["kind"]
        if kind == "mini_program" and not same_subject(G.nodes[u].get("subject"), G.nodes[v].get("subject")):
            kind = "mini_program_cross"
        index = key if isinstance(key, int) else None
        status = state(d["link"]) if "link" in d else "linked"
        if status in ("rejected", "unlinked"):  # on record, holds no slot: drawn alike
            status = "inactive"
        edge = Edge(source=u, target=v, kind=kind, index=index, status=status)
        for f in sorted(link_findings.get(index, []) if index is not None else [], key=lambda f: f.sort_key()):
            edge.severity = _worse(edge.severity, f.severity)
            edge.messages.append(f"{f.rule}: {f.message}")
        edges.append(edge)
    edges.sort(key=lambda e: (e.source, e.target, e.kind, -1 if e.index is None else e.index))

    clusters = []
    used = {n.subject for n in nodes if n.subject is not None}
    for sid in sorted(used):
        d = G.nodes.get(("subject", sid), {})
        clusters.append(Cluster(id=sid, name=d.get("name"), kind=d.get("kind")))

    counts = report.counts if report is not None else {}
    return Picture(
        title=eco.name or (eco.source.name if eco.source else "ecosystem"),
        valid=report.valid if report is not None else None,
        counts=dict(counts), clusters=clusters, nodes=nodes, edges=edges,
    )


def safe_id(prefix: str, ident: str) -> str:
    """A deterministic, injective id made only of letters, digits, '_' and '-'.

    Letters and digits of any script stay readable (Chinese ids too); everything else
    becomes ``.HEX.``, so no id can carry quotes, brackets or spaces into a markup.

    >>> safe_id("acct", "bloom-shop"), safe_id("acct", 'a"b c')
    ('acct-bloom-shop', 'acct-a.22.b.20.c')
    """
    out = []
    for ch in ident:
        if ch.isalnum() or ch in "_-":
            out.append(ch)
        else:
            out.append(f".{ord(ch):x}.")
    return f"{prefix}-{''.join(out)}"


def findings_summary(p: Picture, lang: str) -> str:
    if p.summary is not None:
        return p.summary
    if p.valid is None:
        return ""
    status = term("verdict", "valid" if p.valid else "invalid", lang)
    e, w = count(p.counts.get("error", 0), "error", lang), count(p.counts.get("warning", 0), "warning", lang)
    return phrase("punct", "paren", lang).format(text=status, inner=phrase("punct", "comma", lang).join((e, w)))


