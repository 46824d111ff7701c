"""Benchmark wxtopo phase by phase against ``json.loads`` of the same file.

    python benchmarks/run.py                       # sizes 1e3,1e4,1e5
    python benchmarks/run.py --sizes 1e3,1e4,1e5,1e6 --json benchmarks/out/results.json

For each size (number of links) the synthetic document of ``benchmarks/generate.py``
is generated once into ``benchmarks/data/`` (git-ignored), then measured in fresh
subprocesses so that peak memory (``ru_maxrss``) belongs to that size alone:

- **baseline**: reading the file and ``json.loads`` of it (median of several runs); every
  other figure is also shown as a ratio to it, measured in the same run on the same machine;
- **phases** (one process, repeated, medians): ``read_source`` (read + decode),
  ``model`` (``topology.document.parse``: pydantic), ``graph`` (``build_graph``),
  ``rules`` (``topology.validate(eco, graph=G)``), ``report json`` and ``report text``
  (the formatters), and their end-to-end sum (read → json report);
- **CLI**: the wall time of ``python -m topology validate FILE --format json -o …`` as a user
  runs it (interpreter start and imports included) and that process's peak RSS;
- **start-up**: ``--help``, ``rules`` and ``--version`` against a bare ``python -c pass``.

Targets (from the issue): 10^5 links end to end ≤ 10 × json.loads; 10^6 links under
4 GB peak; ``--help`` and ``rules`` ≤ 80 ms (pydantic and NetworkX imported lazily).
The Markdown report goes to standard output; ``--json FILE`` also writes the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
PHASES = ("read", "model", "graph", "rules", "report_json", "report_text")
PHASE_LABELS = {
    "read": "parse/decode (`read_source`)",
    "model": "model (`document.parse`, pydantic)",
    "graph": "graph (`build_graph`)",
    "rules": "rules (`validate(graph=G)`)",
    "report_json": "report, json format",
    "report_text": "report, text format",
}
E2E_TARGET_RATIO = 10.0  # at 10^5 links
PEAK_TARGET_BYTES = 4 * 1024**3  # at 10^6 links
STARTUP_TARGET_S = 0.080


# -- helpers ------------------------------------------------------------------------------
def _env(bytecode_cache: bool = True) -> dict[str, str]:
    """The children's environment: this checkout importable, and (by default) a bytecode cache.

    An installed package has its ``.pyc`` files; a sandbox that sets PYTHONDONTWRITEBYTECODE
    would recompile every module on every start. The cache goes under benchmarks/out/
    (git-ignored) so the source tree stays clean.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONSTARTUP", None)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def _label(n: int) -> str:
    exp = len(str(n)) - 1
    return f"1e{exp}" if n == 10**exp else str(n)


def _maxrss_bytes(ru_maxrss: int) -> int:
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024  # Linux reports KiB


def _run_child(
    args: list[str], *, capture: bool = False, bytecode_cache: bool = True
) -> tuple[float, int, int, bytes]:
    """Run a child process; (wall seconds, exit code, its own peak RSS in bytes, stdout if captured).

    ``os.wait4`` gives the rusage of that one child, so each size's peak is its own.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, env=_env(bytecode_cache), stdout=out if capture else subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise RuntimeError(f"{' '.join(args)} exited {code}:\n{err.read().decode(errors='replace')}")
        out.seek(0)
        return wall, code, _maxrss_bytes(usage.ru_maxrss), out.read() if capture else b""


def _worker(mode: str, path: str, repeat: int) -> dict:
    """Run ``mode`` measurements in a fresh interpreter; returns its JSON result."""
    _, _, rss, out = _run_child([sys.executable, str(Path(__file__).resolve()), "--worker", mode, path,
                                 "--repeat", str(repeat)], capture=True)
    result = json.loads(out)
    result["peak_rss_child"] = rss
    return result


# -- workers (run in the fresh subprocesses) ----------------------------------------------------
def _peak_rss_self() -> int:
    import resource

    return _maxrss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def worker_baseline(path: str, repeat: int) -> dict:
    """Read the file and ``json.loads`` it; also ``json.loads`` of the already decoded str."""
    file_times, str_times = [], []
    text = Path(path).read_text(encoding="utf-8")
    for _ in range(repeat):
        t0 = time.perf_counter()
        with open(path, "rb") as fh:
            doc = json.loads(fh.read())
        file_times.append(time.perf_counter() - t0)
        del doc
        t0 = time.perf_counter()
        doc = json.loads(text)
        str_times.append(time.perf_counter() - t0)
        del doc
    return {"json_loads_file": file_times, "json_loads_str": str_times, "peak_rss": _peak_rss_self()}


def worker_phases(path: str, repeat: int) -> dict:
    """Every phase of wxtopo, in order, ``repeat`` times in one process."""
    import gc

    t0 = time.perf_counter()
    import networkx  # noqa: F401  (imported lazily by build_graph: timed here, not in "graph")

    from topology.document import parse
    from topology.engine import validate
    from topology.formats import formatter
    from topology.graph import build_graph
    from topology.loader import read_source

    imports = time.perf_counter() - t0
    render_json, render_text = formatter("json"), formatter("text")
    times: dict[str, list[float]] = {p: [] for p in PHASES}
    totals: list[float] = []
    info: dict = {}
    for _ in range(repeat):
        t = [time.perf_counter()]
        source = read_source(path)
        t.append(time.perf_counter())
        eco = parse(source)
        t.append(time.perf_counter())
        G = build_graph(eco)
        t.append(time.perf_counter())
        report = validate(eco, os.environ.get("WXTOPO_BENCH_RULESET") or None, graph=G)
        t.append(time.perf_counter())
        js = render_json([report])
        t.append(time.perf_counter())
        txt = render_text([report])
        t.append(time.perf_counter())
        for i, p in enumerate(PHASES):
            times[p].append(t[i + 1] - t[i])
        totals.append(t[5] - t[0])  # read → json report: what `validate --format json` does
        info = {"subjects": len(eco.subjects), "accounts": len(eco.accounts), "links": len(eco.links),
                "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "findings": len(report.findings),
                "counts": report.counts, "report_json_bytes": len(js.encode()), "report_text_bytes": len(txt.encode())}
        del source, eco, G, report, js, txt
        gc.collect()
    return {"imports": imports, "phases": times, "total": totals, "info": info, "peak_rss": _peak_rss_self()}


# -- the measurements ----------------------------------------------------------------------
def ensure_data(n: int, seed: int) -> Path:
    path = DATA / f"eco-{_label(n)}-seed{seed}.json"
    if not path.exists():
        print(f"generating {path.relative_to(ROOT)} …", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), "-o", str(path), "--seed", str(seed)],
                       check=True, cwd=ROOT)
    return path


def warm_up() -> None:
    """Fill the bytecode cache (ours and the dependencies') before anything is timed."""
    OUT.mkdir(parents=True, exist_ok=True)
    sample = ensure_data(1000, 1)
    _run_child([sys.executable, "-m", "topology", "validate", str(sample), "--format", "text",
                "-o", str(OUT / "warm-up.txt")])
    _run_child([sys.executable, "-m", "topology", "rules"])


def default_repeat(n: int) -> int:
    return 5 if n <= 10**5 else 2


def measure_size(n: int, seed: int, repeat: int | None) -> dict:
    path = ensure_data(n, seed)
    r = repeat or default_repeat(n)
    print(f"[{_label(n)}] baseline json.loads …", file=sys.stderr)
    base = _worker("baseline", str(path), max(r, 5))
    print(f"[{_label(n)}] wxtopo phases ×{r} …", file=sys.stderr)
    phases = _worker("phases", str(path), r)
    print(f"[{_label(n)}] CLI end to end ×{r} …", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    report_path = OUT / f"report-{_label(n)}.json"
    cli_times, cli_rss = [], []
    for _ in range(r):
        wall, code, rss, _ = _run_child([sys.executable, "-m", "topology", "validate", str(path),
                                         "--format", "json", "-o", str(report_path),
                                         "--ruleset", os.environ.get("WXTOPO_BENCH_RULESET") or "seed"])
        cli_times.append(wall)
        cli_rss.append(rss)
    return {
        "links": n, "file": str(path.relative_to(ROOT)), "bytes": path.stat().st_size, "repeat": r,
        "json_loads": statistics.median(base["json_loads_file"]),
        "json_loads_str": statistics.median(base["json_loads_str"]),
        "json_loads_peak_rss": base["peak_rss_child"],
        "imports": phases["imports"],
        "phases": {p: statistics.median(v) for p, v in phases["phases"].items()},
        "total": statistics.median(phases["total"]),
        "phases_peak_rss": phases["peak_rss_child"],
        "cli": statistics.median(cli_times), "cli_exit": code, "cli_peak_rss": max(cli_rss),
        "info": phases["info"],
        "raw": {"baseline": base, "phases": phases["phases"], "total": phases["total"], "cli": cli_times},
    }


def measure_startup(runs: int) -> dict:
    """Median wall time of each command, with a warm bytecode cache (as installed) and without."""
    cmds = {
        "bare": [sys.executable, "-c", "pass"],
        "--version": [sys.executable, "-m", "topology", "--version"],
        "--help": [sys.executable, "-m", "topology", "--help"],
        "rules": [sys.executable, "-m", "topology", "rules"],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    # pyc: as installed; no_pyc: as this sandbox's PYTHONDONTWRITEBYTECODE leaves it;
    # no_site: `python -S`, without site-packages' .pth start-up hooks (the project's own cost).
    variants = {"pyc": (True, []), "no_pyc": (False, []), "no_site": (True, ["-S"])}
    times = {v: {k: [] for k in cmds} for v in variants}
    for _ in range(2):  # warm the page cache and write the bytecode cache
        for args in cmds.values():
            _run_child(args)
    for _ in range(runs):  # interleaved, so noise spreads over all commands alike
        for v, (cache, flags) in variants.items():
            for k, args in cmds.items():
                times[v][k].append(_run_child([args[0], *flags, *args[1:]], bytecode_cache=cache)[0])
    heavy = {}
    probe = ("import sys, io, contextlib\nfrom topology.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    try:\n        main(sys.argv[1:])\n    except SystemExit:\n        pass\n"
             "print(','.join(m for m in ('pydantic', 'networkx', 'yaml') if m in sys.modules))")
    for k in ("--version", "--help", "rules"):
        out = _run_child([sys.executable, "-c", probe, k], capture=True)[3]
        heavy[k] = out.decode().strip()
    return {"runs": runs, "median": {k: statistics.median(v) for k, v in times["pyc"].items()},
            "median_no_pyc": {k: statistics.median(v) for k, v in times["no_pyc"].items()},
            "median_no_site": {k: statistics.median(v) for k, v in times["no_site"].items()},
            "raw": times, "heavy_imports": heavy}


# -- output -----------------------------------------------------------------------------
def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_bytes(n: int) -> str:
    return f"{n / 1024**3:.2f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def cell(seconds: float, base: float) -> str:
    return f"{fmt_s(seconds)} · {seconds / base:.1f}×"


def markdown(results: list[dict], startup: dict | None) -> str:
    out = []
    out.append(f"## wxtopo benchmark ({platform.python_implementation()} {platform.python_version()}, "
               f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')})\n")
    if results:
        heads = [f"10^{len(str(r['links'])) - 1}" if _label(r["links"]).startswith("1e") else str(r["links"])
                 for r in results]
        out.append("Medians; each time is followed by its ratio to reading + `json.loads` of the same file "
                   "(the first row), measured in the same run. Peak RSS is `ru_maxrss` of a fresh process per size.\n")
        out.append("| links | " + " | ".join(heads) + " |")
        out.append("|---|" + "---:|" * len(results))

        def row(label, values):
            out.append(f"| {label} | " + " | ".join(values) + " |")

        row("JSON size", [f"{r['bytes'] / 1e6:.1f} MB" for r in results])
        row("subjects / accounts", [f"{r['info']['subjects']:,} / {r['info']['accounts']:,}" for r in results])
        row("findings (error/warning/info)", [
            f"{r['info']['findings']:,} ({r['info']['counts']['error']}/{r['info']['counts']['warning']}/"
            f"{r['info']['counts']['info']})" for r in results])
        row("runs (phases, CLI)", [str(r["repeat"]) for r in results])
        row("**read file + `json.loads`** (baseline)", [cell(r["json_loads"], r["json_loads"]) for r in results])
        row("`json.loads` of the decoded str", [cell(r["json_loads_str"], r["json_loads"]) for r in results])
        for p in PHASES:
            row(PHASE_LABELS[p], [cell(r["phases"][p], r["json_loads"]) for r in results])
        row("**end to end in-process** (read → json report)", [cell(r["total"], r["json_loads"]) for r in results])
        row("**CLI** `validate --format json` wall (incl. start-up)",
            [cell(r["cli"], r["json_loads"]) for r in results])
        row("imports (pydantic models, NetworkX, rules)", [fmt_s(r["imports"]) for r in results])
        row("peak RSS: CLI process", [fmt_bytes(r["cli_peak_rss"]) for r in results])
        row("peak RSS: phases process", [fmt_bytes(r["phases_peak_rss"]) for r in results])
        row("peak RSS: `json.loads` process", [fmt_bytes(r["json_loads_peak_rss"]) for r in results])
        out.append("")
    if startup:
        m = startup["median"]
        bare = m["bare"]
        out.append(f"### Start-up (median of {startup['runs']} runs each, interleaved)\n")
        out.append("With a bytecode cache (as an installed package has). Also: without one "
                   "(PYTHONDONTWRITEBYTECODE=1, every module compiled on every start), and with `python -S` "
                   "(no site-packages `.pth` start-up hooks: what is left is the interpreter and wxtopo).\n")
        out.append("| command | wall | vs `python -c pass` | heavy modules imported | without .pyc | `python -S` |")
        out.append("|---|---:|---:|---|---:|---:|")
        nopyc, nosite = startup["median_no_pyc"], startup["median_no_site"]
        out.append(f"| `python -c pass` | {fmt_s(bare)} | 1.0× | | {fmt_s(nopyc['bare'])} | {fmt_s(nosite['bare'])} |")
        for k in ("--version", "--help", "rules"):
            out.append(f"| `python -m topology {k}` | {fmt_s(m[k])} "
                       f"| {m[k] / bare:.1f}× (+{(m[k] - bare) * 1000:.0f} ms) "
                       f"| {startup['heavy_imports'].get(k) or 'none'} | {fmt_s(nopyc[k])} | {fmt_s(nosite[k])} "
                       f"(+{(nosite[k] - nosite['bare']) * 1000:.0f} ms) |")
        out.append("")
    out.append("### Targets\n")
    for line in targets(results, startup):
        out.append(f"- {line}")
    return "\n".join(out) + "\n"


def targets(results: list[dict], startup: dict | None) -> list[str]:
    lines = []
    by_n = {r["links"]: r for r in results}
    r = by_n.get(10**5)
    if r:
        ratio_in, ratio_cli = r["total"] / r["json_loads"], r["cli"] / r["json_loads"]
        ok = ratio_in <= E2E_TARGET_RATIO
        lines.append(f"{'MET' if ok else 'NOT MET'}: 10^5 links end to end ≤ {E2E_TARGET_RATIO:.0f}× json.loads: "
                     f"in-process {ratio_in:.1f}× ({fmt_s(r['total'])} vs {fmt_s(r['json_loads'])}); "
                     f"CLI wall incl. start-up {ratio_cli:.1f}× "
                     f"({'met' if ratio_cli <= E2E_TARGET_RATIO else 'not met'}).")
    else:
        lines.append("not measured: 10^5 links end to end (add 1e5 to --sizes).")
    r = by_n.get(10**6)
    if r:
        peak = r["cli_peak_rss"]
        lines.append(f"{'MET' if peak < PEAK_TARGET_BYTES else 'NOT MET'}: 10^6 links under 4 GB peak: "
                     f"CLI {fmt_bytes(peak)}, phases process {fmt_bytes(r['phases_peak_rss'])}.")
    else:
        lines.append("not measured: 10^6 links peak memory (add 1e6 to --sizes).")
    if startup:
        for k in ("--help", "rules"):
            t = startup["median"][k]
            lines.append(f"{'MET' if t <= STARTUP_TARGET_S else 'NOT MET'}: `{k}` ≤ 80 ms: {fmt_s(t)} "
                         f"({fmt_s(t - startup['median']['bare'])} over a bare interpreter).")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1e3,1e4,1e5", help="comma-separated link counts (default 1e3,1e4,1e5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, help="runs per size (default 5 up to 10^5, 2 above)")
    p.add_argument("--startup-runs", type=int, default=10)
    p.add_argument("--no-startup", action="store_true", help="skip the start-up measurements")
    p.add_argument("--json", metavar="FILE", help="also write the raw results as JSON ('-' for stdout)")
    p.add_argument("--ruleset", default="seed", help="ruleset to validate with (default seed; wechat-2025 runs 7 more rules)")
    p.add_argument("--worker", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if not args.worker:  # a worker inherits its parent's choice
        os.environ["WXTOPO_BENCH_RULESET"] = args.ruleset
    if args.worker:
        mode, path = args.worker
        fn = {"baseline": worker_baseline, "phases": worker_phases}[mode]
        json.dump(fn(path, args.repeat or 1), sys.stdout)
        return 0

    sys.path.insert(0, str(HERE))
    from generate import parse_size

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    warm_up()
    results = [measure_size(n, args.seed, args.repeat) for n in sizes]
    startup = None if args.no_startup else measure_startup(args.startup_runs)
    doc = {"python": platform.python_version(), "cpus": os.cpu_count(), "sizes": results, "startup": startup,
           "targets": targets(results, startup)}
    if args.json == "-":
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(markdown(results, startup))
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
