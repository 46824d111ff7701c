"""Changes files: their schema, their loader, and how a change is named.

A changes file (``schemas/changes.schema.json``)::

    {"schema_version": 1, "changes": [
      {"op": "add_account", "account": {"id": "shop-2", "type": "mini_program", "subject": "acme"}},
      {"op": "link", "source": "news", "target": "shop-2", "linked_on": "2026-12-01"},
      {"op": "unlink", "source": "news", "target": "shop-1", "on": "2026-12-01", "note": "old campaign"},
      {"op": "remove_account", "id": "old-shop"}]}

A file that cannot be read, or a change that cannot be applied, is a :class:`ChangesError`
naming its pointer in the changes file. The union of change types is :data:`PlannedChange`
(the diff's added/removed/changed records are :class:`topology.planner.diff.RecordChange`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from ..errors import DocumentError, Problem, WxtopoError, problems_text
from ..model import Account, Ignore
from ..sanitize import escape
from ..vocab import count, phrase, problem_text

if TYPE_CHECKING:  # pragma: no cover
    from ..loader import Source

SCHEMA_VERSION = 1
_KINDS = ("mini_program", "admin", "member", "promotes")
_OPS = ("link", "unlink", "add_account", "remove_account")
AccountRef = Annotated[str, Field(min_length=1, description="An account id: of the document, or added by an earlier change.")]


# -- the changes file ----------------------------------------------------------------------------
class _Change(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    op: str
    note: str | None = Field(default=None, description="Free text shown beside the change in the report.")


class _LinkChange(_Change):
    op: Literal["link"]
    source: AccountRef
    target: AccountRef


class LinkMiniProgram(_LinkChange):
    """Link an official account to a mini-program (公众号关联小程序); `kind` may be left out."""

    kind: Literal["mini_program"] = "mini_program"
    priority: Annotated[int, Field(ge=1)] = 1
    pinned: bool = False
    linked_on: date | None = None
    status: Literal["linked", "pending", "rejected"] = "linked"
    quick_registered: bool = False
    ignore: Ignore


class LinkAdmin(_LinkChange):
    """Add an `admin` link: a personal account administers an official account or mini-program."""

    kind: Literal["admin"]
    ignore: Ignore


class LinkMember(_LinkChange):
    """Add a `member` link: a person follows an enterprise account."""

    kind: Literal["member"]
    verified: bool = False
    ignore: Ignore


class LinkPromotes(_LinkChange):
    """Add a `promotes` link: traffic diversion from one account to another."""

    kind: Literal["promotes"]
    ignore: Ignore


class UnlinkMiniProgram(_Change):
    """Unlink an official account from a mini-program. With `on` the live record is kept as history
    (`unlinked_on`); without, the live record is removed from the document."""

    op: Literal["unlink"]
    kind: Literal["mini_program"] = "mini_program"
    source: AccountRef
    target: AccountRef
    on: date | None = Field(default=None, description="The day of the unlinking: kept as the record's unlinked_on.")


class UnlinkOther(_Change):
    """Remove an `admin`, `member` or `promotes` link (every record of it)."""

    op: Literal["unlink"]
    kind: Literal["admin", "member", "promotes"]
    source: AccountRef
    target: AccountRef


class AddAccount(_Change):
    """Add an account, written exactly as in the document's `accounts` list."""

    op: Literal["add_account"]
    account: Account


class RemoveAccount(_Change):
    """Remove an account and every link that names it."""

    op: Literal["remove_account"]
    id: AccountRef


def _link_tag(value: Any) -> str | None:
    kind = value.get("kind", "mini_program") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if isinstance(kind, str) else json.dumps(kind)


def _unlink_tag(value: Any) -> str | None:
    kind = _link_tag(value)
    return "other" if kind in ("admin", "member", "promotes") else kind


LinkChange = Annotated[
    Union[Annotated[LinkMiniProgram, Tag("mini_program")], Annotated[LinkAdmin, Tag("admin")],
          Annotated[LinkMember, Tag("member")], Annotated[LinkPromotes, Tag("promotes")]],
    Discriminator(_link_tag),
]
UnlinkChange = Annotated[
    Union[Annotated[UnlinkMiniProgram, Tag("mini_program")], Annotated[UnlinkOther, Tag("other")]],
    Discriminator(_unlink_tag),
]
PlannedChange = Annotated[Union[LinkChange, UnlinkChange, AddAccount, RemoveAccount], Field(discriminator="op")]


class ChangesFile(BaseModel):
    """An ordered list of changes to an ecosystem document (``wxtopo plan --changes``)."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, title="wxtopo changes")

    schema_ref: str | None = Field(default=None, alias="$schema", description="Ignored; for editors.")
    schema_version: Literal[1]
    changes: list[PlannedChange] = Field(description="Applied in this order, each to the state the previous ones left.")


class ChangesError(WxtopoError):
    """A changes file that cannot be read, or a change that cannot be applied (exit 2).

    ``problems`` carry pointers into the changes file; ``step`` is the index of the change that
    could not be applied (None for a file that could not be read); ``steps`` the steps applied
    before it.
    """

    def __init__(self, problems: list[Problem], name: str | None = None, step: int | None = None,
                 steps: Sequence[Any] = ()):
        self.problems = list(problems)
        self.name = name
        self.step = step
        self.steps = list(steps)
        super().__init__(self.text())

    def text(self, lang: str = "en") -> str:
        """What ``str()`` says, in ``lang``: the header, then one line per problem."""
        what = (problem_text("change_cannot_apply", {"step": self.step}, lang) if self.step is not None
                else count(len(self.problems), "error", lang))
        head = phrase("punct", "label", lang).format(label=escape(self.name), text=what) if self.name else what
        return problems_text(head, self.name, self.problems, lang)


@dataclass
class Changes:
    """A loaded changes file: the changes in order, the file's name and text (for positions)."""

    changes: list[Any]
    name: str | None = None
    source: Source | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.changes)


def load_changes(source: Changes | ChangesFile | str | Path | dict | list | Source, *,
                 name: str | None = None) -> Changes:
    """Read a changes file from a path ('-' for stdin), a mapping, a list of changes or a Source.

    Raises :class:`ChangesError` listing every problem with its pointer (and line and column
    when read from text).
    """
    from .. import arguments as check

    source = check.changes(source, "load_changes", "source")
    check.text(name, "load_changes", "name")

    from ..loader import Source, json_text, mapping_text, parse_data, read_source

    if isinstance(source, Changes):
        return source
    if isinstance(source, ChangesFile):
        return Changes(list(source.changes), name)
    if isinstance(source, list):
        source = {"schema_version": SCHEMA_VERSION, "changes": source}
    if isinstance(source, dict):
        try:
            text = mapping_text(source, name or "<mapping>", "load_changes", "source")
        except DocumentError as exc:  # too deep, NaN
            raise ChangesError(exc.problems, name or "<mapping>") from None
        except TypeError as exc:  # a value JSON cannot hold: a changes error, as it always was
            raise ChangesError([Problem.of("", "not_json_value", {"detail": str(exc)})], name or "<mapping>") from None
        source = Source(name or "<mapping>", text, "json")
    elif not isinstance(source, Source):
        try:
            source = read_source(source)
        except DocumentError as exc:  # unreadable, too large, not text
            raise ChangesError(exc.problems, exc.document) from None
    try:
        data = parse_data(source)  # syntax, duplicate keys, nesting: positioned
    except DocumentError as exc:
        raise ChangesError(exc.problems, source.name) from None
    text = source.text if source.format == "json" else json_text(data, source.name)
    try:
        spec = ChangesFile.model_validate_json(text)
    except ValidationError as exc:
        raise ChangesError(_problems(exc, source), source.name) from None
    return Changes(list(spec.changes), source.name, source)


_TAGS_AFTER = {"account": {"personal", "auxiliary", "subscription", "service", "enterprise", "mini_program"}}


def _problems(exc: ValidationError, source: Source) -> list[Problem]:
    """Pointer-named problems, as the document's are, with this file's discriminator tags taken
    out of the locations."""
    from ..problems import validation_problems as problems

    return problems(exc, source, _relocate)


def _relocate(err: dict, loc: list) -> tuple[list, tuple[str, dict] | None]:
    """``/changes/2/link/admin/x`` → ``/changes/2/x``; an unknown link kind gets its own message."""
    if len(loc) >= 3 and loc[0] == "changes" and loc[2] in _OPS:
        op = loc.pop(2)
        if op in ("link", "unlink") and len(loc) >= 3 and loc[2] in (*_KINDS, "other"):
            del loc[2]
    for i in range(len(loc) - 1):
        if loc[i] in _TAGS_AFTER and loc[i + 1] in _TAGS_AFTER[loc[i]]:
            del loc[i + 1]
            break
    if err["type"] == "union_tag_invalid" and "(" in str((err.get("ctx") or {}).get("discriminator", "")):
        given = err["input"].get("kind") if isinstance(err.get("input"), dict) else None
        return [*loc, "kind"], ("change_unknown_kind", {"given": json.dumps(given, ensure_ascii=False),
                                                        "expected": ", ".join(_KINDS),
                                                        "kinds": [json.dumps(k) for k in _KINDS]})
    return loc, None


# -- describing a change ------------------------------------------------------------------------
def change_dict(change: Any) -> dict[str, Any]:
    """The change as written (fields given, dates as strings)."""
    return change.model_dump(mode="json", by_alias=True, exclude_unset=True)


def summary(change: Any, lang: str = "en") -> str:
    """``link mini_program news → shop``: one line naming what the change does (in Chinese, its
    op and kind in words: ``关联 小程序 news → shop``)."""
    from ..vocab import term

    zh = lang == "zh"
    op = phrase("change", change.op, lang)
    if change.op in ("link", "unlink"):
        kind = term("link_kind", change.kind, lang) if zh else change.kind
        text = f"{op} {kind} {change.source} → {change.target}"
        on = getattr(change, "on", None)
        if not on:
            return text
        return phrase("change", "on", lang).format(text=text, day=on.isoformat())
    if change.op == "add_account":
        kind = term("account_type", change.account.type, lang) if zh else change.account.type
        return phrase("punct", "paren", lang).format(text=f"{op} {change.account.id}", inner=kind)
    return f"{op} {change.id}"


def is_removal(change: Any) -> bool:
    return change.op in ("unlink", "remove_account")
