"""The wheel as a user gets it: `pip wheel .` in a clean copy of the working tree builds it without
a setuptools warning, it holds every module and the data the code reads at run time (rulesets, the
report's assets, py.typed), and once installed into a fresh venv (dependencies from the package
index, like a user's machine) it validates a sample in a folder that is not the repository.

Needs the package index: skipped offline, a failure under CI (where the index is there)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.helpers import BROKEN, ROOT, SAMPLES

pytestmark = pytest.mark.slow

#: what setuptools prints when the configuration is ambiguous or outdated ("Package 'x' is absent
#: from the `packages` configuration ... would be ignored", "SetuptoolsDeprecationWarning: ...")
# (not distutils' lower-case "warning: build_py: byte-compiling is disabled", which pip asks for)
WARNED = re.compile(r"(?i:would be ignored|deprecat)|\w*Warning:")


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def pypi_or_skip() -> None:
    """Return if the package index answers; else skip, or fail under CI, where it must answer."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/").rstrip("/") + "/pip/"
    try:
        urllib.request.urlopen(index, timeout=15).close()
    except OSError as e:
        if under_ci():
            pytest.fail(f"the package index {index} is unreachable under CI: {e}")
        pytest.skip(f"the package index is unreachable (offline?): {e}")


def clean_env(**more: str) -> dict[str, str]:
    """The environment a user's shell would have: no trace of this checkout's venv or sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", **more)
    return env


def run(args: list, cwd: Path, timeout: float = 900, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=clean_env(**env), capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def copy_working_tree(to: Path) -> Path:
    """TO holding this checkout's working tree as a clean clone would hold it with the work in progress
    (tracked and new files, not the ignored ones such as .venv/ and build/, whose stale build/lib
    copies setuptools would package)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():  # a tracked file deleted in the working tree is left out, as a commit would
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, to / name)
    return to


def fresh_venv(where: Path) -> Path:
    """A new venv at WHERE (with pip); its bin folder."""
    result = run([sys.executable, "-m", "venv", where], cwd=where.parent)
    assert result.returncode == 0, result.stderr
    return where / ("Scripts" if os.name == "nt" else "bin")


def build_isolation_needed() -> bool:
    """Build in this venv (--no-build-isolation) only if its setuptools meets [build-system] requires."""
    try:
        import tomllib
        from importlib.metadata import PackageNotFoundError, version

        from packaging.requirements import Requirement
    except ImportError:
        return True
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    for text in requires:
        requirement = Requirement(text)
        try:
            if version(requirement.name) not in requirement.specifier:
                return True
        except PackageNotFoundError:
            return True
    return False


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """The wheel `pip wheel .` builds from this checkout, and everything pip and the backend printed."""
    pypi_or_skip()
    out = tmp_path_factory.mktemp("wheel")
    source = copy_working_tree(tmp_path_factory.mktemp("source"))
    isolation = [] if build_isolation_needed() else ["--no-build-isolation"]
    result = run([sys.executable, "-m", "pip", "wheel", "-v", ".", "--no-deps", *isolation, "-w", out], cwd=source)
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed[-4000:]
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0], printed


def test_the_wheel_builds_without_a_setuptools_warning(built):
    _, printed = built
    warned = [line.strip() for line in printed.splitlines() if WARNED.search(line)]
    assert warned == [], "the build warned:\n" + "\n".join(warned)


def test_the_wheel_holds_every_module_and_the_data_the_code_reads(built):
    wheel, _ = built
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "topology"
    # every module of every subpackage, and every file of the folders the code reads data from
    shipped = [*package.rglob("*.py"), *package.glob("rulesets/*.json"), *package.glob("formats/assets/*"),
               package / "py.typed"]
    missing = sorted(p.relative_to(ROOT).as_posix() for p in shipped if p.relative_to(ROOT).as_posix() not in names)
    assert missing == []
    # (the globs above would pass on an empty folder: the files the code opens by name)
    assert {"topology/rulesets/seed.json", "topology/rulesets/wechat-2025.json"} <= names
    assert {"topology/formats/assets/report.css", "topology/formats/assets/report.js"} <= names
    # and nothing of the repository beside the package
    assert not [n for n in names if n.split("/")[0] in ("tests", "samples", "docs", "scripts", "benchmarks")]


def test_the_installed_wheel_validates_a_sample_from_another_folder(built, tmp_path):
    wheel, _ = built
    bin_dir = fresh_venv(tmp_path / "venv")
    result = run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], cwd=tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    work = tmp_path / "work"
    (work / "samples" / "broken").mkdir(parents=True)
    shutil.copy(BROKEN / "caps.json", work / "samples" / "broken" / "caps.json")
    shutil.copy(SAMPLES / "bloom.json", work / "bloom.json")
    wxtopo = bin_dir / "wxtopo"

    where = run([bin_dir / "python", "-c", "import topology; print(topology.__file__)"], cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv"), where.stdout + where.stderr

    # a broken document: exit 1 and, byte for byte, the report the sample documents (README, samples/broken/)
    broken = run([wxtopo, "validate", "samples/broken/caps.json", "--format", "json"], cwd=work)
    assert broken.returncode == 1, broken.stderr
    assert broken.stdout == (BROKEN / "caps.expected.json").read_text(encoding="utf-8")

    # a clean one: exit 0 and the summary line; the built-in rulesets come from the wheel's data
    clean = run([wxtopo, "validate", "bloom.json", "--ruleset", "wechat-2025"], cwd=work)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.splitlines()[-1].startswith("bloom.json: valid: 0 errors")

    # the HTML report inlines its stylesheet and script, read from the wheel's assets
    page = run([wxtopo, "report", "bloom.json", "-o", "report.html", "--no-diagram"], cwd=work)
    assert page.returncode == 0, page.stderr
    html = (work / "report.html").read_text(encoding="utf-8")
    css = (ROOT / "topology" / "formats" / "assets" / "report.css").read_text(encoding="utf-8")
    assert max(css.splitlines(), key=len).strip() in html

    # the built-in ruleset's data, as JSON, from the installed package
    shown = run([wxtopo, "ruleset", "show", "wechat-2025", "--format", "json"], cwd=work)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)
