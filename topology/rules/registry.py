"""The rule registry: explicit, ordered, validated at import.

Each rule is a check function plus the metadata that documents it (yamllint's
self-describing rules, ruff's rule pages). The check never names its ID, severity,
language or any number: the engine stamps the first three and the ruleset supplies the
last. The registry is also the documentation: ``wxtopo rules``, the README table and
(later) SARIF's rule list are generated from it.
"""

from __future__ import annotations

from collections import namedtuple

from ..vocab import LANGS, SEVERITIES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Iterable
    from typing import Any

Text = dict  # {"en": ..., "zh": ...}


def _valid_id(id: str) -> bool:
    return len(id) == 5 and id.startswith("WX") and id[2:].isdigit()


def _valid_name(name: str) -> bool:
    parts = name.split("-")
    return bool(name) and name[0].isalpha() and all(p and p.isascii() and p.isalnum() and p.islower() or p.isdigit()
                                                     for p in parts)


_RuleFields = namedtuple(
    "_RuleFields",
    "id name severity title message seed gloss rationale fix example check "
    "parameters variants needs_baseline example_set example_baseline needs_suppressions example_suppressions "
    "summary_zh use_instead limits",
    defaults=((), {}, False, {}, None, False, None, "", None, None),
)


class Rule(_RuleFields):
    """A catalogue entry and its check: an immutable record (a namedtuple: cheap to import).

    ``title``, ``message``, ``rationale`` and ``fix`` map "en" and "zh" to text;
    ``seed`` quotes the seed document and ``gloss`` translates that quote into English (words
    in [brackets] supply what the quote leaves to its context), so a reader without Chinese
    can check the rule against its source; both are empty for a tool rule, which no sentence
    of the seed document grounds;
    ``example`` is a small document that trips the rule (with ``example_set`` parameter
    overrides, ``example_baseline`` and ``example_suppressions`` where the rule needs one),
    ``use_instead`` the same situation set right (ruff's "Use instead": the rule stays silent on
    it, with the same overrides and files); ``summary_zh`` says in Chinese what the check's
    docstring says (the rule page's 检查内容); ``limits`` (en/zh, optional) where the check reads
    WeChat's rule less strictly than WeChat does (the page's "Known limits");
    ``variants`` holds alternative messages a check may pick. A rule that
    ``needs_suppressions`` runs after the ``--suppressions`` file has been applied.
    """

    __slots__ = ()

    @property
    def summary(self) -> str:
        """First paragraph of the check's docstring: what it checks, in one sentence."""
        doc = (self.check.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    def summary_in(self, lang: str) -> str:
        """What the rule checks, in ``lang``."""
        return self.summary_zh if lang == "zh" else self.summary

    @property
    def family(self) -> str:
        return self.id[:3]


REGISTRY: dict[str, Rule] = {}
_NAMES: dict[str, str] = {}


def rule(
    *,
    id: str,
    name: str,
    severity: str,
    title: Text,
    message: Text,
    seed: str,
    gloss: str,
    rationale: Text,
    fix: Text,
    example: dict[str, Any],
    parameters: tuple[str, ...] = (),
    variants: dict[str, Text] | None = None,
    needs_baseline: bool = False,
    example_set: dict[str, Any] | None = None,
    example_baseline: dict[str, Any] | None = None,
    needs_suppressions: bool = False,
    example_suppressions: dict[str, Any] | None = None,
    summary_zh: str = "",
    use_instead: dict[str, Any] | None = None,
    limits: Text | None = None,
) -> Callable[[Callable], Callable]:
    """Register a check under a catalogue entry; malformed metadata fails at import."""

    def register(check: Callable) -> Callable:
        if not _valid_id(id):
            raise ValueError(f"malformed rule id {id!r}")
        if id in REGISTRY:
            raise ValueError(f"duplicate rule id {id}")
        if not _valid_name(name) or name in _NAMES:
            raise ValueError(f"{id}: malformed or duplicate rule name {name!r}")
        if severity not in SEVERITIES:
            raise ValueError(f"{id}: unknown severity {severity!r}")
        for label, text in [("title", title), ("message", message), ("rationale", rationale), ("fix", fix),
                            *[(f"variant {k}", v) for k, v in (variants or {}).items()],
                            *([("limits", limits)] if limits is not None else [])]:
            if set(text) != set(LANGS) or not all(text.values()):
                raise ValueError(f"{id}: {label} needs exactly {LANGS}")
        for label, text in [("message", message), *[(f"variant {k}", v) for k, v in (variants or {}).items()]]:
            _check_fields(id, label, text)
        if not summary_zh.strip() or not any("\u4e00" <= ch <= "\u9fff" for ch in summary_zh):
            raise ValueError(f"{id}: summary_zh says in Chinese what the check checks")
        if not isinstance(use_instead, dict) or "schema_version" not in use_instead:
            raise ValueError(f"{id}: use_instead needs a passing example document")
        if seed and not gloss.strip():
            raise ValueError(f"{id}: the seed sentence needs an English gloss")
        if gloss and not seed:
            raise ValueError(f"{id}: a gloss needs the seed sentence it translates")
        if not check.__doc__:
            raise ValueError(f"{id}: the check needs a docstring saying what it checks")
        REGISTRY[id] = Rule(
            id=id, name=name, severity=severity, title=title, message=message, seed=seed, gloss=gloss,
            rationale=rationale, fix=fix, example=example, check=check, parameters=tuple(parameters),
            variants=dict(variants or {}), needs_baseline=needs_baseline,
            example_set=dict(example_set or {}), example_baseline=example_baseline,
            needs_suppressions=needs_suppressions, example_suppressions=example_suppressions,
            summary_zh=summary_zh, use_instead=use_instead, limits=dict(limits) if limits else None,
        )
        _NAMES[name] = id
        return check

    return register


def _check_fields(id: str, label: str, text: Text) -> None:
    """A template's ``{x:spec}`` fields are counts (``{n:one|many}``, English only), vocabulary terms
    (``{x:subject_kind}``, any ``TERMS`` kind) or id lists (``{x:list}``); both languages use the same
    fields, so a check passes the same data whatever the language (it never names one)."""
    import re

    from ..vocab import TERMS

    names = {}
    for lang, template in text.items():
        for spec in re.findall(r"\{\w+:([^{}]*)\}", template):
            if "|" in spec and (lang != "en" or spec.count("|") != 1 or not all(spec.split("|"))):
                raise ValueError(f"{id}: {label} ({lang}): a count field is {{n:one|many}}, in English only")
            if "|" not in spec and spec not in TERMS and spec != "list":
                raise ValueError(f"{id}: {label} ({lang}): unknown field kind {spec!r}")
        names[lang] = set(re.findall(r"\{(\w+)", template))
    if len({frozenset(v) for v in names.values()}) > 1:
        raise ValueError(f"{id}: {label}: the languages use different fields {names}")


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by ID (importing :mod:`topology.rules` registered them all)."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def get_rule(key: str) -> Rule | None:
    """A rule by ID (any case) or by name."""
    key = key.strip()
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    if key in _NAMES:
        return REGISTRY[_NAMES[key]]
    return None


def resolve_selectors(tokens: Iterable[str]) -> set[str]:
    """IDs, names and ID prefixes (``WX3``, ``WX10``) → rule IDs; unknown tokens raise.

    >>> sorted(resolve_selectors(["WX10", "duplicate-id"]))[:3]
    ['WX002', 'WX101', 'WX102']
    """
    from ..errors import UsageError

    rules = all_rules()
    out: set[str] = set()
    given = False
    for raw in tokens:
        for token in (t.strip() for t in raw.split(",")):
            if not token:
                continue
            given = True
            if token.upper() == "ALL":
                out.update(r.id for r in rules)
                continue
            one = get_rule(token)
            if one:
                out.add(one.id)
                continue
            matched = [r.id for r in rules if r.id.startswith(token.upper()) and token.upper().startswith("WX")]
            if not matched:
                raise UsageError(f"unknown rule selector {token!r} (use an ID like WX102, a name, or a prefix like WX1)")
            out.update(matched)
    if not given:  # `--select ""` from an empty CI variable must not silently run no rule
        raise UsageError("an empty rule selector: give IDs, names or prefixes like WX1 (or ALL)")
    return out


def example(**parts: Any) -> dict[str, Any]:
    """A small complete document for a rule page: ``schema_version`` plus the given parts."""
    doc: dict[str, Any] = {"schema_version": 1}
    doc.update(parts)
    return doc
