"""YAML scalars as JSON values: YAML 1.1 resolution as PyYAML's SafeLoader does it, except
that timestamps stay strings (the model checks dates as it checks JSON's) and that what JSON
cannot hold is refused: NaN, infinities, integers too long to convert, non-JSON tags.

Shared by the fast walk and the tolerant event replay of :mod:`topology.yaml_reader`.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from .sanitize import escape

TAG_PREFIX = "tag:yaml.org,2002:"
STR_TAG, SEQ_TAG, MAP_TAG = TAG_PREFIX + "str", TAG_PREFIX + "seq", TAG_PREFIX + "map"
MISSING, MERGE = object(), object()
#: YAML 1.1 words, as PyYAML's resolver reads them; '' is null, '<<' a merge key
WORDS: dict[str, Any] = {w: v for v, words in ((True, "yes Yes YES true True TRUE on On ON"),
                                                (False, "no No NO false False FALSE off Off OFF"),
                                                (None, "~ null Null NULL")) for w in words.split()}
WORDS.update({"": None, "<<": MERGE})
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
#: a plain scalar starting otherwise is never a number
NUMBER_START = frozenset("0123456789+-.")
# PyYAML's implicit int and float patterns (resolver.py), kept exact
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", re.VERBOSE)
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.VERBOSE)
_MAX_DIGITS = 4300  # Python's own limit for int <-> str: a longer integer cannot reach the JSON text
_BIG = 10**_MAX_DIGITS


class NotJSON(Exception):
    """A scalar or key that is not a JSON value: a problem key of :data:`topology.vocab.PROBLEMS` and its
    values; the caller adds where it is."""

    def __init__(self, key: str, **values: Any):
        self.key, self.values = key, values
        super().__init__(key)


def scalar(node: Any) -> Any:
    """A scalar node's value: plain ones resolved as YAML 1.1, tagged ones by their tag."""
    tag, text = node.tag, node.value
    if tag is None:
        value = WORDS.get(text, MISSING)
        if value is MERGE:
            raise NotJSON("yaml_merge")
        if value is not MISSING:
            return value
        return plain_number(text) if text[0] in NUMBER_START else text
    if tag == STR_TAG or tag == TAG_PREFIX + "timestamp":
        return text
    if tag == TAG_PREFIX + "int":
        if not _INT.match(text):
            raise NotJSON("yaml_bad_scalar", tag="!!int")
        return _int(text)
    if tag == TAG_PREFIX + "float":
        if not (_FLOAT.match(text) or _INT.match(text)):
            raise NotJSON("yaml_bad_scalar", tag="!!float")
        return _float(text) if _FLOAT.match(text) else float(_int(text))
    if tag == TAG_PREFIX + "bool":
        if text.lower() not in _BOOLS:
            raise NotJSON("yaml_bad_scalar", tag="!!bool")
        return _BOOLS[text.lower()]
    if tag == TAG_PREFIX + "null":
        return None
    raise NotJSON("yaml_tag", tag=tag_name(tag))


def plain_number(text: str) -> Any:
    if _INT.match(text):
        return _int(text)
    if _FLOAT.match(text):
        return _float(text)
    return text  # a timestamp, a version number...: a string


def _int(text: str) -> int:
    """As PyYAML's SafeConstructor (``0x``, ``0b``, leading-zero octal, ``1:30`` base 60)."""
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if len(digits) > _MAX_DIGITS:
        raise NotJSON("integer_range")
    if digits == "0":
        return 0
    if digits.startswith(("0b", "0x")):
        n = int(digits, 0)
    elif digits[0] == "0":
        n = int(digits, 8)
    elif ":" in digits:
        n = 0
        for part in digits.split(":"):
            n = n * 60 + int(part)
    else:
        n = int(digits)
    if n >= _BIG:
        raise NotJSON("integer_range")
    return sign * n


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[0] == "-" else 1.0
    if digits[0] in "+-":
        digits = digits[1:]
    if digits in (".inf", ".nan"):
        raise NotJSON("not_json_number", text=text)
    if ":" in digits:
        value = 0.0
        for part in digits.split(":"):
            value = value * 60 + float(part)
    else:
        value = float(digits)
    if value in (float("inf"), float("-inf")):
        raise NotJSON("number_too_large", text=text)
    return sign * value


def json_key(node: Any) -> str:
    """A mapping key as JSON writes it: ``true`` → "true", ``1`` → "1", ``~`` → "null"."""
    if type(node) is not ScalarNode:
        raise NotJSON("key_not_string", node="mapping" if type(node) is MappingNode else "sequence")
    value = scalar(node)
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return repr(value)  # int or float, as json.dumps writes keys


def json_key_or_none(node: Any) -> str | None:
    try:
        return json_key(node)
    except NotJSON:
        return getattr(node, "value", None) if type(node) is ScalarNode else None



def tag_name(tag: str) -> str:
    return escape("!!" + tag[len(TAG_PREFIX):] if tag.startswith(TAG_PREFIX) else tag)
