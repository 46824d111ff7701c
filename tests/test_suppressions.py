"""Findings baseline: --write-suppressions records findings, --suppressions drops them (WX007 for stale entries)."""

from __future__ import annotations

import json

import pytest

import topology
from tests.helpers import ROOT, account, doc, link, subject, wxtopo
from topology.errors import UsageError
from topology.suppressions import Suppressions, load_suppressions


def ecosystem(*, cross: int = 4, verified_ops: bool = False, extra_links=()) -> dict:
    """An official account linking ``cross`` of the partner's (at least 4) mini-programs (WX103
    over 3), all administered by an unverified person (WX302, and WX204 on each account)."""
    programs = max(cross, 4)
    return doc(
        as_of="2026-11-25",
        subjects=[subject("acme"), subject("partner")],
        accounts=[account("ops", "personal", real_name_verified=verified_ops),
                  account("care", "service", subject="acme", verified=True),
                  *[account(f"p{i}", "mini_program", subject="partner") for i in range(programs)]],
        links=[link("admin", "ops", "care"), *[link("mini_program", "care", f"p{i}") for i in range(cross)],
               *[link("admin", "ops", f"p{i}") for i in range(programs)], *extra_links],
    )


def write(tmp_path, document: dict, name: str = "eco.json", indent: int | None = 2) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=indent, ensure_ascii=False), encoding="utf-8")
    return str(path)


def baseline_of(document: dict) -> Suppressions:
    report = topology.validate(topology.load(document))
    return Suppressions.from_findings(report.findings)


def keys(report: topology.Report) -> list[tuple]:
    return [(f.rule, f.account, f.related) for f in report.findings]


# -- the library --------------------------------------------------------------------------------
def test_a_baseline_of_the_current_findings_suppresses_them_all():
    d = ecosystem()
    before = topology.validate(topology.load(d))
    assert {f.rule for f in before.findings} >= {"WX103", "WX204", "WX302"}
    after = topology.validate(topology.load(d), suppressions=baseline_of(d))
    assert after.findings == []
    assert after.valid
    assert after.counts["suppressed"] == len(before.findings)


def test_entries_carry_rule_account_and_sorted_related_ids_never_positions():
    entries = baseline_of(ecosystem()).to_dict()["suppressions"]
    assert {"rule": "WX103", "account": "care", "related": ["p0", "p1", "p2", "p3"]} in entries
    assert all(set(e) <= {"rule", "account", "subject", "related"} for e in entries)
    assert entries == sorted(entries, key=lambda e: (e["rule"], e["account"] or "", e.get("subject", ""), e["related"]))


def test_moving_things_around_in_the_file_keeps_them_suppressed():
    d = ecosystem()
    moved = dict(d, accounts=list(reversed(d["accounts"])), links=list(reversed(d["links"])))
    report = topology.validate(topology.load(moved), suppressions=baseline_of(d))
    assert report.findings == []


def test_a_new_finding_is_reported_and_the_old_ones_stay_suppressed():
    d = ecosystem()
    grown = ecosystem(extra_links=[link("admin", "ghost-admin", "care")])  # WX001: not in the baseline
    report = topology.validate(topology.load(grown), suppressions=baseline_of(d))
    assert [f.rule for f in report.findings] == ["WX001"]


def test_changed_related_ids_make_a_new_finding_and_a_stale_entry():
    """Keyed on related ids: a fifth cross-subject mini-program is a different WX103 finding."""
    report = topology.validate(topology.load(ecosystem(cross=5)), suppressions=baseline_of(ecosystem(cross=4)),
                               select=["WX103", "WX007"])
    assert [(f.rule, f.account) for f in report.findings] == [("WX007", "care"), ("WX103", "care")]
    assert report.findings[1].related == ("p0", "p1", "p2", "p3", "p4")


def test_a_fixed_finding_leaves_a_stale_entry_reported_as_wx007():
    s = baseline_of(ecosystem(cross=4))
    report = topology.validate(topology.load(ecosystem(cross=3)), suppressions=s, ignore=["WX901"])  # p3 now unlinked
    stale = [f for f in report.findings if f.rule == "WX007"]
    assert [(f.severity, f.account, f.related, f.pointer) for f in stale] == [
        ("warning", "care", ("p0", "p1", "p2", "p3"), "/accounts/1")]
    index = next(i for i, e in enumerate(s.entries) if e.rule == "WX103")
    assert f"#/suppressions/{index} (WX103 care [p0, p1, p2, p3])" in stale[0].message
    assert report.valid  # a stale entry is a warning: it fails nothing by default
    assert [f.rule for f in report.findings] == ["WX007"]


def test_stale_entry_for_an_account_no_longer_defined_points_at_the_document():
    s = load_suppressions({"schema_version": 1, "suppressions": [{"rule": "WX302", "account": "gone"}]})
    report = topology.validate(topology.load(ecosystem(verified_ops=True)), suppressions=s, select=["WX302", "WX007"])
    assert [(f.account, f.pointer) for f in report.findings] == [(None, "")]
    assert "WX302 gone" in report.findings[0].message


def test_one_entry_covers_every_finding_with_its_key():
    """Two WX202 findings of one account (one per feature) share the key (rule, account, related)."""
    d = doc(as_of="2026-11-25", subjects=[subject("acme")],
            accounts=[account("news", "subscription", subject="acme", features=["wechat_pay", "advanced_api"])])
    s = load_suppressions({"schema_version": 1, "suppressions": [{"rule": "WX202", "account": "news"}]})
    report = topology.validate(topology.load(d), suppressions=s, select=["WX202", "WX007"])
    assert report.findings == [] and report.counts["suppressed"] == 2


def test_ignoring_wx007_hides_stale_entries():
    s = baseline_of(ecosystem(cross=4))
    assert not [f for f in topology.validate(topology.load(ecosystem(cross=3)), suppressions=s,
                                             ignore=["WX007"]).findings if f.rule == "WX007"]


def test_entries_of_rules_that_did_not_run_are_not_stale():
    """--select/--ignore skip rules; their entries cannot match, so they are not reported."""
    s = baseline_of(ecosystem())
    report = topology.validate(topology.load(ecosystem()), suppressions=s, select=["WX103", "WX007"])
    assert report.findings == [] and report.counts["suppressed"] == 1


def test_document_scoped_entries_apply_to_their_document_only():
    s = load_suppressions({"schema_version": 1, "suppressions": [
        {"rule": "WX302", "account": "ops", "document": "a.json"},
        {"rule": "WX204", "account": "care", "related": ["ops"], "document": "b.json"}]})
    eco = topology.load(ecosystem(cross=0))
    a = topology.validate(eco, suppressions=s, document="a.json", select=["WX302", "WX204", "WX007"])
    assert ("WX302", "ops") not in [(f.rule, f.account) for f in a.findings]
    assert ("WX204", "care") in [(f.rule, f.account) for f in a.findings]  # b's entry: not applied, not stale
    assert "WX007" not in {f.rule for f in a.findings}
    b = topology.validate(eco, suppressions=s, document="b.json", select=["WX302", "WX204", "WX007"])
    assert ("WX302", "ops") in [(f.rule, f.account) for f in b.findings]
    assert ("WX204", "care") not in [(f.rule, f.account) for f in b.findings]
    assert "WX007" not in {f.rule for f in b.findings}


def test_document_ignore_lists_count_before_the_baseline():
    d = ecosystem(cross=0)
    d["accounts"][0]["ignore"] = ["WX302"]
    s = load_suppressions({"schema_version": 1, "suppressions": [{"rule": "WX302", "account": "ops"}]})
    report = topology.validate(topology.load(d), suppressions=s, select=["WX302", "WX007"])
    # the finding was already suppressed in the document, so the baseline entry matched nothing
    assert [f.rule for f in report.findings] == ["WX007"]
    assert report.counts["suppressed"] == 1


@pytest.mark.parametrize("data, where", [
    ({"suppressions": []}, "/schema_version"),
    ({"schema_version": 2, "suppressions": []}, "/schema_version"),
    ({"schema_version": 1, "suppressions": [{"rule": "W102"}]}, "/suppressions/0/rule"),
    ({"schema_version": 1, "suppressions": [{"rule": "WX102", "acount": "x"}]}, "/suppressions/0/acount"),
    ({"schema_version": 1, "suppressions": [{"rule": "WX102", "related": "x"}]}, "/suppressions/0/related"),
])
def test_a_bad_file_names_the_pointer(data, where):
    with pytest.raises(UsageError, match=f"{where}: "):
        load_suppressions(data)


def test_reasons_survive_a_rewrite():
    old = load_suppressions({"schema_version": 1, "suppressions": [
        {"rule": "WX302", "account": "ops", "reason": "verification pending"},
        {"rule": "WX999", "account": "gone", "reason": "dropped with its entry"}]})
    report = topology.validate(topology.load(ecosystem()))
    new = Suppressions.from_findings(report.findings, reasons=old)
    reasons = {e.rule: e.reason for e in new.entries}
    assert reasons["WX302"] == "verification pending"
    assert "WX999" not in reasons and reasons["WX103"] is None


# -- the command line ---------------------------------------------------------------------------
def test_cli_write_then_validate_round_trip(tmp_path):
    path = write(tmp_path, ecosystem())
    base = tmp_path / "baseline.json"
    first = wxtopo("validate", path, "--write-suppressions", str(base), "--format", "json")
    assert first.returncode == 0, first.stderr.decode()
    report = json.loads(first.stdout)
    assert report["findings"] == [] and report["counts"]["suppressed"] > 0
    assert b"wrote" in first.stderr
    data = base.read_bytes()
    assert json.loads(data)["schema_version"] == 1
    again = wxtopo("validate", path, "--suppressions", str(base), "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout) == report
    # deterministic: rewriting from the same document gives the same bytes
    assert wxtopo("validate", path, "--write-suppressions", str(base)).returncode == 0
    assert base.read_bytes() == data
    # one entry per line: a fixed finding is a one-line diff
    assert all(line.startswith('    {"rule": "WX') for line in data.decode().splitlines()[3:-2])


def test_cli_the_file_matches_its_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    base = tmp_path / "b.json"
    assert wxtopo("validate", write(tmp_path, ecosystem()), "--write-suppressions", str(base)).returncode == 0
    schema = json.loads((ROOT / "schemas" / "suppressions.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(base.read_text(encoding="utf-8")))


def test_cli_new_finding_fails_and_stale_entry_warns(tmp_path):
    base = tmp_path / "b.json"
    assert wxtopo("validate", write(tmp_path, ecosystem(cross=4)), "--write-suppressions", str(base)).returncode == 0
    fixed = write(tmp_path, ecosystem(cross=3), "fixed.json")
    result = wxtopo("validate", fixed, "--suppressions", str(base), "--format", "json", "--ignore", "WX901")
    assert result.returncode == 0  # the warning alone does not fail
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["WX007"]
    assert wxtopo("validate", fixed, "--suppressions", str(base), "--fail-on", "warning").returncode == 1
    grown = write(tmp_path, ecosystem(cross=4, extra_links=[link("admin", "ghost", "care")]), "grown.json")
    assert wxtopo("validate", grown, "--suppressions", str(base)).returncode == 1


def test_cli_refresh_in_place_drops_stale_entries_and_keeps_reasons(tmp_path):
    base = tmp_path / "b.json"
    assert wxtopo("validate", write(tmp_path, ecosystem(cross=4)), "--write-suppressions", str(base)).returncode == 0
    data = json.loads(base.read_text(encoding="utf-8"))
    for e in data["suppressions"]:
        if e["rule"] == "WX302":
            e["reason"] = "审核中"
    base.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fixed = write(tmp_path, ecosystem(cross=3), "fixed.json")
    result = wxtopo("validate", fixed, "--suppressions", str(base), "--write-suppressions", str(base))
    assert result.returncode == 0, result.stderr.decode()
    entries = json.loads(base.read_text(encoding="utf-8"))["suppressions"]
    assert "WX103" not in {e["rule"] for e in entries}
    assert {e["rule"]: e.get("reason") for e in entries}["WX302"] == "审核中"
    assert "WX007" not in {e["rule"] for e in entries}


def test_cli_several_documents_scope_entries_by_path(tmp_path):
    a = write(tmp_path, ecosystem(cross=4), "a.json")
    b = write(tmp_path, ecosystem(cross=0), "b.json")
    base = tmp_path / "base.json"
    assert wxtopo("validate", a, b, "--write-suppressions", str(base)).returncode == 0
    entries = json.loads(base.read_text(encoding="utf-8"))["suppressions"]
    assert {e["document"] for e in entries} == {a, b}
    assert {e["rule"] for e in entries if e["document"] == b} == {"WX302", "WX204", "WX901"}
    result = wxtopo("validate", a, b, "--suppressions", str(base), "--format", "json")
    assert result.returncode == 0
    assert [r["findings"] for r in json.loads(result.stdout)] == [[], []]


def test_cli_unreadable_document_writes_nothing(tmp_path):
    base = tmp_path / "b.json"
    base.write_text("keep me", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "accounts": [{"id": 3}]}', encoding="utf-8")
    result = wxtopo("validate", write(tmp_path, ecosystem()), str(bad), "--write-suppressions", str(base),
                    "--format", "json")
    assert result.returncode == 2
    assert isinstance(json.loads(result.stdout), list)  # --format json still prints JSON
    assert base.read_text(encoding="utf-8") == "keep me"
    assert b"not written" in result.stderr


@pytest.mark.parametrize("content, message", [
    ("{", b"b.json:1:1: error /: malformed JSON"),
    ('{"schema_version": 1, "suppressions": [{"rule": "WX1"}]}', b"/suppressions/0/rule"),
])
def test_cli_bad_suppressions_file_exits_2_without_traceback(tmp_path, content, message):
    base = tmp_path / "b.json"
    base.write_text(content, encoding="utf-8")
    result = wxtopo("validate", write(tmp_path, ecosystem()), "--suppressions", str(base))
    assert result.returncode == 2
    assert message in result.stderr and b"Traceback" not in result.stderr


def test_cli_missing_suppressions_file(tmp_path):
    result = wxtopo("validate", write(tmp_path, ecosystem()), "--suppressions", str(tmp_path / "none.json"))
    assert result.returncode == 2 and b"suppressions" in result.stderr and b"No such file" in result.stderr


def test_cli_never_overwrites_the_document(tmp_path):
    path = write(tmp_path, ecosystem())
    before = (tmp_path / "eco.json").read_bytes()
    result = wxtopo("validate", path, "--write-suppressions", path)
    assert result.returncode == 2 and b"overwrite" in result.stderr
    assert (tmp_path / "eco.json").read_bytes() == before


def test_cli_report_and_baseline_must_be_different_files(tmp_path):
    out = str(tmp_path / "same.json")
    result = wxtopo("validate", write(tmp_path, ecosystem()), "--write-suppressions", out, "-o", out)
    assert result.returncode == 2 and b"both write to" in result.stderr


# -- one finding identity (issue 11) ---------------------------------------------------------
def _finding(account="oa", subject=None, related=("m2", "m1"), pointer="/accounts/3/name"):
    return topology.Finding("WX102", "official-same-subject-cap", "error", "…", account, related, pointer,
                            subject=subject)


def test_identity_names_every_part_and_one_owner():
    i = _finding().identity()
    assert (i.rule, i.account, i.subject, i.entity, i.related) == ("WX102", "oa", None, "/accounts/3", ("m1", "m2"))
    assert i.owner == ("account", "oa")
    assert _finding(account=None, subject="acme").identity().owner == ("subject", "acme")
    assert _finding(account=None, pointer="/links/7/target").identity().owner == ("pointer", "/links/7")
    assert _finding(account=None, pointer="").identity().owner == ("pointer", "")


def test_sarif_fingerprints_are_the_bytes_users_already_have():
    """Code scanning keys its alerts on these: the formula before Finding.identity, written out."""
    import hashlib

    from topology.formats.sarif import fingerprint

    def old(rule, about):
        return hashlib.sha256(f"{rule}\x1f{about}".encode()).hexdigest()

    assert fingerprint(_finding()) == old("WX102", "account:oa")
    assert fingerprint(_finding(account=None, subject="acme")) == old("WX102", "subject:acme")
    assert fingerprint(_finding(account=None, pointer="/links/7/target")) == old("WX102", "pointer:/links/7")
    assert fingerprint(_finding(related=("x",))) == fingerprint(_finding())  # related ids stay out


def test_a_suppressions_entry_matches_on_rule_owner_and_sorted_related_never_the_pointer():
    entries = Suppressions.from_findings([_finding()])
    assert [e.model_dump(exclude_none=True) for e in entries.entries] == [
        {"rule": "WX102", "account": "oa", "related": ["m1", "m2"]}]
    moved = _finding(pointer="/accounts/9", related=("m1", "m2"))
    assert entries.apply([moved], document=None)[1] == 1
    assert entries.apply([_finding(related=("m1", "m3"))], document=None)[1] == 0
    by_subject = Suppressions.from_findings([_finding(account=None, subject="acme")])
    assert by_subject.entries[0].model_dump(exclude_none=True) == {"rule": "WX102", "subject": "acme",
                                                                   "related": ["m1", "m2"]}
