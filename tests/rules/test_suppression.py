"""Suppressing findings (RULES.md § Suppressing a finding): ``ignore`` on an account,
subject or link, and the ``select`` / ``ignore`` options of a run."""

from __future__ import annotations

import pytest

import topology
from tests.helpers import account, compact, doc, link, run, subject


def rules_of(report) -> list[str]:
    return sorted({f.rule for f in report.findings})


def lonely_news(**fields) -> dict:
    """A subscription account with no admin (WX205, info) and nothing else wrong."""
    return doc(subjects=[subject("acme")], accounts=[account("news", "subscription", subject="acme", **fields)])


# -- "ignore" in the document ---------------------------------------------------------------
def test_account_ignore_suppresses_and_counts():
    plain = run(lonely_news(), select=["WX205"])
    assert [f.rule for f in plain.findings] == ["WX205"] and plain.counts["suppressed"] == 0
    report = run(lonely_news(ignore=["WX205"]), select=["WX205"])
    assert report.findings == []
    assert report.counts["suppressed"] == 1 and report.counts["info"] == 0


def test_ignoring_another_rule_suppresses_nothing():
    report = run(lonely_news(ignore=["WX201"]), select=["WX205"])
    assert [f.rule for f in report.findings] == ["WX205"] and report.counts["suppressed"] == 0


def test_a_suppressed_error_does_not_make_the_document_invalid():
    d = doc(subjects=[subject("li", "individual")],
            accounts=[account("li", "personal"), account("care", "service", subject="li", ignore=["WX201"])],
            links=[link("admin", "li", "care")])
    report = run(d)
    assert report.findings == [] and report.valid
    assert report.counts["suppressed"] == 1 and report.counts["error"] == 0


def test_only_the_entity_carrying_the_id_is_spared():
    d = doc(subjects=[subject("acme")],
            accounts=[account("news", "subscription", subject="acme", ignore=["WX205"]),
                      account("care", "service", subject="acme")])
    report = run(d, select=["WX205"])
    assert [f.account for f in report.findings] == ["care"] and report.counts["suppressed"] == 1


def test_subject_ignore_suppresses_a_finding_about_the_subject():
    d = doc(subjects=[subject("acme"), subject("acme", "media", ignore=["WX002"])])
    report = run(d, select=["WX002"])
    assert report.findings == [] and report.counts["suppressed"] == 1


def test_subject_ignore_does_not_reach_the_subjects_accounts():
    # The primary entity of WX205 is the account, not its subject.
    d = doc(subjects=[subject("acme", ignore=["WX205"])], accounts=[account("news", "subscription", subject="acme")])
    report = run(d, select=["WX205"])
    assert [f.account for f in report.findings] == ["news"] and report.counts["suppressed"] == 0


def dup_links(first: dict, second: dict) -> dict:
    return doc(subjects=[subject("acme")],
               accounts=[account("news", "subscription", subject="acme"),
                         account("shop", "mini_program", subject="acme")],
               links=[link("mini_program", "news", "shop", **first), link("mini_program", "news", "shop", **second)])


def test_link_ignore_suppresses_a_finding_about_that_link():
    report = run(dup_links({}, {"ignore": ["WX003"]}), select=["WX003"])
    assert report.findings == [] and report.counts["suppressed"] == 1


def test_link_ignore_on_another_link_suppresses_nothing():
    report = run(dup_links({"ignore": ["WX003"]}, {}), select=["WX003"])
    assert [compact(f)["pointer"] for f in report.findings] == ["/links/1"] and report.counts["suppressed"] == 0


def test_link_ignore_suppresses_wx004_on_that_link():
    d = doc(subjects=[subject("acme")],
            accounts=[account("news", "subscription", subject="acme"), account("care", "service", subject="acme")],
            links=[link("mini_program", "news", "care", ignore=["WX004"]), link("mini_program", "care", "news")])
    report = run(d, select=["WX004"])
    assert [f.pointer for f in report.findings] == ["/links/1/target"]
    assert report.counts["suppressed"] == 1


def test_every_suppressed_finding_is_counted():
    d = doc(subjects=[subject("acme")],
            accounts=[account("news", "subscription", subject="acme", ignore=["WX205", "WX402"],
                              broadcasts=[{"date": "2026-11-20", "articles": 9}, {"date": "2026-11-21", "articles": 10}])])
    report = run(d)
    assert report.findings == [] and report.counts["suppressed"] == 3


def test_ignore_entries_must_be_rule_ids():
    with pytest.raises(topology.DocumentError) as exc:
        topology.load(lonely_news(ignore=["missing-admin"]))
    assert [p.pointer for p in exc.value.problems] == ["/accounts/0/ignore/0"]


# -- select / ignore options ----------------------------------------------------------------
def broken() -> dict:
    """Findings of WX201, WX205, WX302, WX305 and WX308."""
    return doc(subjects=[subject("li", "individual")],
               accounts=[account("li", "personal", real_name_verified=False, registered_on="2010-01-01"),
                         account("li-work", "auxiliary", primary="li", registered_on="2025-01-01",
                                 features=["transfer"]),
                         account("care", "service", subject="li")])


def test_everything_runs_by_default():
    assert rules_of(run(broken())) == ["WX201", "WX205", "WX302", "WX305", "WX308"]


@pytest.mark.parametrize("select, expected", [
    pytest.param(["WX302"], ["WX302"], id="id"),
    pytest.param(["wx302"], ["WX302"], id="id-any-case"),
    pytest.param(["personal-not-real-name"], ["WX302"], id="name"),
    pytest.param(["WX3"], ["WX302", "WX305", "WX308"], id="family-prefix"),
    pytest.param(["WX30"], ["WX302", "WX305", "WX308"], id="longer-prefix"),
    pytest.param(["WX201", "missing-admin"], ["WX201", "WX205"], id="several"),
    pytest.param(["WX201,WX302"], ["WX201", "WX302"], id="comma-list"),
])
def test_select(select, expected):
    assert rules_of(run(broken(), select=select)) == expected


@pytest.mark.parametrize("ignore, expected", [
    pytest.param(["WX302"], ["WX201", "WX205", "WX305", "WX308"], id="id"),
    pytest.param(["missing-admin"], ["WX201", "WX302", "WX305", "WX308"], id="name"),
    pytest.param(["WX3"], ["WX201", "WX205"], id="family-prefix"),
    pytest.param(["WX2", "WX30"], [], id="prefixes"),
])
def test_ignore(ignore, expected):
    assert rules_of(run(broken(), ignore=ignore)) == expected


def test_ignore_wins_over_select():
    assert rules_of(run(broken(), select=["WX3"], ignore=["WX305"])) == ["WX302", "WX308"]


def test_options_drop_findings_without_counting_them_as_suppressed():
    report = run(broken(), ignore=["WX3"])
    assert report.counts["suppressed"] == 0


@pytest.mark.parametrize("option", ["select", "ignore"])
@pytest.mark.parametrize("token", ["WX999", "WX7", "no-such-rule", "X3", "WX102x"])
def test_unknown_selector_is_a_usage_error(option, token):
    with pytest.raises(topology.UsageError):
        run(broken(), **{option: [token]})
