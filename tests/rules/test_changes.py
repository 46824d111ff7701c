"""WX6xx: changes against a baseline (RULES.md § WX6xx). Seed: 一经注册不可更改类型."""

from __future__ import annotations

from tests.helpers import account, compact, doc, findings, subject

S = [subject("acme")]


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


OLD = doc(subjects=S, accounts=[account("news", "subscription", subject="acme"),
                                account("shop", "mini_program", subject="acme"),
                                account("gone", "service", subject="acme")])


def test_wx601_account_type_changed():
    new = doc(subjects=S, accounts=[account("shop", "mini_program", subject="acme"),
                                    account("news", "service", subject="acme")])
    assert hits(new, "WX601", baseline=OLD) == [
        {"account": "news", "related": [], "pointer": "/accounts/1", "severity": "error"}]


def test_wx601_same_types_added_and_removed_accounts_pass():
    new = doc(subjects=S, accounts=[account("news", "subscription", subject="acme"),
                                    account("shop", "mini_program", subject="acme"),
                                    account("care", "service", subject="acme")])
    assert hits(new, "WX601", baseline=OLD) == []


def test_wx601_needs_a_baseline():
    new = doc(subjects=S, accounts=[account("news", "service", subject="acme")])
    assert hits(new, "WX601") == []


def test_wx601_every_changed_account():
    new = doc(subjects=S, accounts=[account("news", "enterprise", subject="acme"),
                                    account("shop", "subscription", subject="acme"),
                                    account("gone", "service", subject="acme")])
    assert [f["account"] for f in hits(new, "WX601", baseline=OLD)] == ["news", "shop"]
