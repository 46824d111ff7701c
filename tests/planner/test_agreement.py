"""diff and plan agree (issue 11): one comparison of findings, one identity, the same exit codes.

The issue's example: an official account already linking 11 same-subject mini-programs (cap 10)
gets a 12th. Both ``wxtopo diff OLD NEW`` and ``wxtopo plan OLD --changes C`` must call it a
worsened error and exit 1. Findings of a removed account are "gone with the account" in both.
"""

from __future__ import annotations

import json

import topology
from tests.formats import run_cli
from tests.helpers import account, doc, link, subject
from topology.findings import Finding
from topology.planner.compare import compare


def official(linked: int, spare: int = 0, **top) -> dict:
    """``news`` (subscription of acme) linking ``linked`` acme mini-programs m1.., ``spare`` more unlinked."""
    accounts = [account("news", "subscription", subject="acme")]
    accounts += [account(f"m{i}", "mini_program", subject="acme") for i in range(1, linked + spare + 1)]
    links = [link("mini_program", "news", f"m{i}") for i in range(1, linked + 1)]
    return doc(subjects=[subject("acme")], accounts=accounts, links=links, **top)


def write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_twelfth_link_worsens_the_cap_error_in_diff_and_plan(tmp_path):
    old, new = official(11, spare=1), official(12)
    d = topology.diff(old, new)
    assert [(a.observed, b.observed) for a, b in d.worsened] == [(12, 11)]
    assert d.introduced == [] and [f.rule for f in d.fixed] == ["WX901"] and d.exit_code() == 1  # m12 now has an entry

    old_path, new_path = write(tmp_path, "old.json", old), write(tmp_path, "new.json", new)
    code, out, err = run_cli(["diff", old_path, new_path, "--format", "json"])
    assert (code, err) == (1, b"")
    data = json.loads(out)
    assert [f["rule"] for f in data["findings"]["worsened"]] == ["WX102"]
    assert data["findings"]["worsened"][0]["before"]["observed"] == 11
    code, out, _ = run_cli(["diff", old_path, new_path])
    assert code == 1 and b"worsened" in out and b"(was 11)" in out

    changes = write(tmp_path, "changes.json", {"schema_version": 1, "changes": [
        {"op": "link", "source": "news", "target": "m12"}]})
    code, out, err = run_cli(["plan", old_path, "--changes", changes])
    assert (code, err) == (1, b"")
    assert "BREAKS" in out.decode() and "(was 11)" in out.decode()
    result = topology.plan(topology.load(old), [{"op": "link", "source": "news", "target": "m12"}])
    (step,) = result.steps
    assert step.breaks and [(f.observed, b.observed) for f, b in step.introduced] == [(12, 11)]
    assert step.comparison.worsened and not step.comparison.introduced


def test_a_link_that_eases_the_cap_passes_both(tmp_path):
    old, new = official(12), official(11, spare=1)
    assert topology.diff(old, new).exit_code() == 0
    assert [(a.observed, b.observed) for a, b in topology.diff(old, new).eased] == [(11, 12)]
    result = topology.plan(topology.load(old), [{"op": "unlink", "source": "news", "target": "m12"}])
    assert not result.steps[0].breaks and result.exit_code() == 0
    assert [(f.observed, b.observed) for f, b in result.steps[0].eased] == [(11, 12)]


def test_findings_of_a_removed_account_are_gone_not_fixed_in_diff_and_plan(tmp_path):
    old = official(11)
    new = doc(subjects=[subject("acme")], accounts=[a for a in old["accounts"] if a["id"] != "news"], links=[])
    d = topology.diff(old, new)
    assert "WX102" in [f.rule for f in d.gone] and d.fixed == []
    code, out, _ = run_cli(["diff", write(tmp_path, "old.json", old), write(tmp_path, "new.json", new)])
    assert b"gone with the account" in out and b"WX102" in out
    assert json.loads(run_cli(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                               "--format", "json"])[1])["findings"]["fixed"] == []

    result = topology.plan(topology.load(old), [{"op": "remove_account", "id": "news"}])
    (step,) = result.steps
    assert [f.rule for f in step.gone] == ["WX102"] and step.fixed == [] and not step.breaks  # errors only
    assert [f["rule"] for f in step.to_dict()["gone"]] == ["WX102"] and step.to_dict()["fixed"] == []
    code, out, _ = run_cli(["plan", str(tmp_path / "old.json"), "--changes",
                            write(tmp_path, "c.json", {"schema_version": 1,
                                                       "changes": [{"op": "remove_account", "id": "news"}]})])
    assert code == 0 and "WX102 official-same-subject-cap news: gone with the account" in out.decode()


def _f(rule="WX102", account="oa", related=("a",), observed=None, message="m", severity="error", subject=None,
       pointer="/accounts/0"):
    return Finding(rule, "n", severity, message, account, tuple(related), pointer, observed, 1, subject)


def test_compare_grades_each_pair():
    c = compare([_f(related=("a", "b"), observed=2)], [_f(related=("a", "b", "c"), observed=3)])
    assert len(c.worsened) == 1 and c.failing()
    c = compare([_f(related=("a",))], [_f(related=("b",))])  # same count, a new related id
    assert len(c.worsened) == 1
    c = compare([_f(related=("a", "b"), observed=2)], [_f(related=("a",), observed=1)])
    assert len(c.eased) == 1 and not c.failing()
    c = compare([_f(message="x")], [_f(message="y")])  # only the wording moved
    assert c.unchanged == 1 and not (c.worsened or c.eased or c.introduced or c.fixed)
    c = compare([_f()], [_f(severity="warning", rule="WX999", related=("z",))])
    assert [f.rule for f in c.introduced] == ["WX999"] and not c.failing() and [f.rule for f in c.fixed] == ["WX102"]


def test_compare_pairs_with_multiplicity_and_keeps_accountless_findings_apart():
    two, three = [_f(message="1"), _f(message="2")], [_f(message="1"), _f(message="2"), _f(related=("z",), message="3")]
    c = compare(two, three)
    assert [f.message for f in c.introduced] == ["3"] and c.unchanged == 2
    old = [_f("WX207", account=None, subject="acme"), _f("WX003", account=None, related=("a", "b"), pointer="/links/1")]
    new = [_f("WX207", account=None, subject="acme", message="other"), _f("WX207", account=None, subject="beta"),
           _f("WX003", account=None, related=("a", "c"), pointer="/links/1")]
    c = compare(old, new)
    assert [(f.rule, f.subject, f.related) for f in c.introduced] == [("WX003", None, ("a", "c")),
                                                                       ("WX207", "beta", ("a",))]
    assert [(f.rule, f.related) for f in c.fixed] == [("WX003", ("a", "b"))] and c.unchanged == 1


def test_compare_sends_a_removed_owners_findings_to_gone():
    c = compare([_f(), _f("WX207", account=None, subject="s")], [], removed={("account", "oa"), ("subject", "s")})
    assert [f.rule for f in c.gone] == ["WX102", "WX207"] and c.fixed == []


def test_of_several_findings_of_one_rule_and_account_each_pairs_with_the_one_sharing_its_ids():
    """WX104 per month: October's grew, November's eased; each is paired with its own month."""
    october, november = ("a", "b"), ("x", "y", "z")
    old = [_f("WX104", related=october, observed=2, message="oct 2"),
           _f("WX104", related=november, observed=3, message="nov 3")]
    new = [_f("WX104", related=("x", "y"), observed=2, message="nov 2"),
           _f("WX104", related=(*october, "c"), observed=3, message="oct 3")]
    c = compare(old, new)
    assert [(a.related, b.related) for a, b in c.worsened] == [(("a", "b", "c"), october)]
    assert [(a.related, b.related) for a, b in c.eased] == [(("x", "y"), november)]
