"""Monte Carlo and sensitivity analysis of a scenario's uncertain numbers (pure computation).

>>> import accord
>>> from accord.uncertainty import monte_carlo
>>> cairo = accord.load()
>>> monte_carlo(cairo, 1000, seed=1).p_zopa                      # the red lines block every draw
0.0
>>> monte_carlo(cairo.with_variant("phased-ceasefire"), 1000, seed=1).p_zopa > 0.5
True

See docs/uncertainty.md for the sampling scheme and the estimators.
"""

from .kernel import GAP_FLOOR
from .model import Model, ParameterBatch, compile_model, realise, resolve_variants, run_patch
from .montecarlo import MAX_VECTOR_OUTCOMES, MonteCarloResult, VariantComparison, VariantRow, compare_variants, monte_carlo
from .normal import ndtri, norm_cdf
from .parallel import DEFAULT_CHUNK
from .sampling import BLOCK, ends, ppf, run_values, sample_parameters, stable_hash, uniforms, valid_range
from .sobol import Sensitivity, sensitivity, sobol_indices, tornado
from .simulation import SimulationMonteCarlo, monte_carlo_simulation, simulation_seed
from ..stats import paired_difference, wilson

__all__ = [
    "BLOCK", "DEFAULT_CHUNK", "GAP_FLOOR", "MAX_VECTOR_OUTCOMES", "Model", "MonteCarloResult", "ParameterBatch",
    "Sensitivity", "SimulationMonteCarlo", "VariantComparison", "VariantRow", "compare_variants", "compile_model",
    "ends", "monte_carlo", "monte_carlo_simulation", "ndtri", "norm_cdf", "paired_difference", "ppf", "realise",
    "resolve_variants", "run_patch", "run_values", "sample_parameters", "sensitivity", "simulation_seed",
    "sobol_indices", "stable_hash", "tornado", "uniforms", "valid_range", "wilson",
]
