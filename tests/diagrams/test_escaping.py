"""Hostile names and ids: every format stays valid and inert, and no user text becomes syntax.

The hostile document puts quotes, backslashes (one trailing), braces, brackets, HTML,
entities, Mermaid directives and Chinese into subject, account and link ids and names, and
newlines and tabs into names (an id with a control character is a document error).
DOT is checked by Graphviz itself and by counting what it drew; SVG by an XML parser;
Mermaid by a reader that accepts only the line shapes the renderer writes.
"""

from __future__ import annotations

import pytest

import topology
from tests.diagrams import (
    FIXED,
    Html,
    assert_inert_svg,
    decode_safe_id,
    dot_to_svg,
    draw,
    finding_messages,
    mermaid_text,
    need_dot,
    one_line,
    parse_dot,
    parse_mermaid,
    parse_svg,
    svg_groups,
    svg_texts,
    svg_tooltip,
)
from tests.helpers import account, doc, link, subject
from topology.sanitize import escape
from topology.vocab import term

NASTY = [
    'say "hi"',
    "back\\slash \\N \\l \\G",
    "trailing\\",
    "two\nlines\r\n\tand a tab",
    "{braces}",
    "[brackets]",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "fish &amp; chips & &lt;",
    '%%{init: {"theme":"dark"}}%%',
    "click x call alert()",
    "A-->B",
    "subgraph",
    "end",
    "暖芽母婴·社群（测试）",
    '"];x[label="pwn"];y -> z [',
    "`code` |pipe| #hash",
    "node",
    'style x fill:#f00',
    "<<TABLE>>",
]
S1, S2, S3 = '"quoted" {subject}\\', "end", "暖芽"
PERSONAL, AUX, ENT = 'p\\"', 'aux "end"', "ent<b>"
GHOST = 'ghost "<>" \\'
TYPES = ["subscription", "service", "mini_program"]


def as_id(value: str) -> str:
    """A NASTY value as an id: its line breaks and tabs become spaces (ids may not hold them)."""
    return " ".join(value.replace("\t", " ").splitlines())


def hostile() -> dict:
    accounts = [account(PERSONAL, "personal", subject=S2, name="trailing\\", phone_bound=True),
                account(AUX, "auxiliary", primary=PERSONAL, name="A-->B\nclick aux call alert()"),
                account(ENT, "enterprise", subject=S1, name="%%{init}%%")]
    for i, value in enumerate(NASTY):
        extra = {"features": ["wechat_pay"]} if TYPES[i % 3] == "subscription" else {}  # WX202: an error each
        accounts.append(account(as_id(value), TYPES[i % 3], subject=S1 if i % 2 else S3, name=NASTY[(i + 7) % len(NASTY)],
                                **extra))
    mini = [a["id"] for a in accounts if a["type"] == "mini_program"]
    official = [a["id"] for a in accounts if a["type"] in ("subscription", "service")]
    links = [link("mini_program", o, mini[k % len(mini)]) for k, o in enumerate(official)]
    links += [link("admin", PERSONAL, o) for o in official[:4]]
    links += [link("member", PERSONAL, ENT), link("promotes", AUX, official[0]), link("promotes", AUX, GHOST)]
    return doc(
        name='<b>Title</b> "x" \\ %%{init: {"theme":"dark"}}%%\nclick x call alert() &amp; 暖芽',
        as_of="2026-11-25",
        subjects=[subject(S1, "enterprise", name='<script>alert(1)</script>\nend\nsubgraph "A-->B"'),
                  subject(S2, "individual", name="%%{init: {}}%%"),
                  subject(S3, "media")],
        accounts=accounts, links=links,
    )


DOC = hostile()
ACCOUNTS = {a["id"]: a for a in DOC["accounts"]}
NODE_IDS = set(ACCOUNTS) | {GHOST}  # every account plus the one id a link names but nothing defines
EDGE_COUNT = len(DOC["links"]) + 1  # the links plus auxiliary → primary
SUBJECTS = {s["id"]: s for s in DOC["subjects"]}


def shown(value: str, limit: int) -> str:
    """How the renderer shows user text: one line, at most ``limit`` characters."""
    value = one_line(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def test_the_hostile_document_is_what_it_claims():
    assert len(ACCOUNTS) == len(DOC["accounts"]) == len(NASTY) + 3
    assert all(len(one_line(a.get("name", a["id"]))) <= 40 for a in DOC["accounts"])  # no truncation below


# -- DOT and SVG --------------------------------------------------------------------------
@pytest.mark.parametrize("findings", [True, False], ids=["findings", "plain"])
def test_dot_is_well_formed_and_names_inject_nothing(findings):
    dot = parse_dot(draw(DOC, findings=findings))  # strict reader: one renderer statement per line
    names = set(dot.nodes) - FIXED
    assert {decode_safe_id(n) for n in names} == NODE_IDS and len(names) == len(NODE_IDS)
    assert len(dot.edges) == EDGE_COUNT
    assert {(decode_safe_id(s), decode_safe_id(t)) for s, t, _ in dot.edges} == (
        {(lk["source"], lk["target"]) for lk in DOC["links"]} | {(AUX, PERSONAL)})
    assert {decode_safe_id(c, "cluster_subject") for c in dot.clusters} == set(SUBJECTS)
    html = [(n, k) for n, attrs in dot.nodes.items() for k, v in attrs.items() if isinstance(v, Html)]
    # user text reaches an HTML-like label only in the findings table, through dot.html (test_badges.py)
    assert html == [("legend", "label")] + ([("findings-table", "label")] if findings else []), html
    assert not any(isinstance(v, Html) for attrs in (dot.graph, *dot.clusters.values()) for v in attrs.values())
    assert not any(isinstance(v, Html) for _, _, attrs in dot.edges for v in attrs.values())


@pytest.mark.parametrize("findings", [True, False], ids=["findings", "plain"])
def test_graphviz_draws_exactly_the_documents_nodes_and_edges(findings):
    root = parse_svg(dot_to_svg(draw(DOC, findings=findings)))
    nodes = svg_groups(root, "node")
    assert len(nodes) == len(NODE_IDS) + (2 if findings else 1)  # + the legend and the findings table
    assert len(svg_groups(root, "edge")) == EDGE_COUNT
    ids = [g.get("id") for g in nodes]
    assert sorted(ids) == sorted(["legend", *(["findings-table"] if findings else [])] + [topology_safe(i) for i in NODE_IDS])
    assert {decode_safe_id(i) for i in ids if i not in FIXED} == NODE_IDS
    assert len(svg_groups(root, "cluster")) == len(SUBJECTS)
    assert_inert_svg(root)
    assert b"<script" not in dot_to_svg(draw(DOC, findings=findings)).lower()


def topology_safe(ident: str) -> str:
    from topology.diagrams.model import safe_id

    return safe_id("acct", ident)


def test_svg_shows_names_and_tooltips_literally():
    root = parse_svg(dot_to_svg(draw(DOC, findings=False)))
    nodes = {g.get("id"): g for g in svg_groups(root, "node")}
    for aid, a in ACCOUNTS.items():
        g = nodes[topology_safe(aid)]
        name = a.get("name", aid)
        assert svg_texts(g) == [shown(name, 40), term("account_type", a["type"], "en")], aid
        assert svg_tooltip(g) == shown(f"{name} ({aid})", 400), aid
    ghost = nodes[topology_safe(GHOST)]
    assert svg_texts(ghost) == [shown(GHOST, 40), "undefined id"] and svg_tooltip(ghost) == shown(GHOST, 400)
    clusters = {g.get("id"): g for g in svg_groups(root, "cluster")}
    for sid, s in SUBJECTS.items():
        label = f"{s.get('name', sid)} ({term('subject_kind', s['kind'], 'en')})"
        assert svg_texts(clusters[topology_safe(sid).replace("acct-", "subject-", 1)]) == [shown(label, 60)], sid
    title = [t.text for t in root.find("{http://www.w3.org/2000/svg}g").findall("{http://www.w3.org/2000/svg}text")]
    assert title == [shown(DOC["name"], 80)]


def test_svg_tooltips_carry_finding_messages_with_hostile_ids_literally():
    report = topology.validate(topology.load(DOC))
    root = parse_svg(dot_to_svg(draw(DOC)))
    nodes = {g.get("id"): g for g in svg_groups(root, "node")}
    flagged = 0
    for aid in ACCOUNTS:
        found = sorted((f for f in report.findings if f.account == aid and f.severity in ("error", "warning")
                        and not f.pointer.startswith("/links/")), key=lambda f: f.sort_key())
        if found:
            flagged += 1
            expected = " | ".join(f"{f.rule}: {f.message}" for f in found)
            assert svg_tooltip(nodes[topology_safe(aid)]) == shown(expected, 400), aid
    assert flagged >= 3, "the hostile document should trip rules on several accounts"
    edges = {g.get("id"): g for g in svg_groups(root, "edge")}
    on_links = {k: v for k, v in finding_messages(DOC).items() if k.startswith("/links/")}
    assert on_links, "the hostile document should trip rules on links"
    for pointer, messages in on_links.items():
        assert svg_tooltip(edges["link-" + pointer.split("/")[2]]) == shown(" | ".join(messages), 400), pointer


def test_library_svg_of_the_hostile_document_parses_and_is_inert():
    need_dot()
    for findings in (True, False):
        assert_inert_svg(parse_svg(draw(DOC, "svg", findings=findings)))


def test_a_title_that_looks_like_html_stays_text():
    d = doc(name="<b>bold</b>", accounts=[account("<i>x</i>", "personal", name="<u>y</u>")])
    source = draw(d, findings=False).decode()
    assert 'label="<b>bold</b>"' in source
    assert '"acct-.3c.i.3e.x.3c..2f.i.3e."' in source
    root = parse_svg(dot_to_svg(source))
    assert [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")][:1] == ["<b>bold</b>"]
    assert not root.findall(".//{http://www.w3.org/2000/svg}b")


@pytest.mark.parametrize("name, expected", [
    ("nul\x00byte", "nul\\x00byte"),
    ("bell\x07 and esc\x1b[31m", "bell\\x07 and esc\\x1b[31m"),
    ("rtl \u202egnp.exe \u2066iso\u2069", "rtl \\u202egnp.exe \\u2066iso\\u2069"),
    ("&#1; is not a character", "&#1; is not a character"),
    ("&#xD800;", "&#xD800;"),
    ("fish &amp; chips", "fish &amp; chips"),
    ("&lt;script&gt;", "&lt;script&gt;"),
    ("x\ufffey\uffffz", "x y z"),
    ("del\x7f next\x85line", "del\\x7f next line"),
])
def test_control_characters_and_entities_stay_literal(name, expected):
    """Graphviz decodes entities in labels and a NUL ends its input: neither may reach it raw.
    Control and bidirectional characters are shown escaped, as in every report."""
    d = doc(name=name, accounts=[account("a", "personal", name=name)])
    source = draw(d)
    parse_dot(source)
    root = parse_svg(dot_to_svg(source))
    assert_inert_svg(root)
    node = next(g for g in svg_groups(root, "node") if g.get("id") == "acct-a")
    assert svg_texts(node)[0] == expected
    assert svg_tooltip(node) == f"{expected} (a)"
    mmd = parse_mermaid(draw(d, "mmd"))
    assert mermaid_text(mmd.nodes["acct_a"][0]) == escape(one_line(name))


# -- Mermaid ------------------------------------------------------------------------------
@pytest.mark.parametrize("findings", [True, False], ids=["findings", "plain"])
def test_mermaid_is_well_formed_and_names_inject_nothing(findings):
    source = draw(DOC, "mmd", findings=findings).decode()
    mmd = parse_mermaid(source)  # strict reader: any other line shape fails
    for line in source.splitlines():
        assert not line.lstrip().startswith(("%%", "click", "style", "call", "href")), line
    assert "%" not in source and "`" not in source and "\\" not in source
    assert len(mmd.nodes) == len(NODE_IDS)
    assert len(mmd.edges) == EDGE_COUNT
    assert len(mmd.subgraphs) == len(SUBJECTS)
    labels = [mmd.title, *mmd.subgraphs.values(), *(n[0] for n in mmd.nodes.values()), *(e[2] for e in mmd.edges)]
    for text in labels:
        assert not set(text) & set('"<>%`\n'), text
        assert "&" not in text.replace("#38;", ""), text


def test_mermaid_labels_read_back_as_the_names():
    mmd = parse_mermaid(draw(DOC, "mmd", findings=False))
    from topology.diagrams.mermaid import mermaid_id

    for aid, a in ACCOUNTS.items():
        label, kind, cls, _ = mmd.nodes[mermaid_id("acct", aid)]
        assert mermaid_text(label) == shown(a.get("name", aid), 40), aid
        assert mermaid_text(kind) == term("account_type", a["type"], "en") and cls == f"type_{a['type']}"
    assert mermaid_text(mmd.nodes[mermaid_id("acct", GHOST)][0]) == shown(GHOST, 40)
    for sid, s in SUBJECTS.items():
        label = f"{s.get('name', sid)} ({term('subject_kind', s['kind'], 'en')})"
        assert mermaid_text(mmd.subgraphs[mermaid_id("subject", sid)]) == shown(label, 60)
    assert mermaid_text(mmd.title) == shown(DOC["name"], 80)
    assert all(n.isascii() for n in mmd.nodes)


def test_findings_on_hostile_accounts_are_highlighted_by_their_ids():
    from topology.diagrams.mermaid import mermaid_id

    report = topology.validate(topology.load(DOC))
    errors = {f.account for f in report.findings if f.severity == "error" and f.account in ACCOUNTS
              and not f.pointer.startswith("/links/")}
    assert errors
    mmd = parse_mermaid(draw(DOC, "mmd"))
    assert set(mmd.classes["finding_error"]) == {mermaid_id("acct", a) for a in errors}


def test_views_take_hostile_ids():
    focus = NASTY[0]
    dot = parse_dot(draw(DOC, focus=focus, depth=0))
    assert [decode_safe_id(n) for n in dot.nodes if n not in FIXED] == [focus]
    with pytest.raises(topology.UsageError):
        draw(DOC, focus='say "hi" ')
