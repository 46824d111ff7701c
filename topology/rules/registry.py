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
    "parameters variants needs_baseline example_set example_baseline needs_suppressions example_suppressions",
    defaults=((), {}, False, {}, None, False, None),
)


class Rule(_RuleFields):
    """A catalogue entry and its check: an immutable record (a namedtuple: cheap to import).

    ``title``, ``message``, ``rationale`` and ``fix`` map "en" and "zh" to text;
    ``seed`` quotes the seed document and ``gloss`` translates that quote into English (words
    in [brackets] supply what the quote leaves to its context), so a reader without Chinese
    can check the rule against its source; both are empty for a tool rule, which no sentence
    of the seed document grounds;
    ``example`` is a small document that trips the rule (with ``example_set`` parameter
    overrides, ``example_baseline`` and ``example_suppressions`` where the rule needs one);
    ``variants`` holds alternative messages a check may pick. A rule that
    ``needs_suppressions`` runs after the ``--suppressions`` file has been applied.
    """

    __slots__ = ()

    @property
    def summary(self) -> str:
        """First paragraph of the check's docstring: what it checks, in one sentence."""
        doc = (self.check.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

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
                            *[(f"variant {k}", v) for k, v in (variants or {}).items()]]:
            if set(text) != set(LANGS) or not all(text.values()):
                raise ValueError(f"{id}: {label} needs exactly {LANGS}")
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
        )
        _NAMES[name] = id
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by ID."""
    from . import _load_all

    _load_all()
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def get_rule(key: str) -> Rule | None:
    """A rule by ID (any case) or by name."""
    from . import _load_all

    _load_all()
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
