"""The pre-commit hook as a user meets it: `pre-commit try-repo` installs wxtopo from this tree (its
dependencies from the package index) into the hook's own environment and runs hook `wxtopo` in
another git repository: a valid `*.wxtopo.json` passes, a broken one fails with its finding, files
outside the hook's `files:` pattern are left alone.

try-repo takes a git repository at a commit, so the test commits a copy of the working tree
(tracked and new files, as git sees them) to test uncommitted work. Needs the package index:
skipped offline, a failure under CI."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import BROKEN, ROOT, SAMPLES
from tests.test_wheel import copy_working_tree, pypi_or_skip, run, under_ci

GIT = ["git", "-c", "user.name=wxtopo tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_working_tree(to: Path) -> Path:
    """A git repository at TO holding this checkout's working tree (tracked and new files) as one commit."""
    copy_working_tree(to)
    git("init", "-q", cwd=to)
    git("add", "-A", cwd=to)
    git("commit", "-q", "-m", "working tree", cwd=to)
    return to


def test_the_hook_is_declared_as_documented():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "wxtopo"]
    assert hook["language"] == "python" and hook["entry"] == "wxtopo validate" and hook["pass_filenames"] is True
    pattern = re.compile(hook["files"])
    for name in ("eco.wxtopo.json", "ops/eco.wxtopo.yaml", "eco.wxtopo.yml"):
        assert pattern.search(name), name
    for name in ("eco.json", "eco.wxtopo.json.bak", "eco.wxtopo.txt", "wxtopo.json"):
        assert not pattern.search(name), name
    if importlib.util.find_spec("pre_commit"):  # pre-commit's own schema of a hooks manifest
        checked = run([sys.executable, "-m", "pre_commit", "validate-manifest", ROOT / ".pre-commit-hooks.yaml"], ROOT)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def readme_yaml(first_line: str):
    """The README's YAML example that starts with FIRST_LINE (a comment naming the file)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith(first_line)]
    return yaml.safe_load(block)


def test_the_readme_configuration_uses_the_hook_and_its_files_override_works(tmp_path):
    (repo,) = readme_yaml("# .pre-commit-config.yaml")["repos"]
    (hook,) = repo["hooks"]
    ids = [h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))]
    assert hook["id"] in ids
    pattern = re.compile(hook["files"])
    assert pattern.search("ecosystems/shop.json") and pattern.search("accounts.yml")
    assert not pattern.search("package.json")
    if importlib.util.find_spec("pre_commit"):  # pre-commit's own schema of a configuration
        config = tmp_path / ".pre-commit-config.yaml"
        config.write_text(yaml.safe_dump(readme_yaml("# .pre-commit-config.yaml")), encoding="utf-8")
        checked = run([sys.executable, "-m", "pre_commit", "validate-config", config], tmp_path)
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    """Run `pre-commit try-repo <this tree> wxtopo` in a user's repository holding valid and broken documents."""
    pypi_or_skip()
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if under_ci():
            pytest.fail("pre-commit is missing under CI: it is in the test extra (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("precommit")
    shadow = commit_working_tree(base.joinpath("wxtopo"))

    user = base / "user"
    user.mkdir()
    shutil.copy(SAMPLES / "bloom.json", user / "good.wxtopo.json")
    data = yaml.safe_load((SAMPLES / "bloom.json").read_text(encoding="utf-8"))
    (user / "good.wxtopo.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copy(BROKEN / "caps.json", user / "broken.wxtopo.json")
    shutil.copy(BROKEN / "caps.json", user / "not-an-ecosystem.json")  # outside the files: pattern
    git("init", "-q", cwd=user)
    git("add", "-A", cwd=user)

    def run_hook(*args: str) -> subprocess.CompletedProcess:
        return run([sys.executable, "-m", "pre_commit", "try-repo", shadow, "wxtopo", "--color", "never", *args],
                   cwd=user, PRE_COMMIT_HOME=str(base / "home"))

    return run_hook


@pytest.mark.slow
def test_a_valid_document_passes_the_hook(try_repo):
    result = try_repo("--files", "good.wxtopo.json", "good.wxtopo.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wxtopo validate" in result.stdout and "Passed" in result.stdout


@pytest.mark.slow
def test_a_broken_document_fails_the_hook_with_its_finding_and_other_names_are_left_alone(try_repo):
    # one run over the repository (each try-repo installs the hook's environment afresh: a minute)
    result = try_repo("--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "broken.wxtopo.json:74:5  error   WX101 mini-program-official-cap" in result.stdout
    assert "broken.wxtopo.json: invalid: 3 errors" in result.stdout
    assert "good.wxtopo.json: valid: 0 errors" in result.stdout and "good.wxtopo.yml: valid: 0 errors" in result.stdout
    assert "not-an-ecosystem.json" not in result.stdout
