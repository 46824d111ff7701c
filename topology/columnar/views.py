"""The set-wise answers to the checks' common questions: SQL views every rule query reads.

The columnar twin of :mod:`topology.index` (and built from the same definitions: link
meanings from :mod:`topology.links`, well-typed ends from :func:`topology.index.endpoints`):

- ``acct``: each account id's first definition (WX002 reports the others), with ``owner``, the
  subject it is registered by (an auxiliary's is its primary's, SPEC §1);
- ``subj``: each subject id's first definition;
- ``wlinks``: the well-typed link records, with the types and owners of both ends;
- ``slots``: distinct (source, target) ``mini_program`` pairs holding a cap slot.

Written in DuckDB's SQL; :mod:`topology.columnar.spark` carries them to Spark SQL with sqlglot.
"""

from __future__ import annotations

from ..index import endpoints
from ..links import sql_takes_slot
from .stage import lit

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ..ruleset import Parameters


def views(params: Parameters) -> list[tuple[str, str]]:
    """(name, SELECT) of each view, in the order they must be created."""
    official = frozenset(params.linkable_official_types)
    ends = endpoints(official)
    well_typed = " OR ".join(
        f"(l.kind = {lit(kind)} AND s.type IN ({', '.join(lit(t) for t in sorted(sources))})"
        + ("" if targets is None else f" AND t.type IN ({', '.join(lit(t) for t in sorted(targets))})") + ")"
        for kind, (sources, targets) in sorted(ends.items()) if kind != "primary")
    pending = bool(params.pending_counts_toward_caps)
    return [
        ("first_acct", "SELECT * FROM accounts QUALIFY row_number() OVER (PARTITION BY id ORDER BY row) = 1"),
        ("acct", """SELECT a.*, CASE WHEN a.type = 'auxiliary' THEN p.subject ELSE a.subject END AS owner
                    FROM first_acct a LEFT JOIN first_acct p ON a.type = 'auxiliary' AND p.id = a."primary" """),
        ("subj", "SELECT * FROM subjects QUALIFY row_number() OVER (PARTITION BY id ORDER BY row) = 1"),
        ("wlinks", f"""SELECT l.*, s.type AS source_type, t.type AS target_type,
                              s.owner AS source_owner, t.owner AS target_owner
                       FROM links l JOIN acct s ON s.id = l.source JOIN acct t ON t.id = l.target
                       WHERE {well_typed}"""),
        ("slots", f"""SELECT DISTINCT l.source, l.target, l.source_owner, l.target_owner
                      FROM wlinks l WHERE l.kind = 'mini_program' AND {sql_takes_slot(pending)}"""),
    ]


def create(con, params: Parameters) -> None:
    """Create them on a DuckDB connection, as tables: every rule reads them, so each is computed
    once (at 10^6 links, computing them per query cost more than the queries)."""
    for name, select in views(params):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
