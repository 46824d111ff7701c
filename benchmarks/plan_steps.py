"""Benchmark ``plan``'s steps (the incremental check) against a full validation in the same run.

    python benchmarks/plan_steps.py                       # 10^4 and 10^5 links
    python benchmarks/plan_steps.py --sizes 1e5 --full    # also the plan validating every state whole

On demand, not a test. Uses the seeded documents of ``benchmarks/generate.py``. For each size:

- **full**: ``topology.validate(eco)``, the median of ``--repeat`` runs;
- **step**: one plan step, the change applied to the state (``State.apply``, the collector paused
  as ``plan`` pauses it) plus its check
  (``planner.plan.checker``: the incremental Checker following the state, then its report), the
  median over 12 changes (links, unlinks with and without a date, an added account), as a ratio
  to **full** (target ≤ 5 %); **check** is the check alone;
- **plan 12**: ``topology.plan(eco, changes)`` of those 12 changes end to end (the load excluded);
  with ``--full``, also the same plan validating every state whole (``_full_check``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import _label, ensure_data, fmt_s  # noqa: E402  (benchmarks/run.py: data generation and formatting)


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def twelve_changes(eco) -> list[dict]:
    """Links between an official and a mini-program of its subject, unlinks of live records (half with
    a date), an added mini-program linked once: changes that apply in this order."""
    subject_of = {a.id: getattr(a, "subject", None) for a in eco.accounts}
    minis: dict = {}
    for a in eco.accounts:
        if a.type == "mini_program":
            minis.setdefault(a.subject, []).append(a.id)
    officials = [a.id for a in eco.accounts if a.type in ("subscription", "service") and minis.get(subject_of[a.id])]
    live = [x for x in eco.links if x.kind == "mini_program" and x.status == "linked" and x.unlinked_on is None]
    step = max(1, len(live) // 5)
    out: list[dict] = []
    for k in range(4):
        o = officials[(k * 7919) % len(officials)]
        out.append({"op": "link", "kind": "mini_program", "source": o, "target": minis[subject_of[o]][0]})
    seen = set()
    for x in live[::step]:
        if (x.source, x.target) in seen or len(seen) == 5:
            continue
        seen.add((x.source, x.target))
        change = {"op": "unlink", "kind": "mini_program", "source": x.source, "target": x.target}
        if len(seen) % 2:
            change["on"] = str(eco.as_of) if eco.as_of else "2026-01-01"
        out.append(change)
    o = officials[0]
    out.append({"op": "add_account", "account": {"id": "bench-new-mini", "type": "mini_program",
                                                 "subject": subject_of[o]}})
    out.append({"op": "link", "kind": "mini_program", "source": o, "target": "bench-new-mini"})
    while len(out) < 12:
        o = officials[(len(out) * 104729) % len(officials)]
        out.append({"op": "link", "kind": "mini_program", "source": o, "target": minis[subject_of[o]][-1]})
    return out[:12]


def measure(n: int, seed: int, repeat: int, full_plan: bool) -> dict:
    import topology
    from topology._gc import bulk_allocation
    from topology.planner.changes import load_changes
    from topology.planner.plan import checker
    from topology.planner.state import State
    from topology.ruleset import load_ruleset

    eco = topology.load(str(ensure_data(n, seed)))
    full = statistics.median(_timed(lambda: topology.validate(eco))[0] for _ in range(repeat))
    changes = twelve_changes(eco)
    check = checker(load_ruleset(None, None))
    state = State.of(eco)
    first, _ = _timed(lambda: check(state))
    steps, checks = [], []
    for change in load_changes(changes).changes:
        with bulk_allocation():  # as plan applies a change
            t_apply, (state, _) = _timed(lambda change=change: state.apply(change))
        t_check, _ = _timed(lambda state=state: check(state))
        steps.append(t_apply + t_check)
        checks.append(t_check)
    out = {"links": n, "full_s": full, "first_s": first, "step_s": statistics.median(steps),
           "check_s": statistics.median(checks), "step_max_s": max(steps)}
    out["step_ratio"], out["check_ratio"] = out["step_s"] / full, out["check_s"] / full
    out["plan12_s"], result = _timed(lambda: topology.plan(eco, changes))
    assert len(result.steps) == 12
    if full_plan:
        out["plan12_full_s"], _ = _timed(lambda: topology.plan(eco, changes, _full_check=True))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5", help="comma-separated link counts (1e4, 1e5, …)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="full validations timed")
    parser.add_argument("--full", action="store_true", help="also time the plan validating every state whole")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    rows = [measure(int(float(s)), args.seed, args.repeat, args.full) for s in args.sizes.split(",")]
    print(f"{'links':>6}  {'full':>9}  {'step (median)':>20}  {'check only':>20}  {'step max':>9}  {'plan 12':>9}"
          + ("  plan 12 (full per step)" if args.full else ""))
    for r in rows:
        step = f"{fmt_s(r['step_s'])} · {100 * r['step_ratio']:.1f} %"
        only = f"{fmt_s(r['check_s'])} · {100 * r['check_ratio']:.1f} %"
        line = (f"{_label(r['links']):>6}  {fmt_s(r['full_s']):>9}  {step:>20}  {only:>20}  "
                f"{fmt_s(r['step_max_s']):>9}  {fmt_s(r['plan12_s']):>9}")
        if args.full:
            line += f"  {fmt_s(r['plan12_full_s']):>9}"
        print(line)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
