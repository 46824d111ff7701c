"""``--format junit``: JUnit XML (as GitLab and Jenkins read it).

One ``<testsuite>`` per document, one ``<testcase>`` per rule that ran; a rule fails when it
has error or warning findings (all their messages go in ``<failure>``), info findings go to
``<system-out>``. A rule the ruleset turns off (a parameter it reads is null) is ``<skipped>``,
saying which parameter: it checked nothing, so it did not pass. Rules left out by ``--select`` /
``--ignore``, or whose input is missing (WX601, WX007), are not listed: the run chose not to ask.
A document that cannot be read is a testsuite with one ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..vocab import SEVERITY_RANK, count, phrase, term

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FAILING = ("error", "warning")


def _clean(text: object) -> str:
    """Characters XML 1.0 cannot hold at all are replaced (ElementTree escapes the rest)."""
    return _ILLEGAL.sub("\ufffd", str(text))


def _line(f, name: str, positions: dict, lang: str = "en") -> str:
    pos = positions.get(f.pointer)
    where = f"{name}:{pos[0]}:{pos[1]}" if pos else f"{name}:{f.pointer or '/'}"
    return _clean(f"{where}: {term('severity', f.severity, lang)}: {f.message}")


def _off(rule_id: str, report: Report, lang: str) -> str | None:
    """Why ``rule_id`` checked nothing under the report's ruleset, or None when it is on."""
    from ..rules import get_rule

    rule = get_rule(rule_id)
    off = report.ruleset.off(rule.parameters) if rule is not None and report.ruleset is not None else []
    if not off:
        return None
    return phrase("report", "rule_off", lang).format(ruleset=report.ruleset.name, params=", ".join(off))


def render(reports: Sequence[Report], *, lang: str = "en", **_: object) -> str:
    root = ET.Element("testsuites", name="wxtopo")
    all_tests = all_failures = all_errors = all_skipped = 0
    for report in reports:
        name = _clean(report.document or "-")
        suite = ET.SubElement(root, "testsuite", name=name)
        if report.errors:
            case = ET.SubElement(suite, "testcase", classname=f"wxtopo.{name}", name="document")
            err = ET.SubElement(case, "error", message=_clean(phrase("report", "unreadable", lang).format(doc=name)),
                                type="document-error")
            err.text = _clean("\n".join(
                f"{name}:{p.line}:{p.column}: {p.pointer or '/'}: {p.text(lang)}" if p.line is not None
                else f"{name}: {p.pointer or '/'}: {p.text(lang)}" for p in report.errors))
            tests, failures, errors, skipped = 1, 0, 1, 0
        else:
            positions = report.positions()
            by_rule: dict[str, list] = {}
            names = dict(report.rules_run)
            for f in report.findings:
                by_rule.setdefault(f.rule, []).append(f)
                names.setdefault(f.rule, f.name)
            tests, failures, errors, skipped = len(names), 0, 0, 0
            for rule in sorted(names):
                case = ET.SubElement(suite, "testcase", classname=f"wxtopo.{name}", name=_clean(f"{rule} {names[rule]}"))
                found = by_rule.get(rule, [])

                failing = [f for f in found if f.severity in _FAILING]
                passing = [f for f in found if f.severity not in _FAILING]
                if failing:
                    failures += 1
                    worst = max((f.severity for f in failing), key=SEVERITY_RANK.__getitem__)
                    message = failing[0].message if len(failing) == 1 else \
                        f"{count(len(failing), 'finding', lang)}: {failing[0].message}"
                    fail = ET.SubElement(case, "failure", message=_clean(message), type=worst)
                    fail.text = "\n".join(_line(f, name, positions, lang) for f in failing)
                if passing:
                    ET.SubElement(case, "system-out").text = "\n".join(_line(f, name, positions, lang) for f in passing)
                off = _off(rule, report, lang) if not found else None
                if off:
                    skipped += 1
                    ET.SubElement(case, "skipped", message=_clean(off))
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", str(skipped))
        all_tests += tests
        all_failures += failures
        all_errors += errors
        all_skipped += skipped
    root.set("tests", str(all_tests))
    root.set("failures", str(all_failures))
    root.set("errors", str(all_errors))
    root.set("skipped", str(all_skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
