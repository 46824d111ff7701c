"""Time-based rules at the ends of the calendar (0001-01-01, 9999-12-31), on 29 February and with
huge year or day parameters: a document or a ruleset may say any of these, and the answer must
be a finding or none, never a crash (``date`` stops at year 9999).

A date N years past the calendar is later than every date there is, so the rule still answers
(WX303: no auxiliary can be registered after it); ``topology.dates`` saturates at the ends.
"""

from __future__ import annotations

import json
import re

import pytest

import topology
from tests.helpers import account, compact, doc, findings, link, subject, wxtopo

FIRST, LAST = "0001-01-01", "9999-12-31"
HUGE = 10**30  # no date arithmetic holds this many years or days


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


AUX = {"account": "li-work", "related": ["li"], "pointer": "/accounts/1", "severity": "error"}


def aux_doc(primary_on: str | None, aux_on: str | None, *, bans=(), as_of: str | None = None) -> dict:
    """Primary ``li`` (/accounts/0, meets every other condition) and its auxiliary ``li-work``."""
    primary = account("li", "personal", wechat_pay_bound=True, bans=list(bans),
                      **({"registered_on": primary_on} if primary_on else {}))
    aux = account("li-work", "auxiliary", primary="li", **({"registered_on": aux_on} if aux_on else {}))
    return doc(accounts=[primary, aux], **({"as_of": as_of} if as_of else {}))


# -- WX303 auxiliary-primary-age: registered_on + N years ----------------------------------------
@pytest.mark.parametrize("primary_on, aux_on, years, fires", [
    pytest.param("9999-01-01", "9999-01-01", 2, True, id="two-years-after-9999-is-beyond-the-calendar"),
    pytest.param("9999-01-01", LAST, 2, True, id="not-even-on-the-last-day"),
    pytest.param("9997-12-31", LAST, 2, True, id="exactly-two-years-on-the-last-day-fires"),
    pytest.param("9997-12-30", LAST, 2, False, id="a-day-more-on-the-last-day-passes"),
    pytest.param("9996-02-29", "9999-02-28", 3, True, id="29-feb-into-9999-is-28-feb-fires"),
    pytest.param("9996-02-29", "9999-03-01", 3, False, id="29-feb-into-9999-then-1-march-passes"),
    pytest.param(FIRST, LAST, 2, False, id="first-day-to-last-day"),
    pytest.param(FIRST, LAST, 9998, False, id="9998-years"),
    pytest.param(FIRST, LAST, 9999, True, id="9999-years-is-past-the-calendar"),
    pytest.param(FIRST, LAST, 1_000_000, True, id="a-million-years"),
    pytest.param(FIRST, LAST, HUGE, True, id="huge"),
    pytest.param(FIRST, FIRST, 0, True, id="zero-years-same-day-fires"),
    pytest.param(FIRST, "0001-01-02", 0, False, id="zero-years-a-day-later-passes"),
])
def test_wx303_at_the_ends_of_the_calendar(primary_on, aux_on, years, fires):
    d = aux_doc(primary_on, aux_on)
    assert hits(d, "WX303", overrides={"auxiliary_min_primary_age_years": years}) == ([AUX] if fires else [])


def test_wx303_evaluated_on_the_as_of_date_at_either_end():
    assert hits(aux_doc("2020-01-01", None), "WX303", as_of=FIRST) == [AUX]
    assert hits(aux_doc("2020-01-01", None), "WX303", as_of=LAST) == []
    assert hits(aux_doc("9999-06-01", None, as_of=LAST), "WX303") == [AUX]


def test_wx303_a_huge_age_keeps_its_number_in_the_message():
    (f,) = findings(aux_doc(FIRST, LAST), "WX303", overrides={"auxiliary_min_primary_age_years": 1_000_000})
    assert "1000000 years" in f.message and "0001-01-01" in f.message and "9999-12-31" in f.message


# -- WX304 auxiliary-primary-banned: [evaluation date − N years, evaluation date] ------------------
@pytest.mark.parametrize("ban, aux_on, as_of, years, fires", [
    pytest.param({"start": FIRST}, None, "0001-03-01", 1, True, id="window-starting-before-year-1"),
    pytest.param({"start": FIRST, "end": FIRST}, FIRST, None, 1, True, id="ban-on-the-first-day"),
    pytest.param({"start": "0001-01-02"}, FIRST, None, 1, False, id="ban-starting-after-the-first-day"),
    pytest.param({"start": FIRST, "end": "0001-01-02"}, LAST, None, 1, False, id="old-ban-last-day"),
    pytest.param({"start": FIRST, "end": "0001-01-02"}, LAST, None, 9998, False, id="window-to-0001-12-31"),
    pytest.param({"start": FIRST, "end": "0001-01-02"}, LAST, None, 9999, True, id="window-past-year-1"),
    pytest.param({"start": FIRST, "end": "0001-01-02"}, LAST, None, HUGE, True, id="huge-window"),
    pytest.param({"start": "9998-12-31", "end": LAST}, LAST, None, 1, True, id="ban-on-the-last-day"),
    pytest.param({"start": "2023-02-28", "end": "2023-02-28"}, "2024-02-29", None, 1, True,
                 id="29-feb-minus-a-year-is-28-feb"),
    pytest.param({"start": "2024-02-28", "end": "2024-02-28"}, "2024-02-29", None, 0, False,
                 id="zero-years-is-the-day-itself"),
    pytest.param({"start": "2024-02-29"}, "2024-02-29", None, 0, True, id="zero-years-banned-that-day"),
])
def test_wx304_at_the_ends_of_the_calendar(ban, aux_on, as_of, years, fires):
    d = aux_doc("2000-01-01", aux_on, bans=[ban], as_of=as_of)
    assert hits(d, "WX304", overrides={"auxiliary_ban_free_years": years}) == ([AUX] if fires else [])


# -- WX106 stale-pending-link: days pending ---------------------------------------------------------
def pending_doc(linked_on: str, as_of: str) -> dict:
    return doc(as_of=as_of, subjects=[subject("acme")],
               accounts=[account("news", "subscription", subject="acme"),
                         account("shop", "mini_program", subject="acme")],
               links=[link("mini_program", "news", "shop", status="pending", linked_on=linked_on)])


@pytest.mark.parametrize("linked_on, as_of, days, observed", [
    pytest.param(FIRST, LAST, 7, 3652058, id="the-whole-calendar"),
    pytest.param(FIRST, LAST, 3652058, None, id="exactly-the-whole-calendar-is-not-stale"),
    pytest.param(FIRST, LAST, HUGE, None, id="huge-limit"),
    pytest.param(LAST, FIRST, 0, None, id="linked-after-the-evaluation-date"),
    pytest.param("2024-02-29", "2024-03-01", 0, 1, id="29-feb"),
])
def test_wx106_at_the_ends_of_the_calendar(linked_on, as_of, days, observed):
    fs = findings(pending_doc(linked_on, as_of), "WX106", overrides={"pending_link_stale_days": days})
    assert [f.observed for f in fs] == ([observed] if observed is not None else [])


# -- calendar months: WX104, WX105, WX403; days: WX401 ----------------------------------------------
def edge_month_doc() -> dict:
    """Two links and five service broadcasts in each of the first and the last calendar month."""
    minis = ["shop-1", "shop-2", "shop-3", "shop-4"]
    days = [FIRST, "0001-01-31", "9999-12-01", LAST]
    return doc(subjects=[subject("acme")],
               accounts=[account("news", "service", subject="acme",
                                 broadcasts=[{"date": d} for d in [FIRST] * 5 + [LAST] * 5])]
               + [account(m, "mini_program", subject="acme") for m in minis],
               links=[link("mini_program", "news", m, linked_on=d) for m, d in zip(minis, days)])


@pytest.mark.parametrize("rule, overrides, months", [
    pytest.param("WX104", {"max_new_mini_program_links_per_month": 1}, ["0001-01", "9999-12"], id="WX104"),
    pytest.param("WX105", {"max_new_official_links_per_month": 0}, ["0001-01"] * 2 + ["9999-12"] * 2, id="WX105"),
    pytest.param("WX403", {}, ["0001-01", "9999-12"], id="WX403"),
])
def test_monthly_rules_count_the_first_and_last_calendar_months(rule, overrides, months):
    fs = findings(edge_month_doc(), rule, overrides=overrides)
    assert sorted(re.findall(r"\b\d{4}-\d{2}\b(?!-)", f.message)[0] for f in fs) == months


def test_daily_quota_on_the_first_and_last_day():
    fs = findings(edge_month_doc(), "WX401", overrides={"subscription_broadcasts_per_day": 4})
    assert fs == []  # a service account: WX401 counts subscription accounts only
    d = edge_month_doc()
    d["accounts"][0]["type"] = "subscription"
    fs = findings(d, "WX401", overrides={"subscription_broadcasts_per_day": 4})
    assert sorted(f.observed for f in fs) == [5, 5]


# -- every entry point, and the command line ----------------------------------------------------
EDGE_DOCUMENTS = {
    "registered-9999": aux_doc("9999-01-01", "9999-01-01"),
    "banned-as-of-0001": aux_doc(FIRST, None, bans=[{"start": FIRST}], as_of="0001-03-01"),
    "as-of-9999-12-31": aux_doc("2024-02-29", None, bans=[{"start": "2024-02-29"}], as_of=LAST),
    "pending-since-0001": pending_doc(FIRST, LAST),
}
ADD_LAST = {"op": "add_account", "account": account("new", "personal", registered_on=LAST)}
EXTREME_SETTINGS = {"auxiliary_min_primary_age_years": HUGE, "auxiliary_ban_free_years": HUGE,
                    "pending_link_stale_days": HUGE}


@pytest.mark.parametrize("name", EDGE_DOCUMENTS)
@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
def test_every_entry_point_answers_at_the_edges(name, ruleset):
    d = EDGE_DOCUMENTS[name]
    for options in ({}, {"overrides": EXTREME_SETTINGS}, {"as_of": FIRST}, {"as_of": LAST}):
        json.loads(topology.validate(topology.load(d), ruleset, **options).to_json())
        json.loads(topology.headroom(d, ruleset, **options).to_json())
        json.loads(topology.repair(d, ruleset, **options).to_json())
        json.loads(topology.diff(d, aux_doc(FIRST, LAST), ruleset, **options).to_json())
        json.loads(topology.plan(d, [ADD_LAST], ruleset, **options).to_json())


@pytest.mark.parametrize("name", EDGE_DOCUMENTS)
def test_validate_prints_a_json_report_at_the_edges(tmp_path, name):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(EDGE_DOCUMENTS[name]), encoding="utf-8")
    for extra in ([], ["--set", "auxiliary_min_primary_age_years=1000000"], ["--as-of", FIRST],
                  ["--as-of", LAST, "--ruleset", "wechat-2025", "--set", f"pending_link_stale_days={HUGE}"]):
        result = wxtopo("validate", str(path), "--format", "json", *extra)
        assert result.returncode in (0, 1), result.stderr
        assert b"Traceback" not in result.stderr
        report = json.loads(result.stdout)
        assert report["valid"] == (result.returncode == 0)
