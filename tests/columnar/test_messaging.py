"""WX4xx on DuckDB: the same findings as the in-memory engine (tests/rules/test_messaging.py's cases,
pointers into the broadcasts of an account's first definition, calendar months at the calendar's ends)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests import fuzzing
from tests.columnar.agree import assert_agree
from tests.columnar.test_personal import RULESETS, agree, clamp
from tests.helpers import account, doc, subject
from tests.rules.test_messaging import sends

RULES = ["WX401", "WX402", "WX403", "WX404"]


def where(found) -> list[tuple]:
    return [(f.account, f.pointer, f.observed, f.limit) for f in found]


@pytest.mark.parametrize("rule", RULES)
def test_the_registry_example_and_its_fix(rule):
    r = topology.get_rule(rule)
    options = {"overrides": dict(r.example_set)} if getattr(r, "example_set", None) else {}
    assert agree(r.example, rule, **options) != []
    assert agree(r.use_instead, rule, **options) == []


# -- WX401 subscription-daily-quota ----------------------------------------------------------
def test_wx401_one_finding_per_day_at_the_first_broadcast_over():
    d = sends("subscription", "2026-11-21", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-21", "2026-11-20")
    assert where(agree(d, "WX401")) == [("acct", "/accounts/0/broadcasts/2", 3, 1),
                                        ("acct", "/accounts/0/broadcasts/5", 2, 1)]


@pytest.mark.parametrize("quota", [0, 1, 2, 3, 10**30, 10**40, None])
def test_wx401_quota_from_the_ruleset(quota):
    d = sends("subscription", *["2026-11-20"] * 3, "0001-01-01", "9999-12-31", "9999-12-31")
    found = agree(d, "WX401", overrides={"subscription_broadcasts_per_day": quota})
    if quota == 2:
        assert where(found) == [("acct", "/accounts/0/broadcasts/2", 3, 2)]


@pytest.mark.parametrize("type_", ["service", "enterprise", "mini_program"])
def test_wx401_only_subscription_accounts(type_):
    assert agree(sends(type_, "2026-11-20", "2026-11-20"), "WX401") == []


# -- WX402 subscription-articles -------------------------------------------------------------
@pytest.mark.parametrize("articles, fires", [(8, False), (9, True), (1, False), (2**63 - 1, True)])
def test_wx402_at_and_over_the_limit(articles, fires):
    found = agree(sends("subscription", ("2026-11-20", 1), ("2026-11-21", articles)), "WX402")
    assert where(found) == ([("acct", "/accounts/0/broadcasts/1", articles, 8)] if fires else [])


@pytest.mark.parametrize("limit", [1, 2, 3, 10**30, None])
def test_wx402_limit_from_the_ruleset(limit):
    d = sends("subscription", ("2026-11-20", 12), ("2026-11-21", 1), ("2026-11-22", 3))
    agree(d, "WX402", overrides={"subscription_articles_per_broadcast": limit})


# -- WX403 service-monthly-quota -------------------------------------------------------------
def test_wx403_one_finding_per_month():
    d = sends("service", *[f"2026-12-0{i}" for i in range(1, 7)], *[f"2026-11-1{i}" for i in range(1, 6)])
    assert where(agree(d, "WX403")) == [("acct", "/accounts/0/broadcasts/4", 6, 4),
                                        ("acct", "/accounts/0/broadcasts/10", 5, 4)]


@pytest.mark.parametrize("dates", [
    ["2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"],
    ["2025-11-01", "2025-11-02", "2026-11-01", "2026-11-02"],
    ["0001-01-01", "0001-01-31", "0001-02-01", "9999-12-01", "9999-12-31", "0999-12-05", "0999-12-06"],
])
@pytest.mark.parametrize("quota", [0, 1, 2])
def test_wx403_calendar_months(dates, quota):
    found = agree(sends("service", *dates), "WX403", overrides={"service_broadcasts_per_month": quota}, lang="zh")
    assert found != [] or quota == 2


def test_wx403_month_of_the_first_years_is_four_digits():
    found = agree(sends("service", "0005-03-01", "0005-03-02"), "WX403", overrides={"service_broadcasts_per_month": 1})
    assert "0005-03" in found[0].message


# -- WX404 no-mass-messaging -----------------------------------------------------------------
def test_wx404_mini_program_with_broadcasts():
    assert where(agree(sends("mini_program", "2026-11-20", "2026-11-21"), "WX404")) == [
        ("acct", "/accounts/0/broadcasts", 2, None)]


@pytest.mark.parametrize("type_", ["subscription", "service", "enterprise"])
def test_wx404_official_accounts_may_broadcast(type_):
    assert agree(sends(type_, "2026-11-20"), "WX404") == []


# -- first definitions, odd ids --------------------------------------------------------------
def test_broadcasts_of_the_first_definition_only():
    day = [{"date": "2026-11-20"}] * 2
    d = doc(subjects=[subject("acme")], accounts=[
        account("a'b", "subscription", subject="acme"),
        account("a'b", "subscription", subject="acme", broadcasts=day),
        account("小程序", "mini_program", subject="acme", broadcasts=day),
        account("小程序", "mini_program", subject="acme", broadcasts=day * 2),
        account("svc", "service", subject="acme", broadcasts=day * 3),
        account("svc", "mini_program", subject="acme", broadcasts=day)])
    found = assert_agree(d, select=["WX4"], overrides={"service_broadcasts_per_month": 1})
    assert [(f.rule, f.account, f.pointer, f.observed) for f in found] == [
        ("WX403", "svc", "/accounts/4/broadcasts/1", 6), ("WX404", "小程序", "/accounts/2/broadcasts", 2)]


def test_enterprise_accounts_have_no_quota():
    assert assert_agree(sends("enterprise", *[("2026-11-20", 20)] * 10), select=["WX4"]) == []


# -- random documents ------------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=fuzzing.documents().map(clamp), as_of=st.one_of(st.none(), fuzzing.days),
       ruleset=st.sampled_from(RULESETS), overrides=fuzzing.overrides(), lang=st.sampled_from(["en", "zh"]))
def test_random_documents_agree(doc, as_of, ruleset, overrides, lang):
    assert_agree(doc, select=["WX4"], as_of=as_of, ruleset=ruleset, overrides=overrides, lang=lang)


# -- table sets: broadcasts and bans placed by account_row, or by account id -----------------
MIXED = doc(subjects=[subject("acme")], as_of="2026-03-01", accounts=[
    account("li", "personal", registered_on="2024-02-29", bans=[{"start": "2025-01-01"}]),
    account("li", "personal", registered_on="2020-01-01", wechat_pay_bound=True),
    account("w", "auxiliary", primary="li", registered_on="2026-02-28", features=["transfer"]),
    account("a'b", "subscription", subject="acme"),
    account("a'b", "subscription", subject="acme", broadcasts=[{"date": "2026-11-20"}] * 2),
    account("svc", "service", subject="acme", broadcasts=[{"date": "2026-11-20", "articles": 9}] * 3),
    account("m", "mini_program", subject="acme", broadcasts=[{"date": "2026-11-20"}])])


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_a_table_set_gives_the_documents_findings(fmt, tmp_path):
    from topology.columnar.convert import to_table_set
    from topology.columnar.validation import validate as validate_columnar

    options = {"select": ["WX3", "WX4"], "overrides": {"service_broadcasts_per_month": 1}}
    expected = assert_agree(MIXED, **options)
    assert [f.rule for f in expected] == ["WX303", "WX304", "WX305", "WX308", "WX403", "WX404"]
    root = to_table_set(topology.load(MIXED), tmp_path / "set", fmt)
    assert validate_columnar(root, **options).findings == expected
