"""Bounded fuzzing of the scenario loader and the importers: a result or an AccordError, never another exception.

Documents are mutated from the Cairo example (YAML and JSON) and from the small GENIUS and GeniusWeb files in
tests/data: a value replaced by a hostile one (huge integers, non-finite numbers, lists, mappings, dates, lone
surrogates, odd text), a key dropped, or the text cut or spliced. Examples are capped so the run stays bounded.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hostile.corpus import cairo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.scenario import loads

DATA = Path(__file__).resolve().parent / "data"
BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

hostile_values = st.one_of(
    st.integers(min_value=-10**400, max_value=10**400), st.sampled_from([10**400, -10**400, 2**63, 2**64]),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
    st.text(max_size=20), st.sampled_from(["\ud800", "a\udc80b", "</script>", ":fire:", "\u2028", "x" * 300]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.dates(), st.just({"triangular": [0, 0.5, 10**400]}), st.just({"normal": [0.5, float("inf")]}),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


BASE = cairo()
PATHS = [p for p in _paths(BASE) if p]


@st.composite
def mutated_documents(draw):
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        node = doc
        try:
            for key in path[:-1]:
                node = node[key]
            if draw(st.booleans()) and isinstance(node, dict):
                node.pop(path[-1], None)
            else:
                node[path[-1]] = draw(hostile_values)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def _yaml(doc) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def _json(doc) -> str:
    return json.dumps(doc, default=str)


@pytest.mark.slow
@BOUNDED
@given(doc=mutated_documents(), as_json=st.booleans())
def test_the_loader_returns_a_scenario_or_an_accord_error(doc, as_json):
    try:
        text = _json(doc) if as_json else _yaml(doc)
    except (ValueError, TypeError, yaml.YAMLError):
        return  # not representable in that format
    try:
        loads(text)
    except AccordError:
        pass


@pytest.mark.slow
@BOUNDED
@given(text=st.text(max_size=2000), cut=st.integers(0, 4000), splice=st.text(max_size=40))
def test_the_loader_survives_cut_and_spliced_text(text, cut, splice):
    base = _yaml(BASE)
    for candidate in (base[:cut] + splice + base[cut:], text, "{" + text, "!!timestamp " + text):
        try:
            loads(candidate)
        except AccordError:
            pass


def _genius_files():
    folder = DATA / "genius" / "LaptopA"
    return [(folder / n).read_text() for n in ("Laptop-A-domain.xml", "Laptop-A-prof1.xml", "Laptop-A-prof2.xml")]


def _geniusweb_files():
    folder = DATA / "geniusweb" / "Fitness"
    return [(folder / n).read_text() for n in ("fitness.json", "fitness1.json", "fitness2.json")]


xml_numbers = st.one_of(st.sampled_from(["1e308", "-1e308", "nan", "inf", "1e-400", "9" * 5000, "", "x", "-0",
                                         "1e999999999", "0x10"]), st.floats().map(repr))


@BOUNDED
@given(which=st.integers(0, 2), value=xml_numbers, nth=st.integers(0, 40), cut=st.integers(0, 3000),
       splice=st.sampled_from(["", '<!DOCTYPE x SYSTEM "file:///etc/passwd">', "<issue/>", "&amp;", "</item>",
                               '<weight index="9" value="1"/>', "\x00", "\ud800"]))
def test_the_genius_importer_returns_a_scenario_or_an_accord_error(tmp_path_factory, which, value, nth, cut, splice):
    pytest.importorskip("defusedxml")
    from accord.importers.genius import read_genius

    files = _genius_files()
    text = files[which]
    quoted = [i for i in range(len(text)) if text.startswith('value="', i) or text.startswith('evaluation="', i)]
    if quoted:
        start = text.index('"', quoted[nth % len(quoted)]) + 1
        end = text.index('"', start)
        text = text[:start] + value + text[end:]
    cut = min(cut, len(text))
    files[which] = text[:cut] + splice + text[cut:] if splice else text
    folder = tmp_path_factory.mktemp("genius")
    paths = []
    for i, content in enumerate(files):
        path = folder / f"f{i}.xml"
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        paths.append(path)
    for normalise in (False, True):
        try:
            read_genius(paths[0], paths[1:], normalise_weights=normalise)
        except AccordError:
            pass


json_numbers = st.one_of(st.sampled_from(["1e999999999", "-1e999999999", "1e-999999999", "1" + "0" * 5000,
                                          "NaN", "Infinity", "1e308", "0", "-1", "true", "null", '"0.5"', "[]", "{}"]),
                         st.floats(allow_nan=False, allow_infinity=False).map(repr))


@BOUNDED
@given(which=st.integers(0, 2), value=json_numbers, nth=st.integers(0, 60), duplicate=st.booleans())
def test_the_geniusweb_importer_returns_a_scenario_or_an_accord_error(tmp_path_factory, which, value, nth,
                                                                        duplicate):
    from accord.importers.geniusweb import read_geniusweb

    files = _geniusweb_files()
    text = files[which]
    colons = [i for i in range(len(text)) if text.startswith(": ", i)]
    start = colons[nth % len(colons)] + 2
    end = start
    while end < len(text) and text[end] not in ",}\n":
        end += 1
    text = text[:start] + value + text[end:]
    if duplicate:
        text = text.replace("{", '{"name": "x", ', 1)
    files[which] = text
    folder = tmp_path_factory.mktemp("geniusweb")
    paths = []
    for i, content in enumerate(files):
        path = folder / f"f{i}.json"
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    try:
        read_geniusweb(paths[0], paths[1:])
    except AccordError:
        pass


def test_the_fuzzed_values_include_the_known_hostile_ones():
    """The strategies above reach the inputs that once escaped as internal errors."""
    for text in ("power: !!timestamp nope", "power: !!bool maybe"):
        with pytest.raises(AccordError):
            loads(_yaml(BASE).replace("power: 0.6", text, 1))
