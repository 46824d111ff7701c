"""Benchmark the planners, ``headroom`` and ``repair``, against ``json.loads`` of the same file.

    python benchmarks/planner.py                         # 10^4 and 10^5 links
    python benchmarks/planner.py --sizes 1e4,1e5,1e6 --repeat 3 --json benchmarks/out/planner.json

On demand, not a test. Uses the seeded synthetic documents of ``benchmarks/generate.py``
(generated once into ``benchmarks/data/``, as ``benchmarks/run.py`` does). For each size, in
this one process, medians of ``--repeat`` runs:

- **baseline**: read the file + ``json.loads`` (every other time is also given as a ratio to it);
- **load**: ``read_source`` + ``document.parse`` (what both commands do first; not in the figures below);
- **headroom**: ``topology.headroom(eco)`` (graph, the rules' Context, every row), then its JSON;
- **repair**: ``topology.repair(eco)`` and writing the repaired document's text;

under two sets of caps: ``seed`` (the generator plants ~1% of accounts over them) and ``tight``
(``max_same_subject_mini_programs=2``, ``max_cross_subject_mini_programs=1``,
``max_officials_per_mini_program=5``: about 40% of the pairs must go, so the flows get large).
It also reports the units (distinct pairs), the pairs pruned by dominance, the components
solved as flows, the largest of them, and the links dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import _label, ensure_data, fmt_s  # noqa: E402  (benchmarks/run.py: data generation and formatting)

CONFIGS = {
    "seed": {},
    "tight": {"max_same_subject_mini_programs": 2, "max_cross_subject_mini_programs": 1,
              "max_officials_per_mini_program": 5},
}


def _median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def measure(n: int, seed: int, repeat: int) -> dict:
    import topology
    from topology.document import parse
    from topology.loader import read_source

    path = ensure_data(n, seed)

    def baseline():
        with open(path, "rb") as fh:
            return json.loads(fh.read())

    base, _ = _median_time(baseline, max(repeat, 5))
    load, eco = _median_time(lambda: parse(read_source(path)), repeat)
    raw = baseline()
    out: dict = {"links": n, "file": str(path.relative_to(HERE.parent)), "baseline": base, "load": load,
                 "configs": {}}
    for name, overrides in CONFIGS.items():
        print(f"[{_label(n)}] {name}: headroom, repair ×{repeat} …", file=sys.stderr)
        t_head, report = _median_time(lambda: topology.headroom(eco, overrides=overrides or None), repeat)
        t_head_json, _ = _median_time(report.to_json, repeat)
        t_rep, result = _median_time(lambda: topology.repair(eco, overrides=overrides or None), repeat)
        t_text, _ = _median_time(lambda: result.repaired_text(raw), repeat)
        out["configs"][name] = {
            "headroom": t_head, "headroom_json": t_head_json, "repair": t_rep, "repaired_text": t_text,
            "rows": len(report.rows), "rows_over": len(report.over), "units": len(result.units),
            "pruned": result.pruned, "components": result.components, "largest_component": result.largest_component,
            "dropped_pairs": len(result.dropped), "dropped_records": len(result.dropped_indexes()),
            "kept_priority": result.kept_priority, "dropped_priority": result.dropped_priority,
        }
    return out


def markdown(results: list[dict]) -> str:
    def cell(t: float, base: float) -> str:
        return f"{fmt_s(t)} · {t / base:.1f}×"

    heads = [f"10^{len(str(r['links'])) - 1}" for r in results]
    out = [f"## wxtopo planner benchmark ({platform.python_implementation()} {platform.python_version()}, "
           f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')})", "",
           "Medians in one process; each time is followed by its ratio to reading + `json.loads` of the same file.",
           "", "| links | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(results)]

    def row(label: str, values: list[str]) -> None:
        out.append(f"| {label} | " + " | ".join(values) + " |")

    row("**read file + `json.loads`** (baseline)", [cell(r["baseline"], r["baseline"]) for r in results])
    row("load (`read_source` + `document.parse`)", [cell(r["load"], r["baseline"]) for r in results])
    for name in CONFIGS:
        cs = [r["configs"][name] for r in results]
        out.append(f"| *caps: {name}* |" + " |" * len(results))
        row("headroom (graph, Context, rows)", [cell(c["headroom"], r["baseline"]) for c, r in zip(cs, results)])
        row("headroom JSON", [cell(c["headroom_json"], r["baseline"]) for c, r in zip(cs, results)])
        row("**repair**", [cell(c["repair"], r["baseline"]) for c, r in zip(cs, results)])
        row("repaired document text", [cell(c["repaired_text"], r["baseline"]) for c, r in zip(cs, results)])
        row("rows / over their cap", [f"{c['rows']:,} / {c['rows_over']:,}" for c in cs])
        row("units (pairs) / pruned by dominance", [f"{c['units']:,} / {c['pruned']:,}" for c in cs])
        row("components solved as flows (largest)", [f"{c['components']:,} ({c['largest_component']:,})" for c in cs])
        row("dropped pairs / link records", [f"{c['dropped_pairs']:,} / {c['dropped_records']:,}" for c in cs])
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    from generate import parse_size

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1e4,1e5", help="comma-separated link counts (default 1e4,1e5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", metavar="FILE", help="also write the raw numbers here")
    args = p.parse_args(argv)
    results = [measure(parse_size(s), args.seed, args.repeat) for s in args.sizes.split(",")]
    sys.stdout.write(markdown(results))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
