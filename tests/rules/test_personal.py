"""WX3xx: personal and auxiliary accounts (RULES.md § WX3xx).

Seed: 辅助账号允许同一手机号在主账号满足"注册时长超两年、近一年无封号记录、已绑定手机号与微信支付"等条件后辅助注册.
The evaluation date of an auxiliary is its ``registered_on``, else the run's as-of date
(the ``as_of=`` option, else the document's ``as_of``, else today in UTC).
``registered_on + N years`` is the same month and day N years later (29 Feb → 28 Feb).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.helpers import account, compact, doc, findings, subject


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def at(account, pointer, related=(), severity="error", **extra) -> dict:
    return {"account": account, "related": list(related), "pointer": pointer, "severity": severity, **extra}


def person(registered_on: str | None = "2015-01-01", **kw) -> dict:
    """A primary that meets every condition unless told otherwise (/accounts/0)."""
    fields = {"wechat_pay_bound": True, **kw}
    if registered_on is not None:
        fields["registered_on"] = registered_on
    return account("li", "personal", **fields)


def aux_doc(primary: dict | None = None, registered_on: str | None = "2025-06-01", as_of: str | None = None,
            **aux_fields) -> dict:
    """Primary ``li`` at /accounts/0 and its auxiliary ``li-work`` at /accounts/1."""
    fields = dict(aux_fields)
    if registered_on is not None:
        fields["registered_on"] = registered_on
    top = {"as_of": as_of} if as_of else {}
    return doc(accounts=[primary or person(), account("li-work", "auxiliary", primary="li", **fields)], **top)


AUX = at("li-work", "/accounts/1", ["li"])


@pytest.mark.parametrize("rule", ["WX301", "WX302", "WX303", "WX304", "WX305", "WX306", "WX307", "WX308"])
def test_a_primary_meeting_every_condition_passes(rule):
    assert hits(aux_doc(), rule) == []


# -- WX301 personal-subject-kind -------------------------------------------------------------
@pytest.mark.parametrize("kind", ["enterprise", "sole_trader", "government", "media", "organization"])
def test_wx301_personal_account_of_a_non_individual_subject(kind):
    d = doc(subjects=[subject("owner", kind)], accounts=[account("li", "personal", subject="owner")])
    assert hits(d, "WX301") == [at("li", "/accounts/0")]


def test_wx301_individual_or_no_subject_passes():
    d = doc(subjects=[subject("li", "individual")],
            accounts=[account("li", "personal", subject="li"), account("wu", "personal")])
    assert hits(d, "WX301") == []


# -- WX302 personal-not-real-name ------------------------------------------------------------
def test_wx302_not_real_name_verified():
    d = doc(accounts=[account("li", "personal", real_name_verified=False), account("wu", "personal")])
    assert hits(d, "WX302") == [at("li", "/accounts/0")]


def test_wx302_auxiliaries_are_not_personal_accounts():
    # An auxiliary is unverified by default (it binds identity separately: WX308).
    assert hits(aux_doc(), "WX302") == []


# -- WX303 auxiliary-primary-age -------------------------------------------------------------
@pytest.mark.parametrize("primary_on, aux_on, fires", [
    pytest.param("2023-06-01", "2025-06-01", True, id="exactly-two-years-fires"),
    pytest.param("2023-06-01", "2025-06-02", False, id="one-day-more-passes"),
    pytest.param("2023-06-02", "2025-06-01", True, id="one-day-less-fires"),
    pytest.param("2024-06-01", "2025-06-01", True, id="one-year"),
    pytest.param("2026-01-01", "2025-06-01", True, id="primary-registered-after"),
    pytest.param("2020-02-29", "2022-02-28", True, id="29-feb-plus-two-years-is-28-feb-fires"),
    pytest.param("2020-02-29", "2022-03-01", False, id="29-feb-then-1-march-passes"),
    pytest.param("2022-02-28", "2024-02-28", True, id="28-feb-into-leap-year-fires"),
    pytest.param("2022-02-28", "2024-02-29", False, id="28-feb-into-leap-year-29-feb-passes"),
])
def test_wx303_primary_registered_more_than_two_years_before(primary_on, aux_on, fires):
    d = aux_doc(person(primary_on), registered_on=aux_on)
    assert hits(d, "WX303") == ([AUX] if fires else [])


def test_wx303_evaluation_date_is_the_document_as_of_when_the_auxiliary_has_no_registered_on():
    assert hits(aux_doc(person("2023-06-01"), registered_on=None, as_of="2025-06-01"), "WX303") == [AUX]
    assert hits(aux_doc(person("2023-06-01"), registered_on=None, as_of="2025-06-02"), "WX303") == []


def test_wx303_the_as_of_option_overrides_the_document():
    d = aux_doc(person("2023-06-01"), registered_on=None, as_of="2030-01-01")
    assert hits(d, "WX303") == []
    assert hits(d, "WX303", as_of="2025-06-01") == [AUX]
    assert hits(d, "WX303", as_of=date(2025, 6, 1)) == [AUX]


def test_wx303_the_auxiliary_registered_on_wins_over_any_as_of():
    d = aux_doc(person("2023-06-01"), registered_on="2025-06-01", as_of="2030-01-01")
    assert hits(d, "WX303") == [AUX]
    assert hits(d, "WX303", as_of="2031-01-01") == [AUX]


def test_wx303_without_any_date_the_evaluation_date_is_today():
    today = datetime.now(timezone.utc).date()
    young = (today - timedelta(days=365)).isoformat()
    assert hits(aux_doc(person(young), registered_on=None), "WX303") == [AUX]
    assert hits(aux_doc(person("2000-01-01"), registered_on=None), "WX303") == []


def test_wx303_primary_without_registered_on_is_a_warning():
    fs = findings(aux_doc(person(None)), "WX303")
    assert [compact(f) for f in fs] == [at("li-work", "/accounts/1", ["li"], severity="warning")]
    assert "cannot be checked" in fs[0].message
    zh = findings(aux_doc(person(None)), "WX303", lang="zh")
    assert [f.severity for f in zh] == ["warning"] and "无法检查" in zh[0].message


def test_wx303_the_age_comes_from_the_ruleset():
    one_year = ["auxiliary_min_primary_age_years=1"]
    assert hits(aux_doc(person("2024-06-01")), "WX303", overrides=one_year) == [AUX]
    assert hits(aux_doc(person("2024-05-31")), "WX303", overrides=one_year) == []


def test_wx303_null_switches_the_rule_off():
    off = ["auxiliary_min_primary_age_years=null"]
    assert hits(aux_doc(person("2025-01-01")), "WX303", overrides=off) == []
    assert hits(aux_doc(person(None)), "WX303", overrides=off) == []


def test_wx303_needs_a_personal_primary():
    # A missing or wrong-type primary is WX001 / WX004's business.
    d = doc(subjects=[subject("acme")], accounts=[
        account("news", "subscription", subject="acme"),
        account("a1", "auxiliary", primary="news", registered_on="2025-06-01"),
        account("a2", "auxiliary", primary="nobody", registered_on="2025-06-01")])
    assert hits(d, "WX303") == []


# -- WX304 auxiliary-primary-banned ----------------------------------------------------------
# Evaluation date 2025-06-01 (the auxiliary's registered_on): window [2024-06-01, 2025-06-01].
@pytest.mark.parametrize("ban, fires", [
    pytest.param({"start": "2024-05-01", "end": "2024-06-01"}, True, id="ends-on-window-start-fires"),
    pytest.param({"start": "2024-05-01", "end": "2024-05-31"}, False, id="ends-the-day-before-passes"),
    pytest.param({"start": "2025-06-01", "end": "2025-06-08"}, True, id="starts-on-evaluation-date-fires"),
    pytest.param({"start": "2025-06-02", "end": "2025-06-08"}, False, id="starts-the-day-after-passes"),
    pytest.param({"start": "2025-01-01", "end": "2025-01-08"}, True, id="inside"),
    pytest.param({"start": "2020-01-01", "end": "2026-01-01"}, True, id="spans-the-window"),
    pytest.param({"start": "2019-01-01"}, True, id="open-ended-fires"),
    pytest.param({"start": "2025-06-02"}, False, id="open-ended-starting-after-passes"),
])
def test_wx304_ban_window(ban, fires):
    assert hits(aux_doc(person(bans=[ban])), "WX304") == ([AUX] if fires else [])


def test_wx304_one_finding_per_auxiliary_however_many_bans():
    bans = [{"start": "2024-07-01", "end": "2024-07-02"}, {"start": "2025-02-01", "end": "2025-02-03"}]
    assert hits(aux_doc(person(bans=bans)), "WX304") == [AUX]


def test_wx304_window_from_29_february():
    # Evaluation 2024-02-29 − 1 year = 2023-02-28.
    on_start = person(bans=[{"start": "2023-02-01", "end": "2023-02-28"}])
    before = person(bans=[{"start": "2023-02-01", "end": "2023-02-27"}])
    assert hits(aux_doc(on_start, registered_on="2024-02-29"), "WX304") == [AUX]
    assert hits(aux_doc(before, registered_on="2024-02-29"), "WX304") == []


def test_wx304_evaluation_date_from_as_of():
    p = person(bans=[{"start": "2024-05-01", "end": "2024-06-01"}])
    assert hits(aux_doc(p, registered_on=None, as_of="2025-06-01"), "WX304") == [AUX]
    assert hits(aux_doc(p, registered_on=None, as_of="2025-06-02"), "WX304") == []
    assert hits(aux_doc(p, registered_on=None, as_of="2025-06-02"), "WX304", as_of="2025-06-01") == [AUX]


def test_wx304_the_window_comes_from_the_ruleset():
    p = person(bans=[{"start": "2023-05-01", "end": "2023-06-01"}])
    assert hits(aux_doc(p), "WX304") == []
    assert hits(aux_doc(p), "WX304", overrides=["auxiliary_ban_free_years=2"]) == [AUX]
    banned_now = person(bans=[{"start": "2025-01-01"}])
    assert hits(aux_doc(banned_now), "WX304", overrides=["auxiliary_ban_free_years=null"]) == []


# -- WX305 auxiliary-primary-bindings --------------------------------------------------------
def bindings(fs) -> list[str]:
    return sorted(b for f in fs for b in ("phone number", "WeChat Pay") if b in f.message)


@pytest.mark.parametrize("fields, missing", [
    pytest.param({"phone_bound": False}, ["phone number"], id="phone"),
    pytest.param({"wechat_pay_bound": False}, ["WeChat Pay"], id="wechat-pay"),
    pytest.param({"phone_bound": False, "wechat_pay_bound": False}, ["WeChat Pay", "phone number"], id="both"),
])
def test_wx305_one_finding_per_missing_binding(fields, missing):
    fs = findings(aux_doc(person(**fields)), "WX305")
    assert [compact(f) for f in fs] == [AUX] * len(missing)
    assert bindings(fs) == missing


def test_wx305_wechat_pay_is_unbound_by_default():
    d = aux_doc(account("li", "personal", registered_on="2015-01-01"))
    assert hits(d, "WX305") == [AUX]


def test_wx305_a_primary_without_auxiliary_needs_no_binding():
    d = doc(accounts=[account("li", "personal", phone_bound=False)])
    assert hits(d, "WX305") == []


# -- WX306 auxiliary-per-primary -------------------------------------------------------------
def auxes(n: int) -> dict:
    return doc(accounts=[person()] + [account(f"aux-{i}", "auxiliary", primary="li", registered_on="2025-06-01")
                                      for i in range(1, n + 1)])


def test_wx306_one_auxiliary_passes():
    assert hits(auxes(1), "WX306") == []


def test_wx306_two_auxiliaries_fail():
    assert hits(auxes(2), "WX306") == [at("li", "/accounts/0", ["aux-1", "aux-2"], observed=2, limit=1)]


def test_wx306_the_limit_comes_from_the_ruleset():
    assert hits(auxes(2), "WX306", overrides=["max_auxiliaries_per_primary=2"]) == []
    assert hits(auxes(3), "WX306", overrides=["max_auxiliaries_per_primary=2"]) == [
        at("li", "/accounts/0", ["aux-1", "aux-2", "aux-3"], observed=3, limit=2)]
    assert hits(auxes(3), "WX306", overrides=["max_auxiliaries_per_primary=null"]) == []


def test_wx306_counts_per_primary():
    d = doc(accounts=[person(), account("wu", "personal"),
                      account("li-1", "auxiliary", primary="li"), account("wu-1", "auxiliary", primary="wu")])
    assert hits(d, "WX306") == []


# -- WX307 auxiliary-phone-search ------------------------------------------------------------
def test_wx307_phone_search_without_a_phone():
    d = aux_doc(friend_add_methods=["wechat_id", "phone_search"])
    assert hits(d, "WX307") == [at("li-work", "/accounts/1")]


def test_wx307_passes_with_a_phone_bound_or_without_phone_search():
    assert hits(aux_doc(friend_add_methods=["phone_search"], phone_bound=True), "WX307") == []
    assert hits(aux_doc(friend_add_methods=["wechat_id", "qr_code", "group_chat", "contact_card"]), "WX307") == []


# -- WX308 auxiliary-payments ----------------------------------------------------------------
def test_wx308_one_finding_per_payment_feature():
    fs = findings(aux_doc(features=["transfer", "red_packet"]), "WX308")
    assert [compact(f) for f in fs] == [at("li-work", "/accounts/1")] * 2
    assert sorted(n for f in fs for n in ("transfer", "red_packet") if n in f.message) == ["red_packet", "transfer"]


@pytest.mark.parametrize("feature", ["transfer", "red_packet"])
def test_wx308_each_feature(feature):
    assert hits(aux_doc(features=[feature]), "WX308") == [at("li-work", "/accounts/1")]


def test_wx308_passes_with_identity_bound():
    assert hits(aux_doc(features=["transfer", "red_packet"], identity_bound=True), "WX308") == []


def test_wx308_personal_accounts_pay_freely():
    assert hits(doc(accounts=[person(features=["transfer", "red_packet"])]), "WX308") == []
