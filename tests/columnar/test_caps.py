"""WX101-WX106 set-wise: the DuckDB queries give the in-memory engine's findings, to the letter.

Every case goes through :func:`tests.columnar.agree.assert_agree`; a few also say what the
finding is, so a test fails if both engines went quiet. The boundary documents are the rule
tests' own (tests/rules/test_caps.py, test_calendar_edges.py).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests.columnar.agree import assert_agree
from tests.fuzzing import HUGE, documents
from tests.helpers import account, doc, link, subject
from tests.rules import test_calendar_edges as edges
from tests.rules.test_caps import (
    cross,
    mini_links_doc,
    minis_doc,
    november,
    oa,
    official_links_doc,
    officials_doc,
    pending_doc,
    same,
    shops,
    spread,
)

RULESETS = ("seed", "wechat-2025")
CAPS = ("WX101", "WX102", "WX103", "WX104", "WX105", "WX106")
ONE = {"max_new_mini_program_links_per_month": 1, "max_new_official_links_per_month": 1}
STALE_7 = {"pending_link_stale_days": 7}
MONTHLY = {"max_new_mini_program_links_per_month": 13, "max_new_official_links_per_month": 2}


def agree(document: dict, rule: str | list[str], **options) -> list:
    return assert_agree(document, select=[rule] if isinstance(rule, str) else rule, **options)


# -- the catalogue's own documents ---------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("rule_id", CAPS)
def test_the_example_fails_alike_and_its_fix_passes(rule_id, ruleset):
    rule = topology.get_rule(rule_id)
    found = agree(rule.example, rule_id, ruleset=ruleset, overrides=rule.example_set or None)
    assert [f.rule for f in found] == ([] if (rule_id, ruleset) == ("WX101", "wechat-2025") else [rule_id])
    assert agree(rule.use_instead, rule_id, ruleset=ruleset, overrides=rule.example_set or None) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_messages_agree_in_both_languages(lang):
    for rule_id in CAPS:
        rule = topology.get_rule(rule_id)
        assert agree(rule.example, rule_id, overrides=rule.example_set or None, lang=lang)


# -- WX101 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("n", [50, 51])
def test_wx101_at_the_cap_and_one_over(n, ruleset):
    found = agree(officials_doc(n), "WX101", ruleset=ruleset)
    if ruleset == "seed":
        assert [(f.account, f.related, f.observed, f.limit) for f in found] == (
            [("shop", tuple(oa(51)), 51, 50)] if n == 51 else [])


@pytest.mark.parametrize("extra", [{}, {"status": "pending"}, {"status": "rejected"},
                                   {"linked_on": "2026-01-05", "unlinked_on": "2026-02-01"}])
@pytest.mark.parametrize("pending", [True, False])
def test_wx101_which_records_take_a_slot(extra, pending):
    d = officials_doc(50, extra_accounts=[account("oa-51", "service", subject="other")],
                      extra_links=[link("mini_program", "oa-51", "shop", **extra),
                                   link("mini_program", "oa-01", "shop", status="pending")])
    agree(d, "WX101", overrides={"pending_counts_toward_caps": pending})


def test_wx101_official_types_and_small_caps():
    narrowed = {"linkable_official_types": ["subscription", "service"], "max_officials_per_mini_program": 33}
    assert len(agree(officials_doc(51), "WX101", overrides=narrowed)) == 1
    assert agree(officials_doc(51), "WX101", overrides={"max_officials_per_mini_program": None}) == []


# -- WX102 / WX103 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("n_same, n_cross", [(10, 3), (11, 3), (10, 4), (11, 4), (0, 0)])
def test_wx102_wx103_at_the_caps_and_one_over(n_same, n_cross, ruleset):
    found = agree(minis_doc(n_same, n_cross), ["WX102", "WX103"], ruleset=ruleset)
    expected = ([("WX102", tuple(same(11)))] if n_same == 11 else []) + (
        [("WX103", tuple(cross(4)))] if n_cross == 4 else [])
    assert [(f.rule, f.related) for f in found] == expected


@pytest.mark.parametrize("official, rules", [
    pytest.param(account("news", "enterprise"), ["WX103"], id="official-without-subject"),
    pytest.param(account("news", "enterprise", subject="ghost"), ["WX103"], id="official-of-an-undefined-subject"),
    pytest.param(account("news", "service", subject="other"), ["WX102", "WX103"], id="official-of-another-subject"),
])
def test_wx102_wx103_an_unknown_subject_is_never_the_same(official, rules):
    d = minis_doc(4, 4, official=official)
    d["accounts"].append(account("bare", "mini_program", subject="ghost-2"))  # a subject nobody defines
    d["links"].append(link("mini_program", "news", "bare"))
    found = agree(d, ["WX102", "WX103"], overrides={"max_same_subject_mini_programs": 0})
    assert [f.rule for f in found] == rules
    assert "bare" in found[-1].related


def test_wx102_wx103_duplicates_rejected_pending_and_removed_links():
    d = minis_doc(10, 3, extra_accounts=[account("cross-04", "mini_program", subject="other"),
                                         account("same-11", "mini_program", subject="acme")],
                  extra_links=[link("mini_program", "news", "same-01"),
                               link("mini_program", "news", "cross-01", status="pending"),
                               link("mini_program", "news", "cross-04", status="pending"),
                               link("mini_program", "news", "same-11", unlinked_on="2026-03-01"),
                               link("mini_program", "news", "same-11", status="rejected")])
    for pending in (True, False):
        agree(d, ["WX102", "WX103"], overrides={"pending_counts_toward_caps": pending})
    assert len(agree(d, "WX103")) == 1


def test_wx102_wx103_narrowed_official_types_and_rules_off():
    d = minis_doc(11, 4, official=account("news", "enterprise", subject="acme"))
    assert agree(d, ["WX102", "WX103"], overrides={"linkable_official_types": ["subscription", "service"]}) == []
    off = {"max_same_subject_mini_programs": None, "max_cross_subject_mini_programs": None}
    assert agree(minis_doc(20, 20), ["WX102", "WX103"], overrides=off) == []


# -- WX104 / WX105 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("n", [13, 14])
def test_wx104_at_the_quota_and_one_over(n, ruleset):
    found = agree(official_links_doc(november(n)), "WX104", ruleset=ruleset)
    assert len(found) == (1 if n == 14 and ruleset == "wechat-2025" else 0)


@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("n", [500, 501])
def test_wx105_at_the_quota_and_one_over(n, ruleset):
    found = agree(mini_links_doc(spread(n)), "WX105", ruleset=ruleset)
    if n == 501 and ruleset == "wechat-2025":
        (f,) = found
        assert (f.account, f.observed, f.limit, f.related) == ("shop", 501, 500, tuple(sorted(oa(501))))
        assert "2026-11" in f.message
    else:
        assert found == []


@pytest.mark.parametrize("days", [
    ["2024-01-31", "2024-02-01"], ["2024-02-01", "2024-02-29"], ["2025-12-31", "2026-01-01"],
    ["2025-01-10", "2026-01-10"], ["2026-01-01", "2026-01-31"],
    ["2026-01-05", "2026-01-06", "2026-02-05", "2026-03-05", "2026-03-06", "2026-03-07"],
    ["0001-01-01", "0001-01-31", "9999-12-01", "9999-12-31"], ["0999-05-01", "0999-05-02"],
])
def test_wx104_wx105_calendar_months(days):
    agree(official_links_doc(days), ["WX104", "WX105"], overrides=ONE)
    agree(mini_links_doc(days), ["WX104", "WX105"], overrides=ONE)


def test_wx104_wx105_the_first_and_last_calendar_months():
    found = agree(edges.edge_month_doc(), ["WX104", "WX105"],
                  overrides={"max_new_mini_program_links_per_month": 1, "max_new_official_links_per_month": 0})
    assert sorted(m for f in found for m in ("0001-01", "9999-12") if m in f.message) == ["0001-01"] * 3 + ["9999-12"] * 3


@pytest.mark.parametrize("fields", [{"unlinked_on": "2026-11-20"}, {"status": "pending"}, {"status": "rejected"},
                                    {"quick_registered": True}, {"quick_registered": False}])
@pytest.mark.parametrize("pending", [True, False])
def test_wx104_wx105_which_records_count(fields, pending):
    options = {"overrides": {**ONE, "pending_counts_toward_caps": pending}}
    agree(official_links_doc(["2026-11-02", "2026-11-03"], extra=[{}, fields]), ["WX104", "WX105"], **options)
    agree(mini_links_doc(["2026-11-02", "2026-11-03"], extra=[{}, fields]), ["WX104", "WX105"], **options)


def test_wx104_wx105_a_copy_counts_once_relinking_again_undated_never():
    d = official_links_doc(["2026-11-02", "2026-11-03"])
    d["links"].append(link("mini_program", "news", "shop-01", linked_on="2026-11-02"))  # a copy
    d["links"].append(link("mini_program", "news", "shop-01"))  # no date
    two = {"max_new_mini_program_links_per_month": 2, "max_new_official_links_per_month": 1}
    assert agree(d, "WX104", overrides=two) == []
    d["links"].append(link("mini_program", "news", "shop-01", linked_on="2026-11-09"))  # linked again
    found = agree(d, ["WX104", "WX105"], overrides=two)
    assert [(f.rule, f.account, f.related, f.observed) for f in found] == [
        ("WX104", "news", tuple(shops(2)), 3), ("WX105", "shop-01", ("news",), 2)]


def test_wx104_wx105_ill_typed_links_and_other_officials():
    d = official_links_doc(["2026-11-02", "2026-11-03"], official_type="enterprise")
    d["accounts"] += [account("li", "personal"), account("care", "service", subject="acme")]
    d["links"] += [link("mini_program", "li", "shop-01", linked_on="2026-11-03"),
                   link("mini_program", "news", "nowhere", linked_on="2026-11-03"),
                   link("mini_program", "news", "care", linked_on="2026-11-03"),
                   link("mini_program", "care", "shop-01", linked_on="2026-11-04")]
    for types in (["subscription", "service"], ["subscription", "service", "enterprise"]):
        agree(d, ["WX104", "WX105"], overrides={**ONE, "linkable_official_types": types})


# -- WX106 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("linked_on, as_of, days", [
    ("2026-11-18", None, 7), ("2026-11-17", None, 8), ("2026-11-18", "2026-11-26", 8),
    ("2026-11-25", None, 0), ("2026-11-26", None, -1),
])
def test_wx106_at_n_days_and_one_over(linked_on, as_of, days, ruleset):
    found = agree(pending_doc(linked_on), "WX106", ruleset=ruleset, **({"as_of": as_of} if as_of else {}))
    if ruleset == "wechat-2025" and days > 7:
        (f,) = found
        assert (f.account, f.related, f.pointer, f.observed, f.limit) == ("news", ("shop",), "/links/1", days, 7)
    else:
        assert found == []


@pytest.mark.parametrize("fields", [{"status": "linked"}, {"status": "rejected"}, {"unlinked_on": "2026-11-01"}])
def test_wx106_only_standing_invitations(fields):
    assert agree(pending_doc("2026-10-01", **fields), "WX106", overrides=STALE_7) == []
    assert agree(pending_doc(None), "WX106", overrides=STALE_7) == []


@pytest.mark.parametrize("linked_on, as_of, days", [
    ("0001-01-01", "9999-12-31", 7), ("0001-01-01", "9999-12-31", 3652057), ("0001-01-01", "9999-12-31", 3652058),
    ("0001-01-01", "9999-12-31", HUGE), ("9999-12-31", "0001-01-01", 0), ("2024-02-29", "2024-03-01", 0),
])
def test_wx106_at_the_ends_of_the_calendar(linked_on, as_of, days):
    found = agree(edges.pending_doc(linked_on, as_of), "WX106", overrides={"pending_link_stale_days": days})
    assert [f.observed for f in found] == ([3652058] if days < 3652058 and linked_on == "0001-01-01"
                                            else [1] if linked_on == "2024-02-29" else [])


# -- hostile input ------------------------------------------------------------------------------------
def test_ids_with_quotes_and_cjk_and_repeated_definitions():
    d = doc(subjects=[subject("it's"), subject("主体")],
            accounts=[account("公众号'", "subscription", subject="it's"),
                      account("公众号'", "mini_program", subject="主体"),  # a second definition: WX002's
                      account('小程序"1', "mini_program", subject="it's"),
                      account("小程序'2", "mini_program", subject="主体"),
                      account("小程序'2", "service", subject="it's")],
            links=[link("mini_program", "公众号'", m, linked_on=day, status=status)
                   for m, day, status in [('小程序"1', "0001-01-01", "pending"), ("小程序'2", "0001-01-02", "linked")]])
    zero = {k: 0 for k in ("max_officials_per_mini_program", "max_same_subject_mini_programs",
                           "max_cross_subject_mini_programs", "max_new_mini_program_links_per_month",
                           "max_new_official_links_per_month", "pending_link_stale_days")}
    found = agree(d, list(CAPS), overrides=zero, as_of="9999-12-31")
    assert sorted({f.rule for f in found}) == list(CAPS)


def test_an_empty_document():
    assert agree(doc(), list(CAPS), ruleset="wechat-2025") == []


# -- random documents ---------------------------------------------------------------------------------
SELECT = ["WX1", "WX501", "WX901"]


def within_bigint(value):
    """The document with integers beyond BIGINT (broadcast articles, priorities: no rule here reads
    them, and the engine cannot stage them) brought to its maximum, so the documents that hold them
    are still checked."""
    if isinstance(value, dict):
        return {k: within_bigint(v) for k, v in value.items()}
    if isinstance(value, list):
        return [within_bigint(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and value >= 2**63:
        return 2**63 - 1
    return value


limits = st.sampled_from([0, 1, 2, 13, HUGE, None])
OVERRIDES = st.fixed_dictionaries({}, optional={
    "pending_counts_toward_caps": st.booleans(),
    "linkable_official_types": st.sampled_from([["subscription", "service"], ["enterprise"]]),
    **{k: limits for k in ("max_officials_per_mini_program", "max_same_subject_mini_programs",
                           "max_cross_subject_mini_programs", "max_new_mini_program_links_per_month",
                           "max_new_official_links_per_month")},
    "pending_link_stale_days": st.sampled_from([0, 1, 7, 3652057, 3652058, HUGE, None]),
})
AS_OF = st.sampled_from([None, "0001-01-01", "9999-12-31", "2026-11-25", "2026-12-01"])


def options(ruleset, as_of, overrides) -> dict:
    return {"select": SELECT, "ruleset": ruleset, "overrides": overrides or None, **({"as_of": as_of} if as_of else {})}


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents(), st.sampled_from(RULESETS), AS_OF, OVERRIDES)
def test_random_documents_agree(document, ruleset, as_of, overrides):
    assert_agree(within_bigint(document), **options(ruleset, as_of, overrides))


IDS = ["news", "it's", "暖芽", "care", "shop", "shop-2", "小程序", 'q"x', "team", "li"]
DAYS = ["0001-01-01", "0001-01-31", "9999-12-01", "9999-12-31", "2024-02-29", "2026-11-01", "2026-11-17",
        "2026-11-18", "2026-11-30", "2026-12-01"]


@st.composite
def dense(draw) -> dict:
    """Few accounts, many mini_program links between them (copies, every status, dates at the
    calendar's ends), so the caps and quotas are reached: documents() seldom reaches them."""
    types = ["subscription", "service", "enterprise", "enterprise", "mini_program", "mini_program"]
    accounts = []
    for _ in range(draw(st.integers(1, 9))):
        a = account(draw(st.sampled_from(IDS)), draw(st.sampled_from(types)))
        if a["type"] not in ("personal", "enterprise") or draw(st.integers(0, 4)):
            a["subject"] = draw(st.sampled_from(["acme", "other", "ghost"]))
        accounts.append(a)
    officials = [a["id"] for a in accounts if a["type"] not in ("mini_program", "personal")] or IDS
    minis = [a["id"] for a in accounts if a["type"] == "mini_program"] or IDS
    links = []
    for _ in range(draw(st.integers(0, 25))):
        stray = draw(st.integers(0, 5)) == 0
        x = link("mini_program", draw(st.sampled_from(IDS if stray else officials)),
                 draw(st.sampled_from(IDS if stray else minis)))
        for key, values in (("status", ["linked", "pending", "rejected"]), ("quick_registered", [True, False]),
                            ("linked_on", DAYS)):
            if draw(st.integers(0, 2)):
                x[key] = draw(st.sampled_from(values))
        if "linked_on" in x and draw(st.integers(0, 4)) == 0:
            x["unlinked_on"] = "9999-12-31"
        links.append(x)
    return doc(subjects=[subject("acme"), subject("other")][: draw(st.integers(0, 2))], accounts=accounts,
               links=links)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(dense(), st.sampled_from(RULESETS), AS_OF, OVERRIDES)
def test_dense_documents_agree(document, ruleset, as_of, overrides):
    assert_agree(document, **options(ruleset, as_of, overrides))


def test_subjects_are_told_apart_from_accounts_of_the_same_id():
    d = doc(subjects=[subject("acme")],
            accounts=[account("acme", "subscription", subject="acme"), account("shop", "mini_program", subject="acme")]
            + [account(m, "mini_program", subject="acme") for m in same(2)],
            links=[link("mini_program", "acme", m) for m in ["shop", *same(2)]])
    found = agree(d, "WX102", overrides={"max_same_subject_mini_programs": 2})
    assert [(f.account, f.related) for f in found] == [("acme", ("same-01", "same-02", "shop"))]

