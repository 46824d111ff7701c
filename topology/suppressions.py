"""Suppressions files: record today's findings once, then report only new ones.

A team adopting wxtopo on an ecosystem that already breaks rules writes the current
findings to a file (``--write-suppressions``), commits it, and validates with
``--suppressions`` from then on: matching findings are dropped and counted as
suppressed; an entry that matches nothing any more is itself reported (WX007), so the
file shrinks as problems get fixed.

An entry is keyed on what a finding is about, never on where it sits in the file:
the rule, the account (or the subject, for findings about a subject), and the sorted
related ids. Line numbers and JSON pointers move with every edit; these ids do not.

>>> from topology.findings import Finding
>>> f = Finding("WX102", "official-same-subject-cap", "error", "…", "oa", ("m1", "m2"), "/accounts/0")
>>> s = Suppressions.from_findings([f])
>>> print(s.dumps(), end="")
{
  "schema_version": 1,
  "suppressions": [
    {"rule": "WX102", "account": "oa", "related": ["m1", "m2"]}
  ]
}
>>> kept, suppressed, stale = s.apply([f], document=None)
>>> kept, suppressed, stale
([], 1, [])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DocumentError, UsageError
from .jsonfmt import compact_json

if TYPE_CHECKING:  # pragma: no cover
    from .findings import Finding

SCHEMA_VERSION = 1
#: Rules never written to a suppressions file: a stale entry is fixed by deleting it, not by suppressing it.
UNRECORDED = frozenset({"WX007"})


class Entry(BaseModel):
    """One suppressed finding: rule, account or subject, related ids (and the document, when
    the file covers several)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    rule: Annotated[str, Field(pattern=r"^WX[0-9]{3}$", description="the rule ID")]
    account: str | None = Field(None, description="the finding's account (null when it names none)")
    subject: str | None = Field(None, description="the finding's subject, recorded only when it names no account")
    related: list[str] = Field(default_factory=list, description="the finding's related ids, sorted")
    document: str | None = Field(
        None, description="the document path as given on the command line; absent: every document")
    reason: str | None = Field(None, description="why this finding is accepted (kept when the file is rewritten)")

    def key(self) -> tuple:
        return (self.rule, self.account, self.subject, tuple(sorted(self.related)))

    def label(self) -> str:
        """``WX102 oa [m1, m2]``: how a person recognises the entry."""
        who = self.account if self.account is not None else (f"subject {self.subject}" if self.subject else "-")
        related = f" [{', '.join(sorted(self.related))}]" if self.related else ""
        return f"{self.rule} {who}{related}"

    def sort_key(self) -> tuple:
        return (self.document or "", self.rule, self.account or "", self.subject or "", sorted(self.related))


class SuppressionsFile(BaseModel):
    """A suppressions file (``--suppressions``), written by ``--write-suppressions``."""

    model_config = ConfigDict(extra="forbid", strict=True, title="wxtopo suppressions")

    schema_ref: str | None = Field(default=None, alias="$schema", description="Ignored; for editors.")
    schema_version: Literal[1]
    suppressions: list[Entry]


def finding_key(f: Finding) -> tuple:
    """What an entry matches, as :meth:`Entry.key`: of :meth:`Finding.identity`, the rule, the
    account (else the subject) and the sorted related ids; never a line, never a pointer."""
    i = f.identity()
    return (i.rule, i.account, i.subject if i.account is None else None, i.related)


class Suppressions:
    """A loaded suppressions file: entries in file order, matched against findings per document."""

    def __init__(self, entries: Sequence[Entry] = (), name: str | None = None):
        self.entries = list(entries)
        self.name = name

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Suppressions({self.name!r}, {len(self.entries)} entries)"

    @classmethod
    def from_findings(cls, findings: Iterable[Finding], document: str | None = None,
                      reasons: Suppressions | None = None) -> Suppressions:
        """Entries for these findings, deduplicated and sorted; ``reasons`` carries over the
        reason of an old entry that still matches."""
        from .arguments import each, require
        from .findings import Finding

        findings = each(findings, Finding, "Suppressions.from_findings", "findings", "an iterable of Finding objects")
        require(document, (str, None), "Suppressions.from_findings", "document", "a string or None")
        require(reasons, (Suppressions, None), "Suppressions.from_findings", "reasons", "a Suppressions or None")

        old: dict[tuple, str] = {}
        for e in reasons.entries if reasons else ():
            if e.reason:
                old[(e.document, e.key())] = e.reason
                old.setdefault((None, e.key()), e.reason)
        seen: dict[tuple, Entry] = {}
        for f in findings:
            if f.rule in UNRECORDED:
                continue
            key = finding_key(f)
            if (document, key) in seen:
                continue
            reason = old.get((document, key)) or old.get((None, key))  # unscoped entries cover every document
            seen[(document, key)] = Entry(rule=f.rule, account=f.account,
                                          subject=f.subject if f.account is None else None,
                                          related=sorted(f.related), document=document, reason=reason)
        return cls(sorted(seen.values(), key=Entry.sort_key))

    @classmethod
    def merge(cls, parts: Iterable[Suppressions]) -> Suppressions:
        entries = [e for part in parts for e in part.entries]
        return cls(sorted(entries, key=Entry.sort_key))

    def apply(self, findings: Sequence[Finding], document: str | None,
              rules: Iterable[str] | None = None) -> tuple[list[Finding], int, list[tuple[int, Entry]]]:
        """Drop the findings an entry matches: (kept, how many dropped, unmatched (index, entry)).

        Entries scoped to another document, or of a rule that did not run (``rules``: the IDs
        that ran; None: all), are neither applied nor stale here.
        """
        match = self.matcher(document, rules)
        kept = [f for f in findings if not match.drops(f)]
        return kept, len(findings) - len(kept), match.stale()

    def matcher(self, document: str | None, rules: Iterable[str] | None = None) -> Matcher:
        """A :class:`Matcher` for findings arriving one at a time (the columnar engines stream)."""
        ran = None if rules is None else frozenset(rules)
        return Matcher([(i, e) for i, e in enumerate(self.entries)
                        if (e.document is None or e.document == document) and (ran is None or e.rule in ran)])

    def unchecked(self, reports: Sequence[Any]) -> Suppressions:
        """The entries a run over ``reports`` could not have re-checked, to keep as they are
        when the file is refreshed: entries of rules that did not run (``--select``,
        ``--ignore``, no ``--previous``) and entries scoped to a document the run did not read."""
        documents = {r.document for r in reports}
        ran = frozenset.intersection(*(frozenset(rule for rule, _ in r.rules_run) for r in reports)) \
            if reports else frozenset()
        return Suppressions([e for e in self.entries
                             if e.rule not in ran or (e.document is not None and e.document not in documents)],
                            self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION,
                "suppressions": [e.model_dump(exclude_none=True) for e in self.entries]}

    def dumps(self) -> str:
        """The file's one layout: sorted entries, one per line (one diff line per finding)."""
        return compact_json(self.to_dict()) + "\n"


def load_suppressions(source: Suppressions | str | Path | dict) -> Suppressions:
    """A suppressions file from a path, a parsed mapping or a Suppressions; a bad file raises UsageError
    naming every problem with its pointer, line and column."""
    from .arguments import suppressions

    suppressions(source, "load_suppressions", "source")

    from .loader import read_data
    from .problems import validation_problems
    from .sanitize import display_path, escape

    if isinstance(source, Suppressions):
        return source
    name, src = None, None
    if isinstance(source, (str, PurePath)):
        name = display_path(source)
        try:
            data, src = read_data(source)
        except DocumentError as exc:
            raise UsageError.of("suppressions_unreadable", {"name": escape(name)}, exc.problems, name) from None
    else:  # parsed data: the model says what is wrong with anything but a mapping of the right shape
        data = source
    try:
        spec = SuppressionsFile.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, src)
        shown = escape(name or "<mapping>")
        raise UsageError.of("suppressions_errors", {"name": shown, "n": len(problems)}, problems,
                            name or "<mapping>") from None
    return Suppressions(spec.suppressions, name)


class Matcher:
    """Which findings the entries of one run drop, one finding at a time; then which entries
    matched nothing (:meth:`stale`)."""

    def __init__(self, entries: list[tuple[int, Entry]]):
        self.entries = entries
        self.wanted: dict[tuple, list[int]] = {}
        for i, e in entries:
            self.wanted.setdefault(e.key(), []).append(i)
        self.used: set[int] = set()
        self.dropped = 0

    def drops(self, f: Finding) -> bool:
        """Whether an entry matches ``f`` (and remember that it did)."""
        if not self.wanted:
            return False
        hits = self.wanted.get(finding_key(f))
        if hits is None:
            return False
        self.used.update(hits)
        self.dropped += 1
        return True

    def stale(self) -> list[tuple[int, Entry]]:
        """(index, entry) of the entries that matched no finding so far."""
        return [(i, e) for i, e in self.entries if i not in self.used]
