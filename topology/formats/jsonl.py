"""``--format jsonl``: one finding per line, for outputs no person reads whole.

Each line is a compact JSON object: the document, then the finding's fields as in ``--format
json``. A document that could not be read gives one line per problem (``"error"``). Lines come as
the findings are produced (:func:`lines`), so a columnar run never holds its output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..sanitize import json_escapes

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding


def line(data: dict[str, Any]) -> str:
    """One JSON object on one line (UTF-8 text, the controls escaped as in every JSON output)."""
    return json_escapes(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) + "\n"


def lines(document: str | None, findings: Iterable[Finding]) -> Iterator[str]:
    """The lines of one document's findings, as they come."""
    for f in findings:
        yield line({"document": document, **f.to_dict()})


def error_lines(report: Report, lang: str = "en") -> Iterator[str]:
    for p in report.errors:
        yield line({"document": report.document, "error": p.to_dict(lang)})


def render(reports: Sequence[Report], *, lang: str = "en", **_: object) -> str:
    """Every report's lines (the in-memory engine's path: the findings are already held)."""
    out: list[str] = []
    for r in reports:
        out.extend(error_lines(r, lang) if r.errors else lines(r.document, r.findings))
    return "".join(out)
