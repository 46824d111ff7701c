"""Rulesets: the numbers and type sets the rules read (SPEC §2).

A ruleset is a name plus a complete set of parameters. Built-ins live as JSON package
data (``topology/rulesets/*.json``); a user's ruleset file names its ``base`` and
overrides some parameters; ``--set key=value`` overrides one more. Every value is
validated here, so a rule never sees a bad number and a user sees the bad key.
"""

from __future__ import annotations

import difflib
import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RulesetError
from .jsonfmt import read_json_file
from .vocab import OFFICIAL_TYPES, SUBJECT_KINDS

OfficialType = Literal[OFFICIAL_TYPES]
SubjectKind = Literal[SUBJECT_KINDS]
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]


class Parameters(BaseModel):
    """Every parameter a rule reads. ``null`` switches the rules that read it off."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    linkable_official_types: list[OfficialType] = Field(
        description="Account types that count as official accounts (公众账号) for linking and caps.")
    pending_counts_toward_caps: bool = Field(
        description="Whether a pending mini_program link reserves a cap slot (WX101-WX103).")
    max_officials_per_mini_program: Count | None = Field(
        description="WX101: official accounts one mini-program may be linked to.")
    max_same_subject_mini_programs: Count | None = Field(
        description="WX102: mini-programs of its own subject one official account may link.")
    max_cross_subject_mini_programs: Count | None = Field(
        description="WX103: mini-programs of other subjects one official account may link.")
    max_new_mini_program_links_per_month: Count | None = Field(
        description="WX104: new mini-program links an official account may make in a calendar month.")
    max_new_official_links_per_month: Count | None = Field(
        description="WX105: new official-account links a mini-program may receive in a calendar month.")
    pending_link_stale_days: Count | None = Field(
        description="WX106: days after which a pending link is reported as stale.")
    subscription_pay_subject_kinds: list[SubjectKind] = Field(
        description="WX202: subject kinds whose subscription accounts may use WeChat Pay and advanced APIs.")
    mini_program_subject_kinds: list[SubjectKind] = Field(
        description="WX206: subject kinds that may register a mini-program.")
    max_officials_per_subject: dict[SubjectKind, Count] | None = Field(
        description="WX207: official accounts (subscription + service) one subject may own, by subject kind.")
    max_mini_programs_per_subject: dict[SubjectKind, Count] | None = Field(
        description="WX208: mini-programs one subject may own, by subject kind.")
    max_accounts_per_admin: Count | None = Field(
        description="WX209: accounts one person may administer.")
    auxiliary_min_primary_age_years: Count | None = Field(
        description="WX303: the main account must be registered more than this many years.")
    auxiliary_ban_free_years: Count | None = Field(
        description="WX304: years before registration in which the main account must have no ban.")
    max_auxiliaries_per_primary: Count | None = Field(
        description="WX306: auxiliary accounts one main account (phone number) may have.")
    subscription_broadcasts_per_day: Count | None = Field(
        description="WX401: mass messages a subscription account may send a day.")
    subscription_articles_per_broadcast: Positive | None = Field(
        description="WX402: articles one subscription mass message may hold.")
    service_broadcasts_per_month: Count | None = Field(
        description="WX403: mass messages a service account may send in a calendar month.")

    @field_validator(
        "linkable_official_types", "subscription_pay_subject_kinds", "mini_program_subject_kinds"
    )
    @classmethod
    def _sorted_unique(cls, v: list[str]) -> list[str]:
        return sorted(set(v))


class RulesetFile(BaseModel):
    """A ruleset file: a base ruleset and the parameters it overrides."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True,
                              json_schema_extra={"title": "wxtopo ruleset"})

    schema_ref: str | None = Field(default=None, alias="$schema", description="Ignored; for editors.")
    name: str | None = Field(default=None, description="Shown in reports; defaults to the file name.")
    description: str | None = None
    base: str | None = Field(default=None, description="Built-in ruleset this one starts from (default: seed).")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Parameters to override.")


PARAMETER_NAMES: tuple[str, ...] = tuple(Parameters.model_fields)


class Ruleset:
    """A named, complete, validated set of parameters."""

    __slots__ = ("name", "parameters")

    def __init__(self, name: str, parameters: Parameters):
        self.name = name
        self.parameters = parameters

    def __getattr__(self, key: str) -> Any:  # ruleset.max_same_subject_mini_programs
        return getattr(self.parameters, key)

    def to_dict(self) -> dict:
        return {"name": self.name, "parameters": self.parameters.model_dump(mode="json")}

    def __repr__(self) -> str:
        return f"Ruleset({self.name!r})"


def builtin_names() -> list[str]:
    """Names of the built-in rulesets."""
    folder = resources.files("topology") / "rulesets"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def _builtin_raw(name: str) -> dict:
    folder = resources.files("topology") / "rulesets"
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


def load_ruleset(
    ruleset: str | Path | Ruleset | None = None,
    overrides: dict[str, Any] | list[str] | None = None,
) -> Ruleset:
    """Resolve a built-in name or a ruleset file, then apply overrides.

    ``overrides`` is a mapping of parameter → value, or a list of ``KEY=VALUE`` strings as
    given to ``--set`` (VALUE is read as JSON when it parses, else as a string; a comma
    list fills a list parameter).

    >>> load_ruleset("seed", ["max_same_subject_mini_programs=12"]).max_same_subject_mini_programs
    12
    """
    if isinstance(ruleset, Ruleset) and not overrides:
        return ruleset
    if isinstance(ruleset, Ruleset):
        name, params = ruleset.name, ruleset.parameters.model_dump()
    else:
        name, params = _resolve(ruleset)
    if overrides:
        items = overrides.items() if isinstance(overrides, dict) else map(parse_assignment, overrides)
        for key, value in items:
            _check_key(key, "--set")
            params[key] = _coerce(key, value)
    return Ruleset(name, _validate(params, name))


def parse_assignment(text: str) -> tuple[str, Any]:
    """``'key=value'`` → (key, value), the value read as JSON when it parses."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise RulesetError(f"--set expects KEY=VALUE, got {text!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, value


def _coerce(key: str, value: Any) -> Any:
    annotation = str(Parameters.model_fields[key].annotation)
    if isinstance(value, str) and annotation.startswith("list"):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, str) and value.lower() == "null":
        return None
    return value


def _resolve(ruleset: str | Path | None) -> tuple[str, dict]:
    if ruleset is None:
        ruleset = "seed"
    text = str(ruleset)
    if text in builtin_names():
        raw = _builtin_raw(text)
        return raw["name"], dict(raw["parameters"])
    path = Path(text)
    if not path.suffix and not path.exists():
        raise RulesetError(
            f"unknown ruleset {text!r}; built-in rulesets: {', '.join(builtin_names())}, or give a file path"
        )
    data = read_json_file(path, "ruleset", RulesetError)
    try:
        spec = RulesetFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        raise RulesetError(f"ruleset {text}: {key}: {err['msg']}", key) from None
    base = spec.base or "seed"
    if base not in builtin_names():
        raise RulesetError(f"ruleset {text}: unknown base {base!r}; built-ins: {', '.join(builtin_names())}", "base")
    params = dict(_builtin_raw(base)["parameters"])
    for key, value in spec.parameters.items():
        _check_key(key, f"ruleset {text}")
        params[key] = value
    return spec.name or path.stem, params


def _check_key(key: str, where: str) -> None:
    if key not in Parameters.model_fields:
        close = difflib.get_close_matches(key, PARAMETER_NAMES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RulesetError(f"{where}: unknown parameter {key!r}{hint}", key)


def _validate(params: dict, name: str) -> Parameters:
    try:
        return Parameters.model_validate(params)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = str(err["loc"][0]) if err["loc"] else "?"
        value = params.get(key)
        raise RulesetError(
            f"ruleset {name}: bad value for {key!r}: {json.dumps(value, ensure_ascii=False, default=str)} ({err['msg']})",
            key,
        ) from None
