"""WX4xx: mass messaging (群发) quotas (RULES.md § WX4xx).

Seed: 订阅号认证前后均支持每日群发 1 条消息(最多包含 8 条图文); 服务号每月可群发 4 条消息;
企业号消息触达无限制; 小程序账号不具备主动群发消息的权限.
"""

from __future__ import annotations

import pytest

from tests.helpers import account, compact, doc, findings, run, subject


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def at(pointer, observed, limit, account="acct") -> dict:
    return {"account": account, "related": [], "pointer": pointer, "severity": "error",
            "observed": observed, "limit": limit}


def sends(type_: str, *broadcasts) -> dict:
    """One account of ``type_`` (``acct``, at /accounts/0) with the given broadcasts
    (a date string, or a (date, articles) pair)."""
    items = [{"date": b} if isinstance(b, str) else {"date": b[0], "articles": b[1]} for b in broadcasts]
    return doc(subjects=[subject("acme")], accounts=[account("acct", type_, subject="acme", broadcasts=items)])


# -- WX401 subscription-daily-quota ----------------------------------------------------------
def test_wx401_one_a_day_passes():
    assert hits(sends("subscription", "2026-11-20", "2026-11-21", "2026-11-22"), "WX401") == []


def test_wx401_two_on_the_same_day_fail():
    # The pointer names the first broadcast over the quota.
    assert hits(sends("subscription", "2026-11-20", "2026-11-20"), "WX401") == [
        at("/accounts/0/broadcasts/1", 2, 1)]


def test_wx401_one_finding_per_day():
    d = sends("subscription", "2026-11-21", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-21", "2026-11-20")
    # 20 Nov: broadcasts 1 and 5; 21 Nov: 0, 2 and 4 (reports sort by pointer, SPEC §3).
    assert hits(d, "WX401") == [at("/accounts/0/broadcasts/2", 3, 1), at("/accounts/0/broadcasts/5", 2, 1)]


def test_wx401_the_quota_comes_from_the_ruleset():
    d = sends("subscription", *["2026-11-20"] * 3)
    assert hits(d, "WX401", overrides=["subscription_broadcasts_per_day=3"]) == []
    assert hits(d, "WX401", overrides=["subscription_broadcasts_per_day=2"]) == [at("/accounts/0/broadcasts/2", 3, 2)]
    assert hits(d, "WX401", overrides=["subscription_broadcasts_per_day=null"]) == []


def test_wx401_only_subscription_accounts():
    assert hits(sends("service", "2026-11-20", "2026-11-20"), "WX401") == []


# -- WX402 subscription-articles -------------------------------------------------------------
def test_wx402_eight_articles_pass():
    assert hits(sends("subscription", ("2026-11-20", 8)), "WX402") == []


def test_wx402_nine_articles_fail():
    assert hits(sends("subscription", ("2026-11-20", 8), ("2026-11-21", 9)), "WX402") == [
        at("/accounts/0/broadcasts/1", 9, 8)]


def test_wx402_one_finding_per_broadcast():
    d = sends("subscription", ("2026-11-20", 12), ("2026-11-21", 1), ("2026-11-22", 9))
    assert hits(d, "WX402") == [at("/accounts/0/broadcasts/0", 12, 8), at("/accounts/0/broadcasts/2", 9, 8)]


def test_wx402_the_limit_comes_from_the_ruleset():
    d = sends("subscription", ("2026-11-20", 3))
    assert hits(d, "WX402", overrides=["subscription_articles_per_broadcast=3"]) == []
    assert hits(d, "WX402", overrides=["subscription_articles_per_broadcast=2"]) == [
        at("/accounts/0/broadcasts/0", 3, 2)]
    assert hits(sends("subscription", ("2026-11-20", 99)), "WX402",
                overrides=["subscription_articles_per_broadcast=null"]) == []


def test_wx402_only_subscription_accounts():
    assert hits(sends("service", ("2026-11-20", 9)), "WX402") == []


# -- WX403 service-monthly-quota -------------------------------------------------------------
def test_wx403_four_in_a_month_pass():
    assert hits(sends("service", "2026-11-01", "2026-11-09", "2026-11-16", "2026-11-30"), "WX403") == []


def test_wx403_five_in_a_month_fail():
    d = sends("service", "2026-11-01", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30")
    assert hits(d, "WX403") == [at("/accounts/0/broadcasts/4", 5, 4)]


def test_wx403_calendar_months_not_rolling_windows():
    # 30 November and 1 December are in different months: 4 + 4 in eight days passes.
    d = sends("service", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
              "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04")
    assert hits(d, "WX403") == []


def test_wx403_the_same_month_of_another_year_is_another_month():
    d = sends("service", "2025-11-01", "2025-11-02", "2025-11-03", "2026-11-01", "2026-11-02", "2026-11-03")
    assert hits(d, "WX403") == []


def test_wx403_one_finding_per_month():
    # December: broadcasts 0-5 (6 of them); November: 6-10 (5). Pointers sort numerically.
    d = sends("service", *[f"2026-12-0{i}" for i in range(1, 7)], *[f"2026-11-1{i}" for i in range(1, 6)])
    assert hits(d, "WX403") == [at("/accounts/0/broadcasts/4", 6, 4), at("/accounts/0/broadcasts/10", 5, 4)]


def test_wx403_the_quota_comes_from_the_ruleset():
    d = sends("service", "2026-11-01", "2026-11-02")
    assert hits(d, "WX403", overrides=["service_broadcasts_per_month=1"]) == [at("/accounts/0/broadcasts/1", 2, 1)]
    assert hits(sends("service", *["2026-11-01"] * 9), "WX403", overrides=["service_broadcasts_per_month=null"]) == []


def test_wx403_only_service_accounts():
    assert hits(sends("subscription", *[f"2026-11-0{i}" for i in range(1, 6)]), "WX403") == []


# -- enterprise accounts: no quota -----------------------------------------------------------
def test_enterprise_accounts_have_no_quota():
    d = sends("enterprise", *[("2026-11-20", 20)] * 10)
    report = run(d, select=["WX4"])
    assert report.findings == []


# -- WX404 no-mass-messaging -----------------------------------------------------------------
def test_wx404_mini_program_with_broadcasts():
    assert hits(sends("mini_program", "2026-11-20", "2026-11-21"), "WX404") == [at("/accounts/0/broadcasts", 2, None)]


def test_wx404_mini_program_without_broadcasts_passes():
    assert hits(sends("mini_program"), "WX404") == []


@pytest.mark.parametrize("type_", ["subscription", "service", "enterprise"])
def test_wx404_official_accounts_may_broadcast(type_):
    assert hits(sends(type_, "2026-11-20"), "WX404") == []
