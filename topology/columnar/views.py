"""The set-wise answers to the checks' common questions: SQL views every rule query reads.

The columnar twin of :mod:`topology.index` (and built from the same definitions: link
meanings from :mod:`topology.links`, well-typed ends from :func:`topology.index.endpoints`):

- ``acct``: each account id's first definition (WX002 reports the others), with ``owner``, the
  subject it is registered by (an auxiliary's is its primary's, docs/document.md);
- ``subj``: each subject id's first definition;
- ``elinks``: every link record (the :data:`LINK_COLUMNS` rules read) with the type and owner of
  each end (NULL: no account has that id), the one join of the links with the accounts (WX001,
  WX003 and WX004 read it too);
- ``wlinks``: the well-typed link records of ``elinks``;
- ``slots``: distinct (source, target) ``mini_program`` pairs holding a cap slot.

Written in DuckDB's SQL; :mod:`topology.columnar.spark` carries them to Spark SQL with sqlglot.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..index import endpoints
from ..links import sql_takes_slot
from .stage import lit

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ..ruleset import Parameters


#: the columns of ``links`` the rules read (through ``elinks``); the others (``ignore``,
#: ``priority``, ``pinned``) are left out of its 10^7-row copy
LINK_COLUMNS: tuple[str, ...] = ("row", "kind", "source", "target", "status", "linked_on", "unlinked_on",
                                 "quick_registered", "verified")


def shared() -> list[tuple[str, str]]:
    """(name, SELECT) of the views no parameter changes, in the order they must be created."""
    cols = ", ".join(f"l.{c}" for c in LINK_COLUMNS)
    return [
        ("first_acct", "SELECT * FROM accounts WHERE row IN (SELECT min(row) FROM accounts GROUP BY id)"),
        ("acct", """SELECT a.*, CASE WHEN a.type = 'auxiliary' THEN p.subject ELSE a.subject END AS owner
                    FROM first_acct a LEFT JOIN first_acct p ON a.type = 'auxiliary' AND p.id = a."primary" """),
        ("subj", "SELECT * FROM subjects QUALIFY row_number() OVER (PARTITION BY id ORDER BY row) = 1"),
        ("elinks", f"""SELECT {cols}, s.type AS source_type, t.type AS target_type,
                              s.owner AS source_owner, t.owner AS target_owner
                       FROM links l LEFT JOIN acct s ON s.id = l.source LEFT JOIN acct t ON t.id = l.target"""),
    ]


def views(params: Parameters) -> list[tuple[str, str]]:
    """(name, SELECT) of each view, in the order they must be created."""
    official = frozenset(params.linkable_official_types)
    ends = endpoints(official)
    well_typed = " OR ".join(
        f"(l.kind = {lit(kind)} AND l.source_type IN ({', '.join(lit(t) for t in sorted(sources))})"
        + ("" if targets is None else f" AND l.target_type IN ({', '.join(lit(t) for t in sorted(targets))})") + ")"
        for kind, (sources, targets) in sorted(ends.items()) if kind != "primary")
    pending = bool(params.pending_counts_toward_caps)
    return shared() + [
        ("wlinks", f"""SELECT * FROM elinks l
                       WHERE l.source_type IS NOT NULL AND l.target_type IS NOT NULL AND ({well_typed})"""),
        ("slots", f"""SELECT DISTINCT l.source, l.target, l.source_owner, l.target_owner
                      FROM wlinks l WHERE l.kind = 'mini_program' AND {sql_takes_slot(pending)}"""),
    ]


#: the views worth computing once (every rule reads them; at 10^6 links, computing them per
#: query cost more than the queries); the others are filters of these, cheaper to scan again than
#: to copy (10^7 rows take seconds to copy)
MATERIALIZED: tuple[str, ...] = ("first_acct", "acct", "subj", "elinks", "slots")


def create(con, params: Parameters | None = None, skip: Iterable[str] = ()) -> list[str]:
    """Create them on a DuckDB connection (only the :func:`shared` ones without ``params``, none
    of ``skip``): :data:`MATERIALIZED` ones as tables, the rest as views. Their names."""
    made = []
    for name, select in views(params) if params is not None else shared():
        if name in skip:
            continue
        made.append(name)
        kind = "TABLE" if name in MATERIALIZED else "VIEW"
        con.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {select}")
    return made
