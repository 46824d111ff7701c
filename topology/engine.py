"""Run the rules over a graph and turn what they yield into a sorted, stamped Report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._gc import bulk_allocation
from .dates import today
from .errors import DocumentError, Problem, UsageError
from .findings import Finding
from .jsonfmt import dumps
from .loader import Source
from .rules import all_rules, resolve_selectors
from .rules.context import Context
from .rules.registry import Rule
from .suppressions import Suppressions, load_suppressions
from .version import __version__
from .vocab import SEVERITY_RANK, fill

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .model import Ecosystem
    from .ruleset import Ruleset

REPORT_SCHEMA_VERSION = 1
TOOL = {"name": "wxtopo", "version": __version__}


@dataclass
class Report:
    """The outcome of validating one document (the report: ``wxtopo schema report``).

    ``errors`` is non-empty only for a document that could not be read; then there are
    no findings and no counts.
    """

    document: str | None
    findings: list[Finding] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    ruleset: Ruleset | None = None
    as_of: date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    source: Source | None = field(default=None, repr=False)
    #: (id, name) of the rules that ran, in ID order (JUnit lists passing rules too)
    rules_run: tuple[tuple[str, str], ...] = ()

    @property
    def valid(self) -> bool:
        """True when the document was read and no finding has severity ``error``."""
        return not self.errors and not any(f.severity == "error" for f in self.findings)

    @classmethod
    def from_error(cls, error: DocumentError, document: str | None = None) -> Report:
        return cls(document=document or error.document, errors=list(error.problems))

    def positions(self) -> dict[str, tuple[int, int]]:
        """(line, column) of each finding's pointer in the source text, where it resolves."""
        if self.source is None:
            return {}
        return self.source.locate(f.pointer for f in self.findings)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 clean, 1 a finding at or above ``fail_on``, 2 a document error."""
        if self.errors:
            return 2
        floor = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= floor for f in self.findings) else 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": REPORT_SCHEMA_VERSION, "tool": dict(TOOL),
                               "document": self.document}
        if self.errors:
            out["valid"] = False
            out["errors"] = [p.to_dict() for p in self.errors]
            out["findings"] = []
            return out
        out["ruleset"] = self.ruleset.to_dict() if self.ruleset else None
        out["as_of"] = self.as_of.isoformat() if self.as_of else None
        out["valid"] = self.valid
        out["counts"] = dict(self.counts)
        out["findings"] = [f.to_dict() for f in self.findings]
        return out

    def to_json(self) -> str:
        return dumps(self.to_dict())


def validate(
    eco: Ecosystem | str | Path,
    ruleset: str | Path | Ruleset | None = None,
    *,
    baseline: Ecosystem | str | Path | None = None,
    as_of: date | str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    overrides: dict[str, Any] | list[str] | None = None,
    lang: str = "en",
    graph: nx.MultiDiGraph | None = None,
    document: str | None = None,
    suppressions: Suppressions | str | Path | dict | None = None,
    rules_as_of: date | str | None = None,
) -> Report:
    """Check an ecosystem against the rule catalogue.

    ``ruleset`` is a built-in name, a ruleset file or a Ruleset; ``overrides`` sets
    parameters on top (as ``--set`` does). ``as_of`` overrides the document's own date
    (else today, UTC); ``rules_as_of`` picks the ruleset values in force on that day (default:
    the evaluation date). ``select``/``ignore`` take IDs, names or prefixes like ``WX3``.
    ``baseline`` is the previous version of the document (``--previous``; enables WX601).
    ``suppressions`` is a suppressions file (a file, its parsed mapping or a
    :class:`~topology.suppressions.Suppressions`): matching findings are dropped and
    counted as suppressed, and each entry matching nothing is reported as WX007.

    >>> import topology
    >>> report = topology.validate(topology.load({"schema_version": 1,
    ...     "subjects": [{"id": "me", "kind": "individual"}],
    ...     "accounts": [{"id": "care", "type": "service", "subject": "me"}]}))
    >>> [f.rule for f in report.findings], report.valid
    (['WX201', 'WX205'], False)
    """
    from . import arguments as check

    check.ecosystem(eco, "validate", "eco")
    check.ruleset(ruleset, "validate")
    check.ecosystem(baseline, "validate", "baseline", optional=True)
    check.day(as_of, "validate", "as_of")
    select = check.selectors(select, "validate", "select")
    ignore = check.selectors(ignore, "validate", "ignore")
    overrides = check.overrides(overrides, "validate")
    check.language(lang, "validate")
    check.graph(graph, "validate")
    check.text(document, "validate", "document")
    check.suppressions(suppressions, "validate", "suppressions")
    check.day(rules_as_of, "validate", "rules_as_of")

    from .document import load
    from .graph import build_graph
    from .model import Ecosystem

    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}; use en or zh")
    if not isinstance(eco, Ecosystem):
        eco = load(eco)
    if baseline is not None and not isinstance(baseline, Ecosystem):
        baseline = load(baseline)
    rs, when = ruleset_for(eco, ruleset, overrides, as_of, rules_as_of)
    G = graph if graph is not None else build_graph(eco)

    name = document or (eco.source.name if eco.source else None)
    baseline_file = load_suppressions(suppressions) if suppressions is not None else None
    # a rule whose input is missing (no --previous, no --suppressions) does not run: JUnit does
    # not list it as passed, and suppressions entries of it are not stale
    chosen = [r for r in selected_rules(select, ignore)
              if (baseline is not None or not r.needs_baseline) and (baseline_file is not None or not r.needs_suppressions)]
    suppress = InlineIgnores(eco)
    findings: list[Finding] = []
    suppressed = 0

    def run(rules: list[Rule], ctx: Context) -> None:
        nonlocal suppressed
        for rule in rules:
            for hit in rule.check(ctx):
                finding = stamp(rule, hit, lang)
                if suppress.covers(finding):
                    suppressed += 1
                else:
                    findings.append(finding)

    with bulk_allocation():
        ctx = Context(eco, G, rs.parameters, when, baseline)
        run([r for r in chosen if not r.needs_suppressions], ctx)
        if baseline_file is not None:  # WX007 and its like run on what the baseline left stale
            findings, dropped, stale = baseline_file.apply(findings, name, (r.id for r in chosen))
            suppressed += dropped
            run([r for r in chosen if r.needs_suppressions],
                ctx.after_suppressions(stale, baseline_file.name or "suppressions"))
        findings.sort(key=Finding.sort_key)
    counts = {"subjects": len(eco.subjects), "accounts": len(eco.accounts), "links": len(eco.links),
              "error": 0, "warning": 0, "info": 0, "suppressed": suppressed}
    for f in findings:
        counts[f.severity] += 1
    return Report(document=name, findings=findings, ruleset=rs, as_of=when, counts=counts, source=eco.source,
                  rules_run=tuple((r.id, r.name) for r in chosen))


def ruleset_for(eco: Ecosystem, ruleset: str | Path | Ruleset | None, overrides: dict[str, Any] | list[str] | None,
                as_of: date | str | None, rules_as_of: date | str | None) -> tuple[Ruleset, date]:
    """(the ruleset with the values in force, the evaluation date) for ``eco``: what ``validate``
    and the planners count against.

    The evaluation date is ``as_of``, else the document's ``as_of``, else today (UTC). The values
    are those in force on ``rules_as_of``, else on the day a given Ruleset was resolved for, else
    on the evaluation date.
    """
    from .ruleset import Ruleset, load_ruleset

    rs = load_ruleset(ruleset, overrides)
    when = _as_date(as_of) or eco.as_of or today()
    pinned = rs.rules_as_of if isinstance(ruleset, Ruleset) else None
    return rs.at(_as_date(rules_as_of) or pinned or when), when


def apply_suppressions(report: Report, suppressions: Suppressions) -> Report:
    """The report without the findings ``suppressions`` matches (counted as suppressed).

    For a suppressions file written from this very report (``--write-suppressions``): no entry can be
    stale, so no rule needs to run again.
    """
    if report.errors:
        return report
    kept, dropped, _ = suppressions.apply(report.findings, report.document)
    counts = dict(report.counts)
    for f in report.findings:
        counts[f.severity] -= 1
    for f in kept:
        counts[f.severity] += 1
    counts["suppressed"] = counts.get("suppressed", 0) + dropped
    return replace(report, findings=kept, counts=counts)


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        if len(value) != 10:  # fromisoformat also takes 20261125 and 2026-W48-3
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"invalid date {value!r}: use YYYY-MM-DD") from None


def selected_rules(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[Rule]:
    """The rules ``select``/``ignore`` leave, in ID order (validate and the incremental checker)."""
    rules = all_rules()
    wanted = resolve_selectors(select) if select else {r.id for r in rules}
    if ignore:
        wanted -= resolve_selectors(ignore)
    return [r for r in rules if r.id in wanted]


def stamp(rule: Rule, hit: Any, lang: str) -> Finding:
    """The finding a rule's hit makes: ID, severity and message stamped in ``lang``."""
    template = rule.variants[hit.variant][lang] if hit.variant else rule.message[lang]
    values = {"account": hit.account, "observed": hit.observed, "limit": hit.limit,
              "subject": hit.subject, "related": ", ".join(hit.related)}
    values.update(hit.args)
    return Finding(
        rule=rule.id, name=rule.name, severity=hit.severity or rule.severity,
        message=fill(template, values, lang), account=hit.account, related=hit.related,
        pointer=hit.pointer or "", observed=hit.observed, limit=hit.limit, subject=hit.subject,
    )


class InlineIgnores:
    """The document's own per-entity ``ignore`` lists (not a --suppressions file): of the
    finding's account, its subject, or the entity its pointer lies in (a link, a subject, an
    account)."""

    def __init__(self, eco: Ecosystem | None = None):
        self.by_pointer: dict[str, frozenset[str]] = {}
        self.by_account: dict[str, frozenset[str]] = {}
        self.by_subject: dict[str, frozenset[str]] = {}
        #: whether any list was given (the incremental checker sets it when a change adds one)
        self.active = False
        if eco is not None:
            for where, items in (("subjects", eco.subjects), ("accounts", eco.accounts), ("links", eco.links)):
                self.add(where, ((i, getattr(x, "id", None), x.ignore) for i, x in enumerate(items) if x.ignore))

    def add(self, where: str, lists: Iterable[tuple[int, str | None, Iterable[str]]]) -> None:
        """Take the ``ignore`` lists of one table (``subjects``, ``accounts``, ``links``): (position, id,
        rule IDs) in document order; an id defined twice keeps its first definition's list."""
        index = {"subjects": self.by_subject, "accounts": self.by_account}.get(where)
        for i, id_, rules in lists:
            ids = frozenset(rules)
            if not ids:
                continue
            self.by_pointer[f"/{where}/{i}"] = ids
            self.active = True
            if index is not None:
                index.setdefault(id_, ids)

    def covers(self, f: Finding) -> bool:
        if not self.active:
            return False
        # of Finding.identity: the rule with the account, the subject or the entity, whichever lists it
        i = f.identity()
        if i.account is not None and i.rule in self.by_account.get(i.account, ()):
            return True
        if i.subject is not None and i.rule in self.by_subject.get(i.subject, ()):
            return True
        return i.rule in self.by_pointer.get(i.entity, ())
