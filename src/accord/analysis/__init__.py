"""Pure computations over a scenario's outcome space: ZOPA, frontier, solutions; the voting power of a decision rule."""

from ..limits import MAX_ENUMERATED_OUTCOMES
from ._analyze import Analysis, Blocker, Deal, Unlock, analyze, nash_deal, solution_rows
from ._compare import Comparison, compare
from ._evaluate import Evaluation, ProposalError, Verdict, evaluate
from .power import PowerIndices, power_indices
from .space import OutcomeSpace, OutcomeSpaceTooLarge, build_space

__all__ = [
    "Analysis", "Blocker", "Comparison", "Deal", "Evaluation", "MAX_ENUMERATED_OUTCOMES", "OutcomeSpace", "OutcomeSpaceTooLarge",
    "PowerIndices", "ProposalError", "Unlock", "Verdict", "analyze", "build_space", "compare", "evaluate", "nash_deal", "power_indices",
    "solution_rows",
]
