"""A KTAB SMP input file as an accord scenario document: its dimensions as numeric issues on 0-100.

Each actor prefers its own position (values falling linearly to 0 a full scale away), weighs each
issue by its salience and has its capability as power; the first two actors are parties, the others
observers. Used by the SMP figure tests (the briefing, the workbench) to get many actors.
"""

from pathlib import Path

from accord.forecast.smp import read_ktab

DATA = Path(__file__).parent / "data" / "ktab"


def ktab_scenario(name: str = "SOE-Pol-Comp.csv") -> dict:
    data = read_ktab((DATA / name).read_text(encoding="utf-8-sig"), name)
    issues = {f"d{k}": {"name": dim, "range": [0, 100], "step": 5, "unit": "points"}
              for k, dim in enumerate(data.dimensions)}
    actors = {}
    for i, actor in enumerate(data.actors):
        preferences = {}
        for k in range(len(data.dimensions)):
            peak = float(data.position[i, k])
            points = {0: 1 - peak / 100, peak: 1.0, 100: 1 - (100 - peak) / 100}
            preferences[f"d{k}"] = {"weight": float(data.salience[i, k]), "values": points}
        actors[actor] = {"role": "party" if i < 2 else "observer", "power": float(data.capability[i]),
                         "preferences": preferences}
    return {"accord": 1, "name": f"KTAB {name}", "issues": issues, "actors": actors}
