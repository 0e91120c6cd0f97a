"""A two-party scenario of 120,004 outcomes with uncertain parameters, for the Monte Carlo benchmarks.

    .venv/bin/python benchmarks/large_space.py > large.yaml   # write it as YAML

Issues: ``amount``, a numeric range 0..30,000 in steps of 1 (30,001
options), and ``form``, four categorical options: 30,001 x 4 = 120,004
outcomes, none excluded by a red line, so the whole space is analysed. The
buyer wants a low amount, the seller a high one; the form is mildly
contested. Both reservations and the amount weights are distributions, so
every Monte Carlo draw moves the ZOPA.
"""

from __future__ import annotations

OUTCOMES = 120_004


def large_space() -> dict:
    """The scenario document (a plain mapping, see ``accord.scenario.from_document``)."""
    forms = ["cash", "shares", "loan", "mixed"]
    return {
        "accord": 1,
        "name": "large space (120,004 outcomes)",
        "issues": {"amount": {"range": [0, 30_000], "step": 1}, "form": {"options": forms}},
        "actors": {
            "buyer": {"reservation": {"uniform": [0.25, 0.45]},
                      "preferences": {"amount": {"weight": {"triangular": [2, 3, 4]}, "values": {0: 1, 30_000: 0}},
                                      "form": {"weight": 1, "values": dict(zip(forms, [0.2, 1, 0.6, 0.8]))}}},
            "seller": {"reservation": {"triangular": [0.2, 0.35, 0.5]},
                       "preferences": {"amount": {"weight": {"uniform": [2, 4]}, "values": {0: 0, 12_000: 0.5, 30_000: 1}},
                                       "form": {"weight": 1, "values": dict(zip(forms, [1, 0.3, 0.5, 0.7]))}}},
        },
    }


if __name__ == "__main__":
    import yaml

    print(yaml.safe_dump(large_space(), sort_keys=False))
