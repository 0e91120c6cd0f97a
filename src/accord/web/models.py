"""Request and response models of the web API (pydantic; they document the OpenAPI schema).

Every computation request names its scenario in one of two ways: ``scenario``
(the text of a YAML or JSON scenario, parsed with accord's safe reader and no
access to server files) or ``builtin`` (the name of a scenario packaged with
accord). With neither, the default built-in (the Cairo talks) is used.

Limits live here as constants so that the schema, the server and the
documentation agree; :func:`accord.web.app.create_app` can tighten the time
and size limits, not the schema's bounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..forecast import MODELS
from ..jobs import SENSITIVITY_RUNS
from ..limits import MAX_REQUEST_OUTCOMES  # outcome space per request (each variant too)
from ..scenario.edit import MAX_EDITS  # edits in one request to /api/edit
from ..scenario.edit import MAX_PATH as MAX_EDIT_PATH  # keys in an edit's path
from ..simulation import PROTOCOLS

MAX_BODY_BYTES = 1 << 20          # 1 MiB: request bodies and scenario texts
MAX_ROUNDS = 10_000               # simulation deadline
MAX_MONTECARLO_RUNS = 100_000     # Monte Carlo draws
TIME_LIMIT = 20.0                 # seconds of computation per request
MAX_SEED = 2**63 - 1
MAX_ENTRIES = 100                 # issues in a proposal, parties in strategies/discounts
MAX_NAME = 200                    # ids, strategy specs, variant and built-in names
MAX_EDIT_TEXT = 10_000            # characters of an edit's YAML text


Name = Field(max_length=MAX_NAME)
if TYPE_CHECKING:
    ProtocolName = str  # the name of a registered protocol: the schema's enum below checks it
else:
    ProtocolName = Literal[tuple(PROTOCOLS)]  # the registered protocols (accord.simulation.PROTOCOLS)


class SourceBase(BaseModel):
    """Which scenario to work on: pasted/uploaded text, a built-in, or (neither) the default built-in."""

    # strict: a number or a boolean must be sent as one ("7" or true is refused as a seed, never coerced);
    # subclasses inherit it (their own model_config is merged with this one)
    model_config = ConfigDict(extra="forbid", strict=True,
                              json_schema_extra={"examples": [{"builtin": "cairo-talks-2024"}]})

    scenario: str | None = Field(
        default=None, max_length=MAX_BODY_BYTES,
        description="Scenario text (YAML or JSON, scenario format version 1). Parsed with accord's safe reader; "
                    "files it names (sources.file) are never read, so evidence quotes are not checked.")
    format: Literal["yaml", "json"] | None = Field(
        default=None, description="Format of `scenario`; default: JSON when the text starts with '{', else YAML.")
    builtin: str | None = Field(
        None, max_length=MAX_NAME, description="Name of a built-in scenario (see GET /api/builtins). "
                                               "Give `scenario` or `builtin`, not both; neither means the default.")


class Source(SourceBase):
    """A scenario and, optionally, the variant (what-if) to apply to it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"builtin": "cairo-talks-2024", "variant": "phased-ceasefire"}]})

    variant: str | None = Field(None, max_length=MAX_NAME, description="Apply this variant (what-if) first.")


class AnalyzeRequest(Source):
    unlock: bool = Field(True, description="When there is no ZOPA, search for the single changes that open it.")


class EvaluateRequest(Source):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "builtin": "cairo-talks-2024", "variant": "phased-ceasefire",
        "proposal": {"ceasefire": "phased", "rafah": "limited", "hostages": "phased"}}]})

    proposal: dict[str, str | float] = Field(
        ..., max_length=MAX_ENTRIES,
        description="The package: one option per issue (numbers for numeric issues).")
    top: int = Field(10, ge=0, le=100, description="How many Pareto improvements to list.")


class CompareRequest(SourceBase):
    variants: list[str] | None = Field(
        None, max_length=MAX_ENTRIES, description="Variants to compare with the base scenario (default: all of them); "
                                                  "the base is always the first row.")


class SimulateRequest(Source):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "builtin": "cairo-talks-2024", "variant": "talks-resume", "protocol": "alternating",
        "strategies": {"israel": "boulware", "hamas": "tit-for-tat"}, "rounds": 100, "seed": 7, "events": True}]})

    protocol: ProtocolName = "alternating"
    strategies: dict[str, str] = Field(
        default_factory=dict, max_length=MAX_ENTRIES,
        description="PARTY -> strategy spec, e.g. `boulware`, `tit-for-tat:mode=absolute`, "
                    "`boulware:exponent=0.1,accept=time:0.9,walkout_after=5`. Unnamed parties use boulware.")
    rounds: int = Field(100, ge=1, le=MAX_ROUNDS, description="Deadline in rounds.")
    seed: int = Field(0, ge=0, le=MAX_SEED, description="Seed of every random choice.")
    events: bool = Field(True, description="Play the scenario's scripted events (walkouts, returns, variants).")
    discounts: dict[str, float] = Field(default_factory=dict, max_length=MAX_ENTRIES,
                                        description="PARTY -> discount factor in (0, 1].")
    first: str | None = Field(None, max_length=MAX_NAME, description="Party that proposes first.")
    full_information: bool = Field(False, description="Let strategies see every party's utilities "
                                                      "(needed by zeuthen and subgame-perfect).")
    trace: bool = Field(True, description="Include the round-by-round trace in the answer.")


class MonteCarloRequest(Source):
    """The options of ``accord montecarlo`` (the answer is its ``--json`` document). With ``simulate``, one
    negotiation is played per draw (and per variant): far slower than the analysis, so keep ``runs`` modest
    (a few hundred draws of the Cairo talks with every variant take about 5 s); a request over the time limit
    is stopped (503)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"builtin": "cairo-talks-2024", "all_variants": True, "simulate": True, "runs": 200, "sensitivity_runs": 0}]})

    runs: int = Field(1000, ge=1, le=MAX_MONTECARLO_RUNS, description="Number of draws of the uncertain numbers.")
    seed: int = Field(0, ge=0, le=MAX_SEED)
    all_variants: bool = Field(False, description="Also every variant, on the same draws (paired); "
                                                  "not with `variant`.")
    sensitivity_runs: int | None = Field(None, ge=0, le=MAX_MONTECARLO_RUNS,
                                            description="Base draws of the Sobol analysis (0: skip it; default: "
                                                        f"as many as `runs`, at most {SENSITIVITY_RUNS}).")
    simulate: bool = Field(False, description="Also simulate the negotiation in every draw (`--simulate`): "
                                              "P(deal) with its interval, per variant too with `all_variants`.")
    protocol: ProtocolName = Field("alternating", description="Protocol of the simulated talks.")
    strategies: dict[str, str] = Field(default_factory=dict, max_length=MAX_ENTRIES,
                                       description="PARTY -> strategy spec of the simulated talks "
                                                   "(`--strategy`); unnamed parties use boulware.")
    rounds: int = Field(100, ge=1, le=MAX_ROUNDS, description="Deadline of the simulated talks.")
    events: bool = Field(True, description="Play the scenario's scripted events in the simulated talks.")


class ForecastRequest(Source):
    issue: str | None = Field(None, max_length=MAX_NAME, description="Only this issue (default: every issue).")
    models: list[str] | None = Field(None, max_length=MAX_ENTRIES,
                                        description=f"Models to run (default: all): {', '.join(MODELS)}.")
    rounds: int = Field(100, ge=1, le=MAX_ROUNDS, description="Round limit of the challenge model.")
    within_red_lines: bool = Field(False, description="Restrict the models to the options every party accepts, "
                                                      "on each issue where there are any.")


class ScenarioEdit(BaseModel):
    """One change to the scenario text: the value at `path`, given as JSON (`value`) or as YAML text (`text`,
    e.g. `{triangular: [3, 4, 5]}`), or removed (`remove`). Give exactly one of the three."""

    model_config = ConfigDict(extra="forbid", strict=True)

    path: list[Annotated[str, Field(max_length=MAX_NAME)]] = Field(
        ..., min_length=1, max_length=MAX_EDIT_PATH,
        description="Keys from the top of the document, e.g. `[\"actors\", \"israel\", \"reservation\"]`; "
                    "missing keys are created.")
    value: Any = Field(None, description="The new value, as JSON (null: not given).")
    text: str | None = Field(None, max_length=MAX_EDIT_TEXT,
                             description="The new value as YAML text; empty text removes the key.")
    remove: bool = Field(False, description="Remove the key.")


class EditRequest(SourceBase):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "builtin": "cairo-talks-2024",
        "edits": [{"path": ["actors", "israel", "preferences", "ceasefire", "weight"], "value": 5}]}]})

    edits: list[ScenarioEdit] = Field(default_factory=list, max_length=MAX_EDITS,
                                      description="Applied in order (none: the text as it is, with its form).")


class FormPreference(BaseModel):
    weight: str | None
    values: dict[str, str | None]
    red_line: Literal["reject", "accept"] | None = Field(description="A categorical red line's kind, if any.")
    options: list[str] = Field(description="The options the red line rejects (or accepts).")
    min: str | None
    max: str | None
    holds: str | None
    unless: str | None = Field(description="The red line's condition (format 1.1), as YAML text; edited as text.")


class FormActor(BaseModel):
    id: str
    name: str
    role: str
    reservation: str | None
    preferences: dict[str, FormPreference]


class Form(BaseModel):
    """What the forms show: numbers and distributions as one line of YAML, null where the text gives none."""

    actors: list[FormActor]


class EditResponse(BaseModel):
    text: str = Field(description="The edited scenario text, valid: what `accord validate` accepts.")
    format: Literal["yaml", "json"]
    file_name: str = Field(description="A file name from the scenario's name, e.g. `cairo-talks.yaml`.")
    comments_kept: bool = Field(description="False when the text had to be written out again (its comments lost).")
    form: Form


class ReportRequest(Source):
    seed: int = Field(0, ge=0, le=MAX_SEED, description="Seed of the briefing's simulation.")


class Problem(BaseModel):
    path: str = Field(description="Where in the scenario document, e.g. `actors.israel.reservation`.")
    line: int | None = Field(description="1-based line in the scenario text, when known.")
    message: str


class ProblemsResponse(BaseModel):
    """The scenario is not valid: every problem, as `accord validate` reports them."""

    errors: list[Problem]


class ErrorResponse(BaseModel):
    """Anything else that went wrong, in one line."""

    error: str


class BuiltinVariant(BaseModel):
    name: str
    description: str | None = None


class Builtin(BaseModel):
    name: str
    title: str
    description: str | None = None
    default: bool
    variants: list[BuiltinVariant]


class BuiltinsResponse(BaseModel):
    builtins: list[Builtin]


class BuiltinText(BaseModel):
    name: str
    text: str


class Limits(BaseModel):
    max_body_bytes: int
    max_rounds: int
    max_montecarlo_runs: int
    max_outcomes: int
    time_limit_seconds: float


class Features(BaseModel):
    forecast: bool
    montecarlo: bool
    report: bool
    track: bool = Field(description="A negotiation store is attached (accord serve --db): /api/track answers.")


class MetaResponse(BaseModel):
    version: str
    protocols: list[str]
    strategies: list[str]
    limits: Limits
    features: Features


class IssueSummary(BaseModel):
    id: str
    name: str
    kind: Literal["categorical", "numeric"]
    options: list[Any] | None = Field(None, description="Categorical options (null for numeric issues).")
    range: list[float] | None = None
    step: float | None = None
    unit: str | None = None
    scale: list[float] | None = Field(None, description="Categorical options' places on the issue's scale, where "
                                                        "forecasts put positions (null for numeric issues).")


class ActorSummary(BaseModel):
    id: str
    name: str
    role: str
    reservation: float
    of: str | None = Field(None, description="A constituency: the party whose yes it ratifies.")


class DecisionSummary(BaseModel):
    rule: Literal["unanimity", "majority", "qualified"]
    share: float | None = None
    weight_share: float | None = None
    veto: list[str] = []
    description: str = ""
    text: str = Field(description="The rule in words, as the terminal and the briefing state it.")


class EvidenceSummary(BaseModel):
    source: str | None = None
    quote: str | None = None
    assumption: str | None = None


class RedLineSummary(BaseModel):
    actor: str
    role: str
    of: str | None = None
    issue: str
    red_line: str = Field(description="The red line in words.")
    unless: str | None = Field(None, description="Format 1.1: the condition that waives it, in words.")
    holds: float = Field(1.0, description="Format 1.1: the probability that it binds (central value).")
    holds_uncertain: bool = Field(False, description="`holds` is a distribution.")
    evidence: list[EvidenceSummary] = []


class ScenarioSummary(BaseModel):
    name: str
    description: str | None = None
    date: str | None = None
    variant: str | None = None
    parties: list[str]
    evaluated: list[str] = Field(description="Actors with preferences (parties first): whose utilities are reported.")
    actors: list[ActorSummary]
    issues: list[IssueSummary]
    variants: list[BuiltinVariant]
    events: int
    outcomes: int
    uncertain: int = Field(description="How many numbers are written as distributions (Monte Carlo draws them).")
    decision: DecisionSummary | None = Field(None, description="Format 1.1: the decision rule (null: unanimity).")
    constituencies: dict[str, list[str]] = Field(
        default_factory=dict, description="Format 1.1: party -> the constituencies that ratify its yes.")
    red_lines: list[RedLineSummary] = Field(
        default_factory=list, description="Every red line, with its condition (unless) and credibility (holds).")


class ValidateResponse(BaseModel):
    valid: bool
    scenario: ScenarioSummary


class Negotiation(BaseModel):
    name: str
    versions: int
    runs: int
    latest_as_of: str | None = Field(description="As-of date (YYYY-MM-DD) of the latest version.")
    created: str


class TrackListResponse(BaseModel):
    """`accord track list --json`: the negotiations in the attached store."""

    negotiations: list[Negotiation]


class TimelineVersion(BaseModel):
    version: int
    ref: str = Field(description="NAME@NUMBER")
    as_of: str = Field(description="YYYY-MM-DD")
    note: str | None = None
    sha256: str
    outcomes: int
    zopa: int = Field(description="Packages acceptable to every party (the size of the ZOPA).")
    blockers: list[dict[str, Any]] = Field(description="As in `accord analyze --json`: red-line or reservation.")
    nash: dict[str, Any] | None = Field(description="The Nash deal (outcome, utilities, score), if there is a ZOPA.")
    p_zopa: float | None = Field(description="P(ZOPA) from the latest stored Monte Carlo run of the base scenario.")
    p_zopa_ci: list[float] | None = None
    montecarlo_run: int | None = Field(description="Id of that run (see accord rerun).")


class TimelineResponse(BaseModel):
    """`accord track timeline NAME --json`: one row per stored version, in as-of order."""

    negotiation: str
    versions: list[TimelineVersion]


__all__ = [
    "AnalyzeRequest", "Builtin", "BuiltinText", "BuiltinVariant", "BuiltinsResponse", "CompareRequest",
    "EditRequest", "EditResponse", "ErrorResponse", "EvaluateRequest", "Form", "FormActor", "FormPreference", "Features", "ForecastRequest", "Limits", "MAX_BODY_BYTES",
    "MAX_MONTECARLO_RUNS", "MAX_REQUEST_OUTCOMES", "MAX_ROUNDS", "MetaResponse", "MonteCarloRequest", "Negotiation", "Problem",
    "ProblemsResponse", "ReportRequest", "ScenarioEdit", "ScenarioSummary", "SimulateRequest", "Source", "SourceBase", "TIME_LIMIT",
    "TimelineResponse", "TimelineVersion", "TrackListResponse", "ValidateResponse",
]
