"""WX1xx set-wise: association caps (see :mod:`topology.rules.caps` for what each checks).

A limit no count or age can pass (:func:`~topology.columnar.rules.base.unreachable`) turns
the rule's query off: it would find nothing.
"""

from __future__ import annotations

from ...links import sql_requested, sql_same_subject, sql_state
from .base import lit, query, unreachable


def _off(limit) -> bool:
    return limit is None or unreachable(limit)


@query("WX101")
def mini_program_official_cap(p, as_of):
    limit = p.max_officials_per_mini_program
    if _off(limit):
        return None
    # counted first, listed only where over the limit (listing every group costs seconds at 10^7)
    return f"""
        WITH over AS (SELECT target FROM slots GROUP BY target HAVING count(*) > {int(limit)})
        SELECT s.target AS account, list_sort(list(s.source)) AS related, count(*) AS observed,
               {int(limit)} AS "limit", '/accounts/' || a.row AS pointer
        FROM slots s SEMI JOIN over o ON o.target = s.target JOIN acct a ON a.id = s.target
        GROUP BY s.target, a.row"""


def _official_cap(limit, same: bool) -> str:
    """WX102 (``same``) and WX103: an official account's slot-holding mini-programs of its own
    subject, or of others (an unknown subject on either side is never the same one)."""
    shared = f"coalesce({sql_same_subject('s.source_owner', 's.target_owner')}, FALSE)"
    return f"""
        SELECT s.source AS account, list_sort(list(s.target)) AS related, count(*) AS observed,
               {int(limit)} AS "limit", '/accounts/' || a.row AS pointer
        FROM slots s JOIN acct a ON a.id = s.source
        WHERE {shared if same else f"NOT {shared}"}
        GROUP BY s.source, a.row HAVING count(*) > {int(limit)}"""


@query("WX102")
def official_same_subject_cap(p, as_of):
    limit = p.max_same_subject_mini_programs
    return None if _off(limit) else _official_cap(limit, True)


@query("WX103")
def official_cross_subject_cap(p, as_of):
    limit = p.max_cross_subject_mini_programs
    return None if _off(limit) else _official_cap(limit, False)


def _monthly(p, limit, side: str, other: str) -> str:
    """WX104 (``side`` source) and WX105 (target): links made per (account, calendar month),
    as :meth:`topology.rules.context.Context.new_links_by_month` counts them (a record repeated
    with the same day once)."""
    pending = bool(p.pending_counts_toward_caps)
    return f"""
        WITH made AS (
            SELECT DISTINCT l.source, l.target, l.linked_on FROM wlinks l
            WHERE l.kind = 'mini_program' AND l.linked_on IS NOT NULL AND NOT coalesce(l.quick_registered, FALSE)
              AND {sql_requested(pending)})
        SELECT m.{side} AS account, list_sort(list(DISTINCT m.{other})) AS related, count(*) AS observed,
               {int(limit)} AS "limit", '/accounts/' || a.row AS pointer,
               strftime(m.linked_on, '%Y-%m') AS month
        FROM made m JOIN acct a ON a.id = m.{side}
        GROUP BY m.{side}, a.row, strftime(m.linked_on, '%Y-%m') HAVING count(*) > {int(limit)}"""


@query("WX104")
def official_monthly_new_links(p, as_of):
    limit = p.max_new_mini_program_links_per_month
    return None if _off(limit) else _monthly(p, limit, "source", "target")


@query("WX105")
def mini_program_monthly_new_links(p, as_of):
    limit = p.max_new_official_links_per_month
    return None if _off(limit) else _monthly(p, limit, "target", "source")


@query("WX106")
def stale_pending_link(p, as_of):
    limit = p.pending_link_stale_days
    if _off(limit):
        return None
    age = f"date_diff('day', l.linked_on, {lit(as_of)})"  # not date - date: an interval on Spark
    return f"""
        SELECT l.source AS account, [l.target] AS related, '/links/' || l.row AS pointer,
               {age} AS observed, {int(limit)} AS "limit", l.source AS source, l.target AS target,
               strftime(l.linked_on, '%Y-%m-%d') AS linked_on, {lit(as_of.isoformat())} AS as_of
        FROM wlinks l
        WHERE l.kind = 'mini_program' AND {sql_state()} = 'pending' AND l.linked_on IS NOT NULL
          AND {age} > {int(limit)}"""
