"""Ecosystem → ``networkx.MultiDiGraph``, and the NetworkX-style helpers rules read it with.

Nodes are accounts (keyed by account id) and subjects (keyed by ``("subject", id)``, so a
person and their individual subject may share an id). Edges carry a ``kind``:

- ``mini_program``, ``admin``, ``member``, ``promotes``: the document's links, keyed by
  their index in ``links`` and carrying the link model as ``link``;
- ``primary``: auxiliary → its personal main account;
- ``subject``: account → the subject that registered it.

Building never fails: a dangling id becomes a node with ``placeholder=True`` and no
``type`` (WX001 reports it), and a repeated id keeps its first definition (WX002).
Helpers take the graph first and return sorted lists, as NetworkX's own do.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .model import Ecosystem


def subject_node(subject_id: str) -> tuple[str, str]:
    """The node key of a subject.

    >>> subject_node("bloom")
    ('subject', 'bloom')
    """
    return ("subject", subject_id)


def build_graph(eco: Ecosystem) -> nx.MultiDiGraph:
    """Build the ecosystem graph.

    Examples
    --------
    >>> from topology import load
    >>> eco = load({"schema_version": 1,
    ...     "subjects": [{"id": "s", "kind": "enterprise"}],
    ...     "accounts": [{"id": "news", "type": "subscription", "subject": "s"},
    ...                  {"id": "shop", "type": "mini_program", "subject": "s"}],
    ...     "links": [{"kind": "mini_program", "source": "news", "target": "shop"}]})
    >>> G = build_graph(eco)
    >>> G.nodes["shop"]["type"], G.nodes["shop"]["subject"]
    ('mini_program', 's')
    >>> [(u, v, d["kind"]) for u, v, d in G.edges(data=True) if d["kind"] == "mini_program"]
    [('news', 'shop', 'mini_program')]
    """
    import networkx as nx

    was_enabled = gc.isenabled()
    gc.disable()  # see PERF-NOTES: GC passes dominate building millions of objects
    try:
        return _build(nx, eco)
    finally:
        if was_enabled:
            gc.enable()


def _build(nx: Any, eco: Ecosystem) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name=eco.name, as_of=eco.as_of)
    subjects: dict[str, Any] = {}
    for i, s in enumerate(eco.subjects):
        if s.id not in subjects:
            subjects[s.id] = s
            G.add_node(
                subject_node(s.id), node="subject", kind=s.kind, name=s.name,
                pointer=f"/subjects/{i}", model=s,
            )
    accounts: dict[str, Any] = {}
    nodes = []
    for i, a in enumerate(eco.accounts):
        if a.id in accounts:
            continue
        accounts[a.id] = a
        nodes.append((a.id, {
            "node": "account", "type": a.type, "name": a.name,
            "subject": getattr(a, "subject", None), "pointer": f"/accounts/{i}", "model": a,
        }))
    G.add_nodes_from(nodes)

    edges: list[tuple] = []
    for a in accounts.values():
        if a.type == "auxiliary":
            edges.append((a.id, a.primary, "primary", {"kind": "primary"}))
    # An auxiliary account's subject is its primary's (SPEC §1).
    for a in accounts.values():
        if a.type == "auxiliary":
            primary = accounts.get(a.primary)
            G.nodes[a.id]["subject"] = getattr(primary, "subject", None) if primary else None
    for node, data in nodes:
        sid = G.nodes[node]["subject"]
        if sid is not None:
            if sid not in subjects:
                G.add_node(subject_node(sid), node="subject", placeholder=True, kind=None, name=None)
            edges.append((node, subject_node(sid), "subject", {"kind": "subject"}))
    for i, link in enumerate(eco.links):
        edges.append((link.source, link.target, i, {"kind": link.kind, "pointer": f"/links/{i}", "link": link}))
    # Dangling account ids referenced by links or primaries become placeholders.
    missing = {e[0] for e in edges if e[0] not in G} | {e[1] for e in edges if e[1] not in G}
    G.add_nodes_from((m, {"node": "account", "placeholder": True, "type": None, "subject": None}) for m in missing)
    G.add_edges_from(edges)
    return G


# -- helpers -----------------------------------------------------------------------------
def accounts(G: nx.MultiDiGraph, types: Iterable[str] | None = None) -> list[str]:
    """Sorted ids of the real (non-placeholder) accounts, optionally of some types."""
    wanted = set(types) if types is not None else None
    return sorted(
        n for n, d in G.nodes(data=True)
        if d.get("node") == "account" and d.get("type") is not None
        and (wanted is None or d["type"] in wanted)
    )


def account_type(G: nx.MultiDiGraph, n: str) -> str | None:
    """The type of account ``n``, or None if it is missing or a placeholder."""
    d = G.nodes.get(n)
    return d.get("type") if d else None


def subject_of(G: nx.MultiDiGraph, n: str) -> str | None:
    """The subject id of account ``n`` (an auxiliary's is its primary's)."""
    d = G.nodes.get(n)
    return d.get("subject") if d else None


def subject_kind(G: nx.MultiDiGraph, n: str) -> str | None:
    """The kind of the subject that registered account ``n``, if known."""
    sid = subject_of(G, n)
    if sid is None:
        return None
    d = G.nodes.get(subject_node(sid))
    return d.get("kind") if d else None


def same_subject(G: nx.MultiDiGraph, a: str, b: str) -> bool:
    """True when both accounts have a subject and it is the same one."""
    sa = subject_of(G, a)
    return sa is not None and sa == subject_of(G, b)


def links(G: nx.MultiDiGraph, kind: str | None = None) -> Iterator[tuple[str, str, int, dict]]:
    """Document links as ``(source, target, index, data)``, in document order."""
    out = [
        (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
        if "link" in d and (kind is None or d["kind"] == kind)
    ]
    out.sort(key=lambda e: e[2])
    return iter(out)


def counts_toward_caps(link: Any, pending_counts: bool) -> bool:
    """Whether a mini_program link record occupies a cap slot.

    A rejected invitation never does; a removed one (``unlinked_on``) no longer does; a
    pending one does when the ruleset says so.
    """
    if link.status == "rejected" or link.unlinked_on is not None:
        return False
    return link.status == "linked" or pending_counts


def linked_mini_programs(
    G: nx.MultiDiGraph, official: str, *, pending_counts: bool = True
) -> list[str]:
    """Sorted distinct mini-programs that ``official`` is linked to (capped links only)."""
    return sorted({
        v for _, v, d in G.out_edges(official, data=True)
        if d["kind"] == "mini_program" and account_type(G, v) == "mini_program"
        and counts_toward_caps(d["link"], pending_counts)
    })


def linked_officials(
    G: nx.MultiDiGraph, mini_program: str, official_types: Iterable[str], *, pending_counts: bool = True
) -> list[str]:
    """Sorted distinct official accounts of ``official_types`` linked to ``mini_program``."""
    types = set(official_types)
    return sorted({
        u for u, _, d in G.in_edges(mini_program, data=True)
        if d["kind"] == "mini_program" and account_type(G, u) in types
        and counts_toward_caps(d["link"], pending_counts)
    })


def auxiliaries(G: nx.MultiDiGraph, primary: str) -> list[str]:
    """Sorted auxiliary accounts registered with ``primary``."""
    return sorted(u for u, _, d in G.in_edges(primary, data=True) if d["kind"] == "primary")


def primary_of(G: nx.MultiDiGraph, auxiliary: str) -> str | None:
    """The primary account id of an auxiliary account, if it names one."""
    for _, v, d in G.out_edges(auxiliary, data=True):
        if d["kind"] == "primary":
            return v
    return None


def admins(G: nx.MultiDiGraph, n: str) -> list[str]:
    """Sorted personal accounts with an ``admin`` link to ``n``."""
    return sorted({
        u for u, _, d in G.in_edges(n, data=True) if d["kind"] == "admin" and account_type(G, u) == "personal"
    })
