"""Rulesets as documents: where each number comes from (``wxtopo ruleset show``, the README table).

A limit without its source is a rumour. Every value prints with its source, how sure that
source is, and the value of each era where WeChat changed it, so a reader can check the
number and a team can argue with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .jsonfmt import dumps
from .ruleset import PARAMETER_NAMES, Parameters, Provenance, Ruleset, builtin_names, load_ruleset
from .sanitize import escape

__all__ = ["era_summary", "provenance_dict", "readme_table", "ruleset_dict", "ruleset_json", "ruleset_markdown",
           "ruleset_text", "value_text"]


def value_text(value: Any) -> str:
    """A value as a person reads it: ``500``, ``government, media``, ``individual 1, media 50``, ``off``."""
    if value is None:
        return "off"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
    return str(value)


def era_summary(p: Provenance) -> str:
    """``1 → 3 from 2017-04-20 → 500 from 2018-01-01``; empty when the value never changed.

    >>> era_summary(Provenance(value=3, source={"title": "t"}, confidence="official",
    ...     history=[{"value": 0}, {"effective_from": "2017-04-20", "value": 3}]))
    '0 → 3 from 2017-04-20'
    """
    if not p.history:
        return ""
    parts = []
    if p.history[0].effective_from is not None:
        parts.append("off")
    for era in p.history:
        text = value_text(era.value)
        parts.append(text if era.effective_from is None else f"{text} from {era.effective_from.isoformat()}")
    return " → ".join(parts)


def provenance_dict(p: Provenance, day: date | None = None) -> dict[str, Any]:
    """JSON-ready provenance; with ``day``, also the value in force then."""
    out = p.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    out = {"value": p.value, **{k: v for k, v in out.items() if k != "value"}}
    if day is not None and p.history:
        out["in_force"] = p.at(day)
    return out


def ruleset_dict(rs: Ruleset) -> dict[str, Any]:
    """``wxtopo ruleset show NAME --format json``: every parameter's value and provenance."""
    sources = rs.sources()
    out: dict[str, Any] = {"name": rs.name}
    if rs.description:
        out["description"] = rs.description
    if rs.rules_as_of is not None:
        out["rules_as_of"] = rs.rules_as_of.isoformat()
    out["parameters"] = {k: provenance_dict(sources[k], rs.rules_as_of) for k in PARAMETER_NAMES}
    return out


def ruleset_json(rs: Ruleset) -> str:
    return dumps(ruleset_dict(rs))


def _in_force(rs: Ruleset, key: str) -> str:
    """The value used for ``key``, and the day it was taken for when that differs from now."""
    used = value_text(getattr(rs.parameters, key))
    p = rs.sources()[key]
    if rs.rules_as_of is not None and p.history and p.at(rs.rules_as_of) != p.value:
        return f"{used} on {rs.rules_as_of.isoformat()} (now {value_text(p.value)})"
    return used


def ruleset_text(rs: Ruleset) -> str:
    """A block per parameter: value, what reads it, source, confidence, eras, note."""
    sources = rs.sources()
    head = f"ruleset {rs.name}" + (f" (values in force on {rs.rules_as_of.isoformat()})" if rs.rules_as_of else "")
    out = [head]
    if rs.description:
        out.append(rs.description)
    for key in PARAMETER_NAMES:
        p = sources[key]
        out += ["", f"{key} = {_in_force(rs, key)}  [{p.confidence}]",
                f"    {Parameters.model_fields[key].description}",
                f"    source: {p.source.label()}" + (f", retrieved {p.retrieved.isoformat()}" if p.retrieved else "")]
        if p.source.quote:
            out.append(f"    quote: {p.source.quote}")
        if p.history:
            out.append(f"    history: {era_summary(p)}")
            for era in p.history:
                if era.source or era.note:
                    when = era.effective_from.isoformat() if era.effective_from else "start"
                    what = "; ".join(x for x in (era.source.label() if era.source else "",
                                                 era.confidence or "", era.note or "") if x)
                    out.append(f"      {when}: {what}")
        if p.note:
            out.append(f"    note: {p.note}")
    return "\n".join(map(escape, out)) + "\n"  # a ruleset file's text cannot forge a line


def _cell(text: str) -> str:
    """Markdown table cell: pipes and line breaks cannot break the row."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _source_md(p: Provenance) -> str:
    s = p.source
    title = _cell(s.title)
    if s.url:
        return f"[{title}]({s.url})"
    return f"{title} (`{_cell(s.path)}`)" if s.path else title


def ruleset_markdown(rs: Ruleset, heading: str = "##") -> str:
    """A table: parameter, value, confidence, source, history (and notes below)."""
    sources = rs.sources()
    out = [f"{heading} Ruleset `{rs.name}`", ""]
    if rs.description:
        out += [_cell(rs.description), ""]
    if rs.rules_as_of is not None:
        out += [f"Values in force on {rs.rules_as_of.isoformat()}.", ""]
    out += ["| parameter | value | confidence | source | history |", "|---|---|---|---|---|"]
    for key in PARAMETER_NAMES:
        p = sources[key]
        out.append(f"| `{key}` | {_cell(_in_force(rs, key))} | {p.confidence} | {_source_md(p)} | "
                   f"{_cell(era_summary(p))} |")
    notes = [(k, sources[k].note) for k in PARAMETER_NAMES if sources[k].note]
    if notes:
        out += ["", "Notes:", ""]
        out += [f"- `{k}`: {_cell(note)}" for k, note in notes]
    return "\n".join(out) + "\n"


def readme_table() -> str:
    """The README's table: which rules read each parameter, every built-in ruleset's value with
    its confidence, and the eras of the last (dated) one."""
    from .rules import all_rules

    readers: dict[str, list[str]] = {}
    for rule in all_rules():
        for p in rule.parameters:
            readers.setdefault(p, []).append(rule.id)
    rulesets = [load_ruleset(name) for name in builtin_names()]
    lines = ["| parameter | rules | " + " | ".join(f"`{rs.name}`" for rs in rulesets) + " | history |",
             "|---|---|" + "---|" * len(rulesets) + "---|"]
    for key in PARAMETER_NAMES:
        cells = []
        for rs in rulesets:
            p = rs.provenance[key]
            cells.append("off" if p.value is None else f"{_cell(value_text(p.value))} ({p.confidence})")
        rules = ", ".join(readers.get(key, [])) if len(readers.get(key, [])) <= 3 else f"{readers[key][0]} … ({len(readers[key])})"
        eras = " ".join(_cell(era_summary(rs.provenance[key])) for rs in rulesets if rs.provenance[key].history)
        lines.append(f"| `{key}` | {rules} | " + " | ".join(cells) + f" | {eras} |")
    return "\n".join(lines) + "\n"
