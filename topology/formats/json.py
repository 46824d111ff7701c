"""``--format json``: SPEC §3, one object per document, an array for several."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..engine import dumps

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report


def render(reports: Sequence[Report], *, several: bool | None = None, **_: object) -> str:
    """One report → an object; several (or ``several=True``) → an array."""
    if several is None:
        several = len(reports) != 1
    if several:
        return dumps([r.to_dict() for r in reports])
    return dumps(reports[0].to_dict())
