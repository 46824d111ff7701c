"""Seeded random ecosystems with small caps, and the integer program they pose, written from
the rules' text (RULES.md WX1xx, SPEC §1), not from the planner's code.

An instance mixes subjects (an enterprise account may have none), official types, priorities
1-5, ~10% pinned records (a few instances crowded with them, so some are infeasible), pending, rejected and unlinked records and duplicated pairs, and sets
small caps through overrides (one in twelve switched off).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.helpers import account, doc, link, subject

OFFICIAL_TYPES = ("subscription", "service", "enterprise")


@dataclass
class Instance:
    seed: int
    document: dict
    overrides: dict
    #: the integer program: (official, mini) → (priority, pinned, [link indexes]); node → limit
    units: dict = field(default_factory=dict)
    limits: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)  # unit → the nodes it occupies


def random_instance(seed: int) -> Instance:
    rng = random.Random(seed)
    subjects = [f"s{i}" for i in range(rng.randint(1, 3))]
    officials, minis, accounts, subj = [], [], [], {}
    for i in range(rng.randint(2, 6)):
        t = rng.choice(OFFICIAL_TYPES)
        sid = None if t == "enterprise" and rng.random() < 0.2 else rng.choice(subjects)
        officials.append(f"o{i}")
        subj[f"o{i}"] = sid
        accounts.append(account(f"o{i}", t, **({"subject": sid} if sid else {})))
    for i in range(rng.randint(2, 8)):
        sid = rng.choice(subjects)
        minis.append(f"m{i}")
        subj[f"m{i}"] = sid
        accounts.append(account(f"m{i}", "mini_program", subject=sid))
    links = []
    pin_share = 0.6 if rng.random() < 0.15 else 0.03  # ~10% pinned overall; some instances crowded with them
    for o in officials:
        for m in rng.sample(minis, rng.randint(1, len(minis))):
            for _ in range(2 if rng.random() < 0.1 else 1):  # a duplicated pair now and then
                extra: dict = {"priority": rng.randint(1, 5)}
                if rng.random() < pin_share:
                    extra["pinned"] = True
                r = rng.random()
                if r < 0.1:
                    extra["status"] = "pending"
                elif r < 0.17:
                    extra["status"] = "rejected"
                elif r < 0.22:
                    extra.update(linked_on="2025-01-05", unlinked_on="2025-03-01")
                links.append(link("mini_program", o, m, **extra))
    rng.shuffle(links)
    if rng.random() < 0.5:  # an admin link the planner must leave alone
        accounts.append(account("boss", "personal"))
        links.insert(rng.randint(0, len(links)), link("admin", "boss", officials[0]))

    overrides = {"max_same_subject_mini_programs": rng.randint(2, 4),
                 "max_cross_subject_mini_programs": rng.randint(1, 2),
                 "max_officials_per_mini_program": rng.randint(2, 5),
                 "pending_counts_toward_caps": rng.random() < 0.7}
    for key in list(overrides)[:3]:
        if rng.random() < 1 / 12:
            overrides[key] = None
    if rng.random() < 0.15:
        overrides["linkable_official_types"] = ["service", "subscription"]
    d = doc(subjects=[subject(s) for s in subjects], accounts=accounts, links=links, as_of="2026-11-25")
    inst = Instance(seed, d, overrides)
    _program(inst, subj)
    return inst


def _program(inst: Instance, subj: dict) -> None:
    """Units, their nodes and the limits, straight from RULES.md: distinct pairs over records
    that are not rejected, not unlinked, pending only when that counts, source of a linkable
    type; same subject = equal, present subject ids."""
    o = inst.overrides
    linkable = set(o.get("linkable_official_types", OFFICIAL_TYPES))
    types = {a["id"]: a["type"] for a in inst.document["accounts"]}
    for i, rec in enumerate(inst.document["links"]):
        if rec["kind"] != "mini_program" or types[rec["source"]] not in linkable:
            continue
        status = rec.get("status", "linked")
        if status == "rejected" or "unlinked_on" in rec or (status == "pending" and not o["pending_counts_toward_caps"]):
            continue
        pair = (rec["source"], rec["target"])
        p, pinned, idx = inst.units.get(pair, (0, False, []))
        inst.units[pair] = (max(p, rec["priority"]), pinned or rec.get("pinned", False), idx + [i])
    for off, mini in inst.units:
        same = subj[off] is not None and subj[off] == subj[mini]
        tier = ("official", off, "same" if same else "cross")
        inst.nodes[off, mini] = (tier, ("mini", mini))
        inst.limits[tier] = o["max_same_subject_mini_programs" if same else "max_cross_subject_mini_programs"]
        inst.limits["mini", mini] = o["max_officials_per_mini_program"]
