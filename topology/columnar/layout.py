"""The table-set layout: which tables, which columns, of which types, with which defaults.

A table set is a directory with one table per record kind (``subjects``, ``accounts``,
``links``; ``broadcasts`` and ``bans`` optional), each as ``NAME.parquet``, ``NAME.csv``,
``NAME.jsonl`` or a directory ``NAME/`` of Parquet files, and an optional ``ecosystem.json``
with the document-level fields. Columns are the document's field names (docs/document.md).

Everything here is derived from the document model (:mod:`topology.model`), so the two
cannot drift: a column exists because some record type has that field, and an absent value
takes the default of the record's own type (``phone_bound`` is true for a personal account,
false for an auxiliary).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from .. import model as M

#: tables in load order; the first three must be present (they may be empty)
TABLES: tuple[str, ...] = ("subjects", "accounts", "links", "broadcasts", "bans")
REQUIRED: tuple[str, ...] = ("subjects", "accounts", "links")
#: file forms a table may take, in the order they are looked for
SUFFIXES: tuple[str, ...] = (".parquet", ".csv", ".jsonl")
DOCUMENT_FIELDS: tuple[str, ...] = ("schema_version", "name", "as_of")
#: the separator of list values in CSV cells
LIST_SEPARATOR = ";"

ACCOUNT_MODELS: dict[str, type] = {
    "personal": M.Personal, "auxiliary": M.Auxiliary, "subscription": M.Subscription, "service": M.Service,
    "enterprise": M.Enterprise, "mini_program": M.MiniProgram,
}
LINK_MODELS: dict[str, type] = {
    "mini_program": M.MiniProgramLink, "admin": M.AdminLink, "member": M.MemberLink, "promotes": M.PromotesLink,
}


@dataclass(frozen=True)
class Column:
    """One column: its value kind (``id``, ``text``, ``bool``, ``date``, ``int``, ``enum``,
    ``list``), the values an enum or list may hold (None: any rule ID pattern / free), and
    whether every row must have it."""

    name: str
    kind: str
    values: tuple[str, ...] | None = None
    required: bool = False

    @property
    def sql_type(self) -> str:
        return {"bool": "BOOLEAN", "date": "DATE", "int": "BIGINT", "list": "VARCHAR[]"}.get(self.kind, "VARCHAR")


def _kind_of(annotation: Any) -> tuple[str, tuple[str, ...] | None]:
    """(column kind, allowed values) of a pydantic field annotation."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _kind_of(args[0])
    if origin is typing.Annotated:
        return _kind_of(args[0])
    if origin is Literal:
        return "enum", tuple(get_args(annotation))
    if origin is list:
        inner = get_args(annotation)[0]
        kind, values = _kind_of(inner)
        return "list", values if kind == "enum" else None
    if annotation is bool:
        return "bool", None
    if annotation is int:
        return "int", None
    if annotation is date:
        return "date", None
    return "text", None


def _columns(models: dict[str, type] | list[type], key: str | None, skip: tuple[str, ...] = ()) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for model in (models.values() if isinstance(models, dict) else models):
        for name, field in model.model_fields.items():
            if name in skip or name in out:
                continue
            kind, values = _kind_of(field.annotation)
            if name in ("id", "source", "target", "subject", "primary", "account"):
                kind = "id"
            if name == key:
                values = tuple(models)  # type: ignore[arg-type]
            elif kind == "list" or name == "status":
                values = None  # per type: see choices()
            required = name in ("id", "source", "target", key, "kind") or (name in ("date", "start"))
            out[name] = Column(name, kind, values, required and name != "subject")
    return out


@lru_cache(maxsize=1)
def columns() -> dict[str, dict[str, Column]]:
    """table → column name → :class:`Column`, in a fixed order."""
    subjects = _columns([M.Subject], None)
    accounts = _columns(ACCOUNT_MODELS, "type", skip=("bans", "broadcasts"))
    links = _columns(LINK_MODELS, "kind")
    account = Column("account", "id", None, True)
    broadcasts = {"account": account, **_columns([M.Broadcast], None)}
    bans = {"account": account, **_columns([M.Ban], None)}
    return {"subjects": subjects, "accounts": accounts, "links": links, "broadcasts": broadcasts, "bans": bans}


def _models(table: str) -> dict[str, type]:
    models = {"accounts": ACCOUNT_MODELS, "links": LINK_MODELS}.get(table)
    if models is None:
        return {"": {"subjects": M.Subject, "broadcasts": M.Broadcast, "bans": M.Ban}[table]}
    return models


@lru_cache(maxsize=None)
def allowed(table: str) -> dict[str, dict[str, Any]]:
    """For ``accounts`` and ``links``: type (or kind) → field → default, of the fields that type
    has (a value in another column is a problem). Other tables: {"": field → default}."""
    return {tag: {n: _default(f) for n, f in model.model_fields.items() if n not in ("bans", "broadcasts")}
            for tag, model in _models(table).items()}


@lru_cache(maxsize=None)
def choices(table: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """type (or kind, or "") → field → the values an enum or list field of that type may hold
    (``features`` differ by account type)."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for tag, model in _models(table).items():
        for n, f in model.model_fields.items():
            kind, values = _kind_of(f.annotation)
            if values is not None and n not in ("type", "kind"):
                out.setdefault(tag, {})[n] = values
    return out


def _default(field: Any) -> Any:
    if field.default_factory is not None:
        return field.default_factory()
    default = field.default
    return None if default is Ellipsis or repr(default) == "PydanticUndefined" else default


def locate(root: Path, table: str) -> Path | None:
    """The file (or Parquet directory) holding ``table`` in the table set at ``root``, if any."""
    for suffix in SUFFIXES:
        p = root / f"{table}{suffix}"
        if p.is_file():
            return p
    d = root / table
    if d.is_dir():
        return d
    return None


def is_table_set(path: Path) -> bool:
    """A directory with at least one of the tables (a document is a file)."""
    return path.is_dir() and any(locate(path, t) is not None for t in TABLES)
