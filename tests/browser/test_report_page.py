"""The HTML report page (``wxtopo report``) in a real browser: what a reader clicks does what it says.

Each page is made by the command line from a sample and opened from disk (file://); what it must
show is computed from ``wxtopo validate --format json`` on the same sample with the same options
(and ``rules``, ``headroom``, ``diff``), never from the page's own code. One Chromium for the run,
one page per generated report, reloaded before each test (a test starts from the page as opened).
The ids and attributes used are the page's stable handles (docs/report.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.harness import Opened, open_page
from tests.helpers import BROKEN, SAMPLES, wxtopo
from topology.cli import main
from topology.diagrams.model import safe_id

pytestmark = pytest.mark.browser

#: the rule families by the hundreds digit of the rule ID (written out: an oracle, not the catalogue)
FAMILIES = {"0": "integrity", "1": "caps", "2": "officials", "3": "personal", "4": "messaging",
            "5": "enterprise", "6": "changes", "9": "advice"}

VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('#findings tr.finding'))
    .filter(tr => !tr.hidden).map(tr => Number(tr.getAttribute('data-index')))"""
MARKED = """(cls) => Array.from(document.querySelectorAll('#diagram svg g.' + cls)).map(g => g.id).sort()"""


def cli(*args: str) -> None:
    """``wxtopo ARGS`` in this process (the command line's own code, without a new interpreter per
    page: the pages of every sample are made in seconds); it must write its output and exit 0 or 1."""
    code = main(list(args))
    assert code in (0, 1), (args, code)


def run_json(tmp: Path, *args: str) -> dict:
    """``wxtopo ARGS --format json -o FILE``, read back."""
    out = tmp / f"out-{len(list(tmp.iterdir()))}.json"
    cli(*args, "--format", "json", "-o", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def companions(doc: Path) -> list[str]:
    """The options a sample's companion files ask for (those `report` takes: ruleset, suppressions)."""
    stem = doc.name[: -len(".json")]
    options = []
    for kind, option in (("ruleset", "--ruleset"), ("suppressions", "--suppressions")):
        if (path := doc.with_name(f"{stem}.{kind}.json")).exists():
            options += [option, str(path)]
    return options


@dataclass
class Page:
    """A generated report opened in the browser, with what the JSON report says it must show."""

    opened: Opened
    lang: str                   # the language the page opens in
    reports: dict[str, list]    # the JSON report's findings in "en" and in "zh"
    subject_of: dict[str, str]  # account id -> subject id (the document, first definition)
    accounts: list[dict]        # the document's accounts

    @property
    def page(self):
        return self.opened.page

    @property
    def findings(self) -> list[dict]:
        """The findings in the page's first language (the order of its rows)."""
        return self.reports[self.lang]

    @property
    def other(self) -> list[dict]:
        return self.reports["zh" if self.lang == "en" else "en"]

    def fresh(self):
        self.page.reload(wait_until="load")
        return self.page

    def visible(self) -> list[int]:
        return self.page.evaluate(VISIBLE_ROWS)

    def shown_count(self) -> int:
        return int(self.page.inner_text("#shown-count").strip())


def generate(tmp: Path, name: str, doc: Path, *options: str, lang: str = "en") -> tuple[Path, dict]:
    """``wxtopo report DOC -o tmp/NAME.html OPTIONS``; and the JSON report of the same validation
    in each language (``validate --format json``: the options but those of the page alone)."""
    out = tmp / f"{name}.html"
    cli("report", str(doc), "-o", str(out), "--lang", lang, *options)
    report_options = [o for o in options if o != "--with-headroom"]
    if "--max-accounts" in report_options:
        at = report_options.index("--max-accounts")
        del report_options[at:at + 2]
    return out, {lg: run_json(tmp, "validate", str(doc), "--lang", lg, *report_options) for lg in ("en", "zh")}


def load_page(browser, tmp: Path, name: str, doc: Path, *options: str, lang: str = "en") -> Page:
    out, reports = generate(tmp, name, doc, *options, lang=lang)
    document = json.loads(doc.read_text(encoding="utf-8"))
    subject_of: dict[str, str] = {}
    for account in document.get("accounts", []):
        subject_of.setdefault(account["id"], account.get("subject"))
    return Page(open_page(browser, out), lang, {lg: r["findings"] for lg, r in reports.items()}, subject_of,
                document.get("accounts", []))


@pytest.fixture(scope="module")
def sourced(browser, tmp_path_factory):
    """Two subjects' worth of caps and officials findings, errors and a warning, with headroom."""
    doc = BROKEN / "sourced.json"
    p = load_page(browser, tmp_path_factory.mktemp("sourced"), "sourced", doc, *companions(doc), "--with-headroom")
    yield p
    p.page.context.close()


@pytest.fixture(scope="module")
def integrity(browser, tmp_path_factory):
    """Findings that name links (/links/N) and a subject-only finding; the page opens in Chinese."""
    p = load_page(browser, tmp_path_factory.mktemp("integrity"), "integrity", BROKEN / "integrity.json", lang="zh")
    yield p
    p.page.context.close()


@pytest.fixture(scope="module")
def aggregated(browser, tmp_path_factory):
    """75 accounts against a limit of 10: the page must show one node per subject (6 subjects, and
    the limit holds for the aggregated view too, so it must not be below their number)."""
    p = load_page(browser, tmp_path_factory.mktemp("aggregated"), "caps", BROKEN / "caps.json", "--max-accounts", "10")
    yield p
    p.page.context.close()


@pytest.fixture(scope="module")
def diff(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("diff")
    old, new = str(SAMPLES / "diff" / "before.json"), str(SAMPLES / "diff" / "after.json")
    cli("report", old, new, "-o", str(tmp / "diff.html"))
    run = wxtopo("diff", old, new, "--format", "json")  # its -o is the drawing: the JSON goes to standard output
    assert run.returncode in (0, 1), run.stderr.decode()
    opened = open_page(browser, tmp / "diff.html")
    yield opened, json.loads(run.stdout)
    opened.page.context.close()


def owner(finding: dict) -> str:
    return finding.get("account") or finding.get("subject") or finding.get("pointer")


def accounts_of(finding: dict) -> list[str]:
    account = finding.get("account")
    return ([account] if account else []) + [r for r in finding.get("related", []) if r != account]


def row(page, index: int):
    return page.locator(f'#findings tr.finding[data-index="{index}"]')


# -- every finding is a row --------------------------------------------------------------------------


def rows_agree(p: Page) -> None:
    """One row per finding of the JSON report, in its order, each with its rule, severity, family,
    subject, accounts, position and message (in the page's language)."""
    got = p.page.evaluate("""() => Array.from(document.querySelectorAll('#findings tbody tr.finding')).map(tr => ({
        finding: tr.getAttribute('data-finding'), index: tr.getAttribute('data-index'),
        rule: tr.getAttribute('data-rule'), severity: tr.getAttribute('data-severity'),
        family: tr.getAttribute('data-family'), subject: tr.getAttribute('data-subject'),
        accounts: JSON.parse(tr.getAttribute('data-accounts')), text: tr.innerText}))""")
    assert [g["finding"] for g in got] == [f"{f['rule']}:{owner(f)}" for f in p.findings]
    for i, (g, f) in enumerate(zip(got, p.findings)):
        assert g["index"] == str(i)
        assert (g["rule"], g["severity"], g["family"]) == (f["rule"], f["severity"], FAMILIES[f["rule"][2]])
        assert g["subject"] == (f.get("subject") or p.subject_of.get(f.get("account") or "") or "")
        assert set(g["accounts"]) == set(accounts_of(f)), f
        assert f["message"] in g["text"], (f["message"], g["text"])
        if f.get("line"):
            assert f":{f['line']}:{f['column']}" in g["text"]


def test_every_finding_is_a_row(sourced, integrity, aggregated):
    for p in (sourced, integrity, aggregated):
        p.fresh()
        rows_agree(p)
        assert p.shown_count() == len(p.findings) > 0


def test_header_counts_and_verdict(sourced):
    page = sourced.fresh()
    for severity in ("error", "warning", "info"):
        n = sum(f["severity"] == severity for f in sourced.findings)
        assert page.inner_text(f'#counts [data-count="{severity}"]').strip() == str(n)
    assert page.get_attribute("#verdict", "data-verdict") == "fail"  # errors, and --fail-on error
    assert page.inner_text("#eco-name").strip()
    assert "wechat-2025" in page.inner_text("#ruleset")


def test_the_rule_page_opens(sourced):
    page = sourced.fresh()
    run = wxtopo("rules", "--format", "json")  # `rules` writes to standard output only
    rules = {r["id"]: r for r in json.loads(run.stdout)}
    first = sourced.findings[0]["rule"]
    assert not page.is_visible("#rule-page")
    row(page, 0).locator(f'[data-open-rule="{first}"], a, button').first.click()
    assert page.is_visible("#rule-page")
    text = page.inner_text("#rule-page")
    assert first in text and rules[first]["title"]["en"] in text
    assert page.get_attribute('#findings tr[data-index="0"]', "aria-selected") != "true"  # not a selection


# -- filters -------------------------------------------------------------------------------------------


def options(page, select: str) -> list[str]:
    return page.eval_on_selector_all(f"{select} option", "os => os.map(o => o.value)")


def expect(p: Page, keep) -> list[int]:
    return [i for i, f in enumerate(p.findings) if keep(f)]


def test_select_filters_show_exactly_the_matching_rows(sourced):
    p = sourced
    page = p.fresh()
    subject = {i: (f.get("subject") or p.subject_of.get(f.get("account") or "")) for i, f in enumerate(p.findings)}
    cases = {
        "#filter-severity": lambda v: expect(p, lambda f: f["severity"] == v),
        "#filter-rule": lambda v: expect(p, lambda f: f["rule"] == v),
        "#filter-family": lambda v: expect(p, lambda f: FAMILIES[f["rule"][2]] == v),
        "#filter-subject": lambda v: [i for i in range(len(p.findings)) if subject[i] == v],
    }
    assert set(options(page, "#filter-severity")) >= {"", "error", "warning"}
    assert set(options(page, "#filter-family")) == {"", "caps", "officials"}
    assert set(options(page, "#filter-rule")) == {""} | {f["rule"] for f in p.findings}
    assert set(options(page, "#filter-subject")) == {""} | {s for s in subject.values() if s}
    for select, expected in cases.items():
        values = options(page, select)
        assert values[0] == ""
        for value in values[1:]:
            page.select_option(select, value)
            want = expected(value)
            assert p.visible() == want, (select, value)
            assert p.shown_count() == len(want)
        page.select_option(select, "")
        assert p.visible() == list(range(len(p.findings)))
        assert p.shown_count() == len(p.findings)


def test_filters_combine(sourced):
    p = sourced
    page = p.fresh()
    page.select_option("#filter-family", "officials")
    page.select_option("#filter-severity", "error")
    want = expect(p, lambda f: FAMILIES[f["rule"][2]] == "officials" and f["severity"] == "error")
    assert p.visible() == want and p.shown_count() == len(want) > 0
    page.fill("#filter-account", "wang-lei")
    want = [i for i in want if "wang-lei" in accounts_of(p.findings[i])]
    assert p.visible() == want and p.shown_count() == len(want) > 0


@pytest.mark.parametrize("typed", ["wang-lei", "chen-jing", "SHANHAI-D", "no-such-account"])
def test_account_filter(sourced, typed):
    p = sourced
    page = p.fresh()
    page.fill("#filter-account", typed)
    want = expect(p, lambda f: any(typed.lower() in a.lower() for a in accounts_of(f)))
    assert p.visible() == want
    assert p.shown_count() == len(want)
    page.fill("#filter-account", "")
    assert p.visible() == list(range(len(p.findings)))


def searched(p: Page, query: str) -> list[int]:
    """The rows whose text holds ``query`` (any case): rule, name, message and fix in both languages,
    the accounts, the position."""
    query = query.lower()
    out = []
    for i, (f, z) in enumerate(zip(p.reports["en"], p.reports["zh"])):
        fields = [f["rule"], f["name"], f["message"], z["message"], f.get("fix") or "", z.get("fix") or "",
                  *accounts_of(f)]
        if any(query in field.lower() for field in fields):
            out.append(i)
    return out


def test_search(sourced):
    p = sourced
    page = p.fresh()
    queries = ["wx20", p.findings[1]["message"].upper(), p.reports["zh"][-1]["message"][:6], "Shanhai-Daily",
               "zzzz-nothing"]
    for query in queries:
        page.fill("#search", query)
        want = searched(p, query)
        assert p.visible() == want, query
        assert p.shown_count() == len(want)
    assert searched(p, queries[1]) and not searched(p, queries[-1])
    page.fill("#search", "")
    assert p.visible() == list(range(len(p.findings)))


# -- selection: a finding, an account --------------------------------------------------------------


def highlighted(p: Page, index: int) -> set[str]:
    """The SVG groups finding ``index`` must light: its accounts, and the link its pointer names."""
    f = p.findings[index]
    want = {safe_id("acct", a) for a in accounts_of(f)}
    pointer = f.get("pointer") or ""
    if pointer.startswith("/links/"):
        want.add("link-" + pointer.split("/")[2])
    present = set(p.page.eval_on_selector_all("#diagram svg g[id]", "gs => gs.map(g => g.id)"))
    return want & present


def assert_selected(p: Page, index: int) -> None:
    page = p.page
    want = highlighted(p, index)
    assert want, f"finding {index} names no account drawn in the diagram"
    assert set(page.evaluate(MARKED, "hl")) == want
    others = page.eval_on_selector_all(
        "#diagram svg g.node, #diagram svg g.edge", "gs => gs.filter(g => !g.classList.contains('hl')).map(g => g.id)")
    assert others and set(page.evaluate(MARKED, "dim")) == set(others)
    assert page.get_attribute(f'#findings tr[data-index="{index}"]', "aria-selected") == "true"
    assert page.locator('#findings tr[aria-selected="true"]').count() == 1


def assert_cleared(p: Page) -> None:
    assert p.page.evaluate(MARKED, "hl") == [] and p.page.evaluate(MARKED, "dim") == []
    assert p.page.locator('#findings tr[aria-selected="true"]').count() == 0


def test_selecting_a_finding_highlights_exactly_its_accounts(sourced):
    p = sourced
    page = p.fresh()
    assert page.get_attribute("#diagram", "data-view") == "accounts"
    for index in range(len(p.findings)):
        row(page, index).locator("td.message").click()
        assert_selected(p, index)
        page.keyboard.press("Escape")
        assert_cleared(p)


def test_selection_by_keyboard_and_again_clears(integrity):
    p = integrity
    page = p.fresh()
    links = [i for i, f in enumerate(p.findings) if (f.get("pointer") or "").startswith("/links/")]
    assert links
    for index in links:
        row(page, index).focus()
        page.keyboard.press("Enter")
        assert_selected(p, index)
        assert any(g.startswith("link-") for g in page.evaluate(MARKED, "hl")), p.findings[index]
        page.keyboard.press("Enter")  # the same finding again: cleared
        assert_cleared(p)
    # another finding replaces the selection
    row(page, links[0]).locator("td.message").click()
    row(page, links[-1]).locator("td.message").click()
    assert_selected(p, links[-1])


def test_clicking_an_account_lists_its_findings_and_headroom(sourced, tmp_path):
    p = sourced
    page = p.fresh()
    doc = BROKEN / "sourced.json"
    headroom = run_json(tmp_path, "headroom", str(doc), *companions(doc))["rows"]
    for account in ("wang-lei", "shanhai-service", "chen-jing-beans"):
        page.locator(f'#diagram svg g#{safe_id("acct", account)}').click()
        panel = page.locator("#account-panel")
        assert panel.is_visible()
        assert account in panel.inner_text()
        listed = panel.locator("li[data-finding]").evaluate_all("ls => ls.map(l => l.getAttribute('data-finding'))")
        want = [f"{f['rule']}:{owner(f)}" for f in p.findings if account in accounts_of(f)]
        assert want and sorted(listed) == sorted(want), account
        rooms = {r["cap"]: r for r in headroom if r["account"] == account}
        got = panel.locator("li[data-headroom-kind]").evaluate_all(
            "ls => ls.map(l => [l.getAttribute('data-headroom-kind'), l.innerText])")
        assert {kind for kind, _ in got} == set(rooms), account
        for kind, text in got:
            assert str(rooms[kind]["used"]) in text
        page.keyboard.press("Escape")
        assert not panel.is_visible()


# -- language, aggregated view, diff, print, zoom ------------------------------------------------------


def test_language_switch(sourced, integrity):
    page = sourced.fresh()
    assert page.get_attribute("html", "data-lang") == "en"
    message = row(page, 0).locator("td.message")
    assert message.inner_text().strip() == sourced.findings[0]["message"]
    english = page.inner_text("#summary")
    page.click("#lang-switch")
    assert page.get_attribute("html", "data-lang") == "zh" and page.get_attribute("html", "lang") == "zh"
    assert message.inner_text().strip() == sourced.reports["zh"][0]["message"]
    assert page.inner_text("#summary") != english
    assert page.locator('body [lang="en"]:visible').count() == 0  # no English text left showing
    assert page.locator('body [lang="zh"]:visible').count() > 0
    page.click("#lang-switch")
    assert page.get_attribute("html", "data-lang") == "en"
    assert message.inner_text().strip() == sourced.findings[0]["message"]
    # `--lang zh`: the page opens in Chinese, and switches to English
    page = integrity.fresh()
    assert page.get_attribute("html", "data-lang") == "zh"
    message = row(page, 0).locator("td.message")
    assert message.inner_text().strip() == integrity.findings[0]["message"]
    page.click("#lang-switch")
    assert message.inner_text().strip() == integrity.other[0]["message"]


def test_the_aggregated_view_above_the_limit(aggregated):
    p = aggregated
    page = p.fresh()
    assert page.get_attribute("#diagram", "data-view") == "subjects"
    ids = set(page.eval_on_selector_all("#diagram svg g[id]", "gs => gs.map(g => g.id)"))
    subjects = {s for s in p.subject_of.values() if s}
    assert {safe_id("subject", s) for s in subjects} <= ids
    assert len([i for i in ids if i.startswith("acct-")]) < len(p.accounts)  # not one node per account
    subject = p.findings[0].get("subject") or p.subject_of[p.findings[0]["account"]]
    page.select_option("#open-subject", subject)
    shown = page.inner_text("#diagram")
    for account in (a["id"] for a in p.accounts if a.get("subject") == subject):
        drawn = page.locator(f'#diagram svg g#{safe_id("acct", account)}')
        assert account in shown or (drawn.count() and drawn.first.is_visible()), account


def test_the_diff_page(diff):
    opened, result = diff
    page = opened.page
    page.reload(wait_until="load")
    assert page.locator("#diff").count() == 1
    for change in ("introduced", "worsened", "eased", "fixed"):
        got = page.eval_on_selector_all(f'#diff tr[data-change="{change}"]',
                                        "rs => rs.map(r => r.getAttribute('data-finding'))")
        assert sorted(got) == sorted(f"{f['rule']}:{owner(f)}" for f in result["findings"][change]), change
    assert page.locator("#diff tr[data-change]").count() >= 3


def test_print_shows_every_row_and_no_controls(sourced):
    p = sourced
    page = p.fresh()
    page.select_option("#filter-severity", "warning")
    assert len(p.visible()) < len(p.findings)
    page.emulate_media(media="print")
    try:
        assert all(row(page, i).is_visible() for i in range(len(p.findings)))
        assert not page.is_visible("#filter-severity") and not page.is_visible("#lang-switch")
    finally:
        page.emulate_media(media="screen")


def test_zoom_buttons(sourced):
    page = sourced.fresh()
    svg = page.locator("#diagram svg").first
    width = svg.bounding_box()["width"]
    page.click("#zoom-in")
    assert svg.bounding_box()["width"] > width
    page.click("#zoom-out")
    page.click("#zoom-out")
    assert svg.bounding_box()["width"] < width
    page.click("#zoom-reset")
    assert svg.bounding_box()["width"] == pytest.approx(width, rel=0.01)


def test_the_drawing_opens_whole_in_its_box(sourced):
    page = sourced.fresh()
    svg = page.locator("#diagram svg").first.bounding_box()
    view = page.locator("#viewport").bounding_box()
    assert svg["width"] <= view["width"] + 1 and svg["height"] <= view["height"] + 1


def test_pan_and_wheel_zoom(sourced):
    page = sourced.fresh()
    svg = page.locator("#diagram svg").first
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()  # where it is on the screen now
    x, y = box["x"] + 20, box["y"] + 20
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=4)
    page.mouse.up()
    moved = svg.bounding_box()
    assert (moved["x"] - box["x"], moved["y"] - box["y"]) == (pytest.approx(60, abs=2), pytest.approx(40, abs=2))
    page.mouse.wheel(0, -200)  # wheel up: closer
    assert svg.bounding_box()["width"] > moved["width"]


def test_without_graphviz_the_rest_of_the_page_works(browser, tmp_path, monkeypatch):
    """No ``dot`` on the PATH: no diagram (data-view "none", a note), and filters, selection and
    the language switch still work without a complaint."""
    monkeypatch.setenv("PATH", str(tmp_path))
    p = load_page(browser, tmp_path, "integrity", BROKEN / "integrity.json")
    try:
        page = p.page
        assert page.get_attribute("#diagram", "data-view") == "none"
        assert page.inner_text("#diagram").strip()  # the note says why
        page.select_option("#filter-severity", "warning")
        assert p.visible() == expect(p, lambda f: f["severity"] == "warning")
        row(page, p.visible()[0]).locator("td.message").click()
        assert page.locator('#findings tr[aria-selected="true"]').count() == 1
        page.click("#lang-switch")
        assert page.get_attribute("html", "data-lang") == "zh"
        assert p.opened.complaints() == [] and p.opened.aborted == []
    finally:
        page.context.close()


#: ids, names and titles that would run script or fetch, were they markup and not text
HOSTILE_ID = 'care"><img src=x onerror=alert(1)>'
HOSTILE = {"name": "</title><script>alert(2)</script>", "subject": "<b onmouseover=alert(3)>B</b>",
           "account": "</script><script>alert(4)</script> 关怀"}


def test_hostile_text_stays_text(browser, tmp_path):
    """A document whose ids and names are markup: the page runs none of it, fetches nothing, and
    still highlights the account (the page's id for it is the ``safe_id`` of ``render``)."""
    doc = json.loads((SAMPLES / "bloom.json").read_text(encoding="utf-8"))
    doc["name"] = HOSTILE["name"]
    doc["subjects"][0]["name"] = HOSTILE["subject"]
    text = json.dumps(doc, ensure_ascii=False).replace('"bloom-care"', json.dumps(HOSTILE_ID))
    doc = json.loads(text)
    next(a for a in doc["accounts"] if a["id"] == HOSTILE_ID)["name"] = HOSTILE["account"]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    p = load_page(browser, tmp_path, "hostile", path)
    dialogs: list[str] = []
    p.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page = p.fresh()
        index = next(i for i, f in enumerate(p.findings) if f.get("account") == HOSTILE_ID)
        row(page, index).locator("td.message").click()
        assert_selected(p, index)
        page.keyboard.press("Escape")
        node = page.locator(f'#diagram svg g[id="{safe_id("acct", HOSTILE_ID)}"]')
        node.click()
        assert HOSTILE_ID in page.inner_text("#account-panel")
        page.hover("#eco-name")
        page.click("#lang-switch")
        assert HOSTILE["name"] in page.inner_text("#eco-name")
        assert page.locator("script").count() == 2  # the page's data and its code, nothing else
        assert dialogs == [] and p.opened.complaints() == [] and p.opened.aborted == []
    finally:
        page.context.close()


def test_ids_are_unique(sourced, integrity, aggregated, diff):
    for page in (sourced.fresh(), integrity.fresh(), aggregated.fresh(), diff[0].page):
        dupes = page.evaluate("""() => { const seen = {}, out = [];
            document.querySelectorAll('[id]').forEach(e => { if (seen[e.id]) out.push(e.id); seen[e.id] = 1; });
            return out; }""")
        assert dupes == [], page.url


# -- the page asks for nothing and complains about nothing (last: after every interaction above) --


def test_no_request_but_the_page_itself(sourced, integrity, aggregated, diff):
    for opened in (sourced.opened, integrity.opened, aggregated.opened, diff[0]):
        assert opened.aborted == [] and opened.sockets == []
        assert {u for u in opened.requests if not u.startswith("data:")} == {opened.url}
        refs = opened.page.evaluate("""() => Array.from(document.querySelectorAll('[src], [href], [srcset], [action]'))
            .concat(Array.from(document.querySelectorAll('*')).filter(e => e.getAttribute('xlink:href')))
            .map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('xlink:href')
                      || e.getAttribute('srcset') || e.getAttribute('action'))""")
        assert [r for r in refs if not r.startswith(("#", "data:"))] == []


def test_no_console_error_or_warning(sourced, integrity, aggregated, diff):
    for opened in (sourced.opened, integrity.opened, aggregated.opened, diff[0]):
        assert opened.complaints() == [], opened.url


# -- every sample ----------------------------------------------------------------------------------


def samples() -> list[Path]:
    skip = (".expected.json", ".ruleset.json", ".suppressions.json", ".baseline.json")
    return sorted(p for p in [*SAMPLES.glob("*.json"), *BROKEN.glob("*.json")] if not p.name.endswith(skip))


@pytest.mark.parametrize("doc", samples(), ids=lambda p: p.stem)
def test_every_sample(browser, tmp_path, doc):
    """`wxtopo report` on each sample: a page that opens quietly and shows every finding."""
    p = load_page(browser, tmp_path, doc.stem, doc, *companions(doc))
    try:
        rows_agree(p)
        assert p.shown_count() == len(p.findings)
        assert p.page.get_attribute("#diagram", "data-view") == "accounts"
        assert p.opened.complaints() == [] and p.opened.aborted == []
    finally:
        p.page.context.close()


def test_opening_a_subject_with_findings_draws_its_neighbourhood(aggregated):
    p = aggregated
    page = p.fresh()
    subject = p.findings[0].get("subject") or p.subject_of[p.findings[0]["account"]]
    page.select_option("#open-subject", subject)
    view = page.locator("#subject-detail .subject-view svg")
    assert view.count() == 1 and view.first.is_visible()
    drawn = set(page.eval_on_selector_all("#subject-detail .subject-view g.node[data-id]",
                                          "gs => gs.map(g => g.getAttribute('data-id'))"))
    own = {safe_id("acct", a["id"]) for a in p.accounts if a.get("subject") == subject}
    assert own <= drawn  # its accounts, and what they link to
    assert page.eval_on_selector_all("#subject-detail [id]", "es => es.length") == 0  # the page's ids stay unique
    first = sorted(own)[0]
    page.click(f'#subject-detail .subject-view g.node[data-id="{first}"]')
    assert page.is_visible("#account-panel")
