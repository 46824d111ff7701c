"""``topology.headroom`` / ``wxtopo headroom``: used / limit / free of every WX101-WX103 cap.

The counting must be the rules' own: every row over its cap is a cap finding with the same
account, counterparts and numbers, and every cap finding is such a row.
"""

from __future__ import annotations

import json

import pytest

import topology
from tests.helpers import SAMPLES, account, doc, ecosystem_files, link, subject, wxtopo
from tests.planner.instances import random_instance
from topology.formats.headroom import render as render_headroom
from topology.planner.repair import node_caps

CAPS = ("WX101", "WX102", "WX103")
CAPS_SAMPLE = SAMPLES / "broken" / "caps.json"


def over_rows(report) -> set[tuple]:
    return {(r.rule, r.account, r.linked, r.used, r.limit) for r in report.over}


def cap_findings(*args, **kwargs) -> set[tuple]:
    return {(f.rule, f.account, f.related, f.observed, f.limit)
            for f in topology.validate(*args, select=list(CAPS), **kwargs).findings}


def small() -> dict:
    return doc(as_of="2026-11-25", subjects=[subject("acme"), subject("other")],
               accounts=[account("oa", "subscription", subject="acme", name="Acme | news"),
                         account("ob", "service", subject="acme"),
                         account("m1", "mini_program", subject="acme"), account("m2", "mini_program", subject="acme"),
                         account("x1", "mini_program", subject="other"), account("p", "personal")],
               links=[link("mini_program", "oa", "m1"), link("mini_program", "oa", "m2"),
                      link("mini_program", "oa", "m2"), link("mini_program", "oa", "x1", status="pending"),
                      link("mini_program", "ob", "m1", status="rejected"),
                      link("mini_program", "ob", "m2", linked_on="2025-01-01", unlinked_on="2025-02-01"),
                      link("admin", "p", "oa")])


def rows(report) -> list[tuple]:
    return [(r.account, r.cap, r.used, r.limit, r.free) for r in report.rows]


# -- agreement with the rules --------------------------------------------------------------
def test_rows_over_their_cap_are_exactly_the_cap_findings_of_the_caps_sample():
    report = topology.headroom(CAPS_SAMPLE)
    assert over_rows(report) == cap_findings(CAPS_SAMPLE)
    assert {r.rule for r in report.over} == set(CAPS)


@pytest.mark.parametrize("path", ecosystem_files(), ids=lambda p: p.relative_to(SAMPLES).as_posix())
@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
def test_rows_over_their_cap_are_the_cap_findings_of_every_sample(path, ruleset):
    tight = {"max_same_subject_mini_programs": 1, "max_cross_subject_mini_programs": 0,
             "max_officials_per_mini_program": 1}
    for overrides in (None, tight):
        assert over_rows(topology.headroom(path, ruleset, overrides=overrides)) == cap_findings(
            path, ruleset, overrides=overrides)


def test_rows_over_their_cap_are_the_cap_findings_of_random_instances():
    for seed in range(60):
        inst = random_instance(seed)
        eco = topology.load(inst.document)
        assert over_rows(topology.headroom(eco, overrides=inst.overrides)) == cap_findings(
            eco, overrides=inst.overrides), f"seed {seed}"


def test_used_counts_the_units_the_repair_planner_decides_on():
    """Headroom (the rules' Context) and repair (its own pass over the links) count alike."""
    for seed in range(60):
        inst = random_instance(seed)
        eco = topology.load(inst.document)
        caps = node_caps(topology.repair(eco, overrides=inst.overrides).units,
                                                 topology.load_ruleset(None, inst.overrides).parameters)
        used = {(r.account, r.cap): r.used for r in topology.headroom(eco, overrides=inst.overrides).rows if r.used}
        assert used == {node: cap.units for node, cap in caps.items()}, f"seed {seed}"


# -- counting ---------------------------------------------------------------------------------
def test_every_official_gets_two_rows_and_every_mini_program_one():
    report = topology.headroom(topology.load(small()))
    assert rows(report) == [
        ("oa", "cross_subject", 1, 3, 2),  # x1: pending counts by default
        ("ob", "cross_subject", 0, 3, 3),
        ("oa", "same_subject", 2, 10, 8),  # m2 twice: once
        ("ob", "same_subject", 0, 10, 10),  # rejected and unlinked records hold no slot
        ("m1", "officials", 1, 50, 49),
        ("m2", "officials", 1, 50, 49),
        ("x1", "officials", 1, 50, 49),
    ]
    assert report.rows[0].linked == ("x1",) and report.rows[4].linked == ("oa",)


def test_pending_links_follow_the_ruleset():
    report = topology.headroom(topology.load(small()), overrides={"pending_counts_toward_caps": False})
    assert [(r.account, r.cap, r.used) for r in report.rows if r.account in ("oa", "x1")] == [
        ("oa", "cross_subject", 0), ("oa", "same_subject", 2), ("x1", "officials", 0)]


def test_sorted_tightest_first_with_unlimited_caps_last():
    report = topology.headroom(topology.load(small()), overrides={"max_same_subject_mini_programs": 2,
                                                                  "max_cross_subject_mini_programs": None})
    assert rows(report) == [
        ("oa", "same_subject", 2, 2, 0),
        ("ob", "same_subject", 0, 2, 2),
        ("m1", "officials", 1, 50, 49),
        ("m2", "officials", 1, 50, 49),
        ("x1", "officials", 1, 50, 49),
        ("oa", "cross_subject", 1, None, None),
        ("ob", "cross_subject", 0, None, None),
    ]
    assert report.summary() == {"rows": 7, "over": 0, "full": 1, "unlimited": 2}


def test_only_linkable_official_types_have_rows():
    report = topology.headroom(topology.load(small()), overrides={"linkable_official_types": ["subscription"]})
    assert {r.account for r in report.rows} == {"oa", "m1", "m2", "x1"}
    assert [r.used for r in report.rows if r.account == "m1"] == [1]


def test_the_ruleset_is_resolved_as_validate_does():
    d = small()
    d["as_of"] = "2017-06-01"
    eco = topology.load(d)
    limit = {r.account: r.limit for r in topology.headroom(eco, "wechat-2025").rows if r.cap == "officials"}
    assert limit["m1"] == 3
    assert topology.headroom(eco, "wechat-2025", as_of="2026-11-25").rows[-1].limit == 500
    report = topology.headroom(eco, "wechat-2025", as_of="2026-11-25", rules_as_of="2017-06-01")
    assert report.to_dict()["ruleset"]["rules_as_of"] == "2017-06-01" and report.as_of.isoformat() == "2026-11-25"


def test_one_account():
    eco = topology.load(small())
    assert rows(topology.headroom(eco, account="oa")) == [("oa", "cross_subject", 1, 3, 2),
                                                          ("oa", "same_subject", 2, 10, 8)]
    assert rows(topology.headroom(eco, account="x1")) == [("x1", "officials", 1, 50, 49)]
    with pytest.raises(topology.UsageError, match="'ghost'"):
        topology.headroom(eco, account="ghost")
    with pytest.raises(topology.UsageError, match=r"'p' \(personal\) has no cap"):
        topology.headroom(eco, account="p")


# -- output -----------------------------------------------------------------------------------
def test_to_dict_shape_and_determinism():
    eco = topology.load(small())
    out = topology.headroom(eco).to_dict()
    assert list(out) == ["schema_version", "tool", "document", "ruleset", "as_of", "account", "summary", "rows"]
    assert out["ruleset"]["name"] == "seed" and out["as_of"] == "2026-11-25" and out["account"] is None
    assert out["summary"] == {"rows": 7, "over": 0, "full": 0, "unlimited": 0}
    assert out["rows"][0] == {"account": "oa", "name": "Acme | news", "type": "subscription", "cap": "cross_subject",
                              "rule": "WX103", "used": 1, "limit": 3, "free": 2, "linked": ["x1"]}
    assert topology.headroom(eco).to_json() == topology.headroom(eco).to_json()


def test_text_columns_are_aligned_in_both_languages():
    from topology.formats.headroom import width as _width

    for lang in ("en", "zh"):
        lines = render_headroom(topology.headroom(CAPS_SAMPLE), "text", lang).splitlines()
        table = lines[1:-1]
        # the 'rule' column starts at the same display column on every line
        starts = {_width(line[:line.index("WX1") if "WX1" in line else line.index("规则" if lang == "zh" else "rule")])
                  for line in table}
        assert len(starts) == 1, lang
    zh = render_headroom(topology.headroom(CAPS_SAMPLE), "text", "zh")
    assert "已用" in zh and "同主体小程序" in zh and "订阅号" in zh


def test_text_lists_a_few_counterparts_unless_one_account_was_asked_for():
    text = render_headroom(topology.headroom(CAPS_SAMPLE), "text")
    assert "… (+48)" in text
    one = render_headroom(topology.headroom(CAPS_SAMPLE, account="xianguo-daojia"), "text")
    assert "xianguo-city-50" in one and "…" not in one


def test_markdown_escapes_names():
    md = render_headroom(topology.headroom(topology.load(small())), "markdown")
    assert "Acme \\| news" in md
    assert all(line.count(" | ") == 8 for line in md.splitlines() if line.startswith("| "))


# -- the command ---------------------------------------------------------------------------
def test_cli_json_account_and_exit_code():
    r = wxtopo("headroom", "samples/broken/caps.json", "-f", "json", "--account", "xianguo-news")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert out["account"] == "xianguo-news" and out["document"] == "samples/broken/caps.json"
    assert [(x["cap"], x["free"]) for x in out["rows"]] == [("cross_subject", -1), ("same_subject", 10)]


def test_cli_options_shared_with_validate():
    r = wxtopo("headroom", "samples/broken/caps.json", "-f", "json", "--ruleset", "wechat-2025",
               "--set", "max_cross_subject_mini_programs=5", "--as-of", "2026-01-01")
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out["as_of"] == "2026-01-01" and out["ruleset"]["name"] == "wechat-2025"
    assert {x["limit"] for x in out["rows"] if x["cap"] == "cross_subject"} == {5}


def test_cli_markdown_and_output_file(tmp_path):
    out = tmp_path / "headroom.md"
    r = wxtopo("headroom", "samples/broken/caps.json", "-f", "markdown", "--lang", "zh", "-o", str(out))
    assert r.returncode == 0 and r.stdout == b""
    assert out.read_text(encoding="utf-8").startswith("### samples/broken/caps.json：")


def test_cli_errors(tmp_path):
    assert wxtopo("headroom", "samples/broken/caps.json", "--account", "ghost").returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    r = wxtopo("headroom", str(bad), "-f", "json")
    assert r.returncode == 2 and json.loads(r.stdout)["valid"] is False
    src = tmp_path / "eco.json"
    src.write_text(json.dumps(small()), encoding="utf-8")
    assert wxtopo("headroom", str(src), "-o", str(src)).returncode == 2
    assert json.loads(src.read_text(encoding="utf-8")) == small()
