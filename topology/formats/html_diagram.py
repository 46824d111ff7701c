"""The report page's diagram: the SVG ``wxtopo render`` draws, made fit to sit inside HTML.

Up to the account limit the page shows the accounts view; above it the aggregated view (one
node per subject, :func:`topology.diagrams.render` with ``group_by="subject"``) and a picker
that opens one subject: its accounts listed and, for the first :data:`NEIGHBOURHOODS` subjects
with findings, its neighbourhood drawn (its accounts and what they link to). No Graphviz, a
drawing that fails or runs out of time: no diagram, a note, and the rest of the page works.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..vocab import phrase
from .html_base import LANGS, both, esc, option, word, words

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem

#: subjects with findings whose neighbourhood the aggregated page draws (each is a Graphviz run)
NEIGHBOURHOODS = 20

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)  # XML declaration, doctype, leading comments
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')  # HTML knows the SVG namespaces; the URIs are not fetched


def inline_svg(data: bytes) -> str:
    """Graphviz's SVG as an element of an HTML page: no prolog, doctype, comments or namespace
    URIs (a page with ``http://`` in it looks like it fetches something)."""
    text = data.decode("utf-8", "replace")
    text = _PROLOG.sub("", text, count=1)
    text = _COMMENT.sub("", text)
    head, _, rest = text.partition(">")
    # a URL a name or tooltip quotes stays text, its colon a character reference (as html_base.esc)
    return (_XMLNS.sub("", head) + ">" + rest.strip() + "\n").replace("://", "&#58;//")


def draw(eco: Ecosystem, report: Report | None, lang: str, max_accounts: int,
         timeout: float | None = None) -> tuple[str, str | None, dict[str, str] | None]:
    """(view, svg or None, the note in both languages or None)."""
    from .. import diagrams
    from ..errors import UsageError

    grouped = len(eco.accounts) > max_accounts
    # fan_in None: every account its own node, so a finding highlights exactly its accounts
    options: dict = {"format": "svg", "lang": lang, "max_accounts": max_accounts, "fan_in": None}
    if grouped:
        options.update(group_by="subject")
    if timeout is not None:
        options["timeout"] = timeout
    try:
        data = diagrams.render(eco, report, **options)
    except UsageError as exc:  # RenderError: no Graphviz, too large, failed or timed out
        return "none", None, _note({lg: exc.text(lg) for lg in LANGS})
    return ("subjects" if grouped else "accounts"), inline_svg(data), (
        word("grouped", n=max_accounts) if grouped else None)


def _note(reason: dict[str, str]) -> dict[str, str]:
    return {lg: phrase("html", "no_diagram", lg).format(reason=reason[lg]) for lg in LANGS}


def section(eco: Ecosystem, report: Report | None, lang: str, max_accounts: int,
            timeout: float | None = None) -> str:
    view, svg, note = draw(eco, report, lang, max_accounts, timeout)
    zoom = "".join(f'<button type="button" id="{ident}">{words(key)}</button>'
                   for ident, key in (("zoom-in", "zoom_in"), ("zoom-out", "zoom_out"), ("zoom-reset", "zoom_reset")))
    parts = [f'<section id="diagram" data-view="{view}">\n<h2>{words("diagram")}</h2>\n']
    if note:
        parts.append(f'<p class="note">{both(note)}</p>\n')
    if svg is not None:
        parts.append(f'<div class="zoom no-print">{zoom}</div>\n<div id="viewport">{svg}</div>\n')
    if view == "subjects":
        parts.append(subject_picker(eco, report))
        parts.extend(neighbourhoods(eco, report, lang, max_accounts, timeout))
    parts.append("</section>\n")
    return "".join(parts)


def flagged_subjects(eco: Ecosystem, report: Report | None) -> set[str]:
    """The subjects a finding names, or whose account it names."""
    flagged: set[str] = set()
    subject_of = {a.id: getattr(a, "subject", None) for a in eco.accounts}
    for f in (report.findings if report is not None else ()):
        for s in (f.subject, subject_of.get(f.account or "")):
            if s:
                flagged.add(s)
    return flagged


def neighbourhoods(eco: Ecosystem, report: Report | None, lang: str, max_accounts: int,
                   timeout: float | None) -> list[str]:
    """``<template data-subject>`` drawings of the first subjects with findings (by id): the
    script shows one when its subject is opened. One too big or failing to draw is left out."""
    from .. import diagrams
    from ..diagrams.model import MAX_ACCOUNTS
    from ..errors import UsageError

    out = []
    defined = {s.id for s in eco.subjects}
    for sid in sorted(flagged_subjects(eco, report) & defined)[:NEIGHBOURHOODS]:
        # drawn when legible (diagrams' own limit), however low --max-accounts set the switch to subjects
        options: dict = {"format": "svg", "lang": lang, "subject": sid, "depth": 1,
                         "max_accounts": max(max_accounts, MAX_ACCOUNTS),
                         "fan_in": None, **({"timeout": timeout} if timeout is not None else {})}
        try:
            svg = inline_svg(diagrams.render(eco, report, **options))
        except UsageError:
            continue
        out.append(f'<template data-subject="{esc(sid)}">{svg}</template>\n')
    return out


def subject_picker(eco: Ecosystem, report: Report | None) -> str:
    """``#open-subject``: subjects with findings first, then the rest; choosing one lists its accounts
    and shows its drawing where the page holds one (the script fills ``#subject-detail``)."""
    flagged = flagged_subjects(eco, report)
    ids = sorted({s.id for s in eco.subjects}, key=lambda s: (s not in flagged, s))
    opts = "".join(option(s, ("⚠ " if s in flagged else "") + s) for s in ids)
    return (f'<label class="no-print">{words("open_subject")} <select id="open-subject">'
            f'{option("", "—")}{opts}</select></label>\n<div id="subject-detail"></div>\n')
