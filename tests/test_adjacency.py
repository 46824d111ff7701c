"""The graph's compact attribute mappings (topology.adjacency) behave as the dicts they replace."""

from __future__ import annotations

import copy
import pickle

import networkx as nx
import pytest

import topology
from topology.adjacency import AccountAttrs, LinkAttrs, OneEdge
from topology.graph import build_graph
from topology.index import forget, index_of


def _eco():
    return topology.load({"schema_version": 1, "subjects": [{"id": "s", "kind": "enterprise"}],
                          "accounts": [{"id": "news", "type": "subscription", "subject": "s"},
                                       {"id": "shop", "type": "mini_program", "subject": "s"},
                                       {"id": "li", "type": "personal"}],
                          "links": [{"kind": "mini_program", "source": "news", "target": "shop"},
                                    {"kind": "admin", "source": "li", "target": "news"}]})


def test_build_graph_uses_the_compact_mappings():
    G = build_graph(_eco())
    assert type(G.nodes["news"]) is AccountAttrs
    assert type(G._succ["news"]["shop"]) is OneEdge and type(G.edges["news", "shop", 0]) is LinkAttrs


@pytest.mark.parametrize("make, plain", [
    (lambda: LinkAttrs("admin", "L"), {"kind": "admin", "link": "L"}),
    (lambda: AccountAttrs("personal", None, "s", 3, "M"),
     {"node": "account", "type": "personal", "name": None, "subject": "s", "index": 3, "model": "M"}),
    (lambda: OneEdge(7, "D"), {7: "D"}),
])
def test_every_dict_operation_gives_what_the_dict_gives(make, plain):
    m = make()
    assert m == plain and plain == m and dict(m) == plain and list(m) == list(plain) and len(m) == len(plain)
    assert repr(m) == repr(plain) and m.copy() == plain and type(m.copy()) is dict
    assert copy.deepcopy(m) == plain and pickle.loads(pickle.dumps(m)) == plain
    first = next(iter(plain))
    assert m[first] == plain[first] and m.get(first) == plain[first] and first in m
    assert m.get("absent", 5) == 5 and "absent" not in m
    with pytest.raises(KeyError):
        m["absent"]
    steps = [("set", "x", 1), ("set", first, "new"), ("del", first, None), ("set", first, "back"),
             ("set", 9, 2), ("del", "x", None)]
    for op, key, value in steps:
        for d in (m, plain):
            if op == "set":
                d[key] = value
            else:
                del d[key]
        assert list(m.items()) == list(plain.items()), (op, key)
    with pytest.raises(KeyError):
        del m["absent"]
    m.update({"u": 1})
    plain.update({"u": 1})
    assert m.pop("u") == plain.pop("u") and m == plain
    while plain:
        assert m.popitem() == plain.popitem()
    assert len(m) == 0 and dict(m) == {}
    with pytest.raises(KeyError):
        m.popitem()


def test_networkx_edits_and_copies_work_on_a_built_graph():
    eco = _eco()
    G = build_graph(eco)
    G.add_edge("news", "shop", key=5, kind="promotes")  # a parallel edge joins the pair's key dict
    assert sorted(G["news"]["shop"]) == [0, 5] and G.number_of_edges("news", "shop") == 2
    nx.set_edge_attributes(G, {("news", "shop", 0): {"weight": 2}})
    nx.set_node_attributes(G, {"news": {"colour": "red"}})
    assert G.edges["news", "shop", 0]["weight"] == 2 and G.nodes["news"]["colour"] == "red"
    H = G.copy()
    assert nx.utils.graphs_equal(G, H) and type(H.edges["news", "shop", 0]) is dict
    G.remove_edge("news", "shop", key=0)
    assert list(G["news"]["shop"]) == [5] and G.has_edge("news", "shop", 5) and not G.has_edge("news", "shop", 0)
    G.add_edge("news", "shop", key=6)
    G.remove_edge("news", "shop")  # the last edge added goes, as with a dict
    assert list(G["news"]["shop"]) == [5]
    G.remove_edge("news", "shop")
    assert not G.has_edge("news", "shop")
    forget(G)
    assert index_of(G).admins("news") == ["li"]
