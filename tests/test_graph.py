"""build_graph: the ecosystem as a MultiDiGraph that never fails on a broken document."""

import networkx as nx

import topology
from tests.helpers import account, doc, link, subject
from topology import graph as g


def _graph(**parts):
    return topology.build_graph(topology.load(doc(**parts)))


def test_accounts_and_subjects_are_nodes_with_attributes():
    G = _graph(
        subjects=[subject("acme", name="Acme Ltd."), subject("li", "individual")],
        accounts=[account("li", "personal", subject="li"), account("news", "subscription", subject="acme", name="News")],
    )
    assert isinstance(G, nx.MultiDiGraph)
    assert G.nodes["news"]["type"] == "subscription"
    assert G.nodes["news"]["name"] == "News"
    assert G.nodes["news"]["index"] == 1 and g.pointer_of(G, "news") == "/accounts/1"
    assert g.pointer_of(G, g.subject_node("li")) == "/subjects/1"
    assert g.subject_accounts(G, "acme") == ["news"]
    # a person and their individual subject share an id without colliding
    assert G.nodes["li"]["type"] == "personal"
    assert G.nodes[g.subject_node("li")]["kind"] == "individual"
    assert G.nodes[g.subject_node("acme")]["name"] == "Acme Ltd."


def test_links_and_the_primary_relation_are_edges_with_a_kind():
    G = _graph(
        subjects=[subject("acme")],
        accounts=[account("li", "personal"), account("li-2", "auxiliary", primary="li"),
                  account("news", "subscription", subject="acme"), account("shop", "mini_program", subject="acme")],
        links=[link("mini_program", "news", "shop", priority=3), link("admin", "li", "news")],
    )
    kinds = sorted((u, v, d["kind"]) for u, v, d in G.edges(data=True))
    assert kinds == [("li", "news", "admin"), ("li-2", "li", "primary"), ("news", "shop", "mini_program")]
    (_, _, key, data), = [e for e in G.edges(keys=True, data=True) if e[3]["kind"] == "mini_program"]
    assert key == 0 and data["link"].priority == 3  # keyed by the link's index in the document
    # subjects are nodes; membership is the `subject` attribute
    assert G.nodes["shop"]["subject"] == "acme" and G.degree(g.subject_node("acme")) == 0


def test_the_graph_equals_one_built_with_networkx_add_edges_from():
    """build_graph fills the adjacency directly for speed; it must be the same graph."""
    from tests.helpers import ecosystem_files

    documents = ecosystem_files()
    assert len(documents) > 10
    for path in documents:
        eco = topology.load(str(path))
        G = topology.build_graph(eco)
        H = nx.MultiDiGraph(**G.graph)
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True))
        assert nx.utils.graphs_equal(G, H), path.name
        assert dict(G.succ) == dict(H.succ) and dict(G.pred) == dict(H.pred), path.name
        assert dict(G.in_degree()) == dict(H.in_degree()), path.name
        assert G.number_of_edges() == H.number_of_edges() == len(eco.links) + sum(
            1 for n, t in G.nodes(data="type") if t == "auxiliary"), path.name


def test_an_auxiliary_takes_its_primarys_subject():
    G = _graph(subjects=[subject("li", "individual")],
               accounts=[account("li", "personal", subject="li"), account("li-2", "auxiliary", primary="li")])
    assert g.subject_of(G, "li-2") == "li"
    assert g.subject_kind(G, "li-2") == "individual"


def test_dangling_ids_become_placeholders_instead_of_failing():
    G = _graph(accounts=[account("news", "subscription", subject="ghost-co"), account("x", "auxiliary", primary="nobody")],
               links=[link("mini_program", "news", "ghost-shop")])
    assert G.nodes["ghost-shop"]["placeholder"] is True and G.nodes["ghost-shop"]["type"] is None
    assert G.nodes["nobody"]["placeholder"] is True
    assert G.nodes[g.subject_node("ghost-co")]["placeholder"] is True
    assert g.accounts(G) == ["news", "x"]  # placeholders are not accounts


def test_a_repeated_id_keeps_its_first_definition():
    G = _graph(subjects=[subject("acme")],
               accounts=[account("a", "subscription", subject="acme"), account("a", "service", subject="acme")])
    assert G.nodes["a"]["type"] == "subscription"
    assert g.pointer_of(G, "a") == "/accounts/0"


def test_cap_helpers_count_distinct_live_links():
    G = _graph(
        subjects=[subject("acme"), subject("other")],
        accounts=[account("news", "subscription", subject="acme"), account("care", "service", subject="acme"),
                  account("s1", "mini_program", subject="acme"), account("s2", "mini_program", subject="other"),
                  account("s3", "mini_program", subject="acme"), account("s4", "mini_program", subject="acme")],
        links=[link("mini_program", "news", "s1"), link("mini_program", "news", "s1"),
               link("mini_program", "news", "s2", status="pending"),
               link("mini_program", "news", "s3", status="rejected"),
               link("mini_program", "news", "s4", unlinked_on="2026-01-01"),
               link("mini_program", "care", "s1"), link("promotes", "news", "care")],
    )
    assert g.linked_mini_programs(G, "news") == ["s1", "s2"]
    assert g.linked_mini_programs(G, "news", pending_counts=False) == ["s1"]
    assert g.linked_officials(G, "s1", ["subscription", "service"]) == ["care", "news"]
    assert g.linked_officials(G, "s1", ["service"]) == ["care"]
    assert g.same_subject(G, "news", "s1") and not g.same_subject(G, "news", "s2")


def test_same_subject_needs_a_subject_on_both_sides():
    G = _graph(accounts=[account("team", "enterprise"), account("team2", "enterprise")])
    assert not g.same_subject(G, "team", "team2")


def test_links_helper_is_in_document_order():
    G = _graph(accounts=[account("li", "personal"), account("a", "enterprise"), account("b", "enterprise")],
               links=[link("member", "li", "b"), link("admin", "li", "a"), link("member", "li", "a")])
    assert [(u, v, i) for u, v, i, _ in g.links(G, "member")] == [("li", "b", 0), ("li", "a", 2)]
    assert [i for *_, i, _ in g.links(G)] == [0, 1, 2]


def test_helpers_count_well_typed_links_only():
    G = _graph(subjects=[subject("acme")],
               accounts=[account("li", "personal"), account("bo", "personal"),
                         account("shop", "mini_program", subject="acme"), account("news", "subscription", subject="acme")],
               links=[link("mini_program", "li", "shop"), link("admin", "li", "bo"), link("admin", "li", "news")])
    assert g.linked_mini_programs(G, "li") == []  # a person links no mini-program (WX004)
    assert g.linked_officials(G, "shop", ["subscription"]) == []
    assert g.admins(G, "bo") == [] and g.admins(G, "news") == ["li"]
    assert [i for *_, i, _ in g.links(G)] == [0, 1, 2]  # the raw view keeps every record
