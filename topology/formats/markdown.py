"""``--format markdown``: a summary table, then the findings grouped by account.

For pull-request comments, job summaries and docs. Every name and message is escaped so
it cannot break a table or inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..sanitize import escape as shown
from ..vocab import SEVERITY_RANK, count, phrase, term

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

_BACKSLASHED = "\\`*_[]#|"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape(text: object) -> str:
    """Text safe inside a Markdown table cell or heading: no markup, no HTML, one line (a line
    break is ``<br>``), control and bidirectional characters shown escaped
    (:func:`topology.sanitize.escape`).

    >>> escape("a|b *c* `d` <script>")
    'a\\\\|b \\\\*c\\\\* \\\\`d\\\\` &lt;script&gt;'
    """
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join("".join("\\" + ch if ch in _BACKSLASHED else _ENTITIES.get(ch, ch) for ch in shown(line))
                       for line in lines)


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(header: Sequence[object], rows: list[Sequence[object]]) -> list[str]:
    """A Markdown table's lines; cells are written as given (escape them first). The reports and
    the planner's reports (formats/diff.py, plan.py, headroom.py) all draw their tables here."""
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def render(reports: Sequence[Report], *, lang: str = "en", fail_on: str = "error", **_: object) -> str:
    def w(key: str) -> str:
        return phrase("report", key, lang)

    out: list[str] = [f"## {w('title')}", ""]
    rows = []
    for report in reports:
        name = escape(report.document or "-")
        c = report.counts
        if report.errors:
            rows.append([name, w("no"), len(report.errors), "-", "-", "-"])
        else:
            rows.append([name, w("yes") if report.valid else w("no"), c.get("error", 0), c.get("warning", 0),
                         c.get("info", 0), c.get("suppressed", 0)])
    out += table([w("document"), w("valid"), w("errors"), w("warnings"), w("info"), w("suppressed")], rows)
    for report in reports:  # say why a valid document fails the run
        if report.valid and report.exit_code(fail_on) == 1:
            floor = SEVERITY_RANK[fail_on]
            n = sum(SEVERITY_RANK[f.severity] >= floor for f in report.findings)
            out += ["", w("fails_markdown").format(doc=escape(report.document or "-"), level=fail_on,
                                          n=count(n, "finding", lang))]

    for report in reports:
        name = escape(report.document or "-")
        out += ["", f"### {name}", ""]
        if report.errors:
            out += [f"#### {w('document_errors')}", ""]
            out += table([w("pointer"), w("message"), w("location")], [
                [escape(p.pointer or "/"), escape(p.text(lang)),
                 f"{p.line}:{p.column}" if p.line is not None else "-"] for p in report.errors])
            continue
        if not report.findings:
            out.append(w("clean"))
            continue
        positions = report.positions()
        groups: dict[str, list] = {}
        for f in report.findings:
            groups.setdefault(f.account or "", []).append(f)
        for account in sorted(groups, key=lambda a: (a == "", a)):
            out += [f"#### {escape(account) if account else w('no_account')}", ""]
            table_rows = []
            for f in groups[account]:
                pos = positions.get(f.pointer)
                where = f"{pos[0]}:{pos[1]}" if pos else escape(f.pointer or "/")
                table_rows.append([f"{escape(f.rule)} {escape(f.name)}", term("severity", f.severity, lang),
                                   escape(f.message), where])
            out += table([w("rule"), w("severity"), w("message"), w("location")], table_rows)
            out.append("")
        while out and out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"
