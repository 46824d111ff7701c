"""Change plans: apply an ordered list of changes step by step, say which step breaks what,
and (``reorder``) find an order of the same changes in which no step exceeds an association cap.

The changes file is read by :mod:`.changes`, applied by :mod:`.state`, each step compared by
:mod:`.steps` (the same comparison ``diff`` makes: a step breaks when it introduces or worsens
an error; an account's findings removed with it are gone, not fixed), the order searched by
:mod:`.reorder`. Every state is checked by one object, :func:`checker`: an incremental
:class:`~topology.incremental.Checker` that follows the states (a step re-checks what it touched;
its report equals ``validate`` of the state), or, with ``full=True``, ``validate`` per state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..vocab import LANGS
from .changes import Changes, ChangesError, ChangesFile, load_changes, summary
from .reorder import SEARCH_BUDGET, Reorder, search_order
from .state import ChangeFailed, State
from .steps import Step, breaking_dict, counts, error_findings, make_step

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Iterable

    from ..engine import Report
    from ..findings import Finding
    from ..model import Ecosystem
    from ..ruleset import Ruleset

__all__ = ["ChangesError", "PlanResult", "Step", "checker", "error_dict", "load_changes", "plan"]


@dataclass
class PlanResult:
    """The outcome of :func:`plan`: every step, the first that breaks, and the reorder when asked."""

    document: str | None
    changes_name: str | None
    changes: list[Any]
    ruleset: Ruleset | None
    as_of: date | None
    initial: list[Finding]
    initial_counts: dict[str, int]
    steps: list[Step]
    reorder: Reorder | None = None
    lang: str = "en"
    final: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def initial_errors(self) -> int:
        return len(self.initial)

    @property
    def first_breaking(self) -> Step | None:
        return next((s for s in self.steps if s.breaks), None)

    @property
    def final_errors(self) -> int:
        return self.steps[-1].counts["error"] if self.steps else self.initial_counts["error"]

    def exit_code(self) -> int:
        """0: no step breaks (with a reorder: an order was found and, in it, no step breaks); 1 otherwise."""
        if self.reorder is not None:
            return 0 if self.reorder.found and self.reorder.first_breaking is None else 1
        return 0 if self.first_breaking is None else 1

    def to_dict(self) -> dict[str, Any]:
        """As JSON: change summaries in the plan's language, findings as reports write them."""
        from ..engine import TOOL

        out: dict[str, Any] = {"schema_version": 1, "tool": dict(TOOL), "document": self.document,
                               "changes": self.changes_name,
                               "ruleset": self.ruleset.to_dict() if self.ruleset else None,
                               "as_of": self.as_of.isoformat() if self.as_of else None,
                               "initial_errors": self.initial_errors,
                               "initial": [f.to_dict() for f in self.initial],
                               "first_breaking": breaking_dict(self.first_breaking, self.lang),
                               "final_errors": self.final_errors,
                               "steps": [s.to_dict(self.lang) for s in self.steps]}
        if self.reorder is not None:
            out["reorder"] = self.reorder.to_dict(self.changes, self.lang)
        return out

    def to_json(self) -> str:
        from ..jsonfmt import dumps

        return dumps(self.to_dict())



def plan(
    eco: Ecosystem | str | Path | dict,
    changes: Changes | ChangesFile | str | Path | dict | list,
    ruleset: str | Path | Ruleset | None = None,
    *,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
    rules_as_of: date | str | None = None,
    reorder: bool = False,
    lang: str = "en",
    document: str | None = None,
    budget: int = SEARCH_BUDGET,
    _full_check: bool = False,
) -> PlanResult:
    """Apply ``changes`` to ``eco`` one by one, validating every state with the same ruleset options
    as :func:`topology.validate`.

    Each step records the error findings it introduced (present after it, not before), fixed and
    eased; ``first_breaking`` is the first step that introduced one. Errors of the initial document
    are reported as ``initial`` and are never blamed on a step. With ``reorder``, also looks for an
    order of the same changes in which no step introduces a cap finding (WX101-WX103) and the final
    state has none (see docs/planner-plan.md). Raises :class:`ChangesError` when a change cannot be
    applied, :class:`topology.DocumentError` for a bad document.

    >>> import topology
    >>> eco = {"schema_version": 1, "subjects": [{"id": "acme", "kind": "enterprise"}],
    ...        "accounts": [{"id": "news", "type": "subscription", "subject": "acme"},
    ...                     {"id": "shop", "type": "mini_program", "subject": "acme"}]}
    >>> result = topology.plan(eco, [{"op": "link", "source": "news", "target": "shop"}])
    >>> result.first_breaking is None, result.steps[0].counts["links"]
    (True, 1)
    """
    from .. import arguments as check

    check.ecosystem(eco, "plan", "eco")
    check.changes(changes, "plan", "changes")
    overrides = check.ruleset_options("plan", ruleset, overrides, as_of, rules_as_of)
    check.flag(reorder, "plan", "reorder")
    check.language(lang, "plan")
    check.text(document, "plan", "document")
    check.count(budget, "plan", "budget")

    from .._gc import bulk_allocation
    from ..document import load
    from ..model import Ecosystem
    from ..ruleset import load_ruleset

    if not isinstance(eco, Ecosystem):
        eco = load(eco)
    name = document or (eco.source.name if eco.source else None)
    spec = load_changes(changes)
    rs = load_ruleset(ruleset, overrides)

    # ``_full_check``: validate every state whole (the test that the incremental check agrees)
    check = checker(rs, full=_full_check, as_of=as_of, rules_as_of=rules_as_of, lang=lang, document=name)
    with bulk_allocation():  # the collector would rescan the document's objects (see _gc)
        start = State.of(eco)
    first = check(start)
    initial = error_findings(first)
    steps: list[Step] = []
    state, before = start, initial
    for i, change in enumerate(spec.changes):
        try:
            with bulk_allocation():  # a step copies the document's lists: no rescan of all it holds
                state, removed = state.apply(change)
        except ChangeFailed as failed:
            raise ChangesError([_plan_problem(spec, i, failed)], spec.name, i, steps) from None
        report = check(state)
        after = error_findings(report)
        steps.append(make_step(i, change, before, after, report, removed))
        before = after
    result = PlanResult(name, spec.name, list(spec.changes), first.ruleset, first.as_of, initial,
                        counts(first), steps, lang=lang, final=state.document())
    if reorder:
        result.reorder = search_order(spec.changes, start, initial, steps, before, check, lang, budget)
    return result


def checker(rs: Ruleset, full: bool = False, **options: Any) -> Callable[..., Report]:
    """The one per-state check of a plan: ``check(state, select=None, parent=None)`` is the report
    of ``validate(state.eco, rs, select=select, **options)`` (``as_of``, ``rules_as_of``, ``lang``,
    ``document``); ``select`` narrows it to some rules (the reorder search runs the cap rules alone).

    One incremental :class:`~topology.incremental.Checker` per ``select`` follows the states asked
    about; ``parent`` (the state ``state`` was made from) lets it step back before stepping on, as
    the reorder search moves between siblings. ``full``: validate each state whole instead.
    """
    from ..engine import validate
    from ..incremental import Checker

    if full:
        def check_whole(state: State, select: Iterable[str] | None = None, parent: State | None = None) -> Report:
            return validate(state.eco, rs, select=select, **options)

        return check_whole

    following: dict[frozenset[str] | None, Checker] = {}

    def check(state: State, select: Iterable[str] | None = None, parent: State | None = None) -> Report:
        key = None if select is None else frozenset(select)
        inc = following.get(key)
        if inc is None:
            inc = following[key] = Checker(state.eco, rs, select=select, **options)
        else:
            if parent is not None:
                inc.follow(parent.eco)
            inc.follow(state.eco)
        return inc.report()

    return check


def _plan_problem(spec: Changes, i: int, failed: ChangeFailed) -> Problem:
    from ..positions import pointer

    ptr = pointer("changes", i, *(failed.field.split("/") if failed.field else ()))
    pos = None
    if spec.source is not None:
        found = spec.source.locate([ptr, pointer("changes", i)])
        pos = found.get(ptr) or found.get(pointer("changes", i))
    change = {lang: summary(spec.changes[i], lang) for lang in LANGS}
    return Problem.of(ptr, "change_failed", {"change": change, "reason": failed.said()}, *(pos or (None, None)))


def error_dict(exc: ChangesError, document: str | None, lang: str = "en") -> dict[str, Any]:
    """The JSON printed for a changes file that cannot be read or a change that cannot apply."""
    from ..engine import TOOL

    return {"schema_version": 1, "tool": dict(TOOL), "document": document, "changes": exc.name,
            "failed_step": exc.step, "errors": [p.to_dict(lang) for p in exc.problems],
            "steps": [s.to_dict(lang) for s in exc.steps]}
