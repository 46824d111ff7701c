"""``wxtopo repair`` as text or JSON.

Reads a :class:`topology.planner.repair.RepairResult` (plain data). A reason restates a cap
finding in the rule's own message template (WX101-WX103), filled with the account, the count
and the limit, in either language (the JSON's ``why`` is the English one).
"""

from __future__ import annotations

from typing import Any

from ..sanitize import escape
from ..vocab import PHRASES, count, phrase

#: key → (English, Chinese): this report's wording
_PHRASES = PHRASES["repair"]


def _words(lang: str) -> dict[str, str]:
    i = 1 if lang == "zh" else 0
    return {k: v[i] for k, v in _PHRASES.items()}


def reason(cap: Any, lang: str, n: int | None = None, pinned: bool = False) -> str:
    """Why a cap binds, in ``lang``: the cap's own :meth:`describe` (its rule's message)."""
    return cap.describe(n, pinned=pinned, lang=lang)


def render(result: Any, format: str = "text", lang: str = "en") -> str:
    """``text`` or ``json``, as ``wxtopo repair --format`` prints it."""
    return render_json(result, lang) if format == "json" else render_text(result, lang)


def render_json(result: Any, lang: str = "en") -> str:
    """``result.to_json()``, its ``why`` texts in ``lang``: one dropped pair a line."""
    from ..planner.inputs import dumps_listing

    data = result.to_dict()
    if lang == "zh":
        for d, out in zip(result.dropped, data["dropped"]):
            out["why"] = phrase("punct", "clauses", lang).join(reason(c, lang) for c in d.relieves)
        for x, out in zip(result.infeasible, data.get("infeasible", [])):
            out["why"] = reason(x.cap, lang, len(x.links), pinned=True)
    return dumps_listing(data, "dropped")


def render_text(result: Any, lang: str = "en") -> str:
    """A headline, then one entry per dropped pair (or per infeasible cap) with its reason."""
    w = _words(lang)
    doc = result.document or "-"
    out = []
    if not result.feasible:
        out.append(w["infeasible"].format(doc=doc, caps=count(len(result.infeasible), "cap", lang)))
        for x in result.infeasible:
            out.append(f"  {reason(x.cap, lang, len(x.links), pinned=True)}")
            out += [f"    {w['pinned']} {u.source} → {u.target}  {', '.join(u.pointers)}" for u in x.links]
    elif not result.dropped:
        out.append(w["clean"].format(doc=doc))
    else:
        out.append(w["drop"].format(doc=doc, n=len(result.dropped), units=len(result.units),
                                    kept=result.kept_priority, dropped=result.dropped_priority))
        for d in result.dropped:
            u = d.unit
            out.append(f"  - {u.source} → {u.target}  {w['priority']} {u.priority}  {', '.join(u.pointers)}")
            out += [f"      {reason(c, lang)}" for c in d.relieves]
    out.append(f"  ({w['ruleset'].format(rs=result.ruleset.name, day=result.as_of.isoformat())})")
    return "\n".join(map(escape, out)) + "\n"  # file, ruleset and account names are the user's
