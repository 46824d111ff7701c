"""``--format markdown``: a summary table, then the findings grouped by account.

For pull-request comments, job summaries and docs. Every name and message is escaped so
it cannot break a table or inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..sanitize import escape as shown
from ..vocab import SEVERITY_RANK, plural

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

_WORDS = {
    "en": {"title": "wxtopo report", "document": "document", "valid": "valid", "errors": "errors",
           "warnings": "warnings", "info": "info", "suppressed": "suppressed", "yes": "yes", "no": "no",
           "rule": "rule", "severity": "severity", "message": "message", "location": "location",
           "pointer": "pointer", "docerr": "Document errors", "none": "(document)",
           "clean": "No findings.", "error": "error", "warning": "warning",
           "fails": "{doc} is valid but fails the run (exit 1): {n} at or above `--fail-on {level}`."},
    "zh": {"title": "wxtopo 报告", "document": "文档", "valid": "有效", "errors": "错误",
           "warnings": "警告", "info": "提示", "suppressed": "已抑制", "yes": "是", "no": "否",
           "rule": "规则", "severity": "级别", "message": "说明", "location": "位置",
           "pointer": "指针", "docerr": "文档错误", "none": "（文档）",
           "clean": "没有发现问题。", "error": "错误", "warning": "警告",
           "fails": "{doc} 有效，但本次运行失败（退出码 1）：{n} 条发现达到 `--fail-on {level}`。"},
}

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


def _table(header: Sequence[str], rows: list[Sequence[object]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def render(reports: Sequence[Report], *, lang: str = "en", fail_on: str = "error", **_: object) -> str:
    w = _WORDS[lang]
    out: list[str] = [f"## {w['title']}", ""]
    rows = []
    for report in reports:
        name = escape(report.document or "-")
        c = report.counts
        if report.errors:
            rows.append([name, w["no"], len(report.errors), "-", "-", "-"])
        else:
            rows.append([name, w["yes"] if report.valid else w["no"], c.get("error", 0), c.get("warning", 0),
                         c.get("info", 0), c.get("suppressed", 0)])
    out += _table([w["document"], w["valid"], w["errors"], w["warnings"], w["info"], w["suppressed"]], rows)
    for report in reports:  # say why a valid document fails the run
        if report.valid and report.exit_code(fail_on) == 1:
            floor = SEVERITY_RANK[fail_on]
            n = sum(SEVERITY_RANK[f.severity] >= floor for f in report.findings)
            out += ["", w["fails"].format(doc=escape(report.document or "-"), level=fail_on,
                                          n=plural(n, "finding") if lang == "en" else n)]

    for report in reports:
        name = escape(report.document or "-")
        out += ["", f"### {name}", ""]
        if report.errors:
            out += [f"#### {w['docerr']}", ""]
            out += _table([w["pointer"], w["message"], w["location"]], [
                [escape(p.pointer or "/"), escape(p.message),
                 f"{p.line}:{p.column}" if p.line is not None else "-"] for p in report.errors])
            continue
        if not report.findings:
            out.append(w["clean"])
            continue
        positions = report.positions()
        groups: dict[str, list] = {}
        for f in report.findings:
            groups.setdefault(f.account or "", []).append(f)
        for account in sorted(groups, key=lambda a: (a == "", a)):
            out += [f"#### {escape(account) if account else w['none']}", ""]
            table_rows = []
            for f in groups[account]:
                pos = positions.get(f.pointer)
                where = f"{pos[0]}:{pos[1]}" if pos else escape(f.pointer or "/")
                table_rows.append([f"{escape(f.rule)} {escape(f.name)}", w.get(f.severity, f.severity),
                                   escape(f.message), where])
            out += _table([w["rule"], w["severity"], w["message"], w["location"]], table_rows)
            out.append("")
        while out and out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"
