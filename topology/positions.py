"""JSON pointers (RFC 6901) and where they sit in JSON text.

A report names a finding by its pointer; a person wants a line and a column. The happy path
never builds a position index: positions are looked up when a report or an error needs them,
for all wanted pointers in one walk over just the containers on their paths, skipping every
other value with the C decoder. An error path that needs thousands of positions (a file
written with ``from``/``to`` instead of ``source``/``target``) costs one walk, not one each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable


def escape_pointer_token(token: str | int) -> str:
    text = str(token)
    return text.replace("~", "~0").replace("/", "~1") if "~" in text or "/" in text else text


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~") if "~" in token else token


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer (RFC 6901) from path tokens.

    >>> pointer("accounts", 3, "subject")
    '/accounts/3/subject'
    >>> pointer("a/b", "c~d")
    '/a~1b/c~0d'
    """
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def pointer_tokens(ptr: str) -> list[str]:
    """The unescaped tokens of a pointer: ``'/a~1b/0'`` → ``['a/b', '0']``."""
    return [unescape_pointer_token(t) for t in ptr.split("/")[1:]]


def with_ancestors(pointers: Iterable[str]) -> set[str]:
    """Every pointer and each of its ancestors (a missing field is located at its parent).

    >>> sorted(with_ancestors(["/links/3/source"]))
    ['', '/links', '/links/3', '/links/3/source']
    """
    out: set[str] = set()
    for p in pointers:
        while p not in out:
            out.add(p)
            if not p:
                break
            p = p[: p.rfind("/")]
    return out


_HERE = object()
_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DECODER = json.JSONDecoder()


def json_locate(text: str, pointers: Iterable[str]) -> dict[str, int]:
    """Map each pointer to the character offset where its value starts in JSON ``text``.

    Pointers that do not resolve are left out; text that is not JSON yields what was found
    before the problem.

    >>> json_locate('{"a": [1, {"b": 2}]}', ["/a/1/b", "/a/5", ""])
    {'': 0, '/a/1/b': 16}
    """
    wanted = sorted(set(pointers))
    if not wanted:
        return {}
    trie: dict = {}
    for p in wanted:
        node = trie
        for tok in pointer_tokens(p):
            node = node.setdefault(tok, {})
        node[_HERE] = p
    found: dict[str, int] = {}
    try:
        _walk(text, _skip_ws(text, 0), trie, found, len(wanted))
    except _Done:
        pass
    except (ValueError, IndexError, TypeError, AttributeError, RecursionError):
        pass  # a malformed region: keep what was found before it
    return dict(sorted(found.items()))


def _skip_ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()


class _Done(Exception):
    """Every wanted pointer has been found: stop walking."""


def _walk(text: str, i: int, trie: dict, found: dict[str, int], total: int) -> int:
    """Record offsets of the trie's pointers inside the value at ``i``; return its end."""
    if _HERE in trie:
        found[trie[_HERE]] = i
        if len(found) == total:
            raise _Done
    if len(trie) == (1 if _HERE in trie else 0):
        return _DECODER.raw_decode(text, i)[1]
    ch = text[i]
    if ch == "{":
        i = _skip_ws(text, i + 1)
        if text[i] == "}":
            return i + 1
        while True:
            m = _STRING.match(text, i)
            key = m.group()
            key = json.loads(key) if "\\" in key else key[1:-1]
            i = _skip_ws(text, m.end())
            i = _skip_ws(text, i + 1)  # the colon
            sub = trie.get(key)
            i = _walk(text, i, sub, found, total) if sub is not None else _DECODER.raw_decode(text, i)[1]
            i = _skip_ws(text, i)
            if text[i] == "}":
                return i + 1
            i = _skip_ws(text, i + 1)
    if ch == "[":
        i = _skip_ws(text, i + 1)
        if text[i] == "]":
            return i + 1
        n = 0
        while True:
            sub = trie.get(str(n))
            i = _walk(text, i, sub, found, total) if sub is not None else _DECODER.raw_decode(text, i)[1]
            i = _skip_ws(text, i)
            if text[i] == "]":
                return i + 1
            i = _skip_ws(text, i + 1)
            n += 1
    return _DECODER.raw_decode(text, i)[1]


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}:,]', re.DOTALL)


def _scan(text: str, end: int | None = None, on_key=None) -> list[list]:
    """Tolerant tokenizer: the containers open at ``end`` (each ``[kind, key or index, expecting
    a key, offset of its last key, keys seen]``); ``on_key(stack, key, offset)`` hears every key."""
    stack: list[list] = []
    for m in _TOKEN.finditer(text, 0, len(text) if end is None else end):
        tok = m.group()
        if tok in "{[":
            stack.append([tok, 0 if tok == "[" else None, tok == "{", None, set()])
        elif tok in "}]":
            if stack:
                stack.pop()
        elif tok == ",":
            if stack:
                top = stack[-1]
                if top[0] == "[":
                    top[1] += 1
                else:  # the previous member is complete: until a key comes, we are in the object
                    top[1], top[2], top[3] = None, True, None
        elif tok == ":":
            if stack:
                stack[-1][2] = False
        elif stack and stack[-1][0] == "{" and stack[-1][2]:
            try:
                key = json.loads(tok)
            except ValueError:
                key = tok.strip('"')
            stack[-1][1], stack[-1][3] = key, m.start()
            if on_key is not None:
                on_key(stack, key, m.start())
    return stack


def _path(stack: list[list]) -> str:
    return pointer(*(t[1] for t in stack if t[1] is not None))


def json_pointer_at(text: str, offset: int) -> tuple[str, int | None]:
    """(pointer of the innermost value being read at ``offset``, offset of the last object key
    read there or None): for text that did not parse.

    >>> json_pointer_at('{"a": [1, {"b": tru', 18)
    ('/a/1/b', 11)
    """
    stack = _scan(text, offset)
    return _path(stack), (stack[-1][3] if stack else None)


def json_duplicate_keys(text: str) -> list[tuple[str, int]]:
    """(pointer, offset of the key) of every key that repeats one before it in its object, in
    text order: for the error path (the parser stops at the first).

    >>> json_duplicate_keys('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}')
    [('/b/c', 23), ('/a', 32)]
    """
    out: list[tuple[str, int]] = []

    def on_key(stack: list[list], key: str, offset: int) -> None:
        if key in stack[-1][4]:
            out.append((_path(stack), offset))
        stack[-1][4].add(key)

    _scan(text, on_key=on_key)
    return out
