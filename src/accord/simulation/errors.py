"""The error simulations raise for parameters that do not fit."""

from ..errors import InvalidInput


class SimulationError(InvalidInput):
    """A simulation was asked for with parameters that do not fit the scenario (an :class:`InvalidInput`)."""
