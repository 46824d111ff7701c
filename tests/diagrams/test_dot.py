"""Graphviz output: golden DOT, clusters, styles, legend, title and findings drawn in."""

from __future__ import annotations

import re

import pytest

import topology
from tests.diagrams import (
    DIFF_GOLDENS,
    ERROR,
    FIXED,
    GOLDEN,
    GOLDENS,
    UPDATE,
    WARNING,
    decode_safe_id,
    dot_string,
    draw,
    finding_messages,
    findings_doc,
    golden,
    need_dot,
    parse_dot,
    parse_svg,
    sample_documents,
    svg_groups,
    svg_tooltip,
)
from tests.helpers import ROOT, account, doc, link, subject
from topology.diagrams.style import EDGE_STYLE, NODE_STYLE
from topology.vocab import phrase, term


# -- golden files -------------------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n in GOLDENS if n.endswith(".dot")])
def test_dot_matches_golden_byte_for_byte(name):
    path = GOLDEN / name
    assert path.exists(), f"{path} is missing: {UPDATE}"
    assert golden(name) == path.read_bytes(), f"tests/diagrams/golden/{name} is stale: {UPDATE}"


def test_the_golden_folder_holds_exactly_the_listed_goldens():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted([*GOLDENS, *DIFF_GOLDENS])


def test_golden_dot_parses_and_holds_every_account():
    for name in (n for n in GOLDENS if n.endswith(".dot")):
        eco = topology.load(ROOT / GOLDENS[name][0])
        dot = parse_dot((GOLDEN / name).read_bytes())
        assert {decode_safe_id(n) for n in dot.nodes if n not in FIXED} >= {a.id for a in eco.accounts}, name


# -- structure ----------------------------------------------------------------------------
def test_one_cluster_per_subject_labelled_with_name_and_kind():
    dot = parse_dot(draw(ROOT / "samples" / "bloom.json"))
    assert {c: a["label"] for c, a in dot.clusters.items()} == {
        "cluster_subject-bloom": "Bloom Baby Co., Ltd. (enterprise)",
        "cluster_subject-li-na": "Li Na (individual)",
    }
    assert sorted(dot.members["cluster_subject-li-na"]) == ["acct-li-na", "acct-li-na-work"]  # auxiliary: its primary's
    assert sorted(dot.members["cluster_subject-bloom"]) == [
        "acct-bloom-care", "acct-bloom-daily", "acct-bloom-shop", "acct-bloom-team"]


def test_accounts_without_subject_sit_outside_clusters_and_unnamed_subjects_show_their_id():
    d = doc(subjects=[subject("acme", "media")],
            accounts=[account("free", "personal"), account("paper", "subscription", subject="acme")])
    dot = parse_dot(draw(d, findings=False))
    assert dot.clusters["cluster_subject-acme"]["label"] == "acme (media)"
    assert dot.members == {"cluster_subject-acme": ["acct-paper"]}
    assert "acct-free" in dot.nodes


def test_node_shape_fill_and_label_by_account_type():
    d = doc(subjects=[subject("s")],
            accounts=[account("me", "personal", name="Me"), account("aux", "auxiliary", primary="me"),
                      account("sub", "subscription", subject="s"), account("svc", "service", subject="s"),
                      account("ent", "enterprise", subject="s"), account("mp", "mini_program", subject="s")])
    dot = parse_dot(draw(d, findings=False))
    seen = set()
    for aid, type_ in [("me", "personal"), ("aux", "auxiliary"), ("sub", "subscription"), ("svc", "service"),
                       ("ent", "enterprise"), ("mp", "mini_program")]:
        attrs = dot.nodes[f"acct-{aid}"]
        shape, fill, fontcolor = NODE_STYLE[type_]
        assert (attrs["shape"], attrs["fillcolor"], attrs["fontcolor"]) == (shape, fill, fontcolor), type_
        assert attrs["class"] == f"type-{type_}"
        name = "Me" if aid == "me" else aid
        assert dot_string(attrs["label"]) == f"{name}\n{term('account_type', type_, 'en')}"
        seen.add((attrs["shape"], attrs["fillcolor"], attrs["style"]))
    assert len(seen) == 6, "two account types look alike"
    assert "dashed" in dot.nodes["acct-aux"]["style"]


def test_undefined_ids_are_drawn_as_placeholders():
    d = doc(accounts=[account("a", "personal")], links=[link("promotes", "a", "nowhere")])
    attrs = parse_dot(draw(d)).nodes["acct-nowhere"]
    assert attrs["class"].startswith("type-undefined") and "dashed" in attrs["style"]
    assert dot_string(attrs["label"]) == "nowhere\nundefined id"


def _edge_attrs(dot, source, target):
    found = [a for s, t, a in dot.edges if (s, t) == (f"acct-{source}", f"acct-{target}")]
    assert len(found) == 1, (source, target, dot.edges)
    return found[0]


def test_edge_style_by_link_kind_and_cross_subject_mini_program_drawn_differently():
    d = doc(subjects=[subject("s"), subject("t"), subject("me", "individual")],
            accounts=[account("me", "personal", subject="me"), account("aux", "auxiliary", primary="me"),
                      account("news", "subscription", subject="s"), account("ent", "enterprise", subject="s"),
                      account("own", "mini_program", subject="s"), account("other", "mini_program", subject="t")],
            links=[link("mini_program", "news", "own"), link("mini_program", "news", "other"),
                   link("admin", "me", "news"), link("member", "me", "ent"), link("promotes", "aux", "news")])
    dot = parse_dot(draw(d, findings=False))
    expected = {("news", "own"): "mini_program", ("news", "other"): "mini_program_cross",
                ("me", "news"): "admin", ("me", "ent"): "member", ("aux", "news"): "promotes", ("aux", "me"): "primary"}
    for (source, target), kind in expected.items():
        attrs = _edge_attrs(dot, source, target)
        style, arrowhead, colour = EDGE_STYLE[kind]
        assert (attrs["style"], attrs["arrowhead"], attrs["color"]) == (style, arrowhead, colour), kind
        assert dot_string(attrs["tooltip"]) == phrase("diagram", "edge_" + kind, "en")
    same, cross = _edge_attrs(dot, "news", "own"), _edge_attrs(dot, "news", "other")
    assert (same["style"], same["color"]) != (cross["style"], cross["color"])
    assert len(dot.edges) == 6


def test_auxiliary_to_primary_relation_is_an_edge_with_a_stable_id():
    dot = parse_dot(draw(ROOT / "samples" / "bloom.json"))
    attrs = _edge_attrs(dot, "li-na-work", "li-na")
    assert attrs["id"] == "primary-li-na-work" and attrs["style"] == EDGE_STYLE["primary"][0]
    assert sorted(a["id"] for _, _, a in dot.edges) == sorted(
        ["link-0", "link-1", "link-2", "link-3", "primary-li-na-work"])


@pytest.mark.parametrize("sample, lang, expected", [
    ("bloom.json", "en", "Bloom Baby: brand ecosystem\nvalid (0 errors, 0 warnings)"),
    ("broken/caps.json", "en", "鲜果生活：公众号与小程序关联上限（WX1xx）\ninvalid (3 errors, 0 warnings)"),
    ("broken/caps.json", "zh", "鲜果生活：公众号与小程序关联上限（WX1xx）\n无效（3 个错误，0 个警告）"),
])
def test_title_names_the_document_and_its_validity(sample, lang, expected):
    dot = parse_dot(draw(ROOT / "samples" / sample, lang=lang))
    assert dot_string(dot.graph["label"]) == expected
    assert dot.graph["labelloc"] == "t"


def test_title_without_findings_is_the_name_alone():
    dot = parse_dot(draw(ROOT / "samples" / "bloom.json", findings=False))
    assert dot_string(dot.graph["label"]) == "Bloom Baby: brand ecosystem"


def _legend_entries(dot) -> list[str]:
    return re.findall(r'<TD ALIGN="LEFT">([^<]*)</TD>', dot.nodes["legend"]["label"])


def test_legend_lists_only_the_types_and_kinds_present():
    d = doc(subjects=[subject("s")],
            accounts=[account("news", "subscription", subject="s"), account("mp", "mini_program", subject="s")],
            links=[link("mini_program", "news", "mp")])
    dot = parse_dot(draw(d, findings=False))
    assert _legend_entries(dot) == [term("account_type", "subscription", "en"), term("account_type", "mini_program", "en"),
                                    phrase("diagram", "edge_mini_program", "en")]
    full = parse_dot(draw(ROOT / "samples" / "bloom.json"))
    assert len(_legend_entries(full)) == 6 + 5  # every type; four link kinds plus "auxiliary of"
    assert "administers" in _legend_entries(full)
    assert phrase("diagram", "edge_mini_program_cross", "en") not in _legend_entries(full)
    zh = parse_dot(draw(d, findings=False, lang="zh"))
    assert _legend_entries(zh) == ["订阅号", "小程序", "关联小程序（同主体）"]


def test_an_empty_document_draws_no_legend():
    dot = parse_dot(draw(doc(name="empty")))
    assert dot.nodes == {} and dot.edges == []


# -- findings -----------------------------------------------------------------------------
def test_error_and_warning_findings_colour_accounts_and_set_tooltips():
    d = findings_doc()
    messages = finding_messages(d)
    dot = parse_dot(draw(d))
    solo, x = dot.nodes["acct-solo"], dot.nodes["acct-x"]
    assert solo["color"] == ERROR and "finding-error" in solo["class"].split()
    assert dot_string(solo["tooltip"]) == " | ".join(messages["solo"])
    assert x["color"] == WARNING and "finding-warning" in x["class"].split()
    assert dot_string(x["tooltip"]) == " | ".join(messages["x"])
    assert messages["x"][0].startswith("WX303: ")


def test_info_findings_and_clean_accounts_are_not_coloured():
    dot = parse_dot(draw(findings_doc()))
    for aid in ("care", "mp", "p", "news"):  # care and mp carry WX205 (info) only
        attrs = dot.nodes[f"acct-{aid}"]
        assert "color" not in attrs and "finding" not in attrs["class"], aid
        assert dot_string(attrs["tooltip"]) == aid


def test_links_named_by_findings_are_coloured_with_their_message():
    d = findings_doc()
    messages = finding_messages(d)
    edges = {a["id"]: a for _, _, a in parse_dot(draw(d)).edges}
    assert edges["link-1"]["color"] == WARNING and dot_string(edges["link-1"]["tooltip"]) == messages["/links/1"][0]
    assert edges["link-4"]["color"] == ERROR
    assert dot_string(edges["link-4"]["tooltip"]) == " | ".join(messages["/links/4"])
    assert edges["link-0"]["color"] == EDGE_STYLE["mini_program"][2]  # the first of the repeated pair is fine
    assert "color" not in parse_dot(draw(d)).nodes["acct-news"]  # a link finding colours the link, not its source


def test_no_findings_draws_the_plain_map():
    source = draw(findings_doc(), findings=False).decode()
    dot = parse_dot(source)
    assert ERROR not in source and WARNING not in source and "finding-" not in source
    assert all(dot_string(a["tooltip"]) == decode_safe_id(n) for n, a in dot.nodes.items() if n not in FIXED)
    assert "findings-table" not in dot.nodes and dot.groups == {}  # no table, no badge
    assert not any("[" in a["label"] for n, a in dot.nodes.items() if n not in FIXED)
    assert dot_string(dot.graph["label"]) == "Findings"


def test_findings_in_the_svg_stroke_and_tooltip():
    need_dot()
    d = findings_doc()
    messages = finding_messages(d)
    root = parse_svg(draw(d, "svg"))
    nodes = {g.get("id"): g for g in svg_groups(root, "node")}
    solo = nodes["acct-solo"]
    assert "finding-error" in solo.get("class").split()
    assert svg_tooltip(solo) == messages["solo"][0]
    assert any((el.get("stroke") or "").upper() == ERROR for el in solo.iter())
    assert any((el.get("stroke") or "").upper() == WARNING for el in nodes["acct-x"].iter())
    assert not any((el.get("stroke") or "").upper() in (ERROR, WARNING) for el in nodes["acct-care"].iter())
    edges = {g.get("id"): g for g in svg_groups(root, "edge")}
    assert any((el.get("stroke") or "").upper() == WARNING for el in edges["link-1"].iter())
    assert svg_tooltip(edges["link-1"]) == messages["/links/1"][0]


# -- every sample -------------------------------------------------------------------------
@pytest.mark.parametrize("path", sample_documents(), ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_sample_renders_to_svg_that_parses(path):
    need_dot()
    eco = topology.load(path)
    root = parse_svg(draw(path, "svg"))
    ids = {g.get("id") for g in svg_groups(root, "node")}
    assert {f"acct-{a.id}" for a in eco.accounts} <= ids  # sample ids need no escaping
    subjects = {sid for _, sid in topology.build_graph(eco).nodes(data="subject") if sid is not None}
    assert sorted(g.get("id") for g in svg_groups(root, "cluster")) == sorted(f"subject-{s}" for s in subjects)


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
def test_png_and_pdf(fmt, magic):
    need_dot()
    assert draw(ROOT / "samples" / "bloom.json", fmt).startswith(magic)


# -- arguments ----------------------------------------------------------------------------
@pytest.mark.parametrize("option", [{"format": "jpg"}, {"layout": "circo"}, {"lang": "fr"}])
def test_render_refuses_unknown_options(option):
    eco = topology.load(ROOT / "samples" / "bloom.json")
    options = {"format": "dot", **option}
    with pytest.raises(topology.UsageError):
        topology.render(eco, None, **options)


def test_layout_is_written_into_the_dot():
    for layout in ("dot", "fdp"):
        assert parse_dot(draw(ROOT / "samples" / "bloom.json", layout=layout)).graph["layout"] == layout
