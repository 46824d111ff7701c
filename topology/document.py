"""Loading an ecosystem document: text → :class:`~topology.model.Ecosystem`, or every problem.

:mod:`topology.loader` turns bytes into text and values (syntax, duplicate keys, limits);
:mod:`topology.model` says what a document is; this module joins them, so that each problem of a
document (a YAML error, a duplicate key, a wrong type) is reported one way, with its pointer,
line and column.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ._gc import bulk_allocation
from .errors import DocumentError, Problem
from .loader import Source, decode, json_text, mapping_text, parse_data, read_source
from .model import UNION_TAGS, Ecosystem
from .problems import validation_problems


def load(document: str | Path | bytes | dict | Source, *, name: str | None = None) -> Ecosystem:
    """Load an ecosystem from a path ('-' for stdin), bytes, a mapping or a Source.

    Raises :class:`topology.DocumentError` listing every problem with its JSON pointer.

    >>> eco = load({"schema_version": 1, "accounts": [{"id": "a", "type": "personal"}]})
    >>> eco.accounts[0].real_name_verified
    True
    """
    from . import arguments as check

    document = check.document(document, "load")
    check.text(name, "load", "name")

    if isinstance(document, Source):
        source = document
    elif isinstance(document, bytes):
        source = decode(document, name or "<bytes>")
    elif isinstance(document, dict):
        source = Source(name or "<mapping>", mapping_text(document, name or "<mapping>", "load"), "json")
    else:
        source = read_source(document)
    return parse(source)


def parse(source: Source) -> Ecosystem:
    """Validate a Source into an Ecosystem, or raise DocumentError.

    The text is first read by :func:`topology.loader.parse_data` (syntax, duplicate keys,
    nesting, positioned), then validated by pydantic's JSON parser, strict as the models are.
    """
    duplicates: list[Problem] = []
    if source.format == "yaml":
        text = json_text(parse_data(source), source.name)
    else:
        try:
            parse_data(source)
        except DocumentError as exc:  # duplicate keys: the model can still say what else is wrong
            if not all(p.key == "duplicate_key" for p in exc.problems):
                raise
            duplicates = exc.problems
        text = source.text
    try:
        with bulk_allocation():
            eco = Ecosystem.model_validate_json(text)
    except ValidationError as exc:
        raise DocumentError(duplicates + validation_problems(exc, source, untag), source.name) from None
    if duplicates:
        raise DocumentError(duplicates, source.name)
    eco.attach_source(source)
    return eco


def untag(err: dict, loc: list) -> tuple[list, str | None]:
    """A discriminated union puts the tag into the location: /accounts/3/service/verified → /accounts/3/verified."""
    if len(loc) >= 3 and loc[0] in UNION_TAGS and loc[2] in UNION_TAGS[loc[0]]:
        del loc[2]
    return loc, None
