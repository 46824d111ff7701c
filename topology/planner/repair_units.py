"""Repair's units and caps: the (official, mini-program) pairs that hold a cap slot, and the caps
they sit at (see :mod:`topology.planner.repair` for how a repair chooses among them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..links import same_subject, takes_slot
from ..rules.caps import cap_table

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Ecosystem
    from ..ruleset import Parameters

#: cap key → (key, rule, ruleset parameter), from the rule registry
CAPS = cap_table()


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
        return CAPS[self.cap].rule

    def describe(self, count: int | None = None, pinned: bool = False, lang: str = "en") -> str:
        """Why the cap binds, as its rule says it: ``WX102: Official account oa links 12
        mini-programs of its own subject; the limit is 10`` (the rule's own message template, in
        either language; ``pinned``: counting only the links a repair may not drop)."""
        from ..rules import get_rule
        from ..vocab import fill, phrase

        rule = get_rule(self.rule)
        values = {"account": self.account, "observed": self.units if count is None else count, "limit": self.limit}
        text = fill(rule.message[lang], values, lang).rstrip(".。")  # a clause: reasons join with "; "
        if pinned:
            text = phrase("repair", "pinned_reason", lang) + text
        return phrase("punct", "label", lang).format(label=rule.id, text=text)

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "cap": self.cap, "rule": self.rule, "limit": self.limit,
                "observed": self.units}



def collect_units(eco: Ecosystem, params: Parameters) -> list[Unit]:
    """The units of an ecosystem, in (official, mini-program) order (``rank``).

    Types and subjects are those of each id's first definition, as in the graph; "same
    subject" needs a subject on both sides, as WX102 does.
    """
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
        if types.get(link.source) not in officials or not takes_slot(link, pending):
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
        tier = "same_subject" if same_subject(own, subjects[m]) else "cross_subject"
        if len(recs) == 1:
            link = links[recs[0]]
            priority, pinned = link.priority, link.pinned
        else:
            priority, pinned = max(links[i].priority for i in recs), any(links[i].pinned for i in recs)
        units.append(Unit(o, m, tier, priority, pinned, tuple(f"/links/{i}" for i in recs), rank))
    return units


def node_caps(units: list[Unit], params: Parameters) -> dict[tuple[str, str], Cap]:
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
    limits = {key: getattr(params, cap.parameter) for key, cap in CAPS.items()}
    return {node: Cap(node[0], node[1], limits[node[1]], n, pinned) for node, (n, pinned) in counts.items()}
