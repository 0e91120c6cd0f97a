"""Simulated negotiations: protocols, strategies, events, walkouts (pure computation)."""

from .classics import CLASSICS  # registers the ANAC classics in STRATEGIES
from .engine import PROTOCOLS, SimulationError, SimulationResult, TraceRow, simulate
from .mediator import DEFAULT_MEDIATOR, MEDIATORS, HillClimbingMediator, Mediator, SingleTextMediator
from .opponent import OPPONENT_MODELS, FrequencyModel, OpponentModel
from .protocols import Protocol
from .strategies import (
                         ACCEPTANCE,
                         STRATEGIES,
                         AcceptCombi,
                         AcceptConstant,
                         AcceptNext,
                         AcceptPrevious,
                         AcceptTime,
                         Boulware,
                         Conceder,
                         Hardliner,
                         Linear,
                         RandomStrategy,
                         Strategy,
                         SubgamePerfect,
                         TimeDependent,
                         TitForTat,
                         Traits,
                         Zeuthen,
                         make_strategy,
)
from .table import Table, build_table
from .view import Offer, View

__all__ = [
    "ACCEPTANCE", "CLASSICS", "OPPONENT_MODELS", "FrequencyModel", "OpponentModel", "AcceptCombi", "AcceptConstant", "AcceptNext", "AcceptPrevious", "AcceptTime", "Boulware", "Conceder", "Hardliner",
    "DEFAULT_MEDIATOR", "HillClimbingMediator", "Linear", "MEDIATORS", "Mediator", "SingleTextMediator", "Offer", "PROTOCOLS", "Protocol", "RandomStrategy", "STRATEGIES",
    "SimulationError", "SimulationResult", "Strategy", "SubgamePerfect", "Table", "TimeDependent", "TitForTat", "TraceRow",
    "Traits", "View", "Zeuthen", "build_table", "make_strategy", "simulate",
]
