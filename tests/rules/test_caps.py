"""WX1xx: association caps (RULES.md § WX1xx).

Seed: 一个小程序可关联最多 50 个公众号，一个公众号可关联同一主体的 10 个小程序与不同主体的 3 个小程序.
Counts are of distinct counterpart accounts over ``mini_program`` links; rejected links
never count, pending ones count unless ``pending_counts_toward_caps`` is false, removed
ones (``unlinked_on``) do not count.
WX104-WX106 (off in ``seed``; on in the sourced rulesets) count links by the calendar month of
``linked_on`` and report invitations left pending.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import account, compact, doc, findings, link, subject, wxtopo


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def cap(account: str, pointer: str, related: list[str], limit: int) -> dict:
    return {"account": account, "related": related, "pointer": pointer, "severity": "error",
            "observed": len(related), "limit": limit}


SUBJECTS = [subject("acme"), subject("other"), subject("third", "media")]
TYPES = ("subscription", "service", "enterprise")


# -- WX101 mini-program-official-cap -------------------------------------------------------
def officials_doc(n: int, *, extra_links=(), extra_accounts=()) -> dict:
    """Mini-program ``shop`` (at /accounts/0) linked from ``n`` official accounts of mixed
    types and subjects: WX101 counts any official type and any subject."""
    ids = [f"oa-{i:02d}" for i in range(1, n + 1)]
    return doc(
        subjects=SUBJECTS,
        accounts=[account("shop", "mini_program", subject="acme")]
        + [account(a, TYPES[i % 3], subject=SUBJECTS[i % 3]["id"]) for i, a in enumerate(ids)]
        + list(extra_accounts),
        links=[link("mini_program", a, "shop") for a in ids] + list(extra_links),
    )


def oa(n: int) -> list[str]:
    return [f"oa-{i:02d}" for i in range(1, n + 1)]


def test_wx101_exactly_50_officials_pass():
    assert hits(officials_doc(50), "WX101") == []


def test_wx101_51_officials_fail():
    assert hits(officials_doc(51), "WX101") == [cap("shop", "/accounts/0", oa(51), 50)]


def test_wx101_small_cap_from_the_ruleset():
    small = ["max_officials_per_mini_program=2"]
    assert hits(officials_doc(2), "WX101", overrides=small) == []
    assert hits(officials_doc(3), "WX101", overrides=small) == [cap("shop", "/accounts/0", oa(3), 2)]


def test_wx101_null_switches_the_rule_off():
    assert hits(officials_doc(51), "WX101", overrides=["max_officials_per_mini_program=null"]) == []


def test_wx101_a_duplicated_link_counts_once():
    d = officials_doc(50, extra_links=[link("mini_program", "oa-01", "shop")])
    assert hits(d, "WX101") == []


@pytest.mark.parametrize("extra, counts", [
    pytest.param({}, True, id="linked"),
    pytest.param({"status": "pending"}, True, id="pending-counts-by-default"),
    pytest.param({"status": "rejected"}, False, id="rejected"),
    pytest.param({"linked_on": "2026-01-05", "unlinked_on": "2026-02-01"}, False, id="unlinked"),
])
def test_wx101_which_link_records_take_a_slot(extra, counts):
    d = officials_doc(50, extra_accounts=[account("oa-51", "service", subject="other")],
                      extra_links=[link("mini_program", "oa-51", "shop", **extra)])
    expected = [cap("shop", "/accounts/0", oa(51), 50)] if counts else []
    assert hits(d, "WX101") == expected


def test_wx101_pending_does_not_count_when_the_ruleset_says_so():
    d = officials_doc(50, extra_accounts=[account("oa-51", "service", subject="other")],
                      extra_links=[link("mini_program", "oa-51", "shop", status="pending")])
    assert hits(d, "WX101", overrides=["pending_counts_toward_caps=false"]) == []


def test_wx101_sources_that_are_not_official_accounts_do_not_count():
    # A dangling source and a personal account (both wrong; WX001/WX004 report them).
    d = officials_doc(50, extra_accounts=[account("li", "personal")],
                      extra_links=[link("mini_program", "ghost", "shop"), link("mini_program", "li", "shop")])
    assert hits(d, "WX101") == []


def test_wx101_official_types_come_from_the_ruleset():
    # oa-03, oa-06, ... are enterprise accounts: 17 of 51.
    d = officials_doc(51)
    narrowed = ["linkable_official_types=subscription,service"]
    assert hits(d, "WX101", overrides=narrowed) == []
    assert hits(d, "WX101", overrides=narrowed + ["max_officials_per_mini_program=33"]) == [
        cap("shop", "/accounts/0", [a for i, a in enumerate(oa(51)) if i % 3 != 2], 33)]


# -- WX102 / WX103: an official account's mini-programs --------------------------------------
def minis_doc(same: int, cross: int, *, official: dict | None = None, extra_links=(), extra_accounts=()) -> dict:
    """Official account ``news`` (subject acme, /accounts/0) linked to ``same`` mini-programs
    of its own subject (same-01…) and ``cross`` of other subjects (cross-01…)."""
    same_ids = [f"same-{i:02d}" for i in range(1, same + 1)]
    cross_ids = [f"cross-{i:02d}" for i in range(1, cross + 1)]
    return doc(
        subjects=SUBJECTS,
        accounts=[official or account("news", "subscription", subject="acme")]
        + [account(m, "mini_program", subject="acme") for m in same_ids]
        + [account(m, "mini_program", subject=("other", "third")[i % 2]) for i, m in enumerate(cross_ids)]
        + list(extra_accounts),
        links=[link("mini_program", "news", m) for m in same_ids + cross_ids] + list(extra_links),
    )


def same(n: int) -> list[str]:
    return [f"same-{i:02d}" for i in range(1, n + 1)]


def cross(n: int) -> list[str]:
    return [f"cross-{i:02d}" for i in range(1, n + 1)]


def test_wx102_exactly_10_same_subject_pass():
    assert hits(minis_doc(10, 0), "WX102") == []


def test_wx102_11_same_subject_fail():
    assert hits(minis_doc(11, 0), "WX102") == [cap("news", "/accounts/0", same(11), 10)]


def test_wx103_exactly_3_cross_subject_pass():
    assert hits(minis_doc(0, 3), "WX103") == []


def test_wx103_4_cross_subject_fail():
    assert hits(minis_doc(0, 4), "WX103") == [cap("news", "/accounts/0", cross(4), 3)]


def test_the_two_caps_are_counted_separately():
    full = minis_doc(10, 3)  # 13 mini-programs, each cap exactly reached
    assert hits(full, "WX102") == [] and hits(full, "WX103") == []
    over = minis_doc(11, 4)
    assert hits(over, "WX102") == [cap("news", "/accounts/0", same(11), 10)]
    assert hits(over, "WX103") == [cap("news", "/accounts/0", cross(4), 3)]


@pytest.mark.parametrize("official_type", TYPES)
def test_every_linkable_official_type_is_capped(official_type):
    d = minis_doc(11, 4, official=account("news", official_type, subject="acme"))
    assert [f["account"] for f in hits(d, "WX102") + hits(d, "WX103")] == ["news", "news"]


def test_small_caps_from_the_ruleset():
    assert hits(minis_doc(2, 0), "WX102", overrides=["max_same_subject_mini_programs=2"]) == []
    assert hits(minis_doc(3, 0), "WX102", overrides=["max_same_subject_mini_programs=2"]) == [
        cap("news", "/accounts/0", same(3), 2)]
    assert hits(minis_doc(0, 1), "WX103", overrides={"max_cross_subject_mini_programs": 1}) == []
    assert hits(minis_doc(0, 2), "WX103", overrides={"max_cross_subject_mini_programs": 1}) == [
        cap("news", "/accounts/0", cross(2), 1)]


def test_a_cap_of_zero_forbids_any_link():
    assert hits(minis_doc(0, 1), "WX103", overrides=["max_cross_subject_mini_programs=0"]) == [
        cap("news", "/accounts/0", cross(1), 0)]


@pytest.mark.parametrize("rule, key", [("WX102", "max_same_subject_mini_programs"),
                                       ("WX103", "max_cross_subject_mini_programs")])
def test_null_switches_the_cap_off(rule, key):
    assert hits(minis_doc(20, 20), rule, overrides=[f"{key}=null"]) == []


# -- distinct counting -----------------------------------------------------------------------
def test_a_duplicated_link_counts_once():
    d = minis_doc(10, 3, extra_links=[link("mini_program", "news", "same-01"),
                                      link("mini_program", "news", "cross-01", status="pending")])
    assert hits(d, "WX102") == [] and hits(d, "WX103") == []


def test_a_rejected_link_never_counts():
    d = minis_doc(0, 3, extra_accounts=[account("cross-04", "mini_program", subject="other")],
                  extra_links=[link("mini_program", "news", "cross-04", status="rejected")])
    assert hits(d, "WX103") == []
    assert hits(d, "WX103", overrides=["pending_counts_toward_caps=true"]) == []


def test_a_pending_link_counts_by_default_but_not_when_switched_off():
    d = minis_doc(0, 3, extra_accounts=[account("cross-04", "mini_program", subject="other")],
                  extra_links=[link("mini_program", "news", "cross-04", status="pending")])
    assert hits(d, "WX103") == [cap("news", "/accounts/0", cross(4), 3)]
    assert hits(d, "WX103", overrides=["pending_counts_toward_caps=false"]) == []


def test_a_removed_link_does_not_count():
    d = minis_doc(10, 0, extra_accounts=[account("same-11", "mini_program", subject="acme")],
                  extra_links=[link("mini_program", "news", "same-11", unlinked_on="2026-03-01")])
    assert hits(d, "WX102") == []


def test_targets_that_are_not_mini_programs_do_not_count():
    # A dangling target and a service account (WX001 / WX004 report those).
    d = minis_doc(0, 3, extra_accounts=[account("care", "service", subject="other")],
                  extra_links=[link("mini_program", "news", "nowhere"), link("mini_program", "news", "care")])
    assert hits(d, "WX103") == []


def test_links_from_non_official_accounts_are_not_capped():
    d = doc(subjects=SUBJECTS,
            accounts=[account("li", "personal"), account("li-work", "auxiliary", primary="li")]
            + [account(m, "mini_program", subject="other") for m in cross(4)],
            links=[link("mini_program", s, m) for s in ("li", "li-work") for m in cross(4)])
    assert hits(d, "WX102") == [] and hits(d, "WX103") == []


# -- same subject: both accounts have a subject and the ids are equal ----------------------
def test_enterprise_account_without_subject_has_no_same_subject_mini_programs():
    d = minis_doc(4, 0, official=account("news", "enterprise"))
    assert hits(d, "WX102") == []
    assert hits(d, "WX103") == [cap("news", "/accounts/0", same(4), 3)]


def test_subjects_of_the_same_kind_are_still_different_subjects():
    # acme and other are both enterprises: different ids, so cross-subject.
    d = minis_doc(0, 4)
    assert hits(d, "WX102") == []
    assert [f["related"] for f in hits(d, "WX103")] == [cross(4)]


def test_official_types_come_from_the_ruleset():
    d = minis_doc(11, 4, official=account("news", "enterprise", subject="acme"))
    narrowed = ["linkable_official_types=subscription,service"]
    assert hits(d, "WX102", overrides=narrowed) == [] and hits(d, "WX103", overrides=narrowed) == []


def test_each_official_account_is_counted_on_its_own():
    d = doc(subjects=SUBJECTS,
            accounts=[account("news", "subscription", subject="acme"), account("care", "service", subject="acme")]
            + [account(m, "mini_program", subject="other") for m in cross(4)],
            links=[link("mini_program", "news", m) for m in cross(4)]
            + [link("mini_program", "care", m) for m in cross(3)])
    assert hits(d, "WX103") == [cap("news", "/accounts/0", cross(4), 3)]


# -- WX104 official-monthly-new-links / WX105 mini-program-monthly-new-links -----------------
# Counted: links by the calendar month of linked_on, also removed ones (unlinking gives no quota
# back); not rejected, quick_registered or undated ones; pending per pending_counts_toward_caps.
def monthly(n: int, limit: int, month: str) -> dict:
    return {"observed": n, "limit": limit, "month": month}


def month_hits(document: dict, rule: str, **options) -> list[dict]:
    """compact() plus the month the message names."""
    return [{**compact(f), "month": re.findall(r"\b\d{4}-\d{2}\b(?!-)", f.message)[0]}
            for f in findings(document, rule, **options)]


def official_links_doc(days: list[str], *, extra: list[dict] | None = None, official_type="subscription") -> dict:
    """Official account ``news`` (/accounts/0) links shop-01… on the given ``linked_on`` days;
    ``extra[i]`` adds fields to link i."""
    minis = [f"shop-{i:02d}" for i in range(1, len(days) + 1)]
    extra = extra or [{}] * len(days)
    return doc(subjects=SUBJECTS,
               accounts=[account("news", official_type, subject="acme")]
               + [account(m, "mini_program", subject=("acme", "other")[i % 2]) for i, m in enumerate(minis)],
               links=[link("mini_program", "news", m, linked_on=d, **x) for m, d, x in zip(minis, days, extra)])


def shops(n: int) -> list[str]:
    return [f"shop-{i:02d}" for i in range(1, n + 1)]


def november(n: int) -> list[str]:
    return [f"2026-11-{d:02d}" for d in range(1, n + 1)]


WX104_13 = {"max_new_mini_program_links_per_month": 13}  # the wechat-2025 value


def wx104(n: int, limit: int, month: str, related: list[str] | None = None) -> dict:
    related = shops(n) if related is None else related
    return {"account": "news", "related": related, "pointer": "/accounts/0", "severity": "error",
            **monthly(n, limit, month)}


def test_wx104_is_off_in_the_seed_ruleset():
    assert hits(official_links_doc(november(20)), "WX104") == []


def test_wx104_exactly_13_in_a_month_pass():
    assert hits(official_links_doc(november(13)), "WX104", overrides=WX104_13) == []


def test_wx104_14_in_a_month_fail():
    assert month_hits(official_links_doc(november(14)), "WX104", overrides=WX104_13) == [wx104(14, 13, "2026-11")]


def test_wx104_message_names_account_month_and_limit():
    (f,) = findings(official_links_doc(november(14)), "WX104", overrides=WX104_13)
    assert f.message == "Official account news made 14 new mini-program links in 2026-11; the limit is 13 a month."


ONE = {"max_new_mini_program_links_per_month": 1}


@pytest.mark.parametrize("days, month", [
    pytest.param(["2024-01-31", "2024-02-01"], None, id="31-jan-and-1-feb-are-two-months"),
    pytest.param(["2024-02-01", "2024-02-29"], "2024-02", id="1-feb-and-29-feb-2024-one-month"),
    pytest.param(["2025-12-31", "2026-01-01"], None, id="december-and-january-across-years"),
    pytest.param(["2025-01-10", "2026-01-10"], None, id="january-of-two-years"),
    pytest.param(["2026-01-01", "2026-01-31"], "2026-01", id="first-and-last-day"),
])
def test_wx104_calendar_months(days, month):
    expected = [wx104(2, 1, month)] if month else []
    assert month_hits(official_links_doc(days), "WX104", overrides=ONE) == expected


def test_wx104_one_finding_per_month():
    days = ["2026-01-05", "2026-01-06", "2026-02-05", "2026-03-05", "2026-03-06", "2026-03-07"]
    assert month_hits(official_links_doc(days), "WX104", overrides=ONE) == [
        wx104(2, 1, "2026-01", shops(2)), wx104(3, 1, "2026-03", ["shop-04", "shop-05", "shop-06"])]


@pytest.mark.parametrize("fields, counts", [
    pytest.param({"unlinked_on": "2026-11-20"}, True, id="removed-links-used-quota"),
    pytest.param({"status": "pending"}, True, id="pending-counts-by-default"),
    pytest.param({"status": "rejected"}, False, id="rejected-no-link-was-made"),
    pytest.param({"quick_registered": True}, False, id="quick-registered-use-no-quota"),
])
def test_wx104_which_records_count(fields, counts):
    d = official_links_doc(["2026-11-02", "2026-11-03"], extra=[{}, fields])
    assert month_hits(d, "WX104", overrides=ONE) == ([wx104(2, 1, "2026-11")] if counts else [])


def test_wx104_pending_does_not_count_when_the_ruleset_says_so():
    d = official_links_doc(["2026-11-02", "2026-11-03"], extra=[{}, {"status": "pending"}])
    assert hits(d, "WX104", overrides={**ONE, "pending_counts_toward_caps": False}) == []


def test_wx104_links_without_linked_on_cannot_be_placed_in_a_month():
    d = official_links_doc(["2026-11-02"])
    d["accounts"].append(account("shop-02", "mini_program", subject="acme"))
    d["links"].append(link("mini_program", "news", "shop-02"))
    assert hits(d, "WX104", overrides=ONE) == []


def test_wx104_the_same_record_twice_counts_once_but_relinking_counts_again():
    d = official_links_doc(["2026-11-02", "2026-11-03"])
    d["links"].append(link("mini_program", "news", "shop-01", linked_on="2026-11-02"))  # a copy (WX003)
    assert hits(d, "WX104", overrides={"max_new_mini_program_links_per_month": 2}) == []
    d["links"].append(link("mini_program", "news", "shop-01", linked_on="2026-11-09"))  # linked again
    assert month_hits(d, "WX104", overrides={"max_new_mini_program_links_per_month": 2}) == [
        wx104(3, 2, "2026-11", shops(2))]


@pytest.mark.parametrize("official_type", TYPES)
def test_wx104_every_linkable_official_type(official_type):
    d = official_links_doc(["2026-11-02", "2026-11-03"], official_type=official_type)
    assert [f["account"] for f in hits(d, "WX104", overrides=ONE)] == ["news"]


def test_wx104_official_types_come_from_the_ruleset():
    d = official_links_doc(["2026-11-02", "2026-11-03"], official_type="enterprise")
    assert hits(d, "WX104", overrides={**ONE, "linkable_official_types": ["subscription", "service"]}) == []


def test_wx104_links_that_are_not_official_to_mini_program_do_not_count():
    # A personal source, a dangling target and a service-account target (WX001 / WX004 report them).
    d = official_links_doc(["2026-11-02"])
    d["accounts"] += [account("li", "personal"), account("care", "service", subject="acme")]
    d["links"] += [link("mini_program", "li", "shop-01", linked_on="2026-11-03"),
                   link("mini_program", "news", "nowhere", linked_on="2026-11-03"),
                   link("mini_program", "news", "care", linked_on="2026-11-03")]
    assert hits(d, "WX104", overrides=ONE) == []


def test_wx104_each_official_account_is_counted_on_its_own():
    d = official_links_doc(["2026-11-02", "2026-11-03"])
    d["accounts"].append(account("care", "service", subject="acme"))
    d["links"].append(link("mini_program", "care", "shop-01", linked_on="2026-11-04"))
    assert [f["account"] for f in hits(d, "WX104", overrides=ONE)] == ["news"]


def mini_links_doc(days: list[str], *, extra: list[dict] | None = None) -> dict:
    """Mini-program ``shop`` (/accounts/0) linked from oa-01… on the given ``linked_on`` days."""
    ids = oa(len(days))
    extra = extra or [{}] * len(days)
    return doc(subjects=SUBJECTS,
               accounts=[account("shop", "mini_program", subject="acme")]
               + [account(a, TYPES[i % 3], subject=SUBJECTS[i % 3]["id"]) for i, a in enumerate(ids)],
               links=[link("mini_program", a, "shop", linked_on=d, **x) for a, d, x in zip(ids, days, extra)])


def wx105(n: int, limit: int, month: str, related: list[str] | None = None) -> dict:
    return {"account": "shop", "related": sorted(oa(n)) if related is None else related, "pointer": "/accounts/0",
            "severity": "error", **monthly(n, limit, month)}


def spread(n: int, month: str = "2026-11") -> list[str]:
    return [f"{month}-{1 + i % 28:02d}" for i in range(n)]


def test_wx105_is_off_in_the_seed_ruleset():
    assert hits(mini_links_doc(spread(60)), "WX105") == []


def test_wx105_exactly_500_in_a_month_pass_501_fail():
    real = {"max_new_official_links_per_month": 500}  # the wechat-2025 value
    assert hits(mini_links_doc(spread(500)), "WX105", overrides=real) == []
    assert month_hits(mini_links_doc(spread(501)), "WX105", overrides=real) == [wx105(501, 500, "2026-11")]


TWO = {"max_new_official_links_per_month": 2}


@pytest.mark.parametrize("days, month", [
    pytest.param(["2024-01-30", "2024-01-31", "2024-02-01"], None, id="31-jan-and-1-feb-are-two-months"),
    pytest.param(["2024-02-01", "2024-02-15", "2024-02-29"], "2024-02", id="1-feb-to-29-feb-2024-one-month"),
    pytest.param(["2025-12-30", "2025-12-31", "2026-01-01"], None, id="december-and-january-across-years"),
])
def test_wx105_calendar_months(days, month):
    assert month_hits(mini_links_doc(days), "WX105", overrides=TWO) == ([wx105(3, 2, month)] if month else [])


@pytest.mark.parametrize("fields, counts", [
    pytest.param({"unlinked_on": "2026-11-20"}, True, id="removed-links-used-quota"),
    pytest.param({"status": "pending"}, True, id="pending-counts-by-default"),
    pytest.param({"status": "rejected"}, False, id="rejected"),
    pytest.param({"quick_registered": True}, False, id="quick-registered-is-no-link-request"),
])
def test_wx105_which_records_count(fields, counts):
    d = mini_links_doc(["2026-11-02", "2026-11-03", "2026-11-04"], extra=[{}, {}, fields])
    assert month_hits(d, "WX105", overrides=TWO) == ([wx105(3, 2, "2026-11")] if counts else [])


def test_wx105_pending_does_not_count_when_the_ruleset_says_so():
    d = mini_links_doc(["2026-11-02", "2026-11-03", "2026-11-04"], extra=[{}, {}, {"status": "pending"}])
    assert hits(d, "WX105", overrides={**TWO, "pending_counts_toward_caps": False}) == []


def test_wx105_one_official_relinking_counts_each_time_but_a_copy_once():
    d = mini_links_doc(["2026-11-02", "2026-11-03"])
    d["links"].append(link("mini_program", "oa-01", "shop", linked_on="2026-11-02"))  # copy
    assert hits(d, "WX105", overrides=TWO) == []
    d["links"].append(link("mini_program", "oa-01", "shop", linked_on="2026-11-20"))  # linked again
    assert month_hits(d, "WX105", overrides=TWO) == [wx105(3, 2, "2026-11", oa(2))]


def test_wx104_and_wx105_count_the_same_links_from_both_ends():
    d = mini_links_doc(["2026-11-02", "2026-11-03", "2026-11-04"])
    both = {**TWO, "max_new_mini_program_links_per_month": 0}
    assert [f["account"] for f in hits(d, "WX104", overrides=both)] == oa(3)
    assert [f["account"] for f in hits(d, "WX105", overrides=both)] == ["shop"]


# -- WX106 stale-pending-link ----------------------------------------------------------------
STALE_7 = {"pending_link_stale_days": 7}  # the wechat-2025 value


def pending_doc(linked_on: str | None = "2026-11-18", as_of: str | None = "2026-11-25", **fields) -> dict:
    """news → shop, pending since ``linked_on`` (/links/1), beside a linked one (/links/0)."""
    top = {"as_of": as_of} if as_of else {}
    extra = {"linked_on": linked_on} if linked_on else {}
    return doc(subjects=SUBJECTS, **top,
               accounts=[account("news", "subscription", subject="acme"),
                         account("shop", "mini_program", subject="acme"),
                         account("old", "mini_program", subject="acme")],
               links=[link("mini_program", "news", "old", linked_on="2020-01-01"),
                      link("mini_program", "news", "shop", **{"status": "pending", **extra, **fields})])


def stale(days: int, limit: int = 7) -> dict:
    return {"account": "news", "related": ["shop"], "pointer": "/links/1", "severity": "warning",
            "observed": days, "limit": limit}


def test_wx106_is_off_in_the_seed_ruleset():
    assert hits(pending_doc("2020-01-01"), "WX106") == []


def test_wx106_exactly_n_days_is_not_stale():
    assert hits(pending_doc("2026-11-18"), "WX106", overrides=STALE_7) == []


def test_wx106_n_plus_1_days_is_stale():
    assert hits(pending_doc("2026-11-17"), "WX106", overrides=STALE_7) == [stale(8)]
    (f,) = findings(pending_doc("2026-11-17"), "WX106", overrides=STALE_7)
    assert "2026-11-17" in f.message and "2026-11-25" in f.message


def test_wx106_the_evaluation_date_comes_from_as_of():
    d = pending_doc("2026-11-18")
    assert hits(d, "WX106", overrides=STALE_7, as_of="2026-11-26") == [stale(8)]
    assert hits(pending_doc("2026-11-17", as_of=None), "WX106", overrides=STALE_7, as_of="2026-11-24") == []


def test_wx106_as_of_on_the_command_line():
    data = json.dumps(pending_doc("2026-11-18")).encode()
    base = ["validate", "-", "--format", "json", "--select", "WX106", "--set", "pending_link_stale_days=7"]
    today = json.loads(wxtopo(*base, input=data).stdout)
    later = json.loads(wxtopo(*base, "--as-of", "2026-11-26", input=data).stdout)
    assert today["findings"] == []
    assert [(f["pointer"], f["observed"], f["limit"]) for f in later["findings"]] == [("/links/1", 8, 7)]
    assert later["valid"] is True  # a warning


@pytest.mark.parametrize("fields", [
    pytest.param({"status": "linked"}, id="linked"),
    pytest.param({"status": "rejected"}, id="rejected"),
    pytest.param({"unlinked_on": "2026-11-01"}, id="withdrawn"),
])
def test_wx106_only_standing_invitations(fields):
    assert hits(pending_doc("2026-10-01", **fields), "WX106", overrides=STALE_7) == []


def test_wx106_a_pending_link_without_linked_on_has_no_age():
    assert hits(pending_doc(None), "WX106", overrides=STALE_7) == []


def test_wx106_zero_days_reports_anything_older_than_today():
    assert hits(pending_doc("2026-11-25"), "WX106", overrides={"pending_link_stale_days": 0}) == []
    assert hits(pending_doc("2026-11-24"), "WX106", overrides={"pending_link_stale_days": 0}) == [stale(1, 0)]
