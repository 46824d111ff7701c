"""The samples as a user meets them: clean ones pass, broken ones give their expected reports.

samples/broken/NAME.json is reported (from the project root, through the command line) as
samples/broken/NAME.expected.json, byte for byte; NAME.baseline.json / NAME.ruleset.json,
when present, are passed as --baseline / --ruleset. `python scripts/update_expected.py`
regenerates the expected reports after a deliberate change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.bad_inputs import BY_NAME
from tests.helpers import (
    BROKEN,
    COMPANIONS,
    ROOT,
    SAMPLES,
    broken_documents,
    companion,
    is_companion,
    sample_arguments,
    wxtopo,
)

CLEAN_SAMPLES = sorted(SAMPLES.glob("*.json"))
BROKEN_SAMPLES = broken_documents()


def _schema(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def _arguments(doc: Path) -> list[str]:
    return sample_arguments(doc, "--format", "json")


def test_there_are_samples_of_both_kinds():
    assert len(CLEAN_SAMPLES) >= 5
    assert {p.stem for p in BROKEN_SAMPLES} >= {
        "integrity", "caps", "officials", "personal", "messaging", "enterprise", "advice", "type-change"}
    for doc in BROKEN_SAMPLES:
        assert companion(doc, "expected").exists(), f"{doc.name} has no expected report"
    for path in BROKEN.glob("*.json"):  # no orphaned companion files
        if is_companion(path):
            stem = path.name
            for kind in COMPANIONS:
                stem = stem.removesuffix(f".{kind}.json")
            assert (BROKEN / f"{stem}.json").exists(), f"{path.name} belongs to no sample"


def test_clean_samples_have_no_error_finding():
    result = wxtopo("validate", *(p.relative_to(ROOT).as_posix() for p in CLEAN_SAMPLES), "--format", "json")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    reports = json.loads(result.stdout)
    assert [r["document"] for r in reports] == [p.relative_to(ROOT).as_posix() for p in CLEAN_SAMPLES]
    validator = _schema("report")
    for report in reports:
        assert report["valid"] is True, report["document"]
        assert report["counts"]["error"] == 0
        assert not [f for f in report["findings"] if f["severity"] == "error"]
        assert _errors(validator, report) == []


@pytest.mark.parametrize("doc", BROKEN_SAMPLES, ids=lambda p: p.stem)
def test_broken_sample_gives_its_expected_report(doc: Path):
    result = wxtopo(*_arguments(doc))
    expected = companion(doc, "expected").read_bytes()
    assert result.stderr == b""
    assert result.stdout == expected, (
        f"the report of {doc.name} changed; if that is intended, run scripts/update_expected.py "
        "and read the diff")
    report = json.loads(expected)
    assert result.returncode == (1 if not report["valid"] else 0)
    assert report["document"] == doc.relative_to(ROOT).as_posix()
    assert report["findings"], f"{doc.name} trips no rule"


def test_broken_expected_reports_cover_every_registered_rule():
    tripped: set[str] = set()
    for doc in BROKEN_SAMPLES:
        report = json.loads(companion(doc, "expected").read_text(encoding="utf-8"))
        tripped |= {f["rule"] for f in report["findings"]}
    listed = wxtopo("rules", "--format", "json")
    assert listed.returncode == 0
    registered = {r["id"] for r in json.loads(listed.stdout)}
    assert len(registered) >= 28
    assert registered - tripped == set(), "rules no broken sample trips"
    assert tripped <= registered


def test_broken_samples_stick_to_their_family():
    # Each file is named for the family it exercises; at least one finding per family rule it claims.
    families = {"integrity": "WX0", "caps": "WX1", "officials": "WX2", "personal": "WX3", "messaging": "WX4",
                "enterprise": "WX5", "type-change": "WX6", "advice": "WX9"}
    for stem, prefix in families.items():
        report = json.loads((BROKEN / f"{stem}.expected.json").read_text(encoding="utf-8"))
        rules = {f["rule"] for f in report["findings"]}
        assert rules and all(r.startswith(prefix) for r in rules), (stem, rules)


def test_every_document_validates_against_the_ecosystem_schema():
    validator = _schema("ecosystem")
    docs = CLEAN_SAMPLES + BROKEN_SAMPLES + sorted(BROKEN.glob("*.baseline.json"))
    for path in docs:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert _errors(validator, data) == [], path.name
        assert (path.parent / data["$schema"]).resolve() == (ROOT / "schemas" / "ecosystem.schema.json")
        assert data["as_of"], f"{path.name} needs a fixed as_of so its report does not age"


def test_broken_rulesets_validate_against_the_ruleset_schema():
    validator = _schema("ruleset")
    for path in sorted(BROKEN.glob("*.ruleset.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert _errors(validator, data) == [], path.name
        assert (path.parent / data["$schema"]).resolve() == (ROOT / "schemas" / "ruleset.schema.json")


def test_the_ecosystem_schema_rejects_what_the_loader_rejects():
    # The schema is useful in editors only if it flags the same mistakes.
    validator = _schema("ecosystem")
    for name in ("unknown-account-type", "unknown-link-kind", "unknown-top-level-field", "unknown-account-field",
                 "unknown-link-field", "schema-version-2", "schema-version-string", "schema-version-missing",
                 "id-number", "id-null", "id-empty", "negative-articles", "zero-articles"):
        data = json.loads(BY_NAME[name].data)
        assert _errors(validator, data), f"the schema accepts {name}"


def test_broken_expected_reports_validate_against_the_report_schema():
    validator = _schema("report")
    for doc in BROKEN_SAMPLES:
        report = json.loads(companion(doc, "expected").read_text(encoding="utf-8"))
        assert _errors(validator, report) == [], doc.name


def test_document_error_reports_validate_against_the_report_schema(tmp_path):
    paths = []
    for name in ("malformed-json", "unknown-account-type", "invalid-utf8", "malformed-yaml"):
        bad = BY_NAME[name]
        paths.append(tmp_path / bad.filename)
        paths[-1].write_bytes(bad.data)
    result = wxtopo("validate", *map(str, paths), "samples/bloom.json", "--format", "json")
    assert result.returncode == 2
    reports = json.loads(result.stdout)
    validator = _schema("report")
    assert _errors(validator, reports) == []
    for report in reports[:-1]:
        assert report["valid"] is False and report["errors"] and report["findings"] == []
    assert reports[-1]["valid"] is True and "errors" not in reports[-1]


def _run_with_hash_seed(seed: str, *args: str) -> bytes:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-m", "topology", *args], cwd=ROOT, env=env,
                            capture_output=True, timeout=120)
    assert result.returncode == 1, result.stderr.decode()
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_reports_are_byte_stable_across_runs(fmt):
    # Different hash seeds change set and dict iteration order inside Python; reports must not move.
    docs = [p.relative_to(ROOT).as_posix() for p in BROKEN_SAMPLES]
    first = _run_with_hash_seed("1", "validate", *docs, "--format", fmt)
    second = _run_with_hash_seed("4242", "validate", *docs, "--format", fmt)
    assert first == second
    assert first.endswith(b"\n")
