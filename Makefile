# accord: set-up, demo, tests and benchmarks. Each target builds .venv first, with what it needs:
#   make demo              core + the store extra (the demo's `accord track`): 159 MB of site-packages
#   make install/test/...  the development set (extra `dev`: every extra, pytest, ruff, mypy, mkdocs): about 1.1 GB
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
DEMO_EXTRAS := store
BENCH_VENV := .bench-venv
BENCH_STAMP := $(BENCH_VENV)/.installed

.PHONY: demo test check lint docs bench install clean browser postgres

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[dev]'
	touch $(STAMP)

# The demo's set: nothing more than its commands import. A development set already installed covers it.
$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then :; else $(PIP) -e '.[$(DEMO_EXTRAS)]'; fi
	touch $(DEMO_STAMP)

# The browser tests drive Debian's chromium; as root, install it when missing.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the browser tests will be skipped (apt-get install chromium)"; fi; \
	fi

# The PostgreSQL store tests start a throwaway cluster from Debian's server binaries; as root, install them when missing.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "postgresql is not installed: the PostgreSQL store tests will be skipped (apt-get install postgresql)"; fi; \
	fi

demo: $(DEMO_STAMP)
	$(BIN)/accord validate
	$(BIN)/accord analyze
	$(BIN)/accord compare
	$(BIN)/accord evaluate --proposal ceasefire=phased,rafah=limited,hostages=phased --variant phased-ceasefire
	$(BIN)/accord simulate --variant talks-resume --seed 7
	$(BIN)/accord forecast
	$(BIN)/accord montecarlo --all-variants --runs 20000 --seed 7
	$(BIN)/accord tournament --reps 3 --seed 7
	rm -f accord-demo.db && sh src/accord/examples/cairo-timeline/timeline.sh $(BIN)/accord accord-demo.db

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Everyday work: the fast tests (markers registered in pyproject.toml; tests/conftest.py marks the service tests).
FAST := not slow and not browser and not postgres and not ray
check: $(STAMP)
	$(BIN)/python -m pytest -q -m "$(FAST)"

# ruff and mypy, both configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# The documentation site (mkdocs.yml) into site/; --strict turns every warning (a broken link, a missing
# API object) into a failure. It builds offline: no plugin fetches fonts or assets.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# negmas (AGPL) is a benchmark peer only: it lives in its own environment.
$(BENCH_STAMP): benchmarks/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py --peer $(BENCH_VENV)/bin/python
	$(BIN)/python benchmarks/forecast_bench.py
	$(BIN)/python benchmarks/montecarlo_bench.py
	$(BIN)/python benchmarks/tournament_bench.py --peer $(BENCH_VENV)/bin/python
	$(BIN)/python benchmarks/agreement_rate.py
	$(BIN)/python benchmarks/frontier_nd_bench.py --before-timeout 60
	$(BIN)/python benchmarks/scaling_bench.py
	$(BIN)/python benchmarks/many_parties_bench.py --commands --markdown
	$(BIN)/python benchmarks/web_load.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) build dist site src/*.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
