"""The HTML report page (topology.formats.html), read back with the standard library's HTML parser.

What a reader (and the browser tests) rely on: one row per finding of the JSON report with the
contract's data attributes; nothing a document holds can open a tag; the page names no URL;
the same input gives the same bytes; the style and script ship with the package.
"""

from __future__ import annotations

import functools
import html
import json
import re
import tomllib
from html.parser import HTMLParser
from importlib import resources

import pytest

import topology
from tests.helpers import ROOT, SAMPLES, account, broken_documents, doc, link, subject
from topology.formats.html import render_diff, render_report, reports_in_both
from topology.formats.html_diagram import inline_svg


class Page(HTMLParser):
    """Every start tag as (tag, attributes), and the text of each ``<script>``."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def rows(self) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == "tr" and "finding" in (a.get("class") or "").split()]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}


def _page(path, **options) -> tuple[str, topology.Report]:
    eco = topology.load(str(path))
    reports = reports_in_both(eco)
    return render_report(eco, reports, **options), reports["en"]


@pytest.mark.parametrize("path", broken_documents()[:6], ids=lambda p: p.name)
def test_every_finding_of_the_json_report_is_a_row_with_its_data(path):
    page, report = _page(path, diagram=False)
    expected = json.loads(report.to_json())["findings"]
    rows = Page(page).rows()
    assert len(rows) == len(expected) > 0
    for i, (row, f) in enumerate(zip(rows, expected)):
        owner = f["account"] or f.get("subject") or f["pointer"]
        assert row["data-index"] == str(i)
        assert row["data-finding"] == f"{f['rule']}:{owner}"
        assert (row["data-rule"], row["data-severity"]) == (f["rule"], f["severity"])
        accounts = json.loads(row["data-accounts"])
        assert set(accounts) == {a for a in [f["account"], *f["related"]] if a}
        assert row["tabindex"] == "0"


def test_the_contract_handles_are_on_the_page():
    page, _ = _page(SAMPLES / "broken" / "caps.json", diagram=False)
    ids = Page(page).ids()
    for ident in ("lang-switch", "summary", "eco-name", "ruleset", "counts", "verdict", "findings",
                  "filter-severity", "filter-family", "filter-rule", "filter-subject", "filter-account", "search",
                  "shown-count", "diagram", "account-panel", "rule-page"):
        assert ident in ids, ident
    assert re.search(r'<html lang="en" data-lang="en">', page)
    assert 'data-verdict="fail"' in page and '<b data-count="error">' in page


def test_messages_and_words_are_in_both_languages():
    page, _ = _page(SAMPLES / "bloom.json", lang="zh", diagram=False)
    assert '<html lang="zh" data-lang="zh">' in page
    tags = Page(page).tags
    langs = {a.get("lang") for t, a in tags if t == "span" and "t" in (a.get("class") or "").split()}
    assert langs == {"en", "zh"}
    assert "没有管理员关联" in page and "has no admin link" in page  # one WX205 message, both texts


HOSTILE_ID = '<script>alert(1)</script>"\'&'  # ids may hold markup characters, not control characters
HOSTILE = HOSTILE_ID + "\x1b[2J\u202egnp https://evil.example/x.js"


def test_hostile_ids_names_and_messages_cannot_open_a_tag():
    sid, aid, mid = "s" + HOSTILE_ID, "a" + HOSTILE_ID, "m" + HOSTILE_ID
    d = doc(name=HOSTILE, subjects=[subject(sid, name=HOSTILE)],
            accounts=[account(aid, "service", subject=sid, name=HOSTILE),
                      account(mid, "mini_program", subject=sid, name=HOSTILE)],
            links=[link("mini_program", aid, mid), link("admin", "nobody" + HOSTILE_ID, aid)])
    eco = topology.load(d)
    page = render_report(eco, reports_in_both(eco))
    assert "<script>alert" not in page
    assert "\u202e" not in page and "\x1b" not in page and "://" not in page  # a quoted URL stays text
    assert "evil.example" in page
    parsed = Page(page)
    assert [t for t, _ in parsed.tags].count("script") == 2  # the page's data and its script, nothing else
    data = json.loads(parsed.scripts[0])
    assert aid in {a[1] for a in data["accounts"]}  # the data block still parses, ids intact
    row_ids = {i for row in parsed.rows() for i in json.loads(row["data-accounts"])}
    assert aid in row_ids  # the id itself survives as data, escaped only as markup
    assert any(row["data-finding"].endswith(aid) for row in parsed.rows())


@pytest.mark.parametrize("name", ["integrity.json", "sourced.json"])
def test_the_page_names_no_url_and_fetches_nothing(name):
    path = SAMPLES / "broken" / name
    eco = topology.load(str(path))
    ruleset = path.with_name(name.replace(".json", ".ruleset.json"))
    page = render_report(eco, reports_in_both(eco, ruleset=str(ruleset) if ruleset.exists() else None))
    for needle in ("http://", "https://", 'src="//', "src='//", "url("):
        assert needle not in page
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    for _, attrs in Page(page).tags:  # a source a ruleset cites is text in a rule page, never an attribute
        assert not any("://" in (v or "") or (v or "").startswith("//") for v in attrs.values())


def test_the_same_input_gives_the_same_bytes():
    a, _ = _page(SAMPLES / "broken" / "caps.json")
    b, _ = _page(SAMPLES / "broken" / "caps.json")
    assert a == b


def test_the_style_and_script_ship_with_the_package():
    assets = resources.files("topology.formats").joinpath("assets")
    for name in ("report.css", "report.js"):
        assert assets.joinpath(name).read_text(encoding="utf-8").strip()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert package_data.get("topology.formats.assets") == ["*"]  # the wheel carries them (tests/test_wheel.py builds one)


def test_inline_svg_loses_its_prolog_doctype_and_namespace_uris():
    svg = (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
           b' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Generated by graphviz -->\n'
           b'<svg width="8pt" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
           b'<g id="acct-a" class="node"><title>a</title></g>\n</svg>\n')
    out = inline_svg(svg)
    assert out.startswith('<svg width="8pt">') and "http" not in out and "<!" not in out
    assert '<g id="acct-a" class="node">' in out


def test_above_the_account_limit_the_page_shows_subjects(monkeypatch):
    from topology import diagrams

    eco = topology.load(str(SAMPLES / "bloom.json"))
    calls = []
    real = diagrams.render

    @functools.wraps(real)  # the page asks render's signature whether it can group
    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(diagrams, "render", spy)
    page = render_report(eco, reports_in_both(eco), max_accounts=2)
    assert calls and calls[0].get("group_by") == "subject"
    assert 'data-view="subjects"' in page and 'id="open-subject"' in page
    assert '<g id="subject-bloom"' in page or "subject&#45;bloom" in page


def test_without_graphviz_the_page_has_no_diagram_and_still_works(monkeypatch):
    from topology import diagrams

    def missing(*args, **kwargs):
        raise diagrams.RenderError(diagrams.INSTALL_HINT)

    monkeypatch.setattr(diagrams, "render", missing)
    page, report = _page(SAMPLES / "broken" / "caps.json")
    assert 'data-view="none"' in page and "Graphviz" in page
    assert len(Page(page).rows()) == len(report.findings)


def test_the_diff_page_has_a_row_per_finding_change():
    from topology.planner.diff import diff

    old, new = (topology.load(str(SAMPLES / "diff" / n)) for n in ("before.json", "after.json"))
    result, other = diff(old, new, lang="en"), diff(old, new, lang="zh")
    page = render_diff(result, other=other, diagram=False)
    changes = [a.get("data-change") for t, a in Page(page).tags if t == "tr" and a.get("data-change")]
    assert changes.count("introduced") == len(result.introduced)
    assert changes.count("fixed") == len(result.fixed)
    assert len(changes) == (len(result.introduced) + len(result.worsened) + len(result.eased) + len(result.fixed)
                            + len(result.gone) + result.unchanged_count)
    assert 'id="diff"' in page and page == render_diff(result, other=other, diagram=False)


def test_above_the_limit_subjects_with_findings_carry_their_neighbourhood():
    from topology.diagrams.model import safe_id
    from topology.formats.html_diagram import NEIGHBOURHOODS

    eco = topology.load(str(SAMPLES / "broken" / "caps.json"))
    reports = reports_in_both(eco)
    page = render_report(eco, reports, max_accounts=40)
    assert 'data-view="subjects"' in page
    drawn = dict(re.findall(r'<template data-subject="([^"]*)">(.*?)</template>', page, re.S))
    subject_of = {a.id: a.subject for a in eco.accounts}
    flagged = {f.subject or subject_of.get(f.account) for f in reports["en"].findings} - {None}
    assert set(drawn) == set(sorted(flagged)[:NEIGHBOURHOODS]) and drawn
    for sid, svg in drawn.items():
        own = [a.id for a in eco.accounts if a.subject == sid]
        ids = set(map(html.unescape, re.findall(r'<g id="([^"]*)" class="node', svg)))  # Graphviz writes - as &#45;
        assert own and {safe_id("acct", a) for a in own} <= ids, sid
