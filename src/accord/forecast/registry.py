"""The registry of forecasting models: ``MODELS``, name -> :class:`ForecastModel`.

Each entry runs one model on a :class:`~accord.forecast.Positions` and returns
a JSON-ready dictionary with at least ``"position"`` (a number on the issue's
scale). ``detail`` names the further keys that belong in the forecast JSON
(``{"issues": {ISSUE: {MODEL: ...}}}``): a model without detail is written as
its bare position, one with detail as ``{"position": x, KEY: ...}``.

Adding a model: write it in its own module (a function of ``Positions``
returning a number, like :mod:`.compromise`), then one line here::

    MODELS.register(ForecastModel("mine", "what it does, in one line", "Author 2024", point(mine)))

and a test from the template in docs/contributing.md. The CLI's ``--model``
choices, the web schema's description and the docs table in
docs/forecasting.md follow.

>>> from accord.forecast import Positions
>>> p = Positions(actors=("a", "b", "c"), position=[0, 4, 10], salience=[0.5, 0.9, 0.5],
...               capability=[1, 1, 1])
>>> MODELS["median"].run(p)
{'position': 4.0}
>>> MODELS["median"].to_json({"position": 4.0, "option": 4})
4.0
>>> MODELS["oracle"]
Traceback (most recent call last):
...
accord.forecast.registry.UnknownModel: model: must be one of compromise, median, nash, pce, challenge, smp; got 'oracle'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInput
from ..registry import Registry
from ._challenge import challenge
from ._compromise import compromise
from ._pce import pce
from .errors import ForecastError
from .inputs import Positions
from .median import weighted_median
from .nash import nash_bargaining


class UnknownModel(ForecastError, InvalidInput):  # both keep parameter, rule, value
    """An unknown model name: a :class:`ForecastError` like every forecasting input error, and an
    :class:`~accord.errors.InvalidInput`."""

    def __init__(self, parameter: str, rule: str, value: object) -> None:
        rule = f"must be {rule}"
        ForecastError.__init__(self, parameter, rule, value)
        self.parameter, self.rule, self.value = parameter, rule, value


@dataclass(frozen=True)
class ForecastModel:
    """One forecasting model.

    ``run(positions, *, rounds, q)`` returns ``{"position": x, ...}``; models
    ignore the options they do not use (``rounds`` and ``q`` are the challenge
    model's). ``detail``: keys written beside the position in the forecast JSON.
    ``dimensions``: the model runs once on all issues as dimensions (its
    ``run`` takes an :class:`~accord.forecast.smp.SMPInput` and returns its
    JSON, written beside ``issues``), not issue by issue.
    """

    name: str
    description: str
    citation: str
    run: Callable[..., dict[str, Any]]
    detail: tuple[str, ...] = ()
    dimensions: bool = False

    def to_json(self, entry: Mapping[str, Any]) -> Any:
        """This model's value in the forecast JSON: the position, or the position with its ``detail``."""
        if not self.detail:
            return entry["position"]
        return {"position": entry["position"], **{key: entry[key] for key in self.detail}}


def point(function: Callable[[Positions], float]) -> Callable[..., dict[str, Any]]:
    """Wrap a model that returns one number into a registry ``run``: ``{"position": x}``."""

    def run(p: Positions, **_options: Any) -> dict[str, Any]:
        return {"position": function(p)}

    run.__name__ = run.__qualname__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def _challenge(p: Positions, *, rounds: int = 100, q: float = 1.0, **_options: Any) -> dict[str, Any]:
    return challenge(p, q=q, rounds=rounds).as_dict()


def _smp(data: Any, **_options: Any) -> dict[str, Any]:
    from .smp import SMPInput, run_smp

    if not isinstance(data, SMPInput):
        raise ForecastError("smp", "runs on all dimensions at once: give an SMPInput "
                                   "(accord.forecast.smp.scenario_input or read_ktab)", type(data).__name__)
    return run_smp(data).to_json()


MODELS: Registry[ForecastModel] = Registry("model", error=UnknownModel)

MODELS.register(ForecastModel("compromise", "capability x salience weighted mean of the positions",
                              "van den Bos 1991; Achen 2006", point(compromise)))
MODELS.register(ForecastModel("median", "weighted median: the Condorcet winner of pairwise votes",
                              "Black 1948", point(weighted_median)))
MODELS.register(ForecastModel("nash", "asymmetric Nash bargaining solution, quadratic loss",
                              "Nash 1950; Achen 2006", point(nash_bargaining)))
MODELS.register(ForecastModel("pce", "probabilistic Condorcet election, linear victory model, Markov incentive chain",
                              "KAPSARC KTAB (Wise, Efird et al.)", point(pce)))
MODELS.register(ForecastModel("challenge", "expected-utility model: rounds of challenges, the median after the last",
                              "Bueno de Mesquita 1994, reconstructed by Scholz, Calbert & Smith 2011", _challenge,
                              detail=("rounds",)))
MODELS.register(ForecastModel("smp", "KTAB's spatial model of politics: all issues as dimensions, bargaining in turns",
                              "Wise, Lester & Efird 2015 (KAPSARC KTAB)", _smp, dimensions=True))

__all__ = ["MODELS", "ForecastModel", "UnknownModel", "point"]
