"""WX5xx set-wise: enterprise accounts (see :mod:`topology.rules.enterprise`)."""

from __future__ import annotations

from .base import query


@query("WX501")
def member_unverified(p, as_of):
    # well typed only (wlinks): a person → an enterprise account; WX004 reports the rest
    return """
        SELECT l.target AS account, [l.source] AS related, '/links/' || l.row AS pointer, l.source AS member
        FROM wlinks l WHERE l.kind = 'member' AND NOT coalesce(l.verified, FALSE)"""
