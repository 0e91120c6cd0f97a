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

Every name is imported on first use, so ``import accord`` stays light: a
program (or a command such as ``accord extract``) loads only the parts it
calls.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time every name is imported on first use (``__getattr__``)
    from . import extract, forecast, report, tournament
    from ._api import analyze, compare, diff, evaluate, load, montecarlo, simulate
    from .analysis import Analysis, Comparison, Evaluation
    from .scenario import Scenario, ScenarioError, loads

__version__ = "0.1.0"

# name -> the module that defines it; None for the packages that are also their entry point (accord._callable)
_LAZY = {"analyze": "accord._api", "compare": "accord._api", "evaluate": "accord._api", "load": "accord._api",
         "simulate": "accord._api", "montecarlo": "accord._api", "diff": "accord._api",
         "Analysis": "accord.analysis", "Comparison": "accord.analysis", "Evaluation": "accord.analysis",
         "Scenario": "accord.scenario", "ScenarioError": "accord.scenario", "loads": "accord.scenario",
         "forecast": None, "tournament": None, "extract": None, "report": None}


def __getattr__(name: str) -> Any:
    """The public names, each imported when first used, so that ``import accord`` (and a command that needs one
    part, such as ``accord extract``) does not load numpy and every computation; a subpackage
    (``accord.scenario``) is imported when first reached as an attribute."""
    if name.startswith("__"):
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    if name in _LAZY:
        module = _LAZY[name]
        value = getattr(import_module(module), name) if module else import_module(f"accord.{name}")
    else:
        try:
            value = import_module(f"accord.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"accord.{name}":
                raise
            raise AttributeError(f"module 'accord' has no attribute {name!r}") from None
    globals()[name] = value
    return value


__all__ = ["Analysis", "Comparison", "Evaluation", "Scenario", "ScenarioError", "__version__", "analyze", "compare",
           "diff", "evaluate", "extract", "forecast", "load", "loads", "montecarlo", "report", "simulate",
           "tournament"]
