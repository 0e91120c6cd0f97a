"""Negotiation strategies: small classes with declared traits and two decisions.

A strategy answers ``propose(view) -> outcome index`` and
``accepts(view, offer) -> bool``; :meth:`Strategy.respond` adds the rule every
rational party follows (never accept what crosses a red line or falls below
the reservation). ``objections`` names the issues a party objects to in a
mediator's text, and ``walk_out`` decides whether to leave the table.

Writing your own::

    class Stubborn(Strategy):
        name = "stubborn"
        traits = Traits(concession="none")

        def target(self, view):
            return view.best            # always ask for the best

Register it with ``STRATEGIES["stubborn"] = Stubborn`` to use it by name.

Parameters are declared, once per class, in ``parameters``: a tuple of
:class:`Parameter` (name, type, range or choices). The constructor checks
its arguments against them and :func:`make_strategy` converts the text of a
spec by them, so ``boulware:exponent=0.1`` and ``Boulware(exponent=0.1)``
build the same strategy and refuse the same bad values with the same
message, naming the parameter. :meth:`Strategy.spec` writes a strategy back
as a spec (``make_strategy(s.spec())`` rebuilds it).

Randomness: a strategy that draws from ``view.rng`` must declare
``Traits(stochastic=True)``; one that does not gives the same negotiation
for every seed, and batches and tournaments play it once (a test checks this
of every registered strategy).

Acceptance conditions follow Baarslag, Hindriks & Jonker (2014),
"Effective acceptance conditions in automated negotiation" (Decision Support
Systems 60): AC_next (accept what is at least as good as one's own next
offer), AC_prev (at least as good as one's own previous offer),
AC_const(alpha), AC_time(T) and AC_combi(T, MAX^W).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from ..analysis.pareto import frontier_mask
from ..scenario import TOLERANCE
from ..scenario.outcomes import meets
from .errors import SimulationError
from .opponent import OPPONENT_MODELS, ExactModel, Frequency, OpponentModel
from .view import View, offers_below


@dataclass(frozen=True)
class Traits:
    """What a strategy is, declared so that it can be queried and checked.

    ``concession``: time | behaviour | none | risk | random | equilibrium | mediator.
    """

    concession: str
    stochastic: bool = False
    full_information: bool = False
    reacts_to_offers: bool = False


@dataclass(frozen=True)
class Parameter:
    """A strategy parameter: its name, type (``float``, ``int``, ``str``, ``Acceptance`` or ``OpponentModel``) and allowed values.

    ``low`` / ``high`` bound a number (``low_open``: strictly above ``low``);
    ``choices`` lists the allowed strings.
    """

    name: str
    kind: type
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""

    def rule(self) -> str:
        """The rule in words, e.g. ``a number > 0`` or ``an integer >= 1``."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind is Acceptance:
            return f"an acceptance condition ({ACCEPTANCE_SYNTAX})"
        if self.kind is OpponentModel:
            return "an opponent model, one of " + ", ".join(repr(n) for n in ("auto", *OPPONENT_MODELS))
        words = {float: "a number", int: "an integer", str: "a string"}[self.kind]
        bounds = []
        if self.low is not None:
            bounds.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            bounds.append(f"<= {self.high:g}")
        return " ".join([words, " and ".join(bounds)]) if bounds else words

    def check(self, strategy: str, value: Any) -> Any:
        """``value`` if it fits (numbers as the declared type), else :class:`InvalidInput` naming the parameter."""
        def refuse() -> SimulationError:
            return _refusal(self.name, strategy, self.rule(), value)

        if self.kind is Acceptance:
            if not isinstance(value, Acceptance):
                raise refuse()
            return value
        if self.kind is OpponentModel:
            if not isinstance(value, OpponentModel):
                raise refuse()
            return value
        if self.kind is str:
            if not isinstance(value, str) or (self.choices and value not in self.choices):
                raise refuse()
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise refuse()
        if self.kind is int:
            if float(value) != int(value):
                raise refuse()
            value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise refuse()
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            raise refuse()
        if self.high is not None and value > self.high:
            raise refuse()
        return value

    def parse(self, strategy: str, text: str) -> Any:
        """Convert the text of a spec by the declared type, then :meth:`check` it."""
        text = text.strip()
        if self.kind is Acceptance:
            return _parse_acceptance(strategy, text)
        if self.kind is OpponentModel:
            if text == "auto":
                return None
            if text not in OPPONENT_MODELS:
                raise _refusal(self.name, strategy, self.rule(), text)
            return OPPONENT_MODELS[text]()
        if self.kind is str:
            return self.check(strategy, text)
        try:
            number = int(text) if self.kind is int else float(text)
        except ValueError:
            raise _refusal(self.name, strategy, self.rule(), text) from None
        return self.check(strategy, number)


def _parse_acceptance(strategy: str, text: str) -> Acceptance:
    """An acceptance condition from its spec text, ``KIND`` or ``KIND:ARG[:ARG]`` (see :data:`ACCEPTANCE_FORMS`).

    An unknown kind is refused listing every form; a wrong number of
    arguments, or one that is not a finite number in its declared range, is
    refused with the form of that kind and the range of each argument.
    """
    kind, *args = text.split(":")
    if kind not in ACCEPTANCE:
        raise _refusal("accept", strategy, ACCEPTANCE_SYNTAX, text)
    fields = ACCEPTANCE_PARAMETERS.get(kind, ())
    if not fields:
        if args:
            raise _refusal("accept", strategy, f"{kind!r} without an argument", text)
        return ACCEPTANCE[kind]()
    ranges = []
    for field in fields:
        low, high = field.low or 0.0, 1.0 if field.high is None else field.high
        ranges.append(f"{field.help} a number in {'(' if field.low_open else '['}{low:g}, {high:g}]")
    rule = f"{ACCEPTANCE_FORMS[kind]} with {' and '.join(ranges)}"
    required = sum(p.default is inspect.Parameter.empty for p in inspect.signature(ACCEPTANCE[kind]).parameters.values())
    if not required <= len(args) <= len(fields):
        raise _refusal("accept", strategy, rule, text)
    numbers = []
    for field, arg in zip(fields, args):
        try:
            numbers.append(field.check(strategy, float(arg)))
        except (ValueError, SimulationError):
            raise _refusal("accept", strategy, rule, text) from None
    return ACCEPTANCE[kind](*numbers)


def _refusal(parameter: str, strategy: str, rule: str, value: Any) -> SimulationError:
    """The one message for a bad strategy parameter: names the parameter, the strategy, the rule and the value."""
    return SimulationError(parameter, rule, value,
                           message=f"the {parameter!r} parameter of strategy {strategy!r} must be {rule}; got {value!r}")


class Acceptance:
    """An acceptance condition: ``accepts(view, offer, strategy)``."""

    def accepts(self, view: View, offer: int, strategy: Strategy) -> bool:
        raise NotImplementedError

    def spec(self) -> str:
        """The condition as written in a strategy spec (``next``, ``constant:0.6``, ``combi:0.9:0.1``, ...)."""
        raise NotImplementedError


@dataclass(frozen=True)
class AcceptNext(Acceptance):
    """AC_next: accept when u(offer) >= the utility the party would ask for now."""

    def accepts(self, view: View, offer: int, strategy: Strategy) -> bool:
        return bool(view.utility[offer] >= strategy.target(view) - TOLERANCE)

    def spec(self) -> str:
        return "next"


@dataclass(frozen=True)
class AcceptConstant(Acceptance):
    """AC_const(alpha): accept when u(offer) >= alpha."""

    alpha: float

    def accepts(self, view: View, offer: int, strategy: Strategy) -> bool:
        return bool(view.utility[offer] >= self.alpha - TOLERANCE)

    def spec(self) -> str:
        return f"constant:{self.alpha!r}"


@dataclass(frozen=True)
class AcceptTime(Acceptance):
    """AC_time(T): accept anything acceptable once relative time reaches T (else AC_next)."""

    after: float

    def accepts(self, view: View, offer: int, strategy: Strategy) -> bool:
        return view.time >= self.after or AcceptNext().accepts(view, offer, strategy)

    def spec(self) -> str:
        return f"time:{self.after!r}"


@dataclass(frozen=True)
class AcceptPrevious(Acceptance):
    """AC_prev: accept when u(offer) >= u(the party's own previous offer) (Baarslag, Hindriks & Jonker 2014).

    Baarslag et al.'s AC_prev(alpha, beta), alpha u(x) + beta >= u(x_own), with
    alpha = 1 and beta = 0: the offer is at least as good as what the party
    itself asked for last time. With no previous offer of its own (it has not
    proposed yet, or a mediator drafts every text) it judges by AC_next.
    """

    def accepts(self, view: View, offer: int, strategy: Strategy) -> bool:
        mine = view.last_own()
        if mine is None:
            return AcceptNext().accepts(view, offer, strategy)
        return bool(view.utility[offer] >= view.utility[mine.outcome] - TOLERANCE)

    def spec(self) -> str:
        return "prev"


@dataclass(frozen=True)
class AcceptCombi(Acceptance):
    """AC_combi(T, MAX^W) (Baarslag, Hindriks & Jonker 2014): AC_next, or, once t >= T, u(offer) >= MAX^W.

    MAX^W = max { u(x) : x offered to the party by another party at a time s
    with t - W <= s < t }, the best the others offered in the last window W of
    relative time (earlier rounds only, not the offer being judged). Without
    ``window`` W is the time left, 1 - t, as in the paper: the best one can
    expect in the time that remains is about the best seen in as long a time
    before. An empty window (no offer received in it) gives no benchmark, so
    then only AC_next can accept. Times are relative, s = round / (deadline - 1).
    """

    after: float
    window: float | None = None

    def accepts(self, view: View, offer: int, strategy: Strategy) -> bool:
        if AcceptNext().accepts(view, offer, strategy):
            return True
        t = view.time
        if t < self.after:
            return False
        width = 1.0 - t if self.window is None else self.window
        span = max(1, view.deadline - 1)
        seen = [view.utility[o.outcome] for o in view.history
                if o.proposer != view.party and o.round < view.round and min(1.0, o.round / span) >= t - width - TOLERANCE]
        return bool(seen) and bool(view.utility[offer] >= max(seen) - TOLERANCE)

    def spec(self) -> str:
        return f"combi:{self.after!r}" + ("" if self.window is None else f":{self.window!r}")


ACCEPTANCE: dict[str, type[Acceptance]] = {"next": AcceptNext, "prev": AcceptPrevious, "constant": AcceptConstant,
                                           "time": AcceptTime, "combi": AcceptCombi}
# each acceptance condition as written in a spec, and the arguments (after colons, in order) of those that take any;
# a Parameter's help is the argument's placeholder in the form
ACCEPTANCE_FORMS = {"next": "next", "prev": "prev", "constant": "constant:ALPHA", "time": "time:T", "combi": "combi:T[:W]"}
ACCEPTANCE_SYNTAX = ", ".join(list(ACCEPTANCE_FORMS.values())[:-1]) + " or " + list(ACCEPTANCE_FORMS.values())[-1]
ACCEPTANCE_PARAMETERS = {
    "constant": (Parameter("alpha", float, 0.0, 1.0, help="ALPHA"),),
    "time": (Parameter("after", float, 0.0, 1.0, help="T"),),
    "combi": (Parameter("after", float, 0.0, 1.0, help="T"), Parameter("window", float, 0.0, 1.0, low_open=True, help="W")),
}


class Strategy:
    """Base strategy, a BOA agent (Baarslag et al. 2014): an offering strategy, an opponent model, an acceptance condition.

    - Offering: :meth:`target` is how much the party asks for now; :meth:`propose`
      offers, among the outcomes worth at least that to it, the one its
      opponent model rates best for the others (:func:`offer_on_curve`).
    - Opponent model: ``model``, an :class:`~accord.simulation.opponent.OpponentModel`
      (``model=NAME`` in a spec, from :data:`~accord.simulation.opponent.OPPONENT_MODELS`);
      the default, ``auto``, is the others' true utilities under full
      information and the frequency model of HardHeaded otherwise.
    - Acceptance: ``acceptance``, an :class:`Acceptance` (``accept=...``).

    Subclasses change one part (a concession curve overrides :meth:`target`)
    or the decisions themselves (:meth:`propose`, :meth:`accepts`).
    """

    name: ClassVar[str] = "strategy"
    traits: ClassVar[Traits] = Traits(concession="none")
    description: ClassVar[str] = ""  # one line, for help texts and the docs table
    citation: ClassVar[str] = ""
    # the parameters this class adds to those of its bases (see parameter_table)
    parameters: ClassVar[tuple[Parameter, ...]] = (
        Parameter("acceptance", Acceptance, help="acceptance condition; written accept=next|prev|constant:ALPHA|time:T|combi:T[:W]"),
        Parameter("walkout_after", int, low=1, help="walk out after this many rounds without an acceptable offer"),
        Parameter("model", OpponentModel, help="opponent model that picks among outcomes at the target; "
                                               "written model=auto|" + "|".join(OPPONENT_MODELS)),
    )

    def __init__(self, acceptance: Acceptance | None = None, walkout_after: int | None = None,
                 model: OpponentModel | None = None):
        self.acceptance = AcceptNext() if acceptance is None else self._checked("acceptance", acceptance)
        self.walkout_after = None if walkout_after is None else self._checked("walkout_after", walkout_after)
        self.model: OpponentModel | None = None if model is None else self._checked("model", model)
        self._auto: OpponentModel | None = None

    @property
    def needs_full_information(self) -> bool:
        """Whether this strategy reads other parties' utilities (its traits or its opponent model say so)."""
        return self.traits.full_information or (self.model is not None and self.model.full_information)

    def opponent_model(self, view: View) -> OpponentModel:
        """The model in use: ``model``, or under ``auto`` the exact one with full information, else the frequency model."""
        if self.model is not None:
            return self.model
        if self._auto is None or self._auto.full_information != view.full_information:
            self._auto = ExactModel() if view.full_information else Frequency()
        return self._auto

    # -- declared parameters ---------------------------------------------------
    @classmethod
    def parameter_table(cls) -> dict[str, Parameter]:
        """Every parameter of this class (its own and its bases'), own parameters first."""
        table: dict[str, Parameter] = {}
        for klass in cls.__mro__:
            for parameter in vars(klass).get("parameters", ()):
                table.setdefault(parameter.name, parameter)
        return table

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Each declared parameter's default, read from the constructors' signatures (nearest class first)."""
        found: dict[str, Any] = {}
        for klass in cls.__mro__:
            if "__init__" in vars(klass):
                for name, p in inspect.signature(vars(klass)["__init__"]).parameters.items():
                    if p.default is not inspect.Parameter.empty:
                        found.setdefault(name, p.default)
        return {name: found.get(name) for name in cls.parameter_table()}

    def _checked(self, name: str, value: Any) -> Any:
        return self.parameter_table()[name].check(self.name, value)

    def spec(self) -> str:
        """This strategy as a spec string, parameters that differ from the defaults only: ``make_strategy(s.spec())``
        builds an equal strategy."""
        defaults = self.defaults()
        pieces = []
        for name in self.parameter_table():
            value = getattr(self, name, None)
            if name == "acceptance":
                if value is not None and not isinstance(value, AcceptNext):
                    pieces.append(f"accept={value.spec()}")
            elif name == "model":
                if value is not None:
                    pieces.append(f"model={value.spec()}")
            elif value is not None and value != defaults.get(name):
                pieces.append(f"{name}={value!r}" if not isinstance(value, str) else f"{name}={value}")
        return self.name + (":" + ",".join(pieces) if pieces else "")

    # -- the decisions -------------------------------------------------------
    def start(self, view: View) -> None:
        """Called once before the first round (reset any state here)."""

    def changed(self, view: View) -> None:
        """Called when an event changes the scenario mid-negotiation (views already show it)."""

    def target(self, view: View) -> float:
        """The utility the party asks for now (its aspiration level)."""
        return view.best

    def propose(self, view: View) -> int:
        return offer_on_curve(view, self.target(view), self.opponent_model(view))

    def accepts(self, view: View, offer: int) -> bool:
        return self.acceptance.accepts(view, offer, self)

    def respond(self, view: View, offer: int) -> bool:
        """Accept only what the strategy likes *and* passes red lines and reservation."""
        return bool(view.acceptable[offer]) and self.accepts(view, offer)

    def objections(self, view: View, offer: int) -> tuple[str, ...]:
        """Issues objected to in ``offer``.

        The red lines it crosses (its own and its constituencies', each
        waived where its ``unless`` is met: :func:`crossed_red_lines`);
        otherwise every issue whose change alone
        could close the gap to what the party asks for (its weighted loss
        there, w_i (max v_i - v_i(o_i)), is at least the gap), costliest first,
        or failing that the costliest issue.
        """
        scenario = view.table.scenario
        outcome = view.table.outcome(offer)
        actor = scenario.actors[view.party]
        crossed = crossed_red_lines(view, offer)
        if crossed or self.respond(view, offer):
            return crossed
        losses = {i: actor.normalised_weight(i) * (max(pref.scores) - pref.value(scenario.issues[i], outcome[i]))
                  for i, pref in actor.preferences.items()}
        ranked = sorted((i for i in losses if losses[i] > TOLERANCE), key=lambda i: -losses[i])
        gap = max(self.target(view), view.reservation) - float(view.utility[offer])
        closing = tuple(i for i in ranked if losses[i] >= gap - TOLERANCE)
        return closing or tuple(ranked[:1])

    def walk_out(self, view: View) -> str | None:
        """A reason to leave, or None. Default: after ``walkout_after`` rounds of unacceptable offers."""
        if self.walkout_after is not None and offers_below(view, self.walkout_after):
            return f"no acceptable offer in the last {self.walkout_after} rounds"
        return None

    def describe(self) -> str:
        return self.name


def crossed_red_lines(view: View, offer: int) -> tuple[str, ...]:
    """Issues on which ``offer`` crosses a binding red line of the party or of one of its constituencies.

    A red line whose ``unless`` the offer meets is waived (format 1.1); the
    party's own preferences come first, in their order, then each
    constituency's (a party knows its own constituencies, see :class:`View`).
    """
    table = view.table
    scenario = table.scenario
    outcome = table.outcome(offer)
    rows: npt.NDArray[np.int64] | None = None
    found: list[str] = []
    for aid in (view.party, *scenario.constituencies.get(view.party, ())):
        for i, pref in scenario.actors[aid].preferences.items():
            if (pref.red_line is None or i in found or (aid, i) in table.not_binding
                    or pref.red_line.allows(scenario.issues[i], outcome[i])):
                continue
            if pref.unless:
                if rows is None:
                    rows = np.asarray(np.unravel_index(int(offer), table.shape), dtype=np.int64).reshape(1, -1)
                if meets(scenario, pref.unless, rows)[0]:
                    continue
            found.append(i)
    return tuple(found)


def offer_on_curve(view: View, target: float, model: OpponentModel) -> int:
    """The outcome to offer at ``target``: on or above the party's iso-utility curve, the best for the others.

    Among the outcomes the party's red lines allow with own utility u >= target
    (tolerance 1e-9; if the target is out of reach, the party's best ones), the
    one ``model`` rates highest for the other parties; ties (within 1e-9) go
    to the lowest own utility (the offer nearest the target), then the lowest
    index. With the others' true utilities this is the Pareto-efficient point
    of the curve (Raiffa 1982; Baarslag et al. 2014 call it the bidding
    strategy's use of the opponent model). The party's outcomes are kept
    sorted by utility, so the candidates are one binary search away.
    """
    values, order = view.table.ranked(view.index)
    if order.size == 0:
        return int(np.argmax(view.utility))
    # (array methods rather than the numpy functions: this runs once per offer, and the functions' dispatch
    # costs as much as the work on a small space)
    low = int(values.searchsorted(target - TOLERANCE, side="left"))
    if low == order.size:
        low = int(values.searchsorted(values[-1] - TOLERANCE, side="left"))
    candidates = order[low:]
    if candidates.size == 1:
        return int(candidates[0])
    try:
        ratings = np.asarray(model.rate(view, candidates), dtype=np.float64)
    except (MemoryError, RecursionError, SimulationError):
        raise
    except Exception as exc:  # a user's model: name it (the engine adds the party, its strategy and the round)
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise SimulationError(f"the opponent model {model.name!r} raised {type(exc).__name__}"
                              + (f": {detail}" if detail else "")) from exc
    if ratings.shape != candidates.shape:
        raise SimulationError(f"the opponent model {model.name!r} rated {ratings.size} outcomes; "
                              f"it was asked for {candidates.size}")
    top = float(np.maximum.reduce(ratings))
    pick = int((ratings >= top - TOLERANCE).argmax()) if math.isfinite(top) else int((ratings >= top).argmax())
    return int(candidates[pick])


class TimeDependent(Strategy):
    """Time-dependent concession (Faratin, Sierra & Jennings 1998).

    target(t) = floor + (best - floor) * (1 - t^(1/e)), t = round / deadline:
    e < 1 holds firm until late (Boulware), e = 1 concedes linearly, e > 1
    concedes early (Conceder).
    """

    name = "time-dependent"
    description = "target(t) = floor + (best - floor)(1 - t^(1/e)); e < 1 firm, e > 1 early concession"
    citation = "Faratin, Sierra & Jennings 1998"
    traits = Traits(concession="time")
    parameters = (Parameter("exponent", float, low=0.0, low_open=True,
                            help="concession exponent e: < 1 firm until late, 1 linear, > 1 early"),)

    def __init__(self, exponent: float = 1.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.exponent: float = self._checked("exponent", exponent)

    def target(self, view: View) -> float:
        # (float ** float is typed Any: a negative base could give a complex number)
        target: float = view.floor + (view.best - view.floor) * (1.0 - view.time ** (1.0 / self.exponent))
        return target

    def describe(self) -> str:
        return f"{self.name}(e={self.exponent:g})"


class Boulware(TimeDependent):
    name = "boulware"
    description = "time-dependent with e = 0.2: holds firm until late"

    def __init__(self, exponent: float = 0.2, **kwargs: Any):
        super().__init__(exponent, **kwargs)


class Linear(TimeDependent):
    name = "linear"
    description = "time-dependent with e = 1: concedes at a constant rate"

    def __init__(self, exponent: float = 1.0, **kwargs: Any):
        super().__init__(exponent, **kwargs)


class Conceder(TimeDependent):
    name = "conceder"
    description = "time-dependent with e = 5: concedes early"

    def __init__(self, exponent: float = 5.0, **kwargs: Any):
        super().__init__(exponent, **kwargs)


class Aspiration(TimeDependent):
    """A polynomial aspiration level, u(t) = best - (best - floor) t^4 (cf. Siegel & Fouraker 1960 on
    aspiration levels; the same family as Boulware, written as the aspiration curve t^k with k = 1/e = 4)."""

    name = "aspiration"
    description = "aspiration level best - (best - floor) t^4 (time-dependent with e = 0.25)"
    citation = "Siegel & Fouraker 1960"

    def __init__(self, exponent: float = 0.25, **kwargs: Any):
        super().__init__(exponent, **kwargs)


class TitForTat(Strategy):
    """Imitative tit-for-tat (Faratin, Sierra & Jennings 1998, behaviour-dependent tactics).

    Measured in the party's own utility of the offers it receives: when the
    other side's latest offer is better for it by delta than the previous one,
    - absolute: target <- target - delta;
    - relative: target <- floor + (target - floor) * (1 - c), with c = delta /
      (best - previous), the share of the remaining gap the other side closed.
    The target never goes below the floor (the reservation). When an event
    changes the scenario the concession made so far carries over as a share
    of the range, (target - floor) / (best - floor), kept on the new floor and
    best (as the time-dependent strategies' targets do).

    Faratin et al. combine behaviour-dependent tactics with time-dependent
    ones; here the imitated target is capped by the time-dependent curve
    floor + (best - floor)(1 - t^(1/e)) with e = ``patience`` (default 0.2,
    Boulware's curve), so that the target reaches the floor at the
    deadline: two imitators facing each other would otherwise each wait for
    the other's first concession and never agree.
    """

    name = "tit-for-tat"
    description = "imitates the other side's concession, measured in its own utility"
    citation = "Faratin, Sierra & Jennings 1998"
    traits = Traits(concession="behaviour", reacts_to_offers=True)
    parameters = (Parameter("mode", str, choices=("relative", "absolute"),
                            help="imitate the other side's concession in absolute or relative terms"),
                  Parameter("patience", float, low=0.0, low_open=True,
                            help="exponent e of the time-dependent cap on the target (reaches the floor at the deadline)"))

    def __init__(self, mode: str = "relative", patience: float = 0.2, **kwargs: Any):
        super().__init__(**kwargs)
        self.mode = self._checked("mode", mode)
        self.patience: float = self._checked("patience", patience)
        self._target: float | None = None
        self._seen = 0
        self._range = (0.0, 1.0)  # (floor, best) of the scenario the target is measured in

    def start(self, view: View) -> None:
        self._target, self._seen = None, 0
        self._range = (view.floor, view.best)

    def changed(self, view: View) -> None:
        """Carry the target over to the new scenario's utilities: the same share of the way from best to floor."""
        floor, best = self._range
        self._range = (view.floor, view.best)
        if self._target is not None:
            share = (self._target - floor) / (best - floor) if best - floor > TOLERANCE else 1.0
            self._target = view.floor + (view.best - view.floor) * min(1.0, max(0.0, share))

    def target(self, view: View) -> float:
        if self._target is None:
            self._target = view.best
        received = view.received()
        while self._seen < len(received):
            self._seen += 1
            if self._seen >= 2:
                previous = view.utility[received[self._seen - 2].outcome]
                delta = max(0.0, float(view.utility[received[self._seen - 1].outcome] - previous))
                if self.mode == "absolute":
                    self._target -= delta
                else:
                    gap = max(TOLERANCE, view.best - previous)
                    self._target = view.floor + (self._target - view.floor) * (1 - min(1.0, delta / gap))
        cap: float = view.floor + (view.best - view.floor) * (1.0 - view.time ** (1.0 / self.patience))
        self._target = max(min(self._target, cap), view.floor)
        return self._target

    def describe(self) -> str:
        return f"{self.name}({self.mode})"


class Hardliner(Strategy):
    """Never concedes: always asks for its best outcome and accepts nothing less."""

    name = "hardliner"
    description = "always asks for its best outcome and accepts nothing less"
    traits = Traits(concession="none")


class RandomStrategy(Strategy):
    """Proposes a uniformly random outcome it can accept; accepts anything acceptable."""

    name = "random"
    description = "a uniformly random outcome it can accept (seeded); accepts anything acceptable"
    traits = Traits(concession="random", stochastic=True)

    def propose(self, view: View) -> int:
        pool = np.flatnonzero(view.acceptable)
        if pool.size == 0:
            pool = np.flatnonzero(view.allowed) if view.allowed.any() else np.arange(view.utility.size)
        return int(view.rng.choice(pool))

    def target(self, view: View) -> float:
        return view.floor


class Zeuthen(Strategy):
    """Zeuthen's risk-based concession (Zeuthen 1930; Harsanyi 1956). Two parties, full information.

    With own offer x and the other's offer y, risk_i = (u_i(x) - u_i(y)) /
    (u_i(x) - r_i), the largest chance of breakdown i would accept rather than
    take y. The party whose risk is not larger concedes one step along the
    Pareto frontier (the next point down for itself); with small steps the
    offers meet at the Nash bargaining solution (Harsanyi 1956).
    """

    name = "zeuthen"
    description = "the side with less to lose from breakdown concedes one step on the frontier"
    citation = "Zeuthen 1930; Harsanyi 1956"
    traits = Traits(concession="risk", full_information=True, reacts_to_offers=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._path: npt.NDArray[np.intp] | None = None
        self._step = 0

    def start(self, view: View) -> None:
        if len(view.table.parties) != 2:
            raise SimulationError("zeuthen needs exactly two parties")
        (other,) = view.others.values()
        pool = np.flatnonzero(view.acceptable)
        if pool.size == 0:
            pool = np.array([int(np.argmax(np.where(view.allowed, view.utility, -1.0)))])
        points = np.stack([view.utility[pool], other[pool]], axis=1)
        path = pool[frontier_mask(points)]
        self._path = path[np.lexsort((path, -other[path], -view.utility[path]))]
        self._step = 0

    def changed(self, view: View) -> None:
        self.start(view)

    def _risks(self, view: View, mine: int, theirs: int) -> tuple[float, float]:
        (other,) = view.others.values()
        other_party = next(p for p in view.table.parties if p != view.party)
        r_other = float(view.table.reservations[view.table.party_index(other_party)])

        def risk(u_own: float, u_alt: float, r: float) -> float:
            span = u_own - r
            return 0.0 if span <= TOLERANCE else min(1.0, max(0.0, (u_own - u_alt) / span))

        return (risk(float(view.utility[mine]), float(view.utility[theirs]), view.reservation),
                risk(float(other[theirs]), float(other[mine]), r_other))

    def target(self, view: View) -> float:
        assert self._path is not None, "start() builds the path"
        return float(view.utility[self._path[self._step]])

    def propose(self, view: View) -> int:
        assert self._path is not None, "start() builds the path"
        last = view.last_received()
        if last is not None and self._step + 1 < len(self._path):
            mine_risk, their_risk = self._risks(view, int(self._path[self._step]), last.outcome)
            if mine_risk <= their_risk + TOLERANCE:
                self._step += 1
        return int(self._path[self._step])


class SubgamePerfect(Strategy):
    """Subgame-perfect play of alternating offers with discounting (Rubinstein 1982; Stahl 1972).

    Two parties, full information. Backward induction over the Pareto
    frontier of the outcomes both red lines allow, from the deadline (where
    each gets its reservation) to the round s the scenario took effect: in
    round t the proposer P offers the frontier point best for it among those
    giving the responder R at least its continuation value,
    W_R(t+1) <= d_R^(t-s) u_R; R accepts exactly those. Values are in present
    terms at round s, d^(t-s) times utility. For one divisible issue, zero
    reservations and a long deadline the first offer gives the first proposer
    x1 = (1 - d2) / (1 - d1 d2), accepted at once.

    s is 0 for the scenario the talks start with. An event that changes the
    scenario starts a new game over the remaining rounds, s = the event's
    round: the new scenario's utilities and reservations are what the parties
    hold from then on, so they are discounted from then on. (Measured from
    round 0, a deal in round t would be worth only d^t u against an
    undiscounted reservation: after a late event no deal would beat waiting
    for the deadline, and the parties would trade their best offers until it.)
    """

    name = "subgame-perfect"
    description = "backward induction over the frontier with discounting"
    citation = "Rubinstein 1982; Stahl 1972"
    traits = Traits(concession="equilibrium", full_information=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._offers: dict[int, int] = {}
        self._thresholds: dict[int, float] = {}
        self._origin = 0  # the round the scenario being played took effect

    def start(self, view: View) -> None:
        self._solve(view, 0)

    def changed(self, view: View) -> None:
        """Solve again on the new scenario, as a game from this round to the deadline."""
        self._solve(view, view.round)

    def _solve(self, view: View, origin: int) -> None:
        parties = view.table.parties
        if len(parties) != 2 or len(view.order) != 2:
            raise SimulationError("subgame-perfect needs exactly two parties")
        table = view.table
        both = np.flatnonzero(table.allowed.all(axis=0))
        points = table.utilities[:2, both].T
        front = both[frontier_mask(points)]
        utilities = {p: table.utilities[table.party_index(p), front] for p in parties}
        discounts = view.discounts or {}
        value = {p: float(table.reservations[table.party_index(p)]) for p in parties}
        self._offers, self._thresholds, self._origin = {}, {}, origin
        for t in range(view.deadline - 1, origin - 1, -1):
            proposer = view.order[t % 2]
            responder = next(p for p in parties if p != proposer)
            present = {p: discounts.get(p, 1.0) ** (t - origin) * utilities[p] for p in parties}
            self._thresholds[t] = value[responder]
            feasible = present[responder] >= value[responder] - TOLERANCE
            if feasible.any():
                pick = int(np.flatnonzero(feasible)[np.argmax(present[proposer][feasible])])
                if present[proposer][pick] >= value[proposer] - TOLERANCE:
                    self._offers[t] = int(front[pick])
                    value = {p: float(present[p][pick]) for p in parties}
                    continue
            self._offers[t] = int(front[np.argmax(utilities[proposer])]) if front.size else 0

    def propose(self, view: View) -> int:
        return self._offers[view.round]

    def target(self, view: View) -> float:
        return self._thresholds.get(view.round, view.best) / max(view.discount ** (view.round - self._origin), TOLERANCE)

    def accepts(self, view: View, offer: int) -> bool:
        present = view.discount ** (view.round - self._origin) * view.utility[offer]
        return bool(present >= self._thresholds[view.round] - TOLERANCE)


STRATEGIES: dict[str, type[Strategy]] = {
    cls.name: cls for cls in (TimeDependent, Boulware, Linear, Conceder, Aspiration, TitForTat, Hardliner, RandomStrategy,
                              Zeuthen, SubgamePerfect)
}


def make_strategy(spec: str | Strategy) -> Strategy:
    """Build a strategy from ``name`` or ``name:key=value,key=value`` (a :class:`Strategy` is returned as it is).

    Keys: the strategy's declared parameters (:meth:`Strategy.parameter_table`:
    ``exponent``, ``mode``, ``walkout_after``, ...), each value converted by
    its declared type and checked against its declared range; ``accept`` =
    ``next`` | ``prev`` | ``constant:ALPHA`` | ``time:T`` | ``combi:T[:W]`` sets the acceptance condition.
    Example: ``boulware:exponent=0.1,accept=time:0.9,walkout_after=5``. An
    unknown strategy or parameter, or a bad value, raises
    :class:`SimulationError` (an ``accord.errors.InvalidInput``) naming it.
    """
    if isinstance(spec, Strategy):
        return spec
    if not isinstance(spec, str):
        raise SimulationError("strategy", "a strategy name, a spec such as 'boulware:exponent=0.1', or a Strategy", spec)
    name, _, rest = spec.partition(":")
    name = name.strip()
    if name not in STRATEGIES:
        raise SimulationError(f"unknown strategy {name!r}; known: {', '.join(sorted(STRATEGIES))}")
    cls = STRATEGIES[name]
    table = cls.parameter_table()
    params: dict[str, Any] = {}
    for piece in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, value = piece.partition("=")
        if not sep:
            raise SimulationError(f"strategy parameter {piece!r} of {name!r} must be key=value")
        key = key.strip().replace("-", "_")
        key = "acceptance" if key == "accept" else key
        if key not in table:
            raise SimulationError(key, message=f"strategy {name!r} has no parameter {key!r}; "
                                               f"its parameters are: {', '.join(_spelled(table))}")
        params[key] = table[key].parse(name, value)
    return cls(**params)


def _spelled(table: dict[str, Parameter]) -> list[str]:
    """Parameter names as written in a spec (``accept`` for the acceptance condition)."""
    return ["accept" if name == "acceptance" else name for name in table]


def resolve_strategies(strategies: Mapping[str, str | Strategy] | None) -> dict[str, Strategy]:
    """Specs parsed once into strategies; instances kept as they are (the edge of batches and tournaments)."""
    return {party: make_strategy(s) for party, s in (strategies or {}).items()}
