"""``--format text``: findings grouped by account, then a summary line.

Colour only when asked (the CLI asks when writing to a terminal and NO_COLOR is unset).
Everything a document supplied (names, ids, messages, file names) is shown escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import problem_line
from ..sanitize import escape
from ..vocab import SEVERITY_RANK

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

_COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "ok": "32"}
_WORDS = {
    "en": {"error": "error", "warning": "warning", "info": "info", "none": "(document)",
           "ok": "valid", "bad": "invalid",
           "counts": {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("info", "info"),
                      "docerr": ("document error", "document errors"), "finding": ("finding", "findings"),
                      "account": ("account", "accounts"), "link": ("link", "links")},
           "summary": "{status}: {e}, {w}, {i} ({s} suppressed) in {a}, {l}",
           "fails": "; exit 1: {n} at or above --fail-on {level}"},
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "none": "（文档）",
           "ok": "有效", "bad": "无效",
           "counts": {"error": ("个错误", "个错误"), "warning": ("个警告", "个警告"), "info": ("条提示", "条提示"),
                      "docerr": ("个文档错误", "个文档错误"), "finding": ("条发现", "条发现"),
                      "account": ("个账号", "个账号"), "link": ("条关联", "条关联")},
           "summary": "{status}：{e}，{w}，{i}（已抑制 {s} 条），共 {a}、{l}",
           "fails": "；退出码 1：{n}达到 --fail-on {level}"},
}


def count(n: int, what: str, lang: str) -> str:
    """``1 error``, ``2 errors``; ``1 个错误`` (the words of this format, in both languages)."""
    one, many = _WORDS[lang]["counts"][what]
    return f"{n} {one if n == 1 else many}" if lang == "en" else f"{n} {one}"


def render(reports: Sequence[Report], *, color: bool = False, lang: str = "en", fail_on: str = "error",
           **_: object) -> str:
    words = _WORDS[lang]

    def paint(text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for report in reports:
        name = escape(report.document or "-")
        if report.errors:
            out.append(paint(f"{name}: {count(len(report.errors), 'docerr', lang)}", "bold"))
            out += [problem_line(report.document, p, paint(words["error"], "error")) for p in report.errors]
            out.append("")
            continue
        positions = report.positions()
        groups: dict[str, list] = {}
        for f in report.findings:
            groups.setdefault(f.account or words["none"], []).append(f)
        for account in sorted(groups, key=lambda a: (a == words["none"], a)):
            out.append(paint(escape(account), "bold"))
            for f in groups[account]:
                pos = positions.get(f.pointer)
                where = f"{name}:{pos[0]}:{pos[1]}" if pos else f"{name}:{escape(f.pointer) or '/'}"
                sev = paint(f"{words[f.severity]:<7}", f.severity)
                out.append(f"  {where}  {sev} {f.rule} {paint(f.name, 'dim')}  {escape(f.message)}")
        c = report.counts
        status = paint(words["ok"], "ok") if report.valid else paint(words["bad"], "error")
        summary = words["summary"].format(
            status=status, e=count(c["error"], "error", lang), w=count(c["warning"], "warning", lang),
            i=count(c["info"], "info", lang), s=c["suppressed"], a=count(c["accounts"], "account", lang),
            l=count(c["links"], "link", lang),
        )
        if report.valid and report.exit_code(fail_on) == 1:  # say why a valid document fails the run
            floor = SEVERITY_RANK[fail_on]
            n = sum(SEVERITY_RANK[f.severity] >= floor for f in report.findings)
            summary += words["fails"].format(n=count(n, "finding", lang), level=fail_on)
        out.append(f"{name}: {summary}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
