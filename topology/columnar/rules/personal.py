"""WX3xx set-wise: personal and auxiliary accounts (see :mod:`topology.rules.personal`).

An auxiliary is checked against its primary when the primary is a real personal account
(first definitions, as ``acct`` holds them); its evaluation date is its ``registered_on``,
else the run's as-of date.
"""

from __future__ import annotations

from ...dates import sql_add_years
from .base import lit, query, unreachable


def _auxiliaries(as_of) -> str:
    """The columnar twin of the memory rules' auxiliaries-with-a-personal-primary: each auxiliary
    (``x.*``) with its primary's id, row and fields, and its evaluation date ``evaluated``."""
    return f"""
        SELECT x.*, p.id AS primary_id, p.row AS primary_row, p.registered_on AS primary_registered_on,
               p.phone_bound AS primary_phone_bound, p.wechat_pay_bound AS primary_wechat_pay_bound,
               coalesce(x.registered_on, {lit(as_of)}) AS evaluated
        FROM acct x JOIN acct p ON p.id = x."primary" AND p.type = 'personal'
        WHERE x.type = 'auxiliary'"""


#: the columns every finding about an auxiliary and its primary has
_ABOUT_AUX = ("x.id AS account, [x.primary_id] AS related, '/accounts/' || x.row AS pointer, "
              'x.primary_id AS "primary"')


@query("WX301")
def personal_subject_kind(p, as_of):
    return """
        SELECT a.id AS account, '/accounts/' || a.row AS pointer, CAST(NULL AS VARCHAR[]) AS related,
               a.subject AS owner, s.kind AS kind
        FROM acct a JOIN subj s ON s.id = a.subject
        WHERE a.type = 'personal' AND s.kind <> 'individual'"""


@query("WX302")
def personal_not_real_name(p, as_of):
    return """
        SELECT a.id AS account, '/accounts/' || a.row AS pointer, CAST(NULL AS VARCHAR[]) AS related
        FROM acct a WHERE a.type = 'personal' AND NOT a.real_name_verified"""


@query("WX303")
def auxiliary_primary_age(p, as_of):
    years = p.auxiliary_min_primary_age_years
    if years is None:
        return None
    unknown = "x.primary_registered_on IS NULL"
    return f"""
        SELECT {_ABOUT_AUX}, {lit(years)} AS years,
               CASE WHEN {unknown} THEN 'warning' END AS severity,
               CASE WHEN {unknown} THEN 'unknown' END AS variant,
               CASE WHEN NOT {unknown} THEN CAST(x.evaluated AS VARCHAR) END AS "when",
               CAST(x.primary_registered_on AS VARCHAR) AS registered
        FROM ({_auxiliaries(as_of)}) AS x
        WHERE {unknown} OR x.evaluated <= {sql_add_years('x.primary_registered_on', years)}"""


@query("WX304")
def auxiliary_primary_banned(p, as_of):
    years = p.auxiliary_ban_free_years
    if years is None:
        return None
    return f"""
        WITH hit AS (
            SELECT x.*, b.start AS ban_start, b."end" AS ban_end,
                   row_number() OVER (PARTITION BY x.row
                                      ORDER BY b.start DESC, coalesce(b."end", b.start) DESC, b.idx) AS latest
            FROM ({_auxiliaries(as_of)}) AS x JOIN bans b ON b.account_row = x.primary_row
            WHERE b.start <= x.evaluated
              AND (b."end" IS NULL OR b."end" >= {sql_add_years('x.evaluated', -years)}))
        SELECT {_ABOUT_AUX}, {lit(years)} AS years, CAST(x.evaluated AS VARCHAR) AS "when",
               CAST(x.ban_start AS VARCHAR) || '–' || coalesce(CAST(x.ban_end AS VARCHAR), '…') AS ban
        FROM hit AS x WHERE x.latest = 1"""


@query("WX305")
def auxiliary_primary_bindings(p, as_of):
    return f"""
        SELECT {_ABOUT_AUX}, 'phone_bound' AS binding
        FROM ({_auxiliaries(as_of)}) AS x WHERE NOT x.primary_phone_bound
        UNION ALL
        SELECT {_ABOUT_AUX}, 'wechat_pay_bound' AS binding
        FROM ({_auxiliaries(as_of)}) AS x WHERE NOT x.primary_wechat_pay_bound"""


@query("WX306")
def auxiliary_per_primary(p, as_of):
    limit = p.max_auxiliaries_per_primary
    if limit is None or unreachable(limit):
        return None
    return f"""
        SELECT m.id AS account, list_sort(list(x.id)) AS related, count(*) AS observed,
               {lit(limit)} AS "limit", '/accounts/' || m.row AS pointer
        FROM acct m JOIN acct x ON x.type = 'auxiliary' AND x."primary" = m.id
        WHERE m.type = 'personal'
        GROUP BY m.id, m.row HAVING count(*) > {lit(limit)}"""


@query("WX307")
def auxiliary_phone_search(p, as_of):
    return """
        SELECT a.id AS account, '/accounts/' || a.row AS pointer, CAST(NULL AS VARCHAR[]) AS related
        FROM acct a
        WHERE a.type = 'auxiliary' AND list_contains(a.friend_add_methods, 'phone_search') AND NOT a.phone_bound"""


@query("WX308")
def auxiliary_payments(p, as_of):
    return """
        SELECT a.id AS account, '/accounts/' || a.pointer_row AS pointer, CAST(NULL AS VARCHAR[]) AS related,
               a.feature
        FROM (SELECT id, row AS pointer_row, unnest(list_distinct(features)) AS feature
              FROM acct WHERE type = 'auxiliary' AND NOT identity_bound) AS a"""
