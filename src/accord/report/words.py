"""Format 1.1 in plain words, for every edge (terminal, briefing, workbench): the decision rule, red lines
with their conditions (``unless``) and credibility (``holds``), constituencies and voting power.

Plain text only (no markup, no HTML): each edge escapes it for its own medium. Nothing here computes a
negotiation result; the numbers come from the scenario and from the analysis's documents.
"""

from __future__ import annotations

from typing import Any

from ..scenario import Scenario
from ..scenario.model import Condition, Decision, Preference


def _share(x: float) -> str:
    return f"{100 * x:.4g}%"


def rule_text(decision: Decision, parties: tuple[str, ...] | list[str]) -> str:
    """The decision rule in words, e.g. ``"majority (at least 2 of the 3 parties); veto: port"``.

    Unanimity: ``"unanimity (every party must accept)"``; qualified: ``"qualified majority (at least 60% of
    the 5 parties and 65% of the vote weight)"``.
    """
    n = len(parties)
    if decision.rule == "unanimity":
        text = "unanimity (every party must accept)"
    elif decision.rule == "majority":
        text = f"majority (at least {n // 2 + 1} of the {n} parties)"
    else:
        text = f"qualified majority (at least {_share(decision.share or 0.0)} of the {n} parties"
        if decision.weight_share is not None:
            text += f" and {_share(decision.weight_share)} of the vote weight"
        text += ")"
    if decision.veto:
        text += "; veto: " + ", ".join(dict.fromkeys(decision.veto))
    return text


def scenario_rule_text(scenario: Scenario) -> str:
    """:func:`rule_text` of the scenario's rule in force (unanimity when it gives no ``decision``)."""
    return rule_text(scenario.decision_rule, scenario.parties)


def conditions_text(conditions: tuple[Condition, ...]) -> str:
    """``unless`` conditions in words: ``"fee in {high} and weeks <= 6"``."""
    return " and ".join(c.describe() for c in conditions)


def red_line_text(preference: Preference) -> str:
    """The red line and its waiver: ``"rejects large, unless fee in {high}"`` (``""`` without a red line)."""
    if preference.red_line is None:
        return ""
    text = preference.red_line.describe()
    if preference.unless:
        text += f", unless {conditions_text(preference.unless)}"
    return text


def red_lines(scenario: Scenario) -> list[dict[str, Any]]:
    """Every red line of every actor, in document order, as plain data for the edges.

    Each entry: ``actor``, ``role``, ``of`` (the party a constituency ratifies for, else None), ``issue``,
    ``red_line`` (in words), ``unless`` (the condition in words, or None), ``holds`` (the probability that
    the red line binds, its central value; 1 by default), ``holds_uncertain`` (``holds`` is a distribution),
    and ``evidence`` (``[{"source", "quote", "assumption"}]``, the preference's own).
    """
    drawn = {u.path for u in scenario.uncertain}
    found = []
    for aid, actor in scenario.actors.items():
        for iid, pref in actor.preferences.items():
            if pref.red_line is None:
                continue
            found.append({
                "actor": aid, "role": actor.role, "of": actor.of, "issue": iid,
                "red_line": pref.red_line.describe(),
                "unless": conditions_text(pref.unless) if pref.unless else None,
                "holds": pref.holds,
                "holds_uncertain": ("actors", aid, "preferences", iid, "holds") in drawn,
                "evidence": [{"source": e.source, "quote": e.quote, "assumption": e.assumption} for e in pref.evidence],
            })
    return found


def holds_text(entry: dict[str, Any]) -> str:
    """A red line's credibility from a :func:`red_lines` entry: ``"certain"``, ``"holds with p 0.7"`` or
    ``"holds with p 0.7 (uncertain)"``."""
    if entry["holds"] >= 1 and not entry["holds_uncertain"]:
        return "certain"
    return f"holds with p {entry['holds']:.3g}" + (" (uncertain)" if entry["holds_uncertain"] else "")


def is_version_1_1(scenario: Scenario) -> bool:
    """Whether the scenario uses a part of format 1.1 the edges show (a decision, a constituency, a
    conditional or doubtful red line)."""
    return (scenario.decision is not None or any(a.is_constituency for a in scenario.actors.values())
            or any(p.unless or p.holds < 1 for a in scenario.actors.values() for p in a.preferences.values())
            or bool(scenario.holds_paths))


def power_rows(power: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(party, Shapley–Shubik, Banzhaf)`` texts from an ``analyze --json`` ``power_indices`` document;
    estimated indices carry their interval: ``"0.333 (0.321-0.345)"``."""
    intervals = power.get("intervals") or {}

    def cell(index: str, party: str) -> str:
        text = f"{power[index][party]:.3f}"
        bounds = (intervals.get(index) or {}).get(party)
        if bounds is not None:
            text += f" ({bounds[0]:.3f}-{bounds[1]:.3f})"
        return text

    return [(party, cell("shapley_shubik", party), cell("banzhaf", party)) for party in power["shapley_shubik"]]


def power_note(power: dict[str, Any]) -> str:
    """How the indices were obtained: exact, or estimated from N samples with their intervals' level."""
    if power.get("intervals"):
        return (f"estimated from {power.get('samples', 0):,} samples; intervals at "
                f"{100 * float(power.get('level', 0.95)):.3g}%")
    return "exact"


__all__ = ["conditions_text", "holds_text", "is_version_1_1", "power_note", "power_rows", "red_line_text",
           "red_lines", "rule_text", "scenario_rule_text"]
