"""What-if comparison: the base scenario and each variant side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..limits import MAX_ENUMERATED_OUTCOMES
from ..scenario import Scenario
from ._analyze import Analysis, analyze


@dataclass(frozen=True)
class Comparison:
    """One analysis per row: the base (variant None) first, then each variant."""

    scenario: str
    rows: tuple[tuple[str | None, str, Analysis], ...]

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per variant (the base first) (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        """``{"scenario", "rows": [{"variant", "description", "outcomes", "acceptable", "blockers", "nash"}]}``;
        format 1.1: a row whose scenario gives a ``decision`` adds ``power_indices`` (as in ``analyze
        --json``), and its ``nash`` carries the ``coalition`` under a rule other than unanimity."""
        rows = []
        for variant, description, found in self.rows:
            row = {
                "variant": variant,
                "description": description,
                "outcomes": found.outcomes,
                "acceptable": found.acceptable,
                "blockers": [b.to_json() for b in found.blockers],
                "nash": found.solutions["nash"].to_json() if found.solutions["nash"] else None,
            }
            if found.power_indices is not None:
                row["power_indices"] = found.power_indices
            rows.append(row)
        return {"scenario": self.scenario, "rows": rows}


def compare(scenario: Scenario, variants: Sequence[str] | None = None, *,
            limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Comparison:
    """Analyse the base and each named variant (default: all of them)."""
    names = list(scenario.variants) if variants is None else list(variants)
    rows: list[tuple[str | None, str, Analysis]] = [
        (None, "base scenario", analyze(scenario, unlock=False, limit=limit))]
    for name in names:
        patched = scenario.with_variant(name)
        rows.append((name, scenario.variants[name].description, analyze(patched, unlock=False, limit=limit)))
    return Comparison(scenario.name, tuple(rows))
