"""What a check sees: the graph, the document, the parameters and the evaluation date.

The checks ask the same few questions of the graph for every account (whose
mini-programs? who administers it?). Answering each with a NetworkX traversal costs more
than the whole rest of a run at 10^5 links, so the context reads the graph's adjacency
once, into plain dicts by edge kind, and answers from those.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..dates import month_of
from ..findings import Hit
from ..graph import counts_toward_caps

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ..model import Ecosystem
    from ..ruleset import Parameters


class Context:
    """Read-only inputs of a rule check, with the answers to its common questions."""

    def __init__(
        self,
        eco: Ecosystem,
        graph: nx.MultiDiGraph,
        params: Parameters,
        as_of: date,
        baseline: Ecosystem | None = None,
    ):
        self.eco = eco
        self.graph = graph
        self.params = params
        self.as_of = as_of
        self.baseline = baseline
        #: (index, entry) of the --suppressions entries that matched no finding (set by the engine
        #: before the rules that need it run) and the file's name
        self.stale_suppressions: list = []
        self.suppressions_name: str | None = None
        self._by_type: dict[str, list[str]] = {}
        self._types: dict[Any, str] = {}
        self._subjects: dict[Any, str | None] = {}
        self._models: dict[Any, Any] = {}
        self._index: dict[Any, int] = {}
        self._placeholders: list[Any] = []
        self._subject_kinds: dict[str, str | None] = {}
        for n, d in graph.nodes(data=True):
            if d.get("placeholder"):
                self._placeholders.append(n)
            if d["node"] == "subject":
                self._subject_kinds[n[1]] = d.get("kind")
                continue
            t = d.get("type")
            if t is not None and d["node"] == "account":
                self._types[n] = t
                self._subjects[n] = d["subject"]
                self._models[n] = d["model"]
                self._index[n] = d["index"]
                self._by_type.setdefault(t, []).append(n)
        for ids in self._by_type.values():
            ids.sort()
        # One pass over the adjacency, into plain dicts by edge kind. mini_program links, the
        # bulk of a large document, go straight into the cap-slot tables: per official and
        # per mini-program, the counterpart accounts of live links, 2 for a linked record and
        # 1 for a pending one (WX101-WX103, WX901).
        officials = set(params.linkable_official_types)
        type_of = self._types.get
        minis_of: dict[Any, dict[Any, int]] = {}
        officials_of: dict[Any, dict[Any, int]] = {}
        out: dict[str, dict[Any, list]] = {kind: {} for kind in ("admin", "member", "promotes", "primary")}
        inn: dict[str, dict[Any, list]] = {kind: {} for kind in out}
        self._parallel: list[tuple[Any, Any, dict]] = []
        for u, nbrs in graph.adjacency():
            u_official = type_of(u) in officials
            for v, keydict in nbrs.items():
                if len(keydict) > 1:
                    self._parallel.append((u, v, keydict))
                for key, d in keydict.items():
                    kind = d["kind"]
                    if kind == "mini_program":
                        link = d["link"]
                        if u_official and type_of(v) == "mini_program" and counts_toward_caps(link, True):
                            tier = 2 if link.status == "linked" else 1
                            minis = minis_of.get(u)
                            if minis is None:
                                minis = minis_of[u] = {}
                            if minis.get(v, 0) < tier:
                                minis[v] = tier
                            ofs = officials_of.get(v)
                            if ofs is None:
                                ofs = officials_of[v] = {}
                            if ofs.get(u, 0) < tier:
                                ofs[u] = tier
                        continue
                    record = (u, v, key, d.get("link"))
                    out[kind].setdefault(u, []).append(record)
                    inn[kind].setdefault(v, []).append(record)
        self._out, self._in = out, inn
        self._minis_of, self._officials_of = minis_of, officials_of
        self._memo: dict[tuple, Any] = {}
        self._administered: set[str] | None = None
        self._owned: dict[tuple[str, str], list[str]] | None = None

    # -- accounts ---------------------------------------------------------------------------
    def accounts(self, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types (all types when none given)."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        wanted = types or tuple(self._by_type)
        return sorted(n for t in set(wanted) for n in self._by_type.get(t, []))

    def officials(self) -> list[str]:
        """Accounts whose type is in the ruleset's ``linkable_official_types``."""
        return self.accounts(*self.params.linkable_official_types)

    def model(self, account: str) -> Any:
        """The pydantic model of an account (its first definition)."""
        return self._models[account]

    def pointer(self, account: str) -> str:
        return f"/accounts/{self._index[account]}"

    def type_of(self, account: str) -> str | None:
        """The account's type; None for an undefined id."""
        return self._types.get(account)

    @property
    def types(self) -> dict[Any, str]:
        """Account id → type, for checks that look up every link end (read only)."""
        return self._types

    def subject_of(self, account: str) -> str | None:
        return self._subjects.get(account)

    def subject_kind(self, account: str) -> str | None:
        sid = self._subjects.get(account)
        return None if sid is None else self._subject_kinds.get(sid)

    # -- subjects ---------------------------------------------------------------------------
    def subjects(self) -> list[str]:
        """Sorted ids of the subjects the document defines (its first definition of each)."""
        return self.memo(("subjects",), lambda: sorted(
            n[1] for n, d in self.graph.nodes(data=True) if d["node"] == "subject" and not d.get("placeholder")))

    def kind_of_subject(self, subject_id: str) -> str | None:
        """The kind of a subject, by its id; None for an undefined one."""
        return self._subject_kinds.get(subject_id)

    def subject_pointer(self, subject_id: str) -> str | None:
        """The JSON pointer of a subject's (first) definition."""
        d = self.graph.nodes.get(("subject", subject_id))
        return f"/subjects/{d['index']}" if d and "index" in d else None

    def owned(self, subject_id: str, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types whose ``subject`` is ``subject_id``.

        The index (subject, type) → accounts is built in one pass on first use, so asking for
        every subject costs one pass over the accounts, not one per subject.
        """
        if self._owned is None:
            owned: dict[tuple[str, str], list[str]] = {}
            for n, sid in self._subjects.items():
                if sid is not None:
                    owned.setdefault((sid, self._types[n]), []).append(n)
            self._owned = owned
        if len(types) == 1:
            return sorted(self._owned.get((subject_id, types[0]), ()))
        return sorted(n for t in set(types) for n in self._owned.get((subject_id, t), ()))

    def placeholders(self) -> list[Any]:
        """Graph nodes that stand for ids the document names but does not define."""
        return sorted(self._placeholders, key=lambda n: (isinstance(n, tuple), str(n)))

    def subject_members(self, subject_id: str) -> list[str]:
        """Sorted ids of the accounts registered by ``subject_id`` (auxiliaries through their primary)."""
        return sorted(n for n, s in self._subjects.items() if s == subject_id)

    # -- relations --------------------------------------------------------------------------
    def parallel_edges(self) -> list[tuple[Any, Any, dict]]:
        """(u, v, key → edge data) of the node pairs joined by more than one edge."""
        return self._parallel

    def links(self, kind: str) -> list[tuple[str, str, int, Any]]:
        """(source, target, index, link model) of the document's links of one kind, in order."""
        if kind not in self._out:  # mini_program links are only indexed as cap slots
            edges = self.graph.edges(keys=True, data=True)
            return sorted(((u, v, k, d["link"]) for u, v, k, d in edges if d["kind"] == kind), key=lambda r: r[2])
        return sorted((r for records in self._out[kind].values() for r in records), key=lambda r: r[2])

    def linked_mini_programs(self, official: str) -> list[str]:
        """Sorted distinct mini-programs holding a cap slot of ``official``."""
        return self._slots(self._minis_of, official, None)

    def split_mini_programs(self, official: str) -> tuple[list[str], list[str]]:
        """The official's capped mini-programs: (same subject, other subjects), each sorted.

        "Same subject" needs a subject on both sides: an official account without one has
        only other-subject mini-programs. WX102, WX103 and headroom all count with this.
        """
        return self.memo(("split", official), lambda: self._split(official))

    def _split(self, official: str) -> tuple[list[str], list[str]]:
        own = self.subject_of(official)
        same, other = [], []
        for m in self.linked_mini_programs(official):
            (same if own is not None and own == self.subject_of(m) else other).append(m)
        return same, other

    def linked_officials(self, mini_program: str, *, pending_counts: bool | None = None) -> list[str]:
        """Sorted distinct official accounts whose cap slot ``mini_program`` holds.

        ``pending_counts`` overrides the ruleset (WX901 asks for live links only).
        """
        return self._slots(self._officials_of, mini_program, pending_counts)

    def count_linked_mini_programs(self, official: str) -> int:
        """How many mini-programs hold a cap slot of ``official`` (no list built)."""
        return self._count(self._minis_of, official, None)

    def count_linked_officials(self, mini_program: str, *, pending_counts: bool | None = None) -> int:
        """How many official accounts' cap slots ``mini_program`` holds (no list built)."""
        return self._count(self._officials_of, mini_program, pending_counts)

    def _count(self, table: dict, account: str, pending_counts: bool | None) -> int:
        pending = self.params.pending_counts_toward_caps if pending_counts is None else pending_counts
        slots = table.get(account)
        if not slots:
            return 0
        return len(slots) if pending else sum(1 for tier in slots.values() if tier == 2)

    def memo(self, key: tuple, compute: Any) -> Any:
        """A value computed once per run and shared by the checks that need it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _slots(self, table: dict, account: str, pending_counts: bool | None) -> list[str]:
        pending = self.params.pending_counts_toward_caps if pending_counts is None else pending_counts
        key = (id(table), account, pending)
        if key not in self._memo:
            floor = 1 if pending else 2
            self._memo[key] = sorted(n for n, tier in table.get(account, {}).items() if tier >= floor)
        return self._memo[key]

    def has_admin(self, account: str) -> bool:
        """Whether a personal account has an ``admin`` link to ``account``."""
        if self._administered is None:
            self._administered = {
                v for v, records in self._in["admin"].items()
                if any(self._types.get(r[0]) == "personal" for r in records)
            }
        return account in self._administered

    def admins(self, account: str) -> list[str]:
        """Sorted personal accounts with an ``admin`` link to ``account``."""
        records = self._in["admin"].get(account)
        if not records:
            return []
        return sorted({r[0] for r in records if self._types.get(r[0]) == "personal"})

    def administered(self, person: str, *, pending_counts: bool | None = None) -> list[str]:
        """Sorted distinct accounts ``person`` administers through live ``admin`` links.

        Live: not ``rejected`` and no ``unlinked_on``; a ``pending`` one counts when
        ``pending_counts`` (default: the ruleset's ``pending_counts_toward_caps``) is true. Only
        ``mini_program`` links carry these fields today; an admin link without them is live.
        """
        records = self._out["admin"].get(person)
        if not records:
            return []
        pending = self.params.pending_counts_toward_caps if pending_counts is None else pending_counts
        return sorted({r[1] for r in records if _live(r[3], pending)})

    def new_links_by_month(self) -> tuple[dict[tuple[str, str], list], dict[tuple[str, str], list]]:
        """New ``mini_program`` links per calendar month, from both ends (WX104, WX105).

        Two tables, (official, "YYYY-MM") → [mini-programs] and (mini-program, "YYYY-MM") →
        [officials], one entry per link made that month, so a list's length is the quota used
        and its distinct members are the counterparts. A link counts in the month of its
        ``linked_on`` when its source is an official account (``linkable_official_types``) and
        its target a mini-program; also when it was later removed (``unlinked_on``: removing a
        link gives no quota back); not when it is ``rejected`` (no link was made), has no
        ``linked_on`` (no month to put it in) or is ``quick_registered``; a ``pending`` one
        counts when ``pending_counts_toward_caps`` is true (the request was made). The same
        (source, target, ``linked_on``) recorded twice counts once (WX003 reports the copy).
        Built in one pass over the document's links, once per run.
        """
        return self.memo(("new_links_by_month", self.params.pending_counts_toward_caps), self._new_links_by_month)

    def _new_links_by_month(self) -> tuple[dict, dict]:
        officials = set(self.params.linkable_official_types)
        pending = self.params.pending_counts_toward_caps
        type_of = self._types.get
        months: dict[Any, str] = {}  # date → "YYYY-MM": few distinct dates, many links
        # only a pair joined by more than one link can repeat a record: remember those alone
        repeated = {(u, v) for u, v, _ in self._parallel}
        repeated_sources = {u for u, _ in repeated}
        seen: set[tuple] = set()
        by_official: dict[tuple[str, str], list] = {}
        by_mini: dict[tuple[str, str], list] = {}
        for link in self.eco.links:
            if link.kind != "mini_program":
                continue
            day = link.linked_on
            if day is None or link.quick_registered or link.status == "rejected":
                continue
            if link.status == "pending" and not pending:
                continue
            u, v = link.source, link.target
            if type_of(u) not in officials or type_of(v) != "mini_program":
                continue
            if u in repeated_sources and (u, v) in repeated:
                key = (u, v, day)
                if key in seen:
                    continue
                seen.add(key)
            month = months.get(day)
            if month is None:
                month = months[day] = month_of(day)
            by_official.setdefault((u, month), []).append(v)
            by_mini.setdefault((v, month), []).append(u)
        return by_official, by_mini

    def auxiliaries(self, primary: str) -> list[str]:
        """Sorted auxiliary accounts registered with ``primary``."""
        return sorted(r[0] for r in self._in["primary"].get(primary, ()))

    def primary_of(self, auxiliary: str) -> str | None:
        """The id an auxiliary names as its primary."""
        out = self._out["primary"].get(auxiliary)
        return out[0][1] if out else None

    # -- output -----------------------------------------------------------------------------
    def finding(
        self,
        account: str | None = None,
        *,
        related: list[str] | tuple[str, ...] = (),
        pointer: str | None = None,
        observed: int | None = None,
        limit: int | None = None,
        subject: str | None = None,
        severity: str | None = None,
        variant: str | None = None,
        **args: Any,
    ) -> Hit:
        """A finding about ``account`` (pointer defaults to the account's)."""
        if pointer is None and account is not None and account in self._types:
            pointer = self.pointer(account)
        return Hit(
            account=account, related=tuple(related), pointer=pointer, observed=observed, limit=limit,
            subject=subject, severity=severity, variant=variant, args=args,
        )


def _live(link: Any, pending_counts: bool) -> bool:
    """Whether a link record stands: not rejected, not removed, and pending only if that counts.

    A link kind without ``status`` / ``unlinked_on`` (all but ``mini_program`` today) is live.
    """
    fields = link.__dict__  # not getattr(..., default): a missing pydantic attribute costs an exception
    status = fields.get("status", "linked")
    if status == "rejected" or fields.get("unlinked_on") is not None:
        return False
    return status != "pending" or pending_counts
