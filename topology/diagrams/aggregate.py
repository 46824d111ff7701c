"""The aggregated view (``render --group-by subject``): one node per subject, not per account.

An ecosystem of thousands of accounts cannot be drawn account by account, but its subjects
can: each node counts its accounts by type, each edge counts the links between two subjects
(its label, and its width), and a subject whose accounts or links have findings is outlined
by the worst of them. Accounts without a subject share one "no subject" node.

DOT ids are stable, for the HTML report to highlight by: a subject's node is
``safe_id("subject", ID)`` (``subject-…``, the same id as its cluster in the account view),
the accounts without a subject ``no-subject``, an edge ``flow-…`` (both ends' ids, encoded).
This module decides the picture; :mod:`topology.diagrams.aggregate_draw` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..links import stands
from ..vocab import ACCOUNT_TYPES, SEVERITY_RANK
from .model import MAX_ACCOUNTS, safe_id, select, shape, too_many

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem

NO_SUBJECT = "no-subject"  # the DOT id of the accounts without a subject (no safe_id starts "no-")
MAX_MESSAGES = 20  # finding lines kept per node or edge for its tooltip; the count says the rest


def worst(findings: dict[str, int]) -> str | None:
    """The worst severity among ``findings`` (severity → count), None for none."""
    return max(findings, key=SEVERITY_RANK.__getitem__) if findings else None


@dataclass
class Group:
    """One subject (``id`` None: the accounts without one) and what its accounts hold."""
    id: str | None
    name: str | None
    kind: str | None
    types: dict[str, int]  # account type → accounts, in ACCOUNT_TYPES order
    inside: int = 0  # standing links between two of its own accounts
    findings: dict[str, int] = field(default_factory=dict)  # error/warning → findings
    messages: list[str] = field(default_factory=list)

    @property
    def severity(self) -> str | None:
        return worst(self.findings)

    @property
    def dot_id(self) -> str:
        return NO_SUBJECT if self.id is None else safe_id("subject", self.id)


@dataclass
class Flow:
    """The standing links from the accounts of one subject to those of another."""
    source: str | None
    target: str | None
    links: int
    findings: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def severity(self) -> str | None:
        return worst(self.findings)

    @property
    def dot_id(self) -> str:
        # \x1f never occurs in an id (no control characters), and "" is no id: injective
        return safe_id("flow", f"{self.source or ''}\x1f{self.target or ''}")


@dataclass
class Aggregate:
    title: str
    valid: bool | None
    counts: dict[str, int]
    groups: list[Group]
    flows: list[Flow]
    rankdir: str = "LR"
    pack: bool = False
    summary: str | None = None  # read by findings_summary, as a Picture's


def aggregate(
    eco: Ecosystem,
    report: Report | None = None,
    *,
    focus: str | None = None,
    depth: int = 1,
    only_findings: bool = False,
    max_accounts: int | None = MAX_ACCOUNTS,
    rankdir: str | None = None,
) -> Aggregate:
    """Group the accounts a view keeps by subject; the guard counts the nodes drawn (subjects)."""
    from ..graph import build_graph

    G = build_graph(eco)
    accounts = {n for n, d in G.nodes(data=True) if d.get("node") == "account"}
    findings = report.findings if report is not None else []
    keep = select(G, accounts, findings, focus=focus, depth=depth, only_findings=only_findings)
    subject_of = {a: G.nodes[a].get("subject") for a in keep}

    groups: dict[str | None, Group] = {}
    for a in sorted(keep):
        sid = subject_of[a]
        group = groups.get(sid)
        if group is None:
            d = G.nodes.get(("subject", sid), {}) if sid is not None else {}
            group = groups[sid] = Group(id=sid, name=d.get("name"), kind=d.get("kind"), types={})
        t = G.nodes[a].get("type")
        group.types[t] = group.types.get(t, 0) + 1
    if max_accounts is not None and len(groups) > max_accounts:
        raise UsageError(too_many(len(groups), max_accounts, "subjects", grouped=True, focus=focus is not None,
                                  only_findings=only_findings))
    for group in groups.values():
        group.types = {t: group.types[t] for t in (*ACCOUNT_TYPES, None) if t in group.types}

    flows: dict[tuple, Flow] = {}
    link_flow: dict[int, tuple] = {}
    for u, v, key, d in G.edges(keys=True, data=True):
        if "link" not in d or u not in keep or v not in keep or not stands(d["link"]):
            continue
        su, sv = subject_of[u], subject_of[v]
        if su == sv and su is not None:
            groups[su].inside += 1
            continue
        pair = (su, sv)
        flow = flows.get(pair)
        if flow is None:
            flow = flows[pair] = Flow(source=su, target=sv, links=0)
        flow.links += 1
        if isinstance(key, int):
            link_flow[key] = pair

    for f in sorted(findings, key=lambda f: f.sort_key()):
        if f.severity not in ("error", "warning"):
            continue
        parts = f.pointer.split("/")
        index = int(parts[2]) if len(parts) >= 3 and parts[1] == "links" and parts[2].isdigit() else None
        if index in link_flow:
            _count(flows[link_flow[index]], f)
        if f.subject is not None and f.subject in groups:
            _count(groups[f.subject], f)
        elif f.account in subject_of:
            _count(groups[subject_of[f.account]], f)

    ordered = sorted(groups.values(), key=lambda g: (g.id is None, g.id or ""))
    flow_list = sorted(flows.values(), key=lambda f: (f.source is None, f.source or "", f.target is None, f.target or ""))
    return Aggregate(
        title=eco.name or (eco.source.name if eco.source else "ecosystem"),
        valid=report.valid if report is not None else None,
        counts=dict(report.counts) if report is not None else {},
        groups=ordered, flows=flow_list,
        **shape([g.dot_id for g in ordered], [(_id(f.source), _id(f.target)) for f in flow_list], rankdir),
    )


def _id(sid: str | None) -> str:
    return NO_SUBJECT if sid is None else safe_id("subject", sid)


def _count(holder: Group | Flow, f) -> None:
    holder.findings[f.severity] = holder.findings.get(f.severity, 0) + 1
    if len(holder.messages) < MAX_MESSAGES:
        holder.messages.append(f"{f.rule}: {f.message}")
