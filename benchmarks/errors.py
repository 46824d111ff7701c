"""How long a document full of errors takes to report, as a ratio to parsing it.

    python benchmarks/errors.py [--errors 5000,20000] [--runs 3]

The document is the one users write by mistake: every link with ``from``/``to`` instead of
``source``/``target``, so each link gives four errors (two required fields missing, two
unknown fields) whose positions must all be found. Baselines, in the same run: ``json.loads``
of the same text, and ``topology.load`` of the same document written correctly (what parsing
costs). Each figure is the best of ``--runs`` in this process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def document(errors: int, source: str = "from", target: str = "to") -> bytes:
    links = ",\n".join(f'    {{"kind": "admin", "{source}": "p", "{target}": "q"}}' for _ in range(errors // 4))
    return ('{\n  "schema_version": 1,\n  "links": [\n' + links + "\n  ]\n}\n").encode()


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--errors", default="5000,20000", help="comma list of error counts")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    import topology

    print("| errors | json.loads | topology.load, written correctly (baseline) | topology.load → DocumentError | ratio |")
    print("|---:|---:|---:|---:|---:|")
    for n in (int(x) for x in args.errors.split(",")):
        data = document(n)
        parse = best(lambda: json.loads(data), args.runs)
        good = document(n, "source", "target")
        base = best(lambda: topology.load(good), args.runs)

        def load() -> None:
            try:
                topology.load(data)
            except topology.DocumentError as exc:
                assert len(exc.problems) == n and all(p.line for p in exc.problems)
            else:  # pragma: no cover
                raise AssertionError("the document should not load")

        took = best(load, args.runs)
        print(f"| {n:,} | {parse * 1000:.1f} ms | {base * 1000:.1f} ms | {took * 1000:.0f} ms | {took / base:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
