"""``--format sarif``: one SARIF 2.1.0 run for every document given (GitHub code scanning).

Rules come from the registry; each finding is a result located by line and column (in
characters, hence ``columnKind: unicodeCodePoints``) where its pointer resolves; documents
that cannot be read become tool execution notifications. Fingerprints hash the rule and
the account (never a line, never the related ids), so code scanning keeps tracking one
alert while lines move and links come and go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..engine import dumps
from ..version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding
    from ..rules.registry import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "wxtopo/v1"


def render(reports: Sequence[Report], *, lang: str = "en", **_: object) -> str:
    from ..rules import all_rules

    rules = all_rules()
    docs = rule_docs_base()
    index = {r.id: n for n, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        uri = artifact_uri(report.document)
        for p in report.errors:
            note: dict[str, Any] = {"level": "error", "message": {"text": p.text(lang)}}
            note["locations"] = [_location(uri, (p.line, p.column) if p.line is not None else None)]
            if p.pointer:
                note["properties"] = {"pointer": p.pointer}
            notifications.append(note)
        positions = report.positions()
        for f, print_ in zip(report.findings, fingerprints(report.findings)):
            results.append(_result(f, index[f.rule], uri, positions.get(f.pointer), print_))
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {"name": "wxtopo", "version": __version__, "semanticVersion": __version__,
                            "rules": [rule_descriptor(r, docs) for r in rules]}},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return dumps({"$schema": SCHEMA, "version": VERSION, "runs": [run]})


def artifact_uri(document: str | None) -> str:
    """The input as a URI reference: the path as given ('/'-separated, escaped), '-' → stdin."""
    if not document or document == "-":
        return "stdin"
    path = document.replace("\\", "/")
    if len(path) > 1 and path[1] == ":":  # a Windows drive: file:///C:/...
        return "file:///" + quote(path, safe="/:")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")


def fingerprint(f: Finding) -> str:
    """sha256 of the rule and the owner of :meth:`Finding.identity`: the account, else the subject,
    else the entity its pointer lies in (a link, a broadcast). Lines and related ids stay out.
    """
    i = f.identity()
    kind, who = i.owner
    return hashlib.sha256(f"{i.rule}\x1f{kind}:{who}".encode()).hexdigest()


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding; the second and later findings sharing one get ``:2``, ``:3``
    (in report order), as GitHub does for its own line hashes, so no two results collide."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = fingerprint(f)
        n = seen[base] = seen.get(base, 0) + 1
        out.append(base if n == 1 else f"{base}:{n}")
    return out


#: project URL labels (pyproject ``[project.urls]``) that name the source repository
REPOSITORY_LABELS = ("repository", "source", "source code", "code")


def rule_docs_base() -> str | None:
    """Where ``docs/rules/`` is published: ``$WXTOPO_RULE_DOCS`` (a URL prefix) if set, else the
    installed package's repository URL + ``/blob/HEAD/docs/rules``; None when neither is configured
    (then results carry no ``helpUri``: better none than a guessed one)."""
    import os

    base = os.environ.get("WXTOPO_RULE_DOCS", "").strip()
    if base:
        return base.rstrip("/")
    from importlib import metadata

    try:
        urls = metadata.metadata("wechat-topology").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in REPOSITORY_LABELS and url.strip().startswith(("https://", "http://")):
            return url.strip().rstrip("/").removesuffix(".git") + "/blob/HEAD/docs/rules"
    return None


def rule_descriptor(rule: Rule, docs: str | None = None) -> dict[str, Any]:
    """A ``reportingDescriptor``: the rule page in short, with ``helpUri`` → ``{docs}/WXnnn.md``."""
    seed = f"> {rule.seed}\n>\n> *{rule.gloss}*\n\n" if rule.seed else ""
    said = f"Seed sentence: {rule.seed} ({rule.gloss})\n\n" if rule.seed else ""
    text = f"{rule.title['en']}\n\n{rule.summary}\n\n{rule.rationale['en']}\n\n{said}Fix: {rule.fix['en']}"
    markdown = (
        f"**{rule.id} {rule.name}**: {rule.title['en']}\n\n{rule.summary}\n\n"
        f"{rule.rationale['en']}\n\n{seed}**Fix:** {rule.fix['en']}"
    )
    out = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title["en"]},
        "fullDescription": {"text": rule.summary},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"title_zh": rule.title["zh"], "seed": rule.seed, "gloss": rule.gloss},
    }
    if docs:
        out["helpUri"] = f"{docs}/{rule.id}.md"  # IDs are WX + digits: nothing to escape
    return out


def _location(uri: str, where: tuple[int, int] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if where is not None:
        physical["region"] = {"startLine": where[0], "startColumn": where[1]}
    return {"physicalLocation": physical}


def _result(f: Finding, rule_index: int, uri: str, where: tuple[int, int] | None, print_: str) -> dict[str, Any]:
    props: dict[str, Any] = {"pointer": f.pointer, "account": f.account, "related": list(f.related)}
    if f.subject is not None:
        props["subject"] = f.subject
    if f.observed is not None:
        props["observed"] = f.observed
        props["limit"] = f.limit
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [_location(uri, where)],
        "partialFingerprints": {FINGERPRINT: print_},
        "properties": props,
    }
