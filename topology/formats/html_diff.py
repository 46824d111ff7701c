"""``wxtopo report OLD NEW``: the diff of :func:`topology.planner.diff` as a page.

What happened to each finding (introduced, worsened, eased, fixed, gone with its account,
unchanged: rows ``tr[data-change]``), the records added, removed and changed, and the drawing
``wxtopo diff -o DIFF.svg`` makes. Rendering only: the diff is computed by the planner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import SEVERITY_RANK
from .html_base import LANGS, attr_json, both, esc, page, page_words, terms, word, words
from .html_diagram import inline_svg
from .html_findings import owner, paired

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Finding
    from ..planner.diff import Diff

CHANGES = ("introduced", "worsened", "eased", "fixed", "gone", "unchanged")


def finding_changes(result: Diff) -> list[tuple[str, Finding, Finding | None]]:
    """(change, the finding (NEW's; OLD's when fixed or gone), OLD's when paired), worst news first."""
    out: list[tuple[str, Finding, Finding | None]] = [("introduced", f, None) for f in result.introduced]
    out += [("worsened", f, b) for f, b in result.worsened]
    out += [("eased", f, b) for f, b in result.eased]
    out += [("fixed", f, None) for f in result.fixed]
    out += [("gone", f, None) for f in result.gone]
    seen = {id(f) for _, f, _ in out}
    out += [("unchanged", f, None) for f in result.new_report.findings if id(f) not in seen]
    return out


def _texts(result: Diff, other: Diff | None, changes: list) -> list[dict[str, str]]:
    lang = result.lang
    if other is None:
        return paired([f for _, f, _ in changes], lang, {})
    theirs = [f for _, f, _ in finding_changes(other)]
    return paired([f for _, f, _ in changes], lang, {other.lang: theirs})


def _finding_rows(result: Diff, other: Diff | None) -> str:
    changes = finding_changes(result)
    rows = []
    for i, ((change, f, before), text) in enumerate(zip(changes, _texts(result, other, changes))):
        accounts = ([f.account] if f.account is not None else []) + [r for r in f.related if r != f.account]
        was = "" if before is None or before.observed is None else f"{before.observed} → {f.observed}"
        rows.append(
            f'<tr class="finding change-{change} sev-{f.severity}" tabindex="0" data-change="{change}" '
            f'data-index="{i}" data-finding="{esc(f.rule + ":" + owner(f))}" data-rule="{esc(f.rule)}" '
            f'data-severity="{f.severity}" data-accounts="{attr_json(accounts)}" data-pointer="{esc(f.pointer)}">'
            f'<td>{words(change)}</td><td>{esc(f.rule)} <small>{esc(f.name)}</small></td>'
            f'<td>{both(terms("severity", f.severity))}</td><td class="message">{both(text)}</td>'
            f'<td class="related">{", ".join(esc(a) for a in accounts[:20])}</td><td>{esc(was)}</td></tr>\n')
    head = "".join(f"<th>{words(k)}</th>" for k in ("change", "rule", "severity", "message", "related", "before"))
    return (f'<table id="diff-findings">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{"".join(rows)}'
            f'</tbody>\n</table>\n')


def _record_rows(result: Diff) -> str:
    rows = []
    for what, section in (("subject", result.subjects), ("account", result.accounts), ("link", result.links)):
        for state in ("added", "removed", "changed"):
            for c in sorted(getattr(section, state), key=lambda c: c.sort_key()):
                fields = "; ".join(f"{k}: {a!r} → {b!r}" for k, (a, b) in sorted(c.fields.items()))
                rows.append(f'<tr data-record-change="{state}" data-what="{what}"><td>{words(state)}</td>'
                            f'<td>{esc(what)}</td><td>{esc(c.id)}</td>'
                            f'<td><code>{esc(c.pointer)}</code></td><td>{esc(fields)}</td></tr>\n')
    head = "".join(f"<th>{words(k)}</th>" for k in ("change", "what", "name", "position", "fields"))
    return (f'<h3>{words("records")}</h3>\n<table id="diff-records">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            f'{"".join(rows)}</tbody>\n</table>\n')


def _drawing(result: Diff) -> str:
    from ..diagrams.diff import render_diff
    from ..errors import UsageError
    from ..vocab import phrase

    try:
        svg = inline_svg(render_diff(result, format="svg"))
    except UsageError as exc:  # no Graphviz, or too large to draw
        note = {lg: phrase("html", "no_diagram", lg).format(reason=exc.text(lg)) for lg in LANGS}
        return (f'<section id="diagram" data-view="none">\n<h2>{words("diagram")}</h2>\n'
                f'<p class="note">{both(note)}</p>\n</section>\n')
    zoom = "".join(f'<button type="button" id="{ident}">{words(key)}</button>'
                   for ident, key in (("zoom-in", "zoom_in"), ("zoom-out", "zoom_out"), ("zoom-reset", "zoom_reset")))
    return (f'<section id="diagram" data-view="accounts">\n<h2>{words("diagram")}</h2>\n'
            f'<div class="zoom no-print">{zoom}</div>\n<div id="viewport">{svg}</div>\n</section>\n')


def render(result: Diff, *, diagram: bool = True, other: Diff | None = None) -> str:
    lang = result.lang
    title = word("diff_title")
    new = result.new_report
    failing = result.failing
    state = "fail" if failing else "pass"
    why = word("diff_fail", n=len(failing)) if failing else word("diff_pass")
    counts = result.findings.counts()
    errors = {s: sum(1 for f in new.findings if f.severity == s) for s in SEVERITY_RANK}
    count_items = "".join(f'<li>{words(k)} <b data-change-count="{k}">{counts[k]}</b></li>' for k in CHANGES)
    count_items += "".join(f'<li>{both(terms("severity", s))} <b data-count="{s}">{n}</b></li>'
                           for s, n in sorted(errors.items(), key=lambda kv: -SEVERITY_RANK[kv[0]]))
    rs = result.ruleset.name if result.ruleset else "-"
    day = new.as_of.isoformat() if new.as_of else "-"
    eco_name = (result.new_eco.name if result.new_eco is not None else None) or result.new or "-"
    body = [
        f'<header id="summary">\n<h1>{both(title)}: <span id="eco-name">{esc(eco_name)}</span></h1>\n'
        f'<p class="document">{both(word("old_new", old=result.old or "-", new=result.new or "-"))}</p>\n'
        f'<p id="ruleset">{words("ruleset", name=rs, day=day)}</p>\n<ul id="counts">{count_items}</ul>\n'
        f'<p id="verdict" data-verdict="{state}" class="verdict-{state}">{both(why)}</p>\n</header>\n<main>\n'
        f'<section id="diff">\n<h2>{words("diff")}</h2>\n{_finding_rows(result, other)}{_record_rows(result)}'
        f'</section>\n',
        _drawing(result) if diagram else '<section id="diagram" data-view="none"></section>\n',
        '</main>\n<aside id="account-panel" hidden aria-live="polite"></aside>\n',
    ]
    data = {"words": page_words(), "accounts": [], "subjects": [], "headroom": False}
    return page(lang, title, "".join(body), data)
