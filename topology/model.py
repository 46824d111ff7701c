"""The ecosystem document as pydantic models (docs/document.md): the schema, nothing else.

Loading text into these models is :mod:`topology.document`'s job; reading bytes into text and
values is :mod:`topology.loader`'s.

Every model forbids unknown fields and is strict about types (``"6"`` is not an
integer, ``1`` is not an id), because a validator that guesses hides typos. Dates are
ISO ``YYYY-MM-DD`` strings; an impossible date (``2026-02-30``) is a document error.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator

from .errors import InvalidValue
from .loader import Source
from .problems import ID_PATTERN, RULE_ID_PATTERN
from .vocab import SUBJECT_KINDS

Id = Annotated[str, Field(min_length=1, pattern=ID_PATTERN, description=(
    "An identifier, unique within its list: not blank, no control characters, line breaks or "
    "bidirectional overrides (it is shown in every report and diagram)."))]
Ref = Annotated[str, Field(min_length=1, pattern=ID_PATTERN,
                           description="The id of an entity defined in this document.")]
RuleId = Annotated[str, Field(pattern=RULE_ID_PATTERN)]
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

    def __setattr__(self, name: str, value: object) -> None:
        # records read from a document share their set of given field names
        # (document.share_fields_sets): pydantic adds to it here, so take a copy of one's own first
        object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)


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
            raise InvalidValue("ban_order", end=v, start=start)
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
            raise InvalidValue("unlink_order", end=v, start=linked_on)
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
            raise InvalidValue("schema_version", given=v, supported=SCHEMA_VERSION)
        return v

    @property
    def source(self) -> Source | None:
        """Where the document came from (for line and column lookups), if it was loaded."""
        return self._source

    def attach_source(self, source: Source | None) -> None:
        """Record where the document was read (:func:`topology.document.parse` does); None: a
        document built in memory, with no text to point into."""
        self._source = source


#: The discriminator values of the account and link unions, by the list that holds them.
UNION_TAGS: dict[str, frozenset[str]] = {
    "accounts": frozenset(t.model_fields["type"].annotation.__args__[0]
                          for t in (Personal, Auxiliary, Subscription, Service, Enterprise, MiniProgram)),
    "links": frozenset(t.model_fields["kind"].annotation.__args__[0]
                       for t in (MiniProgramLink, AdminLink, MemberLink, PromotesLink)),
}
