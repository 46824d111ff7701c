"""``wxtopo report``: one self-contained HTML page to look at a report (and ``report OLD NEW``: a diff).

The page holds everything it shows: the findings (messages in English and Chinese, a language
switch), the rule pages, the diagram as inline SVG, its style and script (``assets/``). It
fetches nothing, opens from disk, prints. The same inputs give the same bytes.

Rendering only: the caller validates (once per language, :func:`reports_in_both`), computes the
headroom and the diff (:mod:`topology.planner`), and this module turns them into text.

>>> import topology
>>> from topology.formats.html import render_report, reports_in_both
>>> eco = topology.load("samples/bloom.json")
>>> page = render_report(eco, reports_in_both(eco), diagram=False)
>>> page.startswith("<!DOCTYPE html>") and 'id="findings"' in page
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..diagrams.model import MAX_ACCOUNTS  # as `render`: above it the page shows one node per subject
from . import html_diagram, html_findings
from .html_base import LANGS, page, page_words, word

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem
    from ..planner.diff import Diff
    from ..planner.headroom import HeadroomReport


def reports_in_both(eco: Ecosystem, **options: Any) -> dict[str, Report]:
    """:func:`topology.validate` with the same ``options`` once per language, for the page's two texts."""
    from ..engine import validate

    options.pop("lang", None)
    return {lang: validate(eco, lang=lang, **options) for lang in LANGS}


def render_report(
    eco: Ecosystem,
    reports: Mapping[str, Report],
    *,
    lang: str = "en",
    fail_on: str = "error",
    headroom: HeadroomReport | None = None,
    max_accounts: int = MAX_ACCOUNTS,
    diagram: bool = True,
    timeout: float | None = None,
) -> str:
    """The report page of ``eco``.

    ``reports`` maps "en" and "zh" to the same validation in each language (one of them is
    enough: the other text then repeats it); ``lang`` is the page's first language and the
    order of its findings. ``fail_on`` (error, warning, info or never) decides the verdict shown;
    ``headroom`` adds each account's headroom to its panel; ``diagram=False`` leaves Graphviz out.
    """
    if lang not in reports:
        raise ValueError(f"render_report: no report in {lang!r}")
    report = reports[lang]
    title = word("title")
    body = [html_findings.header(eco, report, fail_on, title)]
    if report.errors:
        body.append(html_findings.problems(report))
    body.append('<main>\n')
    body.append(html_findings.table(eco, reports, lang))
    body.append(html_diagram.section(eco, report, lang, max_accounts, timeout) if diagram else
                '<section id="diagram" data-view="none"></section>\n')
    body.append('</main>\n')
    body.append(html_findings.rule_pages(report))
    body.append('<aside id="account-panel" hidden aria-live="polite"></aside>\n')
    from ..diagrams.model import safe_id

    data = {"words": page_words(), "accounts": html_findings.account_data(eco, report, headroom, safe_id),
            "subjects": sorted(s.id for s in eco.subjects), "headroom": headroom is not None}
    return page(lang, title, "".join(body), data)


def render_diff(result: Diff, *, diagram: bool = True, other: Diff | None = None) -> str:
    """The diff page of :func:`topology.planner.diff` (``result.lang`` first; ``other`` is the same
    diff in the other language, for the switch)."""
    from .html_diff import render

    return render(result, diagram=diagram, other=other)
