"""Monte Carlo and sensitivity analysis of a scenario's uncertain numbers (pure computation).

>>> import accord
>>> from accord.uncertainty import monte_carlo
>>> cairo = accord.load()
>>> monte_carlo(cairo, 1000, seed=1).p_zopa                      # a zone only when a red line is a bluff
0.288
>>> monte_carlo(cairo.with_variant("phased-ceasefire"), 1000, seed=1).p_zopa > 0.5
True

See docs/uncertainty.md for the sampling scheme and the estimators.
"""

from ..stats import paired_difference, wilson
from .model import Model, ParameterBatch, compile_model, realise, resolve_variants
from .montecarlo import MonteCarloResult, VariantComparison, VariantRow, compare_variants, monte_carlo
from .sampling import sample_parameters
from .simulation import SimulationMonteCarlo, monte_carlo_simulation
from .sobol import Sensitivity, sensitivity, sobol_indices, tornado

# what users need; the helpers imported above (sampling streams, normal quantiles, chunk sizes) stay importable
__all__ = [
    "Model", "MonteCarloResult", "ParameterBatch", "Sensitivity", "SimulationMonteCarlo", "VariantComparison",
    "VariantRow", "compare_variants", "compile_model", "monte_carlo", "monte_carlo_simulation", "paired_difference",
    "realise", "resolve_variants", "sample_parameters", "sensitivity", "sobol_indices", "tornado", "wilson",
]
