"""WX2xx: official accounts and mini-programs (RULES.md § WX2xx).

WX207-WX210 are off in ``seed`` (their parameters are null) and on in the sourced rulesets.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import topology
from tests.helpers import account, compact, doc, findings, link, run, subject


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


# -- WX207 officials-per-subject / WX208 mini-programs-per-subject ---------------------------
# The limit is by subject kind; a kind missing from the mapping has no limit; null = off (seed).
OFFICIALS_PER_SUBJECT = {"individual": 1, "enterprise": 2, "sole_trader": 2, "organization": 2,
                         "government": 50, "media": 50}  # the wechat-2025 values
MINIS_PER_SUBJECT = {"individual": 5, "sole_trader": 5, "enterprise": 50, "government": 50, "media": 50,
                     "organization": 50}


def owned_doc(kind: str, types: list[str], *, others=()) -> dict:
    """Subject ``owner`` of ``kind`` at /subjects/1 (after an unrelated ``bystander`` at /subjects/0)
    owning acct-01… of the given types; ``others`` are accounts of the bystander."""
    return doc(subjects=[subject("bystander", "enterprise"), subject("owner", kind)],
               accounts=[account(f"acct-{i:02d}", t, subject="owner") for i, t in enumerate(types, 1)]
               + [account(f"by-{i:02d}", t, subject="bystander") for i, t in enumerate(others, 1)])


def per_subject(n: int, limit: int, related: list[str] | None = None) -> dict:
    return {"account": None, "related": related or [f"acct-{i:02d}" for i in range(1, n + 1)],
            "pointer": "/subjects/1", "severity": "error", "observed": n, "limit": limit, "subject": "owner"}


def test_wx207_is_off_in_the_seed_ruleset():
    assert hits(owned_doc("individual", ["subscription"] * 3), "WX207") == []


@pytest.mark.parametrize("kind, limit", [("individual", 1), ("enterprise", 2), ("sole_trader", 2)])
def test_wx207_at_the_limit_pass_one_over_fail(kind, limit):
    rs = {"max_officials_per_subject": OFFICIALS_PER_SUBJECT}
    at_limit = (["subscription", "service"] * limit)[:limit]
    assert hits(owned_doc(kind, at_limit), "WX207", overrides=rs) == []
    over = at_limit + ["subscription"]
    assert hits(owned_doc(kind, over), "WX207", overrides=rs) == [per_subject(limit + 1, limit)]


def test_wx207_message_names_subject_kind_and_limit():
    (f,) = findings(owned_doc("enterprise", ["subscription", "service", "service"]), "WX207",
                    overrides={"max_officials_per_subject": OFFICIALS_PER_SUBJECT})
    assert f.message == ("Subject owner (kind enterprise) owns 3 official accounts (subscription and service); "
                         "the limit for its kind is 2.")


def test_wx207_counts_subscription_and_service_only():
    # 企业号 and mini-programs are not 公众号 for the registration quota.
    d = owned_doc("enterprise", ["subscription", "service", "enterprise", "enterprise", "mini_program"])
    assert hits(d, "WX207", overrides={"max_officials_per_subject": OFFICIALS_PER_SUBJECT}) == []


def test_wx207_a_kind_missing_from_the_mapping_has_no_limit():
    d = owned_doc("media", ["subscription"] * 4)
    assert hits(d, "WX207", overrides={"max_officials_per_subject": {"individual": 1, "enterprise": 2}}) == []
    assert hits(d, "WX207", overrides={"max_officials_per_subject": {"media": 3}}) == [per_subject(4, 3)]


def test_wx207_each_subject_is_counted_on_its_own():
    d = owned_doc("enterprise", ["subscription", "service"], others=["subscription", "service"])
    assert hits(d, "WX207", overrides={"max_officials_per_subject": {"enterprise": 2}}) == []
    # a subject without accounts, and accounts of an undefined subject, are no problem of this rule
    d["subjects"].append(subject("empty", "individual"))
    d["accounts"].append(account("stray", "subscription", subject="ghost"))
    assert hits(d, "WX207", overrides={"max_officials_per_subject": {"enterprise": 2, "individual": 0}}) == []


def test_wx208_is_off_in_the_seed_ruleset():
    assert hits(owned_doc("individual", ["mini_program"] * 9), "WX208") == []


@pytest.mark.parametrize("kind, limit", [("individual", 5), ("sole_trader", 5)])
def test_wx208_at_the_limit_pass_one_over_fail(kind, limit):
    rs = {"max_mini_programs_per_subject": MINIS_PER_SUBJECT}
    assert hits(owned_doc(kind, ["mini_program"] * limit), "WX208", overrides=rs) == []
    assert hits(owned_doc(kind, ["mini_program"] * (limit + 1)), "WX208", overrides=rs) == [
        per_subject(limit + 1, limit)]


def test_wx208_counts_mini_programs_only():
    d = owned_doc("individual", ["mini_program"] * 5 + ["subscription", "service"])
    assert hits(d, "WX208", overrides={"max_mini_programs_per_subject": MINIS_PER_SUBJECT}) == []


def test_wx208_a_kind_missing_from_the_mapping_has_no_limit():
    d = owned_doc("government", ["mini_program"] * 3)
    assert hits(d, "WX208", overrides={"max_mini_programs_per_subject": {"individual": 1}}) == []
    assert hits(d, "WX208", overrides={"max_mini_programs_per_subject": {"government": 2}}) == [per_subject(3, 2)]


def test_wx208_a_subject_ignore_suppresses_it():
    d = owned_doc("individual", ["mini_program"] * 2)
    d["subjects"][1]["ignore"] = ["WX208"]
    report = run(d, select=["WX208"], overrides={"max_mini_programs_per_subject": {"individual": 1}})
    assert report.findings == [] and report.counts["suppressed"] == 1


# -- WX209 admin-account-cap -----------------------------------------------------------------
def admins_doc(officials: int, minis: int = 0, *, links=()) -> dict:
    """Person ``li`` (/accounts/0) administering ``officials`` official accounts of mixed types
    (oa-01…) and ``minis`` mini-programs (mp-01…)."""
    types = ("subscription", "service", "enterprise")
    oas = [f"oa-{i:02d}" for i in range(1, officials + 1)]
    mps = [f"mp-{i:02d}" for i in range(1, minis + 1)]
    return doc(subjects=[subject("acme")],
               accounts=[account("li", "personal")]
               + [account(a, types[i % 3], subject="acme") for i, a in enumerate(oas)]
               + [account(m, "mini_program", subject="acme") for m in mps],
               links=[link("admin", "li", a) for a in oas + mps] + list(links))


FIVE = {"max_accounts_per_admin": 5}  # the wechat-2025 value


def admin_cap(n: int, limit: int = 5) -> dict:
    return {"account": "li", "related": [f"oa-{i:02d}" for i in range(1, n + 1)], "pointer": "/accounts/0",
            "severity": "error", "observed": n, "limit": limit}


def test_wx209_is_off_in_the_seed_ruleset():
    assert hits(admins_doc(9), "WX209") == []


def test_wx209_five_official_accounts_pass_six_fail():
    assert hits(admins_doc(5), "WX209", overrides=FIVE) == []
    assert hits(admins_doc(6), "WX209", overrides=FIVE) == [admin_cap(6)]


def test_wx209_mini_programs_administered_do_not_count():
    # The source (help-centre FAQ) caps the official accounts one person administers.
    assert hits(admins_doc(5, minis=4), "WX209", overrides=FIVE) == []


def test_wx209_an_account_administered_twice_counts_once():
    d = admins_doc(5, links=[link("admin", "li", "oa-01")])
    assert hits(d, "WX209", overrides=FIVE) == []


def test_wx209_official_types_come_from_the_ruleset():
    # oa-03 and oa-06 are enterprise accounts
    narrowed = {**FIVE, "linkable_official_types": ["subscription", "service"]}
    assert hits(admins_doc(7), "WX209", overrides=narrowed) == []


def test_wx209_each_person_is_counted_on_their_own():
    d = admins_doc(5)
    d["accounts"].append(account("wang", "personal"))
    d["links"] += [link("admin", "wang", "oa-01"), link("admin", "wang", "oa-02")]
    assert hits(d, "WX209", overrides={"max_accounts_per_admin": 4}) == [admin_cap(5, 4)]


def test_wx209_admin_records_that_are_not_live_do_not_count():
    """Rejected and removed admin records free the slot; pending ones count per the ruleset.

    Only mini_program links carry status and unlinked_on in the document format today, so the
    records are patched in after loading, as a later format would give them.
    """
    def report(status: str, unlinked_on=None, **options):
        eco = topology.load(admins_doc(6))
        assert (eco.links[5].source, eco.links[5].target) == ("li", "oa-06")
        eco.links[5] = SimpleNamespace(kind="admin", source="li", target="oa-06", status=status,
                                       unlinked_on=unlinked_on, ignore=[])
        return [compact(f) for f in topology.validate(eco, select=["WX209"], **options).findings]

    over = {"overrides": FIVE}
    assert report("linked", **over) == [admin_cap(6)]
    assert report("rejected", **over) == []
    assert report("linked", unlinked_on="2026-01-01", **over) == []
    assert report("pending", **over) == [admin_cap(6)]
    assert report("pending", overrides={**FIVE, "pending_counts_toward_caps": False}) == []


# -- WX210 individual-mini-program-pay -------------------------------------------------------
PAY_KINDS = {"mini_program_pay_subject_kinds": ["enterprise", "sole_trader", "government", "media", "organization"]}


def test_wx210_is_off_in_the_seed_ruleset():
    assert hits(one("mini_program", "individual", features=["wechat_pay"], verified=True), "WX210") == []


@pytest.mark.parametrize("fields, messages", [
    pytest.param({"features": ["wechat_pay"]}, ["uses wechat_pay"], id="pay"),
    pytest.param({"verified": True}, ["is verified"], id="verified"),
    pytest.param({"features": ["wechat_pay", "store_jump"], "verified": True}, ["is verified", "uses wechat_pay"],
                 id="one-finding-per-offence"),
])
def test_wx210_an_individuals_mini_program(fields, messages):
    fs = findings(one("mini_program", "individual", **fields), "WX210", overrides=PAY_KINDS)
    assert [compact(f) for f in fs] == [at("acct", "/accounts/0")] * len(messages)
    assert sorted(next(m for m in ("uses wechat_pay", "is verified") if m in f.message) for f in fs) == messages
    assert all("individual" in f.message for f in fs)


def test_wx210_other_features_are_fine():
    assert hits(one("mini_program", "individual", features=["store_jump", "product_import"]), "WX210",
                overrides=PAY_KINDS) == []


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "individual"])
def test_wx210_organisations_may_verify_and_take_payments(kind):
    assert hits(one("mini_program", kind, features=["wechat_pay"], verified=True), "WX210", overrides=PAY_KINDS) == []


def test_wx210_sole_trader_follows_the_list():
    d = one("mini_program", "sole_trader", features=["wechat_pay"])
    assert hits(d, "WX210", overrides=PAY_KINDS) == []
    assert hits(d, "WX210", overrides={"mini_program_pay_subject_kinds": ["enterprise"]}) == [at("acct", "/accounts/0")]


def test_wx210_only_mini_programs():
    d = one("subscription", "individual", features=["wechat_pay"], verified=True)
    assert hits(d, "WX210", overrides=PAY_KINDS) == []


def test_wx210_an_empty_list_allows_no_kind():
    d = one("mini_program", "enterprise", verified=True)
    assert hits(d, "WX210", overrides={"mini_program_pay_subject_kinds": []}) == [at("acct", "/accounts/0")]
