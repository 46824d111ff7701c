"""WX2xx: official accounts and mini-programs (RULES.md § WX2xx)."""

from __future__ import annotations

import pytest

from tests.helpers import account, compact, doc, findings, link, subject


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def at(account, pointer, related=(), severity="error") -> dict:
    return {"account": account, "related": list(related), "pointer": pointer, "severity": severity}


KINDS = ["individual", "sole_trader", "enterprise", "government", "media", "organization"]


def one(type_: str, kind: str, **fields) -> dict:
    """One account of ``type_`` (at /accounts/0) registered by a subject of ``kind``."""
    return doc(subjects=[subject("owner", kind)], accounts=[account("acct", type_, subject="owner", **fields)])


# -- WX201 service-subject-kind --------------------------------------------------------------
def test_wx201_service_account_of_an_individual():
    assert hits(one("service", "individual"), "WX201") == [at("acct", "/accounts/0")]


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "individual"])
def test_wx201_organisations_may_register_service_accounts(kind):
    # sole_trader (个体工商户) counts as an organisation (SPEC §1).
    assert hits(one("service", kind), "WX201") == []


def test_wx201_an_individual_may_register_a_subscription_account():
    assert hits(one("subscription", "individual"), "WX201") == []


# -- WX202 subscription-capability -----------------------------------------------------------
def features_named(fs) -> list[str]:
    return sorted(name for f in fs for name in ("wechat_pay", "advanced_api") if name in f.message)


@pytest.mark.parametrize("feature", ["wechat_pay", "advanced_api"])
def test_wx202_subscription_of_an_enterprise_uses_a_service_capability(feature):
    fs = findings(one("subscription", "enterprise", features=[feature]), "WX202")
    assert [compact(f) for f in fs] == [at("acct", "/accounts/0")]
    assert features_named(fs) == [feature]


def test_wx202_one_finding_per_feature():
    fs = findings(one("subscription", "individual", features=["advanced_api", "custom_menu", "wechat_pay"]),
                  "WX202")
    assert [compact(f) for f in fs] == [at("acct", "/accounts/0")] * 2
    assert features_named(fs) == ["advanced_api", "wechat_pay"]


def test_wx202_media_subscription_accounts_are_the_exception():
    assert hits(one("subscription", "media", features=["wechat_pay", "advanced_api"]), "WX202") == []


def test_wx202_custom_menu_is_no_service_capability():
    assert hits(one("subscription", "enterprise", features=["custom_menu"]), "WX202") == []


def test_wx202_only_subscription_accounts():
    assert hits(one("service", "enterprise", features=["wechat_pay", "advanced_api"], verified=True), "WX202") == []


def test_wx202_allowed_kinds_come_from_the_ruleset():
    d = one("subscription", "government", features=["wechat_pay"])
    assert len(hits(d, "WX202")) == 1
    assert hits(d, "WX202", overrides=["subscription_pay_subject_kinds=government,media"]) == []
    media = one("subscription", "media", features=["wechat_pay"])
    assert hits(media, "WX202", overrides=["subscription_pay_subject_kinds=[]"]) == [at("acct", "/accounts/0")]


# -- WX203 service-pay-unverified ------------------------------------------------------------
def test_wx203_unverified_service_account_with_wechat_pay():
    assert hits(one("service", "enterprise", features=["wechat_pay"]), "WX203") == [at("acct", "/accounts/0")]


@pytest.mark.parametrize("fields", [
    pytest.param({"features": ["wechat_pay"], "verified": True}, id="verified"),
    pytest.param({"features": ["advanced_api", "custom_menu"]}, id="no-pay"),
])
def test_wx203_passes(fields):
    assert hits(one("service", "enterprise", **fields), "WX203") == []


# -- WX204 admin-not-real-name ---------------------------------------------------------------
def admin_doc(real_name_verified: bool | None, targets=("news",)) -> dict:
    person = account("li", "personal")
    if real_name_verified is not None:
        person["real_name_verified"] = real_name_verified
    return doc(subjects=[subject("acme")],
               accounts=[person, account("news", "subscription", subject="acme"),
                         account("shop", "mini_program", subject="acme")],
               links=[link("admin", "li", t) for t in targets])


def test_wx204_admin_not_real_name_verified():
    assert hits(admin_doc(False), "WX204") == [at("news", "/links/0", ["li"])]


def test_wx204_one_finding_per_administered_account():
    assert hits(admin_doc(False, ("news", "shop")), "WX204") == [
        at("news", "/links/0", ["li"]), at("shop", "/links/1", ["li"])]


@pytest.mark.parametrize("verified", [True, None], ids=["verified", "default-verified"])
def test_wx204_passes(verified):
    assert hits(admin_doc(verified), "WX204") == []


# -- WX205 missing-admin ---------------------------------------------------------------------
ALL_TYPES = doc(subjects=[subject("acme")], accounts=[
    account("li", "personal"),                                 # /accounts/0
    account("li-work", "auxiliary", primary="li"),             # /accounts/1
    account("news", "subscription", subject="acme"),           # /accounts/2
    account("care", "service", subject="acme"),                # /accounts/3
    account("team", "enterprise", subject="acme"),             # /accounts/4
    account("shop", "mini_program", subject="acme"),           # /accounts/5
])


def test_wx205_official_accounts_and_mini_programs_without_admin():
    assert hits(ALL_TYPES, "WX205") == [
        at("care", "/accounts/3", severity="info"), at("news", "/accounts/2", severity="info"),
        at("shop", "/accounts/5", severity="info"), at("team", "/accounts/4", severity="info")]


def test_wx205_an_admin_link_satisfies_it():
    d = dict(ALL_TYPES, links=[link("admin", "li", t) for t in ("news", "care", "team", "shop")])
    assert hits(d, "WX205") == []


def test_wx205_other_links_are_no_admin():
    d = dict(ALL_TYPES, links=[link("admin", "li", t) for t in ("news", "care", "team")]
             + [link("promotes", "li", "shop"), link("mini_program", "news", "shop")])
    assert hits(d, "WX205") == [at("shop", "/accounts/5", severity="info")]


def test_wx205_official_types_come_from_the_ruleset():
    narrowed = ["linkable_official_types=subscription,service"]
    assert [f["account"] for f in hits(ALL_TYPES, "WX205", overrides=narrowed)] == ["care", "news", "shop"]


# -- WX206 mini-program-subject-kind ---------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_wx206_every_kind_may_register_a_mini_program_by_default(kind):
    assert hits(one("mini_program", kind), "WX206") == []


def test_wx206_a_ruleset_narrows_the_kinds():
    narrowed = ["mini_program_subject_kinds=enterprise,government"]
    assert hits(one("mini_program", "individual"), "WX206", overrides=narrowed) == [at("acct", "/accounts/0")]
    assert hits(one("mini_program", "sole_trader"), "WX206", overrides=narrowed) == [at("acct", "/accounts/0")]
    assert hits(one("mini_program", "enterprise"), "WX206", overrides=narrowed) == []


def test_wx206_only_mini_programs():
    narrowed = ["mini_program_subject_kinds=enterprise"]
    assert hits(one("subscription", "individual"), "WX206", overrides=narrowed) == []
