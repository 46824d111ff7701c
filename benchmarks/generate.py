"""Seeded generator of synthetic WeChat ecosystems for the benchmarks.

    python benchmarks/generate.py 100000 -o benchmarks/data/eco-1e5.json [--seed 1]

The shape follows PERF-NOTES.md: about one subject per 20 accounts (mostly enterprises,
some individuals, sole traders, government, media and other organisations), official
accounts : mini-programs ≈ 3 : 1 with the official types mixed, ``mini_program`` links
mostly within a subject and some across subjects, plus ``admin``, ``member`` and
``promotes`` links, personal and auxiliary accounts, and about 1% of the accounts over one
of the seed ruleset's caps (WX101: a mini-program linked to more than 50 officials;
WX102: an official linking more than 10 same-subject mini-programs; WX103: an official
linking more than 3 mini-programs of other subjects).

The document has exactly N links and is byte-identical for a given (N, seed). Every
document loads without a DocumentError (the generator only uses valid values); it does
contain findings, as real plans do.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

AS_OF = "2026-11-25"
OVER_CAP_SHARE = 0.016  # per official account ≈ 1% of all accounts
SUBJECT_KINDS = [("enterprise", 70), ("sole_trader", 8), ("individual", 8), ("government", 5),
                 ("media", 5), ("organization", 4)]
OFFICIAL_TYPES = [("subscription", 50), ("service", 35), ("enterprise", 15)]


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _date(rng: random.Random, first_year: int, last_year: int) -> str:
    return f"{rng.randint(first_year, last_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


class _Builder:
    def __init__(self, n_links: int, seed: int):
        self.n = n_links
        self.rng = random.Random(seed)
        self.subjects: list[dict] = []
        self.accounts: list[dict] = []
        self.links: list[dict] = []
        # For cross-subject links and WX101 fans: officials and mini-programs seen so far.
        self.all_officials: list[str] = []
        self.all_minis: list[str] = []
        self.subject_of: dict[str, str] = {}
        self.cross: dict[str, int] = {}  # official -> cross-subject mini-program links so far
        self.targets: dict[str, set[str]] = {}  # official -> mini-programs it links
        self.over = {"WX101": 0, "WX102": 0, "WX103": 0}

    # -- helpers --------------------------------------------------------------------------
    def _link_mp(self, official: str, mini: str) -> bool:
        """Link once (a repeated link would be a WX003 finding we did not mean to plant)."""
        targets = self.targets.setdefault(official, set())
        if mini in targets:
            return False
        targets.add(mini)
        rng = self.rng
        link: dict = {"kind": "mini_program", "source": official, "target": mini}
        r = rng.random()
        if r < 0.25:
            link["linked_on"] = _date(rng, 2022, 2026)
        if r < 0.03:
            link["status"] = "pending"
        elif r > 0.99:
            link["priority"] = rng.randint(1, 5)
        self.links.append(link)
        return True

    def _over_cap_roll(self) -> bool:
        return self.rng.random() < OVER_CAP_SHARE

    # -- one subject ----------------------------------------------------------------------
    def subject(self, k: int) -> None:
        rng = self.rng
        sid = f"s{k:07d}"
        kind = _weighted(rng, SUBJECT_KINDS)
        subject = {"id": sid, "kind": kind, "name": f"Subject {k} {kind.replace('_', ' ').title()}"}
        self.subjects.append(subject)

        people: list[str] = []
        officials: list[str] = []
        enterprises: list[str] = []
        minis: list[str] = []

        def account(acc: dict) -> str:
            self.accounts.append(acc)
            return acc["id"]

        # People who administer the subject's accounts; personal accounts have no subject
        # unless the subject is an individual (then the person is that individual).
        n_people = 1 if kind == "individual" else rng.randint(1, 3)
        for p in range(n_people):
            acc = {"id": f"{sid}-p{p}", "type": "personal", "registered_on": _date(rng, 2012, 2023),
                   "wechat_pay_bound": rng.random() < 0.9}
            if kind == "individual":
                acc["subject"] = sid
            if rng.random() < 0.03:
                acc["real_name_verified"] = False
            if rng.random() < 0.05:
                start = _date(rng, 2020, 2025)
                acc["bans"] = [{"start": start, "end": start[:4] + "-12-31"}]
            people.append(account(acc))
        if rng.random() < 0.3:
            primary = rng.choice(people)
            account({"id": f"{primary}-aux", "type": "auxiliary", "primary": primary,
                     "registered_on": _date(rng, 2025, 2026)})

        # Official accounts : mini-programs ≈ 3 : 1; individuals get small ones.
        if kind == "individual":
            n_off, n_mp = rng.randint(1, 3), rng.randint(0, 1)
        else:
            n_off = rng.randint(8, 18)
            n_mp = max(1, round(n_off / 3.4 + rng.uniform(-1.5, 1.5)))
        for o in range(n_off):
            t = "subscription" if kind == "individual" else _weighted(rng, OFFICIAL_TYPES)
            acc = {"id": f"{sid}-{t[:3]}{o}", "type": t, "subject": sid}
            if rng.random() < 0.4:
                acc["name"] = f"{subject['name']} {t} {o}"
            if t != "subscription" and rng.random() < 0.6:
                acc["verified"] = True
            if t == "service" and rng.random() < 0.3:
                acc["features"] = ["wechat_pay"] if acc.get("verified") else ["custom_menu"]
            if t in ("subscription", "service") and rng.random() < 0.25:
                acc["broadcasts"] = [{"date": f"2026-11-{d:02d}", "articles": rng.randint(1, 6)}
                                     for d in sorted(rng.sample(range(1, 26), rng.randint(1, 3)))]
            officials.append(account(acc))
            if t == "enterprise":
                enterprises.append(acc["id"])
        for m in range(n_mp):
            acc = {"id": f"{sid}-mp{m}", "type": "mini_program", "subject": sid}
            if rng.random() < 0.5:
                acc["features"] = ["store_jump"]
            minis.append(account(acc))
        for a in officials + minis:
            self.subject_of[a] = sid

        # mini_program links: each official links 1..3 of its subject's mini-programs, some
        # officials also link 1..2 of other subjects'.
        for off in officials:
            self.cross.setdefault(off, 0)
            if minis:
                for mini in rng.sample(minis, min(len(minis), rng.randint(1, 3))):
                    self._link_mp(off, mini)
            if self.all_minis and rng.random() < 0.15:
                for mini in rng.sample(self.all_minis[-2000:], rng.randint(1, 2)):
                    if self.subject_of[mini] != sid and self.cross[off] < 3 and self._link_mp(off, mini):
                        self.cross[off] += 1

        # About 1% of the accounts over a cap.
        for off in officials:
            if not self._over_cap_roll():
                continue
            roll = rng.random()
            plant = "WX102" if roll < 0.42 else "WX103" if roll < 0.84 else "WX101"
            if plant == "WX103" and len(self.all_minis) <= 50:
                plant = "WX102"  # too early for enough other subjects' mini-programs
            if plant == "WX101" and (len(self.all_officials) <= 200 or not minis):
                plant = "WX102"  # too early for enough other subjects' officials
            if plant == "WX102":  # 11..13 same-subject mini-programs (add some to the subject)
                want = rng.randint(11, 13)
                while len(minis) < want:
                    acc = {"id": f"{sid}-mp{len(minis)}", "type": "mini_program", "subject": sid}
                    minis.append(account(acc))
                    self.subject_of[acc["id"]] = sid
                for mini in minis[:want]:
                    self._link_mp(off, mini)
                self.over["WX102"] += 1
            elif plant == "WX103":  # 4..5 cross-subject mini-programs
                want = rng.randint(4, 5)
                for mini in rng.sample(self.all_minis, 20):
                    if self.cross[off] >= want:
                        break
                    if self.subject_of[mini] != sid and self._link_mp(off, mini):
                        self.cross[off] += 1
                self.over["WX103"] += 1
            else:  # WX101: one mini-program linked from 51..55 officials of other subjects
                mini = rng.choice(minis)
                pool = [o for o in rng.sample(self.all_officials, 120) if self.cross[o] < 3]
                for o in pool[: rng.randint(51, 55)]:
                    if self._link_mp(o, mini):
                        self.cross[o] += 1
                self.over["WX101"] += 1

        # admin: most officials and mini-programs record who administers them.
        for a in officials + minis:
            if rng.random() < 0.95:
                self.links.append({"kind": "admin", "source": rng.choice(people), "target": a})
        # member: people of the subject join its enterprise accounts.
        for e in enterprises:
            for p in people:
                link = {"kind": "member", "source": p, "target": e}
                if rng.random() < 0.9:
                    link["verified"] = True
                self.links.append(link)
        # promotes: a few accounts divert traffic to others of the subject.
        promoted = set()
        for _ in range(rng.randint(0, 4)):
            src = rng.choice(people + officials)
            dst = rng.choice(officials + minis)
            if src != dst and (src, dst) not in promoted:
                promoted.add((src, dst))
                self.links.append({"kind": "promotes", "source": src, "target": dst})

        self.all_officials.extend(officials)
        self.all_minis.extend(minis)

    def build(self) -> dict:
        k = 0
        while len(self.links) < self.n:
            self.subject(k)
            k += 1
        del self.links[self.n:]
        return {
            "$schema": "../../schemas/ecosystem.schema.json",
            "schema_version": 1,
            "name": f"Synthetic ecosystem ({self.n} links)",
            "as_of": AS_OF,
            "subjects": self.subjects,
            "accounts": self.accounts,
            "links": self.links,
        }


def generate(n_links: int, seed: int = 1) -> dict:
    """The synthetic ecosystem with exactly ``n_links`` links, as a JSON-ready dict."""
    return _Builder(n_links, seed).build()


def dumps(doc: dict) -> str:
    """One entity per line: readable, diffable, and realistic line/column positions."""
    out = ["{"]
    for key in ("$schema", "schema_version", "name", "as_of"):
        out.append(f"  {json.dumps(key)}: {json.dumps(doc[key], ensure_ascii=False)},")
    for section in ("subjects", "accounts", "links"):
        items = doc[section]
        out.append(f'  "{section}": [')
        out.extend(f"    {json.dumps(x, ensure_ascii=False)}," for x in items[:-1])
        if items:
            out.append(f"    {json.dumps(items[-1], ensure_ascii=False)}")
        out.append("  ]," if section != "links" else "  ]")
    out.append("}")
    return "\n".join(out) + "\n"


def parse_size(text: str) -> int:
    """'1e5', '100000' or '100_000' → 100000."""
    value = float(text.replace("_", ""))
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(value)


def write(n_links: int, path: str | Path, seed: int = 1) -> dict:
    """Generate and write a document; returns a summary (counts, bytes, over-cap plants)."""
    builder = _Builder(n_links, seed)
    text = dumps(builder.build())
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return {"links": len(builder.links), "accounts": len(builder.accounts), "subjects": len(builder.subjects),
            "bytes": len(text.encode("utf-8")), "planted": dict(builder.over)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=parse_size, metavar="N", help="number of links (1e5 accepted)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    info = write(args.n, args.output, args.seed)
    print(f"{args.output}: {info['links']} links, {info['accounts']} accounts, {info['subjects']} subjects, "
          f"{info['bytes'] / 1e6:.1f} MB; planted over-cap: {info['planted']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
