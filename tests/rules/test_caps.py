"""WX1xx: association caps (RULES.md § WX1xx).

Seed: 一个小程序可关联最多 50 个公众号，一个公众号可关联同一主体的 10 个小程序与不同主体的 3 个小程序.
Counts are of distinct counterpart accounts over ``mini_program`` links; rejected links
never count, pending ones count unless ``pending_counts_toward_caps`` is false, removed
ones (``unlinked_on``) do not count.
"""

from __future__ import annotations

import pytest

from tests.helpers import account, compact, doc, findings, link, subject


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
