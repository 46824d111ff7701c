"""``--format json``: the report (``wxtopo schema report``), one object per document, an array for several.

Each finding carries ``line`` and ``column`` (1-based, in characters) where its pointer starts
in the document's text, found as text and SARIF find it (:meth:`Report.positions`); both are
``null`` when the finding has no place in a text: a table set, a columnar run (which does not
hold the text), a report built without its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..engine import dumps

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding


def render(reports: Sequence[Report], *, several: bool | None = None, lang: str = "en", **_: object) -> str:
    """One report → an object; several (or ``several=True``) → an array. A document's problems are
    in ``lang``, as the findings' messages are."""
    if several is None:
        several = len(reports) != 1
    if several:
        return dumps([_dict(r, lang) for r in reports])
    return dumps(_dict(reports[0], lang))


def _dict(report: Report, lang: str) -> dict:
    out = report.to_dict()
    if report.errors and lang != "en":
        out["errors"] = [p.to_dict(lang) for p in report.errors]
    if report.findings:
        positions = report.positions()
        out["findings"] = [positioned(f, positions.get(f.pointer)) for f in report.findings]
    return out


def positioned(finding: Finding, where: tuple[int, int] | None) -> dict:
    """The finding's dict with ``line`` and ``column`` after its pointer (null when unplaced)."""
    out: dict = {}
    for key, value in finding.to_dict().items():
        out[key] = value
        if key == "pointer":
            out["line"], out["column"] = where if where is not None else (None, None)
    return out
