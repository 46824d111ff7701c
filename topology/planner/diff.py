"""What changed between two versions of a document, and what that did to its findings.

:func:`diff` matches the subjects, accounts and links of OLD and NEW, validates both (NEW
with OLD as its previous document, so WX601 account-type-changed runs) and matches their findings.
The result, a :class:`Diff`, prints as text, JSON or Markdown and draws as a diagram
(:func:`topology.diagrams.diff.render_diff`). Everything is sorted: the same two documents
give byte-identical output.

Matching (docs/planner-diff.md):

- subjects and accounts by ``id`` (a repeated id: its records in document order);
- links by (``kind``, ``source``, ``target``); where a triple has several records (history:
  unlinked, then linked again), records with the same ``linked_on`` pair first, in document
  order; a record without ``linked_on`` then pairs with one that has it (the date was filled
  in or cleared); two records with different dates are two associations: removed and added;
- a matched pair whose dumped fields differ is *changed* (``fields``: name → [old, new]);
- findings by :func:`topology.planner.compare.compare`, the comparison ``plan`` makes too:
  introduced, worsened (a count or the related ids grew), eased, fixed, and gone with an
  account or subject NEW no longer has.

The result is data: ``to_dict``/``to_json`` here; :func:`topology.formats.diff.render` writes it
as text or Markdown and :func:`topology.diagrams.diff.render_diff` draws it.

>>> import topology
>>> old = {"schema_version": 1, "subjects": [{"id": "s", "kind": "enterprise"}],
...        "accounts": [{"id": "news", "type": "subscription", "subject": "s"}]}
>>> new = {"schema_version": 1, "subjects": [{"id": "s", "kind": "enterprise"}],
...        "accounts": [{"id": "news", "type": "service", "subject": "s"}]}
>>> d = topology.diff(old, new, as_of="2026-11-25")
>>> [(c.id, c.type_changed) for c in d.accounts.changed], [f.rule for f in d.introduced], d.exit_code()
([('news', True)], ['WX601'], 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..jsonfmt import dumps
from .compare import Comparison, compare, removed_owners, with_before

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding
    from ..model import Ecosystem
    from ..ruleset import Ruleset

DIFF_SCHEMA_VERSION = 1
STATES = ("added", "removed", "changed")
_LIST = {"subject": "subjects", "account": "accounts", "link": "links"}
#: the fields that identify a record (compared by matching, never reported as changed)
_IDENTITY = {"subject": ("id",), "account": ("id",), "link": ("kind", "source", "target")}


# -- the result -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordChange:
    """One subject, account or link added, removed or changed between OLD and NEW (not to be
    confused with a change of a changes file, :data:`topology.planner.changes.PlannedChange`)."""

    what: str  # "subject", "account" or "link"
    old: Any  # the record in OLD (None: added)
    new: Any  # the record in NEW (None: removed)
    old_index: int | None
    new_index: int | None
    #: field → (old, new) of a changed record, as the models dump them (JSON values)
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def record(self) -> Any:
        """The record as it is now (NEW), or as it was (OLD) when removed."""
        return self.new if self.new is not None else self.old

    @property
    def id(self) -> str:
        """The id of a subject or account; ``kind:source→target`` of a link."""
        r = self.record
        return f"{r.kind}:{r.source}→{r.target}" if self.what == "link" else r.id

    @property
    def pointer(self) -> str:
        """Where the record is: in NEW, or in OLD when removed."""
        index = self.new_index if self.new is not None else self.old_index
        return f"/{_LIST[self.what]}/{index}"

    @property
    def old_pointer(self) -> str | None:
        return None if self.old is None else f"/{_LIST[self.what]}/{self.old_index}"

    @property
    def linked_on(self) -> str | None:
        """A link's ``linked_on`` as ISO text (None when absent, or not a link)."""
        return _linked_on(self.record) if self.what == "link" else None

    @property
    def type_changed(self) -> bool:
        return self.what == "account" and "type" in self.fields

    def sort_key(self) -> tuple:
        r = self.record
        index = self.new_index if self.new is not None else self.old_index
        if self.what == "link":
            return (r.source, r.target, r.kind, _linked_on(r) or "", index)
        return (r.id, index)

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        if self.what == "subject":
            out: dict[str, Any] = {"id": r.id, "kind": r.kind, "name": r.name}
        elif self.what == "account":
            out = {"id": r.id, "type": r.type, "name": r.name}
        else:
            out = {"kind": r.kind, "source": r.source, "target": r.target, "linked_on": _linked_on(r)}
        out["pointer"] = self.pointer
        if self.state == "changed":
            out["old_pointer"] = self.old_pointer
            if self.what == "account":
                out["type_changed"] = self.type_changed
            out["fields"] = {k: [a, b] for k, (a, b) in self.fields.items()}
        return out


@dataclass
class Section:
    """The added, removed and changed records of one list (subjects, accounts or links)."""

    added: list[RecordChange] = field(default_factory=list)
    removed: list[RecordChange] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)}

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {state: [c.to_dict() for c in getattr(self, state)] for state in STATES}


@dataclass
class Diff:
    """The difference between two versions of a document (see the module docstring)."""

    old: str | None  # the documents' names (their paths, as given)
    new: str | None
    old_report: Report
    new_report: Report
    subjects: Section
    accounts: Section
    links: Section
    findings: Comparison  # OLD's findings against NEW's (NEW's pointers, OLD's for fixed and gone)
    lang: str = "en"
    old_eco: Ecosystem | None = field(default=None, repr=False)
    new_eco: Ecosystem | None = field(default=None, repr=False)

    @property
    def ruleset(self) -> Ruleset | None:
        return self.new_report.ruleset

    @property
    def introduced(self) -> list[Finding]:
        """In NEW and not in OLD."""
        return self.findings.introduced

    @property
    def worsened(self) -> list[tuple[Finding, Finding]]:
        """(NEW's, OLD's) of a finding whose count or related ids grew."""
        return self.findings.worsened

    @property
    def eased(self) -> list[tuple[Finding, Finding]]:
        return self.findings.eased

    @property
    def fixed(self) -> list[Finding]:
        """In OLD and not in NEW, its account still there."""
        return self.findings.fixed

    @property
    def gone(self) -> list[Finding]:
        """In OLD, of an account (or subject) NEW no longer has: gone with it, not fixed."""
        return self.findings.gone

    @property
    def unchanged_count(self) -> int:
        return self.findings.unchanged

    @property
    def introduced_errors(self) -> list[Finding]:
        return [f for f in self.introduced if f.severity == "error"]

    @property
    def failing(self) -> list[Finding]:
        """The error findings NEW introduced or worsened: what makes the diff exit 1."""
        return self.findings.failing()

    @property
    def empty(self) -> bool:
        """Nothing added, removed or changed, and no finding introduced, worsened, eased, fixed or gone."""
        f = self.findings
        return not (self.subjects or self.accounts or self.links or f.introduced or f.worsened or f.eased
                    or f.fixed or f.gone)

    def exit_code(self) -> int:
        """1 when an error-severity finding is introduced or worsened, else 0 (2, a document error, never gets here)."""
        return 1 if self.failing else 0

    def counts(self) -> dict[str, Any]:
        return {"subjects": self.subjects.counts(), "accounts": self.accounts.counts(), "links": self.links.counts(),
                "findings": {**self.findings.counts(), "introduced_errors": len(self.introduced_errors),
                             "failing_errors": len(self.failing)}}

    def to_dict(self) -> dict[str, Any]:
        from ..engine import TOOL

        old, new = self.old_report, self.new_report
        return {
            "schema_version": DIFF_SCHEMA_VERSION, "tool": dict(TOOL),
            "old": self.old, "new": self.new,
            "ruleset": self.ruleset.to_dict() if self.ruleset else None,
            "as_of": {"old": _iso(old.as_of), "new": _iso(new.as_of)},
            "valid": {"old": old.valid, "new": new.valid},
            "subjects": self.subjects.to_dict(),
            "accounts": self.accounts.to_dict(),
            "links": self.links.to_dict(),
            "findings": {"introduced": [f.to_dict() for f in self.introduced],
                         "worsened": [with_before(f, b) for f, b in self.worsened],
                         "eased": [with_before(f, b) for f, b in self.eased],
                         "fixed": [f.to_dict() for f in self.fixed],
                         "gone": [f.to_dict() for f in self.gone],
                         "unchanged_count": self.unchanged_count},
            "counts": self.counts(),
        }

    def to_json(self) -> str:
        return dumps(self.to_dict())


# -- computing it ---------------------------------------------------------------------------
def diff(
    old: Ecosystem | str | Path | dict,
    new: Ecosystem | str | Path | dict,
    ruleset: str | Path | Ruleset | None = None,
    *,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
    rules_as_of: date | str | None = None,
    lang: str = "en",
) -> Diff:
    """Compare two versions of an ecosystem document.

    ``old`` and ``new`` are Ecosystems, paths or mappings. Both are validated with the same
    ruleset options as :func:`topology.validate` (``as_of`` None: each document's own date);
    NEW with OLD as its previous document, so a type change brings WX601. Raises DocumentError for a
    document that cannot be read and UsageError for a bad option.
    """
    from .. import arguments as check

    check.ecosystem(old, "diff", "old")
    check.ecosystem(new, "diff", "new")
    overrides = check.ruleset_options("diff", ruleset, overrides, as_of, rules_as_of)
    check.language(lang, "diff")

    from ..document import load
    from ..engine import validate
    from ..errors import UsageError
    from ..model import Ecosystem
    from ..ruleset import load_ruleset

    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}; use en or zh")
    old_eco = old if isinstance(old, Ecosystem) else load(old)
    new_eco = new if isinstance(new, Ecosystem) else load(new)
    rs = load_ruleset(ruleset, overrides)  # once: a ruleset file is read once, a bad one fails first
    options = {"as_of": as_of, "rules_as_of": rules_as_of, "lang": lang}
    old_report = validate(old_eco, rs, **options)
    new_report = validate(new_eco, rs, baseline=old_eco, **options)
    gone = removed_owners({a.id for a in old_eco.accounts}, {a.id for a in new_eco.accounts},
                          {x.id for x in old_eco.subjects}, {x.id for x in new_eco.subjects})
    findings = compare(old_report.findings, new_report.findings, gone)
    return Diff(
        old=old_report.document, new=new_report.document, old_report=old_report, new_report=new_report,
        subjects=_section("subject", old_eco.subjects, new_eco.subjects, _by_order),
        accounts=_section("account", old_eco.accounts, new_eco.accounts, _by_order),
        links=_section("link", old_eco.links, new_eco.links, _pair_links),
        findings=findings, lang=lang,
        old_eco=old_eco, new_eco=new_eco,
    )


Indexed = tuple[int, Any]  # (index in its list, record)
Pairing = Callable[[list[Indexed], list[Indexed]], tuple[list[tuple[Indexed, Indexed]], list[Indexed], list[Indexed]]]


def _section(what: str, old: Sequence[Any], new: Sequence[Any], pair: Pairing) -> Section:
    key = _match_key(what)
    groups: dict[Any, tuple[list[Indexed], list[Indexed]]] = {}
    for side, records in ((0, old), (1, new)):
        for i, r in enumerate(records):
            groups.setdefault(key(r), ([], []))[side].append((i, r))
    out = Section()
    for olds, news in groups.values():
        pairs, removed, added = pair(olds, news)
        out.added += [RecordChange(what, None, r, None, i) for i, r in added]
        out.removed += [RecordChange(what, r, None, i, None) for i, r in removed]
        for (i, a), (j, b) in pairs:
            fields = _changed_fields(what, a, b)
            if fields:
                out.changed.append(RecordChange(what, a, b, i, j, fields))
    for changes in (out.added, out.removed, out.changed):
        changes.sort(key=RecordChange.sort_key)
    return out


def _match_key(what: str) -> Callable[[Any], Any]:
    if what == "link":
        return lambda r: (r.kind, r.source, r.target)
    return lambda r: r.id


def _by_order(olds: list[Indexed], news: list[Indexed]):
    """Records of one id: the k-th of OLD with the k-th of NEW (a repeated id is WX002)."""
    n = min(len(olds), len(news))
    return list(zip(olds[:n], news[:n])), olds[n:], news[n:]


def _pair_links(olds: list[Indexed], news: list[Indexed]):
    """Records of one (kind, source, target): equal ``linked_on`` first, in document order;
    then an undated record with a dated one; records of two different dates stay apart."""
    from collections import deque

    by_date: dict[str | None, deque[Indexed]] = {}
    for item in olds:
        by_date.setdefault(_linked_on(item[1]), deque()).append(item)
    pairs: list[tuple[Indexed, Indexed]] = []
    left_new: list[Indexed] = []
    for item in news:
        queue = by_date.get(_linked_on(item[1]))
        if queue:
            pairs.append((queue.popleft(), item))
        else:
            left_new.append(item)
    # an undated NEW record is left only when every undated OLD one is taken, and vice versa
    undated = deque(by_date.pop(None, ()))
    dated = deque(sorted((o for q in by_date.values() for o in q), key=lambda o: o[0]))
    still_new = []
    for item in left_new:
        queue = dated if _linked_on(item[1]) is None else undated
        if queue:
            pairs.append((queue.popleft(), item))
        else:
            still_new.append(item)
    return pairs, sorted([*undated, *dated], key=lambda o: o[0]), still_new


def _changed_fields(what: str, a: Any, b: Any) -> dict[str, tuple[Any, Any]]:
    if a == b:  # same model class and field values: nothing to dump
        return {}
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    keys = list(db) + [k for k in da if k not in db]
    skip = _IDENTITY[what]
    return {k: (da.get(k), db.get(k)) for k in keys if k not in skip and da.get(k) != db.get(k)}


def _linked_on(link: Any) -> str | None:
    value = getattr(link, "linked_on", None)
    return value.isoformat() if value is not None else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
