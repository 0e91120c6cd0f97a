"""The Ray backend against a real local Ray head on this machine: same results as the local backend,
even when a worker is killed mid-run."""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord import load
from accord.backends import using
from accord.backends.tournament import run_tournament
from accord.cli import app
from accord.tournament import Tournament
from accord.uncertainty import monte_carlo

# Ray reads its authentication settings when first imported, so it is imported by the backend only, after the
# fixture has set them.
pytestmark = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                                reason="Ray is not installed: pip install 'accord[ray]' to test the ray backend")
PORT = 6401


@pytest.fixture(scope="module")
def head():
    """A Ray head on this machine (loopback address, token authentication), stopped afterwards."""
    ray_bin = Path(sys.executable).with_name("ray")
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths must fit in 107 bytes
    token = Path(temp) / "auth_token"  # this cluster's own token: nothing is read from or written to ~/.ray
    token.write_text(secrets.token_hex(32))
    settings = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token), "RAY_USAGE_STATS_ENABLED": "0"}
    env = {**os.environ, **settings}
    started = subprocess.run([str(ray_bin), "start", "--head", f"--port={PORT}", "--node-ip-address", "127.0.0.1",
                              "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats",
                              f"--temp-dir={temp}"], env=env, capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        pytest.skip(f"could not start a local Ray head: {started.stderr.strip().splitlines()[-1:]}")
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        yield f"127.0.0.1:{PORT}"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        subprocess.run([str(ray_bin), "stop", "--force"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


def _kill_first_busy_worker(killed: list, stop: threading.Event) -> None:
    """SIGKILL the first Ray worker seen running a task (its process title is ``ray::_call``)."""
    while not stop.is_set() and not killed:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if title.startswith(b"ray::_call"):
                try:
                    os.kill(int(entry.name), signal.SIGKILL)
                except ProcessLookupError:
                    continue
                killed.append(int(entry.name))
                return
        time.sleep(0.005)


def test_tournament_on_ray_survives_a_killed_worker(head):
    spec = Tournament(("boulware", "conceder", "random"), (load(None, "phased-ceasefire"), load(None, "talks-resume")),
                      reps=20, rounds=60, events=False, seed=3)
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_first_busy_worker, args=(killed, stop))
    killer.start()
    try:
        on_ray = run_tournament(spec, backend="ray", address=head, chunk=5)
    finally:
        stop.set()
        killer.join()
    assert killed, "no busy Ray worker was seen to kill"
    local = run_tournament(spec, workers=1)
    assert len(on_ray.records) == 2 * 9 * 20 and not on_ray.interrupted
    assert on_ray.records == local.records
    assert on_ray.result.to_json() == local.result.to_json()


def test_montecarlo_on_ray_gives_the_local_result(head):
    model = load()
    local = monte_carlo(model, 8192, 11, workers=2)
    with using("ray", address=head):
        remote = monte_carlo(model, 8192, 11, workers=2)
    assert remote.to_json() == local.to_json()


def test_batches_and_simulation_monte_carlo_on_ray_give_the_local_result(head):
    """Strategy instances travel to Ray workers pickled; the rows are the local backend's."""
    from accord.simulation import RandomStrategy, TitForTat
    from accord.simulation.batch import run_batch
    from accord.uncertainty import monte_carlo_simulation

    scenario = load(variant="talks-resume")
    options = {"strategies": {"hamas": RandomStrategy(), "israel": TitForTat(mode="absolute")}, "rounds": 30}
    local = run_batch(scenario, seeds=range(6), **options)
    with using("ray", address=head):
        remote = run_batch(scenario, seeds=range(6), workers=2, chunk=2, **options)
    assert remote.outcomes == local.outcomes
    phased = load(variant="phased-ceasefire")
    here = monte_carlo_simulation(phased, 12, 3, rounds=30, events=False, strategies=options["strategies"])
    with using("ray", address=head):
        there = monte_carlo_simulation(phased, 12, 3, rounds=30, events=False, workers=2,
                                       strategies={"hamas": "random", "israel": "tit-for-tat:mode=absolute"})
    assert there.to_json() == here.to_json()


def test_cli_tournament_on_ray_prints_the_local_table(head):
    runner = CliRunner()
    args = ["tournament", "--reps", "2", "--rounds", "30", "--strategies", "boulware,linear,random", "--json"]
    on_ray = runner.invoke(app, [*args, "--backend", "ray", "--address", head, "--chunk", "3"])
    local = runner.invoke(app, args)
    assert on_ray.exit_code == 0 and local.exit_code == 0, on_ray.output
    assert json.loads(on_ray.stdout)["ranking"] == json.loads(local.stdout)["ranking"]


def test_private_instance_beside_a_running_cluster_and_callers_connection_left_open(head, monkeypatch):
    """address=None starts a private instance even with a cluster on the machine (and RAY_ADDRESS naming it);
    a connection the caller opened is used as it is and left open."""
    import ray

    spec = Tournament(("boulware", "random"), (load(None, "phased-ceasefire"),), reps=3, rounds=30, events=False)
    local = run_tournament(spec)
    monkeypatch.setenv("RAY_ADDRESS", head)
    private = run_tournament(spec, backend="ray", workers=1)
    assert private.records == local.records and not ray.is_initialized()
    monkeypatch.delenv("RAY_ADDRESS")
    ray.init(address=head, log_to_driver=False)
    try:
        joined = run_tournament(spec, backend="ray", chunk=2)
        assert joined.records == local.records
        assert ray.is_initialized()
    finally:
        ray.shutdown()
