"""accord: model, diagnose, forecast and simulate real multi-party negotiations.

A thin facade over the scenario model and the computations: one entry point
per command, each taking the scenario first (a :class:`Scenario`, a path, a
packaged example's name, or nothing for the embedded Cairo talks) and the
command's options as keywords (:mod:`accord._api`). Results display
themselves in a notebook and give ``to_json()`` and ``to_frame()``
(docs/notebooks.md).

>>> import accord
>>> cairo = accord.load()                     # the embedded Cairo talks
>>> accord.analyze(cairo).acceptable          # deadlock: no zone of agreement
0
>>> accord.analyze(cairo, variant="phased-ceasefire").acceptable > 0
True

The entry points beyond the analysis (``simulate``, ``forecast``,
``montecarlo``, ``report``, ``tournament``, ``extract``, ``diff``) are
imported on first use, so ``import accord`` stays light.
"""

from importlib import import_module
from typing import Any

from ._api import analyze, compare, evaluate, load
from .analysis import Analysis, Comparison, Evaluation
from .scenario import Scenario, ScenarioError, loads

__version__ = "0.1.0"

_LAZY = {"simulate": "accord._api", "montecarlo": "accord._api", "diff": "accord._api",
         # packages that are also their entry point (accord._callable)
         "forecast": None, "tournament": None, "extract": None, "report": None}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    module = _LAZY[name]
    return getattr(import_module(module), name) if module else import_module(f"accord.{name}")


__all__ = ["Analysis", "Comparison", "Evaluation", "Scenario", "ScenarioError", "__version__", "analyze", "compare",
           "diff", "evaluate", "extract", "forecast", "load", "loads", "montecarlo", "report", "simulate",
           "tournament"]
