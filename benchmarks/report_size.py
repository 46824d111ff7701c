"""Wall time and bytes of ``wxtopo report`` on a generated ecosystem (not a test).

    python benchmarks/report_size.py [--links 30000] [--seed 1] [--with-headroom]

Issue 13's target: a 3·10^4-link ecosystem gives a report in ≤ 60 s and ≤ 25 MB. The document
comes from benchmarks/generate.py; ``wxtopo validate`` on the same document, run in the same
process tree just before, is the baseline the report's time is given as a ratio of (the page
validates twice, once per language, and draws: a ratio near 2 plus the drawing is expected).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

TARGET_SECONDS, TARGET_BYTES = 60, 25 * 10**6


def _run(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the command and its children: Graphviz too, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "topology", *args], cwd=HERE.parent,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"wxtopo {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return elapsed, cpu, done.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--links", type=generate.parse_size, default=30000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--with-headroom", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        doc, page = Path(tmp, "eco.json"), Path(tmp, "report.html")
        summary = generate.write(args.links, doc, args.seed)
        base, base_cpu, _ = _run(["validate", str(doc), "--format", "json", "-o", str(Path(tmp, "report.json"))])
        extra = ["--with-headroom"] if args.with_headroom else []
        took, cpu, code = _run(["report", str(doc), "-o", str(page), *extra])
        size = page.stat().st_size
        view = "?"
        head = page.read_text(encoding="utf-8")
        marker = 'id="diagram" data-view="'
        if marker in head:
            view = head.split(marker, 1)[1].split('"', 1)[0]
    print(f"| links | accounts | validate (baseline) wall / CPU | report wall / CPU | ratio (wall) | bytes | diagram "
          f"| exit |\n|---:|---:|---:|---:|---:|---:|---|---:|\n"
          f"| {summary['links']} | {summary['accounts']} | {base:.1f} s / {base_cpu:.1f} s | {took:.1f} s / {cpu:.1f} s "
          f"| {took / base:.1f}× | {size:,} | {view} | {code} |")
    ok = took <= TARGET_SECONDS and size <= TARGET_BYTES
    print(f"target ≤ {TARGET_SECONDS} s and ≤ {TARGET_BYTES / 10**6:.0f} MB: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
