"""The `wxtopo` command from outside: arguments, streams, files and exit codes.

Every test runs `python -m topology` in a subprocess, as a user or a CI job would.
Exit codes: 0 nothing at or above --fail-on, 1 such findings, 2 document or usage error.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest

import topology
from tests.bad_inputs import BAD, BY_NAME, write_all
from tests.helpers import ROOT, SAMPLES, wxtopo

BROKEN = SAMPLES / "broken"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _json(result) -> dict | list:
    assert result.stdout, result.stderr.decode()
    return json.loads(result.stdout)


def _rules(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"]}


def _no_traceback(result) -> None:
    assert b"Traceback" not in result.stdout + result.stderr


def _snapshot(*paths: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("bad"))


@pytest.fixture()
def warning_only(tmp_path) -> Path:
    """A document whose worst finding is a warning (a duplicated link)."""
    path = tmp_path / "warning.json"
    path.write_text(json.dumps({
        "schema_version": 1, "as_of": "2026-11-25",
        "subjects": [{"id": "bloom", "kind": "enterprise"}],
        "accounts": [{"id": "li-na", "type": "personal", "registered_on": "2019-03-01"},
                     {"id": "bloom-daily", "type": "subscription", "subject": "bloom"}],
        "links": [{"kind": "admin", "source": "li-na", "target": "bloom-daily"},
                  {"kind": "admin", "source": "li-na", "target": "bloom-daily"}],
    }), encoding="utf-8")
    return path


# -- exit codes and --fail-on ---------------------------------------------------------------
def test_warnings_do_not_fail_by_default(warning_only):
    result = wxtopo("validate", str(warning_only))
    assert result.returncode == 0
    assert result.stderr == b""
    out = result.stdout.decode()
    assert "WX003" in out and "duplicate-link" in out
    assert out.rstrip().endswith("in 2 accounts, 2 links") and "valid: 0 errors, 1 warning, 0 info" in out


def test_fail_on_warning(warning_only):
    result = wxtopo("validate", str(warning_only), "--fail-on", "warning")
    assert result.returncode == 1


@pytest.mark.parametrize(("fail_on", "code"), [("info", 1), ("warning", 0)])
def test_fail_on_with_info_findings_only(fail_on, code):
    # bloom.json has three info findings (WX205) and nothing worse.
    result = wxtopo("validate", "samples/bloom.json", "--fail-on", fail_on)
    assert result.returncode == code
    assert result.stdout.decode().count("WX205") == 3


def test_error_findings_exit_1_with_the_report_on_stdout():
    result = wxtopo("validate", "samples/broken/messaging.json")
    assert result.returncode == 1
    assert result.stderr == b""
    out = result.stdout.decode()
    for rule in ("WX401", "WX402", "WX403", "WX404"):
        assert rule in out
    assert "samples/broken/messaging.json:" in out and "invalid: 4 errors" in out


def test_several_documents_give_an_array_and_the_worst_exit_code():
    result = wxtopo("validate", "samples/bloom.json", "samples/broken/enterprise.json", "--format", "json")
    assert result.returncode == 1
    reports = _json(result)
    assert [r["document"] for r in reports] == ["samples/bloom.json", "samples/broken/enterprise.json"]
    assert [r["valid"] for r in reports] == [True, False]


# -- standard input -------------------------------------------------------------------------
def test_dash_reads_json_from_stdin():
    data = (SAMPLES / "bloom.json").read_bytes()
    result = wxtopo("validate", "-", "--format", "json", input=data)
    assert result.returncode == 0
    report = _json(result)
    assert report["document"] == "-"
    expected = topology.validate(topology.load(SAMPLES / "bloom.json"))
    assert [(f["rule"], f["account"], f["pointer"]) for f in report["findings"]] == [
        (f.rule, f.account, f.pointer) for f in expected.findings]


def test_dash_reads_yaml_from_stdin():
    yaml_doc = textwrap.dedent("""\
        ---
        schema_version: 1
        as_of: 2026-11-25
        subjects: [{id: bloom, kind: enterprise, name: 暖芽母婴}]
        accounts:
          - {id: bloom-daily, type: subscription, subject: bloom,
             broadcasts: [{date: 2026-11-20, articles: 9}]}
        """).encode("utf-8")
    result = wxtopo("validate", "-", "--format", "json", input=yaml_doc)
    assert result.returncode == 1, result.stdout.decode()
    report = _json(result)
    assert _rules(report) == {"WX205", "WX402"}
    assert report["as_of"] == "2026-11-25"


# -- -o FILE ----------------------------------------------------------------------------------
def test_output_file_is_written_atomically_and_inputs_stay_untouched(tmp_path):
    doc = shutil.copy(BROKEN / "type-change.json", tmp_path / "type-change.json")
    base = shutil.copy(BROKEN / "type-change.baseline.json", tmp_path / "type-change.baseline.json")
    rules = tmp_path / "rules.json"
    rules.write_text('{"base": "seed", "parameters": {"max_same_subject_mini_programs": 10}}', encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("stale report", encoding="utf-8")
    before = _snapshot(Path(doc), Path(base), rules)

    result = wxtopo("validate", str(doc), "--previous", str(base), "--ruleset", str(rules), "--format", "json",
                    "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == b"" and result.stderr == b""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["document"] == str(doc) and _rules(report) == {"WX601"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["type-change.json", "type-change.baseline.json", "rules.json", "report.json"]), "temp file left behind"
    assert _snapshot(Path(doc), Path(base), rules) == before


def test_output_file_holds_exactly_what_stdout_would(tmp_path):
    out = tmp_path / "messaging.json"
    result = wxtopo("validate", "samples/broken/messaging.json", "--format", "json", "-o", str(out))
    assert result.returncode == 1 and result.stdout == b""
    assert out.read_bytes() == (BROKEN / "messaging.expected.json").read_bytes()


@pytest.mark.parametrize("which", ["document", "previous"])
def test_output_refuses_to_overwrite_an_input(tmp_path, which):
    doc = shutil.copy(BROKEN / "type-change.json", tmp_path / "doc.json")
    base = shutil.copy(BROKEN / "type-change.baseline.json", tmp_path / "old.json")
    before = _snapshot(Path(doc), Path(base))
    target = f"{tmp_path}/sub/../doc.json" if which == "document" else str(base)
    (tmp_path / "sub").mkdir()
    result = wxtopo("validate", str(doc), "--previous", str(base), "-o", target)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"overwrite" in result.stderr
    _no_traceback(result)
    assert _snapshot(Path(doc), Path(base)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "old.json", "sub"]


def test_output_into_a_missing_folder_fails_cleanly(tmp_path):
    target = tmp_path / "no-such-folder" / "report.json"
    result = wxtopo("validate", "samples/bloom.json", "-o", str(target))
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"no such directory" in result.stderr and b"report.json" in result.stderr
    _no_traceback(result)
    assert not target.parent.exists()


# -- document errors ------------------------------------------------------------------------
def test_every_bad_document_is_a_json_error_report(bad_files, tmp_path):
    paths = [str(bad_files[b.name]) for b in BAD]
    missing = str(tmp_path / "nope.json")
    result = wxtopo("validate", *paths, missing, "--format", "json")
    assert result.returncode == 2
    _no_traceback(result)
    reports = _json(result)
    assert [r["document"] for r in reports] == paths + [missing]
    assert reports[-1]["valid"] is False and "cannot read" in reports[-1]["errors"][0]["message"]
    for bad, report in zip(BAD, reports):
        assert report["valid"] is False, bad.name
        assert report["findings"] == [], bad.name
        assert report["errors"], bad.name
        first = report["errors"][0]
        assert first["pointer"].startswith(bad.pointer) and bad.message in first["message"], (bad.name, first)


def test_every_bad_document_in_text_names_file_line_and_column(bad_files):
    paths = [str(bad_files[b.name]) for b in BAD]
    result = wxtopo("validate", *paths)
    assert result.returncode == 2
    _no_traceback(result)
    out = result.stdout.decode()
    for bad in BAD:
        assert f"{bad_files[bad.name]}: 1 document error\n" in out, bad.name
        if bad.line is not None:
            assert f"{bad_files[bad.name]}:{bad.line}:" in out, bad.name


@pytest.mark.parametrize("name", ["malformed-json", "empty", "deep-nesting", "invalid-utf8"])
def test_one_bad_document_exits_2_with_one_json_object(bad_files, name):
    result = wxtopo("validate", str(bad_files[name]), "--format", "json")
    assert result.returncode == 2
    _no_traceback(result)
    report = _json(result)
    assert isinstance(report, dict)
    assert report["valid"] is False and report["findings"] == [] and report["errors"]
    assert BY_NAME[name].message in report["errors"][0]["message"]


# -- language ---------------------------------------------------------------------------------
def test_lang_zh_translates_messages_not_facts():
    result = wxtopo("validate", "samples/broken/personal.json", "--format", "json", "--lang", "zh")
    assert result.returncode == 1
    zh = _json(result)
    en = json.loads((BROKEN / "personal.expected.json").read_text(encoding="utf-8"))

    def facts(report):
        return [{k: v for k, v in f.items() if k != "message"} for f in report["findings"]]

    assert facts(zh) == facts(en)
    for f_zh, f_en in zip(zh["findings"], en["findings"]):
        assert f_zh["message"] != f_en["message"] and CJK.search(f_zh["message"]), f_zh


def test_lang_zh_text_summary():
    result = wxtopo("validate", "samples/broken/enterprise.json", "--lang", "zh")
    out = result.stdout.decode()
    assert "无效" in out and "成员" in out and "invalid" not in out


# -- --select / --ignore ------------------------------------------------------------------------
def test_select_by_id_and_name():
    result = wxtopo("validate", "samples/broken/messaging.json", "samples/broken/personal.json", "--format", "json",
                    "--select", "WX401,subscription-articles", "--select", "auxiliary-per-primary")
    messaging, personal = _json(result)
    assert _rules(messaging) == {"WX401", "WX402"}
    assert _rules(personal) == {"WX306"}
    assert result.returncode == 1


def test_select_prefix_and_ignore():
    result = wxtopo("validate", "samples/broken/personal.json", "--format", "json",
                    "--select", "WX3", "--ignore", "WX305,auxiliary-payments")
    assert _rules(_json(result)) == {"WX301", "WX302", "WX303", "WX304", "WX306", "WX307"}


def test_ignoring_a_whole_family_can_make_a_document_pass():
    result = wxtopo("validate", "samples/broken/messaging.json", "--ignore", "WX4")
    assert result.returncode == 0
    assert "WX4" not in result.stdout.decode()


def test_unknown_selector_is_a_usage_error():
    result = wxtopo("validate", "samples/bloom.json", "--select", "WX102,wx-nope")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"wx-nope" in result.stderr
    _no_traceback(result)


# -- --set and --ruleset ------------------------------------------------------------------------
def test_set_overrides_a_parameter():
    result = wxtopo("validate", "samples/broken/caps.json", "--format", "json",
                    "--set", "max_same_subject_mini_programs=11", "--set", "max_cross_subject_mini_programs=4")
    report = _json(result)
    assert _rules(report) == {"WX101"}
    params = report["ruleset"]["parameters"]
    assert params["max_same_subject_mini_programs"] == 11 and params["max_cross_subject_mini_programs"] == 4


@pytest.mark.parametrize(("assignment", "key"), [
    ("max_same_subjekt_mini_programs=3", "max_same_subjekt_mini_programs"),
    ("linkable_official_types=subscription,blog", "linkable_official_types"),
])
def test_set_with_a_bad_key_or_value_names_the_key(assignment, key):
    result = wxtopo("validate", "samples/bloom.json", "--set", assignment)
    assert result.returncode == 2
    assert result.stdout == b""
    assert key.encode() in result.stderr
    _no_traceback(result)


def test_ruleset_file_with_base_and_overrides(tmp_path):
    path = tmp_path / "short-posts.json"
    path.write_text(json.dumps({"name": "short-posts", "base": "seed",
                                "parameters": {"subscription_articles_per_broadcast": 5}}), encoding="utf-8")
    report = _json(wxtopo("validate", "samples/broken/messaging.json", "--format", "json", "--ruleset", str(path)))
    assert report["ruleset"]["name"] == "short-posts"
    assert report["ruleset"]["parameters"]["subscription_articles_per_broadcast"] == 5
    assert report["ruleset"]["parameters"]["service_broadcasts_per_month"] == 4  # from the base
    wx402 = [f for f in report["findings"] if f["rule"] == "WX402"]
    assert [(f["observed"], f["limit"]) for f in wx402] == [(9, 5), (8, 5)]


@pytest.mark.parametrize(("content", "key"), [
    ({"base": "seed", "parameters": {"max_auxiliaries_per_primry": 2}}, "max_auxiliaries_per_primry"),
    ({"base": "seed", "parameters": {"service_broadcasts_per_month": -4}}, "service_broadcasts_per_month"),
    ({"base": "seed", "colour": "red"}, "colour"),
])
def test_bad_ruleset_file_names_the_key(tmp_path, content, key):
    path = tmp_path / "bad-rules.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    result = wxtopo("validate", "samples/bloom.json", "--ruleset", str(path))
    assert result.returncode == 2
    assert result.stdout == b""
    assert key.encode() in result.stderr
    _no_traceback(result)


# -- --previous (old name: --baseline) -------------------------------------------------------
def test_without_a_previous_document_a_type_change_goes_unnoticed():
    result = wxtopo("validate", "samples/broken/type-change.json", "--format", "json")
    assert result.returncode == 0
    assert "WX601" not in _rules(_json(result))


@pytest.mark.parametrize("option", ["--previous", "--baseline"])
def test_an_unreadable_previous_document_is_a_usage_error_named_previous(bad_files, option):
    result = wxtopo("validate", "samples/broken/type-change.json", option, str(bad_files["malformed-json"]))
    assert result.returncode == 2
    assert b"--previous" in result.stderr and b"malformed JSON" in result.stderr
    assert b"--baseline" not in result.stderr  # the old name is accepted, never shown
    _no_traceback(result)


def test_baseline_is_the_old_name_of_previous():
    runs = [wxtopo("validate", "samples/broken/type-change.json", option, "samples/broken/type-change.baseline.json",
                   "--format", "json") for option in ("--previous", "--baseline")]
    assert [r.returncode for r in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout and "WX601" in _rules(_json(runs[0]))
    usage = wxtopo("validate", "--help").stdout.decode()
    assert re.search(r"--previous OLD, --baseline OLD\s+previous version of the document", usage)
    assert "--baseline is its old name" in " ".join(usage.split())
    assert "baseline" not in usage.replace("--baseline", ""), "the suppressions file is not a baseline"


# -- --as-of --------------------------------------------------------------------------------------
@pytest.fixture()
def young_primary(tmp_path) -> Path:
    """An auxiliary without registered_on: evaluated on the as-of date; its primary turns 2 on 2026-06-01."""
    path = tmp_path / "young.json"
    path.write_text(json.dumps({
        "schema_version": 1, "as_of": "2026-01-01",
        "accounts": [{"id": "zhang-wei", "type": "personal", "registered_on": "2024-06-01", "wechat_pay_bound": True},
                     {"id": "zhang-wei-work", "type": "auxiliary", "primary": "zhang-wei"}],
    }), encoding="utf-8")
    return path


@pytest.mark.parametrize(("as_of", "code"), [("2026-06-01", 1), ("2026-06-02", 0)])
def test_as_of_sets_the_evaluation_date(young_primary, as_of, code):
    result = wxtopo("validate", str(young_primary), "--format", "json", "--as-of", as_of)
    assert result.returncode == code
    report = _json(result)
    assert report["as_of"] == as_of
    assert ("WX303" in _rules(report)) == (code == 1)


@pytest.mark.parametrize("as_of", ["2026-02-30", "20261125"])
def test_bad_as_of_is_a_usage_error(young_primary, as_of):
    result = wxtopo("validate", str(young_primary), "--as-of", as_of)
    assert result.returncode == 2
    assert result.stdout == b""
    assert as_of.encode() in result.stderr and b"YYYY-MM-DD" in result.stderr
    _no_traceback(result)


# -- rules, schema, version --------------------------------------------------------------------------
def test_rules_lists_every_rule():
    result = wxtopo("rules")
    assert result.returncode == 0
    out = result.stdout.decode()
    ids = re.findall(r"^(WX\d{3})\s+(\S+)\s+(error|warning|info)\s", out, flags=re.M)
    assert len(ids) >= 28 and len({i for i, _, _ in ids}) == len(ids)
    assert [i for i, _, _ in ids] == sorted(i for i, _, _ in ids)
    assert ("WX102", "official-same-subject-cap", "error") in ids
    assert ("WX901", "mini-program-without-entry", "info") in ids


def test_rules_explains_one_rule():
    result = wxtopo("rules", "WX102")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.startswith("WX102 official-same-subject-cap (error)")
    assert "一个公众号可关联同一主体的 10 个小程序" in out  # the seed sentence
    assert "max_same_subject_mini_programs = 10" in out
    assert "Fix\n  " in out
    # The failing example is a real document that trips the rule.
    block = out.split("Failing example", 1)[1].split("\n\n", 1)[0]
    example = json.loads(textwrap.dedent(block.split("\n", 1)[1]))
    report = topology.validate(topology.load(example))
    assert "WX102" in {f.rule for f in report.findings}


def test_rules_unknown_id_is_a_usage_error():
    result = wxtopo("rules", "WX999")
    assert result.returncode == 2
    assert result.stdout == b"" and b"WX999" in result.stderr
    _no_traceback(result)


@pytest.mark.parametrize("which", ["ecosystem", "report", "ruleset"])
def test_schema_prints_a_valid_json_schema(which):
    result = wxtopo("schema", which)
    assert result.returncode == 0
    schema = _json(result)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert result.stdout == (ROOT / "schemas" / f"{which}.schema.json").read_bytes()


def test_version():
    result = wxtopo("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"wxtopo {topology.__version__}"


def test_output_file_gets_ordinary_permissions(tmp_path):
    """The atomic write goes through a private temp file; the result must not stay 0600."""
    import os
    import stat

    out = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        result = wxtopo("validate", "samples/bloom.json", "--format", "json", "-o", str(out))
    finally:
        os.umask(old)
    assert result.returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)  # an existing file keeps its mode
    assert wxtopo("validate", "samples/bloom.json", "-o", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# -- endless and oversized input ------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["path", "stdin"])
def test_dev_zero_stops_at_once_with_exit_2(how):
    with open("/dev/zero", "rb") as zero:
        result = (wxtopo("validate", "/dev/zero", "--format", "json") if how == "path" else
                  __import__("subprocess").run([*_python_m(), "validate", "-", "--format", "json"], stdin=zero,
                                               capture_output=True, cwd=ROOT, timeout=60, env=_env()))
    assert result.returncode == 2
    _no_traceback(result)
    report = json.loads(result.stdout)
    assert "NUL byte" in report["errors"][0]["message"]


def test_an_endless_text_stream_stops_at_the_size_limit(tmp_path):
    import subprocess

    endless = subprocess.Popen(["yes", "{"], stdout=subprocess.PIPE)
    try:
        result = subprocess.run([*_python_m(), "validate", "-", "--max-input-size", "1M"], stdin=endless.stdout,
                                capture_output=True, cwd=ROOT, timeout=60, env=_env())
    finally:
        endless.kill()
        endless.wait()
    assert result.returncode == 2
    assert b"larger than the limit of 1 MiB (--max-input-size)" in result.stdout
    _no_traceback(result)


@pytest.mark.parametrize("size", ["0", "-1", "lots", "1Q"])
def test_a_bad_max_input_size_is_a_usage_error(size):
    result = wxtopo("validate", "samples/bloom.json", "--max-input-size", size)
    assert result.returncode == 2 and b"--max-input-size" in result.stderr
    _no_traceback(result)


def _python_m() -> list[str]:
    import sys

    return [sys.executable, "-m", "topology"]


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}


# -- usage errors that used to pass silently ------------------------------------------------------------
@pytest.mark.parametrize(("argv", "message"), [
    (["render", "samples/bloom.json", "-o", "{tmp}/x.dot", "--depth", "2"], b"give --focus"),
    (["render", "samples/bloom.json", "-o", "{tmp}/x.dot", "--focus", "bloom-shop", "--depth", "-1"], b"--depth"),
    (["validate", "-", "--previous", "-"], b"can be read only once"),
    (["validate", "-", "--suppressions", "-"], b"can be read only once"),
    (["validate", "-", "--ruleset", "-"], b"can be read only once"),
    (["plan", "-", "--changes", "-"], b"can be read only once"),
    (["diff", "-", "-"], b"can be read only once"),
    (["render", "samples/bloom.json", "-o", "-"], b"cannot tell the format"),
])
def test_usage_errors_exit_2(tmp_path, argv, message):
    result = wxtopo(*[a.format(tmp=tmp_path) for a in argv], input=b"{}")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    _no_traceback(result)
    assert list(tmp_path.iterdir()) == []


def test_a_valid_document_failing_fail_on_says_why_exit_is_1(tmp_path):
    result = wxtopo("validate", "samples/bloom.json", "--fail-on", "info")
    summary = result.stdout.decode().splitlines()[-1]
    assert result.returncode == 1
    assert summary.endswith("valid: 0 errors, 0 warnings, 3 info (0 suppressed) in 6 accounts, 4 links; "
                            "exit 1: 3 findings at or above --fail-on info")


# -- one way to print a problem, one way to count -------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["validate", "{bad}"], ["render", "{bad}", "-o", "{tmp}/x.dot"], ["headroom", "{bad}"], ["repair", "{bad}"],
    ["diff", "{bad}", "samples/bloom.json"], ["plan", "{bad}", "--changes", "samples/plans/mother-baby.changes.json"],
    ["plan", "samples/bloom.json", "--changes", "{bad}"], ["validate", "samples/bloom.json", "--baseline", "{bad}"],
    ["validate", "samples/bloom.json", "--ruleset", "{bad}"], ["validate", "samples/bloom.json", "--suppressions", "{bad}"],
])
def test_every_command_prints_problems_as_file_line_col_error_pointer(tmp_path, argv):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1,\n "x": [1,,2]}', encoding="utf-8")
    result = wxtopo(*[a.format(bad=bad, tmp=tmp_path) for a in argv])
    assert result.returncode == 2
    text = (result.stdout + result.stderr).decode()
    assert f"{bad}:2:10: error /x/1: malformed JSON" in text, text
    _no_traceback(result)


def test_counts_take_the_right_number():
    text = wxtopo("validate", "samples/broken/caps.json", "samples/bloom.json").stdout.decode()
    assert "3 errors, 0 warnings, 0 info" in text and "in 6 accounts, 4 links" in text
    one = wxtopo("validate", "samples/broken/officials.json", "--select", "WX203").stdout.decode()
    assert re.search(r": invalid: 1 error, 0 warnings", one), one
    for result in (wxtopo("repair", "samples/broken/caps.json"), wxtopo("validate", "samples/broken/caps.json"),
                   wxtopo("plan", "samples/mother-baby.json", "--changes", "samples/plans/mother-baby.changes.json")):
        assert not re.search(r"\(s\)|\b1 [a-z]+s\b", result.stdout.decode() + result.stderr.decode())


# -- every input goes through one reader: the same limits and positioned errors ------------------------------
DEEP = "[" * 50_000


@pytest.mark.parametrize(("option", "suffix"), [
    ("--suppressions", ".json"), ("--ruleset", ".json"), ("--previous", ".json"), ("--baseline", ".yaml"),
    ("--suppressions", ".yaml"), ("--ruleset", ".yaml"),
])
def test_deep_nesting_in_a_side_input_is_a_positioned_usage_error(tmp_path, option, suffix):
    side = tmp_path / f"side{suffix}"
    side.write_text(DEEP, encoding="utf-8")
    result = wxtopo("validate", "samples/bloom.json", option, str(side), "--format", "json")
    assert result.returncode == 2
    _no_traceback(result)
    assert re.search(rf"{re.escape(str(side))}:1:\d+: error /0/0/0.*nested deeper than 200 levels",
                     result.stderr.decode())
    assert json.loads(result.stdout)["errors"][0]["line"] == 1  # --format json still prints JSON


def test_deep_nesting_in_a_changes_file_and_a_set_value(tmp_path):
    changes = tmp_path / "c.json"
    changes.write_text(DEEP, encoding="utf-8")
    result = wxtopo("plan", "samples/bloom.json", "--changes", str(changes))
    assert result.returncode == 2 and b"nested deeper than 200 levels" in result.stderr
    _no_traceback(result)
    result = wxtopo("validate", "samples/bloom.json", "--set", f"max_accounts_per_admin={DEEP}")
    assert result.returncode == 2 and b"nested deeper than 200 levels" in result.stderr
    _no_traceback(result)


@pytest.mark.parametrize("option", ["--suppressions", "--ruleset", "--previous"])
def test_a_duplicate_key_in_a_side_input_is_an_error(tmp_path, option):
    side = tmp_path / "side.json"
    body = {"--suppressions": '{"schema_version": 1, "suppressions": [],\n "suppressions": []}',
            "--ruleset": '{"name": "a",\n "name": "b"}',
            "--previous": '{"schema_version": 1, "accounts": [],\n "accounts": []}'}[option]
    side.write_text(body, encoding="utf-8")
    result = wxtopo("validate", "samples/bloom.json", option, str(side))
    assert result.returncode == 2
    assert re.search(rf"{re.escape(str(side))}:2:2: error /\w+: duplicate key", result.stderr.decode())
