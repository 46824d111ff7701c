"""What every part of the HTML report shares: escaping, text in both languages, the page shell.

Every string a document or a command line supplied passes through :func:`esc` (control and
bidirectional characters shown as escapes by :func:`topology.sanitize.escape`, then HTML
escaping, quotes included), so no id, name or message can open a tag or end an attribute.
The page's CSS and JavaScript are files of the package (``assets/``), inlined: the page
fetches nothing.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

from ..sanitize import escape
from ..vocab import TERMS, phrase, term

LANGS = ("en", "zh")


def esc(text: object) -> str:
    """Text safe inside an element or a quoted attribute. A cited URL (a ruleset's source) stays
    text, its colon written ``&#58;``: the page's bytes then hold no ``http://`` at all, so a
    search for one finds only what would be fetched (nothing)."""
    return html.escape(escape(str(text)), quote=True).replace("://", "&#58;//")


def attr_json(value: Any) -> str:
    """JSON for a double-quoted attribute: ASCII only (no bidi character survives), then escaped."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return html.escape(text, quote=True).replace("://", "&#58;//")


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``<``, ``>`` or ``&`` raw, so
    neither ``</script>`` nor ``<!--`` can end or bend the block."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("://", "\\u003a//")  # only inside a string: a JSON colon is never followed by //


def both(texts: dict[str, str] | tuple[str, str], tag: str = "span") -> str:
    """The same text in both languages; the stylesheet shows the one of ``html[data-lang]``."""
    en, zh = (texts["en"], texts["zh"]) if isinstance(texts, dict) else texts
    if en == zh:
        return f"<{tag}>{esc(en)}</{tag}>"
    return f'<{tag} class="t" lang="en">{esc(en)}</{tag}><{tag} class="t" lang="zh">{esc(zh)}</{tag}>'


def word(key: str, **values: Any) -> dict[str, str]:
    """A page word (``PHRASES["html"]``) in both languages, filled with ``values``."""
    return {lang: phrase("html", key, lang).format(**values) for lang in LANGS}


def words(key: str, **values: Any) -> str:
    return both(word(key, **values))


def terms(kind: str, key: str) -> dict[str, str]:
    return {lang: term(kind, key, lang) for lang in LANGS}


def option(value: str, label: dict[str, str] | str) -> str:
    """An ``<option>``: options hold no markup, so the script swaps its text from data-en/data-zh."""
    if isinstance(label, str):
        return f'<option value="{esc(value)}">{esc(label)}</option>'
    return (f'<option value="{esc(value)}" data-en="{esc(label["en"])}" data-zh="{esc(label["zh"])}">'
            f'{esc(label["en"])}</option>')


@cache
def asset(name: str) -> str:
    """A file of ``topology/formats/assets`` (shipped as package data)."""
    return resources.files("topology.formats").joinpath("assets", name).read_text(encoding="utf-8")


def page(lang: str, title: dict[str, str], body: str, data: dict[str, Any]) -> str:
    """The whole document: inline style, the body, the page's data and its script."""
    css = asset("report.css")
    js = asset("report.js")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" data-lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title[lang])}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f'<button type="button" id="lang-switch">{words("switch")}</button>\n'
        f"{body}"
        f'<script type="application/json" id="report-data">{script_json(data)}</script>\n'
        f"<script>\n{js}</script>\n</body>\n</html>\n"
    )


def page_words() -> dict[str, list[str]]:
    """The words the script writes itself (the account panel, counts), both languages."""
    keys = ("type", "subject", "findings", "headroom", "none", "shown", "name", "close", "account",
            "more", "all")
    out = {k: [phrase("html", k, lang) for lang in LANGS] for k in keys}
    for cap in ("same_subject", "cross_subject", "officials"):
        out["cap_" + cap] = [phrase("headroom", cap, lang) for lang in LANGS]
    for kind in TERMS["account_type"]:
        out["type_" + kind] = [term("account_type", kind, lang) for lang in LANGS]
    for col in ("used", "limit", "free", "off"):
        out[col] = [phrase("headroom", col, lang) for lang in LANGS]
    return out
