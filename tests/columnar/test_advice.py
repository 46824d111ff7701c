"""WX901 set-wise: the DuckDB query gives the in-memory engine's findings (tests/rules/test_advice.py's cases)."""

from __future__ import annotations

import pytest

import topology
from tests.columnar.agree import assert_agree
from tests.helpers import account, doc, link, subject
from tests.rules.test_advice import shop_linked_by


@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
def test_wx901_example_and_fix(ruleset):
    rule = topology.get_rule("WX901")
    (f,) = assert_agree(rule.example, select=["WX901"], ruleset=ruleset)
    assert (f.account, f.pointer, f.related) == ("shop", "/accounts/0", ())
    assert assert_agree(rule.use_instead, select=["WX901"], ruleset=ruleset) == []


@pytest.mark.parametrize("record", [
    link("mini_program", "news", "shop"), link("mini_program", "care", "shop"), link("mini_program", "team", "shop"),
    link("mini_program", "news", "shop", status="rejected"), link("mini_program", "news", "shop", status="pending"),
    link("mini_program", "news", "shop", linked_on="2026-01-01", unlinked_on="2026-02-01"),
    link("promotes", "news", "shop"), link("mini_program", "li", "shop"), link("mini_program", "ghost", "shop"),
])
@pytest.mark.parametrize("overrides", [None, {"pending_counts_toward_caps": False},
                                       {"linkable_official_types": ["subscription", "service"]}])
def test_wx901_which_records_are_an_entry(record, overrides):
    assert_agree(shop_linked_by(record), select=["WX901"], overrides=overrides)


def test_wx901_pending_is_no_entry_whatever_the_ruleset():
    d = shop_linked_by(link("mini_program", "news", "shop", status="pending"))
    for pending in (True, False):
        found = assert_agree(d, select=["WX901"], overrides={"pending_counts_toward_caps": pending})
        assert [f.account for f in found] == ["shop"]


def test_wx901_hostile_ids_repeated_definitions_and_empty_tables():
    d = doc(subjects=[subject("主体")],
            accounts=[account("小程序'", "mini_program", subject="幽灵"), account("店\"", "mini_program", subject="主体"),
                      account("店\"", "service", subject="主体"), account("号", "subscription", subject="主体")],
            links=[link("mini_program", "号", "店\"")])
    assert [f.account for f in assert_agree(d, select=["WX901"], lang="zh")] == ["小程序'"]
    assert assert_agree(doc(), select=["WX901"]) == []
