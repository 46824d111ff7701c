"""WX6xx set-wise: changes against the previous document (see :mod:`topology.rules.changes`).

The previous document's accounts are staged as ``prev_accounts`` (id, type, row) when a run is
given one (``baseline``); WX601 runs only then, as in the memory engine.
"""

from __future__ import annotations

from .base import query


@query("WX601")
def account_type_changed(p, as_of):
    return """
        SELECT a.id AS account, '/accounts/' || a.row AS pointer, CAST(NULL AS VARCHAR[]) AS related,
               o.type AS before, a.type AS after
        FROM acct a
        JOIN (SELECT id, type FROM prev_accounts
              QUALIFY row_number() OVER (PARTITION BY id ORDER BY row) = 1) AS o ON o.id = a.id
        WHERE o.type <> a.type"""
