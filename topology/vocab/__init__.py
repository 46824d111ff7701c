"""The words of the domain, in every language: one place for each term and its translation.

The tables live in the data modules ``terms``, ``phrases`` and ``problems``; this module is the API
and the one name callers import from.

API: ``term(kind, key, lang)`` one word ("severity", "error", "zh") → 错误; ``count(n, noun, lang)``
"2 errors" / "2 个错误"; ``join(items, lang, kind=None)`` a list (terms translated), "none"/"无" when
empty; ``fill(template, values, lang)`` a message template, whose fields ``{n:one|many}`` (English
plural), ``{x:KIND}`` (a term of ``TERMS[KIND]``; a list is joined) and ``{x:list}`` (ids joined) turn
data into either language. ``TERMS`` and ``NOUNS`` are the tables; ``phrase(area, key, lang)`` the
fixed wording of reports, rule pages and diagram legends (``PHRASES``).

Plain data with no third-party imports, so that `wxtopo --help` and `wxtopo rules`
start without loading pydantic or NetworkX.
"""

from __future__ import annotations

from .phrases import PHRASES
from .problems import FOREIGN, PROBLEMS
from .terms import (
    ACCOUNT_TYPES,
    LANGS,
    LINK_ENDPOINTS,
    LINK_KINDS,
    LINK_STATUSES,
    NOUNS,
    OFFICIAL_TYPES,
    OPENED_TYPES,
    SEVERITIES,
    SEVERITY_RANK,
    SUBJECT_KINDS,
    TERMS,
)

__all__ = [
    "ACCOUNT_TYPES", "FOREIGN", "LANGS", "LINK_ENDPOINTS", "LINK_KINDS", "LINK_STATUSES", "NOUNS",
    "OFFICIAL_TYPES", "OPENED_TYPES", "PHRASES", "PROBLEMS", "SEVERITIES", "SEVERITY_RANK",
    "SUBJECT_KINDS", "TERMS", "compiled", "count", "fill", "join", "phrase", "plural", "problem_text",
    "term",
]

_NONE = ("none", "无")
_LIST_SEP = {"en": ", ", "zh": "、"}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def term(kind: str, key: str, lang: str = "en") -> str:
    """One term in ``lang``; a key the table lacks is shown as it is (an id is its own word).

    >>> term("subject_kind", "enterprise", "zh"), term("severity", "info", "en")
    ('企业', 'info')
    """
    pair = TERMS[kind].get(key)
    return key if pair is None else _pick(pair, lang)


def phrase(area: str, key: str, lang: str = "en") -> str:
    """A fixed wording of a report, rule page or diagram (``PHRASES``)."""
    return _pick(PHRASES[area][key], lang)


def count(n: int, noun: str, lang: str = "en") -> str:
    """``n`` with its noun: "1 error", "2 errors", "2 个错误" (Chinese has no plural, only a measure word).

    >>> count(1, "error"), count(2, "error"), count(2, "error", "zh")
    ('1 error', '2 errors', '2 个错误')
    """
    one, many, zh = NOUNS[noun]
    return f"{n} {zh}" if lang == "zh" else f"{n} {one if n == 1 else many}"


def join(items, lang: str = "en", kind: str | None = None) -> str:
    """A list for a sentence: each item a term of ``kind`` (else as it is), "none"/"无" when empty.

    >>> join(["enterprise", "media"], "zh", "subject_kind"), join([], "en")
    ('企业、媒体', 'none')
    """
    words = [term(kind, str(i), lang) if kind else str(i) for i in items]
    return (", " if lang == "en" or not kind else _LIST_SEP[lang]).join(words) if words else _pick(_NONE, lang)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the English word in the number it takes: never "1 errors", never "error(s)".

    >>> plural(1, "error"), plural(2, "error"), plural(0, "entry", "entries"), plural(1, "year")
    ('1 error', '2 errors', '0 entries', '1 year')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def fill(template: str, values: dict, lang: str = "en") -> str:
    """A message template filled in, in ``lang``. ``{n:item|items}`` writes the count with the noun in
    its number, so a message never says "1 mini-programs" (a cap of 0 makes one too many);
    ``{x:KIND}`` writes the term of ``TERMS[KIND]`` for the value (or each of a list), ``{x:list}``
    a list of ids: the check passes data, the template chooses the words.

    >>> fill("links {n:mini-program|mini-programs}; the limit is {limit}", {"n": 1, "limit": 0})
    'links 1 mini-program; the limit is 0'
    >>> fill("{n:day|days} before", {"n": 8})
    '8 days before'
    >>> fill("属于{kind:subject_kind}主体，仅限：{allowed:subject_kind}", {"kind": "media", "allowed": []}, "zh")
    '属于媒体主体，仅限：无'
    """
    if ":" not in template:  # str.format_map is C: most templates need nothing more
        return template.format_map(values)
    plain, fields = compiled(template)
    if not fields:
        return plain.format_map(values)
    extra = dict(values)
    for i, (name, one, many) in enumerate(fields):
        value = values[name]
        if many is not None:
            extra[f"_f{i}"] = f"{value} {one if value == 1 else many}"
        elif isinstance(value, (list, tuple)):
            extra[f"_f{i}"] = join(value, lang, None if one == "list" else one)
        else:
            extra[f"_f{i}"] = term(one, value, lang)
    return plain.format_map(extra)


_COMPILED: dict[str, tuple[str, list[tuple[str, str, str | None]]]] = {}


def compiled(template: str) -> tuple[str, list[tuple[str, str, str | None]]]:
    """``"{n:item|items} of {k:subject_kind}"`` → (``"{_f0} of {_f1}"``, [("n", "item", "items"),
    ("k", "subject_kind", None)]), once per template: filling stays ``str.format_map`` (C). A field
    whose spec is neither a count, a ``TERMS`` kind nor ``list`` is left to ``str.format``; the
    registry refuses such a spec in a rule's message."""
    found = _COMPILED.get(template)
    if found is None:
        import re

        fields: list[tuple[str, str, str | None]] = []

        def field(m: re.Match) -> str:
            name, spec = m.group(1), m.group(2)
            if "|" in spec:
                one, many = spec.split("|", 1)
                fields.append((name, one, many))
            elif spec in TERMS or spec == "list":
                fields.append((name, spec, None))
            else:
                return m.group(0)
            return f"{{_f{len(fields) - 1}}}"

        found = _COMPILED[template] = (re.sub(r"\{(\w+):([^{}]*)\}", field, template), fields)
    return found


def problem_text(key: str, values: dict, lang: str = "en") -> str:
    """A problem's message in ``lang``; a foreign sentence unknown to ``FOREIGN`` becomes its kind's ``""``.

    >>> problem_text("wrong_type", {"expected": "integer", "got": "string"})
    'must be an integer, got a string'
    >>> problem_text("malformed_json", {"detail": "trailing comma"}, "zh")
    'JSON 格式错误：多余的逗号'
    >>> problem_text("change_failed", {"change": {"en": "unlink x", "zh": "解除关联 x"}, "reason": "…"}, "zh")
    '变更 解除关联 x：…'
    """
    template = _pick(PROBLEMS[key], lang)
    if ":" in template:  # errors are rare: no cache needed
        import re

        values = dict(values)
        for name, kind in re.findall(r"\{(\w+):(\w+)\}", template):
            if kind == "said":  # given in both languages; a plain string is the same in both
                said = values[name]
                values[name] = said.get(lang, said["en"]) if isinstance(said, dict) else said
            elif kind in FOREIGN and lang != "en":
                values[name] = FOREIGN[kind].get(str(values[name]), FOREIGN[kind][""])
            else:
                continue
            template = template.replace(f"{{{name}:{kind}}}", f"{{{name}}}")
    return fill(template, values, lang)
