"""All models at once, in one JSON-ready dictionary."""

from __future__ import annotations

from collections.abc import Iterable

from .challenge import challenge
from .compromise import compromise
from .errors import ForecastError
from .inputs import Positions, require_weight
from .median import weighted_median
from .nash import nash_bargaining
from .pce import pce

MODELS = ("compromise", "median", "nash", "pce", "challenge")


def forecast_positions(p: Positions, *, models: Iterable[str] = MODELS, rounds: int = 100,
                       q: float = 1.0) -> dict:
    """Each requested model's forecast, ``{name: {"position": x, ...}}``.

    Models run with their defaults (Nash: quadratic loss; PCE: linear victory
    model, Markov incentive chain); ``rounds`` and ``q`` go to the challenge
    model, whose entry also carries ``rounds`` (median and mean per round) and
    ``converged``.

    >>> from accord.forecast import Positions
    >>> p = Positions(actors=("a", "b", "c"), position=[0, 4, 10], salience=[0.5, 0.9, 0.5],
    ...               capability=[1, 1, 1])
    >>> out = forecast_positions(p, models=("compromise", "median"))
    >>> {name: round(v["position"], 3) for name, v in out.items()}
    {'compromise': 4.526, 'median': 4.0}
    """
    require_weight(p)
    if isinstance(models, str) or not isinstance(models, Iterable):
        raise ForecastError("models", f"must be a sequence of model names from {MODELS}", models)
    models = tuple(models)
    for name in models:
        if name not in MODELS:
            raise ForecastError("models", f"must name models from {', '.join(MODELS)}", name)
    out: dict = {}
    for name in models:
        if name == "compromise":
            out[name] = {"position": compromise(p)}
        elif name == "median":
            out[name] = {"position": weighted_median(p)}
        elif name == "nash":
            out[name] = {"position": nash_bargaining(p)}
        elif name == "pce":
            out[name] = {"position": pce(p)}
        else:
            out[name] = challenge(p, q=q, rounds=rounds).as_dict()
    return out
