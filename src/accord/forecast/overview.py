"""All models at once, in one JSON-ready dictionary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import ForecastError
from .inputs import Positions, require_weight
from .registry import MODELS


def forecast_positions(p: Positions, *, models: Iterable[str] = MODELS, rounds: int = 100,
                       q: float = 1.0) -> dict[str, dict[str, Any]]:
    """Each requested model's forecast, ``{name: {"position": x, ...}}``.

    Models run with their defaults (Nash: quadratic loss; PCE: linear victory
    model, Markov incentive chain); ``rounds`` and ``q`` go to the challenge
    model, whose entry also carries ``rounds`` (median and mean per round) and
    ``converged``. Models are looked up in the registry :data:`MODELS`.

    >>> from accord.forecast import Positions
    >>> p = Positions(actors=("a", "b", "c"), position=[0, 4, 10], salience=[0.5, 0.9, 0.5],
    ...               capability=[1, 1, 1])
    >>> out = forecast_positions(p, models=("compromise", "median"))
    >>> {name: round(v["position"], 3) for name, v in out.items()}
    {'compromise': 4.526, 'median': 4.0}
    """
    require_weight(p)
    if isinstance(models, str) or not isinstance(models, Iterable):
        raise ForecastError("models", f"must be a sequence of model names from {', '.join(MODELS)}", models)
    models = tuple(models)
    for name in models:
        if name not in MODELS:
            raise ForecastError("models", f"must name models from {', '.join(MODELS)}", name)
    return {name: MODELS[name].run(p, rounds=rounds, q=q) for name in models
            if not MODELS[name].dimensions}  # multi-dimensional models (smp) run once on all issues
