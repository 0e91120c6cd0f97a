"""Synthetic benchmark scenarios in the accord scenario format.

Standard library + numpy only: this module is imported both from the accord
environment and from the separate benchmark virtualenv that holds the
third-party comparison tool, so it must not depend on either.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["linear_additive_domain", "write_domain"]


def _party(
    rng: np.random.Generator, issues: list[str], options: list[str]
) -> dict[str, Any]:
    preferences: dict[str, Any] = {}
    for issue in issues:
        weight = round(float(rng.uniform(0.1, 1.0)), 4)
        values = {opt: round(float(rng.uniform(0.0, 1.0)), 4) for opt in options}
        preferences[issue] = {"weight": weight, "values": values}
    return {"role": "party", "reservation": 0.0, "preferences": preferences}


def linear_additive_domain(n_issues: int, n_options: int, seed: int) -> dict:
    """Random two-party linear-additive scenario.

    ``n_issues`` categorical issues ``i0..i{n-1}``, each with ``n_options``
    options ``v0..v{m-1}`` (so ``n_options ** n_issues`` outcomes).  Each party
    gets a weight per issue drawn uniformly from [0.1, 1] and a value per
    option drawn uniformly from [0, 1], both rounded to 4 decimals.  The
    utility of an outcome is ``sum_i w_i v_i(o_i) / sum_i w_i``.  Reservations
    are 0 and there are no red lines.

    The draws are deterministic in ``seed``: all of party "a" is drawn first
    (issue by issue: weight, then option values), then party "b".
    """
    if n_issues < 1 or n_options < 1:
        raise ValueError("n_issues and n_options must be positive")
    rng = np.random.default_rng(seed)
    issues = [f"i{k}" for k in range(n_issues)]
    options = [f"v{k}" for k in range(n_options)]
    actors = {name: _party(rng, issues, options) for name in ("a", "b")}
    return {
        "accord": 1,
        "name": f"linear-additive-{n_issues}x{n_options}-seed{seed}",
        "issues": {issue: {"options": list(options)} for issue in issues},
        "actors": actors,
    }


def write_domain(path: str | Path, doc: dict) -> Path:
    """Write a scenario document as JSON; returns the path written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    return path


if __name__ == "__main__":  # pragma: no cover - convenience CLI
    import argparse

    ap = argparse.ArgumentParser(description="Write a random linear-additive scenario.")
    ap.add_argument("n_issues", type=int)
    ap.add_argument("n_options", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    doc = linear_additive_domain(args.n_issues, args.n_options, args.seed)
    print(write_domain(args.output, doc))
