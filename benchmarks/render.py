"""How long Graphviz takes to draw an ecosystem, by number of accounts (not a test).

    python benchmarks/render.py [--accounts 500,1000,1500,2000,3000] [--layout dot]

Documents come from benchmarks/generate.py (about 2.7 links per account). Each size is
drawn once to SVG with the renderer's own DOT (clusters per subject) and the view guard
lifted; the time of building the DOT is reported beside Graphviz's. The 1,500-account
guard of `wxtopo render` comes from these numbers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

import topology  # noqa: E402
from topology.diagrams.dot import to_dot  # noqa: E402
from topology.diagrams.model import picture  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accounts", default="500,1000,1500,2000,3000")
    ap.add_argument("--layout", default="dot")
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args(argv)
    print(f"| accounts | links | DOT build | `{args.layout} -Tsvg` |\n|---:|---:|---:|---:|")
    for target in (int(x) for x in args.accounts.split(",")):
        n_links = int(target * 2.7)
        eco = topology.load(generate.generate(n_links, seed=1))
        report = topology.validate(eco)
        t0 = time.perf_counter()
        dot = to_dot(picture(eco, report, max_accounts=None), "en", args.layout)
        t1 = time.perf_counter()
        try:
            run = subprocess.run([args.layout, "-Tsvg"], input=dot.encode(), capture_output=True,
                                 timeout=args.timeout)
            took = f"{time.perf_counter() - t1:.2f} s" + ("" if run.returncode == 0 else f" (exit {run.returncode})")
        except subprocess.TimeoutExpired:
            took = f"> {args.timeout:.0f} s"
        print(f"| {len(eco.accounts):,} | {len(eco.links):,} | {t1 - t0:.2f} s | {took} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
