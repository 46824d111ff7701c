"""The rules' batch index answers exactly what the public graph helpers answer.

Context reads the graph once for speed; topology.graph's helpers answer one question at a
time. Both must agree on every account of every sample, in both pending modes.
"""

import pytest

import topology
from tests.helpers import ecosystem_files
from topology import graph as g
from topology.rules.context import Context
from topology.vocab import LINK_ENDPOINTS

DOCUMENTS = ecosystem_files()


@pytest.mark.parametrize("pending", [True, False])
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_context_agrees_with_the_graph_helpers(path, pending):
    eco = topology.load(str(path))
    G = topology.build_graph(eco)
    params = topology.load_ruleset("seed", {"pending_counts_toward_caps": pending}).parameters
    ctx = Context(eco, G, params, eco.as_of)
    official_types = params.linkable_official_types
    assert ctx.accounts() == g.accounts(G)
    for acct in g.accounts(G):
        assert ctx.type_of(acct) == g.account_type(G, acct)
        assert ctx.subject_of(acct) == g.subject_of(G, acct)
        assert ctx.subject_kind(acct) == g.subject_kind(G, acct)
        assert ctx.pointer(acct) == g.pointer_of(G, acct)
        assert ctx.admins(acct) == g.admins(G, acct)
        assert ctx.auxiliaries(acct) == g.auxiliaries(G, acct)
        assert ctx.primary_of(acct) == g.primary_of(G, acct)
        if ctx.type_of(acct) in official_types:
            assert ctx.linked_mini_programs(acct) == g.linked_mini_programs(G, acct, pending_counts=pending)
        if ctx.type_of(acct) == "mini_program":
            for mode in (True, False):
                assert ctx.linked_officials(acct, pending_counts=mode) == g.linked_officials(
                    G, acct, official_types, pending_counts=mode)
            assert ctx.linked_officials(acct) == g.linked_officials(G, acct, official_types, pending_counts=pending)
    for kind in ("mini_program", "admin", "member", "promotes"):  # the rules see well-typed links only
        sources, targets = LINK_ENDPOINTS[kind]
        sources = official_types if sources is None else sources
        assert ctx.links(kind) == [(u, v, k, d["link"]) for u, v, k, d in g.links(G, kind)
                                   if g.account_type(G, u) in sources and g.account_type(G, v) in targets]
    for s in eco.subjects:
        assert ctx.subject_members(s.id) == g.subject_accounts(G, s.id)
        for t in ("subscription", "service", "mini_program"):
            assert ctx.owned(s.id, t) == [a for a in g.subject_accounts(G, s.id) if g.account_type(G, a) == t]
        assert ctx.owned(s.id, "subscription", "service") == [
            a for a in g.subject_accounts(G, s.id) if g.account_type(G, a) in ("subscription", "service")]
    assert ctx.subjects() == sorted({s.id for s in eco.subjects})
    for sid in ctx.subjects():
        assert ctx.subject_pointer(sid) == g.pointer_of(G, g.subject_node(sid))
        assert ctx.kind_of_subject(sid) == G.nodes[g.subject_node(sid)]["kind"]
    for person in g.accounts(G, ["personal"]):
        # admin links carry no status today: every admin link is live
        assert ctx.administered(person) == sorted({v for _, v, d in G.out_edges(person, data=True)
                                                   if d["kind"] == "admin"})


@pytest.mark.parametrize("pending", [True, False])
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_new_links_by_month_agrees_with_a_plain_count(path, pending):
    """The one-pass monthly table (WX104, WX105) against a naive count over the link records."""
    eco = topology.load(str(path))
    G = topology.build_graph(eco)
    params = topology.load_ruleset("seed", {"pending_counts_toward_caps": pending}).parameters
    ctx = Context(eco, G, params, eco.as_of)
    officials = set(params.linkable_official_types)
    made = {}
    for link in eco.links:
        if (link.kind == "mini_program" and link.linked_on and not link.quick_registered
                and link.status != "rejected" and (pending or link.status != "pending")
                and g.account_type(G, link.source) in officials and g.account_type(G, link.target) == "mini_program"):
            made.setdefault((link.source, link.target, link.linked_on), None)
    by_official, by_mini = {}, {}
    for u, v, day in made:
        month = day.isoformat()[:7]
        by_official.setdefault((u, month), []).append(v)
        by_mini.setdefault((v, month), []).append(u)
    got_official, got_mini = ctx.new_links_by_month()
    assert {k: sorted(v) for k, v in got_official.items()} == {k: sorted(v) for k, v in by_official.items()}
    assert {k: sorted(v) for k, v in got_mini.items()} == {k: sorted(v) for k, v in by_mini.items()}
