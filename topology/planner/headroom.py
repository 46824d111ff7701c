"""Headroom: for every association cap, how much of it is used and how much is left.

Validation says which caps are broken; before linking one more mini-program an operator asks
the other question, which caps are nearly full. One row per (account, cap):

- an official account (type in ``linkable_official_types``) has a ``same_subject`` row
  (WX102) and a ``cross_subject`` row (WX103): the mini-programs it links;
- a mini-program has an ``officials`` row (WX101): the official accounts linking it.

``used`` is counted by the rules' own :class:`~topology.rules.context.Context` (distinct
counterparts over the links that hold a cap slot), so a row with ``used > limit`` is exactly
a WX101-WX103 finding. ``limit`` None means the parameter is off (no cap); then ``free`` is
None too. Rows sort tightest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..rules.caps import cap_table

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Ecosystem
    from ..rules.context import Context
    from ..ruleset import Ruleset

#: cap key → (key, rule, ruleset parameter), from the rule registry
CAPS = cap_table()
#: ``schema_version`` of ``headroom --format json`` (schemas/headroom.schema.json)
HEADROOM_SCHEMA_VERSION = 1


@dataclass(slots=True)
class HeadroomRow:
    """One cap of one account: ``used`` of ``limit`` taken by the ``linked`` counterparts."""

    account: str
    type: str
    cap: str
    used: int
    limit: int | None
    linked: tuple[str, ...] = ()
    name: str | None = None

    @property
    def rule(self) -> str:
        return CAPS[self.cap].rule

    @property
    def free(self) -> int | None:
        """Slots left (negative: that many over the cap); None when the cap is off."""
        return None if self.limit is None else self.limit - self.used

    def sort_key(self) -> tuple:
        free = self.free
        return (free is None, free if free is not None else 0, self.account, self.cap)

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "name": self.name, "type": self.type, "cap": self.cap, "rule": self.rule,
                "used": self.used, "limit": self.limit, "free": self.free, "linked": list(self.linked)}


@dataclass
class HeadroomReport:
    """Every cap row of a document under one ruleset on one day, tightest first."""

    document: str | None
    ruleset: Ruleset
    as_of: date
    rows: list[HeadroomRow] = field(default_factory=list)
    account: str | None = None

    @property
    def over(self) -> list[HeadroomRow]:
        """The rows over their cap: each is a WX101-WX103 finding."""
        return [r for r in self.rows if r.free is not None and r.free < 0]

    def summary(self) -> dict[str, int]:
        frees = [r.free for r in self.rows]
        return {"rows": len(self.rows), "over": sum(1 for f in frees if f is not None and f < 0),
                "full": sum(1 for f in frees if f == 0), "unlimited": sum(1 for f in frees if f is None)}

    def to_dict(self) -> dict[str, Any]:
        from ..engine import TOOL

        return {"schema_version": HEADROOM_SCHEMA_VERSION, "tool": dict(TOOL), "document": self.document,
                "ruleset": self.ruleset.to_dict(),
                "as_of": self.as_of.isoformat(), "account": self.account, "summary": self.summary(),
                "rows": [r.to_dict() for r in self.rows]}

    def to_json(self) -> str:
        """``to_dict`` as JSON, one row a line."""
        from .inputs import dumps_listing

        return dumps_listing(self.to_dict(), "rows")


def headroom(
    eco: Ecosystem | str | Path | dict,
    ruleset: str | Path | Ruleset | None = None,
    *,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
    rules_as_of: date | str | None = None,
    account: str | None = None,
) -> HeadroomReport:
    """Used / limit / free of every WX101-WX103 cap, tightest first.

    The ruleset is resolved as :func:`topology.validate` resolves it. ``account`` keeps that
    account's rows only (an id the document does not define is a UsageError).

    >>> import topology
    >>> eco = topology.load({"schema_version": 1, "subjects": [{"id": "s", "kind": "enterprise"}],
    ...     "accounts": [{"id": "news", "type": "subscription", "subject": "s"},
    ...                  {"id": "shop", "type": "mini_program", "subject": "s"}],
    ...     "links": [{"kind": "mini_program", "source": "news", "target": "shop"}]})
    >>> [(r.account, r.cap, r.used, r.limit, r.free) for r in topology.headroom(eco).rows]
    [('news', 'cross_subject', 0, 3, 3), ('news', 'same_subject', 1, 10, 9), ('shop', 'officials', 1, 50, 49)]
    """
    from .. import arguments as check

    check.ecosystem(eco, "headroom", "eco")
    overrides = check.ruleset_options("headroom", ruleset, overrides, as_of, rules_as_of)
    check.text(account, "headroom", "account")

    from .._gc import bulk_allocation
    from ..graph import build_graph
    from ..rules.context import Context
    from .inputs import resolve

    eco, rs, when = resolve(eco, ruleset, overrides, as_of, rules_as_of)
    with bulk_allocation():
        ctx = Context(eco, build_graph(eco), rs.parameters, when)
        return _headroom(ctx, rs, account)


def _headroom(ctx: Context, rs: Ruleset, account: str | None) -> HeadroomReport:

    p = rs.parameters
    limits = {key: getattr(p, cap.parameter) for key, cap in CAPS.items()}
    officials, minis = ctx.officials(), ctx.accounts("mini_program")
    if account is not None:
        kind = ctx.type_of(account)
        if kind is None:
            raise UsageError(f"unknown account {account!r}: the document defines no account with that id")
        if account not in officials and kind != "mini_program":
            raise UsageError(f"account {account!r} ({kind}) has no cap: headroom covers official accounts "
                             f"({', '.join(p.linkable_official_types)}) and mini-programs")
        officials = [account] if account in officials else []
        minis = [account] if kind == "mini_program" else []
    rows: list[HeadroomRow] = []
    for o in officials:
        same, other = ctx.split_mini_programs(o)
        name, kind = ctx.model(o).name, ctx.type_of(o)
        rows.append(HeadroomRow(o, kind, "same_subject", len(same), limits["same_subject"], tuple(same), name))
        rows.append(HeadroomRow(o, kind, "cross_subject", len(other), limits["cross_subject"], tuple(other), name))
    for m in minis:
        linked = ctx.linked_officials(m)
        rows.append(HeadroomRow(m, "mini_program", "officials", len(linked), limits["officials"],
                                tuple(linked), ctx.model(m).name))
    rows.sort(key=HeadroomRow.sort_key)
    document = ctx.eco.source.name if ctx.eco.source else None
    return HeadroomReport(document, rs, ctx.as_of, rows, account)
