"""Opponent models: estimates of another party's utilities learnt from its offers.

A model watches the offers one opponent makes (each an outcome given by its
option index on every issue, a row of :attr:`Table.digits`) and rates every
outcome for that opponent as a linear-additive utility

    û(o) = Σ_i w_i · V_i(o_i),        Σ_i w_i = 1,   V_i ∈ [0, 1],

evaluated for many outcomes at once (one gather and one matrix product, no
loop over outcomes).

:class:`FrequencyModel` is the frequency model of HardHeaded (T. van Krimpen,
D. Looije and S. Hajizadeh, "HardHeaded", in *Complex Automated
Negotiations: Theories, Models, and Software Competitions*, Springer 2013,
pp. 223-227; winner of ANAC 2011), with the value function of Tunali et al.
as an option (O. Tunali, R. Aydoğan and V. Sanchez-Anguix, "Rethinking
frequency opponent modeling in automated negotiation", PRIMA 2017, LNCS
10621, pp. 263-279).

Issue weights (HardHeaded). With n issues, weights start uniform,
w_i = 1/n. For every offer after the first, let U be the issues whose option
is the same as in the opponent's previous offer; each gets the increment
ε = ``learning_rate`` / n (HardHeaded: 0.2 / n) and all weights are
renormalised:

    w_i ← (w_i + ε·[i ∈ U]) / (1 + ε·|U|).

The rationale: an opponent concedes first on issues it cares little about,
so the issues it keeps fixed are the ones it weighs most. Only consecutive
pairs count, so the weights depend on the order of the offers (A, A, B, B
fixes each issue twice; A, B, A, B never does), whereas the option counts
below do not.

Option values. Let f_i(x) be how many of the opponent's offers had option
x on issue i.

- ``values="hardheaded"``: V_i(x) = f_i(x) / max_y f_i(y), so the most
  offered option of every issue is worth 1 and never-offered ones 0 (before
  any offer every option is worth 1: nothing is known);
- ``values="tunali"``: V_i(x) = ((1 + f_i(x)) / (1 + max_y f_i(y)))^γ with
  γ = ``gamma`` (Tunali et al.: 0.25): Laplace smoothing keeps options not
  yet offered above 0 and the power flattens the differences that early,
  noisy counts make. (Their windowed statistical test for the weights is not
  implemented; the weights stay HardHeaded's.)

The model knows nothing about the opponent's reservation value or red lines:
it ranks outcomes, and a strategy using it should treat û as an ordinal
estimate. :func:`kendall_tau` measures how well such a ranking agrees with a
true one (docs/simulation.md, "Opponent models", reports it on corpus
domains).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import numpy as np
import numpy.typing as npt

from ..registry import Registry
from .errors import SimulationError
from .table import Table

if TYPE_CHECKING:
    from .view import View

VALUE_FUNCTIONS = ("hardheaded", "tunali")


class FrequencyModel:
    """Frequency model of one opponent's preferences (HardHeaded, ANAC 2011; see the module docstring).

    ``table_or_issue_sizes`` is a :class:`Table` (its issues' option counts
    are used) or the number of options of each issue. ``learning_rate`` is
    the weight increment times the number of issues (HardHeaded: 0.2);
    ``values`` chooses the option-value function, ``"hardheaded"`` or
    ``"tunali"`` (with exponent ``gamma``).
    """

    def __init__(self, table_or_issue_sizes: Table | Sequence[int], *, learning_rate: float = 0.2,
                 values: str = "hardheaded", gamma: float = 0.25) -> None:
        sizes = table_or_issue_sizes.shape if isinstance(table_or_issue_sizes, Table) else tuple(table_or_issue_sizes)
        if not sizes or any(int(s) != s or s < 1 for s in sizes):
            raise SimulationError(f"a frequency model needs at least one issue, each with at least one option; got sizes {sizes!r}")
        if values not in VALUE_FUNCTIONS:
            raise SimulationError(f"unknown value function {values!r}; known: {', '.join(VALUE_FUNCTIONS)}")
        if not learning_rate > 0:
            raise SimulationError(f"The 'learning_rate' parameter must be > 0. Got {learning_rate!r} instead.")
        if not gamma > 0:
            raise SimulationError(f"The 'gamma' parameter must be > 0. Got {gamma!r} instead.")
        self.sizes: tuple[int, ...] = tuple(int(s) for s in sizes)
        self.learning_rate = float(learning_rate)
        self.values = values
        self.gamma = float(gamma)
        n = len(self.sizes)
        self._issues = np.arange(n)
        self._limits = np.array(self.sizes, dtype=np.intp)
        self._cells = self._issues * max(self.sizes)  # issue i's first cell in the flattened counts
        # counts padded to the largest issue; padding cells are never indexed by a valid offer
        self.counts: npt.NDArray[np.float64] = np.zeros((n, max(self.sizes)))
        self.weights: npt.NDArray[np.float64] = np.full(n, 1.0 / n)
        self.offers = 0
        self._last: npt.NDArray[np.integer[Any]] | None = None

    def reset(self) -> None:
        """Forget every offer seen: uniform weights, zero counts."""
        self.counts[:] = 0.0
        self.weights[:] = 1.0 / len(self.sizes)
        self.offers = 0
        self._last = None

    def update(self, offer_option_indices: Sequence[int] | npt.NDArray[np.integer[Any]]) -> None:
        """Learn from the opponent's next offer, given as its option index on each issue."""
        offer = np.asarray(offer_option_indices, dtype=np.intp)
        if offer.shape != self._limits.shape or not ((offer >= 0) & (offer < self._limits)).all():
            raise SimulationError(f"an offer must give one option index per issue within sizes {self.sizes}; "
                                  f"got {offer_option_indices!r}")
        self.learn(offer)

    def learn(self, offer: npt.NDArray[np.integer[Any]]) -> None:
        """:meth:`update` without checking the offer: for option rows taken from the table (``table.digits``)."""
        last = self._last
        if last is not None:
            unchanged = offer == last
            same = int(np.count_nonzero(unchanged))
            if same:
                step = self.learning_rate / len(self.sizes)
                self.weights = (self.weights + step * unchanged) / (1.0 + step * same)
        self.counts.reshape(-1)[self._cells + offer] += 1.0  # one cell per issue: counts[i, offer_i] += 1
        self.offers += 1
        self._last = offer

    def value_table(self) -> npt.NDArray[np.float64]:
        """(n_issues, max options) array of V_i(x); entries past an issue's size are padding."""
        top = self.counts.max(axis=1, keepdims=True)
        if self.values == "tunali":
            result: npt.NDArray[np.float64] = ((1.0 + self.counts) / (1.0 + top)) ** self.gamma
            return result
        if self.offers == 0:
            return np.ones_like(self.counts)
        shares: npt.NDArray[np.float64] = self.counts / top
        return shares

    def utilities(self, option_rows: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.float64]:
        """Estimated utility of each outcome; ``option_rows`` is (N, n_issues) option indices (e.g. ``table.digits``)."""
        rows = np.asarray(option_rows)
        if rows.ndim != 2 or rows.shape[1] != len(self.sizes):
            raise SimulationError(f"option rows must be an (N, {len(self.sizes)}) array of option indices; "
                                  f"got shape {rows.shape}")
        return self.estimate(rows)

    def estimate(self, rows: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.float64]:
        """:meth:`utilities` without checking the rows: for option rows taken from the table."""
        values = self.value_table()
        # w_i V_i(x) for each option first (the same products as per outcome), then gathered and summed issue
        # by issue in order, the first term taken as it is (0.0 + a == a: every term is >= 0); the vectorised
        # engines add the same terms in the same order, so their ratings are bit-identical
        weighted = self.weights[:, None] * values
        result: npt.NDArray[np.float64] = weighted[0][rows[:, 0]]
        for i in range(1, self._issues.size):
            result += weighted[i][rows[:, i]]
        return result


def kendall_tau(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Kendall's tau-b between two rankings of the same items (ties allowed).

    τ_b = (C − D) / sqrt((P − T_x)(P − T_y)), with C and D the concordant
    and discordant pairs, P = N(N−1)/2 all pairs and T_x, T_y the pairs tied
    in x and in y. Counted over all pairs in blocks of rows (O(N²) time,
    O(N·block) memory); 0 when either ranking is constant.
    """
    a = np.asarray(x, dtype=np.float64).ravel()
    b = np.asarray(y, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise SimulationError(f"kendall_tau needs two rankings of the same length; got {a.size} and {b.size}")
    n = a.size
    if n < 2:
        return 0.0
    concordance = 0.0
    untied_a = untied_b = 0
    block = max(1, 4_000_000 // n)
    for start in range(0, n, block):  # blocks of rows, each vectorised over all later items
        stop = min(n, start + block)
        rows = np.arange(start, stop)
        later = np.arange(n)[None, :] > rows[:, None]
        sa = np.sign(a[start:stop, None] - a[None, :]) * later
        sb = np.sign(b[start:stop, None] - b[None, :]) * later
        concordance += float((sa * sb).sum())
        untied_a += int(np.count_nonzero(sa))
        untied_b += int(np.count_nonzero(sb))
    if untied_a == 0 or untied_b == 0:
        return 0.0
    return concordance / float(np.sqrt(float(untied_a) * float(untied_b)))


# -- the opponent-model component of a negotiating agent -----------------------------------------------------


class OpponentModel:
    """The opponent-model component of a BOA agent (Baarslag, Hindriks, Hendrikx, Dirkzwager & Jonker 2014,
    "Decoupling negotiating agents to explore the space of negotiation strategies", in *Novel Insights in
    Agent-based Complex Automated Negotiation*, Springer, pp. 61-83).

    An agent is an offering strategy (how much it asks for now: its target),
    an opponent model (how good each outcome is for the others) and an
    acceptance condition. The offering strategy picks, among the outcomes
    worth at least its target to itself, the one the model rates best for
    the others (:func:`accord.simulation.strategies.offer_on_curve`).

    ``rate(view, outcomes)`` returns one number per outcome index in
    ``outcomes``: the model's estimate of the outcome's worth to the other
    parties, aggregated over them by the minimum (with n parties an offer
    must satisfy the least satisfied one: the highest minimum). Only the
    order matters. A model sees what the party's view shows: the offers made
    so far (``view.history``) and, when it declares ``full_information``,
    the others' utilities. It keeps its own state between calls and starts
    afresh when it sees a new negotiation (a history shorter than the one it
    has read).

    Writing your own: subclass, give it a ``name``, implement ``rate`` and
    register it, ``OPPONENT_MODELS.register(Mine)``; then
    ``boulware:model=mine`` uses it (docs/simulation.md has a worked example).
    """

    name: ClassVar[str] = "model"
    description: ClassVar[str] = ""
    citation: ClassVar[str] = ""
    full_information: ClassVar[bool] = False

    def rate(self, view: View, outcomes: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        raise NotImplementedError

    def spec(self) -> str:
        """The model as written in a strategy spec (``model=NAME``)."""
        return self.name

    def __eq__(self, other: object) -> bool:  # models compare by kind: their state is per negotiation
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class NoModel(OpponentModel):
    """No opponent model: every outcome rates the same, so the agent offers the outcome nearest its target
    (its lowest own utility at or above it, then the lowest index)."""

    name = "none"
    description = "no model: the outcome nearest the target"

    def rate(self, view: View, outcomes: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        return np.zeros(outcomes.size)


class ExactModel(OpponentModel):
    """The others' true utilities (full information only); an outcome one of their red lines rejects rates -inf."""

    name = "exact"
    description = "the others' true utilities and red lines (needs full information)"
    full_information = True

    def rate(self, view: View, outcomes: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        table = view.table
        others = [j for j in range(len(table.parties)) if j != view.index]
        if not others:
            return np.zeros(outcomes.size)
        if not view.full_information:
            raise SimulationError(f"the {self.name!r} opponent model of {view.party} needs other parties' utilities; "
                                  "run with full information (--full-information) to allow it")
        values = np.where(table.allowed[others][:, outcomes], table.utilities[others][:, outcomes], -np.inf)
        rated: npt.NDArray[np.float64] = values.min(axis=0)
        return rated


class Learner(Protocol):
    """What a learnt model of one opponent offers: :class:`FrequencyModel` is one."""

    def update(self, offer_option_indices: npt.NDArray[np.integer[Any]]) -> None: ...

    def utilities(self, option_rows: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.float64]: ...


class LearntModel(OpponentModel):
    """One learner per other party, fed with that party's offers as they appear in the history.

    The offers also say what no estimate of utilities can: an outcome a party
    has offered itself is one it can accept (its red lines and its reservation
    pass it), and an outcome this party offered before and the others did not
    take was refused. So, with estimate_j in [0, 1],

        rating_j(o) = estimate_j(o) + 1   if j has offered o,
                      estimate_j(o) - 1   else, if this party has offered o,
                      estimate_j(o)       otherwise,

    and the rating of an outcome is the minimum over the other parties j.
    With the offering rule this gives two behaviours of many ANAC agents: once
    an outcome the other side offered is within the party's own target, the
    party offers it back; and while outcomes not yet tried remain at its
    target it does not repeat a refused one, so it explores its iso-utility
    curve instead of asking for the same package again. Offers by actors that
    are not parties (a mediator's texts) teach nothing. When an event changes the outcome space's shape
    the learners start afresh; otherwise what they learnt carries over.
    """

    def learner(self, sizes: tuple[int, ...]) -> Learner:
        raise NotImplementedError

    def _reset(self, view: View) -> None:
        table = view.table
        self._shape = table.shape
        self._read = 0
        self._learners = {p: self.learner(table.shape) for p in table.parties if p != view.party}
        # per other party, per outcome: +1.0 if that party offered it, -1.0 if this party offered it (and that
        # party did not), else 0.0; added to the estimates, the same numbers as adding or subtracting 1.0
        self._marks = {p: np.zeros(table.size) for p in self._learners}
        self._columns = _issue_columns(table)
        # a FrequencyModel is fed rows of the table, which need no checking
        self._feed = {p: learner.learn if isinstance(learner, FrequencyModel) else learner.update
                      for p, learner in self._learners.items()}
        self._estimators = {p: learner.estimate if isinstance(learner, FrequencyModel) else learner.utilities
                            for p, learner in self._learners.items()}

    def rate(self, view: View, outcomes: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        history = view.history
        if getattr(self, "_shape", None) != view.table.shape or len(history) < self._read:
            self._reset(view)
        columns = self._columns
        for offer in history[self._read:]:
            feed = self._feed.get(offer.proposer)
            if offer.proposer == view.party:
                for marks in self._marks.values():  # refused, unless that party offered it itself
                    if marks[offer.outcome] != 1.0:
                        marks[offer.outcome] = -1.0
            elif feed is not None:
                feed(columns[:, offer.outcome])
                self._marks[offer.proposer][offer.outcome] = 1.0
        self._read = len(history)
        if not self._learners:
            return np.zeros(outcomes.size)
        rows = np.take(columns, outcomes, axis=1).T  # (len(outcomes), n_issues), each issue's column contiguous
        estimates = [estimate(rows) + self._marks[party][outcomes] for party, estimate in self._estimators.items()]
        rated: npt.NDArray[np.float64] = estimates[0] if len(estimates) == 1 else np.minimum.reduce(estimates)
        return rated

    def __getstate__(self) -> dict[str, Any]:
        return {}  # what was learnt belongs to one negotiation: copies start afresh


_COLUMNS: weakref.WeakKeyDictionary[Table, npt.NDArray[np.signedinteger[Any]]] = weakref.WeakKeyDictionary()


def _issue_columns(table: Table) -> npt.NDArray[np.signedinteger[Any]]:
    """(n_issues, N): the table's option indices issue by issue, each issue's contiguous (rows for the learners
    are gathered from it); built once per table and kept while the table lives."""
    columns = _COLUMNS.get(table)
    if columns is None:
        columns = np.ascontiguousarray(table.digits.T)
        columns.flags.writeable = False
        _COLUMNS[table] = columns
    return columns


class Frequency(LearntModel):
    """The frequency model of HardHeaded (:class:`FrequencyModel`, ``values="hardheaded"``)."""

    name = "frequency"
    description = "frequency model of HardHeaded (ANAC 2011): issues kept fixed weigh more, options offered often are worth more"
    citation = "van Krimpen, Looije & Hajizadeh 2013"

    def learner(self, sizes: tuple[int, ...]) -> Learner:
        return FrequencyModel(sizes)


class Tunali(LearntModel):
    """The frequency model with the value function of Tunali et al. (:class:`FrequencyModel`, ``values="tunali"``)."""

    name = "tunali"
    description = "frequency model with Laplace-smoothed, flattened option values"
    citation = "Tunali, Aydoğan & Sanchez-Anguix 2017"

    def learner(self, sizes: tuple[int, ...]) -> Learner:
        return FrequencyModel(sizes, values="tunali")


class Bayesian(LearntModel):
    """The Bayesian model of Hindriks & Tykhonov (:class:`~accord.simulation.bayesian.BayesianModel`)."""

    name = "bayesian"
    description = "Bayesian learning of issue weights and value shapes over the option order"
    citation = "Hindriks & Tykhonov 2008"

    def learner(self, sizes: tuple[int, ...]) -> Learner:
        from .bayesian import BayesianModel

        return BayesianModel(sizes)


OPPONENT_MODELS: Registry[type[OpponentModel]] = Registry("model")
for _model in (Frequency, Tunali, Bayesian, ExactModel, NoModel):
    OPPONENT_MODELS.register(_model)
