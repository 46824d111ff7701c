"""Text that is safe to print: control characters are shown, never obeyed.

Ids, names, unknown keys, values and file names come from documents and command lines that
wxtopo does not control. Printed raw, ``ESC ] 0 ;`` retitles a terminal, ``ESC [ 2 J``
clears it, a newline forges a second error line, and U+202E turns the rest of a line around.
Every text renderer and every error message passes what it did not write itself through
:func:`escape`; whole outputs pass through :func:`terminal_text` before they are written.

The characters shown escaped: C0 controls, DEL, C1 controls, the line and paragraph
separators (U+2028, U+2029: ``str.splitlines`` breaks on them), the bidirectional marks,
embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
and lone surrogates (an undecodable file name).

Plain data and ``re`` only: the catalogue and ``--help`` import it at no cost.
"""

from __future__ import annotations

import os
import re

#: what is never shown raw beyond the C0 controls, as the body of a regular-expression class
#: written with escapes (valid in Python, Rust and ECMAScript: the id pattern of the schemas
#: uses it too): DEL, C1, the bidirectional and line-separator characters
UNSHOWABLE_ABOVE_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
#: every character shown escaped (C0 included)
UNSHOWABLE = r"\x00-\x1f" + UNSHOWABLE_ABOVE_C0
_SURROGATES = r"\ud800-\udfff"
_ANY = re.compile(f"[{UNSHOWABLE}{_SURROGATES}]")
#: the same, except line feed and tab (a multi-line output keeps its layout)
_IN_TEXT = re.compile(rf"[\x00-\x08\x0b-\x1f{UNSHOWABLE_ABOVE_C0}{_SURROGATES}]")
#: what ``json.dumps(ensure_ascii=False)`` leaves raw (it escapes C0 itself)
_IN_JSON = re.compile(f"[{UNSHOWABLE_ABOVE_C0}{_SURROGATES}]")
#: colour codes wxtopo writes itself (SGR: reset, bold, dim, red, green, yellow, cyan)
_OWN_SGR = re.compile(r"\x1b\[(?:0|1|2|31|32|33|36)m")
_SURROGATE = re.compile(f"[{_SURROGATES}]")


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _shown(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every control character shown as an escape: for one field (an id, a key,
    a file name), where even a line break would forge output.

    >>> escape("shop\\x1b]0;pwned\\x07")
    'shop\\\\x1b]0;pwned\\\\x07'
    >>> escape("a\\nb \\u202egnp.exe")
    'a\\\\nb \\\\u202egnp.exe'
    >>> escape("暖芽 mall")
    '暖芽 mall'
    """
    if not _ANY.search(text):
        return text
    return _ANY.sub(_shown, text)


def terminal_text(text: str, *, colour: bool = False) -> str:
    """A whole output made safe: line feeds and tabs kept, every other control character
    escaped; with ``colour``, wxtopo's own colour codes are kept too.

    >>> terminal_text("ok\\n\\x1b[2Jgone\\r\\n")
    'ok\\n\\\\x1b[2Jgone\\\\r\\n'
    >>> terminal_text("\\x1b[31merror\\x1b[0m \\x1b]0;t\\x07", colour=True)
    '\\x1b[31merror\\x1b[0m \\\\x1b]0;t\\\\x07'
    """
    if not _IN_TEXT.search(text):
        return text
    if not colour:
        return _IN_TEXT.sub(_shown, text)
    parts = _OWN_SGR.split(text)
    codes = _OWN_SGR.findall(text)
    out = [_IN_TEXT.sub(_shown, parts[0])]
    for code, part in zip(codes, parts[1:]):
        out += [code, _IN_TEXT.sub(_shown, part)]
    return "".join(out)


def json_escapes(text: str) -> str:
    """JSON text with the controls ``json.dumps(ensure_ascii=False)`` leaves raw (DEL, C1, the
    bidirectional controls, lone surrogates) written as ``\\uXXXX``: the same data, safe to print.

    They can only occur inside strings, where the escape means the same character.

    >>> print(json_escapes('{"name": "a\u202eb\x7f"}'))
    {"name": "a\\u202eb\\u007f"}
    """
    if not _IN_JSON.search(text):
        return text
    return _IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def display_path(path: str | bytes | os.PathLike) -> str:
    """How a file name is shown in reports: decoded as the file system encodes it, with each
    byte that is not UTF-8 (a surrogate from ``os.fsdecode``) replaced by U+FFFD.

    Open files by the name as given; show them by this one.

    >>> display_path(b"\\xff\\xfe.json")
    '\\ufffd\\ufffd.json'
    >>> display_path("samples/bloom.json")
    'samples/bloom.json'
    """
    name = os.fsdecode(path)
    return _SURROGATE.sub("\ufffd", name) if _SURROGATE.search(name) else name
