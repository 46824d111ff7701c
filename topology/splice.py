"""The findings of an incremental check, kept per rule by owner (see :mod:`topology.incremental`).

Which units own a rule's findings (:data:`UNITS`), and a store per rule that stays sorted
while the findings of some owners are replaced, so listing every finding after a step is one
pass, not a sort.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from .findings import Finding

#: rule → the unit that owns its findings; a rule not named is re-run whole after every change
UNITS: dict[str, str] = {
    "WX001": "global", "WX002": "accounts-only", "WX003": "pair", "WX004": "integrity",
    "WX106": "link", "WX204": "link", "WX501": "link", "WX207": "subject", "WX208": "subject",
    **{r: "account" for r in ("WX101", "WX102", "WX103", "WX104", "WX105", "WX201", "WX202", "WX203", "WX205",
                              "WX206", "WX209", "WX210", "WX301", "WX302", "WX303", "WX304", "WX305", "WX306",
                              "WX307", "WX308", "WX401", "WX402", "WX403", "WX404", "WX601", "WX901")},
}


def link_position(pointer: str) -> int | None:
    """The link index a pointer lies in (``/links/3/target`` → 3), else None."""
    parts = pointer.split("/")
    return int(parts[2]) if len(parts) > 2 and parts[1] == "links" and parts[2].isdigit() else None


def owner(unit: str, f: Finding) -> Any:
    """What owns a finding of a rule of ``unit``: the thing whose change re-checks it."""
    if unit == "account":
        return f.account
    if unit == "subject":
        return f.subject
    if unit == "pair":
        return (f.account, f.related)
    if unit == "link" or f.pointer.startswith("/links/"):
        return link_position(f.pointer)
    return ("definition", f.account)  # integrity: an auxiliary's primary


class RuleFindings:
    """One rule's findings: sorted (by Finding.sort_key), and by owner."""

    __slots__ = ("entries", "owners", "unit")

    def __init__(self, unit: str, findings: Iterable[Finding]):
        self.unit = unit
        self.entries: list[tuple[tuple, Finding]] = sorted(((f.sort_key(), f) for f in findings),
                                                           key=lambda e: e[0])
        self.owners: dict[Any, list[tuple]] = {}
        for key, f in self.entries:
            self.owners.setdefault(owner(unit, f), []).append(key)

    def replace(self, owners: Iterable[Any], findings: Iterable[Finding]) -> None:
        """Drop the findings of ``owners``, add ``findings`` (which those owners now have)."""
        entries = self.entries
        for gone in owners:
            for key in self.owners.pop(gone, ()):
                del entries[bisect_left(entries, key, key=lambda e: e[0])]
        for f in findings:
            key = f.sort_key()
            insort(entries, (key, f), key=lambda e: e[0])
            self.owners.setdefault(owner(self.unit, f), []).append(key)

    def findings(self) -> list[Finding]:
        return [f for _, f in self.entries]


def shifted(f: Finding, removed: int) -> Finding:
    """``f`` with its pointer moved up one link when it points past the removed position."""
    i = link_position(f.pointer)
    if i is None or i < removed:
        return f
    parts = f.pointer.split("/")
    parts[2] = str(i - 1)
    return replace(f, pointer="/".join(parts))
