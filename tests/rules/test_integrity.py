"""WX0xx: document integrity (RULES.md § WX0xx)."""

from __future__ import annotations

import pytest

from tests.helpers import account, compact, doc, findings, link, run, subject


def hits(document: dict, rule: str, **options) -> list[dict]:
    return [compact(f) for f in findings(document, rule, **options)]


def err(account, pointer, related=(), severity="error", **extra) -> dict:
    return {"account": account, "related": list(related), "pointer": pointer, "severity": severity, **extra}


ACME = subject("acme")
LI = subject("li", "individual")


def base(*links, extra_accounts=()) -> dict:
    """A clean ecosystem with one account of every type; ``links`` are added."""
    return doc(
        subjects=[ACME, LI],
        accounts=[
            account("li", "personal", subject="li"),             # /accounts/0
            account("li-work", "auxiliary", primary="li"),       # /accounts/1
            account("news", "subscription", subject="acme"),     # /accounts/2
            account("care", "service", subject="acme"),          # /accounts/3
            account("team", "enterprise", subject="acme"),       # /accounts/4
            account("shop", "mini_program", subject="acme"),     # /accounts/5
            *extra_accounts,
        ],
        links=list(links),
    )


# Every (kind, source type, target type) SPEC.md §1 allows, with one account of each type.
ID_OF = {"personal": "li", "auxiliary": "li-work", "subscription": "news", "service": "care",
         "enterprise": "team", "mini_program": "shop"}
ALLOWED = {
    "mini_program": (["subscription", "service", "enterprise"], ["mini_program"]),
    "admin": (["personal"], ["subscription", "service", "enterprise", "mini_program"]),
    "member": (["personal", "auxiliary"], ["enterprise"]),
    "promotes": (list(ID_OF), ["subscription", "service", "enterprise", "mini_program"]),
}
ALL_ALLOWED_LINKS = [link(kind, ID_OF[s], ID_OF[t]) for kind, (srcs, tgts) in ALLOWED.items()
                     for s in srcs for t in tgts]


@pytest.mark.parametrize("rule", ["WX001", "WX002", "WX003", "WX004"])
def test_a_clean_document_with_every_allowed_relation_has_no_integrity_finding(rule):
    assert hits(base(*ALL_ALLOWED_LINKS), rule) == []


# -- WX001 unknown-reference ---------------------------------------------------------------
def test_wx001_account_subject_undefined():
    d = doc(accounts=[account("news", "subscription", subject="acmee")])
    assert hits(d, "WX001") == [err("news", "/accounts/0/subject", ["acmee"])]


def test_wx001_auxiliary_primary_undefined():
    d = doc(accounts=[account("li-work", "auxiliary", primary="lee")])
    assert hits(d, "WX001") == [err("li-work", "/accounts/0/primary", ["lee"])]


def test_wx001_link_target_undefined_is_reported_on_the_source():
    d = base(link("mini_program", "news", "shopp"))
    assert hits(d, "WX001") == [err("news", "/links/0/target", ["shopp"])]


def test_wx001_link_source_undefined_is_reported_on_the_target():
    d = base(link("admin", "lee", "news"))
    assert hits(d, "WX001") == [err("news", "/links/0/source", ["lee"])]


def test_wx001_one_finding_per_dangling_reference():
    d = base(link("promotes", "ghost", "phantom"), link("mini_program", "news", "shopp"))
    assert hits(d, "WX001") == [
        err(None, "/links/0/source", ["ghost"]),
        err(None, "/links/0/target", ["phantom"]),
        err("news", "/links/1/target", ["shopp"]),
    ]


def test_wx001_subject_ids_and_account_ids_are_separate_namespaces():
    # "acme" is a subject, not an account; "news" is an account, not a subject.
    d = doc(subjects=[ACME], accounts=[account("news", "subscription", subject="acme"),
                                       account("shop", "mini_program", subject="news")],
            links=[link("mini_program", "news", "acme")])
    # Reports are sorted by (rule, account, pointer) (SPEC §3).
    assert hits(d, "WX001") == [
        err("news", "/links/0/target", ["acme"]),
        err("shop", "/accounts/1/subject", ["news"]),
    ]


def test_wx001_optional_subjects_may_be_absent():
    d = doc(accounts=[account("li", "personal"), account("team", "enterprise")])
    assert hits(d, "WX001") == []


# -- WX002 duplicate-id --------------------------------------------------------------------
def test_wx002_two_accounts_share_an_id():
    d = doc(accounts=[account("li", "personal"), account("li", "personal")])
    assert hits(d, "WX002") == [err("li", "/accounts/1")]


def test_wx002_every_later_occurrence_is_reported():
    d = doc(accounts=[account("li", "personal"), account("wu", "personal"),
                      account("li", "personal"), account("li", "personal")])
    assert hits(d, "WX002") == [err("li", "/accounts/2"), err("li", "/accounts/3")]


def test_wx002_two_subjects_share_an_id():
    d = doc(subjects=[ACME, subject("acme", "media")])
    assert hits(d, "WX002") == [err(None, "/subjects/1", subject="acme")]


def test_wx002_a_person_and_their_subject_may_share_an_id():
    d = doc(subjects=[LI], accounts=[account("li", "personal", subject="li")])
    assert hits(d, "WX002") == []


# -- WX003 duplicate-link ------------------------------------------------------------------
def test_wx003_same_kind_source_target_twice_is_a_warning():
    d = base(link("mini_program", "news", "shop"), link("mini_program", "news", "shop"))
    assert hits(d, "WX003") == [err("news", "/links/1", ["shop"], severity="warning")]


def test_wx003_every_repetition_is_reported():
    d = base(*[link("promotes", "li", "news")] * 3)
    assert hits(d, "WX003") == [err("li", "/links/1", ["news"], severity="warning"),
                                err("li", "/links/2", ["news"], severity="warning")]


def test_wx003_other_fields_do_not_make_a_link_distinct():
    d = base(link("mini_program", "news", "shop", status="pending"),
             link("mini_program", "news", "shop", priority=3, linked_on="2026-01-01"))
    assert hits(d, "WX003") == [err("news", "/links/1", ["shop"], severity="warning")]


@pytest.mark.parametrize("first, second, duplicate", [
    # history: unlinked (or refused), then linked again on another day
    ({"linked_on": "2025-01-01", "unlinked_on": "2025-06-01"}, {"linked_on": "2026-01-01"}, False),
    ({"linked_on": "2025-01-01", "status": "rejected"}, {"linked_on": "2025-02-01"}, False),
    ({"linked_on": "2025-01-01", "unlinked_on": "2025-06-01"}, {"linked_on": "2025-07-01", "unlinked_on": "2025-09-01"}, False),
    # the same record twice: same linked_on, whatever else differs
    ({"linked_on": "2025-01-01", "unlinked_on": "2025-06-01"}, {"linked_on": "2025-01-01"}, True),
    # live twice: a link cannot be made while it exists
    ({"linked_on": "2025-01-01"}, {"linked_on": "2026-01-01"}, True),
    ({"linked_on": "2025-01-01", "status": "pending"}, {"linked_on": "2026-01-01"}, True),
])
def test_wx003_a_relink_after_unlinking_is_history_not_a_duplicate(first, second, duplicate):
    d = base(link("mini_program", "news", "shop", **first), link("mini_program", "news", "shop", **second))
    assert hits(d, "WX003") == ([err("news", "/links/1", ["shop"], severity="warning")] if duplicate else [])


def test_wx003_another_kind_or_direction_is_another_link():
    d = base(link("mini_program", "news", "shop"), link("promotes", "news", "shop"),
             link("promotes", "shop", "news"))
    assert hits(d, "WX003") == []


# -- WX004 endpoint-type -------------------------------------------------------------------
# A link finding names the link's source as its account and the target as related.
@pytest.mark.parametrize("bad, expected", [
    pytest.param(link("mini_program", "news", "care"), err("news", "/links/0/target", ["care"]),
                 id="mini_program-target-not-a-mini-program"),
    pytest.param(link("mini_program", "li", "shop"), err("li", "/links/0/source", ["shop"]),
                 id="mini_program-source-not-official"),
    pytest.param(link("admin", "li-work", "news"), err("li-work", "/links/0/source", ["news"]),
                 id="admin-from-auxiliary"),
    pytest.param(link("admin", "li", "li-work"), err("li", "/links/0/target", ["li-work"]),
                 id="admin-of-an-auxiliary"),
    pytest.param(link("member", "news", "team"), err("news", "/links/0/source", ["team"]),
                 id="member-from-official"),
    pytest.param(link("member", "li", "care"), err("li", "/links/0/target", ["care"]),
                 id="member-of-service"),
    pytest.param(link("promotes", "news", "li"), err("news", "/links/0/target", ["li"]),
                 id="promotes-a-person"),
])
def test_wx004_link_between_wrong_types(bad, expected):
    assert hits(base(bad), "WX004") == [expected]


def test_wx004_both_ends_wrong_gives_two_findings():
    d = base(link("mini_program", "li", "care"))
    assert hits(d, "WX004") == [err("li", "/links/0/source", ["care"]), err("li", "/links/0/target", ["care"])]


def test_wx004_auxiliary_primary_must_be_personal():
    d = base(extra_accounts=[account("odd", "auxiliary", primary="news")])
    assert hits(d, "WX004") == [err("odd", "/accounts/6/primary", ["news"])]


def test_wx004_dangling_ends_are_left_to_wx001():
    d = base(link("mini_program", "news", "nowhere"), link("admin", "ghost", "news"),
             extra_accounts=[account("odd", "auxiliary", primary="nobody")])
    assert hits(d, "WX004") == []


def test_wx004_official_types_come_from_the_ruleset():
    d = base(link("mini_program", "team", "shop"))
    assert hits(d, "WX004") == []
    narrowed = ["linkable_official_types=subscription,service"]
    assert hits(d, "WX004", overrides=narrowed) == [err("team", "/links/0/source", ["shop"])]


# -- WX007 stale-suppression ----------------------------------------------------------------------
def _unverified_admin() -> dict:
    """WX302 on ``ops`` and WX204 on ``news``, which ``ops`` administers."""
    return doc(subjects=[ACME], accounts=[account("ops", "personal", real_name_verified=False),
                                          account("news", "subscription", subject="acme")],
               links=[link("admin", "ops", "news")])


def _baseline(*entries: dict) -> dict:
    return {"schema_version": 1, "suppressions": list(entries)}


def stale(document: dict, *entries: dict) -> list[dict]:
    """WX007 findings with every rule running (an entry of a rule that did not run is never stale)."""
    return [compact(f) for f in run(document, suppressions=_baseline(*entries)).findings if f.rule == "WX007"]


def test_wx007_an_entry_that_matches_is_not_stale():
    assert stale(_unverified_admin(), {"rule": "WX204", "account": "news", "related": ["ops"]}) == []


@pytest.mark.parametrize("entry", [
    {"rule": "WX204", "account": "news", "related": []},               # related ids differ
    {"rule": "WX204", "account": "news", "related": ["ops", "other"]},
    {"rule": "WX204", "account": "ops", "related": ["ops"]},           # another account
    {"rule": "WX302", "account": "news"},                              # another rule on the account
])
def test_wx007_an_entry_one_id_off_is_stale(entry):
    found = stale(_unverified_admin(), entry)
    account_ = entry["account"]
    assert found == [err(account_, "/accounts/1" if account_ == "news" else "/accounts/0", entry.get("related", ()),
                         severity="warning")]


def test_wx007_does_not_run_without_a_suppressions_file():
    report = run(_unverified_admin())
    assert "WX007" not in {r for r, _ in report.rules_run}
    assert "WX007" in {r for r, _ in run(_unverified_admin(), suppressions=_baseline()).rules_run}


def test_wx007_entries_of_rules_that_did_not_run_are_not_stale():
    entry = {"rule": "WX204", "account": "news", "related": []}
    assert hits(_unverified_admin(), "WX007", suppressions=_baseline(entry)) == []  # only WX007 ran


def test_wx007_stale_subject_entry_names_the_subject():
    found = stale(_unverified_admin(), {"rule": "WX002", "subject": "acme"})
    assert found == [err(None, "", severity="warning", subject="acme")]
