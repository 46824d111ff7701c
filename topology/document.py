"""Loading an ecosystem document: text → :class:`~topology.model.Ecosystem`, or every problem.

:mod:`topology.loader` turns bytes into text and values (syntax, duplicate keys, limits);
:mod:`topology.model` says what a document is; this module joins them, so that each problem of a
document (a YAML error, a duplicate key, a wrong type) is reported one way, with its pointer,
line and column.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from ._gc import bulk_allocation, release_free_memory
from .errors import DocumentError, Problem
from .loader import Source, decode, json_text, mapping_text, parse_data, read_source, utf8
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
    Both build millions of objects for a large document: the collector stays out (``_gc``).
    """
    duplicates: list[Problem] = []
    with bulk_allocation():
        if source.format == "yaml":
            text = json_text(parse_data(source), source.name)
        else:
            # an ASCII str is read in place; any other, as bytes (see loader.utf8)
            encoded = None if source.text.isascii() else utf8(source.text)
            try:
                parse_data(source, encoded)
            except DocumentError as exc:  # duplicate keys: the model can still say what else is wrong
                if not all(p.key == "duplicate_key" for p in exc.problems):
                    raise
                duplicates = exc.problems
                encoded = None  # read past the first duplicate only: the model's own reading says the rest
            text = source.text if encoded is None else encoded
        try:
            eco = Ecosystem.model_validate_json(text)
        except ValidationError as exc:
            raise DocumentError(duplicates + validation_problems(exc, source, untag), source.name) from None
    if duplicates:
        raise DocumentError(duplicates, source.name)
    if len(text) >= LARGE:
        share_fields_sets(eco)
        release_free_memory()
    eco.attach_source(source)
    return eco


#: the text length (32 MiB, about 2.5·10^5 links) from which memory, not the few hundredths of a
#: second it costs, is what runs out: the model's sets are shared and what pydantic's parser freed
#: is handed back to the system (with the gc pause, 10^6 links: 2.70 GB peak → 2.24 GB)
LARGE = 1 << 25


def share_fields_sets(eco: Ecosystem) -> None:
    """Let the records that gave the same fields share one set of those names.

    pydantic keeps the names given for each record (``model_fields_set``, read by
    ``model_dump(exclude_unset=True)``) in a set of its own: 216 bytes or more per record, a
    third of the memory of a large document's model. Every link giving ``kind``, ``source`` and
    ``target`` now shares one; a record assigned to afterwards copies its set first
    (``model._Model.__setattr__``), so no record ever sees another's names.
    """
    shared: dict[frozenset[str], set[str]] = {}
    mine = shared.setdefault
    for records in (eco.subjects, eco.accounts, eco.links):
        for record in records:
            names = _get_fields_set(record)
            common = mine(frozenset(names), names)
            if common is not names:
                _set_fields_set(record, common)


_get_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__get__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__


def untag(err: dict, loc: list) -> tuple[list, str | None]:
    """A discriminated union puts the tag into the location: /accounts/3/service/verified → /accounts/3/verified."""
    if len(loc) >= 3 and loc[0] in UNION_TAGS and loc[2] in UNION_TAGS[loc[0]]:
        del loc[2]
    return loc, None
