"""The shared options whose choices are named from the computation registries: the backends, and the protocol and
strategies of one simulated negotiation (shared by `accord simulate`, `accord montecarlo --simulate`,
`accord tournament` and `accord track run --kind simulation`).

They live apart from ``common`` because naming the choices imports the registries, and with them the simulation:
a command without these options (``accord extract``) does not pay for that.
"""

from __future__ import annotations

import typer

from ..backends import BACKENDS
from ..simulation.protocols import PROTOCOLS
from ..simulation.strategies import STRATEGIES
from .common import choices

STRATEGY_NAMES = ", ".join(sorted(STRATEGIES))

BackendOpt = typer.Option("local", "--backend", help=f"{choices(BACKENDS)} (same results).")
ProtocolOpt = typer.Option("alternating", "--protocol", help=choices(PROTOCOLS))
StrategyOpt = typer.Option([], "--strategy", "-s", help=f"PARTY=STRATEGY (repeatable); default boulware. "
                                                         f"Strategies: {STRATEGY_NAMES}.")

__all__ = ["STRATEGY_NAMES", "BackendOpt", "ProtocolOpt", "StrategyOpt"]
