"""accord: model, diagnose, forecast and simulate real multi-party negotiations.

A thin facade over the scenario model and the computations:

>>> import accord
>>> cairo = accord.load()                     # the embedded Cairo talks
>>> accord.analyze(cairo).acceptable          # deadlock: no zone of agreement
0
>>> accord.analyze(cairo.with_variant("phased-ceasefire")).acceptable > 0
True
"""

from .analysis import Analysis, Comparison, Evaluation, analyze, compare, evaluate
from .scenario import Scenario, ScenarioError, load, loads

__version__ = "0.1.0"

__all__ = ["Analysis", "Comparison", "Evaluation", "Scenario", "ScenarioError", "__version__", "analyze", "compare",
           "evaluate", "load", "loads"]
