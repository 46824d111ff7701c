"""WX501 set-wise: the DuckDB query gives the in-memory engine's findings (tests/rules/test_enterprise.py's cases)."""

from __future__ import annotations

import pytest

import topology
from tests.columnar.agree import assert_agree
from tests.helpers import account, doc, link, subject
from tests.rules.test_enterprise import members


@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
def test_wx501_example_and_fix(ruleset):
    rule = topology.get_rule("WX501")
    assert [f.account for f in assert_agree(rule.example, select=["WX501"], ruleset=ruleset)] == ["team"]
    assert assert_agree(rule.use_instead, select=["WX501"], ruleset=ruleset) == []


def test_wx501_one_finding_per_unverified_record():
    d = members(link("member", "li-work", "team", verified=False), link("member", "li", "team", verified=True),
                link("member", "li", "team", verified=False), link("member", "li", "team"))
    found = assert_agree(d, select=["WX501"])
    assert [(f.account, f.related, f.pointer) for f in found] == [
        ("team", ("li-work",), "/links/0"), ("team", ("li",), "/links/2"), ("team", ("li",), "/links/3")]
    assert found[0].message == "li-work is a member of enterprise account team without verified contact details."


def test_wx501_ill_typed_member_links_are_left_to_wx004():
    d = members(link("member", "li", "news"), link("member", "li", "ghost"), link("member", "team", "team"),
                link("member", "news", "team"))
    assert assert_agree(d, select=["WX501"]) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_wx501_hostile_ids_and_repeated_definitions(lang):
    d = doc(subjects=[subject("it's")],
            accounts=[account("李'", "personal"), account("团队\"", "enterprise", subject="it's"),
                      account("团队\"", "service", subject="it's"), account("李'", "enterprise")],
            links=[link("member", "李'", "团队\""), link("member", "团队\"", "李'")])
    found = assert_agree(d, select=["WX501"], lang=lang)
    assert [(f.account, f.related) for f in found] == [("团队\"", ("李'",))]
