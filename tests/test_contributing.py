"""The test templates of docs/contributing.md, run as written against entries that are already registered,
so that a template that no longer fits the code fails here before a contributor copies it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from accord.forecast import MODELS
from accord.importers import IMPORTERS
from accord.simulation import PROTOCOLS, STRATEGIES

GUIDE = Path(__file__).parent.parent / "docs" / "contributing.md"
TESTS = Path(__file__).parent

# each template's "# yours" lines, filled in for an entry that exists
INSTANCES = {
    "strategy": {"NAME": '"boulware"'},
    "forecast model": {"NAME": '"median"', "EXPECTED": "4.0"},
    "protocol": {"NAME": '"alternating"'},
    "importer": {"NAME": '"geniusweb"', "DOMAIN": 'DATA / "geniusweb" / "Fitness" / "fitness.json"',
                 "PROFILES": '[DATA / "geniusweb" / "Fitness" / f"fitness{i}.json" for i in (1, 2)]'},
    "command": {"COMMAND": '["analyze"]', "KEY": '"pareto"'},
}
REGISTRY = {"strategy": STRATEGIES, "forecast model": MODELS, "protocol": PROTOCOLS, "importer": IMPORTERS}

_BLOCK = re.compile(r"```python\n# template: (?P<kind>[a-z ]+)\n(?P<code>.*?)```", re.DOTALL)
_YOURS = re.compile(r"^(?P<name>[A-Z_]+) = .*# yours.*$", re.MULTILINE)


def templates() -> dict[str, str]:
    return {m.group("kind"): m.group("code") for m in _BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))}


def instantiate(kind: str) -> str:
    code = templates()[kind]
    values = INSTANCES[kind]
    placeholders = _YOURS.findall(code)
    assert sorted(placeholders) == sorted(values), f"the {kind} template's '# yours' lines changed: {placeholders}"
    return _YOURS.sub(lambda m: f"{m.group('name')} = {values[m.group('name')]}", code)


def test_the_guide_has_one_template_per_extension_point():
    assert sorted(templates()) == sorted(INSTANCES)


@pytest.mark.parametrize("kind", sorted(INSTANCES))
def test_the_template_passes_for_a_registered_entry(kind, tmp_path):
    if kind in REGISTRY:
        name = INSTANCES[kind]["NAME"].strip('"')
        assert name in REGISTRY[kind]
    namespace = {"__file__": str(TESTS / f"test_template_{kind.replace(' ', '_')}.py"), "__name__": "template"}
    exec(compile(instantiate(kind), f"docs/contributing.md ({kind} template)", "exec"), namespace)  # noqa: S102
    tests = {name: f for name, f in namespace.items() if name.startswith("test_") and callable(f)}
    assert len(tests) >= 2
    for test in tests.values():
        wanted = inspect.signature(test).parameters
        test(**({"tmp_path": tmp_path} if "tmp_path" in wanted else {}))


def test_a_template_catches_a_wrong_entry():
    """The templates test something: the forecast template fails for a model whose worked example differs."""
    code = instantiate("forecast model").replace("EXPECTED = 4.0", "EXPECTED = 7.0")
    namespace: dict = {"__name__": "template"}
    exec(compile(code, "template", "exec"), namespace)  # noqa: S102
    with pytest.raises(AssertionError):
        namespace["test_the_worked_example"]()
