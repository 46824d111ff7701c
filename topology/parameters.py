"""The parameters a rule reads: their types, their descriptions in both languages, and the checks
of one value or key, so that a rule never sees a bad number and a user sees the bad key.

:mod:`topology.ruleset` resolves a ruleset (built-in or file, eras, ``--set``) into these
values; :mod:`topology.ruleset_sources` says where each value comes from.
"""

from __future__ import annotations

import difflib
import functools
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from .errors import RulesetError
from .sanitize import escape
from .vocab import LANGS, OFFICIAL_TYPES, SUBJECT_KINDS, phrase, problem_text

OfficialType = Literal[OFFICIAL_TYPES]
SubjectKind = Literal[SUBJECT_KINDS]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]


class Parameters(BaseModel):
    """Every parameter a rule reads. ``null`` switches the rules that read it off.

    Beside each field's ``description`` is its Chinese (``json_schema_extra["description_zh"]``,
    shown by ``wxtopo rules ID --lang zh``): both languages in one place.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    linkable_official_types: list[OfficialType] = Field(
        description="Account types that count as official accounts (公众账号) for linking and caps.",
        json_schema_extra={"description_zh": "计为公众号（公众账号）、参与关联与上限计算的账号类型。"})
    pending_counts_toward_caps: bool = Field(
        description="Whether a pending mini_program link reserves a cap slot (WX101-WX103).",
        json_schema_extra={"description_zh": "待确认的 mini_program 关联是否占用上限名额（WX101-WX103）。"})
    max_officials_per_mini_program: Count | None = Field(
        description="WX101: official accounts one mini-program may be linked to.",
        json_schema_extra={"description_zh": "WX101：一个小程序最多可关联的公众号数量。"})
    max_same_subject_mini_programs: Count | None = Field(
        description="WX102: mini-programs of its own subject one official account may link.",
        json_schema_extra={"description_zh": "WX102：一个公众号最多可关联的同主体小程序数量。"})
    max_cross_subject_mini_programs: Count | None = Field(
        description="WX103: mini-programs of other subjects one official account may link.",
        json_schema_extra={"description_zh": "WX103：一个公众号最多可关联的不同主体小程序数量。"})
    max_new_mini_program_links_per_month: Count | None = Field(
        description="WX104: new mini-program links an official account may make in a calendar month.",
        json_schema_extra={"description_zh": "WX104：一个公众号每个自然月最多可新增的小程序关联次数。"})
    max_new_official_links_per_month: Count | None = Field(
        description="WX105: new official-account links a mini-program may receive in a calendar month.",
        json_schema_extra={"description_zh": "WX105：一个小程序每个自然月最多可被公众号新增关联的次数。"})
    pending_link_stale_days: Count | None = Field(
        description="WX106: days after which a pending link is reported as stale.",
        json_schema_extra={"description_zh": "WX106：待确认的关联超过多少天被报告为长期未确认。"})
    subscription_pay_subject_kinds: list[SubjectKind] = Field(
        description="WX202: subject kinds whose subscription accounts may use WeChat Pay and advanced APIs.",
        json_schema_extra={"description_zh": "WX202：其订阅号可使用微信支付与高级接口的主体类型。"})
    mini_program_subject_kinds: list[SubjectKind] = Field(
        description="WX206: subject kinds that may register a mini-program.",
        json_schema_extra={"description_zh": "WX206：可注册小程序的主体类型。"})
    max_officials_per_subject: dict[SubjectKind, Count] | None = Field(
        description="WX207: official accounts (subscription + service) one subject may own, by subject kind.",
        json_schema_extra={"description_zh": "WX207：一个主体最多可注册的公众号（订阅号与服务号）数量，按主体类型。"})
    max_mini_programs_per_subject: dict[SubjectKind, Count] | None = Field(
        description="WX208: mini-programs one subject may own, by subject kind.",
        json_schema_extra={"description_zh": "WX208：一个主体最多可注册的小程序数量，按主体类型。"})
    max_accounts_per_admin: Count | None = Field(
        description="WX209: official accounts one person may administer.",
        json_schema_extra={"description_zh": "WX209：一个人最多可管理的公众号数量。"})
    mini_program_pay_subject_kinds: list[SubjectKind] | None = Field(
        description="WX210: subject kinds whose mini-programs may be verified and use WeChat Pay.",
        json_schema_extra={"description_zh": "WX210：其小程序可认证并使用微信支付的主体类型。"})
    auxiliary_min_primary_age_years: Count | None = Field(
        description="WX303: the main account must be registered more than this many years.",
        json_schema_extra={"description_zh": "WX303：主账号的注册时长须超过的年数。"})
    auxiliary_ban_free_years: Count | None = Field(
        description="WX304: years before registration in which the main account must have no ban.",
        json_schema_extra={"description_zh": "WX304：注册前主账号须无封号记录的年数。"})
    max_auxiliaries_per_primary: Count | None = Field(
        description="WX306: auxiliary accounts one main account (phone number) may have.",
        json_schema_extra={"description_zh": "WX306：一个主账号（手机号）最多可有的辅助账号数量。"})
    subscription_broadcasts_per_day: Count | None = Field(
        description="WX401: mass messages a subscription account may send a day.",
        json_schema_extra={"description_zh": "WX401：订阅号每天最多可群发的次数。"})
    subscription_articles_per_broadcast: Positive | None = Field(
        description="WX402: articles one subscription mass message may hold.",
        json_schema_extra={"description_zh": "WX402：订阅号单次群发最多可包含的图文数量。"})
    service_broadcasts_per_month: Count | None = Field(
        description="WX403: mass messages a service account may send in a calendar month.",
        json_schema_extra={"description_zh": "WX403：服务号每个自然月最多可群发的次数。"})

    @field_validator(
        "linkable_official_types", "subscription_pay_subject_kinds", "mini_program_subject_kinds",
        "mini_program_pay_subject_kinds",
    )
    @classmethod
    def _sorted_unique(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else sorted(set(v))


PARAMETER_NAMES: tuple[str, ...] = tuple(Parameters.model_fields)


def shown_value(value: Any, width: int = 80) -> str:
    """A value as JSON for a message, cut to ``width`` characters.

    >>> shown_value(list(range(40)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, …'
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def coerce(key: str, value: Any) -> Any:
    """A ``--set`` string as the parameter's type reads it: a comma list for a list, ``null`` for off."""
    annotation = str(Parameters.model_fields[key].annotation)
    if isinstance(value, str) and annotation.startswith("list"):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, str) and value.lower() == "null":
        return None
    return value


def check_key(key: str, where: str) -> None:
    """RulesetError naming ``where`` when ``key`` is not a parameter."""
    if key not in Parameters.model_fields:
        raise RulesetError(f"{where}: {unknown_key(key)}", key)


def unknown_key(key: str) -> str:
    """The message for a key that is not a parameter, with the closest one as a hint."""
    return problem_text(*unknown_key_problem(key))


def unknown_key_problem(key: str) -> tuple[str, dict]:
    """(problem key, values) of a key that is not a parameter, the closest one as a hint."""
    close = difflib.get_close_matches(key, PARAMETER_NAMES, n=1)
    hint = {lang: phrase("ruleset", "did_you_mean", lang).format(close=close[0]) for lang in LANGS} if close else ""
    return "unknown_parameter", {"key": escape(key), "hint": hint}


def value_error(key: str, value: Any) -> str | None:
    """Why ``value`` is not a valid value of parameter ``key``, or None."""
    try:
        _adapter(key).validate_python(value, strict=True)
    except ValidationError as exc:
        return exc.errors(include_url=False)[0]["msg"]
    return None


@functools.cache
def _adapter(key: str) -> TypeAdapter:
    return TypeAdapter(Parameters.model_fields[key].annotation)


def validate_parameters(params: dict, name: str) -> Parameters:
    """A complete set of values as Parameters, or RulesetError naming ruleset ``name`` and the bad key."""
    try:
        return Parameters.model_validate(params)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = str(err["loc"][0]) if err["loc"] else "?"
        value = params.get(key)
        raise RulesetError(
            f"ruleset {name}: bad value for {key!r}: {shown_value(value)} ({err['msg']})",
            key,
        ) from None
