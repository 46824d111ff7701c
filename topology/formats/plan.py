"""``wxtopo plan`` as text, Markdown or JSON: the steps, the first that breaks, the reorder.

Reads a :class:`topology.planner.plan.PlanResult` (plain data); the report formats' escaping
(:func:`topology.sanitize.escape` for a terminal, :func:`.markdown.escape` for Markdown) and
table (:func:`.markdown.table`) are used for every name, note and message.
"""

from __future__ import annotations

from typing import Any

from ..planner.changes import summary
from ..sanitize import escape as _plain
from ..vocab import PHRASES, count, term
from .headroom import width
from .markdown import escape, table

#: key → (English, Chinese): the wording of this report
_PHRASES = PHRASES["plan"]


def render(result: Any, fmt: str = "text", lang: str = "en") -> str:
    """The plan report in ``text``, ``json`` or ``markdown``."""
    if fmt == "json":
        return result.to_json()
    if fmt == "markdown":
        return render_markdown(result, lang)
    return render_text(result, lang)


def _words(lang: str) -> dict[str, str]:
    i = 1 if lang == "zh" else 0
    return {k: v[i] for k, v in _PHRASES.items()}


def _finding_text(f: Any, before: Any, w: dict) -> str:
    was = f" ({w['was'].format(n=before.observed)})" if before is not None and before.observed is not None else ""
    return f"{f.rule} {f.name}: {_plain(f.message)}{was}"


def _head(result: Any, lang: str) -> tuple[str, str]:
    w = _words(lang)
    rs = w["ruleset"].format(name=result.ruleset.name if result.ruleset else "-", as_of=result.as_of)
    head = w["plan"].format(nc=count(len(result.changes), "change", lang), doc=result.document or "-",
                            changes=result.changes_name or "-")
    return head, rs


def render_text(result: Any, lang: str = "en") -> str:
    w = _words(lang)
    head, rs = _head(result, lang)
    out = [f"{_plain(head)} ({_plain(rs)})"]
    line = w["initial"].format(ne=count(result.initial_errors, "error", lang))
    out.append(line + (w["initial_note"] if result.initial_errors else ""))
    for f in result.initial:
        out.append(f"    {_finding_text(f, None, w)}")
    out.append("")
    out += _steps_text(result.steps, w, lang)
    out.append("")
    first = result.first_breaking
    if first is None:
        out.append(w["none"])
    else:
        out.append(w["first"].format(i=first.index, summary=_plain(summary(first.change, lang))))
        for f, b in first.introduced:
            out.append(f"    {_finding_text(f, b, w)}")
    out.append(w["final"].format(ne=count(result.final_errors, "error", lang)))
    if result.reorder is not None:
        r = result.reorder
        out.append("")
        out.append(f"{w['reorder']}{w['colon'].rstrip()}")
        if r.found:
            out.append(w["found"].format(why=_plain(r.why)))
            out.append(f"{w['order']}{w['colon']}" + " ".join(f"#{i}" for i in r.order))
            out.append("")
            out += _steps_text(r.steps, w, lang)
            out.append("")
            rb = r.first_breaking
            out.append(w["then_ok"] if rb is None else w["then_breaks"].format(
                i=rb.index, what="; ".join(_finding_text(f, b, w) for f, b in rb.introduced)))
        else:
            out.append(w["not_found"].format(why=_plain(r.why)))
    return "\n".join(out) + "\n"


def _steps_text(steps: list, w: dict, lang: str) -> list[str]:
    out = []
    labels = [_plain(summary(s.change, lang)) for s in steps]
    column = max((width(x) for x in labels), default=0)
    for s, label in zip(steps, labels):
        status = term("verdict", "breaks" if s.breaks else "ok", lang)
        note = f"  ({_plain(s.change.note)})" if s.change.note else ""
        pad = " " * (column - width(label))
        after = w["errors_after"].format(ne=count(s.counts["error"], "error", lang))
        out.append(f"  #{s.index:<3} {label}{pad}  {status}{w['sep']}{after}{note}")
        if s.removed_links:
            out.append(f"        {w['removed'].format(nl=count(s.removed_links, 'link', lang))}")
        for f, b in s.introduced:
            out.append(f"        + {_finding_text(f, b, w)}")
        for f in s.fixed:
            out.append(f"        - {f.rule} {f.name} {_plain(f.account or f.subject or '')}{w['colon']}{w['fixed']}")
        for f in s.gone:
            out.append(f"        - {f.rule} {f.name} {_plain(f.account or f.subject or '')}{w['colon']}{w['gone']}")
        for f, b in s.eased:
            out.append(f"        ~ {_finding_text(f, b, w)} {w['eased']}")
    return out


def render_markdown(result: Any, lang: str = "en") -> str:
    w = _words(lang)
    head, rs = _head(result, lang)
    out = [f"## {escape(w['title'])}: {escape(result.document or '-')}", ""]
    out.append(f"{escape(head)} ({escape(rs)})")
    out.append("")
    out.append(escape(w["initial"].format(ne=count(result.initial_errors, "error", lang)))
               + (escape(w["initial_note"]) if result.initial_errors else ""))
    out.append("")
    out += _steps_markdown(result.steps, w, lang)
    out.append("")
    first = result.first_breaking
    out.append(f"**{escape(w['none'])}**" if first is None else
               f"**{escape(w['first'].format(i=first.index, summary=summary(first.change, lang)))}**")
    out.append("")
    if result.reorder is not None:
        r = result.reorder
        out += [f"### {escape(w['reorder'])}", ""]
        if r.found:
            out += [escape(w["found"].format(why=r.why)), ""]
            out += _steps_markdown(r.steps, w, lang)
            rb = r.first_breaking
            out += ["", escape(w["then_ok"] if rb is None else w["then_breaks"].format(
                i=rb.index, what="; ".join(f"{f.rule} {f.message}" for f, _ in rb.introduced))), ""]
        else:
            out += [escape(w["not_found"].format(why=r.why)), ""]
    return "\n".join(out)


def _steps_markdown(steps: list, w: dict, lang: str) -> list[str]:
    header = [escape(w[k]) for k in ("step", "change", "result", "introduced", "fixed", "errors")]
    rows = []
    for s in steps:
        change = escape(summary(s.change, lang))
        if s.change.note:
            change += f"<br>{escape(s.change.note)}"
        introduced = "<br>".join(f"{f.rule} {escape(f.message)}" for f, _ in s.introduced) or "-"
        fixed = [f"{f.rule} {escape(f.account or f.subject or '')}" for f in s.fixed]
        fixed += [f"{f.rule} {escape(f.account or f.subject or '')} ({escape(w['gone'])})" for f in s.gone]
        status = term("verdict", "breaks" if s.breaks else "ok", lang)
        rows.append([s.index, change, escape(status), introduced, "<br>".join(fixed) or "-", s.counts["error"]])
    return table(header, rows)

