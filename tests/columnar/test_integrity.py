"""WX0xx on the DuckDB engine: the same findings as the in-memory engine, message and pointer too."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import topology
from tests.columnar.agree import assert_agree
from tests.fuzzing import documents
from tests.helpers import account, doc, link, subject
from tests.rules.test_integrity import ACME, ALL_ALLOWED_LINKS, LI, _unverified_admin, base

RULES = ["WX001", "WX002", "WX003", "WX004"]
WEIRD = ["it's", '"q"', "暖芽育儿经", "{x}", "a\\b", "🚀"]


def agree(d: dict, rule: str, **options) -> list:
    """Both engines agree under ``seed`` in English and ``wechat-2025`` in Chinese (the WX0 rules
    read one parameter, ``linkable_official_types``, equal in both); the English findings."""
    found = assert_agree(d, select=[rule], ruleset="seed", lang="en", **options)
    assert_agree(d, select=[rule], ruleset="wechat-2025", lang="zh", **options)
    return found


def facts(found: list) -> list[tuple]:
    return [(f.rule, f.account, f.pointer, f.related, f.subject) for f in found]


@pytest.mark.parametrize("rule", RULES)
def test_examples_and_their_fixes_agree(rule):
    r = topology.get_rule(rule)
    overrides = r.example_set or None
    assert agree(r.example, rule, overrides=overrides), "the example must fail"
    assert agree(r.use_instead, rule, overrides=overrides) == []


@pytest.mark.parametrize("rule", RULES)
def test_every_allowed_relation_is_clean_on_both(rule):
    assert agree(base(*ALL_ALLOWED_LINKS), rule) == []


@pytest.mark.parametrize("rule", RULES)
def test_empty_document_agrees(rule):
    assert agree(doc(), rule) == []


# -- WX001 -------------------------------------------------------------------------------------
WX001_CASES = {
    "subject": doc(accounts=[account("news", "subscription", subject="acmee")]),
    "primary": doc(accounts=[account("li-work", "auxiliary", primary="lee")]),
    "target": base(link("mini_program", "news", "shopp")),
    "source": base(link("admin", "lee", "news")),
    "both-ends": base(link("promotes", "ghost", "phantom"), link("mini_program", "news", "shopp")),
    "self-loop": base(link("promotes", "ghost", "ghost")),
    "namespaces": doc(subjects=[ACME], accounts=[account("news", "subscription", subject="acme"),
                                                 account("shop", "mini_program", subject="news")],
                      links=[link("mini_program", "news", "acme")]),
    "optional": doc(accounts=[account("li", "personal"), account("team", "enterprise")]),
    # an auxiliary's subject is its primary's: reported once, on the primary
    "auxiliary-subject": doc(accounts=[account("li", "personal", subject="nobody"),
                                       account("li-work", "auxiliary", primary="li")]),
    # a primary that is itself an auxiliary: no subject at all, nothing dangling
    "auxiliary-chain": doc(accounts=[account("a", "auxiliary", primary="b"), account("b", "auxiliary", primary="a")]),
    # only the first definition counts: its subject is defined, the second's is not
    "repeated-id": doc(subjects=[ACME], accounts=[account("news", "subscription", subject="acme"),
                                                  account("news", "subscription", subject="ghost"),
                                                  account("x", "auxiliary", primary="ghost"),
                                                  account("x", "auxiliary", primary="news")]),
    "dangling-primary-and-link": doc(accounts=[account("w", "auxiliary", primary="p")],
                                     links=[link("member", "w", "p"), link("promotes", "p", "w")]),
    "quotes-and-cjk": doc(accounts=[account(w, "subscription", subject=w + "-s") for w in WEIRD],
                          links=[link("mini_program", w, "幽灵") for w in WEIRD]),
}


@pytest.mark.parametrize("name", list(WX001_CASES))
def test_wx001_agrees(name):
    agree(WX001_CASES[name], "WX001")


def test_wx001_reports_both_undefined_ends_on_no_account():
    found = agree(WX001_CASES["both-ends"], "WX001")
    assert facts(found) == [
        ("WX001", None, "/links/0/source", ("ghost",), None),
        ("WX001", None, "/links/0/target", ("phantom",), None),
        ("WX001", "news", "/links/1/target", ("shopp",), None),
    ]


def test_wx001_an_auxiliary_is_not_blamed_for_its_primarys_subject():
    found = agree(WX001_CASES["auxiliary-subject"], "WX001")
    assert facts(found) == [("WX001", "li", "/accounts/0/subject", ("nobody",), None)]
    assert found[0].message == "account li (subject) names 'nobody', which the document does not define."


def test_wx001_reads_first_definitions_only():
    found = agree(WX001_CASES["repeated-id"], "WX001")
    assert facts(found) == [("WX001", "x", "/accounts/2/primary", ("ghost",), None)]


# -- WX002 -------------------------------------------------------------------------------------
WX002_CASES = {
    "accounts": doc(accounts=[account("li", "personal"), account("wu", "personal"),
                              account("li", "personal"), account("li", "auxiliary", primary="wu")]),
    "subjects": doc(subjects=[ACME, subject("acme", "media"), subject("acme", "individual")]),
    "person-and-subject": doc(subjects=[LI], accounts=[account("li", "personal", subject="li")]),
    "quotes-and-cjk": doc(subjects=[subject(w) for w in WEIRD * 2],
                          accounts=[account(w, "personal") for w in WEIRD * 2]),
}


@pytest.mark.parametrize("name", list(WX002_CASES))
def test_wx002_agrees(name):
    agree(WX002_CASES[name], "WX002")


def test_wx002_subject_and_account_findings():
    found = agree(WX002_CASES["subjects"], "WX002")
    assert facts(found) == [("WX002", None, "/subjects/1", (), "acme"), ("WX002", None, "/subjects/2", (), "acme")]
    assert found[1].message == "Subject id 'acme' is defined again (first at /subjects/0)."
    found = agree(WX002_CASES["accounts"], "WX002")
    assert [f.pointer for f in found] == ["/accounts/2", "/accounts/3"]


# -- WX003 -------------------------------------------------------------------------------------
RELINKS = [
    ({"linked_on": "2025-01-01", "unlinked_on": "2025-06-01"}, {"linked_on": "2026-01-01"}, False),
    ({"linked_on": "2025-01-01", "status": "rejected"}, {"linked_on": "2025-02-01"}, False),
    ({"linked_on": "2025-01-01", "unlinked_on": "2025-06-01"}, {"linked_on": "2025-07-01", "unlinked_on": "2025-09-01"},
     False),
    ({"linked_on": "2025-01-01", "unlinked_on": "2025-06-01"}, {"linked_on": "2025-01-01"}, True),
    ({"linked_on": "2025-01-01"}, {"linked_on": "2026-01-01"}, True),
    ({"linked_on": "2025-01-01", "status": "pending"}, {"linked_on": "2026-01-01"}, True),
    ({"status": "rejected"}, {"status": "rejected"}, True),  # no linked_on on either: the same day
    ({"status": "rejected"}, {}, True),
    ({"linked_on": "2025-01-01", "status": "rejected"}, {}, False),
    # a live record, then one that no longer stands, from another day
    ({"linked_on": "2025-01-01"}, {"linked_on": "2025-02-01", "status": "rejected"}, False),
    ({"linked_on": "2025-01-01"}, {"linked_on": "2025-03-01", "unlinked_on": "2025-04-01"}, False),
]


@pytest.mark.parametrize("first, second, duplicate", RELINKS)
def test_wx003_history_or_duplicate_agrees(first, second, duplicate):
    d = base(link("mini_program", "news", "shop", **first), link("mini_program", "news", "shop", **second))
    found = agree(d, "WX003")
    assert facts(found) == ([("WX003", "news", "/links/1", ("shop",), None)] if duplicate else [])


def test_wx003_first_is_the_earliest_matching_record_not_the_earliest():
    # /links/2 repeats /links/1 (both live); /links/0 was unlinked on another day
    d = base(link("mini_program", "news", "shop", linked_on="2024-01-01", unlinked_on="2024-02-01"),
             link("mini_program", "news", "shop", linked_on="2025-01-01"),
             link("mini_program", "news", "shop", linked_on="2026-01-01"),
             link("mini_program", "news", "shop", linked_on="2024-01-01", status="rejected"))
    found = agree(d, "WX003")
    assert [f.message for f in found] == [
        "The mini_program link news → shop is listed again (first at /links/1); caps count it once.",
        "The mini_program link news → shop is listed again (first at /links/0); caps count it once.",
    ]


WX003_CASES = {
    "three": base(*[link("promotes", "li", "news")] * 3),
    "kinds-and-directions": base(link("mini_program", "news", "shop"), link("promotes", "news", "shop"),
                                 link("promotes", "shop", "news"), link("mini_program", "news", "shop")),
    # a primary edge shares the (u, v) pair of the memory graph: not a link, never a duplicate
    "primary-pair": base(link("member", "li-work", "li"), link("promotes", "li-work", "li")),
    "undefined-ends": base(*[link("admin", "ghost", "phantom")] * 2, *[link("promotes", "ghost", "ghost")] * 2),
    "ill-typed": base(*[link("mini_program", "li", "care")] * 2),
    "quotes-and-cjk": base(*[link("promotes", w, "幽灵") for w in WEIRD * 2]),
}


@pytest.mark.parametrize("name", list(WX003_CASES))
def test_wx003_agrees(name):
    agree(WX003_CASES[name], "WX003")


def test_wx003_reports_links_with_undefined_ends():
    found = agree(WX003_CASES["undefined-ends"], "WX003")
    assert facts(found) == [("WX003", "ghost", "/links/1", ("phantom",), None),
                            ("WX003", "ghost", "/links/3", ("ghost",), None)]


# -- WX004 -------------------------------------------------------------------------------------
WX004_BAD = [link("mini_program", "news", "care"), link("mini_program", "li", "shop"), link("admin", "li-work", "news"),
             link("admin", "li", "li-work"), link("member", "news", "team"), link("member", "li", "care"),
             link("promotes", "news", "li"), link("mini_program", "li", "care")]


@pytest.mark.parametrize("bad", WX004_BAD, ids=lambda x: f"{x['kind']}-{x['source']}-{x['target']}")
def test_wx004_each_wrong_relation_agrees(bad):
    assert agree(base(bad), "WX004")


WX004_CASES = {
    "primary": base(extra_accounts=[account("odd", "auxiliary", primary="news")]),
    "dangling": base(link("mini_program", "news", "nowhere"), link("admin", "ghost", "news"),
                     extra_accounts=[account("odd", "auxiliary", primary="nobody")]),
    "undefined-source-bad-target": base(link("member", "ghost", "care")),
    # every definition of an auxiliary is checked, its primary's type by the primary's first definition
    "repeated": base(extra_accounts=[account("odd", "auxiliary", primary="news"),
                                     account("odd", "auxiliary", primary="team"),
                                     account("li", "subscription", subject="acme"),
                                     account("odd2", "auxiliary", primary="li")]),
    "auxiliary-primary": base(extra_accounts=[account("odd", "auxiliary", primary="li-work")]),
    "all-bad": base(*WX004_BAD),
}


@pytest.mark.parametrize("name", list(WX004_CASES))
def test_wx004_agrees(name):
    agree(WX004_CASES[name], "WX004")


def test_wx004_repeated_auxiliary_definitions_each_reported():
    found = agree(WX004_CASES["repeated"], "WX004")
    assert facts(found) == [("WX004", "odd", "/accounts/6/primary", ("news",), None),
                            ("WX004", "odd", "/accounts/7/primary", ("team",), None)]
    assert found[0].message == ("auxiliary odd primary 'news' is of type subscription; "
                                "it must be one of: personal.")


def test_wx004_undefined_source_leaves_the_account_empty():
    found = agree(WX004_CASES["undefined-source-bad-target"], "WX004")
    assert facts(found) == [("WX004", None, "/links/0/target", ("care",), None)]


@pytest.mark.parametrize("officials", [["subscription", "service"], ["service"], []])
def test_wx004_official_types_come_from_the_ruleset(officials):
    d = base(link("mini_program", "team", "shop"), link("mini_program", "news", "shop"),
             link("mini_program", "care", "shop"))
    found = agree(d, "WX004", overrides={"linkable_official_types": officials})
    assert sorted(f.account for f in found) == sorted(
        a for a, t in (("team", "enterprise"), ("news", "subscription"), ("care", "service")) if t not in officials)


# -- WX007 -------------------------------------------------------------------------------------
def _dangling_and_unverified() -> dict:
    d = _unverified_admin()
    d["links"].append(link("mini_program", "news", "shopp"))  # WX001 on news, related shopp
    return d


@pytest.mark.parametrize("entries, stale", [
    ([{"rule": "WX001", "account": "news", "related": ["shopp"]}], 0),   # matches
    ([{"rule": "WX001", "account": "news", "related": []}], 1),          # related ids differ
    ([{"rule": "WX004", "account": "ghost"}], 1),                        # an account the document lacks
    ([{"rule": "WX002", "subject": "acme"}], 1),                         # a subject entry
    ([{"rule": "WX001", "account": "news", "related": ["shopp"]}, {"rule": "WX003", "account": "ops"},
      {"rule": "WX204", "account": "news", "related": []}], 1),           # WX204 did not run: never stale
])
def test_wx007_agrees_with_a_suppressions_file(entries, stale):
    file = {"schema_version": 1, "suppressions": entries}
    found = assert_agree(_dangling_and_unverified(), select=["WX0"], suppressions=file)
    assert len([f for f in found if f.rule == "WX007"]) == stale
    matched = entries[0].get("related") == ["shopp"]
    assert [f.rule for f in found if f.rule != "WX007"] == ([] if matched else ["WX001"])


# -- random documents --------------------------------------------------------------------------
INT64_MAX = 2**63 - 1


def _int64(value):
    """The document with integers past BIGINT (the fuzzer's huge priorities) brought down to its
    largest: the engine stages BIGINT, and no WX0 rule reads those values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return min(value, INT64_MAX)
    if isinstance(value, dict):
        return {k: _int64(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_int64(v) for v in value]
    return value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents().map(_int64))
def test_random_documents_agree(d):
    assert_agree(d, select=["WX0"])
