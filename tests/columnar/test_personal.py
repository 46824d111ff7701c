"""WX3xx on DuckDB: the same findings as the in-memory engine (tests/rules/test_personal.py's cases,
leap days and the calendar's ends, first definitions, auxiliaries without a personal primary)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests import fuzzing
from tests.columnar.agree import assert_agree
from tests.helpers import account, doc, subject
from tests.rules.test_personal import aux_doc, auxes, person
from topology.dates import add_years, month_of, sql_add_years, sql_month_of

RULES = ["WX301", "WX302", "WX303", "WX304", "WX305", "WX306", "WX307", "WX308"]
RULESETS = ["seed", "wechat-2025"]
MAX_INT = 2**63 - 1


def agree(document, rule: str, **options) -> list:
    """The findings of ``rule`` (under the seed ruleset), after both engines agree under each built-in ruleset."""
    found = [assert_agree(document, select=[rule], ruleset=rs, **options) for rs in RULESETS]
    return found[0]


@pytest.mark.parametrize("rule", RULES)
def test_the_registry_example_and_its_fix(rule):
    r = topology.get_rule(rule)
    options = {"overrides": dict(r.example_set)} if getattr(r, "example_set", None) else {}
    assert [f.rule for f in agree(r.example, rule, **options)] != []
    assert agree(r.use_instead, rule, **options) == []


@pytest.mark.parametrize("rule", RULES)
def test_a_primary_meeting_every_condition_passes(rule):
    assert agree(aux_doc(), rule) == []


# -- WX301, WX302 ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["individual", "enterprise", "sole_trader", "government", "media", "organization"])
def test_wx301_subject_kinds(kind):
    d = doc(subjects=[subject("owner", kind), subject("owner", "individual")],
            accounts=[account("li", "personal", subject="owner"), account("wu", "personal", subject="nobody"),
                      account("li", "personal", subject="owner")])
    found = agree(d, "WX301")
    assert [(f.account, f.pointer) for f in found] == ([] if kind == "individual" else [("li", "/accounts/0")])


def test_wx301_quotes_and_cjk_in_ids():
    owner = "阿'克\"米"
    d = doc(subjects=[subject(owner, "enterprise")], accounts=[account("李'四", "personal", subject=owner)])
    assert [f.account for f in agree(d, "WX301", lang="zh")] == ["李'四"]


def test_wx302_first_definition_wins():
    d = doc(accounts=[account("li", "personal"), account("li", "personal", real_name_verified=False),
                      account("wu", "personal", real_name_verified=False), account("zh", "auxiliary", primary="wu")])
    assert [f.pointer for f in agree(d, "WX302")] == ["/accounts/2"]


# -- WX303 auxiliary-primary-age -------------------------------------------------------------
@pytest.mark.parametrize("primary_on, aux_on, fires", [
    ("2023-06-01", "2025-06-01", True), ("2023-06-01", "2025-06-02", False), ("2023-06-02", "2025-06-01", True),
    ("2026-01-01", "2025-06-01", True), ("2020-02-29", "2022-02-28", True), ("2020-02-29", "2022-03-01", False),
    ("2022-02-28", "2024-02-28", True), ("2022-02-28", "2024-02-29", False),
    ("2024-02-29", "2026-02-28", True), ("2024-02-29", "2026-03-01", False),
    ("9998-06-01", "9999-12-31", True), ("0001-01-01", "0003-01-02", False), ("0001-01-01", "0003-01-01", True),
])
def test_wx303_age_boundaries(primary_on, aux_on, fires):
    found = agree(aux_doc(person(primary_on), registered_on=aux_on), "WX303")
    assert [(f.account, f.related, f.severity) for f in found] == ([("li-work", ("li",), "error")] if fires else [])


@pytest.mark.parametrize("as_of", ["2025-06-01", "2025-06-02", "2026-02-28", "9999-12-31", "0001-01-01"])
def test_wx303_evaluation_date_from_as_of(as_of):
    d = aux_doc(person("2023-06-01"), registered_on=None, as_of="2030-01-01")
    agree(d, "WX303")
    agree(d, "WX303", as_of=as_of)
    agree(aux_doc(person("2024-02-29"), registered_on=None), "WX303", as_of=as_of)


def test_wx303_unknown_registration_is_a_warning_in_both_languages():
    for lang in ("en", "zh"):
        found = agree(aux_doc(person(None)), "WX303", lang=lang)
        assert [(f.severity, f.related) for f in found] == [("warning", ("li",))]


@pytest.mark.parametrize("years", [0, 1, 3, 9998, 9999, 10**6, 10**30, 10**40, None])
def test_wx303_any_age_parameter(years):
    for primary_on in ("2024-02-29", "0001-01-01", "9999-12-31", None):
        agree(aux_doc(person(primary_on)), "WX303", overrides={"auxiliary_min_primary_age_years": years})


def test_wx303_needs_a_personal_primary():
    d = doc(subjects=[subject("acme")], accounts=[
        account("news", "subscription", subject="acme"),
        account("a1", "auxiliary", primary="news", registered_on="2025-06-01"),
        account("a2", "auxiliary", primary="nobody", registered_on="2025-06-01"),
        account("a3", "auxiliary", primary="a3"),
        account("li", "personal", registered_on="2025-01-01"), account("li", "service", subject="acme"),
        account("a4", "auxiliary", primary="li", registered_on="2025-06-01")])
    assert [f.account for f in agree(d, "WX303")] == ["a4"]


# -- WX304 auxiliary-primary-banned ----------------------------------------------------------
@pytest.mark.parametrize("ban", [
    {"start": "2024-05-01", "end": "2024-06-01"}, {"start": "2024-05-01", "end": "2024-05-31"},
    {"start": "2025-06-01", "end": "2025-06-08"}, {"start": "2025-06-02", "end": "2025-06-08"},
    {"start": "2025-01-01", "end": "2025-01-08"}, {"start": "2020-01-01", "end": "2026-01-01"},
    {"start": "2019-01-01"}, {"start": "2025-06-02"}, {"start": "0001-01-01", "end": "0001-01-01"},
])
def test_wx304_ban_window(ban):
    agree(aux_doc(person(bans=[ban])), "WX304")


def test_wx304_window_from_29_february():
    on_start = person(bans=[{"start": "2023-02-01", "end": "2023-02-28"}])
    before = person(bans=[{"start": "2023-02-01", "end": "2023-02-27"}])
    assert len(agree(aux_doc(on_start, registered_on="2024-02-29"), "WX304")) == 1
    assert agree(aux_doc(before, registered_on="2024-02-29"), "WX304") == []
    two = {"auxiliary_ban_free_years": 2}  # 2026-02-28 − 2 years = 2024-02-28
    p = person(bans=[{"start": "2024-01-01", "end": "2024-02-28"}])
    assert len(agree(aux_doc(p, registered_on="2026-02-28"), "WX304", overrides=two)) == 1


def test_wx304_names_the_latest_ban_once():
    bans = [{"start": "2025-02-01", "end": "2025-02-03"}, {"start": "2024-07-01", "end": "2024-07-02"},
            {"start": "2025-02-01"}, {"start": "2025-02-01", "end": "2025-02-01"}, {"start": "2025-02-01"}]
    found = agree(aux_doc(person(bans=bans)), "WX304")
    assert len(found) == 1 and "2025-02-01–2025-02-03" in found[0].message
    found = agree(aux_doc(person(bans=bans[1:])), "WX304")
    assert len(found) == 1 and "2025-02-01–…" in found[0].message


def test_wx304_bans_of_the_first_definition_only():
    d = doc(accounts=[person(), account("li", "personal", bans=[{"start": "2025-01-01"}]),
                      account("li-work", "auxiliary", primary="li", registered_on="2025-06-01")])
    assert agree(d, "WX304") == []
    d["accounts"].reverse()
    assert len(agree(d, "WX304")) == 1


@pytest.mark.parametrize("as_of", ["2025-06-01", "2025-06-02", "0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("years", [0, 1, 2, 9999, 10**30, None])
def test_wx304_evaluation_date_and_window(as_of, years):
    p = person(bans=[{"start": "2024-05-01", "end": "2024-06-01"}, {"start": "0001-01-01", "end": "0001-06-01"}])
    agree(aux_doc(p, registered_on=None), "WX304", as_of=as_of, overrides={"auxiliary_ban_free_years": years})


# -- WX305 -- WX308 --------------------------------------------------------------------------
@pytest.mark.parametrize("fields", [{"phone_bound": False}, {"wechat_pay_bound": False},
                                    {"phone_bound": False, "wechat_pay_bound": False}, {"wechat_pay_bound": None}])
def test_wx305_one_finding_per_missing_binding(fields):
    p = {k: v for k, v in person(**fields).items() if v is not None}
    found = agree(aux_doc(p), "WX305")
    assert len(found) == sum(1 for v in fields.values() if v is not True)


@pytest.mark.parametrize("n, limit", [(1, None), (2, None), (2, 2), (3, 2), (3, 0), (0, 0), (3, 10**30)])
def test_wx306_auxiliaries_per_primary(n, limit):
    overrides = {} if limit is None else {"max_auxiliaries_per_primary": limit}
    found = agree(auxes(n), "WX306", overrides=overrides)
    cap = 1 if limit is None else limit
    assert [(f.observed, f.related) for f in found] == (
        [(n, tuple(f"aux-{i}" for i in range(1, n + 1)))] if n > cap else [])


def test_wx306_counts_first_definitions():
    d = doc(accounts=[person(), account("a", "auxiliary", primary="li"), account("a", "auxiliary", primary="li"),
                      account("b", "auxiliary", primary="li"), account("c", "subscription", subject="x"),
                      account("c", "auxiliary", primary="li"), account("li", "personal")])
    assert [(f.related, f.pointer) for f in agree(d, "WX306")] == [(("a", "b"), "/accounts/0")]


@pytest.mark.parametrize("methods", [None, ["phone_search"], ["wechat_id", "phone_search", "phone_search"], []])
@pytest.mark.parametrize("bound", [None, True, False])
def test_wx307_phone_search(methods, bound):
    fields = {k: v for k, v in {"friend_add_methods": methods, "phone_bound": bound}.items() if v is not None}
    found = agree(aux_doc(**fields), "WX307")
    assert len(found) == (1 if methods and "phone_search" in methods and not bound else 0)


@pytest.mark.parametrize("features", [[], ["transfer"], ["red_packet", "transfer", "red_packet"]])
@pytest.mark.parametrize("identity", [None, True, False])
def test_wx308_one_finding_per_feature(features, identity):
    fields = {"features": features} if identity is None else {"features": features, "identity_bound": identity}
    found = agree(aux_doc(**fields), "WX308", lang="zh")
    assert len(found) == (0 if identity else len(set(features)))


def test_wx308_auxiliary_without_a_real_primary_still_counts():
    d = doc(accounts=[account("x", "auxiliary", primary="ghost", features=["transfer"])])
    assert len(agree(d, "WX308")) == 1


# -- random documents ------------------------------------------------------------------------
def clamp(value):
    """The value with every integer beyond BIGINT brought to its edge: the columnar engine refuses a
    document holding a larger one (a document error), so random documents keep their shape without them."""
    if isinstance(value, dict):
        return {k: clamp(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clamp(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return max(-MAX_INT, min(MAX_INT, value))
    return value


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=fuzzing.documents().map(clamp), as_of=st.one_of(st.none(), fuzzing.days),
       ruleset=st.sampled_from(RULESETS), overrides=fuzzing.overrides(), lang=st.sampled_from(["en", "zh"]))
def test_random_documents_agree(doc, as_of, ruleset, overrides, lang):
    assert_agree(doc, select=["WX3"], as_of=as_of, ruleset=ruleset, overrides=overrides, lang=lang)


# -- the SQL twins of topology.dates ---------------------------------------------------------
DAYS = ["0001-01-01", "0001-03-01", "0004-02-29", "1900-02-28", "2000-02-29", "2023-02-28", "2024-02-29",
        "2025-06-01", "9996-02-29", "9999-01-01", "9999-12-31"]


@pytest.mark.parametrize("years", [0, 1, 2, 4, 100, -1, -2, -4, -100, 9998, 9999, -9998, -9999, 10**30, -10**30])
def test_sql_add_years_is_add_years(years):
    import duckdb

    days = [date.fromisoformat(d) for d in DAYS]
    con = duckdb.connect()
    got = con.execute(f"SELECT {sql_add_years('d', years)} FROM unnest(?::DATE[]) AS t(d)", [days]).fetchall()
    assert [g for (g,) in got] == [add_years(d, years) for d in days]
    months = con.execute(f"SELECT {sql_month_of('d')} FROM unnest(?::DATE[]) AS t(d)", [days]).fetchall()
    assert [m for (m,) in months] == [month_of(d) for d in days]
