"""The repair planner against an independent solver: HiGHS through ``scipy.optimize.milp``.

On seeded random instances (tests/planner/instances.py) the same integer program is written
down from the rules' text: x_u ∈ {0, 1} per distinct (official, mini-program) pair, pinned pairs
fixed to 1, Σ x ≤ limit at each official's same-subject and cross-subject cap and at each
mini-program's cap, maximise Σ priority·x (then Σ x: the planner's first tie-break). The
planner must reach the same optimum, agree on infeasibility, and leave a document that
validates without WX101-WX103.
"""

from __future__ import annotations

import pytest

import topology
from tests.planner.instances import Instance, random_instance

scipy_optimize = pytest.importorskip("scipy.optimize")
np = pytest.importorskip("numpy")

SEEDS = range(400)


def milp_optimum(inst: Instance) -> tuple[int, int] | None:
    """(kept priority, kept pairs) of an optimum, or None when the program is infeasible."""
    pairs = sorted(inst.units)
    if not pairs:
        return 0, 0
    k = len(pairs)
    prio = np.array([inst.units[p][0] for p in pairs], dtype=float)
    # priority first, then the number of pairs: k + 1 pairs' worth of count never outweighs 1 priority
    c = -(prio * (k + 1) + 1)
    lower = np.array([1.0 if inst.units[p][1] else 0.0 for p in pairs])
    rows, ub = [], []
    for node, limit in sorted(inst.limits.items()):
        if limit is None:
            continue
        rows.append([1.0 if node in inst.nodes[p] else 0.0 for p in pairs])
        ub.append(limit)
    constraints = [scipy_optimize.LinearConstraint(np.array(rows), -np.inf, np.array(ub, dtype=float))] if rows else []
    res = scipy_optimize.milp(c, integrality=np.ones(k), bounds=scipy_optimize.Bounds(lower, np.ones(k)),
                              constraints=constraints)
    if res.status == 2:
        return None
    assert res.status == 0, res.message
    x = np.round(res.x).astype(int)
    return int(prio @ x), int(x.sum())


@pytest.fixture(scope="module")
def outcomes():
    """(instance, repair result, milp optimum) of every seed, computed once."""
    out = []
    for seed in SEEDS:
        inst = random_instance(seed)
        result = topology.repair(topology.load(inst.document), overrides=inst.overrides)
        out.append((inst, result, milp_optimum(inst)))
    return out


def test_enough_instances_of_every_kind(outcomes):
    """The sample is not degenerate: drops, clean ones and infeasible ones all occur."""
    assert len(outcomes) >= 200
    assert sum(1 for _, r, _ in outcomes if r.feasible and r.dropped) >= 100
    assert sum(1 for _, r, _ in outcomes if not r.feasible) >= 12
    assert sum(1 for _, r, _ in outcomes if r.feasible and not r.dropped) >= 5
    # both ways of deciding are exercised: dominance pruning alone, and flows (with or without it)
    assert sum(1 for _, r, _ in outcomes if r.pruned and not r.components) >= 100
    assert sum(1 for _, r, _ in outcomes if r.components) >= 20


def test_the_planner_finds_the_milp_optimum(outcomes):
    for inst, result, best in outcomes:
        assert (best is None) == (not result.feasible), f"seed {inst.seed}: feasibility differs"
        total = sum(p for p, _, _ in inst.units.values())
        assert result.kept_priority + result.dropped_priority == total, f"seed {inst.seed}"
        if best is not None:
            assert (result.kept_priority, result.kept) == best, f"seed {inst.seed}"
            assert result.dropped_priority == total - best[0]


def test_the_flow_alone_finds_the_milp_optimum_too(outcomes):
    """Without the dominance pruning every over-cap component goes through network simplex."""
    from topology.planner import repair as planner

    for inst, result, best in outcomes:
        if best is None:
            continue
        params = result.ruleset.parameters
        units = planner.collect_units(topology.load(inst.document), params)
        caps = planner.node_caps(units, params)
        over = {n for n, c in caps.items() if c.limit is not None and c.units > c.limit}
        dropped = [u for c in planner.over_cap_components([u for u in units if not u.pinned], over)
                   for u in planner.solve_component(c, caps, over, len(units))]
        kept = [u for u in units if u not in dropped]
        assert (sum(u.priority for u in kept), len(kept)) == best, f"seed {inst.seed}"


def test_pinned_pairs_are_never_dropped(outcomes):
    for inst, result, _ in outcomes:
        assert not [d for d in result.dropped if inst.units[d.unit.source, d.unit.target][1]], f"seed {inst.seed}"


def test_infeasible_caps_are_exactly_those_pinned_pairs_exceed(outcomes):
    for inst, result, _ in outcomes:
        pinned: dict = {}
        for pair, (_, is_pinned, _) in inst.units.items():
            for node in inst.nodes[pair] if is_pinned else ():
                pinned[node] = pinned.get(node, 0) + 1
        expected = {(n[1], n[2] if n[0] == "official" else "officials") for n, c in pinned.items()
                    if inst.limits[n] is not None and c > inst.limits[n]}
        expected = {(a, {"same": "same_subject", "cross": "cross_subject"}.get(cap, cap)) for a, cap in expected}
        assert {(x.cap.account, x.cap.cap) for x in result.infeasible} == expected, f"seed {inst.seed}"
        if not result.feasible:
            assert result.dropped == [] and "optimal" not in result.to_dict()


def test_the_repaired_document_validates_clean_and_lost_only_the_dropped_records(outcomes):
    for inst, result, _ in outcomes:
        if not result.feasible:
            continue
        repaired = result.repaired_document(inst.document)
        gone = {i for d in result.dropped for i in inst.units[d.unit.source, d.unit.target][2]}
        assert repaired["links"] == [x for i, x in enumerate(inst.document["links"]) if i not in gone]
        assert {k: v for k, v in repaired.items() if k != "links"} == {
            k: v for k, v in inst.document.items() if k != "links"}
        report = topology.validate(topology.load(repaired), overrides=inst.overrides,
                                   select=["WX101", "WX102", "WX103"])
        assert report.findings == [], f"seed {inst.seed}: {[f.message for f in report.findings]}"
