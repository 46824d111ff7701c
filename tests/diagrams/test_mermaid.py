"""Mermaid output: golden files, one subgraph per subject, a classDef per type, findings as classes."""

from __future__ import annotations

import pytest

from tests.diagrams import (
    ERROR,
    GOLDEN,
    GOLDENS,
    UPDATE,
    WARNING,
    draw,
    findings_doc,
    golden,
    mermaid_text,
    parse_mermaid,
)
from tests.helpers import ROOT, account, doc, link, subject
from topology.diagrams.mermaid import label, mermaid_id
from topology.sanitize import escape
from topology.vocab import PHRASES, phrase, term

SHAPES = {"personal": ("([", "])"), "auxiliary": ("([", "])"), "subscription": ("[", "]"), "service": ("[", "]"),
          "enterprise": ("[[", "]]"), "mini_program": ("{{", "}}"), "undefined": ("[/", "/]")}


@pytest.mark.parametrize("name", [n for n in GOLDENS if n.endswith(".mmd")])
def test_mermaid_matches_golden_byte_for_byte(name):
    path = GOLDEN / name
    assert path.exists(), f"{path} is missing: {UPDATE}"
    assert golden(name) == path.read_bytes(), f"tests/diagrams/golden/{name} is stale: {UPDATE}"


@pytest.mark.parametrize("name", [n for n in GOLDENS if n.endswith(".mmd")])
def test_golden_mermaid_is_well_formed(name):
    mmd = parse_mermaid((GOLDEN / name).read_bytes())
    assert mmd.nodes and mmd.edges and mmd.subgraphs


def test_one_subgraph_per_subject_with_its_accounts():
    mmd = parse_mermaid(draw(ROOT / "samples" / "bloom.json", "mmd"))
    assert {k: mermaid_text(v) for k, v in mmd.subgraphs.items()} == {
        "subject_bloom": "Bloom Baby Co., Ltd. (enterprise)", "subject_li_2d_na": "Li Na (individual)"}
    members = {nid: sub for nid, (_, _, _, sub) in mmd.nodes.items()}
    assert members == {
        "acct_bloom_2d_care": "subject_bloom", "acct_bloom_2d_daily": "subject_bloom",
        "acct_bloom_2d_shop": "subject_bloom", "acct_bloom_2d_team": "subject_bloom",
        "acct_li_2d_na": "subject_li_2d_na", "acct_li_2d_na_2d_work": "subject_li_2d_na"}
    assert mermaid_text(mmd.title) == "Bloom Baby: brand ecosystem"
    assert mermaid_text(mmd.status) == "valid (0 errors, 0 warnings)"


def test_a_class_per_account_type_present_and_shapes_by_type():
    source = draw(ROOT / "samples" / "bloom.json", "mmd").decode()
    mmd = parse_mermaid(source)
    types = ["personal", "auxiliary", "subscription", "service", "enterprise", "mini_program"]
    assert [c for c in mmd.class_defs if c.startswith("type_")] == [f"type_{t}" for t in types]
    for nid, (_, kind, cls, _) in mmd.nodes.items():
        t = cls.removeprefix("type_")
        assert mermaid_text(kind) == term("account_type", t, "en")
        open_, close = SHAPES[t]
        line = next(ln for ln in source.splitlines() if ln.strip().startswith(nid + open_[0]))
        assert line.strip().startswith(f'{nid}{open_}"') and f'"{close}:::' in line, line
    small = parse_mermaid(draw(doc(subjects=[subject("s")], accounts=[account("n", "subscription", subject="s")],
                                   links=[link("promotes", "n", "gone")]), "mmd"))
    assert [c for c in small.class_defs if c.startswith("type_")] == ["type_subscription", "type_undefined"]
    assert small.nodes["acct_gone"][2] == "type_undefined"


def test_edges_one_per_link_and_primary_with_cross_subject_mini_program_distinct():
    d = doc(subjects=[subject("s"), subject("t")],
            accounts=[account("me", "personal"), account("aux", "auxiliary", primary="me"),
                      account("news", "subscription", subject="s"), account("ent", "enterprise", subject="s"),
                      account("own", "mini_program", subject="s"), account("other", "mini_program", subject="t")],
            links=[link("mini_program", "news", "own"), link("mini_program", "news", "other"),
                   link("admin", "me", "news"), link("member", "me", "ent"), link("promotes", "aux", "news")])
    mmd = parse_mermaid(draw(d, "mmd", findings=False))
    edges = {(s, t): (arrow, mermaid_text(text)) for s, arrow, text, t in mmd.edges}
    assert len(mmd.edges) == 6
    same, cross = edges[("acct_news", "acct_own")], edges[("acct_news", "acct_other")]
    assert same == ("==>", phrase("diagram", "edge_mini_program", "en"))
    assert cross == ("-.->", phrase("diagram", "edge_mini_program_cross", "en"))
    assert edges[("acct_aux", "acct_me")][1] == phrase("diagram", "edge_primary", "en")
    assert edges[("acct_me", "acct_ent")][0] == "---o"
    assert edges[("acct_me", "acct_news")][0] == "-->"


def test_findings_highlighted_with_classes_and_link_styles():
    mmd = parse_mermaid(draw(findings_doc(), "mmd"))
    assert mmd.classes == {"finding_error": ["acct_solo"], "finding_warning": ["acct_x"]}
    assert "finding_error" in mmd.class_defs and "finding_warning" in mmd.class_defs
    index = {i: (s, t) for i, (s, _, _, t) in enumerate(mmd.edges)}
    styled = {index[i]: colour for i, colour in mmd.link_styles.items() if colour in (ERROR, WARNING)}
    # two news → mp edges (the second repeated: WX003 warning) and news → ghost (WX001 error)
    assert sorted(styled.items()) == [(("acct_news", "acct_ghost"), ERROR), (("acct_news", "acct_mp"), WARNING)]
    assert [e[:1] + e[3:] for e in mmd.edges].count(("acct_news", "acct_mp")) == 2
    assert mermaid_text(mmd.status) == "invalid (2 errors, 2 warnings)"


def test_info_findings_do_not_highlight_and_no_findings_draws_the_plain_map():
    mmd = parse_mermaid(draw(findings_doc(), "mmd"))
    flagged = {n for ids in mmd.classes.values() for n in ids}
    assert not flagged & {"acct_care", "acct_mp"}  # WX205 is info
    plain = draw(findings_doc(), "mmd", findings=False).decode()
    parsed = parse_mermaid(plain)
    assert parsed.classes == {} and parsed.status is None
    assert not set(parsed.link_styles.values()) & {ERROR, WARNING}  # lines keep their kind's colour only
    assert "finding_" not in plain


def test_zh_labels():
    mmd = parse_mermaid(draw(ROOT / "samples" / "broken" / "caps.json", "mmd", lang="zh"))
    kinds = {mermaid_text(k) for _, k, _, _ in mmd.nodes.values()}
    assert kinds == {"订阅号", "服务号", "小程序", "个人主账号"}
    assert mermaid_text(mmd.status) == "无效（3 个错误，0 个警告）"
    statuses = ("", phrase("diagram", "pending", "zh"), phrase("diagram", "inactive", "zh"))
    assert {mermaid_text(t) for _, _, t, _ in mmd.edges} <= {v[1] + s for k, v in PHRASES["diagram"].items() if k.startswith("edge_") for s in statuses}


def test_mermaid_id_is_ascii_and_injective():
    ids = ["a", "A", "a-b", "a_b", "a_2d_b", "a.b", "a b", "暖", "_", "__", "_5f_", "end", "a\nb", 'a"b', "%%",
           "a-->b"]
    out = [mermaid_id("acct", i) for i in ids]
    assert len(set(out)) == len(ids)
    assert all(o.isascii() and o.replace("_", "").isalnum() for o in out)


def test_label_leaves_no_syntax_and_round_trips():
    for value in ['"', "<b>x</b>", "%%{init}%%", "a & b", "`md`", "#hash", "[x]{y}(z)|w|", "\\", "暖芽（社群）",
                  "x;y:z", "click a call b()", "A-->B", "\x00\x1b"]:
        out = label(value)
        assert not set(out) & set('"<>%`&[]{}|\\\n'), (value, out)
        assert mermaid_text(out) == escape(" ".join(value.split())), value  # controls shown escaped
