"""WX4xx set-wise: mass messaging quotas (see :mod:`topology.rules.messaging`).

Broadcasts are an account's first definition's (``b.account_row = a.row``), ``idx`` their
position in its list, so pointers are ``/accounts/{row}/broadcasts/{idx}`` as the memory rules give.
"""

from __future__ import annotations

from ...dates import sql_month_of
from .base import lit, query, unreachable


def _over_quota(account_type: str, period: str, name: str, limit: int) -> str:
    """One finding per (account, period) with more than ``limit`` broadcasts, pointing at the first
    broadcast over the quota (document order); ``name`` is the period's message value."""
    return f"""
        WITH sent AS (
            SELECT a.id, a.row AS account_row, b.idx, {period} AS period,
                   row_number() OVER (PARTITION BY a.row, {period} ORDER BY b.idx) AS nth,
                   count(*) OVER (PARTITION BY a.row, {period}) AS n
            FROM acct a JOIN broadcasts b ON b.account_row = a.row
            WHERE a.type = {lit(account_type)})
        SELECT id AS account, '/accounts/' || account_row || '/broadcasts/' || idx AS pointer,
               CAST(NULL AS VARCHAR[]) AS related, n AS observed, {lit(limit)} AS "limit", period AS {name}
        FROM sent WHERE n > {lit(limit)} AND nth = {lit(limit)} + 1"""


@query("WX401")
def subscription_daily_quota(p, as_of):
    limit = p.subscription_broadcasts_per_day
    if limit is None or unreachable(limit):
        return None
    return _over_quota("subscription", "CAST(b.date AS VARCHAR)", "day", limit)


@query("WX402")
def subscription_articles(p, as_of):
    limit = p.subscription_articles_per_broadcast
    if limit is None or unreachable(limit):
        return None
    return f"""
        SELECT a.id AS account, '/accounts/' || a.row || '/broadcasts/' || b.idx AS pointer,
               CAST(NULL AS VARCHAR[]) AS related, b.articles AS observed, {lit(limit)} AS "limit",
               CAST(b.date AS VARCHAR) AS day
        FROM acct a JOIN broadcasts b ON b.account_row = a.row
        WHERE a.type = 'subscription' AND b.articles > {lit(limit)}"""


@query("WX403")
def service_monthly_quota(p, as_of):
    limit = p.service_broadcasts_per_month
    if limit is None or unreachable(limit):
        return None
    return _over_quota("service", sql_month_of("b.date"), "month", limit)


@query("WX404")
def no_mass_messaging(p, as_of):
    return """
        SELECT a.id AS account, '/accounts/' || a.row || '/broadcasts' AS pointer, CAST(NULL AS VARCHAR[]) AS related,
               count(*) AS observed
        FROM acct a JOIN broadcasts b ON b.account_row = a.row
        WHERE a.type = 'mini_program'
        GROUP BY a.id, a.row"""
