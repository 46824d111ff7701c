"""Plan steps: one change applied, and what it did to the error findings.

A step compares the error findings before and after it with :func:`topology.planner.compare.compare`
(the comparison ``diff`` makes too), so a step breaks exactly when ``diff`` of the two states
would exit 1: it introduces an error, or worsens one (a count or the related ids grew).
The findings of an account the step removed are *gone*, not fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..rules.caps import cap_table
from .changes import change_dict, summary
from .compare import Comparison, compare, removed_owners, with_before

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding

#: the rules of the association caps that ``--reorder`` keeps (from the registry's cap table)
CAP_RULES = frozenset(c.rule for c in cap_table().values())


@dataclass
class Step:
    """One change applied: the comparison of the error findings before and after, the counts after."""

    index: int
    change: Any
    comparison: Comparison
    counts: dict[str, int]
    removed_links: int = 0

    @property
    def introduced(self) -> list[tuple[Finding, Finding | None]]:
        """What the step breaks: each new or worsened error with its earlier self (None when new)."""
        return self.comparison.breaking()

    @property
    def fixed(self) -> list[Finding]:
        return self.comparison.fixed

    @property
    def eased(self) -> list[tuple[Finding, Finding]]:
        return self.comparison.eased

    @property
    def gone(self) -> list[Finding]:
        """Errors of an account the step removed: gone with it, not fixed."""
        return self.comparison.gone

    @property
    def breaks(self) -> bool:
        return bool(self.comparison.failing())

    def caps_introduced(self) -> list[Finding]:
        return [f for f, _ in self.introduced if f.rule in CAP_RULES]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """As JSON; ``summary`` in ``lang``."""
        out: dict[str, Any] = {"index": self.index, "op": self.change.op, "summary": summary(self.change, lang),
                               "change": change_dict(self.change)}
        if self.removed_links:
            out["removed_links"] = self.removed_links
        out["introduced"] = [with_before(f, b) for f, b in self.introduced]
        out["fixed"] = [f.to_dict() for f in self.fixed]
        if self.gone:
            out["gone"] = [f.to_dict() for f in self.gone]
        out["eased"] = [with_before(f, b) for f, b in self.eased]
        out["errors_after"] = self.counts["error"]
        out["counts"] = dict(self.counts)
        return out


def breaking_dict(step: Step | None, lang: str = "en") -> dict[str, Any] | None:
    if step is None:
        return None
    return {"index": step.index, "summary": summary(step.change, lang),
            "breaks": [with_before(f, b) for f, b in step.introduced]}


def error_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity == "error"]


def counts(report: Report) -> dict[str, int]:
    c = report.counts
    return {k: c[k] for k in ("accounts", "links", "error", "warning", "info")}


def make_step(i: int, change: Any, before: list[Finding], after: list[Finding], report: Report, removed: int) -> Step:
    """The step of change ``i`` (``before``/``after``: the error findings; ``removed``: link records
    it dropped). A ``remove_account`` takes its account's findings with it."""
    gone = removed_owners([change.id], ()) if change.op == "remove_account" else set()
    return Step(i, change, compare(before, after, gone), counts(report), removed)
