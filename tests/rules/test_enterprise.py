"""WX5xx: enterprise accounts (RULES.md § WX5xx). Seed: 需先验证成员通讯信息方可关注."""

from __future__ import annotations

import pytest

from tests.helpers import account, compact, doc, findings, link, subject


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def members(*links) -> dict:
    return doc(subjects=[subject("acme")],
               accounts=[account("li", "personal"), account("li-work", "auxiliary", primary="li"),
                         account("team", "enterprise", subject="acme"),
                         account("news", "subscription", subject="acme")],
               links=list(links))


def test_wx501_member_not_verified_by_default():
    assert hits(members(link("member", "li", "team")), "WX501") == [
        {"account": "team", "related": ["li"], "pointer": "/links/0", "severity": "error"}]


def test_wx501_one_finding_per_unverified_member():
    d = members(link("member", "li-work", "team", verified=False), link("member", "li", "team", verified=True),
                link("member", "li", "team", verified=False))
    assert hits(d, "WX501") == [
        {"account": "team", "related": ["li-work"], "pointer": "/links/0", "severity": "error"},
        {"account": "team", "related": ["li"], "pointer": "/links/2", "severity": "error"}]


@pytest.mark.parametrize("source", ["li", "li-work"])
def test_wx501_verified_members_pass(source):
    assert hits(members(link("member", source, "team", verified=True)), "WX501") == []


def test_wx501_member_links_to_other_types_are_left_to_wx004():
    assert hits(members(link("member", "li", "news"), link("member", "li", "ghost")), "WX501") == []
