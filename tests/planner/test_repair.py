"""``topology.repair`` / ``wxtopo repair``: the mini_program links to drop so WX101-WX103 pass.

Boundaries of the model (at a cap, one over, ties, pinned, pending, rejected, duplicates,
switched-off caps, tiers interacting with the mini-program cap) and the command's contract
(exit codes, JSON shape, ``-o`` round trip). Optimality on random instances is checked
against an independent MILP solver in test_repair_milp.py.
"""

from __future__ import annotations

import json
import os

import pytest

import topology
from tests.helpers import ROOT, SAMPLES, account, doc, ecosystem_files, link, subject, wxtopo
from topology.planner.repair import RepairResult

CAPS = ("WX101", "WX102", "WX103")


def minis(n: int, owner: str = "acme") -> list[dict]:
    return [account(f"m{i}", "mini_program", subject=owner) for i in range(1, n + 1)]


def fan(priorities: list[int], *, owner: str = "acme", **extra) -> dict:
    """Official ``oa`` (of acme) linking m1..mN of ``owner`` with these priorities."""
    return doc(subjects=[subject("acme"), subject("other")],
               accounts=[account("oa", "subscription", subject="acme"), *minis(len(priorities), owner)],
               links=[link("mini_program", "oa", f"m{i}", priority=p, **extra) for i, p in enumerate(priorities, 1)])


def fix(document: dict, **overrides) -> RepairResult:
    return topology.repair(topology.load(document), overrides=overrides or None)


def dropped(result) -> list[tuple[str, str]]:
    return [(d.unit.source, d.unit.target) for d in result.dropped]


def cap_findings(document: dict, **overrides) -> list:
    return topology.validate(topology.load(document), overrides=overrides or None, select=list(CAPS)).findings


SAME2 = {"max_same_subject_mini_programs": 2}


# -- the model -----------------------------------------------------------------------------
def test_exactly_at_the_cap_nothing_is_dropped():
    result = fix(fan([1, 1]), **SAME2)
    assert result.feasible and result.dropped == [] and result.components == 0
    assert (result.kept, result.kept_priority, result.dropped_priority) == (2, 2, 0)


def test_one_over_drops_the_lowest_priority_link():
    result = fix(fan([3, 1, 2]), **SAME2)
    assert dropped(result) == [("oa", "m2")]
    assert (result.kept_priority, result.dropped_priority) == (5, 1)
    d = result.dropped[0]
    assert d.unit.pointers == ("/links/1",)
    assert d.why == "WX102: Official account oa links 3 mini-programs of its own subject; the limit is 2"


def test_equal_priorities_keep_the_earlier_ids():
    assert dropped(fix(fan([2, 2, 2, 2]), **SAME2)) == [("oa", "m3"), ("oa", "m4")]


def test_equal_priority_keeps_more_links():
    """Dropping x = (oa, m1), priority 2, keeps y and z (1 + 1): the same priority, one more link."""
    d = doc(subjects=[subject("acme")],
            accounts=[account("oa", "subscription", subject="acme"), account("ob", "service", subject="acme"),
                      *minis(2)],
            links=[link("mini_program", "oa", "m1", priority=2), link("mini_program", "oa", "m2", priority=1),
                   link("mini_program", "ob", "m1", priority=1)])
    result = fix(d, max_same_subject_mini_programs=1, max_officials_per_mini_program=1)
    assert dropped(result) == [("oa", "m1")]
    assert (result.kept, result.kept_priority) == (2, 2)
    assert [c.rule for c in result.dropped[0].relieves] == ["WX102", "WX101"]


def gadget(tag: str = "") -> dict:
    """Greedy keeps the heaviest link (oa→x, 3) and loses both others (3 in all); the optimum drops
    it and keeps oa→y and ob→x (2 + 2 = 4): oa's cross-subject cap and x's official cap share it.
    oa→z is of oa's own subject: another cap."""
    def i(name: str) -> str:
        return name + tag

    return doc(subjects=[subject(i("acme")), subject(i("other")), subject(i("third"))],
               accounts=[account(i("oa"), "subscription", subject=i("acme")),
                         account(i("ob"), "service", subject=i("third")),
                         account(i("x"), "mini_program", subject=i("other")),
                         account(i("y"), "mini_program", subject=i("third")),
                         account(i("z"), "mini_program", subject=i("acme"))],
               links=[link("mini_program", i("oa"), i("x"), priority=3), link("mini_program", i("oa"), i("y"), priority=2),
                      link("mini_program", i("ob"), i("x"), priority=2), link("mini_program", i("oa"), i("z"), priority=1)])


TIGHT = {"max_cross_subject_mini_programs": 1, "max_officials_per_mini_program": 1}


def test_the_tiers_and_the_mini_program_cap_interact_beyond_greedy():
    d = gadget()
    result = fix(d, **TIGHT)
    assert dropped(result) == [("oa", "x")]
    assert result.kept_priority == 5
    assert (result.components, result.largest_component, result.pruned) == (1, 3, 0)
    assert [u.tier for u in result.units if u.source == "oa"] == ["cross_subject", "cross_subject", "same_subject"]
    assert cap_findings(result.repaired_document(d), **TIGHT) == []


def test_independent_violations_are_separate_components():
    one, two = gadget("1"), gadget("2")
    d = doc(subjects=one["subjects"] + two["subjects"], accounts=one["accounts"] + two["accounts"],
            links=one["links"] + two["links"])
    result = fix(d, **TIGHT)
    assert result.components == 2 and dropped(result) == [("oa1", "x1"), ("oa2", "x2")]


def test_stars_are_settled_without_a_flow():
    """An official over its cap whose mini-programs are under theirs: keep its best, no network."""
    result = fix(fan([1, 4, 2, 3, 2]), **SAME2)
    assert (result.components, result.pruned) == (0, 3)
    assert dropped(result) == [("oa", "m1"), ("oa", "m3"), ("oa", "m5")]


def test_same_and_cross_subject_caps_are_separate():
    d = fan([1, 1, 1])
    d["accounts"] += [account("c1", "mini_program", subject="other"), account("c2", "mini_program", subject="other")]
    d["links"] += [link("mini_program", "oa", "c1"), link("mini_program", "oa", "c2")]
    result = fix(d, max_same_subject_mini_programs=3, max_cross_subject_mini_programs=1)
    assert dropped(result) == [("oa", "c2")]


def test_pinned_links_within_the_cap_are_kept_over_higher_priorities():
    d = fan([1, 5, 4])
    d["links"][0]["pinned"] = True
    result = fix(d, **SAME2)
    assert dropped(result) == [("oa", "m3")]


def test_pinned_links_over_a_cap_are_infeasible_and_named():
    d = fan([1, 1, 1, 9])
    for rec in d["links"][:3]:
        rec["pinned"] = True
    result = fix(d, **SAME2)
    assert not result.feasible and result.dropped == []
    [x] = result.infeasible
    assert (x.cap.account, x.cap.cap, x.cap.rule, x.cap.limit) == ("oa", "same_subject", "WX102", 2)
    assert [(u.source, u.target, u.pointers) for u in x.links] == [
        ("oa", "m1", ("/links/0",)), ("oa", "m2", ("/links/1",)), ("oa", "m3", ("/links/2",))]
    out = result.to_dict()
    assert out["feasible"] is False and "optimal" not in out and out["dropped"] == []
    assert out["infeasible"][0]["why"] == "WX102: counting pinned links only: Official account oa " \
                                          "links 3 mini-programs of its own subject; the limit is 2"


def test_every_cap_pinned_links_exceed_is_reported():
    d = doc(subjects=[subject("acme")],
            accounts=[account("oa", "subscription", subject="acme"), account("ob", "service", subject="acme"),
                      *minis(3)],
            links=[link("mini_program", o, m, pinned=True) for o in ("oa", "ob") for m in ("m1", "m2", "m3")])
    result = fix(d, max_same_subject_mini_programs=2, max_officials_per_mini_program=1)
    assert [(x.cap.account, x.cap.cap) for x in result.infeasible] == [
        ("m1", "officials"), ("m2", "officials"), ("m3", "officials"), ("oa", "same_subject"), ("ob", "same_subject")]


@pytest.mark.parametrize("counts, drops", [(True, 1), (False, 0)])
def test_pending_links_count_as_the_ruleset_says(counts, drops):
    d = fan([1, 1, 1])
    d["links"][2]["status"] = "pending"
    result = fix(d, **SAME2, pending_counts_toward_caps=counts)
    assert len(result.dropped) == drops
    assert len(result.units) == (3 if counts else 2)


def test_rejected_and_unlinked_records_are_ignored_and_kept():
    d = fan([1, 1, 1, 1])
    d["links"][2]["status"] = "rejected"
    d["links"][3].update(linked_on="2025-01-01", unlinked_on="2025-02-01")
    result = fix(d, **SAME2)
    assert result.dropped == [] and len(result.units) == 2
    assert result.repaired_document(d) == d


def test_duplicate_records_are_one_unit_with_the_highest_priority():
    d = fan([1, 3])
    d["links"].append(link("mini_program", "oa", "m1", priority=4))
    result = fix(d, max_same_subject_mini_programs=1)
    assert dropped(result) == [("oa", "m2")]
    assert [u.priority for u in result.units] == [4, 3]


def test_dropping_a_duplicated_pair_drops_every_counting_record_and_no_other():
    d = fan([1, 3])
    d["links"] += [link("mini_program", "oa", "m1", priority=2),
                   link("mini_program", "oa", "m1", status="rejected")]
    result = fix(d, max_same_subject_mini_programs=1)
    assert dropped(result) == [("oa", "m1")]
    assert result.dropped[0].unit.pointers == ("/links/0", "/links/2")
    assert result.dropped[0].unit.priority == 2
    assert result.repaired_document(d)["links"] == [d["links"][1], d["links"][3]]


def test_a_pinned_duplicate_pins_the_pair():
    d = fan([1, 3])
    d["links"].append(link("mini_program", "oa", "m1", pinned=True))
    assert dropped(fix(d, max_same_subject_mini_programs=1)) == [("oa", "m2")]


def test_a_null_cap_is_unlimited():
    result = fix(fan([1] * 20), max_same_subject_mini_programs=None)
    assert result.dropped == [] and result.feasible
    d = fan([1] * 20)
    for rec in d["links"]:
        rec["pinned"] = True
    assert fix(d, max_same_subject_mini_programs=None).feasible


def test_only_linkable_official_types_count():
    d = fan([1, 1, 1])
    d["accounts"][0]["type"] = "enterprise"
    assert fix(d, **SAME2, linkable_official_types=["service", "subscription"]).units == []
    assert len(fix(d, **SAME2).dropped) == 1


def test_links_to_undefined_or_wrong_accounts_are_left_alone():
    d = fan([1, 1])
    d["accounts"].append(account("p", "personal"))
    d["links"] += [link("mini_program", "oa", "ghost"), link("mini_program", "oa", "p"),
                   link("admin", "p", "oa")]
    result = fix(d, max_same_subject_mini_programs=1)
    assert dropped(result) == [("oa", "m2")] and len(result.units) == 2


def test_an_official_without_a_subject_has_only_cross_subject_mini_programs():
    d = fan([1, 1])
    del d["accounts"][0]["subject"]
    d["accounts"][0]["type"] = "enterprise"
    result = fix(d, max_cross_subject_mini_programs=1)
    assert {u.tier for u in result.units} == {"cross_subject"} and dropped(result) == [("oa", "m2")]


def test_the_ruleset_is_resolved_as_validate_does():
    """wechat-2025 allowed 3 officials per mini-program in 2017, 500 now; --rules-as-of picks the day."""
    d = doc(as_of="2017-06-01", subjects=[subject("acme")],
            accounts=[account("m1", "mini_program", subject="acme")]
            + [account(f"o{i}", "subscription", subject="acme") for i in range(5)],
            links=[link("mini_program", f"o{i}", "m1") for i in range(5)])
    eco = topology.load(d)
    assert len(topology.repair(eco, "wechat-2025").dropped) == 2
    assert topology.repair(eco, "wechat-2025", as_of="2026-11-25").dropped == []
    assert len(topology.repair(eco, "wechat-2025", as_of="2026-11-25", rules_as_of="2017-06-01").dropped) == 2
    assert topology.repair(eco, "wechat-2025").to_dict()["ruleset"]["rules_as_of"] == "2017-06-01"


@pytest.mark.parametrize("path", ecosystem_files(), ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_every_sample_repairs_to_no_cap_finding(path):
    for overrides in (None, {"max_same_subject_mini_programs": 1, "max_cross_subject_mini_programs": 0,
                             "max_officials_per_mini_program": 1}):
        result = topology.repair(path, overrides=overrides)
        if not result.feasible:
            continue
        repaired = result.repaired_document()
        assert topology.validate(topology.load(repaired), overrides=overrides, select=list(CAPS)).findings == []


def test_dropped_units_are_exactly_what_the_findings_name():
    """On samples/broken/caps.json each cap finding is relieved by a drop, and only those caps."""
    path = SAMPLES / "broken" / "caps.json"
    result = topology.repair(path)
    relieved = {(c.rule, c.account) for d in result.dropped for c in d.relieves}
    assert relieved == {(f.rule, f.account) for f in topology.validate(path, select=list(CAPS)).findings}


def test_to_dict_shape():
    out = fix(fan([3, 1, 2]), **SAME2).to_dict()
    assert list(out) == ["tool", "document", "ruleset", "as_of", "feasible", "optimal", "units", "kept",
                         "dropped_count", "kept_priority", "dropped_priority", "solver", "dropped"]
    assert out["solver"] == {"pruned": 1, "components": 0, "largest_component": 0}
    assert out["optimal"] is True and out["ruleset"]["parameters"]["max_same_subject_mini_programs"] == 2
    assert out["dropped"] == [{"source": "oa", "target": "m2", "priority": 1,
                               "why": "WX102: Official account oa links 3 mini-programs of its own subject; the limit is 2",
                               "relieves": [{"account": "oa", "cap": "same_subject", "rule": "WX102", "limit": 2,
                                             "observed": 3}],
                               "pointers": ["/links/1"]}]


def test_the_result_is_deterministic():
    d = fan([2] * 8)
    assert fix(d, **SAME2).to_json() == fix(d, **SAME2).to_json()


def test_repaired_document_keeps_every_other_key_in_order():
    d = {"$schema": "x.json", **fan([1, 1, 1], owner="acme"), "name": "last"}
    repaired = fix(d, **SAME2).repaired_document(d)
    assert list(repaired) == list(d) and repaired["name"] == "last" and len(repaired["links"]) == 2
    with pytest.raises(ValueError, match="not its source"):
        fix(d, **SAME2).repaired_document({**d, "links": []})


# -- the command ---------------------------------------------------------------------------
def write(tmp_path, document: dict, name: str = "eco.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_cli_round_trip(tmp_path):
    d = fan([3, 1, 2, 5])
    src = write(tmp_path, d)
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    out = tmp_path / "repaired.json"
    r = wxtopo("repair", str(src), "--set", "max_same_subject_mini_programs=2", "-f", "json", "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    report = json.loads(r.stdout)
    assert report["feasible"] is True and report["optimal"] is True
    assert [(x["source"], x["target"]) for x in report["dropped"]] == [("oa", "m2"), ("oa", "m3")]
    assert (report["kept_priority"], report["dropped_priority"], report["dropped_count"]) == (8, 3, 2)
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before
    repaired = json.loads(out.read_text(encoding="utf-8"))
    gone = {int(p.rsplit("/", 1)[1]) for x in report["dropped"] for p in x["pointers"]}
    assert repaired == {**d, "links": [x for i, x in enumerate(d["links"]) if i not in gone]}
    assert sorted(os.listdir(tmp_path)) == ["eco.json", "repaired.json"]  # no temp file left behind
    v = wxtopo("validate", str(out), "--set", "max_same_subject_mini_programs=2", "-f", "json")
    assert not [f for f in json.loads(v.stdout)["findings"] if f["rule"].startswith("WX1")]


def test_cli_yaml_in_yaml_out(tmp_path):
    import yaml

    d = fan([1, 2, 3])
    src = tmp_path / "eco.yaml"
    src.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "fixed.yml"
    r = wxtopo("repair", str(src), "--set", "max_same_subject_mini_programs=2", "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == {**d, "links": d["links"][1:]}


def test_cli_nothing_to_drop_exits_0_and_writes_a_copy(tmp_path):
    d = fan([1, 1])
    src = write(tmp_path, d)
    out = tmp_path / "same.json"
    r = wxtopo("repair", str(src), "-o", str(out))
    assert r.returncode == 0 and b"nothing to drop" in r.stdout
    assert json.loads(out.read_text(encoding="utf-8")) == d


def test_cli_infeasible_exits_1_and_writes_nothing(tmp_path):
    d = fan([1, 1, 1])
    for rec in d["links"]:
        rec["pinned"] = True
    src = write(tmp_path, d)
    out = tmp_path / "repaired.json"
    r = wxtopo("repair", str(src), "--set", "max_same_subject_mini_programs=2", "-o", str(out))
    assert r.returncode == 1
    assert not out.exists()
    text = r.stdout.decode()
    assert "cannot repair" in text and "WX102: counting pinned links only: Official account oa" in text and "oa → m3" in text
    j = wxtopo("repair", str(src), "--set", "max_same_subject_mini_programs=2", "-f", "json")
    assert j.returncode == 1 and json.loads(j.stdout)["infeasible"][0]["account"] == "oa"


def test_cli_refuses_to_overwrite_the_input(tmp_path):
    src = write(tmp_path, fan([1, 1, 1]))
    before = src.read_bytes()
    r = wxtopo("repair", str(src), "--set", "max_same_subject_mini_programs=2", "-o", str(src))
    assert r.returncode == 2 and b"would overwrite the input" in r.stderr
    assert src.read_bytes() == before


def test_cli_document_error_is_json_with_exit_2(tmp_path):
    src = tmp_path / "bad.json"
    src.write_text('{"schema_version": 1, "accounts": [{"id": "a"}]}', encoding="utf-8")
    r = wxtopo("repair", str(src), "-f", "json")
    assert r.returncode == 2
    assert json.loads(r.stdout)["valid"] is False
    t = wxtopo("repair", str(src))
    assert t.returncode == 2 and b"document error" in t.stderr and b"Traceback" not in t.stderr


def test_cli_usage_errors_exit_2(tmp_path):
    src = write(tmp_path, fan([1]))
    assert wxtopo("repair", str(src), "--set", "nope=1").returncode == 2
    assert wxtopo("repair", str(src), "--as-of", "2026-13-01").returncode == 2


def test_cli_json_equals_the_library(tmp_path):
    src = ROOT / "samples" / "broken" / "caps.json"
    r = wxtopo("repair", "samples/broken/caps.json", "-f", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout) == json.loads(topology.repair(src).to_json()) | {"document": "samples/broken/caps.json"}


def test_cli_text_in_chinese():
    r = wxtopo("repair", "samples/broken/caps.json", "--lang", "zh")
    assert r.returncode == 0 and "解除 2 对" in r.stdout.decode()
