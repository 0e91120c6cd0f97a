"""Hostile requests to the web API: strict Host header, repeated keys, strict types, NaN strategy parameters.

Needs the web extra (fastapi, httpx2 for the test client); skipped with a reason when missing.
"""

import json

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'accord[web]')")
try:
    from fastapi.testclient import TestClient
except (ImportError, RuntimeError) as exc:  # starlette raises RuntimeError when httpx2 is missing
    pytest.skip(f"FastAPI's test client needs httpx2 (pip install httpx2): {exc}", allow_module_level=True)

from accord.web import create_app  # noqa: E402
from accord.web.app import _hostname  # noqa: E402

LOOPBACK = ["127.0.0.1", "localhost", "::1"]


@pytest.fixture(scope="module")
def guarded():
    return TestClient(create_app(allowed_hosts=LOOPBACK))


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


@pytest.mark.parametrize("host", ["127.0.0.1:18765@evil.com", "[::1", "127.0.0.1:abc", "127.0.0.1:", "127.0.0.1:99999",
                                  "localhost.:80", "127.0.0.1 evil.com", "evil.com#127.0.0.1", "[::1]x", "[evil]:80",
                                  "127.0.0.1:80:80", "", "user@127.0.0.1", "localhost/x"])
def test_malformed_host_headers_are_refused(guarded, host):
    answer = guarded.get("/api/meta", headers={"Host": host})
    assert answer.status_code == 400
    assert "only requests addressed to" in answer.json()["error"]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:18765", "LOCALHOST:8000", "[::1]", "[::1]:8000",
                                  "[0:0:0:0:0:0:0:1]:80"])
def test_well_formed_loopback_hosts_are_served(guarded, host):
    assert guarded.get("/api/meta", headers={"Host": host}).status_code == 200


def test_hostname_parses_host_and_port_strictly():
    assert _hostname("127.0.0.1:8000") == "127.0.0.1"
    assert _hostname("[::1]:8000") == "::1"
    assert _hostname("Example.ORG") == "example.org"
    assert _hostname("127.0.0.1:18765@evil.com") is None
    assert _hostname("[::1") is None
    assert _hostname("127.0.0.1:abc") is None


def _post(client, path, text):
    return client.post(path, content=text.encode(), headers={"content-type": "application/json"})


@pytest.mark.parametrize("body, key", [
    ('{"seed": 1, "seed": 2}', "seed"),
    ('{"builtin": "cairo-talks-2024", "strategies": {"israel": "boulware", "israel": "conceder"}}', "israel"),
    ('{"rounds": 10, "trace": false, "rounds": 20}', "rounds"),
])
def test_repeated_keys_in_a_body_are_refused_naming_the_key(client, body, key):
    answer = _post(client, "/api/simulate", body)
    assert answer.status_code == 422
    assert repr(key) in answer.json()["error"]


def test_a_body_without_repeated_keys_still_works(client):
    answer = _post(client, "/api/simulate", json.dumps({"seed": 3, "rounds": 20, "trace": False}))
    assert answer.status_code == 200


@pytest.mark.parametrize("path, field, value", [
    ("/api/simulate", "seed", "7"), ("/api/simulate", "seed", True), ("/api/simulate", "seed", 7.0),
    ("/api/simulate", "rounds", "20"), ("/api/simulate", "trace", "false"), ("/api/simulate", "events", 1),
    ("/api/montecarlo", "runs", "100"), ("/api/analyze", "unlock", "yes"), ("/api/report", "seed", False),
])
def test_numbers_and_booleans_are_not_coerced(client, path, field, value):
    answer = client.post(path, json={field: value})
    assert answer.status_code == 422
    assert field in answer.json()["error"]


def test_integers_are_accepted_where_a_float_is_expected(client):
    answer = client.post("/api/simulate", json={"discounts": {"israel": 1}, "rounds": 20, "trace": False})
    assert answer.status_code == 200


@pytest.mark.parametrize("spec", ["boulware:exponent=nan", "boulware:exponent=inf", "boulware:exponent=-1",
                                  "boulware:exponent=1e999"])
def test_non_finite_strategy_parameters_are_refused_by_the_web(client, spec):
    answer = client.post("/api/simulate", json={"strategies": {"israel": spec}, "rounds": 20})
    assert answer.status_code == 422
    assert "exponent" in answer.json()["error"]


def test_a_lone_surrogate_in_a_scenario_is_a_422_not_a_500(client):
    from hostile.corpus import cairo

    text = json.dumps(cairo()).replace('"name": "Israel"', '"name": "Isra\\ud800el"', 1)
    for path in ("/api/validate", "/api/analyze"):
        answer = client.post(path, json={"scenario": text})
        assert answer.status_code == 422, answer.text
        assert "surrogate" in answer.text


@pytest.mark.parametrize("edit", [
    {"path": ["actors", "israel", "reservation"], "text": "a: &a [*a]"},  # a recursive alias
    {"path": ["actors", "israel", "reservation"],
     "text": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
             "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"},  # laughs
    {"path": ["actors", "israel", "reservation"], "text": "[" * 200},
    {"path": ["actors", "israel", "reservation"], "text": "!!python/object/apply:os.system [echo]"},
    {"path": ["actors", "israel", "reservation"], "value": json.loads("[" * 40 + "1" + "]" * 40)},
    {"path": ["variants", "x", "patch", "variants"], "value": {}},
    {"path": ["accord"], "remove": True},
])
def test_hostile_edits_are_one_line_4xx(client, edit):
    answer = client.post("/api/edit", json={"edits": [edit]})
    assert 400 <= answer.status_code < 500, answer.text
    body = answer.json()
    messages = [body["error"]] if "error" in body else [p["message"] for p in body["errors"]]
    assert all("\n" not in m for m in messages), messages


def test_non_finite_numbers_in_an_edit_are_refused(client):
    answer = _post(client, "/api/edit", '{"edits": [{"path": ["actors", "israel", "reservation"], "value": NaN}]}')
    assert answer.status_code == 422
    body = answer.json()
    assert "error" in body or "reservation" in body["errors"][0]["path"]
