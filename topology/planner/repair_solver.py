"""Repair's solver: dominance pruning, over-cap components, and an exact min-cost flow per
component (the network is described in :mod:`topology.planner.repair`)."""

from __future__ import annotations

from .repair_units import Cap, Unit

_SOURCE, _SINK = ("S",), ("T",)


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


def check_within_caps(dropped: list[Unit], caps: dict[tuple[str, str], Cap], over: set[tuple[str, str]]) -> None:
    """A solver result that breaks a cap is a bug here, never a repair to hand out."""
    left = {n: caps[n].units for n in over}
    for u in dropped:
        for n in u.nodes:
            if n in left:
                left[n] -= 1
    for n, count in left.items():
        if count > caps[n].limit:  # pragma: no cover - a solver bug
            raise AssertionError(f"repair left {n} at {count}, over its limit {caps[n].limit}")
