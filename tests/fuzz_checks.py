"""Every library entry point on one :class:`tests.fuzzing.Case`, with the properties a user relies
on: a result or a documented error (never another exception), outputs that parse, and the same
outputs for the same input.

:func:`outputs` runs everything once and returns each output (or the documented error's text)
by name; :func:`check` runs it twice and compares.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import yaml

import topology
from tests.diagrams import decode_safe_id, parse_dot, parse_mermaid
from tests.fuzzing import Case
from tests.helpers import OBEYED
from topology.diagrams.diff import render_diff
from topology.diagrams.model import MAX_ACCOUNTS
from topology.formats import FORMATS
from topology.formats import render as render_reports
from topology.formats.diff import render as render_diff_report
from topology.formats.headroom import render as render_headroom
from topology.formats.plan import render as render_plan
from topology.formats.repair import render as render_repair
from topology.planner.plan import ChangesError

#: the errors the library documents: a bad document, a bad option or ruleset, a change that cannot apply
DOCUMENTED = (topology.DocumentError, topology.UsageError, ChangesError)
CAPS = ("WX101", "WX102", "WX103")


class Outputs(dict):
    """name → output text or bytes; a documented error is kept as ``"! ErrorType: message"``."""

    def attempt(self, name: str, call: Callable[[], Any]) -> Any:
        try:
            value = call()
        except DOCUMENTED as exc:
            self[name] = f"! {type(exc).__name__}: {exc}"
            return None
        if isinstance(value, (str, bytes)):
            self[name] = value
        return value


def _parse_report(name: str, text: str) -> None:
    """JSON and SARIF parse, JUnit is XML, every GitHub line is one workflow command, no name adds
    a cell to a Markdown table."""
    if name in ("json", "sarif"):
        json.loads(text)
    elif name == "junit":
        ET.fromstring(text)
    elif name == "github":
        assert all(line.startswith("::") for line in text.split("\n")[:-1]), text
    elif name == "markdown":
        assert_tables(text)


def _cells(row: str) -> int:
    """Unescaped pipes in one Markdown line."""
    count, escaped = 0, False
    for ch in row:
        count += ch == "|" and not escaped
        escaped = ch == "\\" and not escaped
    return count


def assert_tables(markdown: str) -> None:
    """Every row of a Markdown table has as many cells as its header (only '\\n' ends a line)."""
    width = None
    for line in markdown.split("\n"):
        if not line.startswith("|"):
            width = None
        elif width is None:
            width = _cells(line)
        else:
            assert _cells(line) == width, line


def _diagram(fmt: str, data: bytes) -> bytes:
    (parse_dot if fmt == "dot" else parse_mermaid)(data)  # any line of another shape is an injection
    return data


def outputs(case: Case) -> Outputs:
    out = Outputs()
    eco = out.attempt("load", lambda: topology.load(case.doc))
    if eco is None:
        return out
    opts = case.options()
    report = None
    for rs in ("seed", "wechat-2025"):
        r = out.attempt(f"validate[{rs}]", lambda rs=rs: topology.validate(
            eco, rs, overrides=opts["overrides"], as_of=case.as_of, rules_as_of=case.rules_as_of, lang=case.lang))
        if r is None:
            continue
        out[f"validate[{rs}].to_json"] = r.to_json()
        json.loads(out[f"validate[{rs}].to_json"])
        for name in FORMATS:
            text = render_reports([r], name, lang=case.lang)
            _parse_report(name, text)
            out[f"{name}[{rs}]"] = text
        if rs == case.ruleset:
            report = r
    if report is not None:
        _same_from_yaml(out, report, case)
    if report is None:
        return out
    _drawings(out, eco, report, case)
    _suppressions(out, eco, report, case)
    _planner(out, eco, report, case)
    return out


def _same_from_yaml(out: Outputs, report, case: Case) -> None:
    """The document written as YAML reads to the same findings."""
    text = yaml.safe_dump(case.doc, allow_unicode=True, sort_keys=False).encode("utf-8")
    again = topology.validate(topology.load(text, name="doc.yaml"), case.ruleset, overrides=case.overrides or None,
                              as_of=case.as_of, rules_as_of=case.rules_as_of, lang=case.lang)
    assert [(f.rule, f.pointer, f.message) for f in again.findings] == [
        (f.rule, f.pointer, f.message) for f in report.findings]


def _drawings(out: Outputs, eco, report, case: Case) -> None:
    graph = topology.build_graph(eco)
    accounts = {n for n, d in graph.nodes(data=True) if d.get("node") == "account"}  # placeholders too
    for fmt in ("dot", "mmd"):
        out.attempt(f"render.{fmt}", lambda fmt=fmt: _diagram(fmt, topology.render(
            eco, report, format=fmt, lang=case.lang)))
    if "render.dot" in out and len(accounts) <= MAX_ACCOUNTS:  # every account and undefined id is drawn once
        drawn = parse_dot(out["render.dot"]).nodes
        assert {decode_safe_id(n) for n in drawn if n.startswith("acct-")} == accounts
    for fmt in ("dot", "mmd"):
        out.attempt(f"render.{fmt}.only", lambda fmt=fmt: _diagram(fmt, topology.render(
            eco, report, format=fmt, lang=case.lang, only_findings=True)))
        if case.focus is not None:
            out.attempt(f"render.{fmt}.focus", lambda fmt=fmt: _diagram(fmt, topology.render(
                eco, None, format=fmt, lang=case.lang, focus=case.focus, depth=2)))


def _suppressions(out: Outputs, eco, report, case: Case) -> None:
    """Recording every finding and validating again leaves no finding and no stale entry."""
    recorded = topology.Suppressions.from_findings(report.findings)
    out["suppressions"] = recorded.dumps()
    again = topology.validate(eco, case.ruleset, overrides=case.overrides or None, as_of=case.as_of,
                              rules_as_of=case.rules_as_of, lang=case.lang, suppressions=recorded)
    assert again.findings == [], [f.rule for f in again.findings]
    assert again.counts["suppressed"] == report.counts["suppressed"] + len(report.findings)
    reread = topology.load_suppressions(json.loads(recorded.dumps()))
    assert reread.dumps() == recorded.dumps()
    new = out.attempt("suppressions.new", lambda: topology.validate(
        topology.load(case.new), case.ruleset, overrides=case.overrides or None, as_of=case.as_of,
        rules_as_of=case.rules_as_of, lang=case.lang, suppressions=recorded))
    if new is not None:  # NEW against OLD's record: what changed is new, what went away is stale (WX007)
        out["suppressions.new.json"] = new.to_json()
        stale = {f.account or f.subject for f in new.findings if f.rule == "WX007"}
        assert len(stale) <= len(recorded)


def _over(room) -> list[tuple]:
    return sorted((r.rule, r.account, tuple(sorted(r.linked))) for r in room.rows if r.free is not None and r.free < 0)


def _cap_findings(report) -> list[tuple]:
    return sorted((f.rule, f.account, tuple(sorted(f.related))) for f in report.findings if f.rule in CAPS)


def _planner(out: Outputs, eco, report, case: Case) -> None:
    opts = case.options()
    room = out.attempt("headroom", lambda: topology.headroom(eco, **opts))
    if room is not None and not any(set(CAPS) & set(x.ignore) for x in (*eco.accounts, *eco.links)):
        assert _over(room) == _cap_findings(report)  # rows over a cap are the WX101-WX103 findings
    if room is not None:
        out["headroom.json"] = room.to_json()
        json.loads(out["headroom.json"])
        out["headroom.text"] = render_headroom(room, "text", case.lang)
        out["headroom.markdown"] = render_headroom(room, "markdown", case.lang)
        assert_tables(out["headroom.markdown"])
    if case.focus is not None:
        out.attempt("headroom.account", lambda: topology.headroom(eco, **opts, account=case.focus).to_json())

    fixed = out.attempt("repair", lambda: topology.repair(eco, **opts))
    if fixed is not None:
        out["repair.json"] = fixed.to_json()
        json.loads(out["repair.json"])
        out["repair.text"] = render_repair(fixed, "text", case.lang)
        out["repair.document"] = fixed.repaired_text()
        if fixed.feasible:  # the documented promise: no WX101-WX103 finding remains
            after = topology.validate(topology.load(out["repair.document"].encode()), case.ruleset,
                                      overrides=opts["overrides"], as_of=case.as_of, rules_as_of=case.rules_as_of,
                                      select=CAPS)
            assert after.findings == [], [(f.rule, f.account) for f in after.findings]

    d = out.attempt("diff", lambda: topology.diff(eco, case.new, **opts, lang=case.lang))
    if d is not None:
        out["diff.json"] = d.to_json()
        json.loads(out["diff.json"])
        out["diff.text"], out["diff.markdown"] = render_diff_report(d, "text"), render_diff_report(d, "markdown")
        assert_tables(out["diff.markdown"])
        for fmt in ("dot", "mmd"):
            out.attempt(f"diff.{fmt}", lambda fmt=fmt: _diagram(fmt, render_diff(d, fmt)))
    same = out.attempt("diff.same", lambda: topology.diff(eco, case.doc, **opts))
    if same is not None:
        assert same.empty, render_diff_report(same, "text")

    result = out.attempt("plan", lambda: topology.plan(eco, case.changes, **opts, reorder=case.reorder,
                                                      lang=case.lang, budget=200))
    if result is not None:
        out["plan.json"] = result.to_json()
        json.loads(out["plan.json"])
        out["plan.text"] = render_plan(result, "text", case.lang)
        out["plan.markdown"] = render_plan(result, "markdown", case.lang)
        assert_tables(out["plan.markdown"])


def assert_printable(out: Outputs) -> None:
    """No output shows a control character raw (names may hold them; ids may not)."""
    for name, value in out.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str):
            found = OBEYED.search(value)
            assert found is None, (name, found, value[max(found.start() - 40, 0):found.end() + 40])


def check(case: Case) -> Outputs:
    """Run every entry point twice on the same input: no undocumented exception, equal outputs."""
    first = outputs(case)
    second = outputs(case)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two runs on the same input"
    assert_printable(first)
    return first
