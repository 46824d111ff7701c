"""The catalogue as documents: the `wxtopo rules` table and pages, JSON, the README table.

Generated from the registry, never written by hand, so documentation cannot drift from
the checks. Listing needs neither pydantic nor NetworkX.
"""

from __future__ import annotations

import functools
import os

from .jsonfmt import compact_json, dumps
from .rules import all_rules, get_rule
from .rules.registry import Rule
from .sanitize import escape
from .vocab import phrase, term

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from .ruleset import Ruleset

__all__ = ["all_rules", "dumps", "get_rule", "markdown_table", "rule_dict", "rule_page", "rule_table"]

@functools.cache
def builtin_parameters(name: str = "seed") -> dict[str, Any]:
    """A built-in ruleset's parameters as written (value and provenance), read without pydantic,
    once per process (read only: the catalogue pages share it)."""
    import json

    path = os.path.join(os.path.dirname(__file__), "rulesets", f"{name}.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["parameters"]


def seed_parameters() -> dict[str, Any]:
    """The built-in seed ruleset's values (its default)."""
    return {k: v["value"] for k, v in builtin_parameters("seed").items()}


def rule_dict(rule: Rule, ruleset: Ruleset | None = None) -> dict[str, Any]:
    """A rule's metadata as JSON-ready data (``wxtopo rules --format json``); parameter values and
    their provenance from ``ruleset`` (default: the built-in seed, read without pydantic)."""
    if ruleset is None:
        name, sources = "seed", builtin_parameters("seed")
    else:
        from .provenance import provenance_dict

        name, sources = ruleset.name, {k: provenance_dict(v) for k, v in ruleset.sources().items()}
    return {
        "id": rule.id, "name": rule.name, "severity": rule.severity, "title": rule.title,
        "summary": rule.summary, "summary_zh": rule.summary_zh, "message": rule.message, "seed": rule.seed, "gloss": rule.gloss,
        "rationale": rule.rationale, "fix": rule.fix, "ruleset": name,
        "parameters": {p: sources[p]["value"] for p in rule.parameters},
        "provenance": {p: sources[p] for p in rule.parameters},
        "example": rule.example, "use_instead": rule.use_instead,
        **({"limits": rule.limits} if rule.limits else {}),
        **{key: value for key, value in (("example_set", rule.example_set), ("example_baseline", rule.example_baseline),
                                         ("example_suppressions", rule.example_suppressions)) if value},
    }


def rule_table(lang: str = "en", ruleset: Ruleset | None = None) -> str:
    """The catalogue as an aligned text table; with ``ruleset``, each rule's parameters under
    it with their values, confidence and source (``wxtopo rules --ruleset NAME``)."""
    def h(key: str) -> str:
        return phrase("page", key, lang)

    rules = all_rules()
    width = max(len(r.name) for r in rules)
    lines = [f"{h('id'):<6} {h('name'):<{width}} {h('severity'):<8} {h('title')}"]
    if ruleset is not None:
        from .provenance import value_words

        sources = ruleset.sources()
        lines[0] += f"  ({h('values')} {ruleset.name})"
    for r in rules:
        lines.append(f"{r.id:<6} {r.name:<{width}} {term('severity', r.severity, lang):<8} {r.title[lang]}")
        if ruleset is not None:
            for p in r.parameters:
                src = sources[p]
                lines.append(f"{'':7}{p} = {value_words(getattr(ruleset.parameters, p), lang)}  "
                             f"[{term('confidence', src.confidence, lang)}] {src.source.label(lang)}")
    lines.append("")
    lines.append(h("more"))
    return "\n".join(map(escape, lines)) + "\n"  # a ruleset file's text cannot forge a line


def grounds(rule: Rule, lang: str = "en") -> str:
    """What grounds a rule without a seed sentence: the tool itself (no parameter), or the sources of
    its ruleset values (a secondary-source rule: the seed document does not state the limit)."""
    if not rule.parameters:
        return phrase("page", "tool", lang)
    return phrase("page", "secondary", lang)


def rule_page(rule: Rule, lang: str = "en", ruleset: Ruleset | None = None) -> str:
    """One rule explained: what, why, the seed sentence (glossed in English), parameters (from
    ``ruleset``, default seed, with their sources), the failing example and what to write instead,
    known limits, and the fix."""
    import json

    from .provenance import era_summary, value_words
    from .ruleset import Parameters, load_ruleset

    def h(key: str) -> str:
        return phrase("page", key, lang)

    rs = ruleset or load_ruleset("seed")
    sources = rs.sources()
    severity = rule.severity if lang == "en" else term("severity", rule.severity, lang)
    out = [f"{rule.id} {rule.name} ({severity})", rule.title[lang], ""]
    out += [h("checks"), f"  {rule.summary_in(lang)}", ""]
    out += [h("why"), f"  {rule.rationale[lang]}", ""]
    out.append(h("seed"))
    out += [f"  {rule.seed}", f"    {h('gloss')}{rule.gloss}"] if rule.seed else [f"  {grounds(rule, lang)}"]
    out.append("")
    out.append(h("params").format(name=rs.name))
    if rule.parameters:
        for p in rule.parameters:
            value = getattr(rs.parameters, p)
            src = sources[p]
            field = Parameters.model_fields[p]
            described = (field.json_schema_extra or {}).get("description_zh") if lang == "zh" else None
            out.append(f"  {p} = {value_words(value, lang)}")
            out.append(f"      {described or field.description}")
            out.append(f"      {h('source')}: {src.source.label(lang)} [{term('confidence', src.confidence, lang)}]")
            if src.history:
                out.append(f"      {h('history')}: {era_summary(src, lang)}")
    else:
        out.append(f"  {h('none')}")
    out.append("")
    with_set = f" ({h('with')} {json.dumps(rule.example_set, ensure_ascii=False)})" if rule.example_set else ""
    for heading, doc in (("example", rule.example), ("use_instead", rule.use_instead)):
        out.append(h(heading) + with_set)
        out += ["  " + line for line in compact_json(doc).splitlines()]
        for key, extra in (("baseline", rule.example_baseline), ("suppressions", rule.example_suppressions)):
            if extra:
                out += [f"  {h(key)}:"] + ["  " + line for line in compact_json(extra).splitlines()]
        out.append("")
    if rule.limits:
        out += [h("limits"), f"  {rule.limits[lang]}", ""]
    out += [h("fix"), f"  {rule.fix[lang]}", ""]
    return "\n".join(map(escape, out))  # a ruleset file's text cannot forge a line


def markdown_table() -> str:
    """The README's rule table (kept in sync by a test); each ID links to its rule page."""
    lines = ["| ID | name | severity | checks | parameters |", "|---|---|---|---|---|"]
    for r in all_rules():
        params = ", ".join(f"`{p}`" for p in r.parameters) or ""
        lines.append(f"| [{r.id}](docs/rules/{r.id}.md) | `{r.name}` | {r.severity} | {r.summary} | {params} |")
    return "\n".join(lines) + "\n"


def rule_markdown(rule: Rule) -> str:
    """``docs/rules/WXnnn.md``: the rule page, English then Chinese (generated, kept in sync)."""
    import json

    builtins = {name: builtin_parameters(name) for name in ("seed", "wechat-2025")}
    out = [f"# {rule.id} `{rule.name}`", "", f"**{rule.title['en']}** · {rule.title['zh']} · severity: `{rule.severity}`", ""]
    out += ["## What it checks", "", rule.summary, "", "## Why it matters", "", rule.rationale["en"], "",
            "## Seed sentence", ""]
    out += ["From the seed document, 微信账号体系, an explainer of WeChat's account types, in Chinese "
            "([sources](../sources.md#seed)):", "", f"> {rule.seed}", "", f"*{rule.gloss}*", ""] \
        if rule.seed else [grounds(rule).capitalize() + ".", ""]
    out += ["## Parameters", ""]
    if rule.parameters:
        out += ["| parameter | `seed` | `wechat-2025` |", "|---|---|---|"]
        for p in rule.parameters:
            cells = []
            for params in builtins.values():
                value, confidence = params[p]["value"], params[p]["confidence"]
                shown = "off (null)" if value is None else "`" + json.dumps(value, ensure_ascii=False) + "`"
                cells.append(f"{shown} ({confidence})")
            out.append(f"| `{p}` | {' | '.join(cells)} |")
        out += ["", "Sources, history and notes: `wxtopo ruleset show seed` / `wxtopo ruleset show wechat-2025`, "
                "or the [ruleset table](../../README.md#rulesets)."]
    else:
        out.append("None.")
    out += ["", "## Failing example", ""]
    if rule.example_set:
        out += [f"With `--set` {', '.join(f'`{k}={json.dumps(v)}`' for k, v in rule.example_set.items())}:", ""]
    out += ["```json", compact_json(rule.example), "```", ""]
    extras = []
    if rule.example_baseline:
        extras += ["Against the previous document (`--previous`):", "", "```json", compact_json(rule.example_baseline), "```", ""]
    if rule.example_suppressions:
        extras += ["With the suppressions file (`--suppressions`):", "", "```json",
                   compact_json(rule.example_suppressions), "```", ""]
    out += extras + ["## Use instead", "", "```json", compact_json(rule.use_instead), "```", ""]
    if rule.example_baseline or rule.example_suppressions:
        out += ["(with the same files as the failing example)", ""]
    if rule.limits:
        out += ["## Known limits", "", rule.limits["en"], ""]
    zh = {k: phrase("page", k, "zh") for k in ("zh_section", "checks", "limits", "fix")}
    label = phrase("punct", "label", "zh")
    out += ["## Fix", "", rule.fix["en"], "", f"## {zh['zh_section']}", "", f"**{rule.title['zh']}**", "",
            label.format(label=zh["checks"], text=rule.summary_zh), "", rule.rationale["zh"], ""]
    if rule.limits:
        out += [label.format(label=zh["limits"], text=rule.limits["zh"]), ""]
    out += [label.format(label=zh["fix"], text=rule.fix["zh"]), ""]
    return "\n".join(out)
