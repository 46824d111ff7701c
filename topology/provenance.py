"""Rulesets as documents: where each number comes from (``wxtopo ruleset show``, the README table).

A limit without its source is a rumour. Every value prints with its source, how sure that
source is, and the value of each era where WeChat changed it, so a reader can check the
number and a team can argue with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .jsonfmt import dumps
from .ruleset import PARAMETER_NAMES, Parameters, Ruleset, builtin_names, load_ruleset
from .ruleset_sources import Provenance
from .sanitize import escape
from .vocab import TERMS, join, phrase, term

__all__ = ["era_summary", "provenance_dict", "readme_table", "ruleset_dict", "ruleset_json", "ruleset_markdown",
           "ruleset_text", "value_text", "value_words"]


def value_text(value: Any, lang: str = "en") -> str:
    """A value as a person reads it: ``500``, ``government, media``, ``individual 1, media 50``, ``off``
    (关闭, 是/否, 无 with ``lang="zh"``; keys and kinds stay the ruleset's own tokens)."""
    if value is None:
        return phrase("page", "off", lang)
    if isinstance(value, bool):
        return phrase("report", "yes" if value else "no", lang)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or phrase("page", "none", lang)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or phrase("page", "none", lang)
    return str(value)


def value_words(value: Any, lang: str = "en") -> str:
    """A parameter's value as the rule pages and ``ruleset show`` print it: the ruleset's tokens in
    English, their terms in Chinese (``企业号、服务号、订阅号``; a mapping's keys likewise)."""
    if lang != "zh" or not isinstance(value, (list, dict)) or not value:
        return value_text(value, lang)
    kinds = [k for k in ("account_type", "subject_kind") if all(str(v) in TERMS[k] for v in value)]
    if not kinds:
        return value_text(value, lang)
    if isinstance(value, dict):
        return phrase("ruleset", "sep", lang).join(f"{term(kinds[0], k, lang)} {v}" for k, v in value.items())
    return join(value, lang, kinds[0])


def era_summary(p: Provenance, lang: str = "en") -> str:
    """``1 → 3 from 2017-04-20 → 500 from 2018-01-01``; empty when the value never changed.

    >>> era_summary(Provenance(value=3, source={"title": "t"}, confidence="official",
    ...     history=[{"value": 0}, {"effective_from": "2017-04-20", "value": 3}]))
    '0 → 3 from 2017-04-20'
    """
    if not p.history:
        return ""
    parts = []
    if p.history[0].effective_from is not None:
        parts.append(value_text(None, lang))
    for era in p.history:
        text = value_words(era.value, lang)
        if era.effective_from is not None:
            day = era.effective_from.isoformat()
            text = phrase("ruleset", "from_day", lang).format(text=text, day=day)
        parts.append(text)
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


def _in_force(rs: Ruleset, key: str, lang: str = "en") -> str:
    """The value used for ``key``, and the day it was taken for when that differs from now."""
    used = value_words(getattr(rs.parameters, key), lang)
    p = rs.sources()[key]
    if rs.rules_as_of is not None and p.history and p.at(rs.rules_as_of) != p.value:
        return phrase("ruleset", "on_day", lang).format(used=used, day=rs.rules_as_of.isoformat(),
                                                        now=value_words(p.value, lang))
    return used


def _description(key: str, lang: str) -> str:
    field = Parameters.model_fields[key]
    return ((field.json_schema_extra or {}).get("description_zh") if lang == "zh" else None) or field.description


def ruleset_text(rs: Ruleset, lang: str = "en") -> str:
    """A block per parameter: value, what reads it, source, confidence, eras, note. In Chinese the
    ruleset's own prose (its description, notes) is left out: it has no Chinese; sources' titles
    are Chinese where the source has one."""
    sources = rs.sources()

    def w(key: str) -> str:
        return phrase("ruleset", key, lang)

    def sure(confidence: str | None) -> str:
        return term("confidence", confidence, lang) if confidence else ""

    day = rs.rules_as_of.isoformat() if rs.rules_as_of else None
    out = [w("head").format(name=rs.name) + (w("in_force").format(day=day) if day else "")]
    if rs.description and lang == "en":
        out.append(rs.description)
    for key in PARAMETER_NAMES:
        p = sources[key]
        out += ["", f"{key} = {_in_force(rs, key, lang)}  [{sure(p.confidence)}]", f"    {_description(key, lang)}",
                f"    {phrase('page', 'source', lang)}: {p.source.label(lang)}"
                + (w("retrieved").format(day=p.retrieved.isoformat()) if p.retrieved else "")]
        if p.source.quote:
            out.append(f"    {w('quote')}: {p.source.quote}")
        if p.history:
            out.append(f"    {phrase('page', 'history', lang)}: {era_summary(p, lang)}")
            for era in p.history:
                note = era.note if lang == "en" else None
                if era.source or note:
                    when = era.effective_from.isoformat() if era.effective_from else w("start")
                    what = "; ".join(x for x in (era.source.label(lang) if era.source else "",
                                                 sure(era.confidence), note or "") if x)
                    out.append(f"      {when}: {what}")
        if p.note and lang == "en":
            out.append(f"    {w('note')}: {p.note}")
    return "\n".join(map(escape, out)) + "\n"  # a ruleset file's text cannot forge a line


def _cell(text: str) -> str:
    """Markdown table cell: pipes and line breaks cannot break the row."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _source_md(p: Provenance, lang: str = "en", docs: str | None = None) -> str:
    s = p.source
    title = _cell(s.title_zh if lang == "zh" and s.title_zh else s.title)
    if s.url:
        return f"[{title}]({s.url})"
    if s.path and docs is not None and s.path.startswith("docs/"):
        return f"[{title}]({docs}{s.path.removeprefix('docs/')})"
    return f"{title} (`{_cell(s.path)}`)" if s.path else title


def ruleset_markdown(rs: Ruleset, heading: str = "##", lang: str = "en", docs: str | None = None) -> str:
    """A table: parameter, value, confidence, source, history (and notes below; in Chinese, as in
    :func:`ruleset_text`, without the ruleset's English prose). ``docs``: the relative way from the
    page being written to the project's docs/ folder, so a source described there (docs/sources.md)
    becomes a link; without it the path is printed as is."""
    sources = rs.sources()
    out = [f"{heading} {phrase('ruleset', 'title', lang).format(name=rs.name)}", ""]
    if rs.description and lang == "en":
        out += [_cell(rs.description), ""]
    if rs.rules_as_of is not None:
        out += [phrase("ruleset", "values_on", lang).format(day=rs.rules_as_of.isoformat()), ""]
    out += [phrase("ruleset", "columns", lang), "|---|---|---|---|---|"]
    for key in PARAMETER_NAMES:
        p = sources[key]
        sure = p.confidence if lang == "en" else term("confidence", p.confidence, lang)
        out.append(f"| `{key}` | {_cell(_in_force(rs, key, lang))} | {sure} | {_source_md(p, lang, docs)} | "
                   f"{_cell(era_summary(p, lang))} |")
    notes = [(k, sources[k].note) for k in PARAMETER_NAMES if sources[k].note and lang == "en"]
    if notes:
        out += ["", phrase("ruleset", "notes", lang), ""]
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
