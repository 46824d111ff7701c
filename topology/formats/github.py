"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

GitHub shows at most 10 annotations of each level per step, so at most 10 are printed per
level, then one notice says how many more there are. Truncation never changes the exit code
(the CLI computes that from the reports). The CLI also appends the Markdown report to
``$GITHUB_STEP_SUMMARY`` when it is set; this function stays pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..vocab import phrase, term

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

LIMIT = 10
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
_ORDER = ("error", "warning", "notice")


def escape_data(text: object) -> str:
    """The message part of a workflow command.

    >>> escape_data("50%\\nnext")
    '50%25%0Anext'
    """
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: object) -> str:
    """A property value (file, title...) of a workflow command.

    >>> escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **props: object) -> str:
    given = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v is not None)
    return f"::{level}{' ' + given if given else ''}::{escape_data(message)}"


def render(reports: Sequence[Report], *, lang: str = "en", **_: object) -> str:
    annotations: list[tuple[str, str]] = []  # (level, line) in report order
    for report in reports:
        name = report.document or "-"
        for p in report.errors:
            annotations.append(("error", _command("error", f"{p.pointer or '/'}: {p.text(lang)}", file=name,
                                                  line=p.line, col=p.column,
                                                  title=phrase("report", "document_error_title", lang))))
        positions = report.positions()
        for f in report.findings:
            pos = positions.get(f.pointer)
            level = LEVELS.get(f.severity, "notice")
            annotations.append((level, _command(level, f.message, file=name, line=pos[0] if pos else None,
                                                col=pos[1] if pos else None, title=f"{f.rule} {f.name}")))
    totals = {lvl: sum(1 for a, _ in annotations if a == lvl) for lvl in _ORDER}
    # The "N more" lines are notices themselves: keep room for them within the notice limit.
    budget = {"error": LIMIT, "warning": LIMIT}
    overflow = sum(1 for lvl in ("error", "warning") if totals[lvl] > LIMIT)
    notice_budget = LIMIT - overflow
    if totals["notice"] > notice_budget:
        notice_budget -= 1
    budget["notice"] = notice_budget

    out: list[str] = []
    shown = dict.fromkeys(_ORDER, 0)
    for level, line in annotations:
        if shown[level] < budget[level]:
            out.append(line)
            shown[level] += 1
    for level in _ORDER:
        more = totals[level] - shown[level]
        if more:
            out.append("::notice::" + escape_data(phrase("report", "more_annotations", lang).format(
                n=more, level=level if lang == "en" else term("severity", {"notice": "info"}.get(level, level), lang))))
    return "\n".join(out) + "\n" if out else ""
