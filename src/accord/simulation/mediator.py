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


@dataclass(eq=False)
class MediatorView:
    """What the mediator knows: the space, its own utility (if any), the feedback so far."""

    mediator: str
    round: int
    deadline: int
    table: Table
    utility: np.ndarray | None
    feedback: list[tuple[int, dict[str, Answer]]] = field(default_factory=list)
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))


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


MEDIATORS: dict[str, type[Mediator]] = {HillClimbingMediator.name: HillClimbingMediator}
