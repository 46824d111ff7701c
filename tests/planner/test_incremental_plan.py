"""plan checks each step incrementally: the result equals the plan that validates every state whole."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import topology
import topology.engine
from tests.fuzzing import changes, documents, overrides
from tests.helpers import account, doc, link, subject
from topology.incremental import Checker
from topology.planner.plan import ChangesError


def _outcome(document: dict, change_list: list[dict], options: dict, full: bool) -> dict:
    """The plan's JSON, or the error it stops with (as plan's JSON error shows it)."""
    try:
        result = topology.plan(topology.load(copy.deepcopy(document)), copy.deepcopy(change_list), **options,
                               _full_check=full)
    except ChangesError as exc:
        return {"failed_step": exc.step, "errors": [p.to_dict() for p in exc.problems],
                "steps": [s.to_dict() for s in exc.steps]}
    return result.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_incremental_plan_equals_full_validation_per_step(data):
    document = data.draw(documents(big=data.draw(st.integers(0, 3)) == 0))
    change_list = data.draw(changes(document))
    reorder = len(change_list) <= 5 and data.draw(st.booleans())
    # the caps tight half the time, so that --reorder has to search
    tight = {"max_cross_subject_mini_programs": data.draw(st.integers(0, 2)),
             "max_same_subject_mini_programs": data.draw(st.integers(0, 2)),
             "max_officials_per_mini_program": data.draw(st.integers(0, 2))}
    options = {"ruleset": "seed", "overrides": (tight if data.draw(st.booleans()) else data.draw(overrides())) or None, "as_of": "2026-06-01",
               "reorder": reorder, "lang": data.draw(st.sampled_from(["en", "zh"]))}
    try:
        full = _outcome(document, change_list, options, full=True)
    except topology.UsageError:  # overrides the ruleset refuses
        return
    assert _outcome(document, change_list, options, full=False) == full
    event("cannot apply" if "failed_step" in full else
          f"reorder: {full['reorder']['reason']}" if "reorder" in full else "no reorder")


def _tight_doc() -> dict:
    """``news`` at its cross-subject cap of 1 (linked to x1), with x2 and x3 spare."""
    return doc(subjects=[subject("a"), subject("b")],
               accounts=[account("news", "subscription", subject="a"),
                         *(account(f"x{i}", "mini_program", subject="b") for i in (1, 2, 3))],
               links=[link("mini_program", "news", "x1")])


def test_reorder_search_agrees_and_never_validates_whole(monkeypatch):
    """A search that backtracks (x3 tried first, then x2 cannot pass through: x3 is taken back)
    gives the same plan; the incremental run never calls ``validate``, the full one once a state."""
    change_list = [{"op": "link", "kind": "mini_program", "source": "news", "target": "x3"},
                   {"op": "unlink", "kind": "mini_program", "source": "news", "target": "x1"},
                   {"op": "link", "kind": "mini_program", "source": "news", "target": "x2"},
                   {"op": "unlink", "kind": "mini_program", "source": "news", "target": "x2"}]
    options = {"overrides": {"max_cross_subject_mini_programs": 1}, "as_of": "2026-06-01", "reorder": True}
    calls, builds = [], []
    validate, build = topology.engine.validate, Checker._build
    monkeypatch.setattr(topology.engine, "validate", lambda *a, **k: calls.append(1) or validate(*a, **k))
    monkeypatch.setattr(Checker, "_build", lambda self: builds.append(1) or build(self))
    full = _outcome(_tight_doc(), change_list, options, full=True)
    full_calls, calls[:] = len(calls), []
    incremental = _outcome(_tight_doc(), change_list, options, full=False)
    assert full["reorder"]["found"] and full["reorder"]["reason"] == "search"
    assert full["reorder"]["order"] == [1, 2, 3, 0] and full["reorder"]["states_checked"] > len(change_list)
    assert incremental == full
    assert calls == [] and full_calls > len(change_list) + 1
    # the checkers step between the states the search visits (back to the parent, on to the
    # sibling) instead of starting over: one build for the plan, one for the search, one for the replay
    assert len(builds) == 3 < full["reorder"]["states_checked"]


@st.composite
def _cap_plans(draw) -> tuple[dict, list[dict], int]:
    """One official with cross-subject minis, a cap near the final count, and links and unlinks that apply in
    the given order: the shape where ``--reorder`` searches (and backtracks)."""
    minis = [f"m{i}" for i in range(6)]
    linked = set(draw(st.lists(st.sampled_from(minis), max_size=4, unique=True)))
    document = doc(subjects=[subject("a"), subject("b")],
                   accounts=[account("news", "subscription", subject="a"),
                             *(account(m, "mini_program", subject="b") for m in minis)],
                   links=[link("mini_program", "news", m) for m in sorted(linked)])
    out = []
    for _ in range(draw(st.integers(1, 5))):
        if linked and draw(st.booleans()):
            m = draw(st.sampled_from(sorted(linked)))
            change = {"op": "unlink", "kind": "mini_program", "source": "news", "target": m}
            if draw(st.integers(0, 3)) == 0:
                change["on"] = "2026-01-01"
            linked.discard(m)
        else:
            m = draw(st.sampled_from([m for m in minis if m not in linked] or minis))
            change = {"op": "link", "kind": "mini_program", "source": "news", "target": m}
            linked.add(m)
        out.append(change)
    # mostly a cap the final state keeps, so that an order is searched for
    return document, out, max(1, len(linked) - draw(st.integers(0, 3)) // 3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cap_plans())
def test_incremental_reorder_equals_full_validation_per_state(case):
    document, change_list, cap = case
    options = {"overrides": {"max_cross_subject_mini_programs": cap}, "as_of": "2026-06-01", "reorder": True}
    full = _outcome(document, change_list, options, full=True)
    assert _outcome(document, change_list, options, full=False) == full
    event(f"reorder: {full['reorder']['reason']}" if "reorder" in full else "cannot apply")
