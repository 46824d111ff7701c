"""``wxtopo diff`` as text, Markdown or JSON (the result's own ``to_json``).

Reads a :class:`topology.planner.diff.Diff` (plain data). Terms come from :mod:`topology.vocab`,
names and values are escaped as the reports escape them, tables are :func:`.markdown.table`.
"""

from __future__ import annotations

import json
from typing import Any

from ..sanitize import escape as _clean
from ..vocab import PHRASES, count, plural, term
from .markdown import escape, table

_STATES = ("added", "removed", "changed")
_MARK = {"added": "+", "removed": "-", "changed": "~"}
#: key → (English, Chinese): the wording of this report
_PHRASES = PHRASES["diff"]
#: the optional finding states, shown when they hold a finding
_OPTIONAL = ("worsened", "eased", "gone")


def render(d: Any, format: str = "text") -> str:
    """``text``, ``json`` or ``markdown``, as ``wxtopo diff --format`` prints it (in the diff's language)."""
    if format == "json":
        return d.to_json()
    return render_markdown(d) if format == "markdown" else render_text(d)


def _field(name: str, lang: str) -> str:
    return term("field", name, lang)


def _words(lang: str) -> dict[str, str]:
    i = 1 if lang == "zh" else 0
    return {k: v[i] for k, v in _PHRASES.items()}


def _value(v: Any) -> str:
    """A dumped field value, one line: JSON (strings quoted, null for absent)."""
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _token(kind: str, key: str, lang: str) -> str:
    """A document token as written in English (the reports' own words), its term in Chinese."""
    return term(kind, key, lang) if lang == "zh" else key


def _describe(c: Any, lang: str) -> str:
    r = c.record
    if c.what == "subject":
        return f"{r.id} ({_token('subject_kind', r.kind, lang)})" + (f" {r.name}" if r.name else "")
    if c.what == "account":
        return f"{r.id} ({_token('account_type', r.type, lang)})" + (f" {r.name}" if r.name else "")
    return f"{_token('link_kind', r.kind, lang)} {r.source} → {r.target}" + (f" ({c.linked_on})" if c.linked_on else "")


def _finding_lists(d: Any) -> dict[str, list[tuple[Any, Any]]]:
    """state → [(finding, its earlier self or None)], in the report's order of states."""
    return {"introduced": [(f, None) for f in d.introduced], "worsened": list(d.worsened),
            "eased": list(d.eased), "fixed": [(f, None) for f in d.fixed], "gone": [(f, None) for f in d.gone]}


def _result(d: Any, lang: str) -> str | None:
    """The closing verdict: what fails the diff (errors introduced, errors worsened); None when nothing does."""
    w = _words(lang)
    new, worse = len(d.introduced_errors), len(d.failing) - len(d.introduced_errors)
    if not new and not worse:
        return None
    parts = []
    if new:
        parts.append(w["new_errors"].format(n=count(new, "error", lang)) if lang == "zh" else plural(new, "new error"))
    if worse:
        parts.append(w["worse_errors"].format(n=count(worse, "error", lang)) if lang == "zh"
                     else plural(worse, "worsened error"))
    return w["result_bad"].format(what=w["sep"].join(parts))


def _who(f: Any, lang: str) -> str:
    if f.account:
        return f.account
    return f"{term('entity', 'subject', lang)} {f.subject}" if f.subject else _words(lang)["document"]


def render_text(d: Any) -> str:
    """The diff for a terminal: a header, each section's changes, the findings, a result line."""
    lang = d.lang
    w = _words(lang)
    out = [f"{w['title']}{w['colon']}{_clean(d.old)} → {_clean(d.new)}"]
    for what in ("subjects", "accounts", "links"):
        section = getattr(d, what)
        counts = w["sep"].join(f"{len(getattr(section, s))} {term('diff_state', s, lang)}" for s in _STATES)
        out.append(f"{w[what]}{w['colon']}{counts if section else w['no_changes']}")
        for state in _STATES:
            for c in getattr(section, state):
                extra = f"  [{w['type_changed']}{w['colon']}WX601]" if c.type_changed else ""
                where = f"{w['old']} {c.pointer}" if state == "removed" else c.pointer  # OLD's index
                out.append(f"  {_MARK[state]} {_clean(_describe(c, lang))}  {where}{extra}")
                for name, (a, b) in c.fields.items():
                    out.append(f"      {_field(name, lang)}{w['colon']}{_clean(_value(a))} → {_clean(_value(b))}")
    lists = _finding_lists(d)
    shown = [s for s in ("introduced", "worsened", "eased", "fixed", "gone")
             if s not in _OPTIONAL or lists[s]]
    terms = [f"{len(lists[s])} {w[s]}" for s in shown] + [f"{d.unchanged_count} {w['unchanged']}"]
    out.append(f"{w['findings']}{w['colon']}{w['sep'].join(terms)}")
    for state in shown:
        if lists[state]:
            out.append(f"  {w[state]}{w['colon'].rstrip()}")
            for f, before in lists[state]:
                was = f" ({w['was'].format(n=before.observed)})" if before is not None and before.observed is not None else ""
                out.append(f"    {term('severity', f.severity, lang):<7} {f.rule} {f.name}  {_clean(_who(f, lang))} "
                           f"{f.pointer}{w['colon']}{_clean(f.message)}{was}")
    verdict = _result(d, lang)
    out.append(verdict if verdict else w["result_ok"])
    return "\n".join(out) + "\n"


def render_markdown(d: Any) -> str:
    """The diff for a pull-request comment: every name escaped, so none can break a table."""
    lang = d.lang
    w = _words(lang)
    states = [term("diff_state", s, lang) for s in _STATES]
    out = [f"## {w['title']}", "", f"{escape(d.old or '-')} → {escape(d.new or '-')}", ""]
    out += table(["", *states], [[w[what], *getattr(d, what).counts().values()]
                                 for what in ("subjects", "accounts", "links")])
    out.append("")
    lists = _finding_lists(d)
    shown = [s for s in ("introduced", "worsened", "eased", "fixed", "gone") if s not in _OPTIONAL or lists[s]]
    out += table(["", *(w[s] for s in shown), w["unchanged"]],
                 [[w["findings"], *(len(lists[s]) for s in shown), d.unchanged_count]])
    if d.empty:
        out += ["", w["identical"]]
    for what in ("subjects", "accounts", "links"):
        section = getattr(d, what)
        if not section:
            continue
        out += ["", f"### {w['h_' + what]}", ""]
        rows = []
        for state, label in zip(_STATES, states):
            for c in getattr(section, state):
                r = c.record
                details = "<br>".join(f"{escape(_field(k, lang))}: {escape(_value(a))} → {escape(_value(b))}"
                                      for k, (a, b) in c.fields.items())
                if c.type_changed:
                    details = f"**{w['type_changed']} (WX601)**<br>" + details
                if what == "links":
                    rows.append([label, escape(_token("link_kind", r.kind, lang)), escape(r.source), escape(r.target),
                                 escape(c.linked_on or ""), details])
                else:
                    kind = _token("subject_kind", r.kind, lang) if what == "subjects" else \
                        _token("account_type", r.type, lang)
                    rows.append([label, escape(r.id), escape(kind), escape(r.name or ""), details])
        if what == "links":
            out += table([w["change"], w["kind"], w["source"], w["target"], w["linked_on"], w["details"]], rows)
        else:
            out += table([w["change"], w["id"], w["kind"] if what == "subjects" else w["type"], w["name"],
                          w["details"]], rows)
    for state in shown:
        if not lists[state]:
            continue
        out += ["", f"### {w['h_' + state]}", ""]
        out += table([w["rule"], w["severity"], w["account"], w["message"]], [
            [f"{f.rule} {escape(f.name)}", term("severity", f.severity, lang),
             escape(f.account or (f.subject if f.subject else w["document"])),
             escape(f.message) + (f" ({escape(w['was'].format(n=b.observed))})"
                                  if b is not None and b.observed is not None else "")]
            for f, b in lists[state]])
    verdict = _result(d, lang)
    out += ["", f"**{verdict}**" if verdict else w["result_ok"]]
    return "\n".join(out) + "\n"
