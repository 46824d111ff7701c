"""Change plans: apply an ordered list of changes step by step, say which step breaks what,
and find an order of the same changes in which no step exceeds an association cap.

A changes file (``schemas/changes.schema.json``)::

    {"schema_version": 1, "changes": [
      {"op": "add_account", "account": {"id": "shop-2", "type": "mini_program", "subject": "acme"}},
      {"op": "link", "source": "news", "target": "shop-2", "linked_on": "2026-12-01"},
      {"op": "unlink", "source": "news", "target": "shop-1", "on": "2026-12-01", "note": "old campaign"},
      {"op": "remove_account", "id": "old-shop"}]}

Each change is applied to the document mapping; the changed record is validated through the
document model (records are validated independently of each other, so this is exactly what
validating the whole mapping would say), and the resulting state is validated with the rules.
A change that cannot apply (an unknown account, a link that does not exist, an id added twice,
a record the model rejects) is a :class:`ChangesError` naming its pointer in the changes file.

Findings of two states are matched by (rule, account, subject, related). A counting finding
(one with ``observed``) whose related ids changed is the same finding grown or eased: it counts
as introduced only when its count did not go down.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError

from ..errors import DocumentError, Problem, WxtopoError, problems_text
from ..model import Account, Ignore, Link
from ..sanitize import escape
from ..vocab import plural

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding
    from ..loader import Source
    from ..model import Ecosystem
    from ..ruleset import Ruleset

SCHEMA_VERSION = 1
#: the association caps that ``--reorder`` keeps
CAP_RULES = frozenset({"WX101", "WX102", "WX103"})
#: states ``--reorder`` may check (each one validation) before it gives up
SEARCH_BUDGET = 2000
_KINDS = ("mini_program", "admin", "member", "promotes")
_OPS = ("link", "unlink", "add_account", "remove_account")
AccountRef = Annotated[str, Field(min_length=1, description="An account id: of the document, or added by an earlier change.")]


# -- the changes file ----------------------------------------------------------------------------
class _Change(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    op: str
    note: str | None = Field(default=None, description="Free text shown beside the change in the report.")


class _LinkChange(_Change):
    op: Literal["link"]
    source: AccountRef
    target: AccountRef


class LinkMiniProgram(_LinkChange):
    """Link an official account to a mini-program (公众号关联小程序); `kind` may be left out."""

    kind: Literal["mini_program"] = "mini_program"
    priority: Annotated[int, Field(ge=1)] = 1
    pinned: bool = False
    linked_on: date | None = None
    status: Literal["linked", "pending", "rejected"] = "linked"
    quick_registered: bool = False
    ignore: Ignore


class LinkAdmin(_LinkChange):
    """Add an `admin` link: a personal account administers an official account or mini-program."""

    kind: Literal["admin"]
    ignore: Ignore


class LinkMember(_LinkChange):
    """Add a `member` link: a person follows an enterprise account."""

    kind: Literal["member"]
    verified: bool = False
    ignore: Ignore


class LinkPromotes(_LinkChange):
    """Add a `promotes` link: traffic diversion from one account to another."""

    kind: Literal["promotes"]
    ignore: Ignore


class UnlinkMiniProgram(_Change):
    """Unlink an official account from a mini-program. With `on` the live record is kept as history
    (`unlinked_on`); without, the live record is removed from the document."""

    op: Literal["unlink"]
    kind: Literal["mini_program"] = "mini_program"
    source: AccountRef
    target: AccountRef
    on: date | None = Field(default=None, description="The day of the unlinking: kept as the record's unlinked_on.")


class UnlinkOther(_Change):
    """Remove an `admin`, `member` or `promotes` link (every record of it)."""

    op: Literal["unlink"]
    kind: Literal["admin", "member", "promotes"]
    source: AccountRef
    target: AccountRef


class AddAccount(_Change):
    """Add an account, written exactly as in the document's `accounts` list."""

    op: Literal["add_account"]
    account: Account


class RemoveAccount(_Change):
    """Remove an account and every link that names it."""

    op: Literal["remove_account"]
    id: AccountRef


def _link_tag(value: Any) -> str | None:
    kind = value.get("kind", "mini_program") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if isinstance(kind, str) else json.dumps(kind)


def _unlink_tag(value: Any) -> str | None:
    kind = _link_tag(value)
    return "other" if kind in ("admin", "member", "promotes") else kind


LinkChange = Annotated[
    Union[Annotated[LinkMiniProgram, Tag("mini_program")], Annotated[LinkAdmin, Tag("admin")],
          Annotated[LinkMember, Tag("member")], Annotated[LinkPromotes, Tag("promotes")]],
    Discriminator(_link_tag),
]
UnlinkChange = Annotated[
    Union[Annotated[UnlinkMiniProgram, Tag("mini_program")], Annotated[UnlinkOther, Tag("other")]],
    Discriminator(_unlink_tag),
]
Change = Annotated[Union[LinkChange, UnlinkChange, AddAccount, RemoveAccount], Field(discriminator="op")]


class ChangesFile(BaseModel):
    """An ordered list of changes to an ecosystem document (``wxtopo plan --changes``)."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, title="wxtopo changes")

    schema_ref: str | None = Field(default=None, alias="$schema", description="Ignored; for editors.")
    schema_version: Literal[1]
    changes: list[Change] = Field(description="Applied in this order, each to the state the previous ones left.")


class ChangesError(WxtopoError):
    """A changes file that cannot be read, or a change that cannot be applied (exit 2).

    ``problems`` carry pointers into the changes file; ``step`` is the index of the change that
    could not be applied (None for a file that could not be read); ``steps`` the steps applied
    before it.
    """

    def __init__(self, problems: list[Problem], name: str | None = None, step: int | None = None,
                 steps: Sequence[Step] = ()):
        self.problems = list(problems)
        self.name = name
        self.step = step
        self.steps = list(steps)
        head = f"{escape(name)}: " if name else ""
        what = f"change {step} cannot be applied" if step is not None else plural(len(self.problems), "error")
        super().__init__(problems_text(f"{head}{what}", name, self.problems))


@dataclass
class Changes:
    """A loaded changes file: the changes in order, the file's name and text (for positions)."""

    changes: list[Any]
    name: str | None = None
    source: Source | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.changes)


def load_changes(source: Changes | ChangesFile | str | Path | dict | list | Source, *,
                 name: str | None = None) -> Changes:
    """Read a changes file from a path ('-' for stdin), a mapping, a list of changes or a Source.

    Raises :class:`ChangesError` listing every problem with its pointer (and line and column
    when read from text).
    """
    from .. import arguments as check

    source = check.changes(source, "load_changes", "source")
    check.text(name, "load_changes", "name")

    from ..loader import Source, parse_data, read_source
    from ..model import json_text, mapping_text

    if isinstance(source, Changes):
        return source
    if isinstance(source, ChangesFile):
        return Changes(list(source.changes), name)
    if isinstance(source, list):
        source = {"schema_version": SCHEMA_VERSION, "changes": source}
    if isinstance(source, dict):
        try:
            text = mapping_text(source, name or "<mapping>", "load_changes", "source")
        except DocumentError as exc:  # too deep, NaN
            raise ChangesError(exc.problems, name or "<mapping>") from None
        except TypeError as exc:  # a value JSON cannot hold: a changes error, as it always was
            raise ChangesError([Problem("", f"not a JSON value: {exc}")], name or "<mapping>") from None
        source = Source(name or "<mapping>", text, "json")
    elif not isinstance(source, Source):
        try:
            source = read_source(source)
        except DocumentError as exc:  # unreadable, too large, not text
            raise ChangesError(exc.problems, exc.document) from None
    try:
        data = parse_data(source)  # syntax, duplicate keys, nesting: positioned
    except DocumentError as exc:
        raise ChangesError(exc.problems, source.name) from None
    text = source.text if source.format == "json" else json_text(data, source.name)
    try:
        spec = ChangesFile.model_validate_json(text)
    except ValidationError as exc:
        raise ChangesError(_problems(exc, source), source.name) from None
    return Changes(list(spec.changes), source.name, source)


_TAGS_AFTER = {"account": {"personal", "auxiliary", "subscription", "service", "enterprise", "mini_program"}}


def _problems(exc: ValidationError, source: Source) -> list[Problem]:
    """Pointer-named problems, as the document's are, with this file's discriminator tags taken
    out of the locations."""
    from ..problems import validation_problems as problems

    return problems(exc, source, _relocate)


def _relocate(err: dict, loc: list) -> tuple[list, str | None]:
    """``/changes/2/link/admin/x`` → ``/changes/2/x``; an unknown link kind gets its own message."""
    if len(loc) >= 3 and loc[0] == "changes" and loc[2] in _OPS:
        op = loc.pop(2)
        if op in ("link", "unlink") and len(loc) >= 3 and loc[2] in (*_KINDS, "other"):
            del loc[2]
    for i in range(len(loc) - 1):
        if loc[i] in _TAGS_AFTER and loc[i + 1] in _TAGS_AFTER[loc[i]]:
            del loc[i + 1]
            break
    if err["type"] == "union_tag_invalid" and "(" in str((err.get("ctx") or {}).get("discriminator", "")):
        given = err["input"].get("kind") if isinstance(err.get("input"), dict) else None
        return [*loc, "kind"], f"unknown kind {json.dumps(given, ensure_ascii=False)}; expected one of {', '.join(_KINDS)}"
    return loc, None


# -- describing a change ------------------------------------------------------------------------
def change_dict(change: Any) -> dict[str, Any]:
    """The change as written (fields given, dates as strings)."""
    return change.model_dump(mode="json", by_alias=True, exclude_unset=True)


def summary(change: Any) -> str:
    """``link mini_program news → shop``: one line naming what the change does."""
    if change.op in ("link", "unlink"):
        text = f"{change.op} {change.kind} {change.source} → {change.target}"
        on = getattr(change, "on", None)
        return f"{text} on {on.isoformat()}" if on else text
    if change.op == "add_account":
        return f"add_account {change.account.id} ({change.account.type})"
    return f"remove_account {change.id}"


def _is_removal(change: Any) -> bool:
    return change.op in ("unlink", "remove_account")


# -- applying a change to a state ----------------------------------------------------------------
_LINK = TypeAdapter(Link)


class _Failed(Exception):
    def __init__(self, field: str | None, message: str):
        self.field = field
        self.message = message


class _State:
    """A document as its mapping (``accounts``, ``links`` as lists of dicts) beside its validated
    model; a change makes a new state and leaves this one as it was."""

    __slots__ = ("base", "accounts", "links", "eco")

    def __init__(self, base: dict, accounts: list[dict], links: list[dict], eco: Ecosystem):
        self.base, self.accounts, self.links, self.eco = base, accounts, links, eco

    @classmethod
    def of(cls, eco: Ecosystem) -> _State:
        base = eco.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude={"accounts", "links"})
        accounts = [a.model_dump(mode="json", exclude_unset=True) for a in eco.accounts]
        links = [x.model_dump(mode="json", exclude_unset=True) for x in eco.links]
        state = cls(base, accounts, links, eco.model_copy())
        state.eco._source = None
        return state

    def document(self) -> dict[str, Any]:
        """The state as a document mapping (what ``topology.load`` reads)."""
        return {**self.base, "accounts": list(self.accounts), "links": list(self.links)}

    def _with(self, accounts: list[tuple[dict, Any]] | None, links: list[tuple[dict, Any]] | None) -> _State:
        update: dict[str, Any] = {}
        new_accounts, new_links = self.accounts, self.links
        if accounts is not None:
            new_accounts = [d for d, _ in accounts]
            update["accounts"] = [m for _, m in accounts]
        if links is not None:
            new_links = [d for d, _ in links]
            update["links"] = [m for _, m in links]
        eco = self.eco.model_copy(update=update)
        eco._source = None
        return _State(self.base, new_accounts, new_links, eco)

    def ids(self) -> set[str]:
        return {a.id for a in self.eco.accounts}

    def apply(self, change: Any) -> tuple[_State, int]:
        """The state after ``change`` and how many link records it removed; raises _Failed."""
        op = change.op
        if op == "link":
            ids = self.ids()
            for end in ("source", "target"):
                if getattr(change, end) not in ids:
                    raise _Failed(end, f"unknown account {getattr(change, end)!r}: no account has this id at this step")
            record = change.model_dump(mode="json", exclude_unset=True, exclude={"op", "note"})
            record = {"kind": change.kind, "source": change.source, "target": change.target, **record}
            return self._with(None, [*zip(self.links, self.eco.links), (record, _validate_link(record))]), 0
        if op == "unlink":
            live = [i for i, x in enumerate(self.eco.links)
                    if x.kind == change.kind and x.source == change.source and x.target == change.target
                    and _live(x)]
            if not live:
                raise _Failed(None, f"no live {change.kind} link {change.source} → {change.target} to unlink "
                                    "at this step")
            pairs = list(zip(self.links, self.eco.links))
            on = getattr(change, "on", None)
            if on is None:
                drop = set(live)
                return self._with(None, [p for i, p in enumerate(pairs) if i not in drop]), len(live)
            for i in live:
                record = {**pairs[i][0], "unlinked_on": on.isoformat()}
                pairs[i] = (record, _validate_link(record, "on"))
            return self._with(None, pairs), 0
        if op == "add_account":
            acct = change.account
            if acct.id in self.ids():
                raise _Failed("account/id", f"account {acct.id!r} already exists at this step")
            record = acct.model_dump(mode="json", exclude_unset=True)
            return self._with([*zip(self.accounts, self.eco.accounts), (record, acct)], None), 0
        # remove_account
        gone = change.id
        if gone not in self.ids():
            raise _Failed("id", f"unknown account {gone!r}: no account has this id at this step")
        accounts = [(d, m) for d, m in zip(self.accounts, self.eco.accounts) if m.id != gone]
        links = [(d, m) for d, m in zip(self.links, self.eco.links) if gone not in (m.source, m.target)]
        return self._with(accounts, links), len(self.links) - len(links)


def _live(link: Any) -> bool:
    """A record the link currently is (not an unlinked or refused one)."""
    return getattr(link, "unlinked_on", None) is None and getattr(link, "status", "linked") != "rejected"


def _validate_link(record: dict, field: str | None = None) -> Any:
    try:
        return _LINK.validate_json(json.dumps(record, ensure_ascii=False))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        message = str((err.get("ctx") or {}).get("error", err["msg"]))
        raise _Failed(field, f"the document model rejects the link: {message}") from None


# -- comparing two states --------------------------------------------------------------------------
@dataclass
class Step:
    """One change applied: what it introduced, fixed or eased, and the error count after it.

    ``introduced`` and ``eased`` hold (finding, the same finding before or None).
    """

    index: int
    change: Any
    introduced: list[tuple[Finding, Finding | None]]
    fixed: list[Finding]
    eased: list[tuple[Finding, Finding]]
    counts: dict[str, int]
    removed_links: int = 0

    @property
    def breaks(self) -> bool:
        return bool(self.introduced)

    def caps_introduced(self) -> list[Finding]:
        return [f for f, _ in self.introduced if f.rule in CAP_RULES]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "op": self.change.op, "summary": summary(self.change),
                               "change": change_dict(self.change)}
        if self.removed_links:
            out["removed_links"] = self.removed_links
        out["introduced"] = [_with_before(f, b) for f, b in self.introduced]
        out["fixed"] = [f.to_dict() for f in self.fixed]
        out["eased"] = [_with_before(f, b) for f, b in self.eased]
        out["errors_after"] = self.counts["error"]
        out["counts"] = dict(self.counts)
        return out


def _with_before(f: Finding, before: Finding | None) -> dict[str, Any]:
    out = f.to_dict()
    if before is not None:
        out["before"] = {"observed": before.observed, "related": list(before.related)}
    return out


def _key(f: Finding) -> tuple:
    return (f.rule, f.account, f.subject, f.related)


def compare(before: Sequence[Finding], after: Sequence[Finding]) -> tuple[list, list, list]:
    """(introduced, fixed, eased) between two sorted lists of findings.

    Findings match by (rule, account, subject, related), as many times as they occur. Of the
    rest, a counting finding (``observed`` set) pairs with one of the same (rule, account,
    subject) before: the same finding with a new count, introduced when the count did not go
    down, eased when it did.
    """
    pool: dict[tuple, list[Finding]] = {}
    for f in before:
        pool.setdefault(_key(f), []).append(f)
    new: list[Finding] = []
    for f in after:
        same = pool.get(_key(f))
        if same:
            same.pop(0)
        else:
            new.append(f)
    remaining = {id(f) for same in pool.values() for f in same}
    left = [f for f in before if id(f) in remaining]
    counted: dict[tuple, list[Finding]] = {}
    for f in left:
        if f.observed is not None:
            counted.setdefault((f.rule, f.account, f.subject), []).append(f)
    introduced, eased, paired = [], [], set()
    for f in new:
        earlier = counted.get((f.rule, f.account, f.subject)) if f.observed is not None else None
        if earlier:
            b = earlier.pop(0)
            paired.add(id(b))
            (eased if f.observed < b.observed else introduced).append((f, b))
        else:
            introduced.append((f, None))
    fixed = [f for f in left if id(f) not in paired]
    return introduced, fixed, eased



# -- the result ------------------------------------------------------------------------------------
@dataclass
class Reorder:
    """What ``--reorder`` found: an order (indices into the changes) or why there is none."""

    found: bool
    order: list[int]
    why: str
    reason: str  # given | search | final-cap | dead-end | budget
    exhaustive: bool = True
    states_checked: int = 0
    steps: list[Step] = field(default_factory=list)
    final_caps: list[Finding] = field(default_factory=list)
    prefix: list[int] = field(default_factory=list)
    blocked: list[tuple[int, list[Finding]]] = field(default_factory=list)

    @property
    def first_breaking(self) -> Step | None:
        return next((s for s in self.steps if s.breaks), None)

    def to_dict(self, changes: Sequence[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"found": self.found, "reason": self.reason, "why": self.why,
                               "order": list(self.order),
                               "changes": [{"index": i, "summary": summary(changes[i]),
                                            "change": change_dict(changes[i])} for i in self.order]}
        out["states_checked"] = self.states_checked
        out["exhaustive"] = self.exhaustive
        if self.found:
            first = self.first_breaking
            out["first_breaking"] = _breaking(first)
            out["steps"] = [s.to_dict() for s in self.steps]
        else:
            out["final_caps"] = [f.to_dict() for f in self.final_caps]
            out["prefix"] = list(self.prefix)
            out["blocked"] = [{"index": i, "summary": summary(changes[i]), "breaks": [f.to_dict() for f in fs]}
                              for i, fs in self.blocked]
        return out


def _breaking(step: Step | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"index": step.index, "summary": summary(step.change),
            "breaks": [_with_before(f, b) for f, b in step.introduced]}


@dataclass
class PlanResult:
    """The outcome of :func:`plan`: every step, the first that breaks, and the reorder when asked."""

    document: str | None
    changes_name: str | None
    changes: list[Any]
    ruleset: Ruleset | None
    as_of: date | None
    initial: list[Finding]
    initial_counts: dict[str, int]
    steps: list[Step]
    reorder: Reorder | None = None
    lang: str = "en"
    final: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def initial_errors(self) -> int:
        return len(self.initial)

    @property
    def first_breaking(self) -> Step | None:
        return next((s for s in self.steps if s.breaks), None)

    @property
    def final_errors(self) -> int:
        return self.steps[-1].counts["error"] if self.steps else self.initial_counts["error"]

    def exit_code(self) -> int:
        """0: no step breaks (with a reorder: an order was found and, in it, no step breaks); 1 otherwise."""
        if self.reorder is not None:
            return 0 if self.reorder.found and self.reorder.first_breaking is None else 1
        return 0 if self.first_breaking is None else 1

    def to_dict(self) -> dict[str, Any]:
        from ..engine import TOOL

        out: dict[str, Any] = {"schema_version": 1, "tool": dict(TOOL), "document": self.document,
                               "changes": self.changes_name,
                               "ruleset": self.ruleset.to_dict() if self.ruleset else None,
                               "as_of": self.as_of.isoformat() if self.as_of else None,
                               "initial_errors": self.initial_errors,
                               "initial": [f.to_dict() for f in self.initial],
                               "first_breaking": _breaking(self.first_breaking),
                               "final_errors": self.final_errors,
                               "steps": [s.to_dict() for s in self.steps]}
        if self.reorder is not None:
            out["reorder"] = self.reorder.to_dict(self.changes)
        return out

    def to_json(self) -> str:
        from ..jsonfmt import dumps

        return dumps(self.to_dict())


# -- planning --------------------------------------------------------------------------------------
def plan(
    eco: Ecosystem | str | Path | dict,
    changes: Changes | ChangesFile | str | Path | dict | list,
    ruleset: str | Path | Ruleset | None = None,
    *,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
    rules_as_of: date | str | None = None,
    reorder: bool = False,
    lang: str = "en",
    document: str | None = None,
    budget: int = SEARCH_BUDGET,
) -> PlanResult:
    """Apply ``changes`` to ``eco`` one by one, validating every state with the same ruleset options
    as :func:`topology.validate`.

    Each step records the error findings it introduced (present after it, not before), fixed and
    eased; ``first_breaking`` is the first step that introduced one. Errors of the initial document
    are reported as ``initial`` and are never blamed on a step. With ``reorder``, also looks for an
    order of the same changes in which no step introduces a cap finding (WX101-WX103) and the final
    state has none (see docs/planner-plan.md). Raises :class:`ChangesError` when a change cannot be
    applied, :class:`topology.DocumentError` for a bad document.

    >>> import topology
    >>> eco = {"schema_version": 1, "subjects": [{"id": "acme", "kind": "enterprise"}],
    ...        "accounts": [{"id": "news", "type": "subscription", "subject": "acme"},
    ...                     {"id": "shop", "type": "mini_program", "subject": "acme"}]}
    >>> result = topology.plan(eco, [{"op": "link", "source": "news", "target": "shop"}])
    >>> result.first_breaking is None, result.steps[0].counts["links"]
    (True, 1)
    """
    from .. import arguments as check

    check.ecosystem(eco, "plan", "eco")
    check.changes(changes, "plan", "changes")
    overrides = check.ruleset_options("plan", ruleset, overrides, as_of, rules_as_of)
    check.flag(reorder, "plan", "reorder")
    check.language(lang, "plan")
    check.text(document, "plan", "document")
    check.count(budget, "plan", "budget")

    from ..model import Ecosystem, load
    from ..ruleset import load_ruleset

    if not isinstance(eco, Ecosystem):
        eco = load(eco)
    name = document or (eco.source.name if eco.source else None)
    spec = load_changes(changes)
    rs = load_ruleset(ruleset, overrides)

    def check(state: _State, select: Iterable[str] | None = None) -> Report:
        from ..engine import validate

        return validate(state.eco, rs, as_of=as_of, rules_as_of=rules_as_of, lang=lang, document=name,
                        select=select)

    start = _State.of(eco)
    first = check(start)
    initial = _errors(first)
    steps: list[Step] = []
    state, before = start, initial
    for i, change in enumerate(spec.changes):
        try:
            state, removed = state.apply(change)
        except _Failed as failed:
            raise ChangesError([_plan_problem(spec, i, failed)], spec.name, i, steps) from None
        report = check(state)
        after = _errors(report)
        steps.append(_step(i, change, before, after, report, removed))
        before = after
    result = PlanResult(name, spec.name, list(spec.changes), first.ruleset, first.as_of, initial,
                        _counts(first), steps, lang=lang, final=state.document())
    if reorder:
        result.reorder = _reorder(spec.changes, start, initial, steps, before, check, lang, budget)
    return result


def _errors(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity == "error"]


def _counts(report: Report) -> dict[str, int]:
    c = report.counts
    return {k: c[k] for k in ("accounts", "links", "error", "warning", "info")}


def _step(i: int, change: Any, before: list[Finding], after: list[Finding], report: Report, removed: int) -> Step:
    introduced, fixed, eased = compare(before, after)
    return Step(i, change, introduced, fixed, eased, _counts(report), removed)


def _plan_problem(spec: Changes, i: int, failed: _Failed) -> Problem:
    from ..positions import pointer

    ptr = pointer("changes", i, *(failed.field.split("/") if failed.field else ()))
    pos = None
    if spec.source is not None:
        found = spec.source.locate([ptr, pointer("changes", i)])
        pos = found.get(ptr) or found.get(pointer("changes", i))
    return Problem(ptr, f"{summary(spec.changes[i])}: {failed.message}", *(pos or (None, None)))


# -- reordering ------------------------------------------------------------------------------------
def _predecessors(changes: Sequence[Any]) -> list[set[int]]:
    """For each change, the earlier changes it must stay after.

    Changes of the same (kind, source, target) keep their order (link and unlink do not commute),
    and so do a change that adds or removes an account and every change naming that account.
    Any order that keeps these applies without error when the given order does, and ends in the
    same state (up to the order of the lists).
    """
    last_pair: dict[tuple, int] = {}
    last_define: dict[str, int] = {}
    uses_since: dict[str, list[int]] = {}
    preds: list[set[int]] = []
    for j, c in enumerate(changes):
        mine: set[int] = set()
        if c.op in ("link", "unlink"):
            pair = (c.kind, c.source, c.target)
            if pair in last_pair:
                mine.add(last_pair[pair])
            last_pair[pair] = j
            for acct in {c.source, c.target}:
                if acct in last_define:
                    mine.add(last_define[acct])
                uses_since.setdefault(acct, []).append(j)
        else:
            acct = c.account.id if c.op == "add_account" else c.id
            if acct in last_define:
                mine.add(last_define[acct])
            mine.update(uses_since.pop(acct, []))
            last_define[acct] = j
        preds.append(mine)
    return preds


_GROUP = {"unlink": 0, "remove_account": 0, "add_account": 1, "link": 2}


def _reorder(changes: Sequence[Any], start: _State, initial: list[Finding], steps: list[Step],
             final: list[Finding], check, lang: str, budget: int) -> Reorder:
    words = _WHY[lang]
    # the plan answers for what it adds: cap findings the document had before any change may stay
    # (not grow); with a clean start, this is "no state after any step has a cap finding"
    final_caps = [f for f, _ in compare(initial, final)[0] if f.rule in CAP_RULES]
    if final_caps:
        return Reorder(False, [], words["final"].format(caps=_cap_list(final_caps)), "final-cap",
                       final_caps=final_caps)
    if not any(s.caps_introduced() for s in steps):
        return Reorder(True, list(range(len(changes))), words["given"], "given", steps=list(steps))

    # the search asks only whether a cap breaks: it runs the cap rules alone, then the order it
    # finds is replayed once with every rule for its step-by-step report
    search_check = check
    check = lambda state: search_check(state, CAP_RULES)  # noqa: E731
    initial = [f for f in initial if f.rule in CAP_RULES]
    preds = _predecessors(changes)
    n = len(changes)
    dead: set[frozenset] = set()
    checked = 0
    deepest: tuple[list[int], list[tuple[int, list[Finding]]]] = ([], [])

    class Frame:
        __slots__ = ("applied", "state", "errors", "step", "candidates", "pos", "rejected")

        def __init__(self, applied, state, errors, step):
            self.applied, self.state, self.errors, self.step = applied, state, errors, step
            self.candidates = sorted((i for i in range(n) if i not in applied and preds[i] <= applied),
                                     key=lambda i: (_GROUP[changes[i].op], i))
            self.pos = 0
            self.rejected: list[tuple[int, list[Finding]]] = []

    path = [Frame(frozenset(), start, initial, None)]
    while path:
        top = path[-1]
        if len(top.applied) == n:
            order = [f.step.index for f in path[1:]]
            why = words["search"].format(n=checked)
            return Reorder(True, order, why, "search", states_checked=checked,
                           steps=_replay(changes, order, start, search_check))
        if top.pos >= len(top.candidates):
            if len(path) - 1 >= len(deepest[0]) and top.rejected:
                deepest = ([f.step.index for f in path[1:]], list(top.rejected))
            dead.add(top.applied)
            path.pop()
            continue
        i = top.candidates[top.pos]
        top.pos += 1
        applied = top.applied | {i}
        if applied in dead:
            continue
        if checked >= budget:
            return Reorder(False, [], words["budget"].format(n=checked), "budget", exhaustive=False,
                           states_checked=checked)
        try:
            state, removed = top.state.apply(changes[i])
        except _Failed:  # cannot happen for an order that keeps the predecessors; never taken
            continue
        checked += 1
        report = check(state)
        after = _errors(report)
        step = _step(i, changes[i], top.errors, after, report, removed)
        caps = step.caps_introduced()
        if caps:
            top.rejected.append((i, caps))
            continue
        if _is_removal(changes[i]):
            # a removal never adds to a cap, and moving it earlier never hurts an order that works:
            # if nothing completes after it, nothing completes here either
            top.pos = len(top.candidates)
        path.append(Frame(applied, state, after, step))
    prefix, blocked = deepest
    shown = "; ".join(f"#{i} {summary(changes[i])} ({_cap_list(fs)})" for i, fs in blocked)
    after = ", ".join(f"#{i}" for i in prefix) or words["start"]
    return Reorder(False, [], words["dead"].format(after=after, blocked=shown), "dead-end",
                   states_checked=checked, prefix=prefix, blocked=blocked)


def _replay(changes: Sequence[Any], order: list[int], start: _State, check) -> list[Step]:
    """The step-by-step report of ``order``, every rule run (the search ran the cap rules only)."""
    state, before, steps = start, _errors(check(start)), []
    for i in order:
        state, removed = state.apply(changes[i])
        report = check(state)
        after = _errors(report)
        steps.append(_step(i, changes[i], before, after, report, removed))
        before = after
    return steps


def _cap_list(findings: Iterable[Finding]) -> str:
    return ", ".join(f"{f.rule} {f.account}: {f.observed} > {f.limit}" for f in findings)


_WHY = {
    "en": {
        "given": "the given order already keeps every cap",
        "search": "removals first, then the other changes where they fit ({n} states checked)",
        "final": "no order exists: the final state exceeds a cap whatever the order ({caps})",
        "dead": "no order exists: after {after}, every change that may go next exceeds a cap: {blocked}",
        "budget": "no order found: gave up after checking {n} states",
        "start": "the start",
    },
    "zh": {
        "given": "原顺序已满足所有关联上限",
        "search": "先解除关联，再在不超限的位置执行其余变更（检查了 {n} 个状态）",
        "final": "不存在可行顺序：无论顺序如何，最终状态都超过上限（{caps}）",
        "dead": "不存在可行顺序：执行 {after} 之后，每个可以接着执行的变更都会超过上限：{blocked}",
        "budget": "未找到可行顺序：检查 {n} 个状态后放弃",
        "start": "起点",
    },
}


# -- rendering -------------------------------------------------------------------------------------
_WORDS = {
    "en": {"title": "wxtopo plan", "plan": "Plan: {nc} to {doc} from {changes}",
           "ruleset": "ruleset {name}, as of {as_of}", "initial": "Initial state: {ne}",
           "initial_note": " (present before any change; not blamed on a step)",
           "ok": "ok", "breaks": "BREAKS", "errors_after": "{ne} after",
           "first": "First breaking step: #{i} {summary}", "none": "No step introduces an error.",
           "fixed": "fixed", "eased": "eased", "was": "was {n}", "reorder": "Reorder",
           "found": "Found an order in which no step exceeds a cap (WX101-WX103): {why}.",
           "not_found": "Result: {why}.", "then_breaks": "In this order, step #{i} still breaks: {what}",
           "then_ok": "In this order, no step introduces an error.", "order": "Order",
           "step": "#", "change": "change", "result": "result", "introduced": "introduced",
           "errors": "errors after", "final": "Final state: {ne}", "removed": "removes {nl}", "sep": ", "},
    "zh": {"title": "wxtopo 变更计划", "plan": "计划：对 {doc} 执行 {changes} 中的 {n} 项变更",
           "ruleset": "规则集 {name}，评估日期 {as_of}", "initial": "初始状态：{n} 个错误",
           "initial_note": "（变更前已存在，不归咎于任何一步）",
           "ok": "正常", "breaks": "出错", "errors_after": "之后 {n} 个错误",
           "first": "第一个出错的步骤：#{i} {summary}", "none": "没有任何一步引入错误。",
           "fixed": "已修复", "eased": "已缓解", "was": "原为 {n}", "reorder": "重新排序",
           "found": "找到一个每一步都不超过关联上限（WX101-WX103）的顺序：{why}。",
           "not_found": "结果：{why}。", "then_breaks": "按此顺序，第 #{i} 步仍会出错：{what}",
           "then_ok": "按此顺序，没有任何一步引入错误。", "order": "顺序",
           "step": "#", "change": "变更", "result": "结果", "introduced": "引入",
           "errors": "之后错误数", "final": "最终状态：{n} 个错误", "removed": "移除 {n} 条关联", "sep": "，"},
}


def _plain(text: object) -> str:
    """Text safe on a terminal: control characters shown as escapes (:func:`topology.sanitize.escape`)."""
    return escape(str(text))


def _finding_text(f: Finding, before: Finding | None, words: dict) -> str:
    was = f" ({words['was'].format(n=before.observed)})" if before is not None and before.observed is not None else ""
    return f"{f.rule} {f.name}: {_plain(f.message)}{was}"


def render_text(result: PlanResult, lang: str = "en") -> str:
    w = _WORDS[lang]
    out = [w["plan"].format(n=len(result.changes), nc=plural(len(result.changes), "change"), doc=_plain(result.document or "-"),
                            changes=_plain(result.changes_name or "-"))
           + f" ({w['ruleset'].format(name=_plain(result.ruleset.name if result.ruleset else '-'), as_of=result.as_of)})"]
    line = w["initial"].format(n=result.initial_errors, ne=plural(result.initial_errors, "error"))
    out.append(line + (w["initial_note"] if result.initial_errors else ""))
    for f in result.initial:
        out.append(f"    {_finding_text(f, None, w)}")
    out.append("")
    out += _steps_text(result.steps, w)
    out.append("")
    first = result.first_breaking
    if first is None:
        out.append(w["none"])
    else:
        out.append(w["first"].format(i=first.index, summary=_plain(summary(first.change))))
        for f, b in first.introduced:
            out.append(f"    {_finding_text(f, b, w)}")
    out.append(w["final"].format(n=result.final_errors, ne=plural(result.final_errors, "error")))
    if result.reorder is not None:
        r = result.reorder
        out.append("")
        out.append(f"{w['reorder']}:")
        if r.found:
            out.append(w["found"].format(why=_plain(r.why)))
            out.append(f"{w['order']}: " + " ".join(f"#{i}" for i in r.order))
            out.append("")
            out += _steps_text(r.steps, w)
            out.append("")
            rb = r.first_breaking
            out.append(w["then_ok"] if rb is None else w["then_breaks"].format(
                i=rb.index, what="; ".join(_finding_text(f, b, w) for f, b in rb.introduced)))
        else:
            out.append(w["not_found"].format(why=_plain(r.why)))
    return "\n".join(out) + "\n"


def _steps_text(steps: Sequence[Step], w: dict) -> list[str]:
    out = []
    width = max((len(_plain(summary(s.change))) for s in steps), default=0)
    for s in steps:
        label = _plain(summary(s.change))
        status = w["breaks"] if s.breaks else w["ok"]
        note = f"  ({_plain(s.change.note)})" if s.change.note else ""
        out.append(f"  #{s.index:<3} {label:<{width}}  {status}{w['sep']}{w['errors_after'].format(n=s.counts['error'], ne=plural(s.counts['error'], 'error'))}{note}")
        if s.removed_links:
            out.append(f"        {w['removed'].format(n=s.removed_links, nl=plural(s.removed_links, 'link'))}")
        for f, b in s.introduced:
            out.append(f"        + {_finding_text(f, b, w)}")
        for f in s.fixed:
            out.append(f"        - {f.rule} {f.name} {_plain(f.account or f.subject or '')}: {w['fixed']}")
        for f, b in s.eased:
            out.append(f"        ~ {_finding_text(f, b, w)} {w['eased']}")
    return out


def render_markdown(result: PlanResult, lang: str = "en") -> str:
    from ..formats.markdown import escape

    w = _WORDS[lang]
    out = [f"## {escape(w['title'])}: {escape(result.document or '-')}", ""]
    out.append(escape(w["plan"].format(n=len(result.changes), nc=plural(len(result.changes), "change"), doc=result.document or "-",
                                       changes=result.changes_name or "-"))
               + f" ({escape(w['ruleset'].format(name=result.ruleset.name if result.ruleset else '-', as_of=result.as_of))})")
    out.append("")
    out.append(escape(w["initial"].format(n=result.initial_errors, ne=plural(result.initial_errors, "error")))
               + (escape(w["initial_note"]) if result.initial_errors else ""))
    out.append("")
    out += _steps_markdown(result.steps, w)
    out.append("")
    first = result.first_breaking
    out.append(f"**{escape(w['none'])}**" if first is None else
               f"**{escape(w['first'].format(i=first.index, summary=summary(first.change)))}**")
    out.append("")
    if result.reorder is not None:
        r = result.reorder
        out += [f"### {escape(w['reorder'])}", ""]
        if r.found:
            out += [escape(w["found"].format(why=r.why)), ""]
            out += _steps_markdown(r.steps, w)
            rb = r.first_breaking
            out += ["", escape(w["then_ok"] if rb is None else w["then_breaks"].format(
                i=rb.index, what="; ".join(f"{f.rule} {f.message}" for f, _ in rb.introduced))), ""]
        else:
            out += [escape(w["not_found"].format(why=r.why)), ""]
    return "\n".join(out)


def _steps_markdown(steps: Sequence[Step], w: dict) -> list[str]:
    from ..formats.markdown import escape

    rows = [f"| {escape(w['step'])} | {escape(w['change'])} | {escape(w['result'])} | {escape(w['introduced'])} "
            f"| {escape(w['fixed'])} | {escape(w['errors'])} |", "| --- | --- | --- | --- | --- | --- |"]
    for s in steps:
        change = escape(summary(s.change))
        if s.change.note:
            change += f"<br>{escape(s.change.note)}"
        introduced = "<br>".join(f"{f.rule} {escape(f.message)}" for f, _ in s.introduced) or "-"
        fixed = "<br>".join(f"{f.rule} {escape(f.account or f.subject or '')}" for f in s.fixed) or "-"
        status = w["breaks"] if s.breaks else w["ok"]
        rows.append(f"| {s.index} | {change} | {escape(status)} | {introduced} | {fixed} | {s.counts['error']} |")
    return rows


def render(result: PlanResult, fmt: str = "text", lang: str = "en") -> str:
    """The report in ``text``, ``json`` or ``markdown``."""
    if fmt == "json":
        return result.to_json()
    if fmt == "markdown":
        return render_markdown(result, lang)
    return render_text(result, lang)


def error_dict(exc: ChangesError, document: str | None) -> dict[str, Any]:
    """The JSON printed for a changes file that cannot be read or a change that cannot apply."""
    from ..engine import TOOL

    return {"schema_version": 1, "tool": dict(TOOL), "document": document, "changes": exc.name,
            "failed_step": exc.step, "errors": [p.to_dict() for p in exc.problems],
            "steps": [s.to_dict() for s in exc.steps]}
