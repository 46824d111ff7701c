"""The graph's questions answered from plain dicts: one implementation of each.

The checks ask the same few questions for every account (whose mini-programs? who
administers it?). Answering each with a NetworkX traversal costs more than the whole rest
of a run at 10^5 links, so an :class:`Index` reads the graph's adjacency once into plain
dicts by edge kind and answers from those. The rules reach it through
:class:`~topology.rules.context.Context`; the public helpers of :mod:`topology.graph` are
thin views over one index cached per graph (:func:`index_of`).

Well-typed links only: the relation tables hold a link when both ends are accounts of the
types its kind allows (``vocab.LINK_ENDPOINTS``; the sources of ``mini_program`` links are
the given official types). Dangling ids (WX001) and wrong types (WX004) are the integrity
rules' business, read from the graph and the document directly, so every other rule sees a
bad link once, as that integrity finding, and never as a second one.
"""

from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

from . import links as L
from .adjacency import AccountAttrs, LinkAttrs, OneEdge
from .vocab import ACCOUNT_TYPES, LINK_ENDPOINTS, OFFICIAL_TYPES

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable
    from typing import Any

    import networkx as nx

#: relation kinds indexed by source and target (``primary``: auxiliary → its main account)
RELATIONS: tuple[str, ...] = ("admin", "member", "promotes", "primary")


@lru_cache(maxsize=8)
def endpoints(official_types: frozenset[str]) -> dict[str, tuple[frozenset, frozenset | None]]:
    """kind → (allowed source types, allowed target types) of a well-typed edge: docs/document.md's table,
    with the official types as the sources of ``mini_program`` links. A ``primary`` edge (not a
    link: WX004 reports a non-personal primary, the relation stays) needs only a real source;
    None stands for any target."""
    out: dict[str, tuple[frozenset, frozenset | None]] = {
        kind: (official_types if sources is None else sources, targets)
        for kind, (sources, targets) in LINK_ENDPOINTS.items()}
    out["primary"] = (frozenset(ACCOUNT_TYPES), None)
    return out


def well_typed(kind: str, source_type: str | None, target_type: str | None, official_types: frozenset[str]) -> bool:
    """Both ends are accounts (not placeholders) of the types ``kind`` allows (see :func:`endpoints`).

    >>> none = frozenset()
    >>> well_typed("member", "service", "enterprise", none), well_typed("member", "personal", "enterprise", none)
    (False, True)
    """
    sources, targets = endpoints(official_types)[kind]
    return source_type in sources and (targets is None or target_type in targets)


class Index:
    """Accounts, subjects and well-typed relations of one graph, for one set of official types.

    Treat it as read-only; :mod:`topology.incremental` alone updates one in place.
    """

    def __init__(self, graph: nx.MultiDiGraph, official_types: Iterable[str] = OFFICIAL_TYPES):
        self.official_types = frozenset(official_types)
        self.by_type: dict[str, list[str]] = {}
        self.types: dict[Any, str] = {}
        self.subjects_of: dict[Any, str | None] = {}
        self.models: dict[Any, Any] = {}
        self.positions: dict[Any, int] = {}
        self.placeholder_nodes: list[Any] = []
        self.subject_kinds: dict[str, str | None] = {}
        self.subject_positions: dict[str, int] = {}
        for n, d in graph.nodes(data=True):
            if type(d) is AccountAttrs and d.more is None and d.node == "account":  # as build_graph made it
                if d.type is not None:
                    self.add_account(n, d.type, d.subject, d.model, d.index)
                continue
            if d.get("placeholder"):
                self.placeholder_nodes.append(n)
            if d["node"] == "subject":
                self.subject_kinds[n[1]] = d.get("kind")
                if "index" in d:
                    self.subject_positions[n[1]] = d["index"]
                continue
            t = d.get("type")
            if t is not None and d["node"] == "account":
                self.add_account(n, t, d["subject"], d["model"], d["index"])
        for ids in self.by_type.values():
            ids.sort()
        # One pass over the adjacency, into plain dicts by edge kind. mini_program links, the
        # bulk of a large document, go straight into the cap-slot tables (see add_link).
        self.minis_of: dict[Any, dict[Any, int]] = {}
        self.officials_of: dict[Any, dict[Any, int]] = {}
        self.out: dict[str, dict[Any, list]] = {kind: {} for kind in RELATIONS}
        self.inn: dict[str, dict[Any, list]] = {kind: {} for kind in RELATIONS}
        self.mini_links: dict[Any, list] = {}  # source → [(u, v, index, link)] of well-typed records
        self.parallel: list[tuple[Any, Any, dict]] = []
        self.add_edges(graph.adjacency())
        self.memo: dict[tuple, Any] = {}
        self._owned: dict[tuple[str, str], list[str]] | None = None

    # -- building (and incremental updates) ---------------------------------------------------
    def add_account(self, n: Any, t: str, subject: str | None, model: Any, position: int) -> None:
        """Record an account (its type list is left for the caller to keep sorted)."""
        self.types[n] = t
        self.subjects_of[n] = subject
        self.models[n] = model
        self.positions[n] = position
        self.by_type.setdefault(t, []).append(n)

    def owned_add(self, n: Any) -> None:
        """Keep the (subject, type) table, once built, in step with an account added later."""
        sid = self.subjects_of.get(n)
        if self._owned is not None and sid is not None:
            self._owned.setdefault((sid, self.types[n]), []).append(n)

    def add_link(self, u: Any, v: Any, key: Any, kind: str, link: Any) -> None:
        """Index one edge (see :meth:`add_edges`)."""
        self.add_edges([(u, {v: {key: {"kind": kind, "link": link}}})])

    def add_edges(self, adjacency: Iterable[tuple[Any, dict]]) -> None:
        """Index the well-typed edges of ``adjacency`` (u → v → key → edge data, as NetworkX keeps it).

        A ``mini_program`` record marks its pair 2 when linked, 1 when pending (the slot it takes
        when pending counts, :func:`topology.links.takes_slot`); the pair keeps its strongest
        record. Pairs joined by more than one edge are listed in ``parallel``. One loop for the
        whole graph: at 10^5 links a call per edge would cost a fifth of a run.
        """
        type_of, state = self.types.get, L.state
        allowed = endpoints(self.official_types)
        mini_sources, mini_targets = allowed["mini_program"]
        out, inn, mini_links, parallel = self.out, self.inn, self.mini_links, self.parallel
        minis_of, officials_of = self.minis_of, self.officials_of
        for u, nbrs in adjacency:
            source_type = type_of(u)
            u_official = source_type in mini_sources
            for v, keydict in nbrs.items():
                if type(keydict) is OneEdge and keydict.more is None:  # most pairs: read the slots
                    entries: Any = ((keydict.key, keydict.data),)
                else:
                    entries = keydict.items()
                    if len(keydict) > 1:
                        parallel.append((u, v, keydict))
                target_type = None
                tier = 0
                for key, d in entries:
                    compact = type(d) is LinkAttrs and d.more is None  # as build_graph made it
                    kind = d.kind if compact else d["kind"]
                    if kind == "mini_program":
                        if not u_official:
                            continue
                        if target_type is None:
                            target_type = type_of(v)
                        if target_type not in mini_targets:
                            continue
                        link = d.link if compact else d["link"]
                        records = mini_links.get(u)
                        if records is None:
                            records = mini_links[u] = []
                        records.append((u, v, key, link))
                        now = state(link)
                        if now == "linked":
                            tier = 2
                        elif now == "pending" and not tier:
                            tier = 1
                        continue
                    sources, targets = allowed[kind]
                    if source_type not in sources or (targets is not None and type_of(v) not in targets):
                        continue
                    record = (u, v, key, d.link if compact else d.get("link"))
                    out[kind].setdefault(u, []).append(record)
                    inn[kind].setdefault(v, []).append(record)
                if tier:
                    slots = minis_of.get(u)
                    if slots is None:
                        slots = minis_of[u] = {}
                    if slots.get(v, 0) < tier:
                        slots[v] = tier
                    slots = officials_of.get(v)
                    if slots is None:
                        slots = officials_of[v] = {}
                    if slots.get(u, 0) < tier:
                        slots[u] = tier

    # -- accounts ---------------------------------------------------------------------------
    def accounts(self, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types (all when none given); do not mutate."""
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        wanted = types or tuple(self.by_type)
        return sorted(n for t in set(wanted) for n in self.by_type.get(t, []))

    def subject_kind(self, account: str) -> str | None:
        sid = self.subjects_of.get(account)
        return None if sid is None else self.subject_kinds.get(sid)

    def same_subject(self, a: str, b: str) -> bool:
        return L.same_subject(self.subjects_of.get(a), self.subjects_of.get(b))

    # -- subjects ---------------------------------------------------------------------------
    def subjects(self) -> list[str]:
        """Sorted ids of the subjects the document defines."""
        return sorted(self.subject_positions)

    def owned(self, subject_id: str, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types whose ``subject`` is ``subject_id``
        (the (subject, type) index is built in one pass on first use)."""
        if self._owned is None:
            owned: dict[tuple[str, str], list[str]] = {}
            for n, sid in self.subjects_of.items():
                if sid is not None:
                    owned.setdefault((sid, self.types[n]), []).append(n)
            self._owned = owned
        if len(types) == 1:
            return sorted(self._owned.get((subject_id, types[0]), ()))
        return sorted(n for t in set(types) for n in self._owned.get((subject_id, t), ()))

    def subject_members(self, subject_id: str) -> list[str]:
        """Sorted ids of the accounts registered by ``subject_id`` (auxiliaries through their primary)."""
        return sorted(n for n, s in self.subjects_of.items() if s == subject_id)

    def placeholders(self) -> list[Any]:
        """Graph nodes that stand for ids the document names but does not define."""
        return sorted(self.placeholder_nodes, key=lambda n: (isinstance(n, tuple), str(n)))

    # -- relations --------------------------------------------------------------------------
    def links(self, kind: str) -> list[tuple[Any, Any, int, Any]]:
        """(source, target, index, link model) of the well-typed links of one kind, in document order."""
        table = self.mini_links if kind == "mini_program" else self.out[kind]
        return sorted((r for records in table.values() for r in records), key=lambda r: r[2])

    def mini_links_to(self, graph: nx.MultiDiGraph, mini_program: Any) -> list[tuple[Any, Any, int, Any]]:
        """(u, v, index, link) of the well-typed ``mini_program`` links into ``mini_program``, in
        document order (read from the graph: the index keeps them by source only)."""
        type_of, officials = self.types.get, self.official_types
        if type_of(mini_program) != "mini_program":
            return []
        return sorted(((u, mini_program, key, d["link"]) for u, keydict in graph.pred[mini_program].items()
                       if type_of(u) in officials for key, d in keydict.items() if d["kind"] == "mini_program"),
                      key=lambda r: r[2])

    def slots(self, table: dict, account: str, pending: bool) -> list[str]:
        """Sorted counterparts holding a cap slot in ``table`` (minis_of or officials_of)."""
        key = (id(table), account, pending)
        found = self.memo.get(key)
        if found is None:
            floor = 1 if pending else 2
            found = self.memo[key] = sorted(n for n, tier in table.get(account, {}).items() if tier >= floor)
        return found

    def count(self, table: dict, account: str, pending: bool) -> int:
        """How many counterparts hold a cap slot in ``table`` (no list built)."""
        slots = table.get(account)
        if not slots:
            return 0
        return len(slots) if pending else sum(1 for tier in slots.values() if tier == 2)

    def split_mini_programs(self, official: str, pending: bool) -> tuple[list[str], list[str]]:
        """The official's capped mini-programs: (same subject, other subjects), each sorted."""
        key = ("split", official, pending)
        found = self.memo.get(key)
        if found is None:
            own, subject_of = self.subjects_of.get(official), self.subjects_of.get
            same, other = [], []
            for m in self.slots(self.minis_of, official, pending):
                (same if L.same_subject(own, subject_of(m)) else other).append(m)
            found = self.memo[key] = (same, other)
        return found

    def admins(self, account: str) -> list[str]:
        """Sorted personal accounts with a (well-typed) ``admin`` link to ``account``."""
        records = self.inn["admin"].get(account)
        return sorted({r[0] for r in records}) if records else []

    def administered(self, person: str, pending: bool) -> list[str]:
        """Sorted distinct accounts ``person`` administers through ``admin`` links that take a slot."""
        records = self.out["admin"].get(person)
        return sorted({r[1] for r in records if L.takes_slot(r[3], pending)}) if records else []

    def auxiliaries(self, primary: str) -> list[str]:
        """Sorted auxiliary accounts registered with ``primary``."""
        return sorted(r[0] for r in self.inn["primary"].get(primary, ()))

    def primary_of(self, auxiliary: str) -> str | None:
        """The id an auxiliary names as its primary."""
        out = self.out["primary"].get(auxiliary)
        return out[0][1] if out else None


_CACHE: WeakKeyDictionary = WeakKeyDictionary()


def index_of(graph: nx.MultiDiGraph, official_types: Iterable[str] = OFFICIAL_TYPES) -> Index:
    """The index of ``graph`` for ``official_types``, built on the first question and kept while
    the graph lives. A graph changed after that needs :func:`forget` first."""
    key = frozenset(official_types)
    per_graph = _CACHE.get(graph)
    if per_graph is None:
        per_graph = _CACHE[graph] = {}
    found = per_graph.get(key)
    if found is None:
        found = per_graph[key] = Index(graph, key)
    return found


def forget(graph: nx.MultiDiGraph) -> None:
    """Drop the cached indexes of ``graph`` (after changing it)."""
    _CACHE.pop(graph, None)
