"""The GitHub Action (action.yml) as a workflow uses it: its inputs, its steps, and its shell steps
run here as the runner would run them (bash -eo pipefail, `${{ ... }}` expressions substituted,
$GITHUB_OUTPUT collected): the SARIF file is written and the job's exit code follows fail-on.
The `uses:` steps (setup-python, upload-sarif) are GitHub's own; this test checks how they are called."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import BROKEN, ROOT, SAMPLES
from tests.test_wheel import fresh_venv, pypi_or_skip

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def run_action(workspace: Path, bin_dir: Path, skip: tuple[str, ...] = ("install",), **inputs: str):
    """Run the action's shell steps in WORKSPACE with BIN_DIR first on PATH; (exit code of the job, log, outputs)."""
    given = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    unknown = set(inputs) - set(given)
    assert not unknown, f"no such inputs: {unknown}"
    given.update(inputs)
    context = {f"inputs.{name}": str(value) for name, value in given.items()}
    context["github.action_path"] = str(ROOT)
    log, outputs = [], {}
    for step in STEPS:
        if "run" not in step or step.get("id") in skip:
            continue
        assert step["shell"] == "bash"
        assert "if" not in step, "the test runs every shell step: teach it the step's condition"

        def substitute(text: str) -> str:
            def value(match: re.Match) -> str:
                assert match.group(1) in context, f"action.yml uses ${{{{ {match.group(1)} }}}}, unknown to the test"
                return context[match.group(1)]
            return EXPRESSION.sub(value, str(text))

        output_file = workspace.parent / f"output-{step.get('id', 'step')}"
        output_file.write_text("")
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        env.update({k: substitute(v) for k, v in step.get("env", {}).items()})
        env.update(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", GITHUB_OUTPUT=str(output_file))
        script = workspace.parent / "step.sh"
        script.write_text(substitute(step["run"]), encoding="utf-8")
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                                env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
        log.append(result.stdout + result.stderr)
        for line in output_file.read_text().splitlines():
            key, _, val = line.partition("=")
            outputs[key] = val
            if step.get("id"):
                context[f"steps.{step['id']}.outputs.{key}"] = val
        if result.returncode != 0:  # a failed step ends the job (the steps after it have no `if: always()`)
            return result.returncode, "".join(log), outputs
    return 0, "".join(log), outputs


def workspace_with(tmp_path: Path, *docs: Path) -> Path:
    """A checked-out repository holding copies of DOCS (under their names)."""
    work = tmp_path / "repo"
    work.mkdir()
    for doc in docs:
        shutil.copy(doc, work / doc.name)
    return work


def test_the_action_takes_the_documented_inputs_and_uploads_sarif_whatever_the_verdict():
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {"paths", "ruleset", "fail-on", "sarif-file"} <= set(inputs)
    assert inputs["fail-on"]["default"] == "error" and inputs["sarif-file"]["default"] == "wxtopo.sarif"
    assert all(not spec.get("required", False) for spec in inputs.values())
    uses = {step["uses"].split("@")[0]: step for step in STEPS if "uses" in step}
    assert set(uses) == {"actions/setup-python", "github/codeql-action/upload-sarif"}
    upload = uses["github/codeql-action/upload-sarif"]
    assert "always()" in upload["if"] and upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    names = [step.get("uses", step.get("id", "")).split("@")[0] for step in STEPS]
    assert names.index("actions/setup-python") < names.index("install") < names.index("validate") \
        < names.index("github/codeql-action/upload-sarif") < len(names) - 1
    # wxtopo comes from the action's own checkout, not from whatever the index calls wxtopo
    install = next(step for step in STEPS if step.get("id") == "install")
    assert "${{ github.action_path }}" in install["env"].values()
    # inputs reach scripts through the environment only: no expression pasted into a shell script
    assert all("${{" not in step["run"] for step in STEPS if "run" in step)


def test_the_readme_workflow_passes_only_inputs_the_action_has():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith("# .github/workflows/")]
    workflow = yaml.safe_load(block)
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("uses", "").split("@")[0].endswith("/wxtopo")]
    assert set(step["with"]) <= set(ACTION["inputs"])
    assert workflow["permissions"]["security-events"] == "write"  # upload-sarif needs it


BIN = Path(sys.executable).parent  # this checkout's wxtopo


@pytest.mark.parametrize(("sample", "fail_on", "code"), [
    (SAMPLES / "bloom.json", "error", 0),    # three info findings pass by default
    (SAMPLES / "bloom.json", "info", 1),     # and fail when info fails
    (BROKEN / "caps.json", "error", 1),
    (BROKEN / "caps.json", "warning", 1),
])
def test_the_job_exits_as_fail_on_says_and_the_sarif_file_is_written(tmp_path, sample, fail_on, code):
    work = workspace_with(tmp_path, sample)
    exit_code, log, outputs = run_action(work, BIN, paths=sample.name, **{"fail-on": fail_on})
    assert (exit_code, outputs["exit-code"]) == (code, str(code)), log
    assert outputs["sarif"] == "written"
    sarif = json.loads((work / "wxtopo.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert len(results) == 3  # caps.json: three errors; bloom.json: three info findings
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {sample.name}
    # the findings are in the job's log too, not only in code scanning
    summary = f"{sample.name}: {'invalid' if sample.name == 'caps.json' else 'valid'}: "
    assert summary in log


def test_paths_are_expanded_and_ruleset_and_sarif_file_are_passed(tmp_path):
    work = workspace_with(tmp_path, SAMPLES / "bloom.json", SAMPLES / "food.json")
    exit_code, log, _ = run_action(work, BIN, paths="bloom.json\n  f*.json", ruleset="wechat-2025",
                                   **{"sarif-file": "out/scan.sarif"})
    assert exit_code == 0, log
    assert not (work / "wxtopo.sarif").exists()
    sarif = json.loads((work / "out" / "scan.sarif").read_text(encoding="utf-8"))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]} \
        == {"bloom.json", "food.json"} or "food.json: valid" in log
    assert "food.json: valid" in log and "bloom.json: valid" in log
    # the ruleset input reaches wxtopo: a ruleset that does not exist is a usage error
    exit_code, log, _ = run_action(work, BIN, paths="bloom.json", ruleset="no-such-ruleset")
    assert exit_code == 2 and "no-such-ruleset" in log, log


def test_without_paths_the_action_validates_the_files_the_hook_names(tmp_path):
    work = workspace_with(tmp_path)
    shutil.copy(BROKEN / "caps.json", work / "shop.wxtopo.json")
    shutil.copy(BROKEN / "caps.json", work / "not-an-ecosystem.json")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    exit_code, log, _ = run_action(work, BIN)
    assert exit_code == 1, log
    assert "shop.wxtopo.json: invalid: 3 errors" in log and "not-an-ecosystem" not in log


def test_a_missing_document_or_none_at_all_exits_2(tmp_path):
    work = workspace_with(tmp_path)
    exit_code, log, _ = run_action(work, BIN, paths="missing.json")
    assert exit_code == 2, log
    assert "missing.json" in log
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    exit_code, log, outputs = run_action(work, BIN)
    assert (exit_code, outputs["exit-code"]) == (2, "2") and "no documents to validate" in log
    assert "sarif" not in outputs


@pytest.mark.slow
def test_the_install_step_installs_wxtopo_from_the_action_path(tmp_path):
    """The whole action as on a runner: setup-python's interpreter (here a fresh venv) gets wxtopo
    from the action's folder and dependencies from the package index."""
    pypi_or_skip()
    bin_dir = fresh_venv(tmp_path / "venv")
    work = workspace_with(tmp_path, BROKEN / "caps.json")
    exit_code, log, outputs = run_action(work, bin_dir, skip=(), paths="caps.json")
    assert exit_code == 1, log
    assert (bin_dir / "wxtopo").exists()
    assert json.loads((work / "wxtopo.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
