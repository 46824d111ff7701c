"""Sourced, dated rulesets: every value says where it comes from and when it was in force."""

from __future__ import annotations

import json
import re

import pytest

import topology
from tests.helpers import (
    ROOT,
    SAMPLES,
    account,
    broken_documents,
    doc,
    link,
    normalise,
    seed_sentences,
    subject,
    wxtopo,
)
from topology import RulesetError, load_ruleset
from topology.ruleset import PARAMETER_NAMES, builtin_names
from topology.ruleset_sources import CONFIDENCES

ORGANISATIONS = ["enterprise", "government", "media", "organization", "sole_trader"]


def _raw(name: str) -> dict:
    return json.loads((ROOT / "topology" / "rulesets" / f"{name}.json").read_text(encoding="utf-8"))


# -- the built-in rulesets --------------------------------------------------------------------------
def test_both_rulesets_are_built_in_and_seed_stays_the_default():
    assert {"seed", "wechat-2025"} <= set(builtin_names())
    assert load_ruleset().name == "seed"
    assert topology.validate(topology.load(doc())).ruleset.name == "seed"


@pytest.mark.parametrize("name", ["seed", "wechat-2025"])
def test_every_parameter_carries_its_provenance(name):
    params = _raw(name)["parameters"]
    assert list(params) == list(PARAMETER_NAMES)
    for key, p in params.items():
        assert {"value", "source", "retrieved", "confidence"} <= set(p), key
        assert p["confidence"] in CONFIDENCES, key
        assert p["source"]["title"].strip(), key
        assert p["source"].get("url", "https://").startswith("https://"), key
        assert p["source"].get("url") or p["source"].get("path"), f"{key}: a URL or a repository path"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["retrieved"]), key


def test_seed_values_quote_the_seed_sentence():
    text = normalise(seed_sentences())
    params = _raw("seed")["parameters"]
    for key, p in params.items():
        quote = p["source"].get("quote")
        if p["value"] is None:
            assert quote is None, f"{key}: an off parameter quotes nothing"
            continue
        if key == "pending_counts_toward_caps":  # the seed is silent; the source says so
            assert quote is None and "Not stated" in p["source"]["title"]
            continue
        assert quote and normalise(quote) in text, f"{key}: {quote!r} is not in the seed text"


def test_wechat_2025_values_are_the_documented_ones():
    rs = load_ruleset("wechat-2025")
    assert rs.parameters.max_officials_per_mini_program == 500
    assert rs.parameters.max_same_subject_mini_programs == 10
    assert rs.parameters.max_cross_subject_mini_programs == 3
    assert rs.parameters.max_new_mini_program_links_per_month == 13
    assert rs.parameters.max_new_official_links_per_month == 500
    assert rs.parameters.pending_link_stale_days == 7
    assert rs.parameters.subscription_pay_subject_kinds == ["government", "media"]
    assert rs.parameters.max_officials_per_subject == {"individual": 1, "enterprise": 2, "sole_trader": 2, "organization": 2,
                                            "government": 50, "media": 50}
    assert rs.parameters.max_mini_programs_per_subject == {"individual": 5, "sole_trader": 5, **{k: 50 for k in
                                                ["enterprise", "government", "media", "organization"]}}
    assert rs.parameters.max_accounts_per_admin == 5
    assert rs.parameters.mini_program_pay_subject_kinds == ORGANISATIONS
    # the community answer of "no limit" is noted, not believed
    p = rs.provenance["max_officials_per_mini_program"]
    assert p.confidence == "official" and "no limit" in p.note


def test_unsourced_values_are_marked_unverified_not_dressed_up():
    rs = load_ruleset("wechat-2025")
    for key in ("pending_link_stale_days", "pending_counts_toward_caps", "auxiliary_min_primary_age_years"):
        assert rs.provenance[key].confidence == "unverified", key


# -- eras -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("day, officials, same, cross, new_links", [
    ("2017-04-19", 1, 5, 0, None),    # before the 2017-04-20 announcement
    ("2017-04-20", 3, 10, 3, 5),
    ("2017-07-31", 3, 10, 3, 5),
    ("2017-08-01", 50, 10, 3, 5),
    ("2017-12-31", 50, 10, 3, 5),
    ("2018-01-01", 500, 10, 3, 500),
    ("2026-11-25", 500, 10, 3, 500),
])
def test_values_in_force_on_a_day(day, officials, same, cross, new_links):
    rs = load_ruleset("wechat-2025", as_of=day)
    assert (rs.parameters.max_officials_per_mini_program, rs.parameters.max_same_subject_mini_programs,
            rs.parameters.max_cross_subject_mini_programs, rs.parameters.max_new_official_links_per_month) == (officials, same, cross, new_links)
    assert rs.to_dict()["rules_as_of"] == day


@pytest.mark.parametrize("day, individual, enterprise", [
    ("2018-02-09", None, None), ("2018-02-10", 2, 5), ("2018-11-15", 2, 5), ("2018-11-16", 1, 2)])
def test_officials_per_subject_eras(day, individual, enterprise):
    caps = load_ruleset("wechat-2025", as_of=day).parameters.max_officials_per_subject
    assert (caps or {}).get("individual") == individual and (caps or {}).get("enterprise") == enterprise


def test_set_pins_a_value_on_every_day():
    rs = load_ruleset("wechat-2025", {"max_officials_per_mini_program": 7}, as_of="2017-05-01")
    assert rs.parameters.max_officials_per_mini_program == 7
    assert rs.at(topology.load(doc(as_of="2026-01-01")).as_of).parameters.max_officials_per_mini_program == 7
    assert rs.sources()["max_officials_per_mini_program"].source.title == "--set on the command line"


def test_seed_has_no_eras_and_reports_no_rules_as_of():
    rs = load_ruleset("seed", as_of="2017-01-01")
    assert rs.parameters.max_officials_per_mini_program == 50
    assert "rules_as_of" not in rs.to_dict()


# -- ruleset files ----------------------------------------------------------------------------------
def _file(tmp_path, parameters: dict, base: str = "wechat-2025") -> str:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"name": "mine", "base": base, "parameters": parameters}, ensure_ascii=False),
                    encoding="utf-8")
    return str(path)


def _sourced(value, **extra) -> dict:
    return {"value": value, "source": {"title": "Our policy", "url": "https://example.org/policy"},
            "confidence": "unverified", **extra}


def test_a_file_over_wechat_2025_keeps_its_eras_and_adds_its_own(tmp_path):
    path = _file(tmp_path, {"max_accounts_per_admin": _sourced(3), "pending_counts_toward_caps": False})
    rs = load_ruleset(path, as_of="2017-06-01")
    assert rs.parameters.max_officials_per_mini_program == 3  # the base's era
    assert rs.parameters.max_accounts_per_admin == 3
    assert rs.provenance["max_accounts_per_admin"].source.url == "https://example.org/policy"
    assert rs.provenance["pending_counts_toward_caps"].source.title == "set in ruleset file mine.json"


def test_a_file_may_give_its_own_history(tmp_path):
    history = [{"effective_from": "2020-01-01", "value": 2}, {"effective_from": "2024-01-01", "value": 4}]
    path = _file(tmp_path, {"max_accounts_per_admin": _sourced(4, history=history)})
    assert [load_ruleset(path, as_of=d).parameters.max_accounts_per_admin for d in ("2019-12-31", "2020-01-01", "2024-01-01")] \
        == [None, 2, 4]


@pytest.mark.parametrize("entry, message", [
    (_sourced(4, history=[{"effective_from": "2024-01-01", "value": 4}, {"effective_from": "2020-01-01", "value": 2}]),
     "increasing order"),
    (_sourced(4, history=[{"effective_from": "2020-01-01", "value": 2}]), "last history entry"),
    (_sourced(4, history=[{"effective_from": "2020-01-01", "value": "ten"}, {"effective_from": "2021-01-01", "value": 4}]),
     "from 2020-01-01"),
    (_sourced(4, history=[{"effective_from": "2020/01/01", "value": 4}]), "YYYY-MM-DD"),
    (_sourced(4, confidence="sure"), "confidence"),
    ({"value": 4, "source": {"title": "x", "url": "ftp://x"}, "confidence": "official"}, "url"),
    (_sourced(-1), "max_accounts_per_admin"),
])
def test_bad_provenance_is_a_usage_error_naming_the_key(tmp_path, entry, message):
    with pytest.raises(RulesetError, match=message) as info:
        load_ruleset(_file(tmp_path, {"max_accounts_per_admin": entry}))
    assert info.value.key == "max_accounts_per_admin"


def test_the_ruleset_schema_accepts_the_built_ins_and_both_forms(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "ruleset.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("seed", "wechat-2025"):
        assert list(validator.iter_errors(_raw(name))) == [], name
    assert list(validator.iter_errors({"parameters": {"max_accounts_per_admin": 3}})) == []
    assert list(validator.iter_errors({"parameters": {"max_accounts_per_admin": _sourced(3)}})) == []
    assert list(validator.iter_errors({"parameters": {"max_accounts_per_admin": {"value": 3}}}))  # no source


# -- validation on a day ----------------------------------------------------------------------------
def _linked_by(n: int, as_of: str = "2026-11-25") -> dict:
    return doc(as_of=as_of, subjects=[subject("acme")],
               accounts=[account("shop", "mini_program", subject="acme"),
                         *[account(f"oa{i}", "service", subject="acme", verified=True) for i in range(n)]],
               links=[link("mini_program", f"oa{i}", "shop") for i in range(n)])


@pytest.mark.parametrize("rules_as_of, limit", [("2017-04-19", 1), ("2017-06-01", 3), ("2017-09-01", 50), (None, 500)])
def test_rules_as_of_picks_the_limit(rules_as_of, limit):
    report = topology.validate(topology.load(_linked_by(4)), "wechat-2025", rules_as_of=rules_as_of, select=["WX101"])
    assert [f.limit for f in report.findings] == ([limit] if limit < 4 else [])
    assert report.ruleset.to_dict()["rules_as_of"] == (rules_as_of or "2026-11-25")


def test_rules_as_of_defaults_to_the_evaluation_date():
    eco = topology.load(_linked_by(4, as_of="2017-06-01"))
    assert [f.limit for f in topology.validate(eco, "wechat-2025", select=["WX101"]).findings] == [3]
    assert topology.validate(eco, "wechat-2025", select=["WX101"], as_of="2026-01-01").findings == []


def test_a_ruleset_resolved_for_a_day_keeps_its_day():
    rs = load_ruleset("wechat-2025", as_of="2017-06-01")
    report = topology.validate(topology.load(_linked_by(4)), rs, select=["WX101"])
    assert [f.limit for f in report.findings] == [3]


def test_report_with_rules_as_of_matches_the_report_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    data = json.loads(topology.validate(topology.load(_linked_by(4)), "wechat-2025").to_json())
    assert data["ruleset"]["rules_as_of"] == "2026-11-25"
    jsonschema.Draft202012Validator(schema).validate(data)


@pytest.mark.parametrize("name", ["seed", "wechat-2025"])
def test_both_rulesets_validate_every_clean_sample(name):
    for path in sorted(SAMPLES.glob("*.json")):
        report = topology.validate(topology.load(str(path)), name)
        assert report.valid, (path.name, [(f.rule, f.account) for f in report.findings if f.severity == "error"])


def test_every_broken_sample_reads_under_wechat_2025():
    """Not valid (they break rules on purpose), but reported: no sample trips up the new rules."""
    for path in broken_documents():
        report = topology.validate(topology.load(str(path)), "wechat-2025")
        assert report.counts["accounts"] > 0 and report.ruleset.name == "wechat-2025", path.name


# -- the command line -------------------------------------------------------------------------------
def test_cli_rules_as_of(tmp_path):
    path = tmp_path / "eco.json"
    path.write_text(json.dumps(_linked_by(4)), encoding="utf-8")
    assert wxtopo("validate", str(path), "--ruleset", "wechat-2025", "--select", "WX101").returncode == 0
    result = wxtopo("validate", str(path), "--ruleset", "wechat-2025", "--rules-as-of", "2017-06-01", "--format", "json",
                    "--select", "WX101")
    assert result.returncode == 1
    assert json.loads(result.stdout)["ruleset"]["rules_as_of"] == "2017-06-01"
    bad = wxtopo("validate", str(path), "--ruleset", "wechat-2025", "--rules-as-of", "2017-6-1")
    assert bad.returncode == 2 and b"YYYY-MM-DD" in bad.stderr and b"Traceback" not in bad.stderr


def test_cli_ruleset_list_and_show():
    listed = wxtopo("ruleset", "list")
    assert listed.returncode == 0 and b"seed" in listed.stdout and b"wechat-2025" in listed.stdout
    text = wxtopo("ruleset", "show", "wechat-2025").stdout.decode()
    assert "max_officials_per_mini_program = 500  [official]" in text
    assert "history: 1 → 3 from 2017-04-20 → 50 from 2017-08-01 → 500 from 2018-01-01" in text
    assert "retrieved 2026-11-25" in text
    data = json.loads(wxtopo("ruleset", "show", "wechat-2025", "--format", "json", "--rules-as-of", "2017-06-01").stdout)
    p = data["parameters"]["max_officials_per_mini_program"]
    assert (p["value"], p["in_force"], p["confidence"]) == (500, 3, "official")
    assert [e.get("effective_from") for e in p["history"]] == [None, "2017-04-20", "2017-08-01", "2018-01-01"]
    md = wxtopo("ruleset", "show", "seed", "--format", "markdown").stdout.decode()
    assert "| `max_officials_per_mini_program` | 50 | unverified |" in md
    missing = wxtopo("ruleset", "show", "nope")
    assert missing.returncode == 2 and b"unknown ruleset" in missing.stderr


def test_cli_rules_with_a_ruleset_print_values_and_sources():
    table = wxtopo("rules", "--ruleset", "wechat-2025").stdout.decode()
    assert "max_officials_per_mini_program = 500  [official]" in table
    page = wxtopo("rules", "WX101", "--ruleset", "wechat-2025", "--rules-as-of", "2017-06-01").stdout.decode()
    assert "max_officials_per_mini_program = 3" in page and "Parameters (wechat-2025 ruleset)" in page
    data = json.loads(wxtopo("rules", "WX101", "--format", "json").stdout)
    assert data["ruleset"] == "seed" and data["parameters"]["max_officials_per_mini_program"] == 50
    assert data["provenance"]["max_officials_per_mini_program"]["confidence"] == "unverified"
