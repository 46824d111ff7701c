"""Where a ruleset's values come from: the provenance of a parameter (its source, how sure that
source is, the value of each era), the ruleset file format that carries it, and the built-in
ruleset files.

:mod:`topology.ruleset` resolves these into a :class:`~topology.ruleset.Ruleset` for a day; this
module only says what a ruleset file may hold.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .errors import InvalidValue

Confidence = Literal["official", "secondary", "unverified"]
CONFIDENCES: tuple[str, ...] = ("official", "secondary", "unverified")


def iso_date(value: Any) -> Any:
    """Dates in ruleset files are ``YYYY-MM-DD`` strings, nothing looser."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValue("ruleset_date")


IsoDate = Annotated[date, BeforeValidator(iso_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceRef(_Strict):
    """Where a value was read: a document's title and its URL or repository path."""

    title: str = Field(min_length=1, description="The document, as a reader would look it up.")
    url: Annotated[str, Field(pattern=r"^https?://")] | None = Field(default=None, description="Where it is online.")
    path: str | None = Field(default=None, description="A repository path (`owner/repo: path`) or a file of this project.")
    quote: str | None = Field(default=None, description="The sentence the value comes from, verbatim.")
    title_zh: str | None = Field(default=None, description="The title in Chinese, where the document has one "
                                 "(shown with --lang zh).")

    def label(self, lang: str = "en") -> str:
        """The title (its Chinese one with ``lang="zh"``, where there is one) and where to find the document."""
        title = self.title_zh if lang == "zh" and self.title_zh else self.title
        where = " · ".join(x for x in (self.url, self.path) if x)
        return f"{title} ({where})" if where else title


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
            raise InvalidValue("history_undated")
        dated = [d for d in starts if d is not None]
        if any(a >= b for a, b in zip(dated, dated[1:])):
            raise InvalidValue("history_order")
        if self.history and self.history[-1].value != self.value:
            raise InvalidValue("history_value")
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


# -- the built-in ruleset files (package data) -----------------------------------------------
def builtin_names() -> list[str]:
    """Names of the built-in rulesets."""
    return list(_builtin_names())


@functools.cache
def _builtin_names() -> tuple[str, ...]:
    folder = resources.files("topology") / "rulesets"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


def builtin_raw(name: str) -> dict:
    """A built-in ruleset file's JSON as written (``topology/rulesets/NAME.json``), unchecked."""
    folder = resources.files("topology") / "rulesets"
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
