"""Mediator strategies for the single negotiating text (Fisher; Raiffa 1982, ch. 14).

The mediator drafts a full package, hears each party's accept/reject and the
issues it objects to, and revises. It never sees the parties' utilities;
what it knows is the feedback, and its own preferences if it has any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .strategies import Traits
from .table import Table


@dataclass(frozen=True)
class Answer:
    """A party's answer to a text. ``firm``: it could never accept it (red line or reservation),
    as opposed to holding out for more."""

    accept: bool
    objections: tuple[str, ...] = ()
    firm: bool = False
    crossed: tuple[str, ...] = ()  # the issues on which the text crosses the party's red lines (it says so)


@dataclass(eq=False)
class MediatorView:
    """What the mediator knows: the space, its own utility (if any), the feedback so far.

    ``known``: when the mediator is told (full information), the texts a winning set of parties can accept
    (under unanimity, the ZOPA), with ``utilities`` and ``reservations`` of the parties (rows in
    ``table.parties`` order); ``red_lines``: the texts within every party's declared red lines (always
    computed; a mediator uses it only when it is told them).
    """

    mediator: str
    round: int
    deadline: int
    table: Table
    utility: np.ndarray | None
    feedback: list[tuple[int, dict[str, Answer]]] = field(default_factory=list)
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    known: np.ndarray | None = None
    utilities: np.ndarray | None = None
    reservations: np.ndarray | None = None
    red_lines: np.ndarray | None = None
    unanimity: bool = True


class Mediator:
    """Base class: ``propose(view) -> text`` and ``hear(view, text, answers)``."""

    name = "mediator"
    traits = Traits(concession="mediator")

    def start(self, view: MediatorView) -> None:
        """Called before the first round."""

    def propose(self, view: MediatorView) -> int:
        raise NotImplementedError

    def hear(self, view: MediatorView, text: int, answers: dict[str, Answer]) -> None:
        """Take the parties' answers to ``text``."""


class HillClimbingMediator(Mediator):
    """Single-text hill climbing on the parties' feedback.

    Steps:
    1. Open with the mediator's own favourite package (its utility, if it has
       preferences; otherwise the middle option of every issue).
    2. Score a text by (parties accepting, minus firm refusals, minus
       objections): a text no one refuses firmly is worth returning to.
    3. Keep the best text so far; next, try its neighbours that change one
       issue the parties objected to (most objected first), options ordered
       by the mediator's own utility of the result, never a text twice.
    4. When its neighbourhood is exhausted, put the best text to the parties
       again (they soften over time) and explore around it afresh.
    """

    name = "hill-climbing"
    traits = Traits(concession="mediator", stochastic=True, reacts_to_offers=True)

    def __init__(self, **_: Any):
        self._tried: set[int] = set()
        self._best: tuple[int, tuple[int, ...]] | None = None
        self._queue: list[int] = []

    def start(self, view: MediatorView) -> None:
        self._tried, self._best, self._queue = set(), None, []

    def _opening(self, view: MediatorView) -> int:
        if view.utility is not None:
            return int(np.argmax(view.utility))
        return int(np.ravel_multi_index([n // 2 for n in view.table.shape], view.table.shape))

    def propose(self, view: MediatorView) -> int:
        if self._best is None:
            return self._opening(view)
        while self._queue:
            text = self._queue.pop(0)
            if text not in self._tried:
                return text
        if self._best[0] in self._tried:
            # Neighbourhood exhausted. Parties soften over time: put the best
            # text to them again, and explore around it afresh with the answers.
            self._tried = set()
            return self._best[0]
        untried = np.setdiff1d(np.arange(view.table.size), np.fromiter(self._tried, dtype=np.int64))
        return int(view.rng.choice(untried)) if untried.size else self._best[0]

    def hear(self, view: MediatorView, text: int, answers: dict[str, Answer]) -> None:
        self._tried.add(text)
        score = (sum(a.accept for a in answers.values()), -sum(a.firm for a in answers.values()),
                 -sum(len(a.objections) for a in answers.values()))
        if self._best is not None and text != self._best[0] and score < self._best[1]:
            return  # equal scores move on: sideways steps cross plateaus, and tried texts are not revisited
        self._best = (text, score)
        counts: dict[str, int] = {}
        for answer in answers.values():
            for issue in answer.objections:
                counts[issue] = counts.get(issue, 0) + 1
        ids = list(view.table.scenario.issues)
        issues = sorted(counts, key=lambda i: (-counts[i], ids.index(i))) or ids
        digits = [int(d) for d in np.unravel_index(text, view.table.shape)]
        utility = view.utility
        queue = []
        for issue in issues:
            j = ids.index(issue)
            variants = []
            for option in range(view.table.shape[j]):
                if option != digits[j]:
                    changed = list(digits)
                    changed[j] = option
                    variants.append(int(np.ravel_multi_index(changed, view.table.shape)))
            if utility is not None:
                variants.sort(key=lambda k: (-utility[k], k))
            queue.extend(variants)
        self._queue = [k for k in queue if k not in self._tried]


class SingleTextMediator(Mediator):
    """Single negotiating text within what every party can accept (Fisher 1978; Raiffa 1982, ch. 14).

    The mediator learns from every refusal and drafts only texts that no party has ruled out:

    1. Candidates: every text, less those a party refused firmly (it could never accept them) and, under
       unanimity, those with an option a party said crosses its red line on that issue (a learnt red
       line). When told (full information, :attr:`MediatorView.known`), the candidates are exactly the
       texts a winning set accepts; when told the declared red lines (``red_lines=True``), the texts
       within them.
    2. With the parties' utilities known, the candidates are ranked once by the Nash product of the
       surpluses (sum of logs, :func:`accord.analysis.solutions.nash` picks the first), then by the
       least surplus. Each party's answer to the last text bounds its current demand: a refusal says it
       wants more than that text gives it, an acceptance that it is content with as much. The next text
       is the best-ranked candidate giving every party that refused more than it refused and every
       party that accepted at least as much; failing that, one that gives the refusers more; failing
       that, the best-ranked text again (parties concede over time). Under full information with
       parties whose demand reaches their reservation by the deadline (the time-dependent strategies),
       a non-empty ZOPA therefore ends in a deal: the last text is in the ZOPA and everyone accepts it.
    3. Without utilities, a text is scored by the mediator's own utility (if it has preferences) less
       the objections raised against its options, each objection fading by ``fade`` per round as the
       parties soften; the best-scored candidate is drafted, never the same text twice running.
    """

    name = "single-text"
    traits = Traits(concession="mediator", reacts_to_offers=True)

    def __init__(self, red_lines: bool = False, fade: float = 0.8, **_: Any):
        self.red_lines = bool(red_lines)
        self.fade = float(fade)
        self._excluded = np.zeros(0, dtype=bool)
        self._objected: list[np.ndarray] = []
        self._ranking = np.zeros(0, dtype=np.int64)
        self._last: tuple[int, dict[str, Answer]] | None = None

    def start(self, view: MediatorView) -> None:
        table = view.table
        self._excluded = np.zeros(table.size, dtype=bool)
        self._objected = [np.zeros(n) for n in table.shape]
        self._last = None
        self._ranking = np.zeros(0, dtype=np.int64)
        if view.known is not None and view.utilities is not None and view.reservations is not None:
            self._ranking = _ranked(view.utilities, view.reservations, view.known)

    def _candidates(self, view: MediatorView) -> np.ndarray:
        mask = ~self._excluded
        if view.known is not None and view.known.any():
            mask &= view.known
        elif self.red_lines and view.red_lines is not None and (view.red_lines & mask).any():
            mask &= view.red_lines
        return mask if mask.any() else ~self._excluded if (~self._excluded).any() else np.ones_like(mask)

    def propose(self, view: MediatorView) -> int:
        if self._ranking.size and view.utilities is not None:
            return self._informed(view)
        mask = self._candidates(view)
        score = np.zeros(view.table.size) if view.utility is None else np.array(view.utility, dtype=float)
        digits = view.table.digits
        for j, objected in enumerate(self._objected):
            score -= objected[digits[:, j]]
        if self._last is not None and mask.sum() > 1:
            mask = mask.copy()
            mask[self._last[0]] = False  # never the same text twice running
        score = np.where(mask, score, -np.inf)
        return int(np.argmax(score))

    def _informed(self, view: MediatorView) -> int:
        ranking = self._ranking[~self._excluded[self._ranking]]
        if ranking.size == 0:
            ranking = self._ranking
        if self._last is None:
            return int(ranking[0])
        text, answers = self._last
        assert view.utilities is not None
        u = view.utilities[:, ranking]
        parties = view.table.parties
        more = np.ones(ranking.size, dtype=bool)
        kept = np.ones(ranking.size, dtype=bool)
        for j, party in enumerate(parties):
            answer = answers.get(party)
            if answer is None:
                continue
            given = view.utilities[j, text]
            if answer.accept:
                kept &= u[j] >= given - 1e-12
            else:
                more &= u[j] > given + 1e-12
        for mask in (more & kept, more):
            if mask.any():
                return int(ranking[np.argmax(mask)])
        return int(ranking[0])

    def hear(self, view: MediatorView, text: int, answers: dict[str, Answer]) -> None:
        self._last = (text, answers)
        digits = view.table.digits[text]
        issues = list(view.table.scenario.issues)
        for objected in self._objected:
            objected *= self.fade
        n = max(1, len(answers))
        for answer in answers.values():
            if answer.accept:
                continue
            if answer.firm:
                self._excluded[text] = True
            for issue in answer.crossed:
                if view.unanimity and issue in issues:
                    j = issues.index(issue)
                    self._excluded |= view.table.digits[:, j] == digits[j]
            for issue in answer.objections:
                if issue in issues:
                    j = issues.index(issue)
                    self._objected[j][digits[j]] += 1.0 / n


def _ranked(utilities: np.ndarray, reservations: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """The candidate texts, best first: the Nash choice (:func:`accord.analysis.solutions.nash`), then by
    the sum of log surpluses, then by the least surplus, then in the space's order."""
    from ..analysis.solutions import nash

    index = np.flatnonzero(candidates)
    if index.size == 0:
        return index.astype(np.int64)
    surplus = utilities[:, index] - reservations[:, None]
    with np.errstate(divide="ignore"):
        logs = np.log(np.maximum(surplus, 0.0)).sum(axis=0)
    least = surplus.min(axis=0)
    order = np.lexsort((np.arange(index.size), -least, -logs))
    first = int(nash(utilities[:, index], reservations).position)
    order = np.concatenate(([first], order[order != first]))
    return index[order].astype(np.int64)


MEDIATORS: dict[str, type[Mediator]] = {SingleTextMediator.name: SingleTextMediator,
                                        HillClimbingMediator.name: HillClimbingMediator}
DEFAULT_MEDIATOR = SingleTextMediator.name
