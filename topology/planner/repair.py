"""Optimal repair: the ``mini_program`` links to drop so that no WX101-WX103 finding remains,
keeping the most priority.

The decision is made per **unit**: a distinct (official account, mini-program) pair among the
link records that hold a cap slot (:func:`topology.graph.counts_toward_caps`; the source's type
in ``linkable_official_types``, the target a mini-program, both defined). Records of one pair
(WX003 duplicates) are one unit, as the caps count them once: its priority is the highest of
theirs and it is pinned when any of them is. Dropping a unit drops all its counting records;
records that hold no slot (rejected, unlinked, pending when that does not count) stay.

Every unit touches three caps: its official account's same-subject (WX102) or cross-subject
(WX103) cap, whichever tier it is in, and its mini-program's (WX101). Keeping a set of units
within every cap is a bipartite b-matching, solved exactly as a min-cost flow::

    S ──cap──▶ (official, tier) ──1 per unit, cost −weight──▶ mini-program ──cap──▶ T
    S ──────────────────────── bypass, cost 0 ──────────────────────────────▶ T

with demand −K at S and +K at T (K units): each unit of flow either keeps a unit or takes the
bypass, i.e. is dropped. Network simplex finds an integral optimum (the constraint matrix is
totally unimodular). The integer weight encodes the objective lexicographically: most priority
kept, then most units kept, then units earlier in (official, mini-program) order.

Exact decompositions keep it fast: pinned units are subtracted from the caps first; a cap that
the pairs at it do not exceed can never bind, so it is dropped as a constraint; what is left
splits into connected components of over-cap nodes, each solved on its own (the objective is a
sum over units), and a unit touching no over-cap node is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..sanitize import escape
from ..vocab import plural

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Ecosystem
    from ..ruleset import Parameters, Ruleset

#: cap → (rule, ruleset parameter, what the cap counts)
CAPS: dict[str, tuple[str, str, str]] = {
    "same_subject": ("WX102", "max_same_subject_mini_programs", "same-subject mini-programs"),
    "cross_subject": ("WX103", "max_cross_subject_mini_programs", "cross-subject mini-programs"),
    "officials": ("WX101", "max_officials_per_mini_program", "official accounts"),
}
_SOURCE, _SINK = ("S",), ("T",)


@dataclass(eq=False, slots=True)
class Unit:
    """A distinct (official, mini-program) pair holding a cap slot, with all its counting records.

    ``rank`` is its position in (official, mini-program) order among the document's units: the
    last tie-break. Units compare by identity (one object per pair); treat them as read-only.
    """

    source: str
    target: str
    tier: str  # "same_subject" | "cross_subject": the official's cap it takes
    priority: int
    pinned: bool
    pointers: tuple[str, ...]
    rank: int = 0

    @property
    def nodes(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """The two caps it occupies: (official, tier) and (mini-program, "officials")."""
        return (self.source, self.tier), (self.target, "officials")


@dataclass(eq=False, slots=True)
class Cap:
    """One account's cap with the units at it (``pinned`` of them pinned)."""

    account: str
    cap: str
    limit: int | None
    units: int
    pinned: int

    @property
    def rule(self) -> str:
        return CAPS[self.cap][0]

    def describe(self, count: int | None = None, pinned: bool = False) -> str:
        """'WX102: official account oa links 12 same-subject mini-programs; the limit is 10'."""
        rule, _, what = CAPS[self.cap]
        n = self.units if count is None else count
        adj = "pinned " if pinned else ""
        if self.cap == "officials":
            return f"{rule}: mini-program {self.account} is linked to {n} {adj}{what}; the limit is {self.limit}"
        return f"{rule}: official account {self.account} links {n} {adj}{what}; the limit is {self.limit}"

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "cap": self.cap, "rule": self.rule, "limit": self.limit,
                "observed": self.units}


@dataclass(frozen=True)
class Drop:
    """A dropped unit and the over-cap nodes its removal relieves."""

    unit: Unit
    relieves: tuple[Cap, ...]

    @property
    def why(self) -> str:
        return "; ".join(c.describe() for c in self.relieves)

    def to_dict(self) -> dict[str, Any]:
        u = self.unit
        return {"source": u.source, "target": u.target, "priority": u.priority, "why": self.why,
                "relieves": [c.to_dict() for c in self.relieves], "pointers": list(u.pointers)}


@dataclass(frozen=True)
class Infeasible:
    """A cap that pinned links alone exceed: no repair can keep them all."""

    cap: Cap
    links: tuple[Unit, ...]

    @property
    def why(self) -> str:
        return self.cap.describe(len(self.links), pinned=True)

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.cap.account, "cap": self.cap.cap, "rule": self.cap.rule, "limit": self.cap.limit,
                "pinned": len(self.links), "why": self.why,
                "links": [{"source": u.source, "target": u.target, "pointers": list(u.pointers)} for u in self.links]}


@dataclass
class RepairResult:
    """What :func:`repair` decided; ``dropped`` is empty when the document is already within its caps."""

    document: str | None
    ruleset: Ruleset
    as_of: date
    units: list[Unit]
    dropped: list[Drop] = field(default_factory=list)
    infeasible: list[Infeasible] = field(default_factory=list)
    components: int = 0  # connected components of binding caps solved as flows
    largest_component: int = 0  # units in the largest of them
    pruned: int = 0  # units dropped by dominance, before any flow
    eco: Ecosystem | None = field(default=None, repr=False)

    @property
    def feasible(self) -> bool:
        return not self.infeasible

    @property
    def dropped_priority(self) -> int:
        return sum(d.unit.priority for d in self.dropped)

    @property
    def kept_priority(self) -> int:
        return sum(u.priority for u in self.units) - self.dropped_priority

    @property
    def kept(self) -> int:
        return len(self.units) - len(self.dropped)

    def dropped_indexes(self) -> set[int]:
        """Indexes in ``links`` of the dropped records."""
        return {int(p.rsplit("/", 1)[1]) for d in self.dropped for p in d.unit.pointers}

    def to_dict(self) -> dict[str, Any]:
        from ..engine import TOOL

        out: dict[str, Any] = {"tool": dict(TOOL), "document": self.document, "ruleset": self.ruleset.to_dict(),
                               "as_of": self.as_of.isoformat(), "feasible": self.feasible}
        if self.feasible:
            out["optimal"] = True
        out.update({"units": len(self.units), "kept": self.kept, "dropped_count": len(self.dropped),
                    "kept_priority": self.kept_priority, "dropped_priority": self.dropped_priority,
                    "solver": {"pruned": self.pruned, "components": self.components,
                               "largest_component": self.largest_component},
                    "dropped": [d.to_dict() for d in self.dropped]})
        if not self.feasible:
            out["infeasible"] = [x.to_dict() for x in self.infeasible]
        return out

    def to_json(self) -> str:
        """``to_dict`` as JSON, one dropped pair a line."""
        from ._inputs import dumps_listing

        return dumps_listing(self.to_dict(), "dropped")

    def render(self, format: str = "text", lang: str = "en") -> str:
        """``text`` or ``json``, as ``wxtopo repair --format`` prints it."""
        return self.to_json() if format == "json" else render_text(self, lang)

    def repaired_document(self, raw: dict | None = None) -> dict:
        """See :func:`repaired_document`."""
        return repaired_document(self, raw)

    def repaired_text(self, raw: dict | None = None, format: str = "json") -> str:
        """The repaired document as text: JSON with one line per list item (one diff line per
        link), or YAML (``format="yaml"``)."""
        doc = repaired_document(self, raw)
        if format == "yaml":
            import yaml

            return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        from ..jsonfmt import compact_json

        return compact_json(doc) + "\n"


def repaired_document(result: RepairResult, raw: dict | None = None) -> dict:
    """The document mapping minus the dropped link records; every other key, value and order kept.

    ``raw`` is the document as parsed from its text (default: re-read from the ecosystem's
    source). An infeasible result drops nothing.
    """
    if raw is None:
        if result.eco is None or result.eco.source is None:
            raise ValueError("no raw document: pass the mapping the ecosystem was loaded from")
        from ._inputs import raw_mapping

        raw = raw_mapping(result.eco.source)
    links = raw.get("links", [])
    if result.eco is not None and len(links) != len(result.eco.links):
        raise ValueError(f"the mapping has {len(links)} links, the ecosystem {len(result.eco.links)}: not its source")
    gone = result.dropped_indexes()
    return {k: ([x for i, x in enumerate(v) if i not in gone] if k == "links" else v) for k, v in raw.items()}


def repair(
    eco: Ecosystem | str | Path | dict,
    ruleset: str | Path | Ruleset | None = None,
    *,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
    rules_as_of: date | str | None = None,
) -> RepairResult:
    """Choose the ``mini_program`` links to drop so no WX101-WX103 finding remains, keeping the
    most total ``priority`` (ties: more links kept, then earlier ids). Pinned links are never
    dropped; when pinned links alone exceed a cap the result is infeasible and drops nothing.

    >>> import topology
    >>> eco = topology.load({"schema_version": 1, "subjects": [{"id": "s", "kind": "enterprise"}],
    ...     "accounts": [{"id": "news", "type": "subscription", "subject": "s"},
    ...                  {"id": "a", "type": "mini_program", "subject": "s"},
    ...                  {"id": "b", "type": "mini_program", "subject": "s"}],
    ...     "links": [{"kind": "mini_program", "source": "news", "target": "a", "priority": 1},
    ...               {"kind": "mini_program", "source": "news", "target": "b", "priority": 3}]})
    >>> result = topology.repair(eco, overrides={"max_same_subject_mini_programs": 1})
    >>> [(d.unit.target, d.unit.pointers) for d in result.dropped], result.kept_priority
    ([('a', ('/links/0',))], 3)
    """
    from .. import arguments as check

    check.ecosystem(eco, "repair", "eco")
    overrides = check.ruleset_options("repair", ruleset, overrides, as_of, rules_as_of)

    from .._gc import bulk_allocation
    from ._inputs import resolve

    eco, rs, when = resolve(eco, ruleset, overrides, as_of, rules_as_of)
    document = eco.source.name if eco.source else None
    with bulk_allocation():  # tens of thousands of units and tuples: keep the collector out
        return _repair(RepairResult(document, rs, when, [], eco=eco))


def _repair(result: RepairResult) -> RepairResult:
    params = result.ruleset.parameters
    units = result.units = collect_units(result.eco, params)
    caps = cap_table(units, params)
    result.infeasible = [
        Infeasible(cap, tuple(u for u in units if u.pinned and node in u.nodes))
        for node, cap in sorted(caps.items()) if cap.limit is not None and cap.pinned > cap.limit]
    if result.infeasible:
        return result
    over = {node for node, cap in caps.items() if cap.limit is not None and cap.units > cap.limit}
    free = [u for u in units if not u.pinned and (u.nodes[0] in over or u.nodes[1] in over)]
    pruned, binding = prune_dominated(free, caps, over)
    gone = {id(u) for u in pruned}
    components = over_cap_components([u for u in free if id(u) not in gone], binding)
    dropped = list(pruned)
    for component in components:
        dropped += solve_component(component, caps, binding, len(units))
    dropped.sort(key=lambda u: u.rank)
    result.components = len(components)
    result.largest_component = max((len(c) for c in components), default=0)
    result.pruned = len(pruned)
    result.dropped = [Drop(u, tuple(caps[n] for n in u.nodes if n in over)) for u in dropped]
    _check_within_caps(dropped, caps, over)
    return result


def collect_units(eco: Ecosystem, params: Parameters) -> list[Unit]:
    """The units of an ecosystem, in (official, mini-program) order (``rank``).

    Types and subjects are those of each id's first definition, as in the graph; "same
    subject" needs a subject on both sides, as WX102 does.
    """
    from ..graph import counts_toward_caps

    types: dict[str, str] = {}
    subjects: dict[str, str | None] = {}
    for a in eco.accounts:
        if a.id not in types:
            types[a.id] = a.type
            subjects[a.id] = a.__dict__.get("subject")  # an auxiliary has none (not a cap party)
    officials = set(params.linkable_official_types)
    pending = params.pending_counts_toward_caps
    records: dict[tuple[str, str], list[int]] = {}
    links = eco.links
    for i, link in enumerate(links):
        if link.kind != "mini_program" or types.get(link.target) != "mini_program":
            continue
        if types.get(link.source) not in officials or not counts_toward_caps(link, pending):
            continue
        key = (link.source, link.target)
        recs = records.get(key)
        if recs is None:
            records[key] = [i]
        else:
            recs.append(i)
    units = []
    for rank, ((o, m), recs) in enumerate(sorted(records.items())):
        own = subjects[o]
        tier = "same_subject" if own is not None and own == subjects[m] else "cross_subject"
        if len(recs) == 1:
            link = links[recs[0]]
            priority, pinned = link.priority, link.pinned
        else:
            priority, pinned = max(links[i].priority for i in recs), any(links[i].pinned for i in recs)
        units.append(Unit(o, m, tier, priority, pinned, tuple(f"/links/{i}" for i in recs), rank))
    return units


def cap_table(units: list[Unit], params: Parameters) -> dict[tuple[str, str], Cap]:
    """Every (account, cap) some unit occupies, with its limit (None: off) and how many units
    and pinned units sit at it."""
    counts: dict[tuple[str, str], list[int]] = {}
    for u in units:
        for node in u.nodes:
            c = counts.get(node)
            if c is None:
                counts[node] = [1, int(u.pinned)]
            else:
                c[0] += 1
                c[1] += u.pinned
    limits = {cap: getattr(params, spec[1]) for cap, spec in CAPS.items()}
    return {node: Cap(node[0], node[1], limits[node[1]], n, pinned) for node, (n, pinned) in counts.items()}


def prune_dominated(
    units: list[Unit], caps: dict[tuple[str, str], Cap], over: set[tuple[str, str]]
) -> tuple[list[Unit], set[tuple[str, str]]]:
    """Drop what no optimum keeps, before any flow: (dropped units, caps still binding).

    At a binding node with room for r more units, a *pendant* unit (its other cap cannot bind)
    competes only there, so the r best pendants (priority, then id order: the objective's own
    order) can always be kept: any unit there worse than all r of them is in no optimum
    (swapping it for a better pendant left out would improve the objective without breaking a
    cap), pendant or not. Room 0 drops everything there. A node whose units then fit stops
    binding, which may make its neighbours' units pendant in turn; repeated to a fixpoint.
    This settles the stars most WX102/WX103 violations are without building a network, and
    shrinks the rest.
    """
    binding = set(over)
    room = {n: caps[n].limit - caps[n].pinned for n in binding}
    at: dict[tuple[str, str], list[Unit]] = {n: [] for n in binding}
    for u in units:
        for n in u.nodes:
            if n in binding:
                at[n].append(u)
    gone: set[int] = set()
    dropped: list[Unit] = []
    queue = sorted(binding, reverse=True)  # popped in sorted order: reproducible
    queued = set(queue)

    def release(n: tuple[str, str]) -> None:
        binding.discard(n)
        for u in at[n]:
            m = _other(u, n)
            if m in binding and m not in queued:
                queue.append(m)
                queued.add(m)

    while queue:
        n = queue.pop()
        queued.discard(n)
        if n not in binding:
            continue
        members = at[n] = [u for u in at[n] if id(u) not in gone]
        r = room[n]
        if len(members) > r:
            pendants = [u for u in members if _other(u, n) not in binding]
            if len(pendants) >= r:
                # the r best pendants can always be kept here; whatever is worse than all of them goes
                bar = sorted(map(_order, pendants))[r - 1] if r else None
                keep = []
                for u in members:
                    if bar is not None and _order(u) <= bar:
                        keep.append(u)
                        continue
                    gone.add(id(u))
                    dropped.append(u)
                    m = _other(u, n)
                    if m in binding and m not in queued:  # one unit fewer there: look again
                        queue.append(m)
                        queued.add(m)
                members = at[n] = keep
        if len(members) <= r:
            release(n)
    return dropped, binding


def _order(u: Unit) -> tuple[int, int]:
    """Better units first: higher priority, then earlier in (official, mini-program) order."""
    return (-u.priority, u.rank)


def _other(u: Unit, node: tuple[str, str]) -> tuple[str, str]:
    """The unit's cap at its other end."""
    a, b = u.nodes
    return b if a == node else a


def over_cap_components(units: list[Unit], over: set[tuple[str, str]]) -> list[list[Unit]]:
    """The units touching an over-cap node, grouped into connected components of the over-cap
    nodes they join; components and their units in (official, mini-program) order.

    A node at or under its cap cannot bind whatever is kept, so it joins nothing.
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(n: tuple[str, str]) -> tuple[str, str]:
        root = n
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[n] != root:
            parent[n], n = root, parent[n]
        return root

    touching = []
    for u in units:
        ends = [n for n in u.nodes if n in over]
        if not ends:
            continue
        touching.append((u, ends[0]))
        if len(ends) == 2:
            a, b = find(ends[0]), find(ends[1])
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[tuple[str, str], list[Unit]] = {}
    for u, node in touching:
        groups.setdefault(find(node), []).append(u)
    return sorted(groups.values(), key=lambda g: g[0].rank)


def flow_network(units: list[Unit], caps: dict[tuple[str, str], Cap], over: set[tuple[str, str]], total: int):
    """The min-cost-flow network of one component (see the module docstring), built in sorted
    id order so the solver's path, and its choice among equal optima, is reproducible.

    A cap's edge carries ``limit − pinned`` as capacity when the cap binds, and no capacity
    (unbounded) otherwise or when its parameter is off. A unit's edge costs −(priority·W1 + W2
    + bonus), bonus = ``total`` − rank (rank among all ``total`` units of the document, so the
    objective is one and the same whichever component a unit falls in), W2 > Σ bonuses and
    W1 > K·W2 + Σ bonuses: priority outranks the number of units kept, which outranks the id
    order. Python integers do not overflow.
    """
    import networkx as nx

    units = sorted(units, key=lambda u: u.rank)
    k = len(units)
    bonuses = sum(total - u.rank for u in units)
    w2 = bonuses + 1
    w1 = k * w2 + bonuses + 1

    def room(node: tuple[str, str]) -> dict:
        cap = caps[node]
        return {"capacity": cap.limit - cap.pinned} if node in over else {}

    G = nx.DiGraph()
    G.add_node(_SOURCE, demand=-k)
    officials = sorted({u.nodes[0] for u in units})
    minis = sorted({u.nodes[1] for u in units})
    G.add_nodes_from(("o",) + n for n in officials)
    G.add_nodes_from(("m",) + n for n in minis)
    G.add_node(_SINK, demand=k)
    for n in officials:
        G.add_edge(_SOURCE, ("o",) + n, weight=0, **room(n))
    for u in units:
        o, m = u.nodes
        G.add_edge(("o",) + o, ("m",) + m, capacity=1, weight=-(u.priority * w1 + w2 + total - u.rank), unit=u)
    for n in minis:
        G.add_edge(("m",) + n, _SINK, weight=0, **room(n))
    G.add_edge(_SOURCE, _SINK, weight=0)
    return G


def solve_component(
    units: list[Unit], caps: dict[tuple[str, str], Cap], over: set[tuple[str, str]], total: int
) -> list[Unit]:
    """The units an optimal flow drops (network simplex: exact, integral)."""
    import networkx as nx

    G = flow_network(units, caps, over, total)
    _, flow = nx.network_simplex(G)
    return [d["unit"] for a, b, d in G.edges(data=True) if "unit" in d and flow[a][b] == 0]


def _check_within_caps(dropped: list[Unit], caps: dict[tuple[str, str], Cap], over: set[tuple[str, str]]) -> None:
    """A solver result that breaks a cap is a bug here, never a repair to hand out."""
    left = {n: caps[n].units for n in over}
    for u in dropped:
        for n in u.nodes:
            if n in left:
                left[n] -= 1
    for n, count in left.items():
        if count > caps[n].limit:  # pragma: no cover - a solver bug
            raise AssertionError(f"repair left {n} at {count}, over its limit {caps[n].limit}")


# -- rendering ---------------------------------------------------------------------------
_WORDS = {
    "en": {"clean": "{doc}: nothing to drop: no mini_program link breaks WX101-WX103",
           "drop": "{doc}: drop {n} of {units} mini_program link pairs to clear WX101-WX103; "
                   "kept priority {kept}, dropped priority {dropped} (optimal)",
           "infeasible": "{doc}: cannot repair: pinned links alone exceed {caps}; nothing was dropped",
           "ruleset": "ruleset {rs} on {day}", "priority": "priority", "pinned": "pinned"},
    "zh": {"clean": "{doc}：无需解除：没有小程序关联违反 WX101-WX103",
           "drop": "{doc}：解除 {n} 对（共 {units} 对）小程序关联即可消除 WX101-WX103；"
                   "保留优先级 {kept}，解除优先级 {dropped}（最优）",
           "infeasible": "{doc}：无法修复：仅固定（pinned）的关联就超出 {n} 项上限；未解除任何关联",
           "ruleset": "规则集 {rs}，{day}", "priority": "优先级", "pinned": "固定"},
}


def render_text(result: RepairResult, lang: str = "en") -> str:
    """A headline, then one entry per dropped pair (or per infeasible cap) with its reason."""
    w = _WORDS[lang]
    doc = result.document or "-"
    out = []
    if not result.feasible:
        out.append(w["infeasible"].format(doc=doc, n=len(result.infeasible), caps=plural(len(result.infeasible), "cap")))
        for x in result.infeasible:
            out.append(f"  {x.why}")
            out += [f"    {w['pinned']} {u.source} → {u.target}  {', '.join(u.pointers)}" for u in x.links]
    elif not result.dropped:
        out.append(w["clean"].format(doc=doc))
    else:
        out.append(w["drop"].format(doc=doc, n=len(result.dropped), units=len(result.units),
                                    kept=result.kept_priority, dropped=result.dropped_priority))
        for d in result.dropped:
            u = d.unit
            out.append(f"  - {u.source} → {u.target}  {w['priority']} {u.priority}  {', '.join(u.pointers)}")
            out += [f"      {c.describe()}" for c in d.relieves]
    out.append(f"  ({w['ruleset'].format(rs=result.ruleset.name, day=result.as_of.isoformat())})")
    return "\n".join(map(escape, out)) + "\n"  # file, ruleset and account names are the user's
