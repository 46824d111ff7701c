"""What a check sees: the graph, the document, the parameters and the evaluation date.

The answers to the checks' common questions come from :mod:`topology.index`, the same
index the public graph helpers read. A :class:`Scope` narrows what the checks iterate to
the accounts and subjects a change touched (incremental checking) while every count still
sees the whole document.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..dates import month_of
from ..findings import Hit
from ..index import Index, well_typed
from ..links import requested

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Sequence

    import networkx as nx

    from ..model import Ecosystem
    from ..ruleset import Parameters


class Scope:
    """The accounts, subjects and link positions a check iterates over: those a change touched.

    What the context hands out for iteration (:meth:`Context.accounts`, :meth:`Context.subjects`,
    :meth:`Context.links`, :meth:`Context.document_links`, :meth:`Context.document_accounts`,
    :meth:`Context.new_links_by_month`) is filtered through it; per-account answers (counts,
    linked lists) are not, so a scoped check counts what a full one counts.
    """

    __slots__ = ("accounts", "definitions", "links", "pairs", "subjects")

    def __init__(self, accounts: Iterable[str] = (), subjects: Iterable[str] = (), links: Iterable[int] = (),
                 definitions: Iterable[str] = (), pairs: Iterable[tuple[str, str]] = ()):
        self.accounts = frozenset(accounts)
        self.subjects = frozenset(subjects)
        self.links = frozenset(links)
        #: (source, target) pairs whose records changed (:meth:`Context.parallel_edges`)
        self.pairs = frozenset(pairs)
        #: accounts whose definition is new (a change to links leaves every definition as it was)
        self.definitions = frozenset(definitions)


class Context:
    """Read-only inputs of a rule check, with the answers to its common questions.

    The answers come from an :class:`~topology.index.Index` of the graph (built here unless
    given), so the rules and the public graph helpers share one implementation of each.
    Only well-typed links reach the relation questions (see :mod:`topology.index`); the
    integrity rules read ``graph``, ``eco`` and :meth:`parallel_edges` for the rest.
    ``stale_suppressions`` ((index, entry) of the ``--suppressions`` entries that matched no
    finding) and ``suppressions_name`` are the second phase's inputs: the engine builds that
    phase's context with :meth:`after_suppressions`.
    """

    def __init__(
        self,
        eco: Ecosystem,
        graph: nx.MultiDiGraph,
        params: Parameters,
        as_of: date,
        baseline: Ecosystem | None = None,
        *,
        stale_suppressions: Sequence = (),
        suppressions_name: str | None = None,
        index: Index | None = None,
        scope: Scope | None = None,
        position_of: Any = None,
    ):
        self.eco = eco
        self.graph = graph
        self.params = params
        self.as_of = as_of
        self.baseline = baseline
        self.stale_suppressions = tuple(stale_suppressions)
        self.suppressions_name = suppressions_name
        self.index = index if index is not None else Index(graph, params.linkable_official_types)
        self.scope = scope
        #: graph edge key → the link's position in the document; None: they are the same (only an
        #: incremental checker that removed links keys its graph otherwise)
        self.position_of = position_of
        self._pending = params.pending_counts_toward_caps
        self._memo: dict[tuple, Any] = {}
        self._administered: set[str] | None = None

    def after_suppressions(self, stale: Sequence, name: str | None) -> Context:
        """The context of the rules that run on what the suppressions file left stale: the same
        inputs and index, plus the stale entries and the file's name."""
        other = Context(self.eco, self.graph, self.params, self.as_of, self.baseline, stale_suppressions=stale,
                        suppressions_name=name, index=self.index, scope=self.scope, position_of=self.position_of)
        other._memo = self._memo
        return other

    # -- accounts ---------------------------------------------------------------------------
    def accounts(self, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types (all types when none given); within a
        :class:`Scope`, only the accounts it names."""
        if self.scope is None:
            return self.index.accounts(*types)
        type_of = self.index.types.get
        wanted = set(types)
        return sorted(a for a in self.scope.accounts if type_of(a) is not None and (not wanted or type_of(a) in wanted))

    def officials(self) -> list[str]:
        """Accounts whose type is in the ruleset's ``linkable_official_types``."""
        return self.accounts(*self.params.linkable_official_types)

    def model(self, account: str) -> Any:
        """The pydantic model of an account (its first definition)."""
        return self.index.models[account]

    def pointer(self, account: str) -> str:
        return f"/accounts/{self.index.positions[account]}"

    def type_of(self, account: str) -> str | None:
        """The account's type; None for an undefined id."""
        return self.index.types.get(account)

    @property
    def types(self) -> dict[Any, str]:
        """Account id → type, for checks that look up every link end (read only)."""
        return self.index.types

    def subject_of(self, account: str) -> str | None:
        return self.index.subjects_of.get(account)

    def subject_kind(self, account: str) -> str | None:
        return self.index.subject_kind(account)

    # -- subjects ---------------------------------------------------------------------------
    def subjects(self) -> list[str]:
        """Sorted ids of the subjects the document defines (within a Scope, those it names)."""
        if self.scope is None:
            return self.index.subjects()
        return sorted(s for s in self.scope.subjects if s in self.index.subject_positions)

    def kind_of_subject(self, subject_id: str) -> str | None:
        """The kind of a subject, by its id; None for an undefined one."""
        return self.index.subject_kinds.get(subject_id)

    def subject_pointer(self, subject_id: str) -> str | None:
        """The JSON pointer of a subject's (first) definition."""
        i = self.index.subject_positions.get(subject_id)
        return None if i is None else f"/subjects/{i}"

    def owned(self, subject_id: str, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types whose ``subject`` is ``subject_id``."""
        return self.index.owned(subject_id, *types)

    def placeholders(self) -> list[Any]:
        """Graph nodes that stand for ids the document names but does not define."""
        return self.index.placeholders()

    def subject_members(self, subject_id: str) -> list[str]:
        """Sorted ids of the accounts registered by ``subject_id`` (auxiliaries through their primary)."""
        return self.index.subject_members(subject_id)

    # -- relations --------------------------------------------------------------------------
    def parallel_edges(self) -> list[tuple[Any, Any, dict]]:
        """(u, v, key → edge data) of the node pairs joined by more than one edge, well typed or
        not (WX003 reads every record); within a Scope, of its pairs."""
        if self.scope is None:
            found = self.index.parallel
        else:
            succ = self.graph.succ
            found = [(u, v, succ[u][v]) for u, v in sorted(self.scope.pairs, key=str)
                     if u in succ and v in succ[u] and len(succ[u][v]) > 1]
        pos = self.position_of
        if pos is None:
            return found
        return [(u, v, {pos(k) if isinstance(k, int) else k: d for k, d in keys.items()}) for u, v, keys in found]

    def position(self, key: Any) -> Any:
        """The document position of the link behind a graph edge key."""
        return key if self.position_of is None else self.position_of(key)

    def links(self, kind: str) -> list[tuple[str, str, int, Any]]:
        """(source, target, index, link model) of the well-typed links of one kind, in order."""
        if self.scope is None:
            found = self.index.links(kind)
            pos = self.position_of
            return found if pos is None else [(u, v, pos(i), link) for u, v, i, link in found]
        type_of, officials = self.index.types.get, self.index.official_types
        return [(link.source, link.target, i, link) for i, link in self.document_links()
                if link.kind == kind and well_typed(kind, type_of(link.source), type_of(link.target), officials)]

    def document_links(self) -> Iterable[tuple[int, Any]]:
        """(index, link model) of every link record of the document, well typed or not (the
        integrity rules' view); within a Scope, the records at its positions. Read once: a list
        of every record would add 90 MB to a 10^6-link run's peak."""
        links = self.eco.links
        if self.scope is None:
            return enumerate(links)
        return [(i, links[i]) for i in sorted(self.scope.links) if i < len(links)]

    def document_accounts(self) -> Iterable[tuple[int, Any]]:
        """(index, account model) of every account definition, repeated ids included (the integrity
        rules' view); within a Scope, the definitions it names as new (of ids defined once). Read once."""
        if self.scope is None:
            return enumerate(self.eco.accounts)
        positions = self.index.positions
        return sorted((positions[a], self.index.models[a]) for a in self.scope.definitions if a in positions)

    def linked_mini_programs(self, official: str) -> list[str]:
        """Sorted distinct mini-programs holding a cap slot of ``official``."""
        return self.index.slots(self.index.minis_of, official, self._pending)

    def split_mini_programs(self, official: str) -> tuple[list[str], list[str]]:
        """The official's capped mini-programs: (same subject, other subjects), each sorted.

        "Same subject" needs a subject on both sides (:func:`topology.links.same_subject`): an
        official account without one has only other-subject mini-programs. WX102, WX103 and
        headroom all count with this.
        """
        return self.index.split_mini_programs(official, self._pending)

    def linked_officials(self, mini_program: str, *, pending_counts: bool | None = None) -> list[str]:
        """Sorted distinct official accounts whose cap slot ``mini_program`` holds.

        ``pending_counts`` overrides the ruleset (WX901 asks for live links only).
        """
        pending = self._pending if pending_counts is None else pending_counts
        return self.index.slots(self.index.officials_of, mini_program, pending)

    def count_linked_mini_programs(self, official: str) -> int:
        """How many mini-programs hold a cap slot of ``official`` (no list built)."""
        return self.index.count(self.index.minis_of, official, self._pending)

    def count_linked_officials(self, mini_program: str, *, pending_counts: bool | None = None) -> int:
        """How many official accounts' cap slots ``mini_program`` holds (no list built)."""
        pending = self._pending if pending_counts is None else pending_counts
        return self.index.count(self.index.officials_of, mini_program, pending)

    def memo(self, key: tuple, compute: Any) -> Any:
        """A value computed once per run and shared by the checks that need it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def has_admin(self, account: str) -> bool:
        """Whether a personal account has an ``admin`` link to ``account``."""
        return bool(self.index.inn["admin"].get(account))

    def admins(self, account: str) -> list[str]:
        """Sorted personal accounts with an ``admin`` link to ``account``."""
        return self.index.admins(account)

    def administered(self, person: str, *, pending_counts: bool | None = None) -> list[str]:
        """Sorted distinct accounts ``person`` administers through ``admin`` links that take a slot
        (:func:`topology.links.takes_slot`; ``pending_counts`` defaults to the ruleset's
        ``pending_counts_toward_caps``). Only ``mini_program`` links carry a status today, so
        every admin link does."""
        return self.index.administered(person, self._pending if pending_counts is None else pending_counts)

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
        if self.scope is None:
            repeated = {(u, v) for u, v, _ in self.index.parallel}
            return self._months(self.index.links("mini_program"), True, True, repeated.__contains__)
        # within a Scope: the links from its officials, then those to its mini-programs
        index, scoped = self.index, self.scope.accounts
        out = [r for a in scoped for r in index.mini_links.get(a, ())]
        into = [r for a in scoped if index.types.get(a) == "mini_program"
                for r in index.mini_links_to(self.graph, a)]
        succ = self.graph.succ

        def repeated(pair: tuple) -> bool:
            return len(succ[pair[0]][pair[1]]) > 1

        by_official, _ = self._months(sorted(out, key=lambda r: r[2]), True, False, repeated)
        _, by_mini = self._months(sorted(into, key=lambda r: r[2]), False, True, repeated)
        return by_official, by_mini

    def _months(self, records: list, officials: bool, minis: bool, repeated: Any) -> tuple[dict, dict]:
        """The month tables of ``records``; ``repeated((u, v))`` says whether a pair has more than one
        record (only those can repeat one)."""
        pending = self.params.pending_counts_toward_caps
        months: dict[Any, str] = {}  # date → "YYYY-MM": few distinct dates, many links
        seen: set[tuple] = set()
        by_official: dict[tuple[str, str], list] = {}
        by_mini: dict[tuple[str, str], list] = {}
        for u, v, _, link in records:  # well typed: official → mini-program only
            day = link.linked_on
            if day is None or link.quick_registered or not requested(link, pending):
                continue
            if repeated((u, v)):
                key = (u, v, day)
                if key in seen:
                    continue
                seen.add(key)
            month = months.get(day)
            if month is None:
                month = months[day] = month_of(day)
            if officials:
                by_official.setdefault((u, month), []).append(v)
            if minis:
                by_mini.setdefault((v, month), []).append(u)
        return by_official, by_mini

    def auxiliaries(self, primary: str) -> list[str]:
        """Sorted auxiliary accounts registered with ``primary``."""
        return self.index.auxiliaries(primary)

    def primary_of(self, auxiliary: str) -> str | None:
        """The id an auxiliary names as its primary."""
        return self.index.primary_of(auxiliary)

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
        if pointer is None and account is not None and account in self.index.types:
            pointer = self.pointer(account)
        return Hit(
            account=account, related=tuple(related), pointer=pointer, observed=observed, limit=limit,
            subject=subject, severity=severity, variant=variant, args=args,
        )

