"""The registries' shared contracts: every registered strategy, protocol, forecasting model, importer and
exporter passes the same suite (in axelrod's style), and the docs tables are what the registries generate."""

from __future__ import annotations

import copy
import json
import math
import pickle
from pathlib import Path

import numpy as np
import pytest
import yaml
from test_analysis import two_issue_doc
from test_simulation import split_doc

import accord
from accord import docs_tables
from accord.errors import InvalidInput
from accord.forecast import MODELS, ForecastError, Positions, forecast_positions
from accord.importers import EXPORTERS, IMPORTERS
from accord.importers.compare import document_differences
from accord.registry import Registry
from accord.scenario import from_document
from accord.simulation import PROTOCOLS, STRATEGIES, SimulationError, Strategy, make_strategy, simulate
from accord.simulation.table import build_table

DATA = Path(__file__).parent / "data"
DOCS = Path(__file__).parent.parent / "docs"

REGISTRIES = {"strategy": STRATEGIES, "protocol": PROTOCOLS, "model": MODELS, "importer": IMPORTERS,
              "exporter": EXPORTERS}


# -- every registry ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, name", [(k, n) for k, r in REGISTRIES.items() for n in r])
def test_every_entry_has_its_name_a_one_line_description_and_a_citation(kind, name):
    entry = REGISTRIES[kind][name]
    assert entry.name == name
    assert isinstance(entry.description, str) and entry.description.strip()
    assert "\n" not in entry.description and len(entry.description) <= 120
    assert isinstance(entry.citation, str)


@pytest.mark.parametrize("registry, error", [(PROTOCOLS, SimulationError), (MODELS, ForecastError),
                                             (IMPORTERS, InvalidInput), (EXPORTERS, InvalidInput)])
def test_an_unknown_name_is_one_line_listing_the_valid_ones(registry, error):
    with pytest.raises(InvalidInput) as info:
        registry["no-such-entry"]
    message = str(info.value)
    assert isinstance(info.value, error)
    assert "\n" not in message and "'no-such-entry'" in message
    assert all(name in message for name in registry)


def test_register_refuses_a_taken_name_and_an_entry_without_one():
    registry = Registry("thing")
    entry = type("Thing", (), {"name": "a"})
    assert registry.register(entry) is entry and list(registry) == ["a"]
    with pytest.raises(InvalidInput, match="already has 'a'"):
        registry.register(type("Other", (), {"name": "a"}))
    with pytest.raises(InvalidInput, match="non-empty string"):
        registry.register(object())
    assert registry.get("b") is None and "b" not in registry


def test_simulate_and_forecast_dispatch_through_the_registries(monkeypatch):
    """A registered entry is used by name: the registry is the only dispatch."""
    calls = []

    def run_first_offer(session, **options):
        calls.append(sorted(options))
        return PROTOCOLS["alternating"].run(session, **options)

    monkeypatch.setitem(PROTOCOLS, "spy", PROTOCOLS["alternating"].__class__("spy", "alternating, counted", "",
                                                                              run_first_offer))
    result = simulate(from_document(split_doc(step=0.05)), protocol="spy", rounds=10)
    assert result.protocol == "spy" and calls == [["mediator"]]
    monkeypatch.setitem(MODELS, "lowest", MODELS["median"].__class__(
        "lowest", "the lowest position", "", lambda p, **_: {"position": float(np.min(p.position))}))
    p = Positions(actors=("a", "b"), position=[2, 8], salience=[1, 1], capability=[1, 1])
    assert forecast_positions(p, models=("lowest", "median"))["lowest"] == {"position": 2.0}


# -- strategies: clone, reset, pickle, seeds ------------------------------------------------------------------------

def _play(scenario, strategy, seed=5, other="conceder"):
    full = make_strategy(strategy).traits.full_information if isinstance(strategy, str) else \
        strategy.traits.full_information
    return simulate(scenario, strategies={"A": strategy, "B": other if not full else "subgame-perfect"}, rounds=30,
                    seed=seed, full_information=full, discounts={"A": 0.9, "B": 0.9} if full else None).to_json()


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_strategy_contract(name):
    """A fresh instance, a deep copy, a pickled copy and a reused (reset by ``start``) instance play alike;
    a strategy not declared stochastic plays the same whatever the seed."""
    scenario = from_document(split_doc(step=0.05))
    strategy = make_strategy(name)
    assert isinstance(strategy, Strategy) and type(strategy) is STRATEGIES[name]
    first = _play(scenario, strategy)
    assert _play(scenario, strategy) == first  # reused: start() resets its state
    assert _play(scenario, copy.deepcopy(make_strategy(name))) == first
    assert _play(scenario, pickle.loads(pickle.dumps(make_strategy(name)))) == first
    assert _play(scenario, name) == first
    if not strategy.traits.stochastic:
        assert _play(scenario, name, seed=6)["trace"] == first["trace"]
    for row in first["trace"]:
        if row["proposer"] == "A":
            table = build_table(scenario)
            assert table.allowed[0, table.index_of(row["offer"])]


# -- protocols ----------------------------------------------------------------------------------------------------

def _negotiate(protocol, seed=3, **options):
    scenario = from_document(split_doc(step=0.05, reservation_a=0.3))
    return scenario, simulate(scenario, protocol=protocol, strategies={"A": "linear", "B": "conceder"}, rounds=40,
                              seed=seed, **options)


@pytest.mark.parametrize("name", list(PROTOCOLS))
def test_protocol_contract(name):
    """A protocol's run is a pure function of its inputs; it ends within the deadline; a deal passes every
    party's red lines and reservation; the trace is in round order and the result names the protocol."""
    scenario, result = _negotiate(name)
    again = _negotiate(name)[1]
    assert result.to_json() == again.to_json()
    assert result.protocol == name
    assert result.status in ("agreement", "deadline", "walkout") and 0 <= result.round < result.rounds
    rounds = [row.round for row in result.trace]
    assert rounds == sorted(rounds)
    untraced = simulate(scenario, protocol=name, strategies={"A": "linear", "B": "conceder"}, rounds=40, seed=3,
                        trace=False)
    assert untraced.trace == () and untraced.agreement == result.agreement
    if result.status == "agreement":
        table = build_table(scenario)
        assert table.acceptable[:, table.index_of(result.agreement["outcome"])].all()
        assert result.trace[-1].round == result.round


# -- forecasting models -------------------------------------------------------------------------------------------

SMALL = {"actors": ("a", "b", "c", "d"), "position": [0.0, 3.0, 4.0, 10.0], "salience": [0.5, 0.9, 0.4, 0.7],
         "capability": [1.0, 2.0, 1.0, 1.5], "low": 0.0, "high": 10.0}


@pytest.mark.parametrize("name", [m for m in MODELS if not MODELS[m].dimensions])  # smp: tests/test_smp.py
def test_forecast_model_contract(name):
    """On a small table: a finite position on the scale, the JSON the forecast contract expects, unanimity
    respected, and the same forecast whatever the actors' order or an offset of the scale."""
    model = MODELS[name]
    p = Positions(**SMALL)
    entry = model.run(p, rounds=50, q=1.0)
    x = entry["position"]
    assert math.isfinite(x) and SMALL["low"] - 1e-9 <= x <= SMALL["high"] + 1e-9
    shown = model.to_json(entry)
    json.dumps(shown)
    if model.detail:
        assert set(shown) == {"position", *model.detail}
    else:
        assert shown == x
    assert forecast_positions(p, models=(name,), rounds=50)[name] == entry
    order = [3, 1, 0, 2]
    shuffled = Positions(actors=tuple(SMALL["actors"][i] for i in order),
                         **{k: [SMALL[k][i] for i in order] for k in ("position", "salience", "capability")},
                         low=0.0, high=10.0)
    assert model.run(shuffled, rounds=50)["position"] == pytest.approx(x, abs=1e-6)
    moved = Positions(**{**SMALL, "position": [v + 100 for v in SMALL["position"]], "low": 100.0, "high": 110.0})
    assert model.run(moved, rounds=50)["position"] == pytest.approx(x + 100, abs=1e-6)
    same = Positions(**{**SMALL, "position": [6.0] * 4})
    assert model.run(same, rounds=50)["position"] == pytest.approx(6.0, abs=1e-6)


# -- importers and exporters --------------------------------------------------------------------------------------

# one small sample per registered format: (domain, profiles)
SAMPLES = {
    "genius": (DATA / "genius" / "EnglandZimbabwe" / "EnglandZimbabwe_domain.xml",
               [DATA / "genius" / "EnglandZimbabwe" / "England.xml", DATA / "genius" / "EnglandZimbabwe" / "Zimbabwe.xml"]),
    "geniusweb": (DATA / "geniusweb" / "Fitness" / "fitness.json",
                  [DATA / "geniusweb" / "Fitness" / "fitness1.json", DATA / "geniusweb" / "Fitness" / "fitness2.json"]),
}


@pytest.mark.parametrize("name", list(IMPORTERS))
def test_importer_contract(name, tmp_path):
    """A valid scenario, one party per profile, the same document twice, unchanged through the YAML and JSON
    the CLI writes, and (where an exporter of the same name exists) unchanged through export and import."""
    assert name in SAMPLES, f"add a small sample of {name!r} files to tests/data and to SAMPLES"
    importer = IMPORTERS[name]
    domain, profiles = SAMPLES[name]
    assert domain.suffix == importer.suffix and all(p.suffix == importer.suffix for p in profiles)
    doc = importer.read(domain, profiles)
    model = from_document(doc)
    assert len(model.parties) == len(profiles)
    assert importer.read(domain, profiles) == doc
    assert document_differences(doc, yaml.safe_load(yaml.safe_dump(doc, sort_keys=False))) == []
    assert document_differences(doc, json.loads(json.dumps(doc))) == []
    assert importer.read(domain, profiles, name="renamed")["name"] == "renamed"
    if importer.folder is not None:
        assert importer.read_folder(domain.parent) == importer.read(*importer.folder(domain.parent))
    if name in EXPORTERS:
        files = EXPORTERS[name].write(doc)
        for file, text in files.items():
            (tmp_path / file).write_text(text, encoding="utf-8")
        again = importer.read_folder(tmp_path) if importer.folder else None
        if again is not None:
            assert document_differences(doc, again) == []


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_exporter_contract(name):
    """Every exporter has an importer of the same name (its round trip is checked above), writes files of
    its suffix, and refuses what it cannot write exactly rather than approximating."""
    assert name in IMPORTERS
    exporter = EXPORTERS[name]
    files = exporter.write(from_document(two_issue_doc()))
    assert files and all(Path(f).suffix == exporter.suffix for f in files)
    with pytest.raises(ValueError):
        exporter.write(accord.load())  # the Cairo talks: uncertain numbers, red lines and a mediator


# -- the docs tables ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", list(docs_tables.PAGES))
def test_docs_tables_are_generated_from_the_registries(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    found = docs_tables.blocks(text)
    assert set(found) == set(docs_tables.PAGES[page])
    for name, body in found.items():
        assert body == docs_tables.TABLES[name]() + "\n", f"{page}: run python -m accord.docs_tables --write"


def test_the_tables_list_every_registered_name():
    assert all(f"`{name}`" in docs_tables.strategies_table() for name in STRATEGIES)
    assert "`aspiration`" in docs_tables.strategies_table()
    assert all(f"`{name}`" in docs_tables.protocols_table() for name in PROTOCOLS)
    assert all(f"`{name}`" in docs_tables.forecast_models_table() for name in MODELS)
    assert all(f"`{name}`" in docs_tables.importers_table() for name in (*IMPORTERS, *EXPORTERS))


def test_the_command_reference_lists_every_command_and_option():
    import typer.main

    from accord.cli import app

    reference = docs_tables.cli_reference()
    root = typer.main.get_command(app)
    ctx = root.make_context("accord", [], resilient_parsing=True)
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        for sub in getattr(command, "list_commands", lambda _: [])(ctx) or [None]:
            shown = command if sub is None else command.get_command(ctx, sub)
            section = reference.split(f"`accord {name}{'' if sub is None else ' ' + sub}`\n", 1)[1]
            for option in (o for p in shown.params if not p.hidden for o in p.opts if o.startswith("--")):
                assert f"`{option}`" in section.split("\n#", 1)[0], (name, sub, option)
    assert "| `--runs` | INTEGER (1<=x<=10000000) | `10000` |" in reference  # montecarlo's range and default


def test_a_drifted_table_is_found_and_rewritten(tmp_path):
    for page in docs_tables.PAGES:
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text((DOCS / page).read_text(encoding="utf-8"), encoding="utf-8")
    assert docs_tables.main(["--docs", str(tmp_path)]) == 0
    page = tmp_path / "simulation.md"
    page.write_text(page.read_text(encoding="utf-8").replace("| `aspiration` |", "| `aspirations` |"),
                    encoding="utf-8")
    assert docs_tables.stale(tmp_path) == ["simulation.md"]
    assert docs_tables.main(["--docs", str(tmp_path)]) == 1
    assert docs_tables.main(["--docs", str(tmp_path), "--write"]) == 0
    assert docs_tables.stale(tmp_path) == [] and "| `aspiration` |" in page.read_text(encoding="utf-8")
