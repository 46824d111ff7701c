"""WX0xx set-wise: document integrity (see :mod:`topology.rules.integrity` for what each checks).

The in-memory checks read the graph's placeholder nodes (WX001) and parallel edges (WX003);
here the same facts are anti-joins against the first definitions (``acct``, ``subjects``), the
ends of every link record as ``elinks`` typed them, and windows over each (kind, source, target)
group of the link records, well typed or not.
WX007 needs no query: it runs its own check over what the suppressions file left stale.
"""

from __future__ import annotations

from ...index import endpoints
from ...links import sql_stands
from .base import lit, query

_LINK_PTR = "'/links/' || {t}.row || '/{end}'"


@query("WX001")
def unknown_reference(p, as_of):
    """Undefined subjects of non-auxiliary accounts (an auxiliary's subject is its primary's,
    reported there), undefined primaries of auxiliaries, and each undefined end of each link
    (on the account at its other end, when that one is defined)."""
    return f"""
        WITH ends AS (
            SELECT l.row, l.kind, l.source, l.target, CASE WHEN l.source_type IS NOT NULL THEN l.source END AS source_id,
                   CASE WHEN l.target_type IS NOT NULL THEN l.target END AS target_id
            FROM elinks l WHERE l.source_type IS NULL OR l.target_type IS NULL)
        SELECT a.id AS account, [a.subject] AS related, '/accounts/' || a.row || '/subject' AS pointer,
               'subject' AS variant, CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS VARCHAR) AS "end",
               a.subject AS missing
        FROM acct a
        WHERE a.type <> 'auxiliary' AND a.subject IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM subjects s WHERE s.id = a.subject)
        UNION ALL
        SELECT a.id, [a."primary"], '/accounts/' || a.row || '/primary', 'primary', NULL, NULL, a."primary"
        FROM acct a
        WHERE a.type = 'auxiliary' AND a."primary" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM acct p WHERE p.id = a."primary")
        UNION ALL
        SELECT e.source_id, [e.target], {_LINK_PTR.format(t="e", end="target")}, NULL, e.kind, 'target', e.target
        FROM ends e WHERE e.target_id IS NULL
        UNION ALL
        SELECT e.target_id, [e.source], {_LINK_PTR.format(t="e", end="source")}, NULL, e.kind, 'source', e.source
        FROM ends e WHERE e.source_id IS NULL"""


@query("WX002")
def duplicate_id(p, as_of):
    """Every definition of a subject or account id after its first."""
    return """
        SELECT CAST(NULL AS VARCHAR) AS account, s.id AS subject, CAST([] AS VARCHAR[]) AS related,
               '/subjects/' || s.row AS pointer, 'subject' AS variant, s.id AS id, '/subjects/' || f.row AS "first"
        FROM subjects s JOIN subj f ON f.id = s.id WHERE s.row <> f.row
        UNION ALL
        SELECT a.id, NULL, CAST([] AS VARCHAR[]), '/accounts/' || a.row, NULL, a.id, '/accounts/' || f.row
        FROM accounts a JOIN first_acct f ON f.id = a.id WHERE a.row <> f.row"""


@query("WX003")
def duplicate_link(p, as_of):
    """A record of a (kind, source, target) that an earlier one repeats: the same ``linked_on``
    (both absent included), or both standing; ``first`` is the earliest such record.

    Two windows instead of a self-join: the earliest earlier record with the same ``linked_on``,
    and the earliest earlier standing one (which counts only if this record stands too).
    """
    before = "ORDER BY l.row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"
    # the windows run only over the (kind, source, target) recorded more than once: few, at any size
    return f"""
        WITH repeated AS (
            SELECT kind, source, target FROM elinks GROUP BY kind, source, target HAVING count(*) > 1),
        l AS (
            SELECT l.* FROM elinks l SEMI JOIN repeated r
            ON r.kind = l.kind AND r.source = l.source AND r.target = l.target),
        w AS (
            SELECT l.row, l.kind, l.source, l.target, {sql_stands("l")} AS live,
                   min(l.row) OVER (PARTITION BY l.kind, l.source, l.target, l.linked_on {before}) AS same_day,
                   min(CASE WHEN {sql_stands("l")} THEN l.row END)
                       OVER (PARTITION BY l.kind, l.source, l.target {before}) AS live_before
            FROM l),
        d AS (
            SELECT w.*, CASE WHEN w.live THEN least(coalesce(w.same_day, w.live_before), coalesce(w.live_before, w.same_day))
                             ELSE w.same_day END AS first_row
            FROM w)
        SELECT d.source AS account, [d.target] AS related, '/links/' || d.row AS pointer,
               d.kind AS kind, d.source AS source, d.target AS target, '/links/' || d.first_row AS "first"
        FROM d WHERE d.first_row IS NOT NULL"""


def _by_kind(expr: dict[str, str]) -> str:
    """A CASE over ``e.kind`` choosing one SQL expression per link kind."""
    return "CASE e.kind " + " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in sorted(expr.items())) + " END"


def _member(column: str, types: frozenset[str]) -> str:
    return f"{column} IN ({', '.join(lit(t) for t in sorted(types))})" if types else "FALSE"


def _list(types: frozenset[str]) -> str:
    return f"CAST({lit(sorted(types))} AS VARCHAR[])"


@query("WX004")
def endpoint_type(p, as_of):
    """Each defined link end of a type its kind does not allow (the sources of ``mini_program``
    links: the ruleset's official types), and each auxiliary definition whose primary is not a
    personal account. Every definition of an auxiliary is read, repeated ids too."""
    ends = {k: v for k, v in endpoints(frozenset(p.linkable_official_types)).items() if k != "primary"}
    source_ok = _by_kind({k: _member("e.source_type", s) for k, (s, _) in ends.items()})
    target_ok = _by_kind({k: _member("e.target_type", t) for k, (_, t) in ends.items()})
    sources = _by_kind({k: _list(s) for k, (s, _) in ends.items()})
    targets = _by_kind({k: _list(t) for k, (_, t) in ends.items()})
    return f"""
        WITH e AS (SELECT l.row, l.kind, l.source, l.target, l.source_type, l.target_type FROM elinks l)
        SELECT CASE WHEN e.source_type IS NOT NULL THEN e.source END AS account, [e.target] AS related,
               {_LINK_PTR.format(t="e", end="source")} AS pointer, CAST(NULL AS VARCHAR) AS variant,
               e.kind AS kind, 'source' AS "end", e.source AS ref, e.source_type AS actual, {sources} AS allowed
        FROM e WHERE e.source_type IS NOT NULL AND NOT ({source_ok})
        UNION ALL
        SELECT CASE WHEN e.source_type IS NOT NULL THEN e.source END, [e.target],
               {_LINK_PTR.format(t="e", end="target")}, NULL, e.kind, 'target', e.target, e.target_type, {targets}
        FROM e WHERE e.target_type IS NOT NULL AND NOT ({target_ok})
        UNION ALL
        SELECT a.id, [a."primary"], '/accounts/' || a.row || '/primary', 'primary', NULL, NULL, a."primary",
               p.type, ['personal']
        FROM accounts a JOIN acct p ON p.id = a."primary"
        WHERE a.type = 'auxiliary' AND p.type <> 'personal'"""
