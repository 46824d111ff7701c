"""The rules' batch index answers exactly what the public graph helpers answer.

Context reads the graph once for speed; topology.graph's helpers answer one question at a
time. Both must agree on every account of every sample, in both pending modes.
"""

import pytest

import topology
from tests.helpers import ecosystem_files
from topology import graph as g
from topology.rules.context import Context

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
    for kind in ("mini_program", "admin", "member", "promotes"):
        assert ctx.links(kind) == [(u, v, k, d["link"]) for u, v, k, d in g.links(G, kind)]
    for s in eco.subjects:
        assert ctx.subject_members(s.id) == g.subject_accounts(G, s.id)
