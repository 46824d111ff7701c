"""JSON Schemas generated from the models; ``schemas/*.json`` are these, checked in.

``python -m topology schema NAME > schemas/NAME.schema.json`` regenerates one; a test
fails when a checked-in schema differs from what the models produce.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

DIALECT = "https://json-schema.org/draft/2020-12/schema"
NAMES = ("ecosystem", "report", "ruleset", "suppressions", "changes", "headroom")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(_Out):
    name: Literal["wxtopo"]
    version: str


class FindingOut(_Out):
    """One finding (``wxtopo schema report``); optional keys are omitted when they do not apply. ``--format json``
    always writes ``line`` and ``column`` (null where unknown); ``Report.to_dict()`` has neither."""

    rule: Annotated[str, Field(pattern=r"^WX[0-9]{3}$")]
    name: str
    severity: Literal["error", "warning", "info"]
    message: str
    account: str | None
    related: list[str]
    pointer: str
    line: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Line (1-based) where the pointer's value starts in the document's text; null "
                                  "when the finding has no place in a text (a table set, a columnar run).")
    column: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Column (1-based, in characters) of that place; null with `line`.")
    subject: str | None = None
    observed: int | None = None
    limit: int | None = None


class ProblemOut(_Out):
    """One document error: JSON pointer, message and, where known, line and column; a table set's
    problem names its table's ``file``, the ``row`` (1-based, a CSV header not counted) and the ``field`` (column)."""

    pointer: str
    message: str
    line: Annotated[int, Field(ge=1)] | None = None
    column: Annotated[int, Field(ge=1)] | None = None
    file: str | None = None
    row: Annotated[int, Field(ge=1)] | None = None
    field: str | None = None


class RulesetOut(_Out):
    name: str
    rules_as_of: date | None = Field(default=None, description="The day the values were taken for (dated rulesets only).")
    parameters: dict[str, Any]


NonNegative = Annotated[int, Field(ge=0)]


class Counts(_Out):
    subjects: NonNegative
    accounts: NonNegative
    links: NonNegative
    error: NonNegative
    warning: NonNegative
    info: NonNegative
    suppressed: NonNegative


class ValidationReport(_Out):
    """The report of a document that was read and checked."""

    schema_version: Literal[1]
    tool: Tool
    document: str | None
    ruleset: RulesetOut
    as_of: date
    valid: bool
    counts: Counts
    findings: list[FindingOut]


class ErrorReport(_Out):
    """The report of a document that could not be read: every problem, no findings."""

    schema_version: Literal[1]
    tool: Tool
    document: str | None
    valid: Literal[False]
    errors: Annotated[list[ProblemOut], Field(min_length=1)]
    findings: Annotated[list[FindingOut], Field(max_length=0)]


Report = Union[ValidationReport, ErrorReport]


class HeadroomRow(_Out):
    """One cap of one account: ``used`` of ``limit`` taken by the ``linked`` counterparts."""

    account: str
    name: str | None
    type: str
    cap: str
    rule: Annotated[str, Field(pattern=r"^WX[0-9]{3}$")]
    used: NonNegative
    limit: NonNegative | None = Field(description="null: the cap is off in the ruleset.")
    free: int | None = Field(description="limit - used (negative: over the cap); null when the cap is off.")
    linked: list[str]


class HeadroomSummary(_Out):
    rows: NonNegative
    over: NonNegative
    full: NonNegative
    unlimited: NonNegative


class HeadroomReport(_Out):
    """``wxtopo headroom --format json``: every cap row, tightest first."""

    schema_version: Literal[1]
    tool: Tool
    document: str | None
    ruleset: RulesetOut
    as_of: date
    account: str | None = Field(description="The one account asked for (`--account`), else null.")
    summary: HeadroomSummary
    rows: list[HeadroomRow]


def _ecosystem() -> dict[str, Any]:
    from .model import Ecosystem

    return Ecosystem.model_json_schema(by_alias=True)


def _report() -> dict[str, Any]:
    schema = TypeAdapter(Union[Report, list[Report]]).json_schema()
    schema["title"] = "wxtopo report"
    schema["description"] = "One report object per document; an array when several documents are validated."
    return schema


def _headroom() -> dict[str, Any]:
    from .rules.caps import cap_table

    schema = TypeAdapter(Union[HeadroomReport, ErrorReport]).json_schema()
    schema["$defs"]["HeadroomRow"]["properties"]["cap"]["enum"] = sorted(cap_table())
    schema["title"] = "wxtopo headroom report"
    schema["description"] = ("`wxtopo headroom --format json`: used, limit and free of every WX101-WX103 cap; "
                             "a document that cannot be read gives the report's error object.")
    return schema


def _ruleset() -> dict[str, Any]:
    from .ruleset import Parameters
    from .ruleset_sources import Provenance, RulesetFile

    schema = RulesetFile.model_json_schema(by_alias=True)
    params = copy.deepcopy(Parameters.model_json_schema())
    params.pop("required", None)  # a ruleset file overrides some parameters of its base
    params["description"] = ("Parameters to override; every other value comes from the base ruleset. Each is a "
                             "bare value or a Provenance object saying where the value comes from.")
    defs = schema.setdefault("$defs", {})
    defs.update(params.pop("$defs", {}))
    provenance = Provenance.model_json_schema(ref_template="#/$defs/{model}")
    defs.update(provenance.pop("$defs", {}))
    defs["Provenance"] = provenance
    for name, prop in params["properties"].items():
        description = prop.pop("description", None)
        params["properties"][name] = {"anyOf": [prop, {"$ref": "#/$defs/Provenance"}]}
        if description:
            params["properties"][name]["description"] = description
    defs["Parameters"] = params
    schema["properties"]["parameters"] = {"$ref": "#/$defs/Parameters"}
    return schema


def _suppressions() -> dict[str, Any]:
    from .suppressions import SuppressionsFile

    schema = SuppressionsFile.model_json_schema(by_alias=True)
    schema["description"] = ("A suppressions file: findings recorded by `wxtopo validate --write-suppressions` "
                             "and dropped by `--suppressions`.")
    return schema


def _changes() -> dict[str, Any]:
    from .planner.changes import ChangesFile

    schema = ChangesFile.model_json_schema(by_alias=True)
    # one flat oneOf: a link or unlink is told apart by its `kind` (default mini_program), which an
    # OpenAPI discriminator mapping (op -> one schema) cannot express
    items = schema["properties"]["changes"]["items"]
    flat = []
    for choice in items["oneOf"]:
        flat += choice.get("oneOf", [choice])
    schema["properties"]["changes"]["items"] = {"oneOf": flat}
    schema["description"] = ("An ordered list of changes to an ecosystem document, applied step by step by "
                             "`wxtopo plan PATH --changes FILE`: link, unlink, add_account, remove_account.")
    return schema


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (one of :data:`NAMES`), with its dialect."""
    build = {"ecosystem": _ecosystem, "report": _report, "ruleset": _ruleset, "suppressions": _suppressions,
             "changes": _changes, "headroom": _headroom}[name]
    body = build()
    return {"$schema": DIALECT, **body}


def schema_text(name: str) -> str:
    return json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n"
