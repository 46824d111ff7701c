"""YAML against JSON: the same ecosystem read both ways, as ratios to ``json.loads``.

    python benchmarks/yaml_vs_json.py                    # 10^4, 2·10^4 and 10^5 links
    python benchmarks/yaml_vs_json.py 20000 --repeat 7 --before

For each size the document of ``benchmarks/generate.py`` is generated once into
``benchmarks/data/`` (git-ignored) and written again as YAML (block style, ``allow_unicode``).
Then, in one process and one run, medians of ``--repeat`` timings (CPU time of this process:
all of it is single-threaded, and other processes on a shared machine barely move it):

- **json.loads** of the JSON text: the unit of every ratio;
- **JSON path**: ``Ecosystem.model_validate_json(text)`` under ``bulk_allocation()``;
- **YAML path**: :func:`topology.yaml_reader.load_yaml`, ``json.dumps``, then the same
  ``model_validate_json``; its parts are shown too (load_yaml, and compose alone);
- with ``--before``: PyYAML's pure-Python ``SafeLoader`` (what YAML went through before),
  in place of ``load_yaml``; slow (tens of seconds at 10^5 links).

Target (from the issue): the YAML path within 4× the JSON path at 2·10^4 links. A benchmark
to run on demand, never a timed test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
sys.path.insert(0, str(ROOT))

TARGET = 4.0
TARGET_SIZE = 20_000


def documents(n: int) -> tuple[str, str]:
    """(JSON text, YAML text) of the generated document with ``n`` links, cached on disk."""
    import yaml

    DATA.mkdir(exist_ok=True)
    json_path, yaml_path = DATA / f"eco-{n}.json", DATA / f"eco-{n}.yaml"
    if not json_path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), "-o", str(json_path)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not yaml_path.exists():
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        data = json.loads(json_path.read_text(encoding="utf-8"))
        yaml_path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                                       default_flow_style=False), encoding="utf-8")
    return json_path.read_text(encoding="utf-8"), yaml_path.read_text(encoding="utf-8")


def median_time(fn, repeat: int) -> float:
    fn()  # warm up: imports, caches
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def measure(n: int, repeat: int, before: bool) -> dict[str, float]:
    import yaml

    from topology import yaml_reader
    from topology._gc import bulk_allocation
    from topology.model import Ecosystem

    json_text, yaml_text = documents(n)

    def validate(text: str) -> None:
        with bulk_allocation():
            Ecosystem.model_validate_json(text)

    def yaml_path() -> None:
        validate(json.dumps(yaml_reader.load_yaml(yaml_text, "eco.yaml"), ensure_ascii=False, allow_nan=False))

    def compose() -> None:
        with bulk_allocation():
            yaml_reader._c_compose(yaml_text)

    assert yaml_reader.load_yaml(yaml_text, "eco.yaml") == json.loads(json_text)
    out = {
        "json.loads": median_time(lambda: json.loads(json_text), repeat),
        "JSON path": median_time(lambda: validate(json_text), repeat),
        "YAML path": median_time(yaml_path, repeat),
        "load_yaml": median_time(lambda: yaml_reader.load_yaml(yaml_text, "eco.yaml"), repeat),
        "compose": median_time(compose, repeat),
    }
    if before:
        def old() -> None:
            data = yaml.load(yaml_text, Loader=yaml.SafeLoader)
            validate(json.dumps(data, ensure_ascii=False, allow_nan=False))

        out["before"] = median_time(old, max(1, repeat // 3))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=lambda s: int(float(s)), default=[10_000, 20_000, 100_000],
                        help="numbers of links (default: 1e4 2e4 1e5)")
    parser.add_argument("--repeat", type=int, default=5, help="timings per figure, median taken (default 5)")
    parser.add_argument("--before", action="store_true", help="also time PyYAML's pure-Python SafeLoader")
    args = parser.parse_args(argv)

    cols = ["json.loads", "JSON path", "YAML path", "load_yaml", "compose"] + (["before"] if args.before else [])
    print("| links | " + " | ".join(cols) + " | YAML path / JSON path |")
    print("|---:|" + "---:|" * (len(cols) + 1))
    missed = False
    for n in args.sizes:
        r = measure(n, args.repeat, args.before)
        unit = r["json.loads"]
        cells = [f"{r['json.loads'] * 1000:.1f} ms"] + [f"{r[c]:.3f} s ({r[c] / unit:.1f}×)" for c in cols[1:]]
        ratio = r["YAML path"] / r["JSON path"]
        if n == TARGET_SIZE and ratio > TARGET:
            missed = True
        print(f"| {n} | " + " | ".join(cells) + f" | {ratio:.1f}× |", flush=True)
    print(f"\nTarget: YAML path within {TARGET:.0f}× the JSON path at {TARGET_SIZE} links"
          + (" — missed." if missed else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
