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
