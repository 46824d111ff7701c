"""``--format json``: SPEC §3, one object per document, an array for several."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..engine import dumps

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report


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
    return out
