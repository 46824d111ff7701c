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
RANKDIRS = ("LR", "TB")
PACK_PARTS = 6  # this many separate parts or more are packed in rows (Graphviz `pack`) instead of one long rank


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
    #: a collapsed fan-in (:mod:`topology.diagrams.fanin`): the accounts this one node stands for
    members: list[str] = field(default_factory=list)


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
    rankdir: str = "LR"  # Graphviz rank direction, chosen from the picture's shape (:func:`rankdir_for`)
    pack: bool = False  # many separate parts: Graphviz packs them side by side (`pack`), so they wrap


def _worse(a: str | None, b: str) -> str:
    return b if a is None or SEVERITY_RANK[b] > SEVERITY_RANK[a] else a


def picture(
    eco: Ecosystem,
    report: Report | None = None,
    *,
    focus: str | None = None,
    depth: int = 1,
    only_findings: bool = False,
    subject: str | None = None,
    max_accounts: int | None = MAX_ACCOUNTS,
    fan_in: int | None = None,
    rankdir: str | None = None,
    lang: str = "en",
) -> Picture:
    """Decide what to draw. ``report`` None draws the plain map (no findings).

    The size guard counts the accounts of the view, whatever the view (``max_accounts`` None:
    no guard). ``fan_in`` collapses runs of more than that many interchangeable accounts
    (:mod:`topology.diagrams.fanin`); ``rankdir`` None chooses it from the picture's shape; ``lang`` words a collapsed node.
    """
    from ..graph import build_graph

    G = build_graph(eco)
    accounts = {n for n, d in G.nodes(data=True) if d.get("node") == "account"}
    findings = report.findings if report is not None else []
    keep = select(G, accounts, findings, focus=focus, depth=depth, only_findings=only_findings, subject=subject)
    if max_accounts is not None and len(keep) > max_accounts:
        raise UsageError(too_many(len(keep), max_accounts, "accounts", focus=focus is not None or subject is not None,
                                  only_findings=only_findings))

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

    if fan_in is not None:
        from .fanin import collapse

        nodes, edges = collapse(nodes, edges, fan_in, {c.id: c.name or c.id for c in clusters}, lang, taken=accounts)
    counts = report.counts if report is not None else {}
    return Picture(
        title=eco.name or (eco.source.name if eco.source else "ecosystem"),
        valid=report.valid if report is not None else None,
        counts=dict(counts), clusters=clusters, nodes=nodes, edges=edges,
        **shape([n.id for n in nodes], [(e.source, e.target) for e in edges], rankdir),
    )


def shape(nodes: list[str], edges: list[tuple[str, str]], rankdir: str | None = None) -> dict:
    """``rankdir`` and ``pack`` for a picture of these nodes and edges.

    With :data:`PACK_PARTS` or more separate parts (a wide ecosystem of small subjects), Graphviz
    packs the parts in rows, and the rank direction is the one that suits its largest part;
    otherwise the direction that suits the whole. A given ``rankdir`` is kept.
    """
    parts = _parts(nodes, edges)
    pack = len(parts) >= PACK_PARTS
    if rankdir is None:
        if pack:
            largest = set(max(parts, key=len))
            rankdir = rankdir_for(sorted(largest), [(u, v) for u, v in edges if u in largest])
        else:
            rankdir = rankdir_for(nodes, edges)
    return {"rankdir": rankdir, "pack": pack}


def _parts(nodes: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    """The connected parts (edges either way), each sorted, in order of their first node."""
    root = {n: n for n in nodes}

    def find(n: str) -> str:
        while root[n] != n:
            root[n] = root[root[n]]
            n = root[n]
        return n

    for u, v in edges:
        if u in root and v in root:
            a, b = find(u), find(v)
            if a != b:
                root[max(a, b)] = min(a, b)
    parts: dict[str, list[str]] = {}
    for n in sorted(nodes):
        parts.setdefault(find(n), []).append(n)
    return list(parts.values())


def select(G, accounts: set[str], findings: list, *, focus: str | None, depth: int, only_findings: bool,
           subject: str | None = None) -> set[str]:
    """The accounts a view keeps: all, ``focus``'s neighbourhood (or ``subject``'s: its accounts and
    what lies within ``depth`` links of them), those named by findings, or both."""
    keep = set(accounts)
    if subject is not None:
        own = {n for n in accounts if G.nodes[n].get("subject") == subject}
        if not own:
            raise UsageError(f"--subject {subject!r}: no account belongs to such a subject")
        keep, frontier = set(own), own
        for _ in range(max(depth, 0)):
            frontier = {m for n in frontier for m in (*G.successors(n), *G.predecessors(n))
                        if m in accounts and m not in keep}
            keep |= frontier
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
    return keep


def too_many(n: int, limit: int, what: str, *, grouped: bool = False, focus: bool = False,
             only_findings: bool = False) -> str:
    """The refusal of a picture over the size guard, with the ways out not already taken."""
    ways = [w for w, taken in (("--group-by subject", grouped), ("--focus ACCOUNT [--depth N]", focus),
                               ("--only-findings", only_findings)) if not taken]
    smaller = f"draw a smaller view ({' or '.join(ways)}), or " if ways else ""
    return (f"{n} {what} are too many to draw legibly (limit {limit}); "
            f"{smaller}raise the limit with --max-accounts N")


#: Rough drawn sizes (points) of a node and the gaps between nodes and ranks (dot.py: nodesep, ranksep)
_NODE_W, _NODE_H, _NODESEP, _RANKSEP = 150.0, 40.0, 22.0, 43.0
_PAGE = 1.4  # the aspect ratio (width / height) a reader's screen or page prefers


def rankdir_for(nodes: list[str], edges: list[tuple[str, str]]) -> str:
    """LR or TB, whichever makes the drawing closer to a page's shape.

    Estimates dot's layering: each node's rank is its longest path from a source (edges on a
    cycle ignored, as dot reverses them); the deepest rank count and the widest rank then give
    the drawing's extent in either direction. Many shallow components (a wide ecosystem) stack
    along the rank axis' side, so they wrap down the page (TB) instead of a 1:5 strip.
    """
    import math

    if not nodes:
        return "LR"
    rank = _ranks(nodes, edges)
    per_rank: dict[int, int] = {}
    for r in rank.values():
        per_rank[r] = per_rank.get(r, 0) + 1
    depth, breadth = max(per_rank) + 1, max(per_rank.values())
    lr = (depth * (_NODE_W + _RANKSEP), breadth * (_NODE_H + _NODESEP))
    tb = (breadth * (_NODE_W + _NODESEP), depth * (_NODE_H + _RANKSEP))

    def off(size: tuple[float, float]) -> float:
        return abs(math.log(size[0] / size[1] / _PAGE))

    return "TB" if off(tb) < off(lr) else "LR"


def _ranks(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering (Kahn's order); nodes left on a cycle continue from where they are."""
    known = set(nodes)
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    indeg = dict.fromkeys(nodes, 0)
    for u, v in edges:
        if u in known and v in known and u != v:
            succ[u].append(v)
            indeg[v] += 1
    rank = dict.fromkeys(nodes, 0)
    ready = sorted((n for n in nodes if indeg[n] == 0), reverse=True)
    done: set[str] = set()
    for start in ["", *sorted(nodes)]:  # "": first the sources; then break each cycle at its smallest id
        if start:
            if start in done:
                continue
            ready = [start]
        while ready:
            u = ready.pop()
            if u in done:
                continue
            done.add(u)
            for v in succ[u]:
                if v not in done:
                    rank[v] = max(rank[v], rank[u] + 1)
                    indeg[v] -= 1
                    if indeg[v] == 0:
                        ready.append(v)
    return rank


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


