"""``plan --reorder``: an order of the same changes in which no step exceeds an association cap.

A depth-first search over the orders that keep each change after the ones it depends on
(:func:`predecessors`), removals first, then additions where they fit; it checks at most
``budget`` states (each one check of the cap rules, incremental) before it gives up. The order it finds
is replayed once with every rule for its step-by-step report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._gc import bulk_allocation
from ..vocab import PHRASES, phrase
from .changes import change_dict, is_removal, summary
from .compare import compare
from .state import ChangeFailed, State
from .steps import CAP_RULES, Step, breaking_dict, error_findings, make_step

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Finding

#: states ``--reorder`` may check (each one validation) before it gives up
SEARCH_BUDGET = 2000


@dataclass
class Reorder:
    """What ``--reorder`` found: an order (indices into the changes) or why there is none."""

    found: bool
    order: list[int]
    why: str
    reason: str  # given | search | final-cap | dead-end | budget
    exhaustive: bool = True
    states_checked: int = 0
    steps: list[Step] = field(default_factory=list)
    final_caps: list[Finding] = field(default_factory=list)
    prefix: list[int] = field(default_factory=list)
    blocked: list[tuple[int, list[Finding]]] = field(default_factory=list)

    @property
    def first_breaking(self) -> Step | None:
        return next((s for s in self.steps if s.breaks), None)

    def to_dict(self, changes: Sequence[Any], lang: str = "en") -> dict[str, Any]:
        out: dict[str, Any] = {"found": self.found, "reason": self.reason, "why": self.why,
                               "order": list(self.order),
                               "changes": [{"index": i, "summary": summary(changes[i], lang),
                                            "change": change_dict(changes[i])} for i in self.order]}
        out["states_checked"] = self.states_checked
        out["exhaustive"] = self.exhaustive
        if self.found:
            first = self.first_breaking
            out["first_breaking"] = breaking_dict(first, lang)
            out["steps"] = [s.to_dict(lang) for s in self.steps]
        else:
            out["final_caps"] = [f.to_dict() for f in self.final_caps]
            out["prefix"] = list(self.prefix)
            out["blocked"] = [{"index": i, "summary": summary(changes[i], lang), "breaks": [f.to_dict() for f in fs]}
                              for i, fs in self.blocked]
        return out


def predecessors(changes: Sequence[Any]) -> list[set[int]]:
    """For each change, the earlier changes it must stay after.

    Changes of the same (kind, source, target) keep their order (link and unlink do not commute),
    and so do a change that adds or removes an account and every change naming that account.
    Any order that keeps these applies without error when the given order does, and ends in the
    same state (up to the order of the lists).
    """
    last_pair: dict[tuple, int] = {}
    last_define: dict[str, int] = {}
    uses_since: dict[str, list[int]] = {}
    preds: list[set[int]] = []
    for j, c in enumerate(changes):
        mine: set[int] = set()
        if c.op in ("link", "unlink"):
            pair = (c.kind, c.source, c.target)
            if pair in last_pair:
                mine.add(last_pair[pair])
            last_pair[pair] = j
            for acct in {c.source, c.target}:
                if acct in last_define:
                    mine.add(last_define[acct])
                uses_since.setdefault(acct, []).append(j)
        else:
            acct = c.account.id if c.op == "add_account" else c.id
            if acct in last_define:
                mine.add(last_define[acct])
            mine.update(uses_since.pop(acct, []))
            last_define[acct] = j
        preds.append(mine)
    return preds


_GROUP = {"unlink": 0, "remove_account": 0, "add_account": 1, "link": 2}


def search_order(changes: Sequence[Any], start: State, initial: list[Finding], steps: list[Step],
                 final: list[Finding], check, lang: str, budget: int) -> Reorder:
    words = {k: phrase("reorder", k, lang) for k in PHRASES["reorder"]}
    # the plan answers for what it adds: cap findings the document had before any change may stay
    # (not grow); with a clean start, this is "no state after any step has a cap finding"
    final_caps = [f for f, _ in compare(initial, final).breaking() if f.rule in CAP_RULES]
    if final_caps:
        return Reorder(False, [], words["final"].format(caps=_cap_list(final_caps)), "final-cap",
                       final_caps=final_caps)
    if not any(s.caps_introduced() for s in steps):
        return Reorder(True, list(range(len(changes))), words["given"], "given", steps=list(steps))

    # the search asks only whether a cap breaks: it runs the cap rules alone, then the order it
    # finds is replayed once with every rule for its step-by-step report
    search_check = check
    check = lambda state, parent: search_check(state, CAP_RULES, parent)  # noqa: E731
    initial = [f for f in initial if f.rule in CAP_RULES]
    preds = predecessors(changes)
    n = len(changes)
    dead: set[frozenset] = set()
    checked = 0
    deepest: tuple[list[int], list[tuple[int, list[Finding]]]] = ([], [])

    class Frame:
        __slots__ = ("applied", "state", "errors", "step", "candidates", "pos", "rejected")

        def __init__(self, applied, state, errors, step):
            self.applied, self.state, self.errors, self.step = applied, state, errors, step
            self.candidates = sorted((i for i in range(n) if i not in applied and preds[i] <= applied),
                                     key=lambda i: (_GROUP[changes[i].op], i))
            self.pos = 0
            self.rejected: list[tuple[int, list[Finding]]] = []

    path = [Frame(frozenset(), start, initial, None)]
    while path:
        top = path[-1]
        if len(top.applied) == n:
            order = [f.step.index for f in path[1:]]
            why = words["search"].format(n=checked)
            return Reorder(True, order, why, "search", states_checked=checked,
                           steps=_replay(changes, order, start, search_check))
        if top.pos >= len(top.candidates):
            if len(path) - 1 >= len(deepest[0]) and top.rejected:
                deepest = ([f.step.index for f in path[1:]], list(top.rejected))
            dead.add(top.applied)
            path.pop()
            continue
        i = top.candidates[top.pos]
        top.pos += 1
        applied = top.applied | {i}
        if applied in dead:
            continue
        if checked >= budget:
            return Reorder(False, [], words["budget"].format(n=checked), "budget", exhaustive=False,
                           states_checked=checked)
        try:
            with bulk_allocation():  # as plan's steps: no rescan of the document per state
                state, removed = top.state.apply(changes[i])
        except ChangeFailed:  # cannot happen for an order that keeps the predecessors; never taken
            continue
        checked += 1
        report = check(state, top.state)
        after = error_findings(report)
        step = make_step(i, changes[i], top.errors, after, report, removed)
        caps = step.caps_introduced()
        if caps:
            top.rejected.append((i, caps))
            continue
        if is_removal(changes[i]):
            # a removal never adds to a cap, and moving it earlier never hurts an order that works:
            # if nothing completes after it, nothing completes here either
            top.pos = len(top.candidates)
        path.append(Frame(applied, state, after, step))
    prefix, blocked = deepest
    shown = "; ".join(f"#{i} {summary(changes[i], lang)} ({_cap_list(fs)})" for i, fs in blocked)
    after = ", ".join(f"#{i}" for i in prefix) or words["start"]
    return Reorder(False, [], words["dead"].format(after=after, blocked=shown), "dead-end",
                   states_checked=checked, prefix=prefix, blocked=blocked)


def _replay(changes: Sequence[Any], order: list[int], start: State, check) -> list[Step]:
    """The step-by-step report of ``order``, every rule run (the search ran the cap rules only)."""
    state, before, steps = start, error_findings(check(start)), []
    for i in order:
        with bulk_allocation():
            state, removed = state.apply(changes[i])
        report = check(state)
        after = error_findings(report)
        steps.append(make_step(i, changes[i], before, after, report, removed))
        before = after
    return steps


def _cap_list(findings: Iterable[Finding]) -> str:
    return ", ".join(f"{f.rule} {f.account}: {f.observed} > {f.limit}" for f in findings)
