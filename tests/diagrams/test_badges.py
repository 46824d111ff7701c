"""Findings in static images: a numbered badge on each flagged account and link, and a findings table
(a DOT node with an HTML-like label, so SVG, PNG and PDF carry it; a Mermaid node) under the same numbers."""

from __future__ import annotations

import re

import pytest

import topology
from tests.diagrams import (
    dot_string,
    dot_to_svg,
    draw,
    finding_messages,
    findings_doc,
    mermaid_text,
    need_dot,
    parse_dot,
    parse_mermaid,
    parse_svg,
    svg_groups,
    svg_texts,
)
from tests.helpers import ROOT, account, doc, subject
from topology.diagrams.badges import MAX_ROWS, badges
from topology.diagrams.dot import html
from topology.diagrams.model import picture
from topology.vocab import phrase


def _table_rows(label: str) -> list[tuple[str, str, str]]:
    """(number, rule, message) of each row of the findings table's HTML-like label, as Graphviz shows it."""
    rows = re.findall(r'<TR><TD>(\[\d+\])</TD><TD>([^<]*)</TD><TD ALIGN="LEFT" BALIGN="LEFT">(.*?)</TD></TR>', label)
    unescape = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}

    def shown(cell: str) -> str:
        cell = re.sub(r"\\(.)", r"\1", cell.replace("<BR/>", " "))  # Graphviz shows "\\" as one backslash
        return re.sub(r"&(lt|gt|quot|#39|amp);", lambda m: unescape[m.group(0)], cell)

    return [(n, r, shown(m)) for n, r, m in rows]


def test_accounts_then_links_are_numbered_in_the_pictures_order():
    d = findings_doc()
    eco = topology.load(d)
    marks = badges(picture(eco, topology.validate(eco)))
    p = picture(eco, topology.validate(eco))
    assert marks.nodes == {"solo": 1, "x": 2}
    assert {p.edges[i].index: n for i, n in marks.edges.items()} == {4: 3, 1: 4}
    messages = finding_messages(d)
    expected = [(1, m) for m in messages["solo"]] + [(2, m) for m in messages["x"]] + \
               [(3, m) for m in messages["/links/4"]] + [(4, m) for m in messages["/links/1"]]
    assert [(r.number, f"{r.rule}: {r.message}") for r in marks.rows] == expected


def test_dot_badges_and_table_agree():
    d = findings_doc()
    dot = parse_dot(draw(d))
    assert dot_string(dot.nodes["acct-solo"]["label"]).split("\n") == ["solo", "service account", "[1]"]
    assert dot_string(dot.nodes["acct-x"]["label"]).endswith("\n[2]")
    assert "[" not in dot.nodes["acct-care"]["label"]  # info only: no badge
    edges = {a["id"]: a for _, _, a in dot.edges}
    assert (edges["link-4"]["label"], edges["link-1"]["label"]) == ("[3]", "[4]")
    assert "label" not in edges["link-0"]
    messages = finding_messages(d)
    rows = _table_rows(dot.nodes["findings-table"]["label"])
    assert [(n, f"{r}: {m}") for n, r, m in rows] == (
        [("[1]", m) for m in messages["solo"]] + [("[2]", m) for m in messages["x"]]
        + [("[3]", m) for m in messages["/links/4"]] + [("[4]", m) for m in messages["/links/1"]])
    assert dot.groups == {"findings_last": {"rank": "sink"}}  # drawn last


def test_the_table_is_in_the_svg_and_the_picture_draws_in_png_and_pdf():
    need_dot()
    root = parse_svg(draw(findings_doc(), "svg"))
    table = next(g for g in svg_groups(root, "node") if g.get("id") == "findings-table")
    words = " ".join(svg_texts(table))
    assert "Findings" in words and "WX201" in words and "[4]" in words and "WX003" in words
    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF-")):
        assert draw(findings_doc(), fmt).startswith(magic)


def test_no_findings_keeps_the_plain_map():
    dot = parse_dot(draw(findings_doc(), findings=False))
    assert "findings-table" not in dot.nodes and not any("[" in a.get("label", "") for _, _, a in dot.edges)
    mmd = parse_mermaid(draw(findings_doc(), "mmd", findings=False))
    assert mmd.findings is None and mmd.badges == {}


def test_table_words_in_both_languages():
    for lang in ("en", "zh"):
        label = parse_dot(draw(findings_doc(), lang=lang)).nodes["findings-table"]["label"]
        for key in ("findings", "col_number", "col_rule", "col_message"):
            assert phrase("diagram", key, lang) in label, (lang, key)
    assert "发现" in parse_dot(draw(findings_doc(), lang="zh")).nodes["findings-table"]["label"]


def _many_errors(n: int) -> dict:
    """``n`` service accounts of an individual: one WX201 error each."""
    return doc(subjects=[subject("me", "individual")], as_of="2026-11-25",
               accounts=[account(f"svc{i:03d}", "service", subject="me") for i in range(n)])


def test_the_table_is_capped_and_says_how_many_more():
    d = _many_errors(MAX_ROWS + 7)
    rows = _table_rows(parse_dot(draw(d)).nodes["findings-table"]["label"])
    assert len(rows) == MAX_ROWS and rows[-1][0] == f"[{MAX_ROWS}]"
    label = parse_dot(draw(d)).nodes["findings-table"]["label"]
    assert phrase("diagram", "more_rows", "en").format(n=7) in label
    mmd = parse_mermaid(draw(d, "mmd"))
    assert len(mmd.findings) == 1 + MAX_ROWS + 1 and mermaid_text(mmd.findings[-1]).startswith("and 7 more")
    assert len(mmd.badges) == MAX_ROWS + 7  # every account keeps its badge; its tooltip its messages
    exact = parse_dot(draw(_many_errors(MAX_ROWS))).nodes["findings-table"]["label"]
    assert len(_table_rows(exact)) == MAX_ROWS and "more" not in exact


def test_mermaid_badges_and_findings_node():
    d = findings_doc()
    mmd = parse_mermaid(draw(d, "mmd"))
    assert mmd.badges == {"acct_solo": 1, "acct_x": 2}
    assert [e[2] for e in mmd.edges if e[2].endswith("#93;")] == [
        "links mini-program (other subject) #91;3#93;", "links mini-program (same subject) #91;4#93;"]
    lines = [mermaid_text(line) for line in mmd.findings]
    messages = finding_messages(d)
    assert lines[0] == "Findings" and lines[1] == f"[1] {messages['solo'][0]}" and lines[2] == f"[2] {messages['x'][0]}"


# -- HTML-like labels: their own escaping -------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ('<B>x</B>', "&lt;B&gt;x&lt;/B&gt;"),
    ('a "quoted" \'one\'', "a &quot;quoted&quot; &#39;one&#39;"),
    ("&amp; &#1; &lt;", "&amp;amp; &amp;#1; &amp;lt;"),
    ("</TD></TR></TABLE>>", "&lt;/TD&gt;&lt;/TR&gt;&lt;/TABLE&gt;&gt;"),
    ("line\nbreak\x00nul \u202eltr", "line break\\\\x00nul \\\\u202eltr"),  # shown escaped, then doubled
    ("back\\slash \\N", "back\\\\slash \\\\N"),  # Graphviz shows a doubled backslash as one
])
def test_html_escapes_every_special(value, expected):
    assert html(value) == expected


HOSTILE = ['x"><B>y</B>', "</TD></TR></TABLE>>", "&amp;&#1;", "a\\Nb\\Gc", "<IMG SRC=\"/etc/passwd\"/>", "{]}'"]


def test_hostile_ids_in_the_table_stay_text():
    d = doc(subjects=[subject("me", "individual")], as_of="2026-11-25",
            accounts=[account(h, "service", subject="me") for h in HOSTILE])
    source = draw(d)
    dot = parse_dot(source)  # the strict reader: the table is one balanced HTML-like label
    rows = _table_rows(dot.nodes["findings-table"]["label"])
    assert len(rows) == len(HOSTILE)
    shown = " ".join(m for _, _, m in rows)
    for h in HOSTILE:
        assert h in shown, h
    root = parse_svg(dot_to_svg(source))
    table = next(g for g in svg_groups(root, "node") if g.get("id") == "findings-table")
    text = "".join(svg_texts(table))
    assert all(h.replace(" ", "") in text.replace(" ", "") for h in HOSTILE)
    assert not root.findall(".//{http://www.w3.org/2000/svg}image")  # no <IMG> became an image


def test_samples_draw_their_tables(tmp_path):
    eco = topology.load(ROOT / "samples" / "broken" / "caps.json")
    report = topology.validate(eco)
    dot = parse_dot(topology.render(eco, report, format="dot"))
    flagged = [f for f in report.findings if f.severity in ("error", "warning")]
    assert flagged and len(_table_rows(dot.nodes["findings-table"]["label"])) == min(len(flagged), MAX_ROWS)


def test_long_messages_wrap_by_display_width():
    from topology.diagrams.dot import _wrapped

    lines = _wrapped("word " * 40).split("<BR/>")
    assert len(lines) == 3 and all(len(line) <= 72 for line in lines)
    zh = _wrapped("辅助账号主账号没有注册日期无法检查其注册时长" * 4).split("<BR/>")
    assert len(zh) == 3 and all(len(line) <= 36 for line in zh)  # a wide character counts two columns
    assert _wrapped("a" * 100).split("<BR/>") == ["a" * 72, "a" * 28]
