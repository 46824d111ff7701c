"""--format junit: JUnit XML with a testcase per rule per document."""

import xml.etree.ElementTree as ET

import topology
from tests.helpers import SAMPLES, account, doc, subject, wxtopo
from topology.engine import Report
from topology.formats import render
from topology.rules import all_rules

HOSTILE = "a|b*c`d<script>x\n::y%z,w\x01"
#: the same as an id: ids may not hold line breaks or control characters (file names may)
HOSTILE_ID = HOSTILE.replace("\n", " ").replace("\x01", "")


def _caps():
    return topology.validate(topology.load(str(SAMPLES / "broken" / "caps.json")), document="caps.json")


def test_counts_for_caps():
    root = ET.fromstring(render([_caps()], "junit"))
    assert root.tag == "testsuites"
    (suite,) = root
    # every rule but those whose input was not given (WX601: --baseline, WX007: --suppressions)
    n = len([r for r in all_rules() if not (r.needs_baseline or r.needs_suppressions)])
    assert n == len(all_rules()) - 2
    assert suite.get("name") == "caps.json"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (str(n), "3", "0")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(n), "3", "0")
    cases = {c.get("name"): c for c in suite}
    case = cases["WX102 official-same-subject-cap"]
    assert case.get("classname") == "wxtopo.caps.json"
    failure = case.find("failure")
    assert failure.get("type") == "error" and "11 mini-programs" in failure.get("message")
    assert "caps.json:22:5" in failure.text
    passing = cases["WX001 unknown-reference"]
    assert len(passing) == 0
    names = [c.get("name") for c in suite]
    assert names == sorted(names)
    assert not {"WX007 stale-suppression", "WX601 account-type-changed"} & set(names)


def test_info_goes_to_system_out_and_does_not_fail():
    d = doc(subjects=[subject("me", "individual")], accounts=[account("care", "service", subject="me")])
    report = topology.validate(topology.load(d), document="eco.json", select=["WX205"])
    assert [f.severity for f in report.findings] == ["info"]
    suite = ET.fromstring(render([report], "junit", select=["WX205"]))[0]
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    case = suite[0]
    assert case.find("failure") is None and "care" in case.find("system-out").text


def test_document_error_is_an_error_testcase():
    try:
        topology.load(b'{"schema_version": 1, "accounts": [{"id": "a", "type": "robot"}]}', name="x.json")
    except topology.DocumentError as exc:
        report = Report.from_error(exc, "x.json")
    root = ET.fromstring(render([report, _caps()], "junit"))
    bad = root[0]
    assert (bad.get("name"), bad.get("tests"), bad.get("errors"), bad.get("failures")) == ("x.json", "1", "1", "0")
    assert "robot" in bad[0].find("error").text
    assert root.get("errors") == "1" and root.get("failures") == "3"


def test_hostile_names_stay_well_formed():
    d = doc(subjects=[subject("me", "individual")], accounts=[account(HOSTILE_ID, "service", subject="me")])
    report = topology.validate(topology.load(d), document=HOSTILE)
    text = render([report], "junit")
    assert "<script>" not in text
    root = ET.fromstring(text)
    assert root[0].get("name").startswith("a|b*c`d<script>x")


def test_byte_stable_and_cli(tmp_path):
    assert render([_caps()], "junit") == render([_caps()], "junit")
    out = tmp_path / "junit.xml"
    result = wxtopo("validate", str(SAMPLES / "broken" / "caps.json"), "--format", "junit",
                    "--select", "WX1", "-o", str(out))
    assert result.returncode == 1
    suite = ET.parse(out).getroot()[0]
    # every WX1 rule that ran: WX104-WX106 are off under seed, so they pass
    assert [c.get("name").split()[0] for c in suite] == ["WX101", "WX102", "WX103", "WX104", "WX105", "WX106"]


def _case(report, rule: str, lang: str = "en"):
    (suite,) = ET.fromstring(render([report], "junit", lang=lang))
    (case,) = [c for c in suite if c.get("name").startswith(rule)]
    return suite, case


def test_a_rule_off_in_the_ruleset_is_skipped_with_the_parameter_that_turns_it_off():
    # seed: max_new_mini_program_links_per_month is null, so WX104 checks nothing
    suite, case = _case(_caps(), "WX104")
    (skipped,) = case
    assert skipped.tag == "skipped"
    assert skipped.get("message") == "off in ruleset seed (max_new_mini_program_links_per_month = null)"
    off = [r.id for r in all_rules() if r.parameters and not (r.needs_baseline or r.needs_suppressions)
           and any(getattr(_caps().ruleset.parameters, p) is None for p in r.parameters)]
    assert "WX104" in off and suite.get("skipped") == str(len(off))
    # a rule on in the same ruleset is a testcase that passed: no child
    assert len(_case(_caps(), "WX001")[1]) == 0


def test_the_same_rule_turned_on_is_a_test_again():
    report = topology.validate(topology.load(str(SAMPLES / "broken" / "caps.json")), document="caps.json",
                               overrides={"max_new_mini_program_links_per_month": 1000})
    suite, case = _case(report, "WX104")
    assert len(case) == 0  # passed: on, and no finding
    assert int(suite.get("skipped")) == int(_case(_caps(), "WX104")[0].get("skipped")) - 1


def test_the_skip_reason_in_chinese():
    _, case = _case(_caps(), "WX207", "zh")
    assert case[0].get("message") == "规则集 seed 中已关闭（max_officials_per_subject = null）"


def test_deselected_rules_are_not_listed_even_when_off():
    report = topology.validate(topology.load(str(SAMPLES / "broken" / "caps.json")), document="caps.json",
                               select=["WX101", "WX104"])
    (suite,) = ET.fromstring(render([report], "junit"))
    assert [c.get("name")[:5] for c in suite] == ["WX101", "WX104"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "1")
