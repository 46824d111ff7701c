"""The words of the domain: account types, subject kinds, link kinds, severities.

Plain data with no third-party imports, so that `wxtopo --help` and `wxtopo rules`
start without loading pydantic or NetworkX.
"""

from __future__ import annotations

ACCOUNT_TYPES: tuple[str, ...] = (
    "personal",
    "auxiliary",
    "subscription",
    "service",
    "enterprise",
    "mini_program",
)

SUBJECT_KINDS: tuple[str, ...] = (
    "individual",
    "sole_trader",
    "enterprise",
    "government",
    "media",
    "organization",
)

LINK_KINDS: tuple[str, ...] = ("mini_program", "admin", "member", "promotes")
OFFICIAL_TYPES: tuple[str, ...] = ("subscription", "service", "enterprise")

#: Types an ``admin`` or ``promotes`` link may point at: the accounts a person opens.
OPENED_TYPES = frozenset({"subscription", "service", "enterprise", "mini_program"})

#: Allowed (source types, target types) of each link kind (SPEC §1). ``None`` as the
#: source of ``mini_program`` means "the ruleset's linkable_official_types".
LINK_ENDPOINTS: dict[str, tuple[frozenset[str] | None, frozenset[str]]] = {
    "mini_program": (None, frozenset({"mini_program"})),
    "admin": (frozenset({"personal"}), OPENED_TYPES),
    "member": (frozenset({"personal", "auxiliary"}), frozenset({"enterprise"})),
    "promotes": (frozenset(ACCOUNT_TYPES), OPENED_TYPES),
}

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
LANGS: tuple[str, ...] = ("en", "zh")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the English word in the number it takes: never "1 errors", never "error(s)".

    >>> plural(1, "error"), plural(2, "error"), plural(0, "entry", "entries"), plural(1, "year")
    ('1 error', '2 errors', '0 entries', '1 year')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def fill(template: str, values: dict) -> str:
    """A message template filled in. ``{n:item|items}`` writes the count with the noun in its
    number, so a message never says "1 mini-programs" (a cap of 0 makes one too many).

    >>> fill("links {n:mini-program|mini-programs}; the limit is {limit}", {"n": 1, "limit": 0})
    'links 1 mini-program; the limit is 0'
    >>> fill("{n:day|days} before", {"n": 8})
    '8 days before'
    """
    if "|" not in template:  # str.format_map is C: most templates need nothing more
        return template.format_map(values)
    plain, counts = _compiled(template)
    extra = dict(values)
    for i, (name, one, many) in enumerate(counts):
        extra[f"_count{i}"] = one if values[name] == 1 else many
    return plain.format_map(extra)


_COMPILED: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}


def _compiled(template: str) -> tuple[str, list[tuple[str, str, str]]]:
    """``"{n:item|items} left"`` → (``"{n} {_count0} left"``, [("n", "item", "items")]), once per
    template: filling stays ``str.format_map`` (C) for every finding."""
    found = _COMPILED.get(template)
    if found is None:
        import re

        counts: list[tuple[str, str, str]] = []

        def field(m: re.Match) -> str:
            counts.append((m.group(1), m.group(2), m.group(3)))
            return f"{{{m.group(1)}}} {{_count{len(counts) - 1}}}"

        found = _COMPILED[template] = (re.sub(r"\{(\w+):([^|{}]*)\|([^{}]*)\}", field, template), counts)
    return found
