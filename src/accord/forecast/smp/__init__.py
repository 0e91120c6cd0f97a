"""KTAB's Spatial Model of Politics (SMP): multi-dimensional bargaining forecasts.

* :func:`run_smp` - run an :class:`SMPInput` to convergence (:mod:`.model`);
* :func:`read_ktab_csv`, :func:`read_ktab_xml` - KTAB's input files (:mod:`.ktab`);
* :func:`scenario_input` - an accord scenario's issues as dimensions (:mod:`.scenario`);
* :class:`SMPParameters` - KTAB's nine model parameters (:mod:`.rules`).
"""

from .ktab import read_ktab, read_ktab_csv, read_ktab_xml
from .model import SMPInput, SMPResult, run_smp, state_probabilities
from .rules import CHOICES, SMPParameters
from .scenario import scenario_input

__all__ = ["CHOICES", "SMPInput", "SMPParameters", "SMPResult", "read_ktab", "read_ktab_csv", "read_ktab_xml",
           "run_smp", "scenario_input", "state_probabilities"]
