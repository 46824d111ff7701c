"""The ecosystem document as pydantic models (SPEC §1), and loading text into them.

Every model forbids unknown fields and is strict about types (``"6"`` is not an
integer, ``1`` is not an id), because a validator that guesses hides typos. Dates are
ISO ``YYYY-MM-DD`` strings; an impossible date (``2026-02-30``) is a document error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator

from ._gc import bulk_allocation
from .errors import DocumentError, Problem
from .loader import Source, decode, pointer, read_source, yaml_loader
from .vocab import SUBJECT_KINDS

Id = Annotated[str, Field(min_length=1, description="An identifier, unique within its list.")]
Ref = Annotated[str, Field(min_length=1, description="The id of an entity defined in this document.")]
RuleId = Annotated[str, Field(pattern=r"^WX[0-9]{3}$")]
Ignore = Annotated[
    list[RuleId],
    Field(default_factory=list, description="Rule IDs whose findings on this entity are suppressed."),
]
SubjectKind = Literal[SUBJECT_KINDS]
PersonalFeature = Literal["transfer", "red_packet"]
OfficialFeature = Literal["wechat_pay", "advanced_api", "custom_menu"]
EnterpriseFeature = Literal["read_receipts", "recall", "internal_apps"]
MiniProgramFeature = Literal["store_jump", "version_rollback", "product_import", "wechat_pay"]
FriendAddMethod = Literal["wechat_id", "qr_code", "group_chat", "contact_card", "phone_search"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Subject(_Model):
    """The legal subject (主体) that registers accounts."""

    id: Id
    kind: SubjectKind
    name: str | None = None
    ignore: Ignore


class Ban(_Model):
    """A ban (封号) of a personal account; ``end`` absent means still banned."""

    start: date
    end: date | None = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, v: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if v is not None and start is not None and v < start:
            raise ValueError(f"ban ends ({v}) before it starts ({start})")
        return v


class Broadcast(_Model):
    """One mass message (群发) sent on ``date`` with ``articles`` articles (图文)."""

    date: date
    articles: Annotated[int, Field(ge=1)] = 1


class _Account(_Model):
    id: Id
    name: str | None = None
    ignore: Ignore


class Personal(_Account):
    """个人主账号: a person's main WeChat account."""

    type: Literal["personal"]
    subject: Ref | None = None
    registered_on: date | None = None
    real_name_verified: bool = True
    phone_bound: bool = True
    wechat_pay_bound: bool = False
    bans: list[Ban] = Field(default_factory=list)
    features: list[PersonalFeature] = Field(default_factory=list)


def _default_friend_methods() -> list[str]:
    return ["wechat_id", "qr_code", "group_chat", "contact_card"]


class Auxiliary(_Account):
    """辅助账号: registered with a main account's phone number."""

    type: Literal["auxiliary"]
    primary: Ref
    registered_on: date | None = None
    phone_bound: bool = False
    identity_bound: bool = False
    friend_add_methods: list[FriendAddMethod] = Field(default_factory=_default_friend_methods)
    features: list[PersonalFeature] = Field(default_factory=list)


class Subscription(_Account):
    """订阅号: content broadcasting, one mass message a day."""

    type: Literal["subscription"]
    subject: Ref
    verified: bool = False
    features: list[OfficialFeature] = Field(default_factory=list)
    broadcasts: list[Broadcast] = Field(default_factory=list)


class Service(_Account):
    """服务号: services to customers, four mass messages a month."""

    type: Literal["service"]
    subject: Ref
    verified: bool = False
    features: list[OfficialFeature] = Field(default_factory=list)
    broadcasts: list[Broadcast] = Field(default_factory=list)


class Enterprise(_Account):
    """企业号 / 企业微信: internal communication, no broadcast quota."""

    type: Literal["enterprise"]
    subject: Ref | None = None
    verified: bool = False
    features: list[EnterpriseFeature] = Field(default_factory=list)
    broadcasts: list[Broadcast] = Field(default_factory=list)


class MiniProgram(_Account):
    """小程序: a light app reached from official accounts; cannot broadcast."""

    type: Literal["mini_program"]
    subject: Ref
    verified: bool = False
    features: list[MiniProgramFeature] = Field(default_factory=list)
    broadcasts: list[Broadcast] = Field(default_factory=list)


Account = Annotated[
    Union[Personal, Auxiliary, Subscription, Service, Enterprise, MiniProgram],
    Field(discriminator="type"),
]


class _Link(_Model):
    source: Ref
    target: Ref
    ignore: Ignore


class MiniProgramLink(_Link):
    """公众号关联小程序: the capped association of an official account and a mini-program."""

    kind: Literal["mini_program"]
    priority: Annotated[int, Field(ge=1)] = 1
    pinned: bool = False
    linked_on: date | None = None
    status: Literal["linked", "pending", "rejected"] = "linked"
    unlinked_on: date | None = None
    quick_registered: bool = False

    @field_validator("unlinked_on")
    @classmethod
    def _after_linking(cls, v: date | None, info: ValidationInfo) -> date | None:
        # A field validator runs only where the field is given: no per-link cost otherwise.
        linked_on = info.data.get("linked_on")
        if v is not None and linked_on is not None and v < linked_on:
            raise ValueError(f"unlinked_on ({v}) is before linked_on ({linked_on})")
        return v


class AdminLink(_Link):
    """The main account that opened or administers an official account or mini-program."""

    kind: Literal["admin"]


class MemberLink(_Link):
    """企业号成员: a person who follows an enterprise account."""

    kind: Literal["member"]
    verified: bool = False


class PromotesLink(_Link):
    """Traffic diversion (引流) from one account to another."""

    kind: Literal["promotes"]


Link = Annotated[
    Union[MiniProgramLink, AdminLink, MemberLink, PromotesLink],
    Field(discriminator="kind"),
]

SCHEMA_VERSION = 1


class Ecosystem(_Model):
    """A WeChat account ecosystem: subjects, their accounts and the links between them."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        populate_by_name=True,
        json_schema_extra={"title": "wxtopo ecosystem document"},
    )

    schema_ref: str | None = Field(default=None, alias="$schema", description="Ignored; for editors.")
    schema_version: Annotated[int, Field(json_schema_extra={"const": SCHEMA_VERSION})]
    name: str | None = None
    as_of: date | None = Field(default=None, description="Evaluation date of time-based rules.")
    subjects: list[Subject] = Field(default_factory=list)
    accounts: list[Account] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    _source: Source | None = PrivateAttr(default=None)

    @field_validator("schema_version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {v}; this wxtopo reads {SCHEMA_VERSION}")
        return v

    @property
    def source(self) -> Source | None:
        """Where the document came from (for line and column lookups), if it was loaded."""
        return self._source


# -- loading -----------------------------------------------------------------------------
def load(document: str | Path | bytes | dict | Source, *, name: str | None = None) -> Ecosystem:
    """Load an ecosystem from a path ('-' for stdin), bytes, a mapping or a Source.

    Raises :class:`topology.DocumentError` listing every problem with its JSON pointer.

    >>> eco = load({"schema_version": 1, "accounts": [{"id": "a", "type": "personal"}]})
    >>> eco.accounts[0].real_name_verified
    True
    """
    if isinstance(document, Source):
        source = document
    elif isinstance(document, bytes):
        source = decode(document, name or "<bytes>")
    elif isinstance(document, dict):
        source = Source(name or "<mapping>", json.dumps(document, default=_json_default), "json")
    else:
        source = read_source(document)
    return parse(source)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def parse(source: Source) -> Ecosystem:
    """Validate a Source into an Ecosystem, or raise DocumentError."""
    text = source.text
    if source.format == "yaml":
        text = _yaml_to_json(source)
    try:
        with bulk_allocation():
            eco = Ecosystem.model_validate_json(text)
    except ValidationError as exc:
        raise DocumentError(_problems(exc, source), source.name) from None
    eco._source = source
    return eco


def _yaml_to_json(source: Source) -> str:
    import yaml

    try:
        data = yaml.load(source.text, Loader=yaml_loader())  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        ptr = source.pointer_at(mark.index) if mark else ""
        raise DocumentError([Problem(ptr, f"malformed YAML: {exc.problem or exc}", line, col)], source.name) from None
    except yaml.YAMLError as exc:
        raise DocumentError([Problem("", f"malformed YAML: {exc}")], source.name) from None
    except RecursionError:
        raise DocumentError([Problem("", "malformed YAML: nested too deeply")], source.name) from None
    try:
        return json.dumps(data, default=_json_default, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise DocumentError([Problem("", f"unsupported YAML value: {exc}")], source.name) from None


_AT = re.compile(r" at line (\d+) column (\d+)$")
_UNION_TAGS = {"accounts": set(), "links": set()}
for _t in (Personal, Auxiliary, Subscription, Service, Enterprise, MiniProgram):
    _UNION_TAGS["accounts"].add(_t.model_fields["type"].annotation.__args__[0])
for _t in (MiniProgramLink, AdminLink, MemberLink, PromotesLink):
    _UNION_TAGS["links"].add(_t.model_fields["kind"].annotation.__args__[0])

_MESSAGES = {
    "extra_forbidden": "unknown field",
    "missing": "required field is missing",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "bool_type": "must be true or false",
    "list_type": "must be an array",
    "model_type": "must be an object",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
    "date_type": "must be a date string YYYY-MM-DD",
    "string_too_short": "must not be empty",
}


def _problems(exc: ValidationError, source: Source, relocate: Callable | None = None) -> list[Problem]:
    """Every validation error as a Problem with its pointer, line and column.

    ``relocate(err, loc)`` → (loc, message or None) lets another input file (a changes file)
    take its own discriminator tags out of the location; the default handles this document's.
    """
    problems: list[tuple[str, str, tuple[int, int] | None]] = []
    for err in exc.errors(include_url=False):
        kind, loc, msg = err["type"], list(err["loc"]), err["msg"]
        if kind == "json_invalid":
            m = _AT.search(msg)
            text = msg.removeprefix("Invalid JSON: ")
            text = _AT.sub("", text)
            if m:
                # The JSON parser counts columns in UTF-8 bytes; reports count characters.
                line, col = int(m.group(1)), source.char_column(int(m.group(1)), int(m.group(2)))
                ptr = source.pointer_at(source.offset(line, col))
                problems.append((ptr, f"malformed JSON: {text}", (line, col)))
            else:
                problems.append(("", f"malformed JSON: {text}", None))
            continue
        message = None
        if relocate is not None:
            loc, message = relocate(err, loc)
        elif len(loc) >= 3 and loc[0] in _UNION_TAGS and loc[2] in _UNION_TAGS[loc[0]]:
            del loc[2]  # a discriminated union puts the tag into the location: /accounts/3/service/verified
        problems.append((pointer(*loc), message or _message(err, loc), None))
    positions = source.locate(p for p, _, pos in problems if pos is None)
    out = []
    for ptr, msg, pos in problems:
        pos = pos or positions.get(ptr) or _nearest(ptr, positions, source)
        out.append(Problem(ptr, msg, *(pos or (None, None))))
    return out


def _nearest(ptr: str, positions: dict, source: Source) -> tuple[int, int] | None:
    """Position of the closest existing ancestor (a missing field is not in the text)."""
    parts = ptr.split("/")
    while len(parts) > 1:
        parts.pop()
        parent = "/".join(parts)
        if parent in positions:
            return positions[parent]
        found = source.locate([parent])
        if parent in found:
            return found[parent]
    return None


def _message(err: dict, loc: list) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "union_tag_invalid":
        field = ctx.get("discriminator", "").strip("'")
        given = err.get("input", {}).get(field) if isinstance(err.get("input"), dict) else ctx.get("tag")
        shown = json.dumps(given, ensure_ascii=False) if not isinstance(given, str) else repr(given)
        return f"unknown {field} {shown}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        field = ctx.get("discriminator", "").strip("'")
        return f"required field {field!r} is missing"
    if kind == "literal_error":
        return f"invalid value {err.get('input')!r}; expected {ctx.get('expected')}"
    if kind == "date_parsing" or kind == "date_from_datetime_parsing":
        detail = ctx.get("error", "")
        return f"invalid date {err.get('input')!r}: must be a real date YYYY-MM-DD" + (f" ({detail})" if detail else "")
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {err.get('input')!r}"
    if kind == "string_pattern_mismatch":
        return f"invalid rule ID {err.get('input')!r}; expected WX followed by three digits"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("model_type", "model_attributes_type") and not loc:
        return "the document must be a JSON object"
    if kind in _MESSAGES:
        base = _MESSAGES[kind]
        if kind.endswith("_type") and "input" in err:
            return f"{base}, got {_json_type(err['input'])}"
        return base
    return err["msg"]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
