"""The one error the forecasting models raise."""

from __future__ import annotations

from ..errors import InvalidInput


class ForecastError(InvalidInput):
    """An input to a forecasting model breaks a rule.

    The message names the parameter, the rule and the value received, e.g.
    ``salience[3] ('UK'): must be >= 0; got -1.0``. The three parts are also
    kept as attributes (``parameter``, ``rule``, ``value``) for programs.
    """

    def __init__(self, parameter: str, rule: str, value: object):
        super().__init__(parameter, rule, value, message=f"{parameter}: {rule}; got {value!r}")
