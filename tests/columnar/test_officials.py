"""WX2xx set-wise (topology/columnar/rules/officials.py): the DuckDB engine gives the in-memory
engine's findings, message and pointer included, on the catalogue's examples, the boundary
documents of tests/rules/test_officials.py and the documents that trip a set-wise query up
(repeated ids, missing subjects, ill-typed links, quotes and CJK in ids, empty tables)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests.columnar.agree import assert_agree
from tests.fuzzing import EDGE_DATES, documents, overrides
from tests.helpers import account, compact, doc, link, subject
from tests.rules.test_officials import (
    ALL_TYPES,
    FIVE,
    KINDS,
    MINIS_PER_SUBJECT,
    OFFICIALS_PER_SUBJECT,
    PAY_KINDS,
    admin_cap,
    admin_doc,
    admins_doc,
    at,
    one,
    owned_doc,
    per_subject,
)

RULES = [f"WX2{i:02d}" for i in range(1, 11)]
RULESETS = ["seed", "wechat-2025"]


def agree(document: dict, rule: str | None = None, **options) -> list[dict]:
    """Both engines agree (all WX2xx rules run); the compact findings of ``rule`` (all when None)."""
    found = assert_agree(document, select=["WX2"], **options)
    return [compact(f) for f in found if rule is None or f.rule == rule]


# -- the catalogue's own documents ---------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("rule_id", RULES)
def test_examples_agree(rule_id, ruleset):
    rule = topology.get_rule(rule_id)
    overrides = dict(rule.example_set) if rule.example_set else None
    failing = assert_agree(rule.example, ruleset=ruleset, select=["WX2"], overrides=overrides)
    assert [f for f in failing if f.rule == rule_id], "the failing example must fail in both engines"
    passing = assert_agree(rule.use_instead, ruleset=ruleset, select=["WX2"], overrides=overrides)
    assert not [f for f in passing if f.rule == rule_id]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_messages_are_the_memory_engines_in_both_languages(lang):
    d = one("subscription", "individual", features=["advanced_api", "wechat_pay"])
    found = assert_agree(d, select=["WX202"], lang=lang)
    assert len(found) == 2 and found[0].message != found[1].message


# -- WX201-WX206 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("type_, fields", [
    ("service", {}), ("service", {"features": ["wechat_pay"]}),
    ("service", {"features": ["wechat_pay", "advanced_api"], "verified": True}),
    ("subscription", {"features": ["advanced_api", "custom_menu", "wechat_pay"]}),
    ("subscription", {"features": ["custom_menu"]}),
    ("mini_program", {"features": ["wechat_pay", "store_jump"], "verified": True}),
    ("mini_program", {"verified": True}), ("mini_program", {"features": ["product_import"]}),
])
def test_one_account_of_each_kind(type_, fields, kind, ruleset):
    agree(one(type_, kind, **fields), ruleset=ruleset)


def test_wx201_service_of_an_individual_names_its_owner():
    (f,) = assert_agree(one("service", "individual"), select=["WX201"])
    assert compact(f) == at("acct", "/accounts/0") and "subject owner" in f.message


def test_wx202_one_finding_per_feature():
    d = one("subscription", "individual", features=["advanced_api", "custom_menu", "wechat_pay"])
    assert agree(d, "WX202") == [at("acct", "/accounts/0")] * 2


@pytest.mark.parametrize("kinds", [[], ["government", "media"], ["enterprise"]])
def test_wx202_wx206_allowed_kinds_from_overrides(kinds):
    d = doc(subjects=[subject("co", "enterprise"), subject("me", "media")],
            accounts=[account("news", "subscription", subject="co", features=["wechat_pay"]),
                      account("paper", "subscription", subject="me", features=["advanced_api"]),
                      account("shop", "mini_program", subject="co")])
    agree(d, overrides={"subscription_pay_subject_kinds": kinds, "mini_program_subject_kinds": kinds})


def test_wx204_one_finding_per_admin_record():
    assert agree(admin_doc(False, ("news", "shop", "news")), "WX204") == [
        at("news", "/links/0", ["li"]), at("news", "/links/2", ["li"]), at("shop", "/links/1", ["li"])]


@pytest.mark.parametrize("verified", [True, None])
def test_wx204_verified_or_by_default(verified):
    assert agree(admin_doc(verified), "WX204") == []


def test_wx204_wx205_ill_typed_admin_links_are_not_seen():
    # an admin link from a non-personal account, to a personal one or to an undefined id is
    # WX004/WX001's business: it neither offends WX204 nor satisfies WX205
    d = doc(subjects=[subject("acme")],
            accounts=[account("li", "personal", real_name_verified=False), account("wang", "personal"),
                      account("news", "subscription", subject="acme"),
                      account("care", "service", subject="acme")],
            links=[link("admin", "care", "news"), link("admin", "li", "wang"), link("admin", "li", "ghost"),
                   link("promotes", "li", "care")])
    assert agree(d, "WX204") == []
    assert [f["account"] for f in agree(d, "WX205")] == ["care", "news"]


def test_wx205_every_type_and_official_types_from_the_ruleset():
    assert [f["account"] for f in agree(ALL_TYPES, "WX205")] == ["care", "news", "shop", "team"]
    narrowed = {"linkable_official_types": ["subscription"]}
    assert [f["account"] for f in agree(ALL_TYPES, "WX205", overrides=narrowed)] == ["news", "shop"]
    assert [f["account"] for f in agree(ALL_TYPES, "WX205", overrides={"linkable_official_types": []})] == ["shop"]
    d = dict(ALL_TYPES, links=[link("admin", "li", t) for t in ("news", "care", "team")]
             + [link("promotes", "li", "shop"), link("mini_program", "news", "shop")])
    assert agree(d, "WX205") == [at("shop", "/accounts/5", severity="info")]


def test_first_definitions_win():
    # "acct" is first a service account of an individual, then a subscription account of an
    # enterprise; subject "owner" is first an individual, then an enterprise
    d = doc(subjects=[subject("owner", "individual"), subject("owner", "enterprise"), subject("co")],
            accounts=[account("acct", "service", subject="owner", features=["wechat_pay"]),
                      account("acct", "subscription", subject="co", features=["wechat_pay"]),
                      account("li", "personal"), account("li", "personal", real_name_verified=False),
                      account("shop", "mini_program", subject="owner", verified=True)],
            links=[link("admin", "li", "acct")])
    found = agree(d, ruleset="wechat-2025")
    assert at("acct", "/accounts/0") in found and not [f for f in found if f["account"] == "li"]


def test_subjects_missing_undefined_or_through_a_primary():
    # no subject, an undefined subject and an auxiliary (whose subject is its primary's) have no
    # kind to check; an auxiliary is not counted by WX207/WX208 though its primary has a subject
    d = doc(subjects=[subject("me", "individual")],
            accounts=[account("care", "service", subject="ghost", features=["wechat_pay"]),
                      account("team", "enterprise"),
                      account("li", "personal", subject="me"),
                      account("li-work", "auxiliary", primary="li"),
                      account("li-shop", "mini_program", subject="me", features=["wechat_pay"]),
                      account("odd", "auxiliary", primary="care")],
            links=[link("admin", "li", "team"), link("member", "li-work", "team")])
    agree(d, ruleset="wechat-2025", overrides={"max_mini_programs_per_subject": {"individual": 0},
                                               "max_officials_per_subject": {"individual": 0}})


@pytest.mark.parametrize("ident", ["it's", '"q"', "暖芽育儿经", "a/b", "~0~1", "{x}", "🚀"])
def test_hostile_ids(ident):
    d = doc(subjects=[subject(ident, "individual")],
            accounts=[account(ident, "personal", real_name_verified=False),
                      account(f"{ident}-care", "service", subject=ident, features=["wechat_pay"]),
                      account(f"{ident}-shop", "mini_program", subject=ident, verified=True),
                      account(f"{ident}-news", "subscription", subject=ident, features=["wechat_pay"])],
            links=[link("admin", ident, f"{ident}-care"), link("admin", ident, f"{ident}-news")])
    found = agree(d, ruleset="wechat-2025", overrides={"max_accounts_per_admin": 1})
    assert {f["account"] for f in found} >= {f"{ident}-care", ident}


def test_empty_documents():
    assert agree(doc(), ruleset="wechat-2025") == []
    assert agree(doc(subjects=[subject("acme")]), ruleset="wechat-2025") == []


# -- WX207/WX208: limits by subject kind ---------------------------------------------------------
@pytest.mark.parametrize("kind, limit", [("individual", 1), ("enterprise", 2), ("sole_trader", 2)])
def test_wx207_at_the_limit_and_one_over(kind, limit):
    at_limit = (["subscription", "service"] * limit)[:limit]
    assert agree(owned_doc(kind, at_limit), "WX207", ruleset="wechat-2025") == []
    over = at_limit + ["subscription"]
    assert agree(owned_doc(kind, over), "WX207", ruleset="wechat-2025") == [per_subject(limit + 1, limit)]
    assert agree(owned_doc(kind, over), "WX207", ruleset="seed") == []  # off


def test_wx207_counts_subscription_and_service_only():
    d = owned_doc("enterprise", ["subscription", "service", "enterprise", "enterprise", "mini_program"])
    assert agree(d, "WX207", overrides={"max_officials_per_subject": OFFICIALS_PER_SUBJECT}) == []


@pytest.mark.parametrize("limits, expected", [
    ({"individual": 1, "enterprise": 2}, []),
    ({"media": 3}, [per_subject(4, 3)]),
    ({"media": 10**30}, []),
    ({"media": 0, "individual": 10**30}, [per_subject(4, 0)]),
    ({}, []),
])
def test_wx207_a_kind_missing_from_the_mapping_has_no_limit(limits, expected):
    d = owned_doc("media", ["subscription"] * 4)
    assert agree(d, "WX207", overrides={"max_officials_per_subject": limits}) == expected


@pytest.mark.parametrize("when, expected", [
    ("2018-02-09", []),                      # before the first era: no value, off
    ("2018-02-10", [per_subject(3, 2)]),     # an individual 2
    ("2018-11-15", [per_subject(3, 2)]),
    ("2018-11-16", [per_subject(3, 1)]),     # an individual 1
])
def test_wx207_limits_by_date(when, expected):
    d = owned_doc("individual", ["subscription", "service", "subscription"])
    assert agree(d, "WX207", ruleset="wechat-2025", rules_as_of=when) == expected


def test_wx207_each_subject_on_its_own():
    d = owned_doc("enterprise", ["subscription", "service"], others=["subscription", "service"])
    d["subjects"].append(subject("empty", "individual"))
    d["accounts"].append(account("stray", "subscription", subject="ghost"))
    assert agree(d, "WX207", overrides={"max_officials_per_subject": {"enterprise": 2, "individual": 0}}) == []
    assert agree(d, "WX207", overrides={"max_officials_per_subject": {"enterprise": 1}}) == [
        {**per_subject(2, 1, ["by-01", "by-02"]), "pointer": "/subjects/0", "subject": "bystander"},
        per_subject(2, 1)]


@pytest.mark.parametrize("kind, limit", [("individual", 5), ("sole_trader", 5)])
def test_wx208_at_the_limit_and_one_over(kind, limit):
    rs = {"max_mini_programs_per_subject": MINIS_PER_SUBJECT}
    assert agree(owned_doc(kind, ["mini_program"] * limit), "WX208", overrides=rs) == []
    assert agree(owned_doc(kind, ["mini_program"] * (limit + 1)), "WX208", overrides=rs) == [
        per_subject(limit + 1, limit)]
    assert agree(owned_doc(kind, ["mini_program"] * (limit + 1)), "WX208", ruleset="wechat-2025") == [
        per_subject(limit + 1, limit)]


def test_wx208_counts_mini_programs_only_and_names_them_sorted():
    d = owned_doc("government", ["mini_program", "subscription", "mini_program", "service", "mini_program"])
    d["accounts"].reverse()
    assert agree(d, "WX208", overrides={"max_mini_programs_per_subject": {"government": 2}}) == [
        per_subject(3, 2, ["acct-01", "acct-03", "acct-05"])]


# -- WX209 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", RULESETS)
def test_wx209_five_pass_six_fail(ruleset):
    assert agree(admins_doc(5), "WX209", overrides=FIVE, ruleset=ruleset) == []
    assert agree(admins_doc(6), "WX209", overrides=FIVE, ruleset=ruleset) == [admin_cap(6)]
    expected = [admin_cap(6)] if ruleset == "wechat-2025" else []
    assert agree(admins_doc(6), "WX209", ruleset=ruleset) == expected


def test_wx209_what_counts():
    # mini-programs are not counted, an account administered twice counts once, each person apart
    assert agree(admins_doc(5, minis=4), "WX209", overrides=FIVE) == []
    assert agree(admins_doc(5, links=[link("admin", "li", "oa-01")]), "WX209", overrides=FIVE) == []
    d = admins_doc(5)
    d["accounts"].append(account("wang", "personal"))
    d["links"] += [link("admin", "wang", "oa-01"), link("admin", "wang", "oa-02")]
    assert agree(d, "WX209", overrides={"max_accounts_per_admin": 4}) == [admin_cap(5, 4)]
    assert agree(d, "WX209", overrides={"max_accounts_per_admin": 0}) == [
        admin_cap(5, 0), {**admin_cap(2, 0), "account": "wang", "pointer": "/accounts/6"}]


@pytest.mark.parametrize("overrides, expected", [
    ({"max_accounts_per_admin": 5, "linkable_official_types": ["subscription", "service"]}, []),  # 2 enterprise
    ({"max_accounts_per_admin": 1, "linkable_official_types": []}, []),
    ({"max_accounts_per_admin": 10**30}, []),
    ({"max_accounts_per_admin": 5, "pending_counts_toward_caps": False}, [admin_cap(7)]),  # admin links are linked
])
def test_wx209_parameters(overrides, expected):
    assert agree(admins_doc(7), "WX209", overrides=overrides) == expected


# -- WX210 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fields, n", [({"features": ["wechat_pay"]}, 1), ({"verified": True}, 1),
                                       ({"features": ["wechat_pay", "store_jump"], "verified": True}, 2),
                                       ({"features": ["store_jump"]}, 0)])
def test_wx210_one_finding_per_offence(fields, n):
    d = one("mini_program", "individual", **fields)
    assert agree(d, "WX210", overrides=PAY_KINDS) == [at("acct", "/accounts/0")] * n
    assert agree(d, "WX210", ruleset="wechat-2025") == [at("acct", "/accounts/0")] * n
    assert agree(d, "WX210", ruleset="seed") == []  # off


def test_wx210_an_empty_list_allows_no_kind():
    d = one("mini_program", "enterprise", verified=True)
    assert agree(d, "WX210", overrides={"mini_program_pay_subject_kinds": []}) == [at("acct", "/accounts/0")]


# -- random documents ----------------------------------------------------------------------------
def _fits(value) -> bool:
    """No integer past BIGINT (the columnar stager cannot hold one; a known limit, not WX2xx's)."""
    if isinstance(value, dict):
        return all(_fits(v) for v in value.values())
    if isinstance(value, list):
        return all(_fits(v) for v in value)
    return not isinstance(value, int) or isinstance(value, bool) or abs(value) <= 2**63 - 1


#: the parameters WX2xx read, as the registry names them (overriding others would only dilute the search)
PARAMETERS = {name for rule in RULES for name in topology.get_rule(rule).parameters}
mine = overrides().map(lambda o: {k: v for k, v in o.items() if k in PARAMETERS} or None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents().filter(_fits), ruleset=st.sampled_from(RULESETS),
       rules_as_of=st.one_of(st.none(), st.sampled_from(EDGE_DATES + ["2018-02-09", "2018-02-10", "2018-11-16"])),
       changed=st.one_of(st.none(), mine), lang=st.sampled_from(["en", "zh"]))
def test_random_documents_agree(document, ruleset, rules_as_of, changed, lang):
    assert_agree(document, ruleset=ruleset, rules_as_of=rules_as_of, overrides=changed, lang=lang, select=["WX2"])
