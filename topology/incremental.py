"""Incremental checking: apply one change to a document and re-check only what it touches.

A :class:`Checker` holds a document, its graph, its :class:`~topology.index.Index` and the
findings of every rule, and updates them in place. After a change it runs each rule under a
:class:`~topology.rules.context.Scope` of the accounts, subjects and link positions the
change touched (counts still see the whole document), drops the previous findings those
units owned and splices the new ones in. ``checker.report()`` equals
``topology.validate`` of the changed document with the same options (a property test
checks it on random documents and change lists).

How a rule's findings are owned (:data:`UNITS`):

- ``account``: iterates accounts, its findings name the iterated account (most rules);
- ``subject``: iterates subjects (WX207, WX208);
- ``link``: iterates links, its findings point into the link (WX106, WX204, WX501);
- ``pair``: iterates the (source, target) pairs with repeated records (WX003; after a
  removal, also the pairs whose findings name a moved position: its messages do);
- ``integrity``: WX004, links and auxiliaries' primaries;
- ``accounts-only``: reads nothing but the account and subject definitions (WX002): re-run
  whole after an account change, kept otherwise;
- ``global`` (WX001, and any rule not named here): re-run whole after every change; WX001
  reads only the dangling ids.

Each rule's findings are kept sorted with a map from owner to findings, so a step costs the
touched units plus one pass to list the findings, not a sort of them all.

Removing an account re-checks the whole document (its links go, a dangling id may appear,
a repeated id's second definition may become the first); so does adding an account whose
id is already defined or named. ``--suppressions`` rules (WX007) are not supported.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import wraps
from itertools import compress, count, islice
from operator import is_, is_not
from typing import TYPE_CHECKING, Any

from ._gc import bulk_allocation
from .engine import InlineIgnores, Report, ruleset_for, selected_rules, stamp
from .graph import build_graph, subject_node
from .index import Index, well_typed
from .links import takes_slot
from .rules.context import Context, Scope
from .splice import UNITS, RuleFindings, link_position, shifted

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable
    from datetime import date

    from .model import Ecosystem
    from .ruleset import Ruleset

def _quietly(change: Any) -> Any:
    """Run a change with the cyclic collector paused (``_gc.bulk_allocation``): the document's
    millions of objects would otherwise be rescanned by collections the step's allocations trigger."""

    @wraps(change)
    def run(self: Checker, *args: Any) -> Any:
        with bulk_allocation():
            return change(self, *args)

    return run


def _deleted(old: list, new: list) -> list[int] | None:
    """The positions of ``old`` whose deletion leaves ``new`` (records compared by identity), or None
    when ``new`` is not ``old`` less some records. Each record found costs one scan in C."""
    if len(new) > len(old):
        return None
    gone: list[int] = []
    i = j = 0  # old[i:] against new[j:]
    while len(gone) < len(old) - len(new):
        d = next(compress(count(), map(is_not, islice(old, i, None), islice(new, j, None))), None)
        if d is None:  # new ran out: the rest of old went
            gone.extend(range(i + len(new) - j, len(old)))
            return gone
        gone.append(i + d)
        i, j = i + d + 1, j + d
    return gone if all(map(is_, islice(old, i, None), islice(new, j, None))) else None


class Checker:
    """A document under change, with the findings ``validate`` would give it after each change.

    Options are those of :func:`topology.validate` (no ``suppressions``). The checker owns a
    copy of the document's lists; :attr:`eco` is the current document.
    """

    def __init__(self, eco: Ecosystem, ruleset: str | Ruleset | None = None, *, baseline: Ecosystem | None = None,
                 as_of: date | str | None = None, rules_as_of: date | str | None = None,
                 overrides: dict[str, Any] | list[str] | None = None, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, lang: str = "en", document: str | None = None):
        self.ruleset, self.as_of = ruleset_for(eco, ruleset, overrides, as_of, rules_as_of)
        self.params = self.ruleset.parameters
        self.baseline, self.lang = baseline, lang
        self.document = document or (eco.source.name if eco.source else None)
        self.rules = [r for r in selected_rules(select, ignore)
                      if not r.needs_suppressions and (baseline is not None or not r.needs_baseline)]
        self.full_checks = 0
        self._reset(eco)

    # -- results ------------------------------------------------------------------------------
    def report(self) -> Report:
        """The current document's report, as ``validate`` makes it."""
        ignores, findings, suppressed = self.ignores, [], 0
        for rule_id in sorted(self.found):  # a finding's sort key starts with its rule
            for _, f in self.found[rule_id].entries:
                if ignores.active and ignores.covers(f):
                    suppressed += 1
                else:
                    findings.append(f)
        eco = self.eco
        counts = {"subjects": len(eco.subjects), "accounts": len(eco.accounts), "links": len(eco.links),
                  "error": 0, "warning": 0, "info": 0, "suppressed": suppressed}
        for f in findings:
            counts[f.severity] += 1
        return Report(document=self.document, findings=findings, ruleset=self.ruleset, as_of=self.as_of,
                      counts=counts, source=None, rules_run=tuple((r.id, r.name) for r in self.rules))

    # -- changes ------------------------------------------------------------------------------
    def follow(self, eco: Ecosystem) -> None:
        """Become ``eco``, a later (or earlier) state of the same document, by the steps that lead
        there: accounts appended; link records appended, replaced in place (same kind and ends) or
        deleted. Records are matched by identity (deletions) or identity, then value, as plan
        states share them. Any other difference (an account removed, subjects changed, a mix) is
        a full re-check.
        """
        mine = self.eco
        if eco.subjects != mine.subjects or eco.as_of != mine.as_of:
            return self._reset(eco)
        old, new = mine.accounts, eco.accounts
        if len(new) < len(old) or new[:len(old)] != old:
            return self._reset(eco)
        for account in new[len(old):]:
            self.add_account(account)
        old, new = mine.links, eco.links
        if len(new) >= len(old) and new[:len(old)] == old:
            for link in new[len(old):]:
                self.add_link(link)
        elif len(new) == len(old):
            # the scans run in C (map/compress): a step at 10^5 links must not walk them in Python
            changed = [i for i in compress(count(), map(is_not, old, new)) if old[i] != new[i]]
            if any((a.kind, a.source, a.target) != (b.kind, b.source, b.target)
                   for a, b in ((old[i], new[i]) for i in changed)):
                return self._reset(eco)
            for i in changed:
                self.replace_link(i, new[i])
        else:
            gone = _deleted(old, new)
            if gone is None:
                return self._reset(eco)
            for i in reversed(gone):
                self.remove_link(i)

    def _reset(self, eco: Ecosystem) -> None:
        self.eco = eco.model_copy(update={"accounts": list(eco.accounts), "links": list(eco.links)})
        self._rebuild()

    @_quietly
    def add_link(self, link: Any) -> None:
        """Append a link record (a link model) to the document."""
        p = len(self.eco.links)
        self.eco.links.append(link)
        serial = self.next_serial
        self.next_serial += 1
        u, v = link.source, link.target
        G, index = self.graph, self.index
        for n in (u, v):
            if n not in G:
                G.add_node(n, node="account", placeholder=True, type=None, subject=None)
                index.placeholder_nodes.append(n)
        G.add_edge(u, v, key=serial, kind=link.kind, link=link)
        keydict = G._succ[u][v]  # the raw key dict, shared with _pred, as build_graph makes it
        if len(keydict) == 2:
            index.parallel.append((u, v, keydict))
        index.add_link(u, v, serial, link.kind, link)
        if link.ignore:
            self.ignores.by_pointer[f"/links/{p}"] = frozenset(link.ignore)
            self.ignores.active = True
        self._recheck(Scope(accounts=(u, v), links=(p,), pairs=((u, v),)), drop_links=(p,))

    @_quietly
    def replace_link(self, position: int, link: Any) -> None:
        """Put ``link`` in place of the record at ``position`` (same source, target and kind), as
        unlinking with a date does."""
        old = self.eco.links[position]
        u, v = old.source, old.target
        if (link.source, link.target, link.kind) != (u, v, old.kind):
            raise ValueError("replace_link keeps a record's kind, source and target")
        self.eco.links[position] = link
        serial = self._serial(position)
        self.graph._succ[u][v][serial]["link"] = link
        self._unindex(u, v, serial, old)
        self.index.add_link(u, v, serial, link.kind, link)
        self._set_ignore(position, link)
        self._recheck(Scope(accounts=(u, v), links=(position,), pairs=((u, v),)), drop_links=(position,))

    @_quietly
    def remove_link(self, position: int) -> None:
        """Delete the record at ``position``; later records move up one place."""
        links, G, index = self.eco.links, self.graph, self.index
        old = links.pop(position)
        serial = self._serial(position)
        insort(self.removed, serial)  # later records move up: their keys stay, positions follow
        u, v = old.source, old.target
        G.remove_edge(u, v, key=serial)
        self._unindex(u, v, serial, old)
        keydict = G._succ[u].get(v)
        if keydict is not None and len(keydict) == 1:
            index.parallel = [e for e in index.parallel if (e[0], e[1]) != (u, v)]
        for n in (u, v):
            if n in G and G.nodes[n].get("placeholder") and not G.degree(n):
                G.remove_node(n)
                index.placeholder_nodes.remove(n)
        # ignore lists and findings' pointers name positions: those past the record move up
        ignores = self.ignores
        if ignores.active:
            moved = {}
            for key, ids in ignores.by_pointer.items():
                i = link_position(key)
                if i is None or i < position:
                    moved[key] = ids
                elif i > position:
                    moved[f"/links/{i - 1}"] = ids
            ignores.by_pointer = moved
        pairs = {(u, v)}  # and those whose findings name a moved position (WX003's messages do)
        for rule_id, found in self.found.items():
            if found.unit == "pair":
                pairs.update((f.account, f.related[0]) for _, f in found.entries
                             if (link_position(f.pointer) or 0) >= position)
            if found.unit in ("link", "integrity"):  # the units whose findings point into links
                self.found[rule_id] = RuleFindings(found.unit, [shifted(f, position) for _, f in found.entries
                                                          if link_position(f.pointer) != position])
        self._recheck(Scope(accounts=(u, v), pairs=pairs), drop_links=())

    @_quietly
    def add_account(self, account: Any) -> None:
        """Append an account definition to the document."""
        self.eco.accounts.append(account)
        aid, G, index = account.id, self.graph, self.index
        if aid in G or len(self.eco.accounts) - 1 != len(index.positions):
            # defined already or named by a dangling reference (the graph changes shape), or a
            # repeated definition (which WX004 reads, the graph does not) may name the new id
            self._rebuild()
            return
        q = len(self.eco.accounts) - 1
        related = [aid]
        if account.type == "auxiliary":
            primary = account.primary
            # as build_graph: the primary's own subject field (an auxiliary primary has none)
            sid = getattr(index.models[primary], "subject", None) if primary in index.types else None
            related.append(primary)
        else:
            sid = getattr(account, "subject", None)
        if sid is not None and subject_node(sid) not in G:
            G.add_node(subject_node(sid), node="subject", placeholder=True, kind=None, name=None)
            index.placeholder_nodes.append(subject_node(sid))
            index.subject_kinds[sid] = None
        G.add_node(aid, node="account", type=account.type, name=account.name, subject=sid, index=q, model=account)
        index.add_account(aid, account.type, sid, account, q)
        by_type = index.by_type[account.type]
        by_type.pop()
        insort(by_type, aid)
        index.owned_add(aid)
        if account.type == "auxiliary":
            if primary not in G:
                G.add_node(primary, node="account", placeholder=True, type=None, subject=None)
                index.placeholder_nodes.append(primary)
            G.add_edge(aid, primary, key="primary", kind="primary")
            index.add_link(aid, primary, "primary", "primary", None)
        if account.ignore:
            self.ignores.by_pointer[f"/accounts/{q}"] = frozenset(account.ignore)
            self.ignores.by_account.setdefault(aid, frozenset(account.ignore))
            self.ignores.active = True
        self._recheck(Scope(accounts=related, subjects=() if sid is None else (sid,), definitions=(aid,)),
                      drop_links=())

    @_quietly
    def remove_account(self, account_id: str) -> int:
        """Delete every definition of ``account_id`` and every link naming it (a full re-check);
        returns how many link records went."""
        eco = self.eco
        before = len(eco.links)
        eco.accounts[:] = [a for a in eco.accounts if a.id != account_id]
        eco.links[:] = [x for x in eco.links if account_id not in (x.source, x.target)]
        self._rebuild()
        return before - len(eco.links)

    # -- internals ------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        """Graph, index and every rule's findings from scratch (what validate does)."""
        with bulk_allocation():
            self._build()

    def _build(self) -> None:
        self.full_checks += 1
        self.graph = build_graph(self.eco)
        self.index = Index(self.graph, self.params.linkable_official_types)
        self.ignores = InlineIgnores(self.eco)
        #: graph edge and index keys are serials: a link's position when it was added, or at the last
        #: rebuild; ``removed`` (sorted) holds those of the records removed since
        self.removed: list[int] = []
        self.next_serial = len(self.eco.links)
        ctx = self._context(None)
        self.found: dict[str, RuleFindings] = {r.id: RuleFindings(UNITS.get(r.id, "global"),
                                                      [stamp(r, h, self.lang) for h in r.check(ctx)])
                                         for r in self.rules}

    def _context(self, scope: Scope | None) -> Context:
        self.index.memo.clear()  # answers cached before the change may have moved
        return Context(self.eco, self.graph, self.params, self.as_of, self.baseline, index=self.index, scope=scope,
                       position_of=self._position if self.removed else None)

    def _position(self, serial: int) -> int:
        """The document position of the record with graph key ``serial``."""
        return serial - bisect_left(self.removed, serial)

    def _serial(self, position: int) -> int:
        """The graph key of the record at ``position``: the least fixed point of
        s = position + (removed serials ≤ s), reached from below."""
        removed, serial = self.removed, position
        while True:
            moved = position + bisect_right(removed, serial)
            if moved == serial:
                return serial
            serial = moved

    def _recheck(self, scope: Scope, drop_links: Iterable[int]) -> None:
        """Run every rule on what ``scope`` touched and splice the findings in (see :data:`UNITS`)."""
        scoped, whole = self._context(scope), self._context(None)
        owners_of = {
            "account": scope.accounts, "subject": scope.subjects, "link": set(drop_links),
            "pair": {(u, (v,)) for u, v in scope.pairs},
            "integrity": set(drop_links) | {("definition", a) for a in scope.definitions},
        }
        for rule in self.rules:
            found = self.found[rule.id]
            unit = found.unit
            if unit == "accounts-only" and not scope.definitions:
                continue
            if unit in ("global", "accounts-only"):
                self.found[rule.id] = RuleFindings(unit, [stamp(rule, h, self.lang) for h in rule.check(whole)])
                continue
            found.replace(owners_of[unit], [stamp(rule, h, self.lang) for h in rule.check(scoped)])

    def _unindex(self, u: Any, v: Any, position: int, link: Any) -> None:
        """Take one record out of the index; a mini_program pair keeps the strongest record left."""
        index = self.index
        if not well_typed(link.kind, index.types.get(u), index.types.get(v), index.official_types):
            return
        if link.kind != "mini_program":
            for table, end in ((index.out, u), (index.inn, v)):
                records = table[link.kind][end]
                records[:] = [r for r in records if r[2] != position]
                if not records:
                    del table[link.kind][end]
            return
        records = index.mini_links[u]
        records[:] = [r for r in records if r[2] != position]
        if not records:
            del index.mini_links[u]
        tier = 0
        for key, d in (self.graph._succ[u].get(v) or {}).items():
            if key != position and d["kind"] == "mini_program" and takes_slot(d["link"], True):
                tier = max(tier, 2 if takes_slot(d["link"], False) else 1)
        for table, a, b in ((index.minis_of, u, v), (index.officials_of, v, u)):
            if tier:
                table[a][b] = tier
            elif a in table:
                table[a].pop(b, None)
                if not table[a]:
                    del table[a]

    def _set_ignore(self, position: int, link: Any) -> None:
        key = f"/links/{position}"
        self.ignores.by_pointer.pop(key, None)
        if link.ignore:
            self.ignores.by_pointer[key] = frozenset(link.ignore)
            self.ignores.active = True
