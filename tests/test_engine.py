"""The engine: stamping, sorting, suppression, counts and the SPEC §3 report shape."""

import datetime
import json

import pytest

import topology
from tests.helpers import SAMPLES, account, doc, example_report, link, run, subject
from topology.engine import Report


def _messy():
    return doc(
        as_of="2026-11-25",
        subjects=[subject("acme"), subject("me", "individual")],
        accounts=[account("zeta", "service", subject="me", features=["wechat_pay"]),
                  account("alpha", "service", subject="me"),
                  account("shop", "mini_program", subject="acme", broadcasts=[{"date": "2026-01-01"}])],
        links=[link("mini_program", "alpha", "ghost")],
    )


def test_findings_are_sorted_by_rule_account_pointer():
    findings = run(_messy()).findings
    keys = [(f.rule, f.account or "", f.pointer) for f in findings]
    assert keys == sorted(keys)
    assert [f.rule for f in findings][:3] == ["WX001", "WX201", "WX201"]


def test_the_same_input_gives_byte_identical_json():
    assert run(_messy()).to_json() == run(_messy()).to_json()


def test_report_shape_follows_spec_section_3():
    report = run(_messy())
    data = json.loads(report.to_json())
    assert list(data) == ["schema_version", "tool", "document", "ruleset", "as_of", "valid", "counts", "findings"]
    assert data["tool"] == {"name": "wxtopo", "version": topology.__version__}
    assert data["ruleset"]["name"] == "seed"
    assert data["ruleset"]["parameters"]["max_officials_per_mini_program"] == 50
    assert data["as_of"] == "2026-11-25"
    assert data["valid"] is False
    assert data["counts"] == {"subjects": 2, "accounts": 3, "links": 1, "error": 5, "warning": 0, "info": 4,
                              "suppressed": 0}
    first = data["findings"][0]
    assert list(first)[:7] == ["rule", "name", "severity", "message", "account", "related", "pointer"]


def test_valid_means_no_error_finding():
    clean = doc(subjects=[subject("acme")], accounts=[account("news", "subscription", subject="acme")])
    report = run(clean)
    assert [f.severity for f in report.findings] == ["info"]  # WX205: advice only
    assert report.valid and report.exit_code() == 0
    assert report.exit_code("info") == 1


def test_entity_ignore_lists_suppress_and_count():
    d = _messy()
    d["accounts"][0]["ignore"] = ["WX201", "WX203"]
    d["links"][0]["ignore"] = ["WX001"]
    report = run(d)
    assert {(f.rule, f.account) for f in report.findings} >= {("WX201", "alpha")}
    assert ("WX201", "zeta") not in {(f.rule, f.account) for f in report.findings}
    assert "WX001" not in {f.rule for f in report.findings}
    assert report.counts["suppressed"] == 3


def test_a_subjects_ignore_list_covers_findings_about_it():
    d = doc(subjects=[subject("acme"), subject("acme", ignore=["WX002"])])
    assert run(d).findings == [] and run(d).counts["suppressed"] == 1


def test_select_and_ignore_choose_rules_without_counting_them_suppressed():
    report = run(_messy(), select=["WX2"], ignore=["missing-admin"])
    assert {f.rule for f in report.findings} == {"WX201", "WX203"}
    assert report.counts["suppressed"] == 0


def test_as_of_option_beats_the_documents_date_which_beats_today():
    d = doc(accounts=[account("li", "personal", registered_on="2024-01-10", wechat_pay_bound=True),
                      account("li-2", "auxiliary", primary="li")], as_of="2026-01-10")
    assert run(d).as_of == datetime.date(2026, 1, 10)
    assert [f.rule for f in run(d, select=["WX303"]).findings] == ["WX303"]  # exactly two years: not more
    assert run(d, select=["WX303"], as_of="2026-01-11").findings == []
    del d["as_of"]
    assert run(d).as_of == datetime.datetime.now(datetime.timezone.utc).date()


def test_bad_options_are_usage_errors():
    with pytest.raises(topology.UsageError):
        run(_messy(), as_of="yesterday")
    with pytest.raises(topology.UsageError):
        run(_messy(), lang="fr")
    with pytest.raises(topology.UsageError):
        run(_messy(), select=["WX99"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rule_renders_its_message_in_both_languages(lang):
    for rule in topology.list_rules():
        report = example_report(rule, lang)
        assert [f.rule for f in report.findings][:1] == [rule.id]
        for f in report.findings:
            assert f.message and "{" not in f.message, (rule.id, f.message)
            if lang == "zh":
                assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message), (rule.id, f.message)


def test_document_error_report():
    with pytest.raises(topology.DocumentError) as info:
        topology.load(b'{"schema_version": 1, "accounts": [{"id": "a", "type": "robot"}], "extra": 1}')
    report = Report.from_error(info.value, "x.json")
    data = report.to_dict()
    assert data["valid"] is False and data["findings"] == []
    assert [e["pointer"] for e in data["errors"]] == ["/accounts/0", "/extra"]
    assert report.exit_code() == 2


def test_library_accepts_a_path_and_a_baseline_path(tmp_path):
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    old.write_text(json.dumps(doc(subjects=[subject("acme")], accounts=[account("a", "subscription", subject="acme")])))
    new.write_text(json.dumps(doc(subjects=[subject("acme")], accounts=[account("a", "service", subject="acme")])))
    report = topology.validate(str(new), baseline=str(old), select=["WX601"])
    assert [(f.rule, f.account) for f in report.findings] == [("WX601", "a")]
    assert report.document == str(new)


def test_validating_in_a_loop_does_not_pile_up_garbage():
    """The GC pause around bulk loads files objects as old, where CPython's own trigger for full
    collections does not count them; a loop of loads, validations and drawings (a service, a
    notebook) must still get the garbage of earlier runs collected.

    In a fresh interpreter: the collection comes once the objects filed as old pass four times
    what was alive (topology/_gc.py), so in a test session holding DuckDB, Spark and thousands of
    tests' objects the same loop may legitimately carry more garbage before it comes."""
    import subprocess
    import sys

    script = f"""
import gc, topology
path = {str(SAMPLES / "broken" / "caps.json")!r}
gc.collect()
before = len(gc.get_objects())
for _ in range(600):
    eco = topology.load(path)
    topology.render(eco, topology.validate(eco), format="dot")
    topology.repair(topology.load(path))
print(len(gc.get_objects()) - before)
"""
    grown = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    # without the debt count: about 900,000 objects of garbage after 600 rounds, growing with each
    assert grown < 300_000
