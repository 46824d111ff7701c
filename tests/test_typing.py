"""The package is typed (``topology/py.typed``): a user's script that calls the library the way
the README shows passes ``mypy --strict``, and a wrong call is caught, which needs the facade's
names to carry their real signatures (``topology.render`` was ``(*args, **kwargs)``, so mypy
accepted anything) and a misspelt name to be an error rather than the lazy loader's ``object``.
"""

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import topology

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "bloom.json"

GOOD = '''\
"""A user's script, as the README shows the library."""
from __future__ import annotations

import sys

import topology
from topology import Finding, Report, Ruleset


def main(path: str) -> int:
    eco = topology.load(path)
    report: Report = topology.validate(eco, ruleset="seed", as_of="2026-11-25")
    rules: list[str] = [f.rule for f in report.findings]
    errors: list[Finding] = [f for f in report.findings if f.severity == "error"]
    dot: bytes = topology.render(eco, report, format="dot")
    graph = topology.build_graph(eco)
    ruleset: Ruleset = topology.load_ruleset("wechat-2025", ["max_cross_subject_mini_programs=5"], as_of="2018-06-01")
    cap: int | None = ruleset.parameters.max_cross_subject_mini_programs
    room = topology.headroom(eco, ruleset="seed")
    fixed = topology.repair(eco)
    changed = topology.diff(eco, eco)
    steps = topology.plan(eco, [], reorder=True)
    print(report.valid, sorted(set(rules)), len(errors), dot[:7].decode(), graph.number_of_nodes(), cap)
    print(len(fixed.dropped), len(room.to_json()) > 0, len(changed.to_json()) > 0, len(steps.to_json()) > 0)
    return 0 if report.valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
'''

# Each line is a mistake a user makes; mypy must name each one (line, error code).
BAD = '''\
import topology

eco = topology.load("eco.json")
svg: str = topology.render(eco, format="svg")
topology.render(eco, formt="svg")
topology.validate(eco, as_of=20261125)
topology.lode("eco.json")
'''
BAD_EXPECTED = [(4, "assignment"), (5, "call-arg"), (6, "arg-type"), (7, "attr-defined")]


def mypy(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` on one script, run as a user would from their own folder. A source checkout
    (or an editable install, whose import hook mypy cannot follow) is put on MYPYPATH; errors
    inside the package are the package's business (silenced as for any installed library)."""
    path = tmp_path / script
    env = dict(os.environ)
    package_root = Path(topology.__file__).resolve().parent.parent
    if package_root.name != "site-packages":
        env["MYPYPATH"] = str(package_root)
    cmd = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-color-output",
           "--cache-dir", str(tmp_path.parent / "mypy-cache"), str(path)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e .[test]")
    path = tmp_path_factory.mktemp("user")
    (path / "good.py").write_text(GOOD, encoding="utf-8")
    (path / "bad.py").write_text(BAD, encoding="utf-8")
    return path


def test_the_package_says_it_is_typed():
    assert (Path(topology.__file__).parent / "py.typed").is_file()


def test_facade_functions_have_their_real_signatures():
    """What editors and `help` show: the parameters, not a wrapper's *args."""
    params = inspect.signature(topology.render).parameters
    assert list(params)[:2] == ["eco", "report"]
    assert {"format", "focus", "lang"} <= set(params)
    for name in ("load", "validate", "build_graph", "headroom", "repair", "diff", "plan", "load_ruleset"):
        kinds = {p.kind for p in inspect.signature(getattr(topology, name)).parameters.values()}
        assert inspect.Parameter.VAR_POSITIONAL not in kinds, name


def test_a_user_script_passes_mypy_strict(workdir):
    proc = mypy(workdir, "good.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success" in proc.stdout


def test_the_user_script_runs(workdir):
    """The script mypy accepts is the real API: it runs on a sample."""
    proc = subprocess.run([sys.executable, str(workdir / "good.py"), str(SAMPLE)],
                          capture_output=True, text=True, cwd=workdir, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "digraph" in proc.stdout


def test_mypy_rejects_wrong_calls(workdir):
    proc = mypy(workdir, "bad.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = {(int(line.split(":")[1]), line.rsplit("[", 1)[1].rstrip("]"))
             for line in proc.stdout.splitlines() if line.startswith("bad.py:") and ": error:" in line}
    assert set(BAD_EXPECTED) <= found, proc.stdout
