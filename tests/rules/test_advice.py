"""WX9xx: ecosystem advice (RULES.md § WX9xx). Seed: 再通过菜单关联将流量导向小程序,实现服务转化."""

from __future__ import annotations

import pytest

from tests.helpers import account, compact, doc, findings, link, subject


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def shop_linked_by(*links) -> dict:
    return doc(subjects=[subject("acme"), subject("other")],
               accounts=[account("shop", "mini_program", subject="acme"),       # /accounts/0
                         account("news", "subscription", subject="acme"),
                         account("care", "service", subject="other"),
                         account("team", "enterprise", subject="acme"),
                         account("li", "personal")],
               links=list(links))


NO_ENTRY = [{"account": "shop", "related": [], "pointer": "/accounts/0", "severity": "info"}]


def test_wx901_mini_program_without_any_link():
    assert hits(shop_linked_by(), "WX901") == NO_ENTRY


@pytest.mark.parametrize("source", ["news", "care", "team"])
def test_wx901_a_link_from_any_official_account_is_an_entry(source):
    # care belongs to another subject: a cross-subject link is an entry too.
    assert hits(shop_linked_by(link("mini_program", source, "shop")), "WX901") == []


@pytest.mark.parametrize("record", [
    pytest.param(link("mini_program", "news", "shop", status="rejected"), id="rejected"),
    pytest.param(link("mini_program", "news", "shop", status="pending"), id="pending-not-yet-live"),
    pytest.param(link("mini_program", "news", "shop", linked_on="2026-01-01", unlinked_on="2026-02-01"),
                 id="unlinked"),
    pytest.param(link("promotes", "news", "shop"), id="promotes-is-no-menu-link"),
    pytest.param(link("mini_program", "li", "shop"), id="from-a-person"),
])
def test_wx901_records_that_are_no_live_entry(record):
    assert hits(shop_linked_by(record), "WX901") == NO_ENTRY


def test_wx901_official_types_come_from_the_ruleset():
    d = shop_linked_by(link("mini_program", "team", "shop"))
    assert hits(d, "WX901", overrides=["linkable_official_types=subscription,service"]) == NO_ENTRY
