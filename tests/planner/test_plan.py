"""wxtopo plan: changes applied step by step, the first breaking step, and --reorder."""

from __future__ import annotations

import json

import jsonschema
import pytest

import topology
from tests.helpers import ROOT, SAMPLES, account, doc, link, subject, wxtopo
from topology.formats.plan import render as render_plan
from topology.planner.plan import ChangesError, load_changes, plan
from topology.planner.reorder import predecessors
from topology.planner.state import State

SAMPLE = SAMPLES / "mother-baby.json"
SAMPLE_CHANGES = SAMPLES / "plans" / "mother-baby.changes.json"


def caps_doc(same: int = 0, cross: int = 0, spare_same: int = 0, spare_cross: int = 0, **top) -> dict:
    """``news`` (subscription of acme) linked to ``same`` acme mini-programs ``s1..`` and ``cross``
    mini-programs ``x1..`` of another subject; ``spare_*`` more of each, not linked."""
    accounts = [account("news", "subscription", subject="acme"), account("boss", "personal")]
    links = []
    for prefix, owner, linked, spare in (("s", "acme", same, spare_same), ("x", "other", cross, spare_cross)):
        for i in range(1, linked + spare + 1):
            accounts.append(account(f"{prefix}{i}", "mini_program", subject=owner))
            if i <= linked:
                links.append(link("mini_program", "news", f"{prefix}{i}"))
    return doc(subjects=[subject("acme"), subject("other")], accounts=accounts, links=links, **top)


def mp(source: str, target: str, **kw) -> dict:
    return {"op": "link", "source": source, "target": target, **kw}


def unlink(source: str, target: str, **kw) -> dict:
    return {"op": "unlink", "source": source, "target": target, **kw}


def run_plan(document: dict, changes: list, **kw):
    return plan(topology.load(document), changes, **kw)


def write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(path)


# -- each change ------------------------------------------------------------------------------------
def test_link_keeps_every_field_given():
    fields = {"priority": 3, "pinned": True, "status": "pending", "linked_on": "2026-12-01",
              "quick_registered": True, "ignore": ["WX901"]}
    result = run_plan(caps_doc(spare_same=1), [mp("news", "s1", **fields),
                                               {"op": "link", "kind": "member", "source": "boss", "target": "news",
                                                "verified": True},
                                               {"op": "link", "kind": "admin", "source": "boss", "target": "s1"}])
    links = result.final["links"]
    assert links[0] == {"kind": "mini_program", "source": "news", "target": "s1", **fields}
    assert links[1] == {"kind": "member", "source": "boss", "target": "news", "verified": True}
    assert links[2] == {"kind": "admin", "source": "boss", "target": "s1"}
    assert [s.counts["links"] for s in result.steps] == [1, 2, 3]


def test_unlink_with_on_keeps_the_record_as_history_and_without_removes_it():
    document = caps_doc(same=2)
    document["links"][0]["linked_on"] = "2025-01-01"
    document["links"].insert(0, link("mini_program", "news", "s1", linked_on="2024-01-01", unlinked_on="2024-06-01"))
    result = run_plan(document, [unlink("news", "s1", on="2026-12-01"), unlink("news", "s2")])
    assert result.final["links"] == [
        {"kind": "mini_program", "source": "news", "target": "s1", "linked_on": "2024-01-01",
         "unlinked_on": "2024-06-01"},  # history stays as it was
        {"kind": "mini_program", "source": "news", "target": "s1", "linked_on": "2025-01-01",
         "unlinked_on": "2026-12-01"},
    ]
    assert [s.removed_links for s in result.steps] == [0, 1]


def test_add_account_adds_it_exactly_as_written():
    new = {"id": "care", "type": "service", "subject": "acme", "verified": True, "name": "Care 客服",
           "broadcasts": [{"date": "2026-11-20", "articles": 2}]}
    result = run_plan(caps_doc(), [{"op": "add_account", "account": new}])
    assert result.final["accounts"][-1] == new
    assert result.steps[0].counts["accounts"] == 3


def test_remove_account_removes_the_links_naming_it():
    document = caps_doc(same=2)
    document["links"] += [link("admin", "boss", "s1"), link("promotes", "s1", "news"), link("admin", "boss", "news")]
    result = run_plan(document, [{"op": "remove_account", "id": "s1"}])
    assert [a["id"] for a in result.final["accounts"]] == ["news", "boss", "s2"]
    assert result.final["links"] == [link("mini_program", "news", "s2"), link("admin", "boss", "news")]
    assert result.steps[0].removed_links == 3
    assert result.steps[0].to_dict()["removed_links"] == 3


def test_every_intermediate_state_is_the_document_its_mapping_loads_to():
    document = caps_doc(same=2, spare_cross=2)
    document["links"][1]["linked_on"] = "2025-01-01"
    changes = load_changes([
        {"op": "add_account", "account": {"id": "n2", "type": "service", "subject": "acme", "verified": True}},
        mp("n2", "x1", priority=2, linked_on="2026-12-01"), unlink("news", "s2", on="2026-12-01"),
        unlink("news", "s1"), {"op": "link", "kind": "admin", "source": "boss", "target": "n2"},
        {"op": "remove_account", "id": "x1"}])
    state = State.of(topology.load(document))
    for change in changes.changes:
        state, _ = state.apply(change)
        reloaded = topology.load(state.document())
        assert reloaded.model_dump() == state.eco.model_dump()


# -- the first breaking step --------------------------------------------------------------------------
def test_the_eleventh_same_subject_link_is_the_first_breaking_step():
    result = run_plan(caps_doc(spare_same=11), [mp("news", f"s{i}") for i in range(1, 12)])
    first = result.first_breaking
    assert first is not None and first.index == 10
    (finding, before), = first.introduced
    assert (finding.rule, finding.account, finding.observed, finding.limit, before) == ("WX102", "news", 11, 10, None)
    assert all(not s.introduced for s in result.steps[:10])
    out = result.to_dict()
    assert out["first_breaking"]["index"] == 10 and out["first_breaking"]["breaks"][0]["rule"] == "WX102"
    assert out["steps"][10]["errors_after"] == 1 and out["initial_errors"] == 0


def test_the_limit_follows_the_ruleset_options():
    result = run_plan(caps_doc(spare_same=11), [mp("news", f"s{i}") for i in range(1, 12)],
                      overrides=["max_same_subject_mini_programs=11"])
    assert result.first_breaking is None
    assert result.ruleset.parameters.max_same_subject_mini_programs == 11


def test_a_plan_whose_every_step_is_fine_exits_0(tmp_path):
    changes = write(tmp_path, "ok.changes.json", {"schema_version": 1, "changes": [mp("news", "s1"), mp("news", "x1")]})
    path = write(tmp_path, "eco.json", caps_doc(spare_same=1, spare_cross=1))
    result = wxtopo("plan", path, "--changes", changes, "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["first_breaking"] is None and [s["errors_after"] for s in out["steps"]] == [0, 0]
    assert out["ruleset"]["name"] == "seed" and "reorder" not in out


def test_initial_errors_are_not_blamed_on_steps():
    result = run_plan(caps_doc(cross=4, spare_same=1), [mp("news", "s1")])
    assert result.initial_errors == 1 and result.initial[0].rule == "WX103"
    assert result.first_breaking is None and result.exit_code() == 0
    assert result.steps[0].counts["error"] == 1


def test_a_cap_finding_that_grows_is_introduced_and_one_that_shrinks_is_eased():
    result = run_plan(caps_doc(cross=4, spare_cross=1), [mp("news", "x5"), unlink("news", "x1"), unlink("news", "x2")])
    grown, eased, fixed = result.steps
    (f, before), = grown.introduced
    assert (f.rule, f.observed, before.observed) == ("WX103", 5, 4)
    assert result.first_breaking.index == 0
    assert not eased.introduced and not eased.fixed and [(f.observed, b.observed) for f, b in eased.eased] == [(4, 5)]
    assert not fixed.introduced and [f.rule for f in fixed.fixed] == ["WX103"]
    assert result.to_dict()["steps"][0]["introduced"][0]["before"] == {"observed": 4, "related": ["x1", "x2", "x3", "x4"]}


# -- changes that cannot apply, files that cannot be read ----------------------------------------------
@pytest.mark.parametrize("changes, pointer, words", [
    ([mp("news", "s1"), mp("news", "nope")], "/changes/1/target", "unknown account 'nope'"),
    ([unlink("news", "s1")], "/changes/0", "no live mini_program link news → s1"),
    ([{"op": "add_account", "account": {"id": "news", "type": "personal"}}], "/changes/0/account/id", "already exists"),
    ([{"op": "remove_account", "id": "ghost"}], "/changes/0/id", "unknown account 'ghost'"),
    ([{"op": "remove_account", "id": "s1"}, mp("news", "s1")], "/changes/1/target", "unknown account 's1'"),
    ([mp("news", "s1", linked_on="2026-12-01"), unlink("news", "s1", on="2026-11-01")], "/changes/1/on",
     "is before linked_on"),
])
def test_a_change_that_cannot_apply_is_a_plan_error_at_its_pointer(changes, pointer, words):
    with pytest.raises(ChangesError) as caught:
        run_plan(caps_doc(spare_same=1), changes)
    (problem,) = caught.value.problems
    assert problem.pointer == pointer and words in problem.message
    assert caught.value.step == len(changes) - 1 and len(caught.value.steps) == len(changes) - 1


@pytest.mark.parametrize("change, pointer, words", [
    ({"op": "linkk", "source": "a", "target": "b"}, "/changes/0", "unknown op"),
    ({"source": "a", "target": "b"}, "/changes/0", "'op' is missing"),
    ({"op": "link", "kind": "friend", "source": "a", "target": "b"}, "/changes/0/kind", "unknown kind \"friend\""),
    ({"op": "link", "source": "a", "target": "b", "verified": True}, "/changes/0/verified", "unknown field"),
    ({"op": "link", "kind": "member", "source": "a", "target": "b", "priority": 2}, "/changes/0/priority",
     "unknown field"),
    ({"op": "link", "source": "a", "target": "b", "linked_on": "2026-02-30"}, "/changes/0/linked_on", "real date"),
    ({"op": "link", "source": "a", "target": "b", "unlinked_on": "2026-02-03"}, "/changes/0/unlinked_on",
     "unknown field"),
    ({"op": "unlink", "kind": "admin", "source": "a", "target": "b", "on": "2026-02-03"}, "/changes/0/on",
     "unknown field"),
    ({"op": "add_account", "account": {"id": "a", "type": "service", "subject": "s", "verified": "yes"}},
     "/changes/0/account/verified", "must be true or false"),
    ({"op": "remove_account", "id": ""}, "/changes/0/id", "must not be empty"),
])
def test_a_bad_changes_file_names_the_pointer(change, pointer, words):
    with pytest.raises(ChangesError) as caught:
        load_changes({"schema_version": 1, "changes": [change]})
    assert [p.pointer for p in caught.value.problems] == [pointer]
    assert words in caught.value.problems[0].message
    assert caught.value.step is None


@pytest.mark.parametrize("changes, pointer", [
    ([mp("news", "s1"), mp("news", "nope")], "/changes/1/target"),
    ([unlink("news", "s1")], "/changes/0"),
    ([{"op": "add_account", "account": {"id": "s1", "type": "personal"}}], "/changes/0/account/id"),
])
def test_plan_errors_exit_2_without_traceback_and_print_json(tmp_path, changes, pointer):
    path = write(tmp_path, "eco.json", caps_doc(spare_same=1))
    changes_path = write(tmp_path, "c.changes.json", {"schema_version": 1, "changes": changes})
    result = wxtopo("plan", path, "--changes", changes_path, "--format", "json")
    assert result.returncode == 2 and b"Traceback" not in result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["changes"] == changes_path and out["failed_step"] == len(changes) - 1
    (error,) = out["errors"]
    assert error["pointer"] == pointer and error["line"] >= 1 and error["column"] >= 1
    text = wxtopo("plan", path, "--changes", changes_path)
    assert text.returncode == 2 and not text.stdout and pointer.encode() in text.stderr
    assert b"Traceback" not in text.stderr


def test_an_unreadable_changes_file_and_a_bad_document_exit_2(tmp_path):
    path = write(tmp_path, "eco.json", caps_doc())
    malformed = tmp_path / "bad.changes.json"
    malformed.write_text('{"schema_version": 1, "changes": [\n  {"op": "link",]}', encoding="utf-8")
    result = wxtopo("plan", path, "--changes", str(malformed), "--format", "json")
    assert result.returncode == 2 and json.loads(result.stdout)["errors"][0]["message"].startswith("malformed JSON")
    result = wxtopo("plan", path, "--changes", str(tmp_path / "missing.json"))
    assert result.returncode == 2 and b"cannot read" in result.stderr and b"Traceback" not in result.stderr
    bad_doc = write(tmp_path, "bad.json", {"schema_version": 1, "accounts": [{"id": "a", "type": "robot"}]})
    result = wxtopo("plan", bad_doc, "--changes", str(malformed), "--format", "json")
    assert result.returncode == 2 and json.loads(result.stdout)["errors"][0]["pointer"] == "/accounts/0"
    result = wxtopo("plan", "-", "--changes", "-")
    assert result.returncode == 2 and b"only once" in result.stderr
    result = wxtopo("plan", path, "--changes", str(malformed), "--set", "no_such_parameter=1")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_output_is_written_atomically_and_never_onto_an_input(tmp_path):
    path = write(tmp_path, "eco.json", caps_doc(spare_same=1))
    changes = write(tmp_path, "c.changes.json", {"schema_version": 1, "changes": [mp("news", "s1")]})
    before = (tmp_path / "c.changes.json").read_bytes()
    result = wxtopo("plan", path, "--changes", changes, "-o", changes)
    assert result.returncode == 2 and b"would overwrite" in result.stderr
    assert (tmp_path / "c.changes.json").read_bytes() == before
    out = tmp_path / "plan.md"
    result = wxtopo("plan", path, "--changes", changes, "--format", "markdown", "-o", str(out))
    assert result.returncode == 0 and not result.stdout
    assert out.read_text(encoding="utf-8").startswith("## wxtopo plan")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- reorder -----------------------------------------------------------------------------------------------
def test_link_then_unlink_is_reordered_to_unlink_first():
    result = run_plan(caps_doc(cross=3, spare_cross=1), [mp("news", "x4"), unlink("news", "x1")], reorder=True)
    assert result.first_breaking.index == 0
    r = result.reorder
    assert r.found and r.order == [1, 0] and r.reason == "search"
    assert r.first_breaking is None and result.exit_code() == 0
    assert [s.index for s in r.steps] == [1, 0] and all(s.counts["error"] == 0 for s in r.steps)
    out = result.to_dict()["reorder"]
    assert out["order"] == [1, 0] and out["changes"][0]["summary"] == "unlink mini_program news → x1"


def test_a_given_order_that_keeps_the_caps_is_kept():
    result = run_plan(caps_doc(cross=3, spare_cross=1), [unlink("news", "x1"), mp("news", "x4")], reorder=True)
    assert result.reorder.found and result.reorder.order == [0, 1] and result.reorder.reason == "given"


def test_no_order_exists_when_the_final_state_exceeds_a_cap():
    result = run_plan(caps_doc(cross=3, spare_cross=2), [mp("news", "x4"), unlink("news", "x1"), mp("news", "x5")],
                      reorder=True)
    r = result.reorder
    assert not r.found and r.reason == "final-cap" and r.order == []
    assert [f.rule for f in r.final_caps] == ["WX103"]
    assert "WX103 news: 4 > 3" in r.why and result.exit_code() == 1
    assert result.to_dict()["reorder"]["final_caps"][0]["observed"] == 4


def test_no_order_exists_when_a_temporary_link_must_come_before_its_unlink():
    result = run_plan(caps_doc(cross=3, spare_cross=1), [mp("news", "x4"), unlink("news", "x4", on="2026-12-01")],
                      reorder=True)
    r = result.reorder
    assert not r.found and r.reason == "dead-end" and r.exhaustive
    assert r.prefix == [] and [(i, [f.rule for f in fs]) for i, fs in r.blocked] == [(0, ["WX103"])]
    assert "#0 link mini_program news → x4 (WX103 news: 4 > 3)" in r.why


def test_add_account_goes_before_the_links_naming_it():
    changes = [{"op": "add_account", "account": {"id": "x9", "type": "mini_program", "subject": "other"}},
               mp("news", "x9"), unlink("news", "x1")]
    result = run_plan(caps_doc(cross=3), changes, reorder=True)
    assert result.first_breaking.index == 1
    assert result.reorder.order == [2, 0, 1]


def test_dependencies_keep_pairs_and_account_changes_in_order():
    changes = load_changes([
        mp("a", "m"),                                    # 0
        unlink("a", "m"),                                # 1: after 0 (same pair)
        {"op": "remove_account", "id": "m"},             # 2: after 0 and 1 (they name m)
        {"op": "add_account", "account": {"id": "m", "type": "mini_program", "subject": "s"}},  # 3: after 2
        mp("b", "m"),                                    # 4: after 3
        mp("a", "m"),                                    # 5: after 1 (pair) and 3 (m)
        {"op": "link", "kind": "admin", "source": "a", "target": "m"},  # 6: after 3 (m)
    ]).changes
    assert predecessors(changes) == [set(), {0}, {0, 1}, {2}, {3}, {1, 3}, {3}]


def test_the_search_backtracks_when_the_first_link_it_tries_leads_nowhere():
    # cap 1: news -> x1 now; x3 is the link to keep; x2 only passes through
    document = caps_doc(cross=1, spare_cross=2)
    changes = [mp("news", "x3"), unlink("news", "x1"), mp("news", "x2"), unlink("news", "x2")]
    result = run_plan(document, changes, reorder=True, overrides={"max_cross_subject_mini_programs": 1})
    r = result.reorder
    assert r.found and r.order == [1, 2, 3, 0] and r.first_breaking is None
    assert r.states_checked > len(changes)  # it tried x3 second and had to take it back


def test_the_search_stops_at_its_budget():
    changes = [mp("news", "x3"), unlink("news", "x1"), mp("news", "x2"), unlink("news", "x2")]
    result = run_plan(caps_doc(cross=1, spare_cross=2), changes, reorder=True,
                      overrides={"max_cross_subject_mini_programs": 1}, budget=2)
    assert not result.reorder.found and result.reorder.reason == "budget" and not result.reorder.exhaustive


def test_with_initial_cap_errors_no_step_may_add_or_grow_one():
    # news is over the cross-subject cap (4 > 3) to begin with
    fixes = [mp("news", "x5"), unlink("news", "x1"), unlink("news", "x2")]
    result = run_plan(caps_doc(cross=4, spare_cross=1), fixes, reorder=True)
    assert result.initial_errors == 1 and result.first_breaking.index == 0  # 5 > 3 grows the finding
    assert result.reorder.found and result.reorder.order == [1, 2, 0]
    # a legacy cap finding the plan only eases (5 → 4 > 3) is not the plan's to fix
    result = run_plan(caps_doc(cross=5), [unlink("news", "x1")], reorder=True)
    assert result.reorder.found and result.reorder.order == [0]
    # ... but one the plan leaves bigger than it found it is: no order exists
    result = run_plan(caps_doc(cross=4, spare_cross=1), [mp("news", "x5")], reorder=True)
    assert not result.reorder.found and result.reorder.reason == "final-cap"


def test_reorder_is_deterministic(tmp_path):
    changes = [mp("news", "x4"), {"op": "add_account", "account": {"id": "x9", "type": "mini_program",
                                                                   "subject": "other"}},
               mp("news", "x9"), unlink("news", "x1"), unlink("news", "x2")]
    first = run_plan(caps_doc(cross=3, spare_cross=1), changes, reorder=True).to_json()
    assert first == run_plan(caps_doc(cross=3, spare_cross=1), changes, reorder=True).to_json()
    assert json.loads(first)["reorder"]["order"] == [3, 4, 1, 0, 2]
    path = write(tmp_path, "eco.json", caps_doc(cross=3, spare_cross=1))
    changes_path = write(tmp_path, "c.changes.json", {"schema_version": 1, "changes": changes})
    runs = [wxtopo("plan", path, "--changes", changes_path, "--reorder", "--format", fmt)
            for fmt in ("json", "json", "text", "text")]
    assert runs[0].stdout == runs[1].stdout and runs[2].stdout == runs[3].stdout
    assert {r.returncode for r in runs} == {0}


# -- the sample plan ------------------------------------------------------------------------------------------
def test_the_sample_plan_breaks_in_its_given_order():
    result = wxtopo("plan", "samples/mother-baby.json", "--changes", "samples/plans/mother-baby.changes.json",
                    "--format", "json")
    assert result.returncode == 1, result.stderr
    out = json.loads(result.stdout)
    assert out["initial_errors"] == 0 and out["final_errors"] == 0
    first = out["first_breaking"]
    assert first["index"] == 11 and [(f["rule"], f["account"]) for f in first["breaks"]] == [
        ("WX103", "nuanya-parenting")]
    assert out["steps"][12]["fixed"][0]["rule"] == "WX103"


def test_the_sample_plan_reorders_cleanly():
    result = wxtopo("plan", "samples/mother-baby.json", "--changes", "samples/plans/mother-baby.changes.json",
                    "--reorder", "--format", "json")
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)["reorder"]
    assert r["found"] and sorted(r["order"]) == list(range(14))
    assert r["order"].index(12) < r["order"].index(11)  # the old mini-program goes before the new one comes
    assert r["first_breaking"] is None and all(s["errors_after"] == 0 for s in r["steps"])
    text = wxtopo("plan", "samples/mother-baby.json", "--changes", "samples/plans/mother-baby.changes.json",
                  "--reorder", "--lang", "zh")
    assert text.returncode == 0 and "找到一个每一步都不超过关联上限" in text.stdout.decode("utf-8")


def test_the_changes_schema_validates_the_sample_and_rejects_bad_changes():
    schema = json.loads((ROOT / "schemas" / "changes.schema.json").read_text(encoding="utf-8"))
    sample = json.loads(SAMPLE_CHANGES.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(sample)
    assert (SAMPLE_CHANGES.parent / sample["$schema"]).resolve() == ROOT / "schemas" / "changes.schema.json"
    validator = jsonschema.Draft202012Validator(schema)
    for bad in ({"op": "link", "source": "a", "target": "b", "verified": True},
                {"op": "unlink", "kind": "admin", "source": "a", "target": "b", "on": "2026-01-01"},
                {"op": "relink", "source": "a", "target": "b"},
                {"op": "add_account", "account": {"id": "a", "type": "robot"}}):
        assert not validator.is_valid({"schema_version": 1, "changes": [bad]}), bad
        with pytest.raises(ChangesError):
            load_changes({"schema_version": 1, "changes": [bad]})
    good = [{"op": "link", "kind": "member", "source": "a", "target": "b", "verified": True, "note": "n"},
            {"op": "unlink", "source": "a", "target": "b"}, {"op": "remove_account", "id": "a"}]
    validator.validate({"schema_version": 1, "changes": good})
    load_changes({"schema_version": 1, "changes": good})
    result = wxtopo("schema", "changes")
    assert result.returncode == 0 and json.loads(result.stdout) == schema


# -- output --------------------------------------------------------------------------------------------
def test_text_and_markdown_escape_names_and_zh_labels():
    document = caps_doc(cross=3)
    changes = [{"op": "add_account", "note": "a|b *c*\x1b[31m",
                "account": {"id": "x|<b>", "type": "mini_program", "subject": "other"}},
               mp("news", "x|<b>")]
    result = run_plan(document, changes, reorder=True)
    text = render_plan(result, "text")
    assert "\x1b" not in text and "\\x1b[31m" in text and "BREAKS" in text
    md = render_plan(result, "markdown")
    assert "x\\|&lt;b&gt;" in md and "<b>" not in md and "\x1b" not in md and "a\\|b \\*c\\*" in md
    zh = render_plan(run_plan(document, changes, reorder=True, lang="zh"), "text", "zh")
    assert "第一个出错的步骤：#1" in zh and "不存在可行顺序" in zh and "关联了 4 个不同主体的小程序" in zh
    assert json.loads(render_plan(result, "json"))["steps"][1]["introduced"][0]["rule"] == "WX103"


def test_the_library_call_takes_paths_and_the_ruleset_options(tmp_path):
    path = write(tmp_path, "eco.json", caps_doc(spare_same=1, as_of="2026-11-25"))
    changes = write(tmp_path, "c.changes.json", {"schema_version": 1, "changes": [mp("news", "s1")]})
    result = topology.plan(path, changes, "wechat-2025", as_of="2026-12-01", lang="zh")
    assert result.document == path and result.changes_name == changes
    assert result.ruleset.name == "wechat-2025" and str(result.as_of) == "2026-12-01"
    assert "plan" in topology.__all__
    with pytest.raises(topology.UsageError):
        topology.plan(path, changes, as_of="tomorrow")
