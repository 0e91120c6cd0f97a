"""Forecasting models for one-issue collective decisions.

Pure computations on numpy arrays: actors' positions on an issue scale, with
their salience and capability, in; a forecast point on the same scale out.

* :func:`compromise` - capability x salience weighted mean (van den Bos
  1991; Achen 2006).
* :func:`weighted_median` - Black's median voter.
* :func:`nash_bargaining` - asymmetric Nash bargaining solution.
* :func:`pce` - probabilistic Condorcet election, after KAPSARC's KTAB.
* :func:`challenge` - Bueno de Mesquita's expected-utility model as
  reconstructed by Scholz, Calbert & Smith (2011).
* :func:`forecast_positions` - all of them in one dictionary.
* :data:`MODELS` - the registry of models by name (:class:`ForecastModel`).

Every model takes a :class:`Positions` as its one positional argument and
options as keywords; bad inputs raise :class:`ForecastError` (a
``ValueError``) naming the parameter, the rule and the value received.

>>> from accord.forecast import Positions, compromise, weighted_median
>>> p = Positions(actors=("a", "b", "c"), position=[0, 4, 10], salience=[0.5, 0.9, 0.5],
...               capability=[1, 1, 1])
>>> round(compromise(p), 3), weighted_median(p)
(4.526, 4.0)

See docs/forecasting.md for formulas, sources and the emission-standards
validation.
"""

from ._challenge import ChallengeResult, challenge
from ._compromise import compromise
from ._pce import pce, pce_distribution, victory_probability
from .errors import ForecastError
from .inputs import Positions, from_table
from .median import weighted_median
from .nash import nash_bargaining
from .overview import forecast_positions
from .registry import MODELS, ForecastModel

__all__ = ["MODELS", "ChallengeResult", "ForecastError", "ForecastModel", "Positions", "challenge", "compromise",
           "forecast_positions", "from_table", "nash_bargaining", "pce", "pce_distribution",
           "victory_probability", "weighted_median"]

from .._callable import make_callable  # noqa: E402  (accord.forecast(...) is the entry point of accord._api)

make_callable(__name__)
