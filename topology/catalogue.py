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

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from .ruleset import Ruleset

__all__ = ["all_rules", "dumps", "get_rule", "markdown_table", "rule_dict", "rule_page", "rule_table"]

_HEAD = {
    "en": {"checks": "What it checks", "why": "Why it matters", "seed": "Seed sentence",
           "params": "Parameters ({name} ruleset)", "values": "values from", "source": "source",
           "history": "history", "example": "Failing example", "fix": "Fix",
           "none": "none", "id": "ID", "name": "name", "severity": "severity", "title": "title",
           "off": "off", "with": "with",
           "tool": "none (a tool rule)", "gloss": "",
           "baseline": "Against the baseline (--baseline)", "suppressions": "With the suppressions file (--suppressions)"},
    "zh": {"checks": "检查内容", "why": "为何重要", "seed": "依据原文", "params": "参数（{name} 规则集）", "values": "参数取自", "source": "来源",
           "history": "沿革",
           "example": "违规示例", "fix": "修复方法", "none": "无", "id": "编号", "name": "名称",
           "severity": "级别", "title": "标题", "off": "关闭", "with": "参数",
           "baseline": "对照基线（--baseline）", "suppressions": "配合抑制文件（--suppressions）", "tool": "无（工具规则）",
           "gloss": "English: "},
}


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
        "summary": rule.summary, "message": rule.message, "seed": rule.seed, "gloss": rule.gloss,
        "rationale": rule.rationale, "fix": rule.fix, "ruleset": name,
        "parameters": {p: sources[p]["value"] for p in rule.parameters},
        "provenance": {p: sources[p] for p in rule.parameters},
        "example": rule.example,
        **{key: value for key, value in (("example_set", rule.example_set), ("example_baseline", rule.example_baseline),
                                         ("example_suppressions", rule.example_suppressions)) if value},
    }


def rule_table(lang: str = "en", ruleset: Ruleset | None = None) -> str:
    """The catalogue as an aligned text table; with ``ruleset``, each rule's parameters under
    it with their values, confidence and source (``wxtopo rules --ruleset NAME``)."""
    h = _HEAD[lang]
    rules = all_rules()
    width = max(len(r.name) for r in rules)
    lines = [f"{h['id']:<6} {h['name']:<{width}} {h['severity']:<8} {h['title']}"]
    if ruleset is not None:
        from .provenance import value_text

        sources = ruleset.sources()
        lines[0] += f"  ({h['values']} {ruleset.name})"
    for r in rules:
        lines.append(f"{r.id:<6} {r.name:<{width}} {r.severity:<8} {r.title[lang]}")
        if ruleset is not None:
            for p in r.parameters:
                src = sources[p]
                lines.append(f"{'':7}{p} = {value_text(getattr(ruleset.parameters, p))}  "
                             f"[{src.confidence}] {src.source.label()}")
    lines.append("")
    lines.append("wxtopo rules ID  explains one rule." if lang == "en" else "wxtopo rules 编号  查看单条规则的说明。")
    return "\n".join(map(escape, lines)) + "\n"  # a ruleset file's text cannot forge a line


def rule_page(rule: Rule, lang: str = "en", ruleset: Ruleset | None = None) -> str:
    """One rule explained: what, why, the seed sentence (glossed in English), parameters (from
    ``ruleset``, default seed, with their sources), an example and the fix."""
    import json

    from .provenance import era_summary, value_text
    from .ruleset import Parameters, load_ruleset

    h = _HEAD[lang]
    rs = ruleset or load_ruleset("seed")
    sources = rs.sources()
    out = [f"{rule.id} {rule.name} ({rule.severity})", rule.title[lang], ""]
    out += [h["checks"], f"  {rule.summary if lang == 'en' else rule.title['zh']}", ""]
    out += [h["why"], f"  {rule.rationale[lang]}", ""]
    out.append(h["seed"])
    out += [f"  {rule.seed}", f"    {h['gloss']}{rule.gloss}"] if rule.seed else [f"  {h['tool']}"]
    out.append("")
    out.append(h["params"].format(name=rs.name))
    if rule.parameters:
        for p in rule.parameters:
            value = getattr(rs.parameters, p)
            src = sources[p]
            out.append(f"  {p} = {h['off'] if value is None else value_text(value)}")
            out.append(f"      {Parameters.model_fields[p].description}")
            out.append(f"      {h['source']}: {src.source.label()} [{src.confidence}]")
            if src.history:
                out.append(f"      {h['history']}: {era_summary(src)}")
    else:
        out.append(f"  {h['none']}")
    out.append("")
    out.append(h["example"] + (f" ({h['with']} {json.dumps(rule.example_set, ensure_ascii=False)})"
                               if rule.example_set else ""))
    out += ["  " + line for line in compact_json(rule.example).splitlines()]
    for key, extra in (("baseline", rule.example_baseline), ("suppressions", rule.example_suppressions)):
        if extra:
            out += [f"  {h[key]}:"] + ["  " + line for line in compact_json(extra).splitlines()]
    out += ["", h["fix"], f"  {rule.fix[lang]}", ""]
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
    out += [f"> {rule.seed}", "", f"*{rule.gloss}*", ""] if rule.seed else ["None (a tool rule).", ""]
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
    if rule.example_baseline:
        out += ["Against the baseline (`--baseline`):", "", "```json", compact_json(rule.example_baseline), "```", ""]
    if rule.example_suppressions:
        out += ["With the suppressions file (`--suppressions`):", "", "```json",
                compact_json(rule.example_suppressions), "```", ""]
    out += ["## Fix", "", rule.fix["en"], "", "## 中文", "", f"**{rule.title['zh']}**", "", rule.rationale["zh"], "",
            f"修复方法：{rule.fix['zh']}", ""]
    return "\n".join(out)
