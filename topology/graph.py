"""Ecosystem → ``networkx.MultiDiGraph``, and the NetworkX-style helpers rules read it with.

Nodes are accounts (keyed by account id) and subjects (keyed by ``("subject", id)``, so a
person and their individual subject may share an id); each carries ``node`` ("account" or
"subject"), its attributes, ``index`` (its position in the document) and ``model``. An
account's subject is the ``subject`` attribute, not an edge: at a million links those
edges would cost a quarter of the graph and nothing reads them. Edges carry a ``kind``:

- ``mini_program``, ``admin``, ``member``, ``promotes``: the document's links, keyed by
  their index in ``links`` and carrying the link model as ``link``;
- ``primary``: auxiliary → its personal main account.

An account's and a link's attributes, and the key dict of a pair of accounts, are mappings that
read, write and compare as dicts but are not ``dict`` instances (:mod:`topology.adjacency`: a
quarter of the memory); ``dict(d)`` gives a plain copy.

Building never fails: a dangling id becomes a node with ``placeholder=True`` and no
``type`` (WX001 reports it), and a repeated id keeps its first definition (WX002).
Helpers take the graph first and return sorted lists, as NetworkX's own do. They answer
from the graph's :class:`~topology.index.Index` (the one the rules read), built on the
first question and cached while the graph lives: after changing a graph, call
:func:`topology.index.forget` on it. Relations count well-typed links only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .adjacency import AccountAttrs, LinkAttrs, OneEdge
from .index import index_of
from .links import takes_slot

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
    from . import arguments as check

    check.ecosystem(eco, "build_graph", "eco", loadable=False)

    import networkx as nx

    from ._gc import bulk_allocation

    with bulk_allocation():
        return _build(nx, eco)


def _build(nx: Any, eco: Ecosystem) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name=eco.name, as_of=eco.as_of)
    subjects: dict[str, Any] = {}
    for i, s in enumerate(eco.subjects):
        if s.id not in subjects:
            subjects[s.id] = s
            G.add_node(subject_node(s.id), node="subject", kind=s.kind, name=s.name, index=i, model=s)
    accounts: dict[str, Any] = {}
    for i, a in enumerate(eco.accounts):
        accounts.setdefault(a.id, (i, a))
    nodes = []
    edges: list[tuple] = []
    for aid, (i, a) in accounts.items():
        if a.type == "auxiliary":
            # An auxiliary account's subject is its primary's (docs/document.md).
            primary = accounts.get(a.primary)
            sid = getattr(primary[1], "subject", None) if primary else None
            edges.append((aid, a.primary, "primary", {"kind": "primary"}))
        else:
            sid = getattr(a, "subject", None)
        if sid is not None and sid not in subjects:
            subjects[sid] = None
            G.add_node(subject_node(sid), node="subject", placeholder=True, kind=None, name=None)
        nodes.append((aid, AccountAttrs(a.type, a.name, sid, i, a)))
    _fill(G, nodes, edges)
    _fill(G, (), ((link.source, link.target, i, LinkAttrs(link.kind, link)) for i, link in enumerate(eco.links)))
    return G


def _fill(G: nx.MultiDiGraph, nodes: Iterable[tuple], edges: Iterable[tuple]) -> None:
    """Add nodes and keyed edges to a fresh MultiDiGraph through its documented dict-of-dicts.

    ``add_edges_from`` goes through ``add_edge`` and two views per edge, about half of
    building a 10^5-link graph. The adjacency is the structure NetworkX documents (node →
    neighbour → key → data, the key dict shared by ``_succ`` and ``_pred``), with the graph's
    own factories for nodes and the compact mappings of :mod:`topology.adjacency` for key
    dicts and link attributes; a test checks the result equals an ``add_edges_from`` build.
    An id an edge names but no node defines becomes a placeholder node (WX001 reports it).
    """
    node_attr, succ, pred = G._node, G._succ, G._pred
    attr_factory, inner_factory = G.node_attr_dict_factory, G.adjlist_inner_dict_factory

    def add(n: Any, attrs: dict) -> None:
        node_attr[n] = attrs if attr_factory is dict else attr_factory(attrs)
        succ[n] = inner_factory()
        pred[n] = inner_factory()

    for n, attrs in nodes:
        add(n, attrs)
    for u, v, key, data in edges:
        if u not in succ:
            add(u, {"node": "account", "placeholder": True, "type": None, "subject": None})
        if v not in succ:
            add(v, {"node": "account", "placeholder": True, "type": None, "subject": None})
        keydict = succ[u].get(v)
        if keydict is None:
            succ[u][v] = pred[v][u] = OneEdge(key, data)
        else:
            keydict[key] = data


def pointer_of(G: nx.MultiDiGraph, n: Any) -> str | None:
    """The JSON pointer of an account or subject node's definition in the document.

    >>> from topology import load
    >>> pointer_of(build_graph(load({"schema_version": 1, "accounts": [{"id": "li", "type": "personal"}]})), "li")
    '/accounts/0'
    """
    d = G.nodes.get(n)
    if not d or "index" not in d:
        return None
    return f"/{d['node']}s/{d['index']}" if d["node"] == "account" else f"/subjects/{d['index']}"


def subject_accounts(G: nx.MultiDiGraph, subject_id: str) -> list[str]:
    """Sorted ids of the accounts registered by a subject (auxiliaries through their primary)."""
    return index_of(G).subject_members(subject_id)


# -- helpers: thin views over the graph's cached Index (topology.index) --------------------------
def accounts(G: nx.MultiDiGraph, types: Iterable[str] | None = None) -> list[str]:
    """Sorted ids of the real (non-placeholder) accounts, optionally of some types."""
    return list(index_of(G).accounts(*(types if types is not None else ())))


def account_type(G: nx.MultiDiGraph, n: str) -> str | None:
    """The type of account ``n``, or None if it is missing or a placeholder."""
    return index_of(G).types.get(n)


def subject_of(G: nx.MultiDiGraph, n: str) -> str | None:
    """The subject id of account ``n`` (an auxiliary's is its primary's)."""
    return index_of(G).subjects_of.get(n)


def subject_kind(G: nx.MultiDiGraph, n: str) -> str | None:
    """The kind of the subject that registered account ``n``, if known."""
    return index_of(G).subject_kind(n)


def same_subject(G: nx.MultiDiGraph, a: str, b: str) -> bool:
    """True when both accounts have a subject and it is the same one (:func:`topology.links.same_subject`)."""
    return index_of(G).same_subject(a, b)


def links(G: nx.MultiDiGraph, kind: str | None = None) -> Iterator[tuple[str, str, int, dict]]:
    """Every document link as ``(source, target, index, data)``, in document order, well typed or
    not (the rules see only well-typed ones: :meth:`topology.index.Index.links`)."""
    out = [
        (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
        if "link" in d and (kind is None or d["kind"] == kind)
    ]
    out.sort(key=lambda e: e[2])
    return iter(out)


#: Whether a link record occupies a cap slot: the public name of :func:`topology.links.takes_slot`.
counts_toward_caps = takes_slot


def linked_mini_programs(
    G: nx.MultiDiGraph, official: str, *, pending_counts: bool = True
) -> list[str]:
    """Sorted distinct mini-programs that official account ``official`` is linked to (capped links only)."""
    index = index_of(G)
    return list(index.slots(index.minis_of, official, pending_counts))


def linked_officials(
    G: nx.MultiDiGraph, mini_program: str, official_types: Iterable[str], *, pending_counts: bool = True
) -> list[str]:
    """Sorted distinct official accounts of ``official_types`` linked to ``mini_program``."""
    index = index_of(G, official_types)
    return list(index.slots(index.officials_of, mini_program, pending_counts))


def auxiliaries(G: nx.MultiDiGraph, primary: str) -> list[str]:
    """Sorted auxiliary accounts registered with ``primary``."""
    return index_of(G).auxiliaries(primary)


def primary_of(G: nx.MultiDiGraph, auxiliary: str) -> str | None:
    """The primary account id of an auxiliary account, if it names one."""
    return index_of(G).primary_of(auxiliary)


def admins(G: nx.MultiDiGraph, n: str) -> list[str]:
    """Sorted personal accounts with an ``admin`` link to ``n``."""
    return index_of(G).admins(n)
