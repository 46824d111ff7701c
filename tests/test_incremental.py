"""The incremental checker equals a full validation after every change (topology.incremental)."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests.fuzzing import accounts, days, documents, links, overrides
from tests.helpers import account, doc, link, subject
from topology.incremental import UNITS, Checker


def _ids_of(document: dict) -> tuple[list[str], list[str]]:
    return (sorted({a["id"] for a in document["accounts"]}) or ["a"],
            sorted({s["id"] for s in document["subjects"]}) or ["acme"])


def _by_type(document: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in document["accounts"]:
        out.setdefault(a["type"], []).append(a["id"])
    return out


def _model(kind: str, record: dict):
    """A record as the document model reads it (a link or an account)."""
    return getattr(topology.load({"schema_version": 1, kind: [record]}), kind)[0]


def _expected(document: dict, options: dict) -> topology.Report:
    return topology.validate(topology.load(copy.deepcopy(document)), **options)


def _same(checker: Checker, document: dict, options: dict) -> None:
    got, want = checker.report(), _expected(document, options)
    assert [f.to_dict() for f in got.findings] == [f.to_dict() for f in want.findings]
    assert got.counts == want.counts and got.rules_run == want.rules_run


@st.composite
def steps(draw, document: dict) -> list[tuple]:
    """Changes as the planner makes them: add, replace (unlink with a date) or remove a link record,
    add or remove an account; mostly naming what exists."""
    accts, subs = _ids_of(document)
    known = accts + ["added-1", "added-2"]
    out = []
    n_links = len(document["links"])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["add_link", "add_link", "remove_link", "replace_link", "add_account",
                                   "remove_account"]))
        if op == "add_link":
            record = draw(links(known, subs, stray=draw(st.booleans()), by_type=_by_type(document)))
            out.append((op, record))
            n_links += 1
        elif op in ("remove_link", "replace_link") and n_links:
            out.append((op, draw(st.integers(0, n_links - 1)), draw(days), draw(st.booleans())))
            n_links -= op == "remove_link"
        elif op == "add_account":
            ident = draw(st.sampled_from(known))
            out.append((op, draw(accounts(known, subs, id_=ident))))
        elif op == "remove_account":
            out.append((op, draw(st.sampled_from(known))))
    return out


def _apply(checker: Checker, document: dict, step: tuple) -> None:
    """One change to the checker and the same change to the plain document."""
    op = step[0]
    if op in ("remove_link", "replace_link") and not document["links"]:
        return  # an account removal took the links the step was drawn for
    if op == "add_link":
        document["links"].append(step[1])
        checker.add_link(_model("links", step[1]))
    elif op == "remove_link":
        position = step[1] % len(document["links"])
        document["links"].pop(position)
        checker.remove_link(position)
    elif op == "replace_link":
        position = step[1] % len(document["links"])
        record = dict(document["links"][position])
        if record["kind"] == "mini_program" and step[3]:
            record["status"] = "rejected" if record.get("status") == "pending" else "pending"
        elif record["kind"] == "mini_program" and not record.get("linked_on") and "unlinked_on" not in record:
            record["unlinked_on"] = step[2]
        else:
            record["ignore"] = ["WX501"] if not record.get("ignore") else []
        document["links"][position] = record
        checker.replace_link(position, _model("links", record))
    elif op == "add_account":
        document["accounts"].append(step[1])
        checker.add_account(_model("accounts", step[1]))
    else:
        removed = checker.remove_account(step[1])
        before = len(document["links"])
        document["accounts"] = [a for a in document["accounts"] if a["id"] != step[1]]
        document["links"] = [x for x in document["links"] if step[1] not in (x["source"], x["target"])]
        assert removed == before - len(document["links"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_incremental_findings_equal_a_full_validation(data):
    document = data.draw(documents(big=data.draw(st.integers(0, 3)) == 0))
    options = {"ruleset": "seed", "overrides": data.draw(overrides()) or None}
    try:
        _expected(document, options)
    except topology.UsageError:  # overrides the ruleset refuses
        return
    checker = Checker(topology.load(copy.deepcopy(document)), **options)
    _same(checker, document, options)
    for step in data.draw(steps(document)):
        try:
            _apply(checker, document, step)
        except topology.DocumentError:  # a generated record the model refuses: not a change
            return
        _same(checker, document, options)


def test_a_link_step_rechecks_without_a_full_pass():
    document = doc(subjects=[subject("acme")],
                   accounts=[account("news", "subscription", subject="acme")]
                   + [account(f"shop-{i}", "mini_program", subject="acme") for i in range(12)],
                   links=[link("mini_program", "news", f"shop-{i}") for i in range(10)])
    checker = Checker(topology.load(document), "seed")
    assert checker.full_checks == 1 and not any(f.rule == "WX102" for f in checker.report().findings)
    checker.add_link(_model("links", link("mini_program", "news", "shop-10")))
    assert [f.observed for f in checker.report().findings if f.rule == "WX102"] == [11]
    checker.remove_link(0)
    assert not any(f.rule == "WX102" for f in checker.report().findings)
    assert checker.full_checks == 1  # both steps were incremental


def test_every_rule_has_a_unit_or_is_rerun_whole():
    ids = {r.id for r in topology.list_rules()}
    assert set(UNITS) <= ids
    # WX007 needs a suppressions file, which the checker does not take
    assert ids - set(UNITS) <= {"WX007"}


def test_replace_link_keeps_the_record_identity():
    document = doc(accounts=[account("li", "personal"), account("bo", "personal")], links=[link("admin", "li", "bo")])
    checker = Checker(topology.load(document))
    with pytest.raises(ValueError):
        checker.replace_link(0, _model("links", link("admin", "bo", "li")))


@pytest.mark.parametrize("name", ["broken/caps.json", "broken/integrity.json", "diff/after.json", "bloom.json"])
def test_a_long_run_of_steps_on_a_sample(name):
    """Many removals in a row (positions drift from the graph's keys), re-added records, dated unlinks."""
    import random

    from tests.helpers import ROOT

    document = topology.load(str(ROOT / "samples" / name)).model_dump(mode="json", by_alias=True, exclude_unset=True)
    options = {"ruleset": "seed"}
    checker = Checker(topology.load(copy.deepcopy(document)), **options)
    rng = random.Random(name)
    for step in range(40):
        links_ = document["links"]
        choice = rng.random()
        if links_ and choice < 0.4:
            position = rng.randrange(len(links_))
            record = links_.pop(position)
            checker.remove_link(position)
            if rng.random() < 0.5:  # back at the end
                links_.append(record)
                checker.add_link(_model("links", record))
        elif links_ and choice < 0.6:
            position = rng.randrange(len(links_))
            record = dict(links_[position])
            if record["kind"] == "mini_program" and "unlinked_on" not in record and "linked_on" not in record:
                record["unlinked_on"] = "2026-11-20"
            else:
                record["ignore"] = ["WX003", "WX501"]
            links_[position] = record
            checker.replace_link(position, _model("links", record))
        elif choice < 0.8 and document["accounts"]:
            target = rng.choice(document["accounts"])
            source = rng.choice(document["accounts"])
            kind = "mini_program" if target["type"] == "mini_program" else "admin"
            record = {"kind": kind, "source": source["id"], "target": target["id"]}
            links_.append(record)
            checker.add_link(_model("links", record))
        else:
            record = {"id": f"new-{step}", "type": rng.choice(["mini_program", "personal", "subscription"])}
            if record["type"] != "personal" and document.get("subjects"):
                record["subject"] = rng.choice(document["subjects"])["id"]
            document["accounts"].append(record)
            checker.add_account(_model("accounts", record))
        _same(checker, document, options)
    ids = [a["id"] for a in document["accounts"]]
    if len(set(ids)) == len(ids):  # a repeated id makes adding an account a full re-check
        assert checker.full_checks == 1


def test_follow_walks_plan_states_forwards_and_back():
    """The planner's hook: each state is a new Ecosystem sharing the unchanged records."""
    import random

    from tests.helpers import ROOT

    start = topology.load(str(ROOT / "samples" / "broken" / "caps.json"))
    checker = Checker(start, "seed")
    rng = random.Random(7)
    states = [start]
    for step in range(30):
        eco = states[-1]
        links_, accounts_ = list(eco.links), list(eco.accounts)
        what = rng.random()
        if what < 0.3:
            source, target = rng.choice(accounts_).id, rng.choice(accounts_).id
            links_.append(_model("links", link("promotes", source, target)))
        elif what < 0.5:
            i = rng.randrange(len(links_))
            links_[i] = links_[i].model_copy(update={"ignore": ["WX003"]})
        elif what < 0.7:
            for i in sorted(rng.sample(range(len(links_)), 2), reverse=True):
                links_.pop(i)
        elif what < 0.8:
            accounts_.append(_model("accounts", account(f"new-{step}", "personal")))
        elif what < 0.85:
            gone = rng.choice(accounts_).id
            accounts_ = [a for a in accounts_ if a.id != gone]
            links_ = [x for x in links_ if gone not in (x.source, x.target)]
        else:  # back to an earlier state (the reorder search backtracks)
            states.append(states[rng.randrange(len(states))])
            checker.follow(states[-1])
            assert checker.report().findings == topology.validate(states[-1], "seed").findings
            continue
        states.append(eco.model_copy(update={"links": links_, "accounts": accounts_}))
        checker.follow(states[-1])
        assert checker.report().findings == topology.validate(states[-1], "seed").findings
    assert checker.full_checks < 15  # most steps were incremental
