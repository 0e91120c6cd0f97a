"""A reader for KTAB ``smpc`` run logs (tests/data/ktab/*_ref-*.txt): the numbers accord's SMP is checked against.

The logs print, per state, the inferred risk attitudes; per turn, each
actor's most advantageous target; at the end, every actor's position on every
dimension per state ("History of actor positions over time") and the
winning probabilities per state ("History of actors' winning probabilities");
after each turn, the "Fractional change" compared with the first step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KtabLog:
    parameters: dict[str, str] = field(default_factory=dict)
    positions: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    prob: dict[str, list[float]] = field(default_factory=dict)
    fractional_change: list[float] = field(default_factory=list)
    risk: list[list[float]] = field(default_factory=list)  # per assessment, in log order
    targets: list[dict[int, tuple[int, float]]] = field(default_factory=list)  # per turn: i -> (j, worth)
    choosers: list[list[int]] = field(default_factory=list)  # per turn: the order in which actors chose
    queues: list[dict[int, list[tuple[int, int]]]] = field(default_factory=list)  # per turn: k -> (init, rcvr)
    states: int = 0


_PARAMS = ("VictoryProbModel", "VotingRule", "PCEModel", "StateTransitions", "BigRRange", "BigRAdjust",
           "ThirdPartyCommit", "InterVecBrgn", "BargnModel")


def read_log(path: Path) -> KtabLog:
    log = KtabLog()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    section = None
    k = 0
    while k < len(lines):
        line = lines[k].rstrip()
        key = line.split(":", 1)[0].strip()
        if key in _PARAMS and not log.parameters.get(key) and ":" in line:
            log.parameters[key] = line.split(":", 1)[1].strip()
        if line.startswith("Starting Model::run iteration"):
            log.targets.append({})
            log.choosers.append([])
            log.queues.append({})
        m = re.match(r"Bargains involving actor\s+(\d+):(.*)", line)
        if m:
            log.queues[-1][int(m.group(1))] = [(int(a), int(b)) for a, b in re.findall(r"\[\d+, (\d+):(\d+)\]",
                                                                                  m.group(2))]
        m = re.match(r"Doing scalarPCE for the \d+ bargains of actor (\d+)", line)
        if m:
            log.choosers[-1].append(int(m.group(1)))
        m = re.match(r"In turn (\d+) actor (\d+) has most advantageous target (\d+) worth ([-+.\d]+)", line)
        if m:
            log.targets[-1][int(m.group(2))] = (int(m.group(3)), float(m.group(4)))
        if line.startswith("Inferred risk attitudes:"):
            values = []
            k += 1
            while k < len(lines) and re.match(r"^\s*[-+]\d", lines[k]):
                values.append(float(lines[k].split()[0]))
                k += 1
            log.risk.append(values)
            continue
        m = re.match(r"Fractional change compared to first step: ([\d.]+)", line)
        if m:
            log.fractional_change.append(float(m.group(1)))
        m = re.match(r"There were (\d+) states", line)
        if m:
            log.states = int(m.group(1))
        if line.startswith("History of actor positions over time"):
            section = "pos"
        elif line.startswith("History of actors' winning probabilities"):
            section = "prob"
        elif section == "pos" and ":" in line and ", " in line:
            head, values = line.rsplit(":", 1)
            actor, dim = head.split(", ", 1)
            log.positions.setdefault(actor, {})[dim] = [float(x) for x in values.split()]
        elif section == "prob" and ", prob :" in line:
            actor, values = line.split(", prob :", 1)
            log.prob[actor] = [float(x) for x in values.split()]
        elif section and not line.strip():
            pass
        elif section:
            section = None
        k += 1
    return log


def replay(log: KtabLog) -> list[tuple[list[int], dict[int, list[tuple[int, int]]]]]:
    """KTAB's thread order per turn, as :func:`accord.forecast.smp.run_smp` replays it."""
    return list(zip(log.choosers, log.queues, strict=True))
