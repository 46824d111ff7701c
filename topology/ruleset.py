"""Rulesets: the numbers and type sets the rules read (SPEC §2).

A ruleset is a name plus a complete set of parameters. Built-ins live as JSON package
data (``topology/rulesets/*.json``); a user's ruleset file names its ``base`` and
overrides some parameters; ``--set key=value`` overrides one more. Every value is
validated here, so a rule never sees a bad number and a user sees the bad key.
"""

from __future__ import annotations

import difflib
import functools
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import RulesetError
from .positions import pointer
from .problems import located, validation_problems
from .sanitize import display_path, escape
from .vocab import OFFICIAL_TYPES, SUBJECT_KINDS, plural

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
        description="WX209: official accounts one person may administer.")
    mini_program_pay_subject_kinds: list[SubjectKind] | None = Field(
        description="WX210: subject kinds whose mini-programs may be verified and use WeChat Pay.")
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
        "linkable_official_types", "subscription_pay_subject_kinds", "mini_program_subject_kinds",
        "mini_program_pay_subject_kinds",
    )
    @classmethod
    def _sorted_unique(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else sorted(set(v))


Confidence = Literal["official", "secondary", "unverified"]
CONFIDENCES: tuple[str, ...] = ("official", "secondary", "unverified")


def _iso_date(value: Any) -> Any:
    """Dates in ruleset files are ``YYYY-MM-DD`` strings, nothing looser."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected a date YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceRef(_Strict):
    """Where a value was read: a document's title and its URL or repository path."""

    title: str = Field(min_length=1, description="The document, as a reader would look it up.")
    url: Annotated[str, Field(pattern=r"^https?://")] | None = Field(default=None, description="Where it is online.")
    path: str | None = Field(default=None, description="A repository path (`owner/repo: path`) or a file of this project.")
    quote: str | None = Field(default=None, description="The sentence the value comes from, verbatim.")

    def label(self) -> str:
        where = " · ".join(x for x in (self.url, self.path) if x)
        return f"{self.title} ({where})" if where else self.title


class Era(_Strict):
    """One value of a parameter and the day it took effect."""

    effective_from: IsoDate | None = Field(default=None, description="First day in force; null: from the start.")
    value: Any = Field(description="The value in force from that day.")
    source: SourceRef | None = Field(default=None, description="Where this era's value comes from, if not the parameter's source.")
    confidence: Confidence | None = Field(default=None, description="How sure that source is, if it differs.")
    note: str | None = None


_NOT_YET = object()


class Provenance(_Strict):
    """A parameter's value with where it comes from, how sure that is and, where WeChat changed
    it, the value of each era. The value in force on a day is the last era begun by then; before
    the first era the parameter is off (null): no limit is known for that time."""

    value: Any = Field(description="The value in force now (the last era's, when there is a history).")
    source: SourceRef
    retrieved: IsoDate | None = Field(default=None, description="When the source was read.")
    confidence: Confidence = Field(
        description="official: Tencent's own docs or a dated archive of them; secondary: official text "
                    "copied by a third party, community staff, or several outlets agreeing; "
                    "unverified: one third-party page or nothing.")
    history: list[Era] = Field(default_factory=list, description="Eras in order of effective_from.")
    note: str | None = None

    @model_validator(mode="after")
    def _eras_in_order(self) -> Provenance:
        starts = [e.effective_from for e in self.history]
        if None in starts[1:]:
            raise ValueError("only the first history entry may leave out effective_from")
        dated = [d for d in starts if d is not None]
        if any(a >= b for a, b in zip(dated, dated[1:])):
            raise ValueError("history entries must be in increasing order of effective_from")
        if self.history and self.history[-1].value != self.value:
            raise ValueError("value must equal the last history entry's value (the value in force now)")
        return self

    def at(self, day: date | None) -> Any:
        """The value in force on ``day`` (None: now).

        >>> p = Provenance(value=500, source={"title": "t"}, confidence="official",
        ...                history=[{"effective_from": "2017-04-20", "value": 3}, {"effective_from": "2018-01-01", "value": 500}])
        >>> [p.at(date(2017, 4, 19)), p.at(date(2017, 4, 20)), p.at(date(2017, 12, 31)), p.at(date(2018, 1, 1)), p.at(None)]
        [None, 3, 3, 500, 500]
        """
        if day is None or not self.history:
            return self.value
        current = _NOT_YET
        for era in self.history:
            if era.effective_from is not None and era.effective_from > day:
                break
            current = era.value
        return None if current is _NOT_YET else current

    @classmethod
    def plain(cls, value: Any, where: str) -> Provenance:
        """A bare value from a user's ruleset file or --set: its source is that file or option."""
        return cls(value=value, source=SourceRef(title=where), confidence="unverified")


class RulesetFile(BaseModel):
    """A ruleset file: a base ruleset and the parameters it overrides.

    A parameter is a bare value, or an object with ``value``, ``source``, ``confidence`` (and
    ``retrieved``, ``history``, ``note``) saying where the value comes from.
    """

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True,
                              json_schema_extra={"title": "wxtopo ruleset"})

    schema_ref: str | None = Field(default=None, alias="$schema", description="Ignored; for editors.")
    name: str | None = Field(default=None, description="Shown in reports; defaults to the file name.")
    description: str | None = None
    base: str | None = Field(default=None, description="Built-in ruleset this one starts from (default: seed).")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Parameters to override.")


PARAMETER_NAMES: tuple[str, ...] = tuple(Parameters.model_fields)


class Ruleset:
    """A named, complete, validated set of parameters, resolved for one day.

    ``provenance`` says where each value comes from; ``rules_as_of`` is the day the values
    were taken for (None: the values in force now). :meth:`at` gives the same ruleset for
    another day; ``--set`` overrides hold on every day.
    """

    __slots__ = ("name", "parameters", "provenance", "description", "rules_as_of", "overrides")

    def __init__(self, name: str, parameters: Parameters, provenance: dict[str, Provenance] | None = None,
                 description: str | None = None, rules_as_of: date | None = None,
                 overrides: dict[str, Any] | None = None):
        self.name = name
        self.parameters = parameters
        self.provenance = provenance if provenance is not None else {
            k: Provenance.plain(v, "unrecorded") for k, v in parameters.model_dump().items()}
        self.description = description
        self.rules_as_of = rules_as_of
        self.overrides = dict(overrides or {})

    def __getattr__(self, key: str) -> Any:  # ruleset.max_same_subject_mini_programs
        return getattr(self.parameters, key)

    @property
    def dated(self) -> bool:
        """Whether some value depends on the day (has a history)."""
        return any(p.history for k, p in self.provenance.items() if k not in self.overrides)

    def at(self, day: date | None) -> Ruleset:
        """The values in force on ``day`` (None: now), overrides on top."""
        if not self.dated:
            return self
        values = {k: p.at(day) for k, p in self.provenance.items()}
        values.update(self.overrides)
        when = f" on {day.isoformat()}" if day else ""
        return Ruleset(self.name, _validate(values, f"{self.name}{when}"), self.provenance, self.description, day,
                       self.overrides)

    def sources(self) -> dict[str, Provenance]:
        """Each parameter's provenance, ``--set`` overrides shown as such."""
        out = dict(self.provenance)
        for key, value in self.overrides.items():
            out[key] = Provenance.plain(value, "--set on the command line")
        return out

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"name": self.name}
        if self.dated and self.rules_as_of is not None:
            out["rules_as_of"] = self.rules_as_of.isoformat()
        out["parameters"] = self.parameters.model_dump(mode="json")
        return out

    def __repr__(self) -> str:
        return f"Ruleset({self.name!r})"


def builtin_names() -> list[str]:
    """Names of the built-in rulesets."""
    return list(_builtin_names())


@functools.cache
def _builtin_names() -> tuple[str, ...]:
    folder = resources.files("topology") / "rulesets"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


def _builtin_raw(name: str) -> dict:
    folder = resources.files("topology") / "rulesets"
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


def load_ruleset(
    ruleset: str | Path | Ruleset | None = None,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
) -> Ruleset:
    """Resolve a built-in name or a ruleset file, apply overrides, take the values in force
    on ``as_of`` (default: now).

    ``overrides`` is a mapping of parameter → value, or a list of ``KEY=VALUE`` strings as
    given to ``--set`` (VALUE is read as JSON when it parses, else as a string; a comma
    list fills a list parameter).

    >>> load_ruleset("seed", ["max_same_subject_mini_programs=12"]).max_same_subject_mini_programs
    12
    >>> load_ruleset("wechat-2025", as_of="2017-06-01").max_officials_per_mini_program
    3
    """
    from . import arguments as check

    check.ruleset(ruleset, "load_ruleset")
    overrides = check.overrides(overrides, "load_ruleset")
    check.day(as_of, "load_ruleset", "as_of")

    day = _day(as_of)
    if isinstance(ruleset, Ruleset) and not overrides:
        return ruleset.at(day) if day is not None else ruleset
    if isinstance(ruleset, Ruleset):
        name, description, provenance, pinned = ruleset.name, ruleset.description, ruleset.provenance, dict(ruleset.overrides)
    else:
        name, description, provenance = _resolve(ruleset)
        pinned = {}
    if overrides:
        items = overrides.items() if isinstance(overrides, dict) else map(parse_assignment, overrides)
        for key, value in items:
            _check_key(key, "--set")
            pinned[key] = _coerce(key, value)
    values = {k: p.at(day) for k, p in provenance.items()}
    values.update(pinned)
    rs = Ruleset(name, _validate(values, name), provenance, description, day, pinned)
    return rs


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return _iso_date(value)
    except ValueError:
        raise RulesetError(f"invalid date {value!r}: use YYYY-MM-DD") from None


def parse_assignment(text: str) -> tuple[str, Any]:
    """``'key=value'`` → (key, value), the value read as JSON when it parses."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise RulesetError(f"--set expects KEY=VALUE, got {_shown(text)}")
    from .loader import parse_value

    try:
        value = parse_value(raw)
    except ValueError as exc:
        if raw.lstrip()[:1] in ("[", "{", '"'):  # meant as JSON: say why it is not
            raise RulesetError(f"--set {escape(key)}: {exc}", key) from None
        value = raw
    return key, value


def _shown(value: Any, width: int = 80) -> str:
    """A value as JSON for a message, cut to ``width`` characters.

    >>> _shown(list(range(40)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, …'
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def _coerce(key: str, value: Any) -> Any:
    annotation = str(Parameters.model_fields[key].annotation)
    if isinstance(value, str) and annotation.startswith("list"):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, str) and value.lower() == "null":
        return None
    return value


def _resolve(ruleset: str | Path | None) -> tuple[str, str | None, dict[str, Provenance]]:
    """(name, description, provenance of every parameter) of a built-in or a file over its base."""
    if ruleset is None:
        ruleset = "seed"
    text = str(ruleset)
    if text in _builtin_names():
        name, description, provenance = _builtin(text)
        return name, description, dict(provenance)
    path = Path(text)
    if not path.suffix and not path.exists():
        raise RulesetError(
            f"unknown ruleset {escape(text)!r}; built-in rulesets: {', '.join(builtin_names())}, or give a file path"
        )
    name, description, base, own = _from_file(path)
    _, base_description, provenance = _resolve(base)
    return name, description or base_description, {**provenance, **own}


def _from_file(path: Path) -> tuple[str, str | None, str, dict[str, Provenance]]:
    """(name, description, base, provenance of the parameters it sets) of a ruleset file.

    Every problem of the file is collected, each with its pointer, line and column.
    """
    from .errors import DocumentError
    from .loader import read_data
    shown = display_path(path)
    try:
        data, src = read_data(path)
    except DocumentError as exc:
        raise RulesetError(f"ruleset {escape(shown)} cannot be read", None, exc.problems, shown) from None
    try:
        spec = RulesetFile.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, src)
        raise RulesetError(f"ruleset {escape(shown)}: {plural(len(problems), 'error')}", None, problems,
                           shown) from None
    where = f"ruleset file {path.name}"
    problems: list[tuple[str | None, str, str]] = []  # (key, pointer, message)
    base = spec.base or "seed"
    if base not in builtin_names():
        problems.append(("base", "/base", f"unknown base {base!r}; built-ins: {', '.join(builtin_names())}"))
    own: dict[str, Provenance] = {}
    for key, raw in spec.parameters.items():
        at = pointer("parameters", key)
        if key not in Parameters.model_fields:
            problems.append((key, at, _unknown_key(key)))
            continue
        if isinstance(raw, dict) and "value" in raw and "source" in raw:
            try:
                own[key] = Provenance.model_validate(raw)
            except ValidationError as exc:
                problems += [(key, p.pointer, p.message) for p in validation_problems(exc, None, None,
                                                                                     ("parameters", key))]
                continue
            checks = [(era.value, f"{at}/history/{i}/value",
                       f" from {era.effective_from.isoformat() if era.effective_from else 'the start'}")
                      for i, era in enumerate(own[key].history)]
            checks.append((own[key].value, f"{at}/value", ""))
        else:
            own[key] = Provenance.plain(raw, f"set in {where}")
            checks = [(raw, at, "")]
        for value, ptr, when in checks:
            error = _value_error(key, value)
            if error:
                problems.append((key, ptr, f"bad value for {key!r}{when}: {_shown(value)} ({error})"))
    if problems:
        found = located(src, [(ptr, msg, None) for _, ptr, msg in problems])
        raise RulesetError(f"ruleset {escape(shown)}: {plural(len(found), 'error')}", problems[0][0], found,
                           shown)
    return spec.name or path.stem, spec.description, base, own


def _value_error(key: str, value: Any) -> str | None:
    """Why ``value`` is not a valid value of parameter ``key``, or None."""
    try:
        _adapter(key).validate_python(value, strict=True)
    except ValidationError as exc:
        return exc.errors(include_url=False)[0]["msg"]
    return None


@functools.cache
def _adapter(key: str) -> TypeAdapter:
    return TypeAdapter(Parameters.model_fields[key].annotation)


@functools.cache
def _builtin(name: str) -> tuple[str, str | None, dict[str, Provenance]]:
    """A built-in ruleset, read and checked once per process (callers get a copy of the dict)."""
    spec = _spec(_builtin_raw(name), f"built-in ruleset {name}")
    provenance = _provenances(spec, f"built-in ruleset {name}")
    _check_complete(provenance, name)
    return spec.name or name, spec.description, provenance


def _spec(data: Any, where: str) -> RulesetFile:
    try:
        return RulesetFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        raise RulesetError(f"{where}: {key}: {err['msg']}", key) from None


def _provenances(spec: RulesetFile, where: str) -> dict[str, Provenance]:
    """The file's parameters as Provenance: objects with a ``value`` and ``source`` as written,
    bare values as set in that file."""
    out: dict[str, Provenance] = {}
    for key, raw in spec.parameters.items():
        _check_key(key, where)
        if isinstance(raw, dict) and "value" in raw and "source" in raw:
            try:
                out[key] = Provenance.model_validate(raw)
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                loc = ".".join(str(x) for x in err["loc"])
                raise RulesetError(f"{where}: {key}{'.' + loc if loc else ''}: {err['msg']}", key) from None
        else:
            out[key] = Provenance.plain(raw, f"set in {where}")
    _check_eras(out, where)
    return out


def _check_eras(provenance: dict[str, Provenance], where: str) -> None:
    """Every era's value is a valid value of its parameter (checked alone, so the message names it)."""
    for key, p in provenance.items():
        for era in p.history:
            try:
                _adapter(key).validate_python(era.value, strict=True)
            except ValidationError as exc:
                when = era.effective_from.isoformat() if era.effective_from else "the start"
                msg = exc.errors(include_url=False)[0]["msg"]
                raise RulesetError(f"{where}: bad value for {key!r} from {when}: {_shown(era.value)} ({msg})",
                                   key) from None


def _check_complete(provenance: dict[str, Provenance], name: str) -> None:
    missing = [k for k in PARAMETER_NAMES if k not in provenance]
    if missing:  # a packaging mistake, not a user's: say so plainly
        raise RulesetError(f"built-in ruleset {name} lacks {', '.join(missing)}", missing[0])


def _check_key(key: str, where: str) -> None:
    if key not in Parameters.model_fields:
        raise RulesetError(f"{where}: {_unknown_key(key)}", key)


def _unknown_key(key: str) -> str:
    close = difflib.get_close_matches(key, PARAMETER_NAMES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown parameter {escape(key)!r}{hint}"


def _validate(params: dict, name: str) -> Parameters:
    try:
        return Parameters.model_validate(params)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = str(err["loc"][0]) if err["loc"] else "?"
        value = params.get(key)
        raise RulesetError(
            f"ruleset {name}: bad value for {key!r}: {_shown(value)} ({err['msg']})",
            key,
        ) from None
