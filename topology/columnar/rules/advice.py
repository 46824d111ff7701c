"""WX9xx set-wise: ecosystem advice (see :mod:`topology.rules.advice`)."""

from __future__ import annotations

from ...links import sql_takes_slot
from .base import query


@query("WX901")
def mini_program_without_entry(p, as_of):
    # an entry is a live link (pending never counts here, whatever the ruleset says)
    return f"""
        SELECT a.id AS account, CAST([] AS VARCHAR[]) AS related, '/accounts/' || a.row AS pointer
        FROM acct a
        WHERE a.type = 'mini_program' AND NOT EXISTS (
            SELECT 1 FROM wlinks l
            WHERE l.kind = 'mini_program' AND l.target = a.id AND {sql_takes_slot(False)})"""
