"""Markers for the tests that need a service or a lot of time (registered in pyproject.toml).

``make check`` runs ``pytest -m "not slow and not browser and not postgres and not ray"`` for everyday work;
``make test`` (CI) runs everything. A test is marked:

* ``browser``, ``postgres``, ``ray``: here, by the fixtures it uses (directly or through other fixtures), so a new
  test that asks for a Chromium page, a PostgreSQL cluster or a Ray head is marked without anyone remembering to;
* ``slow``: by hand, ``@pytest.mark.slow`` on tests that take about a second or more
  (``pytest --durations=40`` lists them).
"""

from __future__ import annotations

import pytest

#: fixture name -> the marker every test using it gets
SERVICE_FIXTURES = {
    "browser": "browser",        # tests/test_web_browser.py: headless Chromium through Playwright
    "page": "browser",
    "postgres_url": "postgres",  # tests/test_store.py: a throwaway PostgreSQL cluster
    "pg_database": "postgres",
    "head": "ray",               # tests/test_ray_backend.py: a local Ray head
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for mark in sorted({mark for name, mark in SERVICE_FIXTURES.items() if name in used}):
            item.add_marker(getattr(pytest.mark, mark))
