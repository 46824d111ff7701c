"""Fuzz every entry point with random documents for as long as asked (not a test).

    python scripts/fuzz.py --examples 5000 --seed 7            # library entry points; CLI on every 50th
    python scripts/fuzz.py --examples 500 --cli-every 5        # more of the command line
    python scripts/fuzz.py --examples 2000 --shrink            # stop at the first crash and minimise it

The documents, mutations, changes and ruleset values come from tests/fuzzing.py and the checks
from tests/fuzz_checks.py, as in tests/test_fuzz_entry_points.py. A sample of the cases also
goes through the `wxtopo` command line in subprocesses (validate in every --format, render
-o x.dot/x.mmd, headroom, repair -o, diff -o d.mmd, plan --changes), checking the exit code is
0, 1 or 2, stderr has no traceback, --format json prints JSON, and both streams are UTF-8 with
no control character shown raw; one command runs under two hash seeds and must print the same
bytes.

Crashes are grouped by exception and the innermost frame under topology/; the first case of
each is written to --out (default fuzz-crashes/) as JSON beside its traceback. Exit 1 when
anything crashed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

import topology  # noqa: E402
from tests.fuzz_checks import check  # noqa: E402
from tests.fuzzing import Case, cases  # noqa: E402
from tests.helpers import OBEYED, wxtopo  # noqa: E402

FORMATS = ("text", "json", "sarif", "markdown", "github", "junit")


def signature(exc: BaseException) -> str:
    """Exception type, message head and the innermost frame in topology/ (else the last frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/topology/" in f.filename.replace("\\", "/")] or frames[-1:]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}" if ours else "?"
    head = str(exc).splitlines()[0][:80] if str(exc) else ""
    return f"{type(exc).__name__} at {where}" + (f" ({head})" if isinstance(exc, AssertionError) else "")


def _set_args(case: Case) -> list[str]:
    out = ["--ruleset", case.ruleset, "--lang", case.lang]
    for key, value in sorted(case.overrides.items()):
        out += ["--set", f"{key}={json.dumps(value)}"]
    out += ["--as-of", case.as_of] if case.as_of else []
    return out + (["--rules-as-of", case.rules_as_of] if case.rules_as_of else [])


def cli_commands(case: Case, folder: Path) -> list[tuple[str, list[str]]]:
    """(label, arguments) of every independent command one case runs through."""
    old, new, changes = folder / "old.json", folder / "new.json", folder / "changes.json"
    old.write_text(json.dumps(case.doc, ensure_ascii=False), encoding="utf-8")
    new.write_text(json.dumps(case.new, ensure_ascii=False), encoding="utf-8")
    changes.write_text(json.dumps({"schema_version": 1, "changes": case.changes}, ensure_ascii=False),
                       encoding="utf-8")
    opts = _set_args(case)
    commands = [(f"validate --format {f}", ["validate", str(old), "--format", f, *opts]) for f in FORMATS]
    commands += [
        ("validate OLD NEW --format json", ["validate", str(old), str(new), "--format", "json", *opts]),
        ("render -o x.dot", ["render", str(old), "-o", str(folder / "x.dot"), *opts]),
        ("render -o x.mmd", ["render", str(old), "-o", str(folder / "x.mmd"), *opts]),
        ("render --only-findings", ["render", str(old), "--only-findings", "-o", str(folder / "only.mmd"), *opts]),
        ("headroom --format json", ["headroom", str(old), "--format", "json", *opts]),
        ("repair -o", ["repair", str(old), "-o", str(folder / "repaired.json"), *opts]),
        ("diff -o d.mmd", ["diff", str(old), str(new), "-o", str(folder / "d.mmd"), *opts]),
        ("diff --format json", ["diff", str(old), str(new), "--format", "json", *opts]),
        ("plan --format json", ["plan", str(old), "--changes", str(changes), "--format", "json",
                                *(["--reorder"] if case.reorder else []), *opts]),
    ]
    if case.focus is not None:
        commands.append(("render --focus", ["render", str(old), "--focus", case.focus, "--depth", "2",
                                             "-o", str(folder / "focus.dot"), *opts]))
    return commands


def _problems(label: str, r: subprocess.CompletedProcess) -> list[str]:
    out = []
    if r.returncode not in (0, 1, 2):
        out.append(f"cli {label}: exit {r.returncode}")
    if b"Traceback" in r.stderr:
        tail = r.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
        out.append(f"cli {label}: traceback: {tail[:100]}")
    elif "--format json" in label:
        try:
            json.loads(r.stdout)
        except ValueError:
            out.append(f"cli {label}: stdout is not JSON")
    for stream, data in (("stdout", r.stdout), ("stderr", r.stderr)):
        try:
            found = OBEYED.search(data.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(f"cli {label}: {stream} is not UTF-8")
            continue
        if found:
            out.append(f"cli {label}: {stream} shows {found.group()!r} raw")
    return out


def cli_problems(case: Case) -> list[str]:
    """What went wrong running ``case`` through the command line (empty: nothing)."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="wxtopo-fuzz-") as tmp:
        folder = Path(tmp)
        commands = cli_commands(case, folder)
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda c: wxtopo(*c[1]), commands))
        for (label, _), r in zip(commands, results):
            problems += _problems(label, r)
        # the same command under another hash seed prints the same bytes and draws the same file
        for (label, args), r in zip(commands, results):
            if label in ("validate --format json", "diff --format json", "plan --format json", "render -o x.mmd"):
                drawn = (folder / "x.mmd").read_bytes() if label.startswith("render") and r.returncode < 2 else None
                again = wxtopo(*args, env={"PYTHONHASHSEED": "12345"})
                redrawn = (folder / "x.mmd").read_bytes() if drawn is not None else None
                if (again.returncode, again.stdout, redrawn) != (r.returncode, r.stdout, drawn):
                    problems.append(f"cli {label}: output depends on the hash seed")
        # record every finding, then validate against the record: nothing left, nothing stale
        old, baseline = str(folder / "old.json"), str(folder / "baseline.json")
        wrote = wxtopo("validate", old, "--write-suppressions", baseline, *_set_args(case))
        problems += _problems("validate --write-suppressions", wrote)
        if wrote.returncode == 0:
            r = wxtopo("validate", old, "--suppressions", baseline, "--format", "json", *_set_args(case))
            problems += _problems("validate --suppressions --format json", r)
            if r.returncode != 0 or json.loads(r.stdout)["findings"]:
                problems.append("cli validate --suppressions: findings left after recording them all")
        elif wrote.returncode != 2:
            problems.append(f"cli validate --write-suppressions: exit {wrote.returncode}, not 0")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cli-every", type=int, default=50, help="run every Nth case through the CLI (0: never)")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz-crashes")
    parser.add_argument("--shrink", action="store_true", help="stop at the first crash and let Hypothesis minimise it")
    args = parser.parse_args(argv)

    stats: Counter[str] = Counter()
    crashes: dict[str, tuple[Case, str]] = {}
    counts: Counter[str] = Counter()
    fired: Counter[str] = Counter()  # rule → cases with a finding of it

    def record(sig: str, case: Case, detail: str) -> None:
        counts[sig] += 1
        crashes.setdefault(sig, (case, detail))

    phases = [Phase.generate] + ([Phase.shrink] if args.shrink else [])

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, phases=phases,
              suppress_health_check=list(HealthCheck))
    @given(cases())
    def run(case: Case) -> None:
        stats["examples"] += 1
        try:
            out = check(case)
        except Exception as exc:
            if args.shrink:
                raise
            record(signature(exc), case, traceback.format_exc())
        else:
            stats["loaded" if not str(out.get("load", "")).startswith("!") else "document errors"] += 1
            stats.update(f"documented error: {name}" for name, v in out.items()
                         if isinstance(v, str) and v.startswith("! "))
            for name in ("validate[seed].to_json", "validate[wechat-2025].to_json", "suppressions.new.json"):
                fired.update({f["rule"] for f in json.loads(out.get(name, '{"findings": []}'))["findings"]})
            if "diff.json" in out:
                fired.update({f["rule"] for f in json.loads(out["diff.json"])["findings"]["introduced"]})
            if "repair.json" in out:
                stats["repair dropped links"] += bool(json.loads(out["repair.json"]).get("dropped"))
            stats["plan applied"] += "plan.json" in out
        if args.cli_every and stats["examples"] % args.cli_every == 0:
            stats["cli cases"] += 1
            for problem in cli_problems(case):
                record(problem, case, problem)

    start = time.monotonic()
    run()
    elapsed = time.monotonic() - start
    for key in sorted(stats):
        print(f"{key}: {stats[key]}")
    never = sorted(r.id for r in topology.list_rules() if r.id not in fired)
    print(f"rules that fired: {len(fired)} of {len(fired) + len(never)}; never: {', '.join(never) or '-'}")
    print(f"time: {elapsed:.1f} s ({elapsed / max(stats['examples'], 1) * 1000:.0f} ms a case)")
    if not crashes:
        print("no crash")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for n, (sig, (case, detail)) in enumerate(sorted(crashes.items())):
        path = args.out / f"crash-{n:02d}.json"
        path.write_text(json.dumps({"signature": sig, "case": dataclasses.asdict(case), "detail": detail},
                                   ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"CRASH x{counts[sig]}: {sig} -> {path}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
