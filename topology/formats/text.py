"""``--format text``: findings grouped by account, then a summary line.

Colour only when asked (the CLI asks when writing to a terminal and NO_COLOR is unset).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

_COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "ok": "32"}
_WORDS = {
    "en": {"error": "error", "warning": "warning", "info": "info", "errors": "errors", "warnings": "warnings",
           "infos": "info", "suppressed": "suppressed", "document": "document",
           "ok": "valid", "bad": "invalid", "docerr": "document error(s)", "none": "(document)",
           "summary": "{status}: {e} {el}, {w} {wl}, {i} {il} ({s} suppressed) in {a} accounts, {l} links"},
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "errors": "个错误", "warnings": "个警告",
           "infos": "条提示", "suppressed": "已抑制", "document": "文档",
           "ok": "有效", "bad": "无效", "docerr": "个文档错误", "none": "（文档）",
           "summary": "{status}：{e} {el}，{w} {wl}，{i} {il}（已抑制 {s} 条），共 {a} 个账号、{l} 条关联"},
}


def render(reports: Sequence[Report], *, color: bool = False, lang: str = "en", **_: object) -> str:
    words = _WORDS[lang]

    def paint(text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for report in reports:
        name = report.document or "-"
        if report.errors:
            out.append(paint(f"{name}: {len(report.errors)} {words['docerr']}", "bold"))
            for p in report.errors:
                where = f"{name}:{p.line}:{p.column}" if p.line is not None else name
                out.append(f"  {where}: {paint(words['error'], 'error')} {p.pointer or '/'}: {p.message}")
            out.append("")
            continue
        positions = report.positions()
        groups: dict[str, list] = {}
        for f in report.findings:
            groups.setdefault(f.account or words["none"], []).append(f)
        for account in sorted(groups, key=lambda a: (a == words["none"], a)):
            out.append(paint(account, "bold"))
            for f in groups[account]:
                pos = positions.get(f.pointer)
                where = f"{name}:{pos[0]}:{pos[1]}" if pos else f"{name}:{f.pointer or '/'}"
                sev = paint(f"{words[f.severity]:<7}", f.severity)
                out.append(f"  {where}  {sev} {f.rule} {paint(f.name, 'dim')}  {f.message}")
        c = report.counts
        status = paint(words["ok"], "ok") if report.valid else paint(words["bad"], "error")
        summary = words["summary"].format(
            status=status, e=c["error"], el=words["errors"], w=c["warning"], wl=words["warnings"],
            i=c["info"], il=words["infos"], s=c["suppressed"], a=c["accounts"], l=c["links"],
        )
        out.append(f"{name}: {summary}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
