"""The error simulations raise for parameters that do not fit."""


class SimulationError(ValueError):
    """A simulation was asked for with parameters that do not fit the scenario."""
