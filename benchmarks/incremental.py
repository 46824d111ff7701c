"""Benchmark one incremental step (topology.incremental.Checker) against a full validation.

    python benchmarks/incremental.py                     # 10^4 and 10^5 links
    python benchmarks/incremental.py --sizes 1e4,1e5 --steps 50 --json benchmarks/out/incremental.json

On demand, not a test. Uses the seeded documents of ``benchmarks/generate.py`` (generated once
into ``benchmarks/data/``). In one process, for each size:

- **full**: ``topology.validate(eco)`` (graph, index, every rule), the median of ``--repeat`` runs:
  what ``plan`` pays per step without the checker;
- **add link**: ``Checker.add_link`` of a same-subject official → mini-program link, then its report;
- **unlink on**: ``Checker.replace_link`` giving a live mini_program record an ``unlinked_on``;
- **remove link**: ``Checker.remove_link`` of a record in the middle of the document (later records
  move up a place: the step that costs most);
- **add account**: ``Checker.add_account`` of a fresh mini-program.

Each step figure is the median over ``--steps`` steps at different places, given as a ratio to
**full** (the target is ≤ 5 %). Each step is undone by the opposite step (not timed) so the
document keeps its size.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import _label, ensure_data, fmt_s  # benchmarks/run.py: data generation and formatting


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(n: int, seed: int, steps: int, repeat: int) -> dict:
    import topology
    from topology.incremental import Checker

    eco = topology.load(str(ensure_data(n, seed)))
    full = statistics.median(_timed(lambda: topology.validate(eco)) for _ in range(repeat))
    checker = Checker(eco)
    rng = random.Random(seed)
    link_type = type(next(x for x in eco.links if x.kind == "mini_program"))
    account_type = type(next(a for a in eco.accounts if a.type == "mini_program"))
    subject_of = {a.id: getattr(a, "subject", None) for a in eco.accounts}
    officials = [a.id for a in eco.accounts if a.type in ("subscription", "service")]
    minis_by_subject: dict = {}
    for a in eco.accounts:
        if a.type == "mini_program":
            minis_by_subject.setdefault(a.subject, []).append(a.id)
    pairs = [(o, m) for o in officials for m in minis_by_subject.get(subject_of[o], [])[:1]]
    live = [i for i, x in enumerate(eco.links) if x.kind == "mini_program" and x.status == "linked"
            and x.unlinked_on is None and x.linked_on is None]
    out: dict = {"links": n, "full_s": full}
    timings: dict[str, list[float]] = {"add_link": [], "unlink_on": [], "remove_link": [], "add_account": []}
    for k in range(steps):
        source, target = rng.choice(pairs)
        record = link_type(kind="mini_program", source=source, target=target)
        timings["add_link"].append(_timed(lambda record=record: (checker.add_link(record), checker.report())))
        checker.remove_link(len(checker.eco.links) - 1)

        i = rng.choice(live)
        old = checker.eco.links[i]
        gone = old.model_copy(update={"unlinked_on": eco.as_of})
        timings["unlink_on"].append(_timed(lambda i=i, gone=gone: (checker.replace_link(i, gone), checker.report())))
        checker.replace_link(i, old)

        i = rng.randrange(len(checker.eco.links) // 4, 3 * len(checker.eco.links) // 4)
        old = checker.eco.links[i]
        timings["remove_link"].append(_timed(lambda i=i: (checker.remove_link(i), checker.report())))
        checker.add_link(old)  # back, at the end: the document keeps its size, not its order

        subject = rng.choice(sorted(s for s in minis_by_subject if s is not None))
        fresh = account_type(id=f"bench-mini-{k}", type="mini_program", subject=subject)
        timings["add_account"].append(_timed(lambda fresh=fresh: (checker.add_account(fresh), checker.report())))
    for name, times in timings.items():
        median = statistics.median(times)
        out[f"{name}_s"] = median
        out[f"{name}_ratio"] = median / full
    out["full_checks"] = checker.full_checks
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5", help="comma-separated link counts (1e4, 1e5, …)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=20, help="steps of each kind timed")
    parser.add_argument("--repeat", type=int, default=3, help="full validations timed")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    rows = [measure(int(float(s)), args.seed, args.steps, args.repeat) for s in args.sizes.split(",")]
    print(f"{'links':>6}  {'full':>9}  " + "  ".join(f"{k:>20}" for k in ("add_link", "unlink_on", "remove_link",
                                                                           "add_account")))
    for r in rows:
        cells = [f"{fmt_s(r[k + '_s'])} · {100 * r[k + '_ratio']:.1f} %" for k in
                 ("add_link", "unlink_on", "remove_link", "add_account")]
        print(f"{_label(r['links']):>6}  {fmt_s(r['full_s']):>9}  " + "  ".join(f"{c:>20}" for c in cells))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
