"""One comparison of two finding lists, shared by ``diff`` (two documents) and ``plan`` (two steps).

Findings are grouped by rule and owner (:meth:`topology.findings.Finding.identity`: the account,
else the subject; a finding about neither is grouped by its related ids, as pointers shift
between versions). Within a group, findings pair with multiplicity: identical related ids and
message first, then identical related ids, then each remaining one with the earlier finding that
shares most of its related ids (ties: the order given, a report's order).
A pair is then graded:

- **worsened**: its count (``observed``) grew, or it relates an id it did not before;
- **eased**: nothing grew and the count went down or a related id left;
- **unchanged**: otherwise (the wording may differ).

An unpaired finding after is **introduced**; an unpaired finding before is **fixed**, or **gone**
with its account (or subject) when the later version no longer has it. A change fails (exit 1)
when it introduces or worsens an error.

>>> from topology.findings import Finding
>>> def cap(n):
...     return Finding("WX102", "cap", "error", f"{n}", "oa", tuple(f"m{i}" for i in range(n)), "/accounts/0", n, 10)
>>> c = compare([cap(11)], [cap(12)])
>>> [(a.observed, b.observed) for a, b in c.worsened], c.failing()[0].observed
([(12, 11)], 12)
>>> compare([cap(11)], [], removed={("account", "oa")}).gone[0].observed
11
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, Identity


@dataclass
class Comparison:
    """What happened to the findings between two versions (see the module docstring).

    ``worsened`` and ``eased`` hold (finding after, the same finding before). Every list is
    sorted as reports sort findings.
    """

    introduced: list[Finding] = field(default_factory=list)
    worsened: list[tuple[Finding, Finding]] = field(default_factory=list)
    eased: list[tuple[Finding, Finding]] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    gone: list[Finding] = field(default_factory=list)
    unchanged: int = 0

    def failing(self) -> list[Finding]:
        """The error findings introduced or worsened: what makes a change fail (exit 1)."""
        out = [f for f in self.introduced if f.severity == "error"]
        out += [f for f, _ in self.worsened if f.severity == "error"]
        return sorted(out, key=Finding.sort_key)

    def breaking(self) -> list[tuple[Finding, Finding | None]]:
        """Introduced and worsened findings, each with its earlier self (None when new), sorted."""
        pairs: list[tuple[Finding, Finding | None]] = [(f, None) for f in self.introduced]
        pairs += self.worsened
        return sorted(pairs, key=lambda p: p[0].sort_key())

    def counts(self) -> dict[str, int]:
        return {"introduced": len(self.introduced), "worsened": len(self.worsened), "eased": len(self.eased),
                "fixed": len(self.fixed), "gone": len(self.gone), "unchanged": self.unchanged}


def group_key(i: Identity) -> tuple:
    """What groups a finding across versions: its rule and owner; its related ids when the owner
    is only a pointer (indexes shift between versions)."""
    kind, who = i.owner
    return (i.rule, kind, i.related) if kind == "pointer" else (i.rule, kind, who)


def grade(after: Finding, before: Finding) -> str:
    """"worsened", "eased" or "unchanged": the same finding in two versions."""
    grew_count = after.observed is not None and before.observed is not None and after.observed > before.observed
    old, new = set(before.related), set(after.related)
    if grew_count or not new <= old:
        return "worsened"
    fell_count = after.observed is not None and before.observed is not None and after.observed < before.observed
    return "eased" if fell_count or new < old else "unchanged"


def compare(before: Iterable[Finding], after: Iterable[Finding],
            removed: Collection[tuple[str, str]] = ()) -> Comparison:
    """Compare two finding lists; ``removed`` holds the owners (``("account", id)``,
    ``("subject", id)``) the later version no longer has, whose findings are gone, not fixed."""
    groups: dict[tuple, tuple[list, list]] = {}
    for side, findings in ((0, before), (1, after)):
        for f in findings:
            i = f.identity()
            groups.setdefault(group_key(i), ([], []))[side].append((f, i))
    out = Comparison()
    for olds, news in groups.values():
        pairs, left_old, left_new = _pair(olds, news)
        for a, b in pairs:
            verdict = grade(a, b)
            if verdict == "unchanged":
                out.unchanged += 1
            else:
                (out.worsened if verdict == "worsened" else out.eased).append((a, b))
        out.introduced += [f for f, _ in left_new]
        for f, i in left_old:
            (out.gone if i.owner in removed else out.fixed).append(f)
    for findings in (out.introduced, out.fixed, out.gone):
        findings.sort(key=Finding.sort_key)
    for pairs_ in (out.worsened, out.eased):
        pairs_.sort(key=lambda p: p[0].sort_key())
    return out


def _pair(olds: list, news: list) -> tuple[list[tuple[Finding, Finding]], list, list]:
    """(pairs (after, before), unpaired before, unpaired after), each side a list of (finding,
    identity): equal related ids and message first, then equal related ids, then most shared related ids."""
    if len(olds) == 1 and len(news) == 1:  # the common case: one finding each side
        return [(news[0][0], olds[0][0])], [], []
    pairs: list[tuple[Finding, Finding]] = []
    taken: set[int] = set()
    left = list(news)
    for key in (lambda x: (x[1].related, x[0].message), lambda x: x[1].related):
        pool: dict[Any, list[int]] = {}
        for n, o in enumerate(olds):
            if n not in taken:
                pool.setdefault(key(o), []).append(n)
        rest = []
        for x in left:
            same = pool.get(key(x))
            if same:
                n = same.pop(0)
                taken.add(n)
                pairs.append((x[0], olds[n][0]))
            else:
                rest.append(x)
        left = rest
    rest_old = [o for n, o in enumerate(olds) if n not in taken]
    unpaired_new = []
    for x in left:  # the earlier finding sharing most related ids (a month's WX104 with that month's), else the first
        if not rest_old:
            unpaired_new.append(x)
            continue
        mine = set(x[1].related)
        best = max(range(len(rest_old)), key=lambda n: (len(mine.intersection(rest_old[n][1].related)), -n))
        pairs.append((x[0], rest_old.pop(best)[0]))
    return pairs, rest_old, unpaired_new


def removed_owners(before_accounts: Iterable[str], after_accounts: Collection[str],
                   before_subjects: Iterable[str] = (), after_subjects: Collection[str] = ()) -> set[tuple[str, str]]:
    """The owners present before and absent after, for :func:`compare`'s ``removed``."""
    out = {("account", a) for a in before_accounts if a not in after_accounts}
    out |= {("subject", s) for s in before_subjects if s not in after_subjects}
    return out


def with_before(f: Finding, before: Finding | None) -> dict[str, Any]:
    """The finding's dict, with its earlier count and related ids when it is one that changed (JSON of diff and plan)."""
    out = f.to_dict()
    if before is not None:
        out["before"] = {"observed": before.observed, "related": list(before.related)}
    return out
