"""WX2xx set-wise: official accounts and mini-programs (see :mod:`topology.rules.officials`).

Subject kinds are read through ``acct.owner`` (an auxiliary's is its primary's) joined to the
subject's first definition (``subj``), so an account whose subject is undefined or missing has
no kind, as :meth:`topology.index.Index.subject_kind` gives none. Admin relations are the
well-typed ``admin`` records of ``wlinks``.
"""

from __future__ import annotations

from ...links import sql_takes_slot
from .base import ids, lit, query, unreachable

#: 公众号 as registration counts them (WX207): not 企业号 (the in-memory rule's _OFFICIAL_KINDS)
_OFFICIAL_KINDS = ("subscription", "service")
#: the ``related`` of a finding that names no other account (the report's ORDER BY reads it)
_NONE = "CAST(NULL AS VARCHAR[])"


def _kinds(values) -> str:
    """A VARCHAR[] literal of subject kinds in the ruleset's order (the message shows the list;
    an empty one stays typed)."""
    return f"CAST({lit(list(values))} AS VARCHAR[])"


def _kinded(types: tuple[str, ...]) -> str:
    """Accounts of ``types`` with the kind of their (defined) subject: a.*, kind."""
    return f"""SELECT a.*, s.kind AS kind FROM acct a JOIN subj s ON s.id = a.owner
               WHERE a.type IN {ids(types)}"""


@query("WX201")
def service_subject_kind(p, as_of):
    return f"""
        SELECT k.id AS account, '/accounts/' || k.row AS pointer, {_NONE} AS related, k.owner AS owner
        FROM ({_kinded(("service",))}) k WHERE k.kind = 'individual'"""


@query("WX202")
def subscription_capability(p, as_of):
    allowed = _kinds(p.subscription_pay_subject_kinds)
    return f"""
        SELECT k.id AS account, '/accounts/' || k.row AS pointer, {_NONE} AS related, f.feature AS feature,
               k.kind AS kind, {allowed} AS allowed
        FROM ({_kinded(("subscription",))}) k
        CROSS JOIN (SELECT 'advanced_api' AS feature UNION ALL SELECT 'wechat_pay') AS f
        WHERE NOT list_contains({allowed}, k.kind) AND list_contains(k.features, f.feature)"""


@query("WX203")
def service_pay_unverified(p, as_of):
    return f"""
        SELECT a.id AS account, '/accounts/' || a.row AS pointer, {_NONE} AS related
        FROM acct a
        WHERE a.type = 'service' AND list_contains(a.features, 'wechat_pay') AND a.verified IS NOT TRUE"""


@query("WX204")
def admin_not_real_name(p, as_of):
    # one finding per admin record (an account administered twice is reported twice, as in memory)
    return """
        SELECT l.target AS account, [l.source] AS related, '/links/' || l.row AS pointer, l.source AS person
        FROM wlinks l JOIN acct u ON u.id = l.source
        WHERE l.kind = 'admin' AND u.real_name_verified IS NOT TRUE"""


@query("WX205")
def missing_admin(p, as_of):
    # any well-typed admin record counts, whatever its state (Context.has_admin)
    types = ids([*p.linkable_official_types, "mini_program"])
    return f"""
        SELECT a.id AS account, '/accounts/' || a.row AS pointer, {_NONE} AS related
        FROM acct a
        WHERE a.type IN {types}
          AND NOT EXISTS (SELECT 1 FROM wlinks l WHERE l.kind = 'admin' AND l.target = a.id)"""


@query("WX206")
def mini_program_subject_kind(p, as_of):
    allowed = _kinds(p.mini_program_subject_kinds)
    return f"""
        SELECT k.id AS account, '/accounts/' || k.row AS pointer, {_NONE} AS related, k.kind AS kind,
               {allowed} AS allowed
        FROM ({_kinded(("mini_program",))}) k WHERE NOT list_contains({allowed}, k.kind)"""


def _per_subject(limits: dict | None, types: tuple[str, ...]) -> str | None:
    """The subjects owning more accounts of ``types`` than ``limits[kind]`` (WX207, WX208); a kind
    the mapping does not name has no limit; None when the rule is off or no limit can be passed."""
    if limits is None:
        return None
    reachable = {k: int(v) for k, v in limits.items() if v is not None and not unreachable(v)}
    if not reachable:
        return None
    cases = " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in sorted(reachable.items()))
    return f"""
        WITH capped AS (
            SELECT s.id, s.row, s.kind, CAST(CASE s.kind {cases} END AS BIGINT) AS cap
            FROM subj s WHERE s.kind IN {ids(reachable)})
        SELECT CAST(NULL AS VARCHAR) AS account, c.id AS subject, list_sort(list(a.id)) AS related,
               '/subjects/' || c.row AS pointer, count(*) AS observed, c.cap AS "limit", c.kind AS kind
        FROM capped c JOIN acct a ON a.owner = c.id AND a.type IN {ids(types)}
        GROUP BY c.id, c.row, c.kind, c.cap HAVING count(*) > c.cap"""


@query("WX207")
def officials_per_subject(p, as_of):
    return _per_subject(p.max_officials_per_subject, _OFFICIAL_KINDS)


@query("WX208")
def mini_programs_per_subject(p, as_of):
    return _per_subject(p.max_mini_programs_per_subject, ("mini_program",))


@query("WX209")
def admin_account_cap(p, as_of):
    limit = p.max_accounts_per_admin
    if limit is None or unreachable(limit):
        return None
    pending = bool(p.pending_counts_toward_caps)
    return f"""
        WITH held AS (
            SELECT DISTINCT l.source, l.target FROM wlinks l
            WHERE l.kind = 'admin' AND l.target_type IN {ids(p.linkable_official_types)}
              AND {sql_takes_slot(pending)})
        SELECT h.source AS account, list_sort(list(h.target)) AS related, '/accounts/' || a.row AS pointer,
               count(*) AS observed, {int(limit)} AS "limit"
        FROM held h JOIN acct a ON a.id = h.source
        GROUP BY h.source, a.row HAVING count(*) > {int(limit)}"""


@query("WX210")
def individual_mini_program_pay(p, as_of):
    if p.mini_program_pay_subject_kinds is None:
        return None
    allowed = _kinds(p.mini_program_pay_subject_kinds)
    return f"""
        WITH k AS ({_kinded(("mini_program",))})
        SELECT k.id AS account, '/accounts/' || k.row AS pointer, {_NONE} AS related, CAST(NULL AS VARCHAR) AS variant,
               k.kind AS kind, {allowed} AS allowed
        FROM k WHERE NOT list_contains({allowed}, k.kind) AND list_contains(k.features, 'wechat_pay')
        UNION ALL
        SELECT k.id AS account, '/accounts/' || k.row AS pointer, {_NONE} AS related, 'verified' AS variant,
               k.kind AS kind, {allowed} AS allowed
        FROM k WHERE NOT list_contains({allowed}, k.kind) AND k.verified IS TRUE"""
