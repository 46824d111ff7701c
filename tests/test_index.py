"""One link semantics (topology.links), well-typed links for the rules, one query surface."""

from types import SimpleNamespace

import pytest

import topology
from tests.helpers import account, doc, link, run, subject
from topology import graph as g
from topology import links as L
from topology.index import Index, forget, index_of
from topology.rules.caps import cap_table
from topology.rules.context import Context


def _rules(document, **options):
    return sorted((f.rule, f.pointer) for f in run(document, **options).findings)


# -- topology.links -------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "unlinked_on", "stands", "slot_pending", "slot_live", "state"), [
    ("linked", None, True, True, True, "linked"),
    ("pending", None, True, True, False, "pending"),
    ("rejected", None, False, False, False, "rejected"),
    ("linked", "2026-01-01", False, False, False, "unlinked"),
    ("pending", "2026-01-01", False, False, False, "unlinked"),
    ("rejected", "2026-01-01", False, False, False, "rejected"),
])
def test_link_semantics(status, unlinked_on, stands, slot_pending, slot_live, state):
    record = SimpleNamespace(status=status, unlinked_on=unlinked_on)
    assert L.stands(record) is stands
    assert L.takes_slot(record, True) is slot_pending
    assert L.takes_slot(record, False) is slot_live
    assert L.state(record) == state
    # the monthly quota: a request made (rejected: none), also when unlinked later
    assert L.requested(record, True) is (status != "rejected")
    assert L.requested(record, False) is (status == "linked")


def test_a_link_kind_without_status_stands_and_is_linked():
    admin = topology.load(doc(accounts=[account("li", "personal")], links=[link("admin", "li", "x")])).links[0]
    assert L.stands(admin) and L.takes_slot(admin, False) and L.state(admin) == "linked"

    class Slotted:  # no __dict__: read through getattr
        __slots__ = ("status", "unlinked_on")

        def __init__(self):
            self.status, self.unlinked_on = "pending", None

    assert L.state(Slotted()) == "pending" and not L.takes_slot(Slotted(), False)


def test_same_subject_needs_both_known():
    assert L.same_subject("a", "a") and not L.same_subject(None, None) and not L.same_subject("a", "b")


def test_counts_toward_caps_is_the_same_function():
    assert g.counts_toward_caps is L.takes_slot


def test_cap_table_comes_from_the_registry():
    table = cap_table()
    assert set(table) == {"officials", "same_subject", "cross_subject"}
    for key, cap in table.items():
        rule = topology.get_rule(cap.rule)
        assert cap.key == key and cap.parameter in rule.parameters and cap.parameter.startswith("max_")
        assert hasattr(topology.load_ruleset("seed").parameters, cap.parameter)
    assert table["officials"].rule == "WX101" and table["cross_subject"].parameter == "max_cross_subject_mini_programs"


# -- rules see well-typed links -----------------------------------------------------------------
_ACME = [subject("acme")]


def test_a_member_link_from_a_service_account_is_reported_once_as_wx004():
    document = doc(subjects=_ACME, accounts=[account("care", "service", subject="acme"),
                                             account("team", "enterprise", subject="acme")],
                   links=[link("member", "care", "team")])
    rules = [r for r, _ in _rules(document)]
    assert "WX004" in rules and "WX501" not in rules
    # the same link from a person is a member link, unverified: WX501
    ok = doc(subjects=_ACME, accounts=[account("li", "personal"), account("team", "enterprise", subject="acme")],
             links=[link("member", "li", "team")])
    assert ("WX501", "/links/0") in _rules(ok)


def test_an_admin_link_to_a_person_is_wx004_not_wx204():
    document = doc(accounts=[account("li", "personal", real_name_verified=False), account("bo", "personal")],
                   links=[link("admin", "li", "bo")])
    rules = [r for r, _ in _rules(document)]
    assert "WX004" in rules and "WX204" not in rules


def test_an_admin_link_from_or_to_a_placeholder_counts_for_nobody():
    document = doc(subjects=_ACME, accounts=[account("li", "personal"), account("news", "subscription", subject="acme")],
                   links=[link("admin", "ghost", "news"), link("admin", "li", "phantom")])
    found = _rules(document)
    assert ("WX001", "/links/0/source") in found and ("WX001", "/links/1/target") in found
    assert ("WX205", "/accounts/1") in found  # a missing person administers nothing
    eco = topology.load(document)
    G = topology.build_graph(eco)
    ctx = Context(eco, G, topology.load_ruleset("seed").parameters, eco.as_of)
    assert ctx.admins("news") == [] and ctx.administered("li") == [] and ctx.links("admin") == []
    assert len(list(g.links(G, "admin"))) == 2  # the raw view keeps every record


def test_a_pending_link_from_a_person_is_wx004_not_wx106():
    document = doc(as_of="2026-11-25", subjects=_ACME,
                   accounts=[account("li", "personal"), account("shop", "mini_program", subject="acme")],
                   links=[link("mini_program", "li", "shop", status="pending", linked_on="2026-01-01")])
    rules = [r for r, _ in _rules(document)]
    assert "WX004" in rules and "WX106" not in rules


# -- one query surface ----------------------------------------------------------------------------
def test_graph_helpers_read_the_cached_index():
    eco = topology.load(doc(subjects=_ACME, accounts=[account("news", "subscription", subject="acme"),
                                                      account("shop", "mini_program", subject="acme")],
                            links=[link("mini_program", "news", "shop")]))
    G = topology.build_graph(eco)
    assert index_of(G) is index_of(G)
    assert g.linked_mini_programs(G, "news") == ["shop"]
    G.remove_edge("news", "shop")
    forget(G)  # the documented way to ask again after changing the graph
    assert g.linked_mini_programs(G, "news") == []
    assert isinstance(index_of(G, ["subscription"]), Index)


def test_context_is_read_only_and_the_second_phase_gets_its_own():
    eco = topology.load(doc(accounts=[account("li", "personal")]))
    G = topology.build_graph(eco)
    first = Context(eco, G, topology.load_ruleset("seed").parameters, eco.as_of)
    second = first.after_suppressions([(0, "entry")], "file.json")
    assert first.stale_suppressions == () and first.suppressions_name is None
    assert second.stale_suppressions == ((0, "entry"),) and second.suppressions_name == "file.json"
    assert second.index is first.index
