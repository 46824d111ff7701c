"""``wxtopo headroom`` as text, Markdown or JSON (the report's own ``to_json``).

Reads a :class:`topology.planner.headroom.HeadroomReport` (plain data).
"""

from __future__ import annotations

from typing import Any

from ..sanitize import escape as _plain
from ..vocab import PHRASES, term
from .markdown import escape, table

#: key → (English, Chinese): this report's wording
_PHRASES = PHRASES["headroom"]
_SHOWN = 3  # counterparts listed per row before "… (+n)", unless one account was asked for
_NUMERIC = ("used", "limit", "free")


def render(report: Any, format: str = "text", lang: str = "en") -> str:
    """``text``, ``json`` or ``markdown``, as ``wxtopo headroom --format`` prints it."""
    if format == "json":
        return report.to_json()
    if format == "markdown":
        return render_markdown(report, lang)
    if format == "text":
        return render_text(report, lang)
    from ..errors import UsageError

    raise UsageError(f"unknown headroom format {format!r}; use text, json or markdown")


def _words(lang: str) -> dict[str, str]:
    i = 1 if lang == "zh" else 0
    return {k: v[i] for k, v in _PHRASES.items()}


def _cells(report: Any, row: Any, w: dict[str, str], lang: str) -> dict[str, str]:
    linked = list(row.linked)
    if report.account is None and len(linked) > _SHOWN:
        linked = linked[:_SHOWN] + [w["more"].format(n=len(row.linked) - _SHOWN)]
    kind = term("account_type", row.type, lang) if lang == "zh" else row.type  # English: the document's token
    return {"account": row.account, "name": row.name or "", "type": kind, "cap": w[row.cap],
            "rule": row.rule, "used": str(row.used), "limit": w["off"] if row.limit is None else str(row.limit),
            "free": w["unlimited"] if row.free is None else str(row.free), "linked": ", ".join(linked)}


def _heading(report: Any, w: dict[str, str]) -> tuple[str, str]:
    head = w["head"].format(doc=report.document or "-", rs=report.ruleset.name, day=report.as_of.isoformat())
    return head, w["summary"].format(**report.summary())


def width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_text(report: Any, lang: str = "en") -> str:
    """Aligned columns, numbers right-aligned, then a summary line."""
    w = _words(lang)
    columns = ("account", "type", "cap", "rule", "used", "limit", "free", "linked")
    head, summary = _heading(report, w)
    head = _plain(head)  # the file and ruleset names are the user's
    rows = [{c: w[c] for c in columns}] + [_cells(report, r, w, lang) for r in report.rows]
    widths = {c: max(width(t[c]) for t in rows) for c in columns}
    out = [head]
    for t in rows:
        parts = []
        for c in columns:
            pad = " " * (widths[c] - width(t[c]))
            parts.append(pad + t[c] if c in _NUMERIC else t[c] + pad)
        out.append("  ".join(parts).rstrip())
    if not report.rows:
        out = [head, w["none"]]
    out.append(summary)
    return "\n".join(out) + "\n"


def render_markdown(report: Any, lang: str = "en") -> str:
    """A heading, the summary and one table; every name and id escaped."""
    w = _words(lang)
    head, summary = _heading(report, w)
    columns = ("account", "name", "type", "cap", "rule", "used", "limit", "free", "linked")
    out = [f"### {escape(head)}", "", escape(summary), ""]
    if report.rows:
        lines = table([w[c] for c in columns], [[escape(_cells(report, r, w, lang)[c]) for c in columns]
                                                for r in report.rows])
        lines[1] = "|" + "|".join("---:" if c in _NUMERIC else "---" for c in columns) + "|"  # numbers align right
        out += lines
        out.append("")
    return "\n".join(out) + "\n"
