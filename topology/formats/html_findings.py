"""The report page's header, filters, findings table and embedded rule pages.

One row per finding of the report, in the report's order, each carrying the data the
browser tests and the page's script select on (``data-finding``, ``data-accounts``…). The
messages of both languages come from two runs of the same validation, paired by what a
finding is about (not by its wording), so the language switch needs no round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import catalogue
from ..errors import problem_line
from ..sanitize import escape
from ..vocab import SEVERITIES, SEVERITY_RANK, count
from .html_base import LANGS, attr_json, both, esc, option, terms, word, words

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding
    from ..model import Ecosystem

MAX_RELATED_SHOWN = 8  # a cap finding may relate hundreds: the rest are counted, and all are highlighted


def pair_key(f: Finding) -> tuple:
    """What pairs one finding across two runs that differ only in language."""
    return (f.rule, f.account, f.pointer, f.related, f.subject, f.observed, f.limit, f.severity)


def paired(main: Sequence[Finding], lang: str, others: Mapping[str, Sequence[Finding]]) -> list[dict[str, str]]:
    """Each finding of ``main`` (in ``lang``) with its message in every language: ``others`` holds the
    same findings in the other languages (one missing, or lacking the finding, repeats ``lang``'s)."""
    tables: dict[str, dict[tuple, list[str]]] = {}
    for other, findings in others.items():
        table: dict[tuple, list[str]] = {}
        for f in findings:
            table.setdefault(pair_key(f), []).append(f.message)
        for queue in table.values():
            queue.reverse()
        tables[other] = table
    out = []
    for f in main:
        texts = {lang: f.message}
        for other in LANGS:
            if other != lang:
                queue = tables.get(other, {}).get(pair_key(f))
                texts[other] = queue.pop() if queue else f.message
        out.append(texts)
    return out


def messages(reports: Mapping[str, Report], lang: str) -> list[dict[str, str]]:
    """Each finding of ``reports[lang]`` with its message in every language."""
    return paired(reports[lang].findings, lang, {lg: r.findings for lg, r in reports.items() if lg != lang})


def family(rule_id: str) -> str:
    """The rule's family: the module of the catalogue it lives in (``caps``, ``integrity``…)."""
    rule = catalogue.get_rule(rule_id)
    return rule.check.__module__.rsplit(".", 1)[-1] if rule is not None else rule_id[:3]


def owner(f: Finding) -> str:
    return f.account if f.account is not None else f.subject if f.subject is not None else f.pointer


def verdict(report: Report, fail_on: str) -> tuple[str, dict[str, str]]:
    """("pass"|"fail", the reason in both languages): the --fail-on threshold and what reached it."""
    if fail_on == "never":
        return "pass", word("never")
    floor = SEVERITY_RANK[fail_on]
    n = sum(SEVERITY_RANK[f.severity] >= floor for f in report.findings)
    if n == 0:
        return "pass", word("pass", level=fail_on)
    return "fail", {lang: word("fail", level=fail_on, n="{n}")[lang].format(n=count(n, "finding", lang))
                    for lang in LANGS}


def header(eco: Ecosystem, report: Report, fail_on: str, title: dict[str, str]) -> str:
    name = eco.name or report.document or "-"
    rs = report.ruleset.name if report.ruleset else "-"
    day = report.as_of.isoformat() if report.as_of else "-"
    counts = "".join(
        f'<li class="sev-{s}">{both(terms("severity", s))} <b data-count="{s}">{report.counts.get(s, 0)}</b></li>'
        for s in SEVERITIES)
    state, why = verdict(report, fail_on)
    return (f'<header id="summary">\n<h1>{both(title)}: <span id="eco-name">{esc(name)}</span></h1>\n'
            f'<p class="document">{esc(report.document or "-")}</p>\n'
            f'<p id="ruleset">{words("ruleset", name=rs, day=day)}</p>\n'
            f'<ul id="counts">{counts}</ul>\n'
            f'<p id="verdict" data-verdict="{state}" class="verdict-{state}">{both(why)}</p>\n</header>\n')


def _select(ident: str, label: str, options: list[str]) -> str:
    return (f'<label>{label} <select id="{ident}">{option("", word("all"))}{"".join(options)}</select></label>')


def filters(findings: Sequence[Finding], subjects: Sequence[str]) -> str:
    sev = [option(s, terms("severity", s)) for s in SEVERITIES]
    fams = [option(f, f) for f in sorted({family(f.rule) for f in findings})]
    rules = [option(r, r) for r in sorted({f.rule for f in findings})]
    subj = [option(s, s) for s in subjects]
    return ('<div id="filters" class="no-print">'
            + _select("filter-severity", words("severity"), sev)
            + _select("filter-family", words("family"), fams)
            + _select("filter-rule", words("rule"), rules)
            + _select("filter-subject", words("subject"), subj)
            + f'<label>{words("account")} <input id="filter-account" type="text" autocomplete="off"></label>'
            + f'<label>{words("search")} <input id="search" type="search" autocomplete="off"></label>'
            + f' <span id="shown"><span id="shown-count">{len(findings)}</span> / {len(findings)} '
            + f'{words("shown")}</span></div>\n')


def _related(ids: Sequence[str]) -> str:
    shown = ", ".join(esc(i) for i in ids[:MAX_RELATED_SHOWN])
    if len(ids) > MAX_RELATED_SHOWN:
        shown += " " + words("more", n=len(ids) - MAX_RELATED_SHOWN)
    return shown


def rows(eco: Ecosystem, reports: Mapping[str, Report], lang: str) -> tuple[str, list[str]]:
    """The table body, and the subjects the findings touch (for the subject filter)."""
    report = reports[lang]
    subject_of = {a.id: getattr(a, "subject", None) for a in eco.accounts}
    positions = report.positions()
    doc = report.document or "-"
    texts = messages(reports, lang)
    out: list[str] = []
    subjects: set[str] = set()
    for i, (f, text) in enumerate(zip(report.findings, texts)):
        rule = catalogue.get_rule(f.rule)
        subject = f.subject if f.subject is not None else subject_of.get(f.account or "") or ""
        if subject:
            subjects.add(subject)
        accounts = ([f.account] if f.account is not None else []) + [r for r in f.related if r != f.account]
        pos = positions.get(f.pointer)
        where = f"{doc}:{pos[0]}:{pos[1]}" if pos else f"{doc}:{f.pointer or '/'}"
        fix = {lg: rule.fix[lg] for lg in LANGS} if rule is not None else {lg: "" for lg in LANGS}
        out.append(
            f'<tr class="finding sev-{f.severity}" tabindex="0" data-finding="{esc(f.rule + ":" + owner(f))}" '
            f'data-index="{i}" data-rule="{esc(f.rule)}" data-severity="{f.severity}" '
            f'data-family="{esc(family(f.rule))}" data-subject="{esc(subject)}" '
            f'data-accounts="{attr_json(accounts)}" data-pointer="{esc(f.pointer)}">'
            f'<td><button type="button" class="rule-link" data-open-rule="{esc(f.rule)}">{esc(f.rule)}</button>'
            f' <small>{esc(f.name)}</small></td>'
            f'<td>{both(terms("severity", f.severity))}</td><td class="message">{both(text)}</td>'
            f'<td class="related">{_related(accounts)}</td><td class="fix">{both(fix)}</td>'
            f'<td class="position"><code>{esc(where)}</code></td></tr>\n')
    return "".join(out), sorted(subjects)


def table(eco: Ecosystem, reports: Mapping[str, Report], lang: str) -> str:
    body, subjects = rows(eco, reports, lang)
    findings = reports[lang].findings
    head = "".join(f"<th>{words(k)}</th>" for k in ("rule", "severity", "message", "related", "fix", "position"))
    empty = "" if findings else f'<p class="clean">{words("clean")}</p>\n'
    return (f'<section id="findings-section">\n<h2>{words("findings")}</h2>\n{filters(findings, subjects)}'
            f'{empty}<table id="findings">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n'
            f'</section>\n')


def rule_pages(report: Report) -> str:
    """The text ``wxtopo rules ID`` prints, in both languages, for every rule with a finding."""
    out = []
    for rule_id in sorted({f.rule for f in report.findings}):
        rule = catalogue.get_rule(rule_id)
        if rule is None:
            continue
        pages = {lg: catalogue.rule_page(rule, lg, report.ruleset) for lg in LANGS}
        out.append(f'<article data-rule-page="{esc(rule_id)}" hidden>{both(pages, "pre")}</article>\n')
    return (f'<aside id="rule-page" hidden aria-live="polite">'
            f'<button type="button" class="close no-print" data-close="rule-page">{words("close")}</button>\n'
            f'{"".join(out)}</aside>\n')


def problems(report: Report) -> str:
    """A document that could not be read (the CLI exits 2 instead; the library may still ask)."""
    items = "".join(f"<li>{both({lg: problem_line(report.document, p, lang=lg) for lg in LANGS})}</li>"
                    for p in report.errors)
    return f'<section id="document-errors"><h2>{words("document_errors")}</h2><ul>{items}</ul></section>\n'


def account_data(eco: Ecosystem, report: Report, headroom: Any, safe_id) -> list[list[Any]]:
    """Per account: [svg id, id, id shown, name, type, subject, finding indexes, headroom rows], for the
    panel (the id as data, to compare; the strings shown with their control characters escaped)."""
    found: dict[str, list[int]] = {}
    for i, f in enumerate(report.findings):
        for a in {f.account, *f.related} - {None}:
            found.setdefault(a, []).append(i)
    rooms: dict[str, list[list[Any]]] = {}
    if headroom is not None:
        for r in headroom.rows:
            rooms.setdefault(r.account, []).append([r.cap, r.used, r.limit, r.free])
    return [[safe_id("acct", a.id), a.id, escape(a.id), escape(a.name or ""), a.type, escape(getattr(a, "subject", None) or ""),
             sorted(found.get(a.id, [])), rooms.get(a.id, [])] for a in eco.accounts]
