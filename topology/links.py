"""What a link record means: whether it stands, whether it takes a cap slot, its state,
and whether two accounts share a subject.

The one definition of each, read by the rules, the graph helpers, the planner and the
diagrams, so they cannot disagree. Plain functions over any object with the link model's
fields (no pydantic or NetworkX import). Only ``mini_program`` links carry ``status`` and
``unlinked_on`` today; a link without them stands and is ``linked``.

>>> from types import SimpleNamespace as L
>>> stands(L(status="pending", unlinked_on=None)), takes_slot(L(status="pending", unlinked_on=None), False)
(True, False)
>>> state(L(status="linked", unlinked_on="2026-01-01")), state(L(kind="admin"))
('unlinked', 'linked')
"""

from __future__ import annotations

from .vocab import LINK_STATUSES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

#: The states :func:`state` returns (the vocabulary's link statuses).
STATES: tuple[str, ...] = LINK_STATUSES


def _fields(link: Any) -> dict:
    # a model's __dict__, not getattr(..., default): a field a pydantic model lacks costs an
    # exception per call; an object without __dict__ (slots) is read through getattr
    fields = getattr(link, "__dict__", None)
    if fields is not None:
        return fields
    return {"status": getattr(link, "status", "linked"), "unlinked_on": getattr(link, "unlinked_on", None)}


def stands(link: Any) -> bool:
    """The record is in force: not rejected and not unlinked (``unlinked_on``); a pending one stands."""
    fields = _fields(link)
    return fields.get("status") != "rejected" and fields.get("unlinked_on") is None


def takes_slot(link: Any, pending_counts: bool) -> bool:
    """The record occupies a cap slot: it stands and is linked, or pending when ``pending_counts``.

    A rejected invitation never does; a removed one (``unlinked_on``) no longer does.
    """
    fields = _fields(link)
    status = fields.get("status", "linked")
    if status == "rejected" or fields.get("unlinked_on") is not None:
        return False
    return status != "pending" or pending_counts


def requested(link: Any, pending_counts: bool) -> bool:
    """The record is a link request that uses the monthly quota (WX104, WX105): not rejected (no
    link was made), pending only when ``pending_counts``; unlinked or not (removing a link gives
    no quota back)."""
    status = _fields(link).get("status", "linked")
    return status != "rejected" and (status != "pending" or pending_counts)


def state(link: Any) -> str:
    """One of :data:`STATES`: "rejected" before "unlinked" (a rejected invitation was never linked)."""
    fields = _fields(link)
    status = fields.get("status", "linked")
    if status == "rejected":
        return "rejected"
    if fields.get("unlinked_on") is not None:
        return "unlinked"
    return status


def same_subject(a_subject: str | None, b_subject: str | None) -> bool:
    """Both subjects are known and equal: an account without a subject shares it with nobody.

    >>> same_subject("acme", "acme"), same_subject(None, None), same_subject("acme", "bloom")
    (True, False, False)
    """
    return a_subject is not None and a_subject == b_subject


# -- the same meanings as SQL, for the columnar engine (DuckDB and Spark SQL alike) -------------
# Over the columnar engine's canonical ``links`` table, where ``status`` is always set ("linked"
# for the kinds that carry none) and ``unlinked_on`` is NULL unless given. A test checks each
# expression against the function above it on every combination of its inputs.

def sql_stands(t: str = "l") -> str:
    """SQL of :func:`stands` over the columns of table alias ``t``."""
    return f"({t}.status <> 'rejected' AND {t}.unlinked_on IS NULL)"


def sql_takes_slot(pending_counts: bool, t: str = "l") -> str:
    """SQL of :func:`takes_slot`."""
    live = f"{t}.status = 'linked'" if not pending_counts else f"{t}.status IN ('linked', 'pending')"
    return f"({live} AND {t}.unlinked_on IS NULL)"


def sql_requested(pending_counts: bool, t: str = "l") -> str:
    """SQL of :func:`requested`."""
    return f"({t}.status = 'linked')" if not pending_counts else f"({t}.status IN ('linked', 'pending'))"


def sql_state(t: str = "l") -> str:
    """SQL of :func:`state`."""
    return (f"(CASE WHEN {t}.status = 'rejected' THEN 'rejected' WHEN {t}.unlinked_on IS NOT NULL "
            f"THEN 'unlinked' ELSE {t}.status END)")


def sql_same_subject(a: str, b: str) -> str:
    """SQL of :func:`same_subject` over two subject expressions: never NULL, so ``NOT`` of it is
    "other subjects" (an account without a subject shares none)."""
    return f"coalesce({a} = {b}, FALSE)"
