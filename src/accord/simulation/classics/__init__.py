"""The classic agents of the ANAC competitions, re-implemented from their papers.

Each agent is one small module holding one :class:`~accord.simulation.strategies.Strategy`
subclass with its declared traits and its citation. Importing this package
registers every agent in :data:`accord.simulation.STRATEGIES` by name, so
``--strategy PARTY=NAME`` and tournaments can use them.
"""

from __future__ import annotations

from ..strategies import STRATEGIES, Strategy
from .agentk import AgentK
from .atlas3 import Atlas3
from .cuhkagent import CUHKAgent
from .gahboninho import Gahboninho
from .hardheaded import HardHeaded
from .micro import MiCRO
from .nice_tit_for_tat import NiceTitForTat

CLASSICS: tuple[type[Strategy], ...] = (
    HardHeaded, AgentK, NiceTitForTat, CUHKAgent, Atlas3, MiCRO, Gahboninho,
)

for _cls in CLASSICS:
    STRATEGIES[_cls.name] = _cls

__all__ = ["CLASSICS"]
