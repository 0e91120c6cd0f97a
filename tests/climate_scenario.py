"""A UN climate summit as an accord scenario document, with 12, 20 or 30 parties (test helper).

Blocs and countries bargain over finance, mitigation, loss and damage, fossil
fuels and transparency (5 issues, 6,400 packages), and with ``n_issues=7``
also adaptation and carbon markets (102,400 packages). The presidency is a
mediator and two observers (the IPCC and a network of NGOs) carry
preferences but never block a deal.

Preferences are generated from a seeded generator around each party's camp
(donors want little finance and loose rules; vulnerable countries the
opposite; producers of fossil fuels want no phase-out), so every copy is the
same document for the same arguments. Finance red lines: with ``clash`` the
US ceiling (max 300) and India's floor (min 500) leave no common option, and
every other party with a finance red line is compatible with both of them on
its own (recipients' floors at most 300, donors' ceilings at least 500), so
the only minimal conflicting set on finance is {usa, india}.
"""

from __future__ import annotations

import numpy as np

from accord.scenario import outcomes as reference

CORE = ["usa", "eu", "china", "india", "g77", "aosis", "ldcs", "african-group", "japan", "brazil",
        "saudi-arabia", "umbrella-group"]
EXTRA = ["canada", "australia", "mexico", "south-africa", "indonesia", "korea", "switzerland", "norway", "egypt",
         "uae", "argentina", "chile", "colombia", "kenya", "bangladesh", "philippines", "vietnam", "turkey"]
DONORS = {"usa", "eu", "japan", "umbrella-group", "canada", "australia", "korea", "switzerland", "norway"}
PRODUCERS = {"saudi-arabia", "uae", "china", "india"}
VULNERABLE = {"aosis", "ldcs", "african-group", "bangladesh", "philippines", "kenya", "vietnam"}

ISSUES = {
    "finance": {"name": "New collective finance goal", "range": [100, 1000], "step": 100, "unit": "bn USD/yr"},
    "mitigation": {"name": "Emission cut by 2035", "range": [30, 65], "step": 5, "unit": "%"},
    "loss_damage": {"options": ["none", "voluntary", "fund", "fund-plus-levy", "compensation"]},
    "fossil": {"options": ["no-mention", "unabated-coal", "phase-down", "phase-out"]},
    "transparency": {"options": ["voluntary", "reporting", "review", "compliance"]},
    "adaptation": {"options": ["none", "doubling", "tripling", "goal-with-indicators"]},
    "carbon_markets": {"options": ["none", "bilateral", "central", "central-with-safeguards"]},
}


def _camp_peak(party: str, issue: str) -> float:
    """Where on the issue (0 = least ambitious end, 1 = most) the party's camp peaks."""
    if issue in ("finance", "loss_damage", "adaptation"):
        return 0.15 if party in DONORS else (0.95 if party in VULNERABLE else 0.7)
    if issue in ("mitigation", "fossil"):
        return 0.05 if party in PRODUCERS else (1.0 if party in VULNERABLE else 0.6)
    return 0.8 if party in DONORS else 0.3  # transparency, carbon markets


def _values(peak: float, issue: dict, sharp: float) -> dict:
    """Single-peaked values falling linearly (slope ``sharp``) from ``peak`` on the issue's 0..1 scale."""
    if "range" in issue:
        lo, hi = issue["range"]
        points = np.arange(lo, hi + 1e-9, issue["step"])
        x = (points - lo) / (hi - lo)
        return {int(p): round(float(max(0.0, 1.0 - sharp * abs(v - peak))), 4) for p, v in zip(points, x)}
    options = issue["options"]
    x = np.linspace(0.0, 1.0, len(options))
    return {o: round(float(max(0.0, 1.0 - sharp * abs(v - peak))), 4) for o, v in zip(options, x)}


def climate_summit(n_parties: int = 12, n_issues: int = 5, *, clash: bool = False, seed: int = 20) -> dict:
    """The summit with ``n_parties`` parties (12 to 30) and ``n_issues`` issues (5 or 7), as a document.

    ``clash`` sets the US finance ceiling below India's floor (an empty ZOPA
    whose only minimal conflicting set is {usa, india}); without it the
    ceiling is 600 and reservations are 0.
    """
    if not 2 <= n_parties <= len(CORE) + len(EXTRA) or n_issues not in (5, 7):
        raise ValueError(f"n_parties must be 2..{len(CORE) + len(EXTRA)} and n_issues 5 or 7")
    rng = np.random.default_rng(seed)
    names = (CORE + EXTRA)[:n_parties]
    issues = {k: dict(v) for k, v in list(ISSUES.items())[:n_issues]}
    actors: dict = {}
    for party in names:
        preferences = {}
        for issue_id, issue in issues.items():
            peak = float(np.clip(_camp_peak(party, issue_id) + rng.normal(0, 0.1), 0, 1))
            preferences[issue_id] = {"weight": round(float(rng.uniform(0.5, 3.0)), 2),
                                     "values": _values(peak, issue, float(rng.uniform(0.6, 1.2)))}
        actors[party] = {"role": "party", "power": round(float(rng.uniform(0.2, 1.0)), 2),
                         "preferences": preferences}
    finance = actors["usa"]["preferences"]["finance"]
    finance["max"] = 300 if clash else 600
    if "india" in actors:
        actors["india"]["preferences"]["finance"]["min"] = 500
    for party in names:  # compatible on their own with both the US ceiling and India's floor
        if party in ("usa", "india") or rng.uniform() < 0.4:
            continue
        bound = {"min": int(rng.choice([100, 200, 300]))} if party not in DONORS else \
            {"max": int(rng.choice([500, 700, 900]))}
        actors[party]["preferences"]["finance"].update(bound)
    actors["presidency"] = {"role": "mediator", "preferences": {
        i: {"values": _values(0.5, issue, 1.0)} for i, issue in issues.items()}}
    actors["ipcc"] = {"role": "observer", "preferences": {
        "mitigation": {"values": _values(1.0, issues["mitigation"], 1.0)}}}
    actors["climate-action-network"] = {"role": "observer", "preferences": {
        "fossil": {"values": _values(1.0, issues["fossil"], 1.0)},
        "loss_damage": {"values": _values(1.0, issues["loss_damage"], 1.0)}}}
    return {"accord": 1, "name": f"Climate summit ({n_parties} parties, {n_issues} issues)",
            "issues": issues, "actors": actors}


def all_rows(scenario) -> np.ndarray:
    """Every outcome of the scenario as option rows (k, n_issues), in row-major order (the space's order)."""
    shape = tuple(issue.size for issue in scenario.issues.values())
    return np.stack(np.unravel_index(np.arange(int(np.prod(shape))), shape), axis=1).astype(np.int64)


def with_small_zopa(doc: dict, target: int = 30) -> dict:
    """``doc`` with each party's reservation at a common quantile of its own utilities over the space, chosen
    (by bisection) so that about ``target`` packages are acceptable: many parties, small surpluses."""
    from accord.scenario import from_document

    scenario = from_document(doc)
    rows = all_rows(scenario)
    u = reference.utilities(scenario, rows, scenario.parties)
    allowed = np.ones(rows.shape[0], dtype=bool)
    for party in scenario.parties:
        allowed &= reference.allowed(scenario, party, rows)
    lo, hi = 0.0, 1.0
    best = None
    for _ in range(40):
        q = (lo + hi) / 2
        r = np.floor(np.quantile(u, q, axis=1) * 1e4) / 1e4
        count = int(np.count_nonzero(allowed & np.all(u >= r[:, None] - 1e-9, axis=0)))
        if best is None or abs(count - target) < abs(best[0] - target):
            best = (count, r)
        if count > target:
            lo = q
        elif count < target:
            hi = q
        else:
            break
    assert best is not None
    out = {**doc, "actors": {k: dict(v) for k, v in doc["actors"].items()}}
    for party, reservation in zip(scenario.parties, best[1]):
        out["actors"][party]["reservation"] = float(reservation)
    return out
