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
    return _counts().vformat(template, (), values)


_FORMATTER = None


def _counts():
    """``str.format`` with one more kind of field, ``{count:singular|plural}`` (built on first use:
    the catalogue listing does not pay for importing ``string``)."""
    global _FORMATTER
    if _FORMATTER is None:
        import string

        class Counts(string.Formatter):
            def format_field(self, value: object, spec: str) -> str:
                if "|" in spec and isinstance(value, int) and not isinstance(value, bool):
                    one, many = spec.split("|", 1)
                    return f"{value} {one if value == 1 else many}"
                return super().format_field(value, spec)

        _FORMATTER = Counts()
    return _FORMATTER
