"""What changed between two versions of a document, and what that did to its findings.

:func:`diff` matches the subjects, accounts and links of OLD and NEW, validates both (NEW
with OLD as its baseline, so WX601 account-type-changed runs) and matches their findings.
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
- findings by (rule, account), else (rule, subject), else (rule, related), with multiplicity:
  equal messages pair first, then the rest in report order.

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

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from ..jsonfmt import dumps
from ..sanitize import escape
from ..vocab import plural

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem
    from ..ruleset import Ruleset

DIFF_SCHEMA_VERSION = 1
STATES = ("added", "removed", "changed")
_LIST = {"subject": "subjects", "account": "accounts", "link": "links"}
#: the fields that identify a record (compared by matching, never reported as changed)
_IDENTITY = {"subject": ("id",), "account": ("id",), "link": ("kind", "source", "target")}


# -- the result -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One subject, account or link added, removed or changed between OLD and NEW."""

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

    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

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
    introduced: list[Finding]  # in NEW and not in OLD (NEW's pointers)
    fixed: list[Finding]  # in OLD and not in NEW (OLD's pointers)
    unchanged_count: int  # findings matched in both
    lang: str = "en"
    old_eco: Ecosystem | None = field(default=None, repr=False)
    new_eco: Ecosystem | None = field(default=None, repr=False)

    @property
    def ruleset(self) -> Ruleset | None:
        return self.new_report.ruleset

    @property
    def introduced_errors(self) -> list[Finding]:
        return [f for f in self.introduced if f.severity == "error"]

    @property
    def empty(self) -> bool:
        """Nothing added, removed or changed, and no finding introduced or fixed."""
        return not (self.subjects or self.accounts or self.links or self.introduced or self.fixed)

    def exit_code(self) -> int:
        """1 when an error-severity finding is introduced, else 0 (2, a document error, never gets here)."""
        return 1 if self.introduced_errors else 0

    def counts(self) -> dict[str, Any]:
        return {"subjects": self.subjects.counts(), "accounts": self.accounts.counts(), "links": self.links.counts(),
                "findings": {"introduced": len(self.introduced), "fixed": len(self.fixed),
                             "unchanged": self.unchanged_count, "introduced_errors": len(self.introduced_errors)}}

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
                         "fixed": [f.to_dict() for f in self.fixed],
                         "unchanged_count": self.unchanged_count},
            "counts": self.counts(),
        }

    def to_json(self) -> str:
        return dumps(self.to_dict())

    def to_text(self) -> str:
        return render_text(self)

    def to_markdown(self) -> str:
        return render_markdown(self)

    def render(self, format: str = "svg", *, layout: str = "dot", lang: str | None = None) -> bytes:
        """The diff diagram: dot, mmd, or (through Graphviz) svg, png, pdf bytes."""
        from ..diagrams.diff import render_diff

        return render_diff(self, format=format, layout=layout, lang=lang or self.lang)


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
    NEW with OLD as its baseline, so a type change brings WX601. Raises DocumentError for a
    document that cannot be read and UsageError for a bad option.
    """
    from .. import arguments as check

    check.ecosystem(old, "diff", "old")
    check.ecosystem(new, "diff", "new")
    overrides = check.ruleset_options("diff", ruleset, overrides, as_of, rules_as_of)
    check.language(lang, "diff")

    from ..engine import validate
    from ..errors import UsageError
    from ..model import Ecosystem, load
    from ..ruleset import load_ruleset

    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}; use en or zh")
    old_eco = old if isinstance(old, Ecosystem) else load(old)
    new_eco = new if isinstance(new, Ecosystem) else load(new)
    rs = load_ruleset(ruleset, overrides)  # once: a ruleset file is read once, a bad one fails first
    options = {"as_of": as_of, "rules_as_of": rules_as_of, "lang": lang}
    old_report = validate(old_eco, rs, **options)
    new_report = validate(new_eco, rs, baseline=old_eco, **options)
    introduced, fixed, unchanged = match_findings(old_report.findings, new_report.findings)
    return Diff(
        old=old_report.document, new=new_report.document, old_report=old_report, new_report=new_report,
        subjects=_section("subject", old_eco.subjects, new_eco.subjects, _by_order),
        accounts=_section("account", old_eco.accounts, new_eco.accounts, _by_order),
        links=_section("link", old_eco.links, new_eco.links, _pair_links),
        introduced=introduced, fixed=fixed, unchanged_count=unchanged, lang=lang,
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
        out.added += [Change(what, None, r, None, i) for i, r in added]
        out.removed += [Change(what, r, None, i, None) for i, r in removed]
        for (i, a), (j, b) in pairs:
            fields = _changed_fields(what, a, b)
            if fields:
                out.changed.append(Change(what, a, b, i, j, fields))
    for changes in (out.added, out.removed, out.changed):
        changes.sort(key=Change.sort_key)
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


def finding_key(f: Finding) -> tuple:
    """What identifies a finding across versions: (rule, account), else (rule, subject), else (rule, related)."""
    if f.account is not None:
        return (f.rule, "account", f.account)
    if f.subject is not None:
        return (f.rule, "subject", f.subject)
    return (f.rule, "related", tuple(f.related))


def match_findings(old: Iterable[Finding], new: Iterable[Finding]) -> tuple[list[Finding], list[Finding], int]:
    """(introduced, fixed, unchanged count): findings matched by :func:`finding_key` with multiplicity.

    Within one key equal messages pair first, then the rest in the order given (a report's
    findings are sorted): two WX001 on an account before and three after is one introduced,
    the one whose message is new. The two lists returned are sorted.
    """
    groups: dict[tuple, tuple[list[Finding], list[Finding]]] = {}
    for side, findings in ((0, old), (1, new)):
        for f in findings:
            groups.setdefault(finding_key(f), ([], []))[side].append(f)
    introduced: list[Finding] = []
    fixed: list[Finding] = []
    unchanged = 0
    for olds, news in groups.values():  # each in the order given: a report's, which is sorted
        by_message: dict[str, list[int]] = {}
        for i, o in reversed(list(enumerate(olds))):
            by_message.setdefault(o.message, []).append(i)  # popped from the end: report order
        taken: set[int] = set()
        left = []
        for f in news:
            same = by_message.get(f.message)
            if same:
                taken.add(same.pop())
            else:
                left.append(f)
        rest = [o for i, o in enumerate(olds) if i not in taken]
        n = min(len(rest), len(left))
        unchanged += len(taken) + n
        introduced += left[n:]
        fixed += rest[n:]
    introduced.sort(key=Finding.sort_key)
    fixed.sort(key=Finding.sort_key)
    return introduced, fixed, unchanged


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# -- text and Markdown ----------------------------------------------------------------------
_WORDS = {
    "en": {"title": "wxtopo diff", "subjects": "subjects", "accounts": "accounts", "links": "links",
           "findings": "findings", "added": "added", "removed": "removed", "changed": "changed",
           "introduced": "introduced", "fixed": "fixed", "unchanged": "unchanged",
           "type_changed": "type changed", "no_changes": "no change",
           "error": "error", "warning": "warning", "info": "info", "change": "change", "id": "id",
           "type": "type", "kind": "kind", "name": "name", "details": "details", "source": "source",
           "target": "target", "linked_on": "linked on", "rule": "rule", "severity": "severity",
           "account": "account", "message": "message", "document": "(document)", "old": "old",
           "h_subjects": "Subjects", "h_accounts": "Accounts", "h_links": "Links",
           "h_introduced": "Findings introduced", "h_fixed": "Findings fixed",
           "result_bad": "{count}: exit 1", "result_ok": "no new error",
           "identical": "The documents are the same: nothing added, removed or changed; "
                        "no finding introduced or fixed."},
    "zh": {"title": "wxtopo 差异", "subjects": "主体", "accounts": "账号", "links": "关联",
           "findings": "发现", "added": "新增", "removed": "删除", "changed": "更改",
           "introduced": "新出现", "fixed": "已修复", "unchanged": "未变",
           "type_changed": "类型被更改", "no_changes": "无变化",
           "error": "错误", "warning": "警告", "info": "提示", "change": "变化", "id": "id",
           "type": "类型", "kind": "种类", "name": "名称", "details": "详情", "source": "源",
           "target": "目标", "linked_on": "关联日期", "rule": "规则", "severity": "级别",
           "account": "账号", "message": "说明", "document": "（文档）", "old": "旧",
           "h_subjects": "主体", "h_accounts": "账号", "h_links": "关联",
           "h_introduced": "新出现的发现", "h_fixed": "已修复的发现",
           "result_bad": "新出现 {n} 个错误：退出码 1", "result_ok": "没有新错误",
           "identical": "两份文档相同：没有新增、删除或更改，也没有新出现或修复的发现。"},
}
_MARK = {"added": "+", "removed": "-", "changed": "~"}
_SEP = {"en": ", ", "zh": "，"}


def _value(v: Any) -> str:
    """A dumped field value, one line: JSON (strings quoted, null for absent)."""
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _clean(text: Any) -> str:
    """User text for a terminal: control characters shown escaped (:func:`topology.sanitize.escape`)."""
    return escape(str(text))


def _counts_line(section: Section, lang: str) -> str:
    w = _WORDS[lang]
    if not section:
        return w["no_changes"]
    return _SEP[lang].join(f"{len(getattr(section, s))} {w[s]}" for s in STATES)


def _describe(c: Change) -> str:
    r = c.record
    if c.what == "subject":
        return f"{r.id} ({r.kind})" + (f" {r.name}" if r.name else "")
    if c.what == "account":
        return f"{r.id} ({r.type})" + (f" {r.name}" if r.name else "")
    when = _linked_on(r)
    return f"{r.kind} {r.source} → {r.target}" + (f" ({when})" if when else "")


def render_text(d: Diff) -> str:
    """The diff for a terminal: a header, each section's changes, the findings, a result line."""
    w = _WORDS[d.lang]
    out = [f"{w['title']}: {_clean(d.old)} → {_clean(d.new)}"]
    for what, section in (("subjects", d.subjects), ("accounts", d.accounts), ("links", d.links)):
        out.append(f"{w[what]}: {_counts_line(section, d.lang)}")
        for state in STATES:
            for c in getattr(section, state):
                extra = f"  [{w['type_changed']}: WX601]" if c.type_changed else ""
                where = f"{w['old']} {c.pointer}" if state == "removed" else c.pointer  # OLD's index
                out.append(f"  {_MARK[state]} {_clean(_describe(c))}  {where}{extra}")
                for name, (a, b) in c.fields.items():
                    out.append(f"      {name}: {_clean(_value(a))} → {_clean(_value(b))}")
    sep = _SEP[d.lang]
    out.append(f"{w['findings']}: {len(d.introduced)} {w['introduced']}{sep}{len(d.fixed)} {w['fixed']}{sep}"
               f"{d.unchanged_count} {w['unchanged']}")
    for state, findings in (("introduced", d.introduced), ("fixed", d.fixed)):
        if findings:
            out.append(f"  {w[state]}:")
            for f in findings:
                where = f.account or (f"subject {f.subject}" if f.subject else w["document"])
                out.append(f"    {w[f.severity]:<7} {f.rule} {f.name}  {_clean(where)} {f.pointer}: "
                           f"{_clean(f.message)}")
    errors = len(d.introduced_errors)
    out.append(w["result_bad"].format(n=errors, count=plural(errors, "new error")) if errors else w["result_ok"])
    return "\n".join(out) + "\n"


def render_markdown(d: Diff) -> str:
    """The diff for a pull-request comment: every name escaped, so none can break a table."""
    from ..formats.markdown import escape

    w = _WORDS[d.lang]
    out = [f"## {w['title']}", "", f"{escape(d.old or '-')} → {escape(d.new or '-')}", ""]
    rows = [[w[what], *getattr(d, what).counts().values()] for what in ("subjects", "accounts", "links")]
    out += _table(["", w["added"], w["removed"], w["changed"]], rows)
    out.append("")
    out += _table(["", w["introduced"], w["fixed"], w["unchanged"]],
                  [[w["findings"], len(d.introduced), len(d.fixed), d.unchanged_count]])
    if d.empty:
        out += ["", w["identical"]]
    for what, section in (("subjects", d.subjects), ("accounts", d.accounts), ("links", d.links)):
        if not section:
            continue
        out += ["", f"### {w['h_' + what]}", ""]
        rows = []
        for state in STATES:
            for c in getattr(section, state):
                r = c.record
                details = "<br>".join(f"{escape(k)}: {escape(_value(a))} → {escape(_value(b))}"
                                      for k, (a, b) in c.fields.items())
                if c.type_changed:
                    details = f"**{w['type_changed']} (WX601)**<br>" + details
                if what == "links":
                    rows.append([w[state], escape(r.kind), escape(r.source), escape(r.target),
                                 escape(_linked_on(r) or ""), details])
                else:
                    kind = r.kind if what == "subjects" else r.type
                    rows.append([w[state], escape(r.id), escape(kind), escape(r.name or ""), details])
        if what == "links":
            out += _table([w["change"], w["kind"], w["source"], w["target"], w["linked_on"], w["details"]], rows)
        else:
            out += _table([w["change"], w["id"], w["kind"] if what == "subjects" else w["type"], w["name"],
                           w["details"]], rows)
    for state, findings in (("introduced", d.introduced), ("fixed", d.fixed)):
        if not findings:
            continue
        out += ["", f"### {w['h_' + state]}", ""]
        out += _table([w["rule"], w["severity"], w["account"], w["message"]], [
            [f"{f.rule} {escape(f.name)}", w[f.severity],
             escape(f.account or (f.subject if f.subject else w["document"])), escape(f.message)]
            for f in findings])
    errors = len(d.introduced_errors)
    out += ["", f"**{w['result_bad'].format(n=errors, count=plural(errors, 'new error'))}**" if errors else w["result_ok"]]
    return "\n".join(out) + "\n"


def _table(header: Sequence[object], rows: list[Sequence[object]]) -> list[str]:
    def row(cells: Sequence[object]) -> str:
        return "| " + " | ".join(str(c) for c in cells) + " |"

    return [row(header), row(["---"] * len(header)), *(row(r) for r in rows)]
