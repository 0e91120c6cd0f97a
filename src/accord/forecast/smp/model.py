"""KTAB's Spatial Model of Politics (SMP): multi-issue bargaining in turns until positions stop moving.

After KAPSARC's KTAB ``smpc`` (``examples/smp/libsrc/smp.cpp``, ``smpbcn.cpp``;
B. P. Wise, L. Lester & B. Efird, "An Introduction to the KAPSARC Toolkit for
Behavioral Analysis (KTAB)" and "Multidimensional Bargaining using KTAB",
KAPSARC 2015; MIT licence). Actors have a capability c_i, and on each of
several dimensions a position x_ik and a salience s_ik, both on [0, 1]
(KTAB's files give them on 0-100).

Each **state** (``SMPState::setAllAUtil``):

1. distance of j's position from i's ideal, weighted by i's saliences:
   d_ij = sqrt(sum_k ((y_ik - x_jk) s_ik)^2 / sum_k s_ik^2) (``bvDiff``);
   ideals y start at the positions and, with an accommodation matrix A
   (KTAB's XML ``IdealAdjustment``), move each turn to
   y_i' = sum_j A_ij x_j' + (1 - sum_j A_ij) y_i (identity: y = x);
2. risk-neutral utilities 1 - d_ij; every actor's position as an option in a
   probabilistic Condorcet election weighted by capability; risk attitudes
   R_i from those probabilities (:func:`.rules.risk_from_probability`);
3. U[h, i, j] = (1 - d_ij)(1 + d_ij R_hi), with R_hi h's estimate of i's risk
   attitude (:func:`.rules.estimated_risk`).

Each **turn** (``SMPState::doBCN``):

4. every actor i finds its best target j (:func:`.bargain.best_targets`) and
   proposes the bargain interpolated from its own perspective
   (``InitOnlyInterp``; ``InitRcvrInterp`` adds j's, ``PWCompInterp`` uses
   their weighted compromise, weights c_i s_i and, as KTAB computes it,
   c_i s_j);
5. every actor k's queue holds its status quo and the bargains in which it
   initiates or receives (by initiator); the value to actor a of a bargain is
   a's mean utility over all positions once the two parties adopt it; a PCE
   over the queue, weighted by capability, gives each bargain's probability,
   and k takes the most probable (``Deterministic``) or draws one
   (``Stochastic``);
6. stop after turn t >= 2 when sum_i |x_i(t) - x_i(t-1)| is under 2% of
   sum_i |x_i(1) - x_i(0)| + 1e-4, or after 100 turns (``smpStopFn``).

The winning probability of an actor in a state (``showVPHistory``) is that of
its position among the distinct positions (closer than 1e-3 on [0, 1] count as
one), in a PCE where actor i values position j at U[i, i, j]; actors at the
same position share it.

Randomness: stochastic transitions draw from KTAB's own generator
(:mod:`.prng`, seeded with ``seed``). KTAB builds each actor's queue of
bargains, and makes the actors' draws, in threads, so the queues' order and
the order of the draws depend on thread scheduling and vary from run to run;
here both are fixed (status quo then by initiator; actors in order), unless a
``replay`` of a KTAB log's order is given. Deterministic runs depend on
neither. When every position is equally likely, risk attitudes are 0 (KTAB
divides 0 by 0).

>>> from accord.forecast.smp import SMPInput, run_smp
>>> data = SMPInput(actors=("a", "b", "c"), dimensions=("d",), capability=[1, 1, 1],
...                 position=[[0], [50], [100]], salience=[[90], [90], [90]])
>>> result = run_smp(data)  # symmetric: no challenge pays, nobody moves, the three positions equally likely
>>> result.states, result.positions[-1, :, 0].tolist(), result.prob[-1].round(3).tolist()
(3, [0.0, 50.0, 100.0], [0.333, 0.333, 0.333])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ForecastError
from ..inputs import FloatArray
from .bargain import best_targets, challenge_estimates, interpolate
from .prng import DEFAULT_SEED, KtabRandom
from .rules import SMPParameters, estimated_risk, pce, risk_from_probability, utility

POSITION_TOLERANCE = 1e-3  # SMPModel::posTol, on [0, 1]
MIN_TURNS, MAX_TURNS = 2, 100  # SMPModel::configExec
MIN_DELTA_RATIO, MIN_SIGNIFICANT_DELTA = 0.02, 1e-4
MIN_ACTORS, MAX_ACTORS = 3, 250  # KBase::Model::minNumActor, maxNumActor


@dataclass(frozen=True, eq=False)
class SMPInput:
    """An SMP scenario: actors' capabilities, and positions and saliences per dimension, both on 0-100.

    ``accommodation``: KTAB's ideal-accommodation matrix A (default identity:
    ideals follow positions). ``parameters``: KTAB's model parameters (an XML
    file's own, or the defaults). ``scale``: per dimension, the (low, high) of
    the issue's units that 0 and 100 stand for (scenarios); KTAB files keep
    0-100.
    """

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: FloatArray
    position: FloatArray
    salience: FloatArray
    accommodation: FloatArray | None = None
    parameters: SMPParameters = field(default_factory=SMPParameters)
    seed: int = DEFAULT_SEED
    name: str = "smp"
    scale: tuple[tuple[float, float], ...] | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "actors", tuple(self.actors))
        set_(self, "dimensions", tuple(self.dimensions))
        na, nd = len(self.actors), len(self.dimensions)
        if not MIN_ACTORS <= na <= MAX_ACTORS:
            raise ForecastError("actors", f"must number between {MIN_ACTORS} and {MAX_ACTORS}", na)
        if nd < 1:
            raise ForecastError("dimensions", "must name at least one dimension", nd)
        cap = np.array(self.capability, dtype=float)
        pos = np.array(self.position, dtype=float)
        sal = np.array(self.salience, dtype=float)
        for name, arr, shape in (("capability", cap, (na,)), ("position", pos, (na, nd)), ("salience", sal, (na, nd))):
            if arr.shape != shape:
                raise ForecastError(name, f"must have shape {shape}", arr.shape)
            bad = np.argwhere(~np.isfinite(arr))
            if bad.size:
                raise ForecastError(f"{name}[{self.actors[int(bad[0][0])]!r}]", "must be a finite number", "nan")
        if (cap <= 0).any():
            k = int(np.argmax(cap <= 0))
            raise ForecastError(f"capability[{self.actors[k]!r}]", "must be > 0", float(cap[k]))
        if ((pos < 0) | (pos > 100)).any():
            k = int(np.argwhere((pos < 0) | (pos > 100))[0][0])
            raise ForecastError(f"position[{self.actors[k]!r}]", "must lie in [0, 100]", pos[k].tolist())
        if ((sal < 0) | (sal > 100)).any() or (sal.sum(axis=1) > 100 + 1e-9).any() or (sal.sum(axis=1) <= 0).any():
            k = int(np.argmax(((sal < 0) | (sal > 100)).any(axis=1) | (sal.sum(axis=1) > 100 + 1e-9)
                              | (sal.sum(axis=1) <= 0)))
            raise ForecastError(f"salience[{self.actors[k]!r}]",
                                "must be in [0, 100] per dimension with a total in (0, 100]", sal[k].tolist())
        if self.accommodation is not None:
            acc = np.array(self.accommodation, dtype=float)
            if acc.shape != (na, na) or ((acc < 0) | (acc > 1)).any() or (acc.sum(axis=1) > 1 + 1e-10).any():
                raise ForecastError("accommodation", "must be an actors x actors matrix in [0, 1] with row sums <= 1",
                                    acc.tolist())
            set_(self, "accommodation", acc)
        for arr in (cap, pos, sal):
            arr.flags.writeable = False
        set_(self, "capability", cap)
        set_(self, "position", pos)
        set_(self, "salience", sal)


@dataclass(frozen=True, eq=False)
class SMPResult:
    """Positions of every actor on every dimension in every state, and each actor's winning probability.

    ``positions[t, i, k]`` on the input's scale (KTAB's 0-100, or the issue's
    units for scenarios); ``prob[t, i]``; ``states`` = turns + 1;
    ``risk[t, i]``: the risk attitudes inferred in each state;
    ``fractional_change``: after each turn, the distance moved over the first
    turn's (KTAB's "Fractional change compared to first step").
    """

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    positions: FloatArray
    prob: FloatArray
    parameters: SMPParameters
    risk: FloatArray
    fractional_change: tuple[float, ...] = ()

    @property
    def states(self) -> int:
        return int(self.positions.shape[0])

    def _repr_html_(self) -> str:
        from ...notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per state, actor and dimension (docs/notebooks.md; ``accord[notebook]``)."""
        from ...notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        """``{"states": N, "positions": {actor: {dimension: [per state]}}, "prob": {actor: [per state]}}``."""
        return {"states": self.states,
                "positions": {a: {d: [round(float(x), 9) for x in self.positions[:, i, k]] for k, d in enumerate(self.dimensions)}
                              for i, a in enumerate(self.actors)},
                "prob": {a: [float(x) for x in self.prob[:, i]] for i, a in enumerate(self.actors)},
                "parameters": self.parameters.as_dict()}


@dataclass(frozen=True, eq=False)
class _State:
    position: FloatArray   # [actor, dimension] on [0, 1]
    ideal: FloatArray
    risk: FloatArray       # R_i, from the risk-neutral PCE
    u: FloatArray          # U[h, i, j]


def _distances(ideal: FloatArray, position: FloatArray, salience: FloatArray) -> FloatArray:
    diff = (ideal[:, None, :] - position[None, :, :]) * salience[:, None, :]
    return np.asarray(np.sqrt((diff ** 2).sum(axis=2) / (salience ** 2).sum(axis=1)[:, None]), dtype=float)


def _assess(position: FloatArray, ideal: FloatArray, data: SMPInput, sal: FloatArray) -> _State:
    """``setAllAUtil``: risk attitudes and every actor's estimate of every actor's utilities (steps 1-3)."""
    params = data.parameters
    d = _distances(ideal, position, sal)
    p = pce(data.capability, 1.0 - d, params)  # risk-neutral utilities: bsUtil(d, 0) = 1 - d
    risk = risk_from_probability(p, params.BigRRange)
    r_hi = estimated_risk(risk, params.BigRAdjust)
    u = utility(d[None, :, :], r_hi[:, :, None])
    return _State(position, ideal, risk, u)


def _unique(position: FloatArray) -> list[int]:
    """``KBase::ueIndices``: indices of the first of each group of positions closer than the tolerance."""
    unique: list[int] = []
    for i in range(position.shape[0]):
        if not unique or not (np.linalg.norm(position[unique] - position[i], axis=1) < POSITION_TOLERANCE).any():
            unique.append(i)
    return unique


def state_probabilities(state: _State, data: SMPInput) -> FloatArray:
    """Each actor's winning probability in a state (``SMPState::pDist(-1)``, ``State::posProb``)."""
    na = state.position.shape[0]
    unique = _unique(state.position)
    own = state.u[np.arange(na), np.arange(na), :]  # U[i, i, j]
    p = pce(data.capability, own[:, unique], data.parameters)
    close = np.linalg.norm(state.position[:, None, :] - state.position[unique][None, :, :], axis=2) < POSITION_TOLERANCE
    last = close.shape[1] - 1 - np.argmax(close[:, ::-1], axis=1)  # KTAB keeps the last equivalent unique position
    return np.asarray(p[last], dtype=float)


Replay = Sequence[tuple[Sequence[int], Mapping[int, Sequence[tuple[int, int]]]]]
"""Per turn: the order in which actors choose (and draw), and each actor's queue as (initiator, receiver) pairs."""


def _turn(state: _State, data: SMPInput, sal: FloatArray, rng: KtabRandom,
          replay: tuple[Sequence[int], Mapping[int, Sequence[tuple[int, int]]]] | None = None) -> FloatArray:
    """``SMPState::doBCN``: the positions after one turn of challenges and bargains (steps 4-5)."""
    params = data.parameters
    na = state.position.shape[0]
    cap = data.capability
    ssum = sal.sum(axis=1)
    weight = cap * ssum
    target, p_win, _ = best_targets(state.u, weight, ssum, params.VotingRule, params.ThirdPartyCommit)
    init = np.flatnonzero(target >= 0)
    rcvr = target[init]
    pos = state.position

    def bargain(p: FloatArray) -> tuple[FloatArray, FloatArray]:
        return interpolate(params.InterVecBrgn, pos[init], sal[init], p, pos[rcvr], sal[rcvr], 1.0 - p)

    own_i, own_j = bargain(p_win[init])  # from the initiator's perspective (brgnIIJ)
    if params.BargnModel == "InitOnlyInterp":
        b_init, b_rcvr, b_i, b_j = init, rcvr, own_i, own_j
    else:
        p_j, _ = challenge_estimates(state.u, weight, ssum, params.VotingRule, params.ThirdPartyCommit,
                                     rcvr, init, init, rcvr)
        their_i, their_j = bargain(p_j)  # from the receiver's perspective (brgnJIJ)
        if params.BargnModel == "InitRcvrInterp":
            b_init, b_rcvr = np.repeat(init, 2), np.repeat(rcvr, 2)
            b_i = np.stack([own_i, their_i], axis=1).reshape(-1, pos.shape[1])
            b_j = np.stack([own_j, their_j], axis=1).reshape(-1, pos.shape[1])
        else:  # PWCompInterp
            wi = (cap[init] * ssum[init])[:, None]
            wj = (cap[init] * ssum[rcvr])[:, None]  # KTAB: the initiator's capability times j's salience
            b_init, b_rcvr = init, rcvr
            b_i = (wi * own_i + wj * their_i) / (wi + wj)
            b_j = (wi * own_j + wj * their_j) / (wi + wj)

    # value to actor a of each bargain: mean utility over positions once both parties adopt it
    nr = state.risk
    u_own = state.u[np.arange(na), np.arange(na), :]  # U[a, a, n]
    row = u_own.sum(axis=1)
    u_bi = utility(_distances(state.ideal, b_i, sal), nr[:, None])
    u_bj = utility(_distances(state.ideal, b_j, sal), nr[:, None])
    value = (row[:, None] - u_own[:, b_init] - u_own[:, b_rcvr] + u_bi + u_bj) / na  # [actor, bargain]
    status_quo = row / na

    new = pos.copy()
    for k in (range(na) if replay is None else replay[0]):
        mine = [-1, *np.flatnonzero((b_init == k) | (b_rcvr == k)).tolist()]  # -1: the status quo
        if replay is not None:
            pairs = [(k, k) if b < 0 else (int(b_init[b]), int(b_rcvr[b])) for b in mine]
            mine = [mine[pairs.index((pair[0], pair[1]))] for pair in replay[1][k]]
        u_im = np.column_stack([status_quo if b < 0 else value[:, b] for b in mine])
        p = pce(cap, u_im, params)
        m = int(np.argmax(p)) if params.StateTransitions == "Deterministic" else rng.choose(p)
        b = mine[m]
        if b >= 0:
            new[k] = b_i[b] if b_init[b] == k else b_j[b]
    return new


def _distance(a: FloatArray, b: FloatArray) -> float:
    return float(np.linalg.norm(a - b, axis=1).sum())


def run_smp(data: SMPInput, *, replay: Replay | None = None) -> SMPResult:
    """Run SMP to convergence: every state's positions (input scale) and winning probabilities (module steps).

    ``replay``: KTAB's thread order per turn (:data:`Replay`), read from its
    log, to follow a stochastic KTAB run draw for draw.
    """
    sal = data.salience / 100.0
    position = data.position / 100.0
    rng = KtabRandom(data.seed)
    state = _assess(position, position.copy(), data, sal)
    # keep positions, risk and probabilities per state; U (n^3 numbers) only for the current state
    moves, risks, probs = [state.position], [state.risk], [state_probabilities(state, data)]
    changes: list[float] = []
    acc = data.accommodation
    for turn in range(1, MAX_TURNS + 1):
        new = _turn(state, data, sal, rng, None if replay is None or turn > len(replay) else replay[turn - 1])
        if acc is None:
            ideal = new.copy()
        else:
            lag = 1.0 - np.minimum(acc.sum(axis=1), 1.0)
            ideal = acc @ new + lag[:, None] * state.ideal
        state = _assess(new, ideal, data, sal)
        moves.append(new)
        risks.append(state.risk)
        probs.append(state_probabilities(state, data))
        first = _distance(moves[1], moves[0]) + MIN_SIGNIFICANT_DELTA
        ratio = _distance(moves[-1], moves[-2]) / first
        changes.append(ratio)
        if turn >= MIN_TURNS and ratio < MIN_DELTA_RATIO:
            break
    positions = np.stack(moves) * 100.0
    if data.scale is not None:
        low = np.array([lo for lo, _ in data.scale])
        high = np.array([hi for _, hi in data.scale])
        positions = low + positions / 100.0 * (high - low)
    return SMPResult(data.actors, data.dimensions, positions, np.stack(probs), data.parameters, np.stack(risks),
                     tuple(changes))


__all__ = ["Replay", "SMPInput", "SMPResult", "run_smp", "state_probabilities"]
