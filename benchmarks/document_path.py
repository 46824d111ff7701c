"""The document path as a user runs it, against ``json.load`` of the same file, as processes.

    python benchmarks/document_path.py                     # 1e5 and 1e6 links, 3 rounds
    python benchmarks/document_path.py --sizes 1e5 --rounds 5 --against /tmp/old-checkout
    python benchmarks/document_path.py --json benchmarks/out/document_path.json

Issue 12's targets for ``wxtopo validate FILE --format json`` (the in-memory engine): 10^5 links
end to end within 10x a plain ``json.load`` of the same file, both timed as whole processes
(interpreter start and imports included), and 10^6 links within 2 GB peak RSS.

For each size the synthetic document of ``benchmarks/generate.py`` is generated once into
``benchmarks/data/`` (git-ignored). Each round runs, one after the other, a fresh
``python -c 'json.load(...)'``, then ``python -m topology validate --format json -o OUT FILE``
(and, with ``--against DIR``, the same command with ``DIR`` first on ``PYTHONPATH``: an older
checkout, measured in the same rounds). Every process is measured by ``os.wait4``: wall time,
user + system CPU, peak RSS. The table shows medians and the ratios to the baseline of the same
round; on a busy machine the CPU ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
OUT = HERE / "out"
TIME_TARGET = 10.0  # x json.load, at 10^5 links
PEAK_TARGET = 2 * 10**9  # bytes, at 10^6 links


def _label(n: int) -> str:
    exp = len(str(n)) - 1
    return f"1e{exp}" if n == 10**exp else str(n)


def _document(n: int, data: Path) -> Path:
    path = data / f"eco-{_label(n)}.json"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), "-o", str(path)], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def _env(code: Path) -> dict[str, str]:
    """``code`` importable first; bytecode cached under benchmarks/out/ (compiling is not what is measured)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache" / str(abs(hash(str(code)))))
    return env


def measure(args: list[str], code: Path) -> dict[str, float]:
    """One process run from ``code`` (``python -m`` imports from the working directory first): wall
    seconds, CPU seconds (user + system), peak RSS bytes; exit 0 or 1 expected."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=code, env=_env(code), stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{' '.join(args)} exited {code}:\n{err.read().decode(errors='replace')}")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": rss}


def run(sizes: list[int], rounds: int, against: Path | None, data: Path) -> dict:
    commands = {"json.load": None, "wxtopo": ROOT}
    if against is not None:
        commands["wxtopo (against)"] = against
    results: dict = {"sizes": {}, "python": sys.version.split()[0], "cpus": os.cpu_count(), "against": str(against)}
    for n in sizes:
        path = _document(n, data.resolve())
        runs: dict[str, list[dict]] = {name: [] for name in commands}
        with tempfile.TemporaryDirectory() as tmp:
            report = str(Path(tmp) / "report.json")
            for _ in range(rounds):
                for name, code in commands.items():
                    if code is None:
                        args = [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))", str(path)]
                    else:
                        args = [sys.executable, "-m", "topology", "validate", "--format", "json", "-o", report,
                                str(path)]
                    runs[name].append(measure(args, code or ROOT))
                    print(f"  {_label(n)} {name}: {runs[name][-1]['wall']:.2f} s", file=sys.stderr)
        results["sizes"][_label(n)] = {
            name: {key: statistics.median(r[key] for r in rs) for key in ("wall", "cpu", "rss")}
            | {"rounds": rs} for name, rs in runs.items()}
    return results


def table(results: dict) -> str:
    lines = [f"Python {results['python']}, {results['cpus']} CPUs; medians; ratios to json.load of the same file.", "",
             "| links | command | wall | × | CPU | × | peak RSS |", "|---|---|---:|---:|---:|---:|---:|"]
    for label, by_name in results["sizes"].items():
        base = by_name["json.load"]
        for name, r in by_name.items():
            lines.append(f"| {label} | {name} | {r['wall']:.2f} s | {r['wall'] / base['wall']:.1f} | {r['cpu']:.2f} s | "
                         f"{r['cpu'] / base['cpu']:.1f} | {r['rss'] / 1e6:,.0f} MB |")
    lines += ["", f"Targets: 1e5 within {TIME_TARGET:g}x json.load; 1e6 within {PEAK_TARGET / 1e9:g} GB peak."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1e5,1e6", help="numbers of links, comma-separated (1e5,1e6)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--against", type=Path, help="another checkout's directory (holding topology/), measured alike")
    p.add_argument("--data", type=Path, default=DATA, help="where the generated documents are kept")
    p.add_argument("--json", type=Path, help="also write the raw figures here")
    args = p.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    results = run(sizes, args.rounds, args.against, args.data)
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
