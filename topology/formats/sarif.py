"""``--format sarif``: one SARIF 2.1.0 run for every document given (GitHub code scanning).

Rules come from the registry; each finding is a result located by line and column (in
characters, hence ``columnKind: unicodeCodePoints``) where its pointer resolves; documents
that cannot be read become tool execution notifications. Fingerprints hash the rule, the
account and the related ids, never a line, so a finding keeps its identity across edits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..engine import dumps

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..findings import Finding
    from ..rules.registry import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "wxtopo/v1"


def render(reports: Sequence[Report], **_: object) -> str:
    from ..rules import all_rules

    rules = all_rules()
    index = {r.id: n for n, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        uri = artifact_uri(report.document)
        for p in report.errors:
            note: dict[str, Any] = {"level": "error", "message": {"text": p.message}}
            note["locations"] = [_location(uri, (p.line, p.column) if p.line is not None else None)]
            if p.pointer:
                note["properties"] = {"pointer": p.pointer}
            notifications.append(note)
        positions = report.positions()
        for f in report.findings:
            results.append(_result(f, index[f.rule], uri, positions.get(f.pointer)))
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {"name": "wxtopo", "version": __version__, "semanticVersion": __version__,
                            "rules": [rule_descriptor(r) for r in rules]}},
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
    """sha256 of rule, account and sorted related ids: stable when lines move."""
    key = "\x1f".join([f.rule, f.account or "", *sorted(f.related)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    text = f"{rule.title['en']}\n\n{rule.summary}\n\n{rule.rationale['en']}\n\nFix: {rule.fix['en']}"
    markdown = (
        f"**{rule.id} {rule.name}**: {rule.title['en']}\n\n{rule.summary}\n\n"
        f"{rule.rationale['en']}\n\n> {rule.seed}\n\n**Fix:** {rule.fix['en']}"
    )
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title["en"]},
        "fullDescription": {"text": rule.summary},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"title_zh": rule.title["zh"], "seed": rule.seed},
    }


def _location(uri: str, where: tuple[int, int] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if where is not None:
        physical["region"] = {"startLine": where[0], "startColumn": where[1]}
    return {"physicalLocation": physical}


def _result(f: Finding, rule_index: int, uri: str, where: tuple[int, int] | None) -> dict[str, Any]:
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
        "partialFingerprints": {FINGERPRINT: fingerprint(f)},
        "properties": props,
    }
