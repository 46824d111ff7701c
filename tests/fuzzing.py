"""Hypothesis strategies for random but loadable ecosystem documents, shared by
tests/test_fuzz_entry_points.py (bounded) and scripts/fuzz.py (for as long as asked).

A :class:`Case` is a document, a mutation of it (the NEW of a diff), a list of plan changes,
ruleset overrides and options. Documents are valid JSON the model accepts field by field,
but are otherwise anything: dangling references, repeated ids, wrong endpoint types, hostile
names and ids (markup, quotes, braces, backslashes, CJK, emoji, long strings), dates at both
ends of the calendar and huge or zero parameters.

Not generated, because they are known issues handled elsewhere: control characters and
bidirectional marks (sanitize), lone surrogates (output that is not UTF-8), blank ids,
duplicate JSON keys, deep nesting, and arguments of the wrong Python type.
"""

from __future__ import annotations

import copy
import re
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hypothesis import strategies as st

import topology
from topology.problems import ID_PATTERN
from topology.vocab import ACCOUNT_TYPES, LINK_ENDPOINTS, LINK_KINDS, OFFICIAL_TYPES, SUBJECT_KINDS

HUGE = 10**30
EDGE_DATES = ["0001-01-01", "0001-03-01", "9999-12-31", "9999-01-01", "2024-02-29", "2023-02-28",
              "2000-02-29", "2026-11-25", "2025-06-01"]
#: what sanitize shows escaped (C0, DEL, C1, bidi marks) and lone surrogates: handled elsewhere
_EXCLUDED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = ['<b>x</b>', '"quoted"', "'single'", "a&amp;b", "&", "{x}", "{{y}}", "%s", "%%{init}%%", "100%",
           "back\\slash", "\\n", "\\", "|pipe|", "`tick`", "*star*", "[l](j:x)", "-->", "end", "subgraph",
           "graph", "node", "edge", "digraph", "strict", "class", "style", "#", "#34;", ";", ":::", "a:b",
           "a/b", "~0~1", " padded ", "暖芽育儿经", "主号", "小程序", "🚀", "👩‍👩‍👧", "e\u0301", "\u200b",
           "\ufeff", "\u2028", "\u00a0", "x" * 300, "长" * 120]
#: control characters a name (never an id) may hold: every output must show them escaped
CONTROLS = ["\x1b[2J", "\x1b]0;title\x07", "two\nlines", "tab\tbed", "cr\rx", "\u202egnp.exe", "\u2066iso\u2069",
            "\x9b31m", "del\x7f", "nul\x00"]
PLAIN_IDS = ["a", "b", "li", "li-work", "news", "shop", "shop-2", "acme", "hub", "mp", "WX102", "0", "-"]
DANGLING = ["ghost", "nobody", "幽灵", "<gone>"]
RULE_IDS = [r.id for r in topology.list_rules()] + ["WX999", "WX000"]  # and two no rule has
FEATURES = {
    "personal": ["transfer", "red_packet"], "auxiliary": ["transfer", "red_packet"],
    "subscription": ["wechat_pay", "advanced_api", "custom_menu"],
    "service": ["wechat_pay", "advanced_api", "custom_menu"],
    "enterprise": ["read_receipts", "recall", "internal_apps"],
    "mini_program": ["store_jump", "version_rollback", "product_import", "wechat_pay"],
}
FRIEND_METHODS = ["wechat_id", "qr_code", "group_chat", "contact_card", "phone_search"]


def _clean(text: str) -> str:
    return _EXCLUDED.sub("", text)


_chars = st.characters(exclude_categories=("Cc", "Cs"))
free_text = st.text(_chars, max_size=30).map(_clean)
names = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(CONTROLS), free_text,
                  st.lists(st.sampled_from(HOSTILE + CONTROLS), min_size=2, max_size=4).map("".join))
#: ids as the model takes them (not blank, nothing unshowable: those are document errors, tested elsewhere)
ids = st.one_of(st.sampled_from(PLAIN_IDS), st.sampled_from(HOSTILE), free_text).filter(
    lambda s: re.match(ID_PATTERN, s) is not None)
days = st.one_of(st.sampled_from(EDGE_DATES), st.dates().map(date.isoformat))
#: link dates: often in the same few months, so the monthly quotas (WX104, WX105) have something to count
link_days = st.one_of(days, st.sampled_from(["2026-11-01", "2026-11-15", "2026-11-30", "2026-12-01"]))
huge_counts = st.sampled_from([0, 1, 2, 3, 10**6, HUGE])


def _maybe(draw, p_strategy, value_strategy, out: dict, key: str) -> None:
    """Set ``out[key]`` from ``value_strategy`` when a coin drawn from ``p_strategy`` says so."""
    if draw(p_strategy):
        out[key] = draw(value_strategy)


coin = st.booleans()
rarely = st.integers(0, 3).map(lambda n: n == 0)
ignores = st.lists(st.sampled_from(RULE_IDS), max_size=3)


def _mostly(usual: list[str], other: list[str]) -> st.SearchStrategy:
    """One of ``usual`` three times in four (when there is one), else one of ``other``."""
    if not usual:
        return st.sampled_from(other)
    return st.integers(0, 3).flatmap(lambda n: st.sampled_from(other if n == 3 else usual))


@st.composite
def subjects(draw, pool: list[str]) -> dict:
    out = {"id": draw(st.sampled_from(pool)), "kind": draw(st.sampled_from(SUBJECT_KINDS))}
    _maybe(draw, coin, names, out, "name")
    _maybe(draw, rarely, ignores, out, "ignore")
    return out


def _ordered_days(draw) -> tuple[str, str]:
    a, b = sorted([draw(days), draw(days)])
    return a, b


@st.composite
def accounts(draw, pool: list[str], subject_ids: list[str], type_: str | None = None, id_: str | None = None,
             people: list[str] = ()) -> dict:
    """An account of any type with any of its fields. Its subject is mostly one of ``subject_ids``,
    an auxiliary's primary mostly one of ``people``; otherwise any id of ``pool`` or one nobody defines."""
    kind = type_ or draw(st.sampled_from(ACCOUNT_TYPES))
    out: dict[str, Any] = {"id": id_ if id_ is not None else draw(st.sampled_from(pool)), "type": kind}
    _maybe(draw, coin, names, out, "name")
    _maybe(draw, rarely, ignores, out, "ignore")
    if kind == "auxiliary":
        out["primary"] = draw(_mostly(list(people), pool + DANGLING))
    elif kind in ("subscription", "service", "mini_program") or draw(coin):
        out["subject"] = draw(_mostly(subject_ids, DANGLING + pool[:2]))
    if kind in ("personal", "auxiliary"):
        _maybe(draw, coin, days, out, "registered_on")
        for flag in (("real_name_verified", "phone_bound", "wechat_pay_bound") if kind == "personal"
                     else ("phone_bound", "identity_bound")):
            _maybe(draw, coin, coin, out, flag)
        if kind == "personal" and draw(coin):
            out["bans"] = [dict(zip(("start", "end"), _ordered_days(draw)[: draw(st.integers(1, 2))]))
                           for _ in range(draw(st.integers(0, 3)))]
        if kind == "auxiliary":
            _maybe(draw, coin, st.lists(st.sampled_from(FRIEND_METHODS), max_size=6), out, "friend_add_methods")
    else:
        _maybe(draw, coin, coin, out, "verified")
        _maybe(draw, coin, st.lists(st.integers(1, 12) | st.sampled_from([HUGE]), max_size=6).map(
            lambda ns: [{"date": "2026-11-20", "articles": n} for n in ns]), out, "broadcasts")
        if out.get("broadcasts") and draw(coin):
            for b in out["broadcasts"]:
                b["date"] = draw(days)
    _maybe(draw, coin, st.lists(st.sampled_from(FEATURES[kind]), max_size=4), out, "features")
    return out


def _ends(draw, kind: str, pool: list[str], by_type: dict[str, list[str]]) -> tuple[str, str]:
    """Endpoints of the types the link kind allows (SPEC §1), where the document has them."""
    sources, targets = LINK_ENDPOINTS[kind]
    sources = OFFICIAL_TYPES if sources is None else sources
    pick = [sorted(i for t in types for i in by_type.get(t, [])) for types in (sources, targets)]
    return tuple(draw(st.sampled_from(ids_ or pool)) for ids_ in pick)


@st.composite
def links(draw, pool: list[str], subject_ids: list[str], stray: bool = True,
          by_type: dict[str, list[str]] | None = None) -> dict:
    """A link of any kind with any of its fields. With ``by_type`` (type → account ids) the ends are
    mostly of the types the kind allows; with ``stray`` an end may be an undefined id or a subject's."""
    kind = draw(st.sampled_from(LINK_KINDS))
    if by_type and draw(st.integers(0, 3)):
        source, target = _ends(draw, kind, pool, by_type)
    else:
        ends = st.sampled_from(pool + DANGLING + subject_ids[:1]) if stray else st.sampled_from(pool)
        source, target = draw(ends), draw(ends)
    out: dict[str, Any] = {"kind": kind, "source": source, "target": target}
    _maybe(draw, rarely, ignores, out, "ignore")
    if kind == "mini_program":
        _maybe(draw, rarely, st.integers(1, 5) | st.just(HUGE), out, "priority")
        _maybe(draw, rarely, coin, out, "pinned")
        _maybe(draw, coin, st.sampled_from(["linked", "pending", "rejected"]), out, "status")
        _maybe(draw, rarely, coin, out, "quick_registered")
        if draw(coin):
            start, end = sorted([draw(link_days), draw(link_days)])
            out["linked_on"] = start
            if draw(rarely):
                out["unlinked_on"] = end
    elif kind == "member":
        _maybe(draw, coin, coin, out, "verified")
    return out


@st.composite
def documents(draw, big: bool = False) -> dict:
    """A loadable document: up to 4 subjects, 9 accounts and 14 links (``big``: 8, 30 and 60), ids
    mostly distinct and links mostly between the types their kind allows, so the rules have
    something to count; some ids repeat, some references dangle, some ends have the wrong type."""
    n_accounts, n_subjects = draw(st.integers(0, 30 if big else 9)), draw(st.integers(0, 8 if big else 4))
    pool = draw(st.lists(ids, min_size=n_accounts + 1, max_size=n_accounts + 3, unique=True))
    subject_ids = draw(st.lists(ids, min_size=n_subjects + 1, max_size=n_subjects + 1, unique=True))
    out: dict[str, Any] = {"schema_version": 1}
    _maybe(draw, coin, names, out, "name")
    _maybe(draw, coin, days, out, "as_of")
    out["subjects"] = [draw(subjects([subject_ids[i]] if draw(st.integers(0, 7)) else subject_ids))
                       for i in range(n_subjects)]
    types = [draw(st.sampled_from(ACCOUNT_TYPES)) for _ in range(n_accounts)]
    account_ids = [pool[i] if draw(st.integers(0, 7)) else draw(st.sampled_from(pool)) for i in range(n_accounts)]
    by_type: dict[str, list[str]] = {}
    for ident, kind in zip(account_ids, types):
        by_type.setdefault(kind, []).append(ident)
    out["accounts"] = [draw(accounts(pool, subject_ids[:n_subjects], kind, ident, by_type.get("personal", [])))
                       for ident, kind in zip(account_ids, types)]
    out["links"] = draw(st.lists(links(pool, subject_ids, by_type=by_type), max_size=60 if big else 14))
    return out


def _ids_of(doc: dict) -> tuple[list[str], list[str]]:
    accts = sorted({a["id"] for a in doc["accounts"]}) or ["a"]
    subs = sorted({s["id"] for s in doc["subjects"]}) or ["acme"]
    return accts, subs


def _by_type(doc: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in doc["accounts"]:
        out.setdefault(a["type"], []).append(a["id"])
    return out


@st.composite
def mutations(draw, doc: dict) -> dict:
    """NEW for a diff: ``doc`` with a few records added, removed, replaced or reordered."""
    new = copy.deepcopy(doc)
    accts, subs = _ids_of(doc)
    for _ in range(draw(st.integers(0, 4))):
        what = draw(st.sampled_from(["subjects", "accounts", "links"]))
        op = draw(st.sampled_from(["add", "remove", "replace", "duplicate", "reverse", "top"]))
        items = new[what]
        by_type = _by_type(new)
        make = {"subjects": subjects(subs + ["new-subject"]),
                "accounts": accounts(accts + ["new-acct"], subs, people=by_type.get("personal", [])),
                "links": links(accts + ["new-acct"], subs, by_type=by_type)}[what]
        if op == "add":
            items.insert(draw(st.integers(0, len(items))), draw(make))
        elif op == "top":
            for key, value in (("name", draw(names)), ("as_of", draw(days))):
                new.pop(key, None) if draw(coin) else new.__setitem__(key, value)
        elif not items:
            continue
        elif op == "remove":
            items.pop(draw(st.integers(0, len(items) - 1)))
        elif op == "duplicate":
            items.append(copy.deepcopy(draw(st.sampled_from(items))))
        elif op == "reverse":
            items.reverse()
        else:  # the same id (or ends) with other fields, possibly another type or kind
            i = draw(st.integers(0, len(items) - 1))
            if what == "links":
                replaced = draw(links(accts, subs, by_type=by_type))
                replaced.update(source=items[i]["source"], target=items[i]["target"])
            elif what == "accounts":
                replaced = draw(accounts(accts, subs, id_=items[i]["id"]))
            else:
                replaced = draw(subjects([items[i]["id"]]))
            items[i] = replaced
    return new


@st.composite
def changes(draw, doc: dict) -> list[dict]:
    """Plan changes, mostly naming accounts and links that exist at their step; some cannot apply."""
    accts, subs = _ids_of(doc)
    fresh = ["added-1", "added-2"]
    known = accts + fresh
    out = []
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["link", "link", "unlink", "add_account", "remove_account"]))
        if op == "add_account":
            ident = draw(st.sampled_from(fresh if draw(st.integers(0, 4)) else known))
            out.append({"op": op, "account": draw(accounts(known, subs, id_=ident))})
        elif op == "remove_account":
            out.append({"op": op, "id": draw(st.sampled_from(known))})
        elif op == "link":
            record = draw(links(known, subs, stray=draw(rarely), by_type=_by_type(doc)))
            record.pop("unlinked_on", None)
            out.append({"op": op, **record})
        else:
            if doc["links"] and draw(coin):
                old = draw(st.sampled_from(doc["links"]))
                kind, source, target = old["kind"], old["source"], old["target"]
            else:
                kind, source, target = (draw(st.sampled_from(LINK_KINDS)), draw(st.sampled_from(known)),
                                        draw(st.sampled_from(known)))
            change = {"op": op, "kind": kind, "source": source, "target": target}
            if kind == "mini_program" and draw(coin):
                change["on"] = draw(days)
            out.append(change)
        if draw(rarely):
            out[-1]["note"] = draw(names)
    return out


def _parameter_values(name: str, annotation: Any) -> st.SearchStrategy:
    """Values the ruleset accepts for one parameter: 0, 1, huge, null where allowed, lists and maps."""
    args = typing.get_args(annotation)
    nullable = type(None) in args
    core = next(a for a in args if a is not type(None)) if nullable else annotation
    if core is bool:
        base = coin
    elif typing.get_origin(core) is dict:
        base = st.dictionaries(st.sampled_from(SUBJECT_KINDS), huge_counts, max_size=3)
    elif typing.get_origin(core) is list:
        words = OFFICIAL_TYPES if name == "linkable_official_types" else SUBJECT_KINDS
        base = st.lists(st.sampled_from(words), max_size=3)
    else:  # a count; WX402's articles per broadcast is at least 1
        base = huge_counts.filter(lambda n: n >= 1) if "articles" in name else huge_counts
    return st.one_of(base, st.none()) if nullable else base


def overrides() -> st.SearchStrategy:
    """Ruleset parameters set as ``--set`` sets them: a few to edge values (0, 1, huge, null, lists),
    or the caps and quotas tight (0 to 2) so the counting rules fire on small documents."""
    from topology.ruleset import Parameters

    fields = Parameters.model_fields
    choices = {name: _parameter_values(name, f.annotation) for name, f in fields.items()}
    edge = st.lists(st.sampled_from(sorted(choices)), min_size=1, max_size=6, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({k: choices[k] for k in keys}))
    small = st.integers(0, 2)
    tight = {name: (st.dictionaries(st.sampled_from(SUBJECT_KINDS), small, min_size=1, max_size=6)
                    if typing.get_origin(typing.get_args(f.annotation)[0]) is dict else small)
             for name, f in fields.items() if name.startswith("max_") or name.endswith(("_per_day", "_per_month"))}
    return st.one_of(edge, st.fixed_dictionaries({}, optional=tight))


@dataclass
class Case:
    """One fuzz input: OLD, NEW, plan changes and the options every entry point gets."""

    doc: dict
    new: dict
    changes: list[dict]
    ruleset: str = "seed"
    overrides: dict = field(default_factory=dict)
    as_of: str | None = None
    rules_as_of: str | None = None
    lang: str = "en"
    focus: str | None = None
    reorder: bool = False

    def options(self) -> dict[str, Any]:
        """The ruleset options, as validate, headroom, repair, diff and plan take them."""
        return {"ruleset": self.ruleset, "overrides": self.overrides or None, "as_of": self.as_of,
                "rules_as_of": self.rules_as_of}


@st.composite
def cases(draw) -> Case:
    doc = draw(documents(big=draw(st.integers(0, 7)) == 0))
    defined = sorted({a["id"] for a in doc["accounts"]})
    return Case(doc=doc, new=draw(mutations(doc)), changes=draw(changes(doc)),
                ruleset=draw(st.sampled_from(["seed", "wechat-2025"])),
                overrides=draw(overrides()) if draw(st.integers(0, 2)) else {},
                as_of=draw(days) if draw(rarely) else None,
                rules_as_of=draw(days) if draw(rarely) else None,
                lang=draw(st.sampled_from(["en", "zh"])),
                focus=draw(_mostly(defined, DANGLING)) if draw(rarely) else None,
                reorder=draw(coin))
