"""``--format text``: findings grouped by account, then a summary line.

A cap finding (one with a ``limit``) lists the ids it counted on the next line, ten at most.

Colour only when asked (the CLI asks when writing to a terminal and NO_COLOR is unset).
Everything a document supplied (names, ids, messages, file names) is shown escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import problem_line
from ..sanitize import escape
from ..vocab import SEVERITY_RANK, count, join, phrase, term

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

_COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "ok": "32"}
#: related ids listed under a cap finding before "and N more"
RELATED_SHOWN = 10


def related_ids(related: Sequence[str], lang: str = "en") -> str:
    """A cap finding's counterparts (the ids its count is over), the first ten, then "and N more";
    each escaped, as they are the document's."""
    ids = join([escape(i) for i in related[:RELATED_SHOWN]], lang)
    if len(related) > RELATED_SHOWN:
        ids = phrase("report", "related_more", lang).format(ids=ids, n=len(related) - RELATED_SHOWN)
    return phrase("report", "related", lang).format(ids=ids)


def render(reports: Sequence[Report], *, color: bool = False, lang: str = "en", fail_on: str = "error",
           **_: object) -> str:
    none = phrase("report", "no_account", lang)

    def paint(text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for report in reports:
        name = escape(report.document or "-")
        if report.errors:
            out.append(paint(f"{name}: {count(len(report.errors), 'document_error', lang)}", "bold"))
            label = paint(term("severity", "error", lang), "error")
            out += [problem_line(report.document, p, label, lang) for p in report.errors]
            out.append("")
            continue
        positions = report.positions()
        groups: dict[str, list] = {}
        for f in report.findings:
            groups.setdefault(f.account or none, []).append(f)
        for account in sorted(groups, key=lambda a: (a == none, a)):
            out.append(paint(escape(account), "bold"))
            for f in groups[account]:
                pos = positions.get(f.pointer)
                where = f"{name}:{pos[0]}:{pos[1]}" if pos else f"{name}:{escape(f.pointer) or '/'}"
                sev = paint(f"{term('severity', f.severity, lang):<7}", f.severity)
                out.append(f"  {where}  {sev} {f.rule} {paint(f.name, 'dim')}  {escape(f.message)}")
                if f.limit is not None and f.related:
                    out.append(f"    {related_ids(f.related, lang)}")
        c = report.counts
        verdict = "valid" if report.valid else "invalid"
        status = paint(term("verdict", verdict, lang), "ok" if report.valid else "error")
        summary = phrase("report", "summary", lang).format(
            status=status, e=count(c["error"], "error", lang), w=count(c["warning"], "warning", lang),
            i=count(c["info"], "info", lang), s=c["suppressed"], a=count(c["accounts"], "account", lang),
            l=count(c["links"], "link", lang),
        )
        if report.valid and report.exit_code(fail_on) == 1:  # say why a valid document fails the run
            floor = SEVERITY_RANK[fail_on]
            n = sum(SEVERITY_RANK[f.severity] >= floor for f in report.findings)
            summary += phrase("report", "fails", lang).format(n=count(n, "finding", lang), level=fail_on)
        out.append(f"{name}: {summary}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
