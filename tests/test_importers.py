"""GENIUS and GeniusWeb interoperability: exact imports, exact exports, refusals, the CLI, and the
exact Pareto frontier checked against brute-force enumeration on imported domains."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from accord.analysis import analyze
from accord.cli import app
from accord.importers import ConversionError, MissingDependency, export_genius, read_genius, read_geniusweb
from accord.importers.compare import document_differences
from accord.scenario import TOLERANCE, from_document, load

DATA = Path(__file__).parent / "data"
GENIUS = DATA / "genius"
WEB = DATA / "geniusweb" / "Fitness"
EZ = GENIUS / "EnglandZimbabwe"
ITEX = GENIUS / "ItexvsCypress"
INT = GENIUS / "IntegerDomain"
LAPTOP = GENIUS / "LaptopA"
NONLINEAR = GENIUS / "S-1NIKFRT-1"

runner = CliRunner()


def england_zimbabwe(**kw):
    return read_genius(EZ / "EnglandZimbabwe_domain.xml", [EZ / "England.xml", EZ / "Zimbabwe.xml"], **kw)


def itex_cypress():
    return read_genius(ITEX / "ItexvsCypress_domain.xml", [ITEX / "ItexvsCypress_Itex.xml", ITEX / "ItexvsCypress_Cypress.xml"])


def integer_domain():
    return read_genius(INT / "IntegerDomain.xml", [INT / "IntegerDomain-prof1.xml", INT / "IntegerDomain-prof2.xml"])


def laptop(**kw):
    return read_genius(LAPTOP / "Laptop-A-domain.xml", [LAPTOP / "Laptop-A-prof1.xml", LAPTOP / "Laptop-A-prof2.xml"], **kw)


def fitness():
    return read_geniusweb(WEB / "fitness.json", [WEB / "fitness1.json", WEB / "fitness2.json"])


def reimport(doc: dict, files: dict[str, str], folder: Path, **kw) -> dict:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    profiles = [folder / doc["actors"][a]["x-genius"]["profile"] for a in doc["actors"]]
    return read_genius(folder / doc["x-genius"]["domain"], profiles, **kw)


def utility_table(model) -> tuple[list[tuple], np.ndarray]:
    """Every outcome and every party's utility, by brute force from the model's own definition."""
    issues = list(model.issues.values())
    outcomes = list(itertools.product(*(issue.options for issue in issues)))
    rows = []
    for party in model.parties:
        actor = model.actors[party]
        total = actor.total_weight
        column = []
        for outcome in outcomes:
            s = 0.0
            for issue, option in zip(issues, outcome):
                pref = actor.preferences.get(issue.id)
                if pref is not None:
                    s += pref.weight * pref.value(issue, option)
            column.append(s / total)
        rows.append(column)
    return outcomes, np.array(rows).T


# --------------------------------------------------------------------------
# GENIUS import
# --------------------------------------------------------------------------
def test_england_zimbabwe_imports_as_a_valid_scenario_with_the_xml_numbers():
    doc = england_zimbabwe()
    model = from_document(doc)
    assert model.name == "EnglandZimbabwe" and model.parties == ("England", "Zimbabwe")
    assert list(model.issues) == ["Size-of-Fund", "Impact-on-Other-Aid", "Zimbabwe-Trade-Policy",
                                  "England-Trade-Policy", "Forum-on-Other-Health-Issues"]
    fund = model.issues["Size-of-Fund"]
    assert fund.name == "Size of Fund" and fund.options == ("100-Billion", "50-Billion", "10-billion", "No-agreement")
    assert doc["issues"]["Size-of-Fund"]["x-genius"]["values"]["100-Billion"] == "$100 Billion"
    england = model.actors["England"]
    # <weight index="1" value="0.3031462333758278"> in England.xml, copied as written
    assert england.preferences["Size-of-Fund"].weight == 0.3031462333758278
    assert england.preferences["Forum-on-Other-Health-Issues"].weight == 0.29543296638688804
    assert england.reservation == 0.0 and doc["actors"]["England"]["x-genius"] == {"profile": "England.xml"}
    assert "x-discount" not in doc["actors"]["England"]  # England.xml has no <discount_factor>


def test_discrete_values_are_evaluation_over_the_largest_evaluation():
    england = from_document(england_zimbabwe()).actors["England"]
    # England.xml, Size of Fund: evaluations 5, 7, 9, 1 -> divided by 9
    assert england.preferences["Size-of-Fund"].scores == pytest.approx((5 / 9, 7 / 9, 1.0, 1 / 9), abs=1e-15)
    # Zimbabwe Trade Policy: 12, 1, 7 -> divided by 12
    assert england.preferences["Zimbabwe-Trade-Policy"].scores == pytest.approx((1.0, 1 / 12, 7 / 12), abs=1e-15)
    itex = from_document(itex_cypress()).actors["ItexvsCypress_Itex"]
    # ItexvsCypress_Itex.xml, price: 30, 20, 10, 5, 1 -> divided by 30; option ids from "$4.37", ...
    assert from_document(itex_cypress()).issues["Price"].options[0] == "4.37"
    assert itex.preferences["Price"].scores == pytest.approx((1, 2 / 3, 1 / 3, 1 / 6, 1 / 30), abs=1e-15)


def test_integer_issues_become_piecewise_linear_values_with_genius_clipping():
    doc = integer_domain()
    model = from_document(doc)
    price = model.issues["price"]
    assert price.kind == "numeric" and price.range == (-5, 5) and price.step == 1 and price.size == 11
    prof1 = model.actors["IntegerDomain-prof1"]
    # <evaluator slope="0.08" offset="0.3">: clip(0.3 + 0.08 * (x + 5), 0, 1), reaching 1 at x = 3.75
    assert doc["actors"]["IntegerDomain-prof1"]["preferences"]["price"]["values"] == {-5: 0.3, 3.75: 1.0, 5: 1.0}
    expected = [min(1.0, 0.3 + 0.08 * (x + 5)) for x in range(-5, 6)]
    assert prof1.preferences["price"].scores == pytest.approx(expected, abs=1e-12)
    assert prof1.preferences["otherprice"].scores == pytest.approx([0.1 * k for k in range(11)], abs=1e-12)
    assert prof1.preferences["price"].weight == 0.75 and model.actors["IntegerDomain-prof2"].preferences["price"].weight == 0.25
    assert doc["actors"]["IntegerDomain-prof1"]["x-discount"] == 0  # written as 0.0; GENIUS treats it as 1


def test_nonlinear_profiles_are_refused_with_the_reason():
    with pytest.raises(ConversionError) as caught:
        read_genius(NONLINEAR / "S-1NIKFRT-1-domain.xml", [NONLINEAR / "profile-1.xml", NONLINEAR / "profile-2.xml"])
    assert caught.value.file.endswith("profile-1.xml")
    assert "nonlinear" in str(caught.value) and "cannot represent it exactly" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_hyper_rectangle_without_a_type_is_refused_too(tmp_path):
    profile = (EZ / "England.xml").read_text().replace(
        "</objective>", '<utility maxutility="10"><ufun type="PlainUfun" weight="1" aggregation="sum">'
                        '<hyperRectangle utility="10"><INCLUDES index="1" min="1" max="2"/></hyperRectangle>'
                        "</ufun></utility></objective>")
    (tmp_path / "England.xml").write_text(profile)
    with pytest.raises(ConversionError, match="hyper-rectangle"):
        read_genius(EZ / "EnglandZimbabwe_domain.xml", [tmp_path / "England.xml", EZ / "Zimbabwe.xml"])


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('name="Size of Fund" type="discrete"', 'name="Size of Fund" type="real"'),
     "real issue is continuous"),
    (lambda t: t.replace('value="$50 Billion"', 'value="$100 Billion"', 1), "repeated item value"),
])
def test_domains_accord_cannot_hold_are_refused(tmp_path, edit, message):
    (tmp_path / "d.xml").write_text(edit((EZ / "EnglandZimbabwe_domain.xml").read_text()))
    with pytest.raises(ConversionError, match=message):
        read_genius(tmp_path / "d.xml", [EZ / "England.xml", EZ / "Zimbabwe.xml"])


def test_profile_problems_name_the_file(tmp_path):
    bad = (EZ / "England.xml").read_text().replace('evaluation="5"', 'evaluation="-5"')
    (tmp_path / "England.xml").write_text(bad)
    with pytest.raises(ConversionError) as caught:
        read_genius(EZ / "EnglandZimbabwe_domain.xml", [tmp_path / "England.xml", EZ / "Zimbabwe.xml"])
    assert caught.value.file == str(tmp_path / "England.xml") and "negative evaluation" in caught.value.reason
    with pytest.raises(ConversionError, match="no such GENIUS profile file"):
        read_genius(EZ / "EnglandZimbabwe_domain.xml", [tmp_path / "missing.xml", EZ / "Zimbabwe.xml"])
    with pytest.raises(ConversionError, match="at least two"):
        read_genius(EZ / "EnglandZimbabwe_domain.xml", [EZ / "England.xml"])


def test_weights_summing_above_one_are_refused_unless_normalised():
    # Laptop-A-prof*.xml: weights sum to 1.0000518; GENIUS would cap utilities at 1
    with pytest.raises(ConversionError, match=r"sum to 1\.0000518.* > 1.*normalise_weights"):
        laptop()
    doc = laptop(normalise_weights=True)
    model = from_document(doc)
    record = doc["actors"]["Laptop-A-prof1"]["x-genius"]
    assert record["normalised_weights"] is True and record["weight_sum"] == pytest.approx(1.0000518041717541)
    assert model.actors["Laptop-A-prof1"].reservation == 0.5 and doc["actors"]["Laptop-A-prof1"]["x-discount"] == 0.5


def test_weights_summing_below_one_are_exact_by_scaling_the_values(tmp_path):
    text = (EZ / "England.xml").read_text()
    for w in ("0.3031462333758278", "0.303346839835533", "0.049028952379678074", "0.04904500802207314",
              "0.29543296638688804"):
        text = text.replace(f'value="{w}"', f'value="{float(w) / 2!r}"')
    (tmp_path / "England.xml").write_text(text)
    doc = read_genius(EZ / "EnglandZimbabwe_domain.xml", [tmp_path / "England.xml", EZ / "Zimbabwe.xml"])
    model = from_document(doc)
    assert doc["actors"]["England"]["x-genius"]["weight_sum"] == pytest.approx(0.5)
    outcomes, table = utility_table(model)
    # GENIUS: sum of w * evaluation / max evaluation, weights as written (halved): at most 0.5
    genius = from_document(england_zimbabwe())
    _, full = utility_table(genius)
    assert table[:, 0] == pytest.approx(full[:, 0] / 2, abs=1e-12)
    assert table[:, 0].max() == pytest.approx(0.5)
    out = tmp_path / "out"
    out.mkdir()
    again = reimport(doc, export_genius(doc), out)  # and the round trip keeps the scaled values
    assert document_differences(doc, again) == []


# --------------------------------------------------------------------------
# round trip and exact export
# --------------------------------------------------------------------------
@pytest.mark.parametrize("make, kw", [(england_zimbabwe, {}), (itex_cypress, {}), (integer_domain, {}),
                                      (lambda: laptop(normalise_weights=True), {"normalise_weights": True})])
def test_import_export_import_gives_the_same_document(tmp_path, make, kw):
    doc = make()
    files = export_genius(doc)
    assert len(files) == 1 + len(doc["actors"])
    again = reimport(doc, files, tmp_path, **kw)
    assert document_differences(doc, again, normalise_weights=bool(kw)) == []
    if not kw:
        assert document_differences(doc, again) == []


def test_export_writes_genius_files_whose_utilities_equal_accords(tmp_path):
    doc = {
        "accord": 1, "name": "native",
        "issues": {"price": {"range": [0, 10], "step": 1}, "colour": {"options": ["red", "green", "blue"]}},
        "actors": {
            "buyer": {"reservation": 0.2, "x-discount": 0.9, "preferences": {
                "price": {"weight": 3, "values": {2: 1, 6: 0}},                 # clipped line, falling
                "colour": {"weight": 1, "values": {"red": 0.2, "green": 0.6, "blue": 0.4}}}},  # best is 0.6
            "seller": {"preferences": {
                "price": {"weight": 1, "values": {0: 0.1, 10: 0.6}},            # a line that never reaches 1
                "colour": {"weight": 2, "values": {"red": 1, "green": 0, "blue": 0.5}}}},
        },
    }
    files = export_genius(doc)
    assert set(files) == {"native-domain.xml", "buyer.xml", "seller.xml"}
    assert '<discount_factor value="0.9" />' in files["buyer.xml"]
    assert '<reservation value="0.2" />' in files["buyer.xml"]
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    back = read_genius(tmp_path / "native-domain.xml", [tmp_path / "buyer.xml", tmp_path / "seller.xml"])
    _, original = utility_table(from_document(doc))
    _, imported = utility_table(from_document(back))
    assert imported == pytest.approx(original, abs=1e-12)


@pytest.mark.parametrize("issue, values, message", [
    ({"range": [0, 10], "step": 2}, {0: 0, 10: 1}, "step 2"),
    ({"range": [0, 10], "step": 1}, {0: 0, 5: 1, 10: 0}, "not linear with clipping"),
    ({"range": [0, 1.5], "step": 0.5}, {0: 0, 1.5: 1}, "integral bounds and step 1"),
])
def test_numeric_issues_genius_cannot_hold_are_refused(issue, values, message):
    doc = {"accord": 1, "name": "n", "issues": {"x": issue},
           "actors": {"a": {"preferences": {"x": {"values": values}}}, "b": {"preferences": {"x": {"values": values}}}}}
    with pytest.raises(ConversionError, match=message):
        export_genius(doc)


def test_an_issue_that_weighs_nothing_exports_and_a_bad_discount_is_refused():
    doc = {"accord": 1, "name": "n", "issues": {"x": {"range": [0, 10], "step": 1}, "c": {"options": ["p", "q"]}},
           "actors": {"a": {"preferences": {"x": {"weight": 0, "values": {0: 0, 5: 1, 10: 0}},
                                            "c": {"values": {"p": 1, "q": 0}}}},
                      "b": {"preferences": {"c": {"values": {"p": 0, "q": 1}}}}}}
    assert len(export_genius(doc)) == 3
    doc["actors"]["a"]["x-discount"] = "half"
    with pytest.raises(ConversionError, match="x-discount 'half' is not a number"):
        export_genius(doc)


def test_document_differences_sees_real_changes_and_ignores_float_formatting():
    doc = england_zimbabwe()
    same = json.loads(json.dumps(doc))  # numeric keys become strings, ints stay ints
    assert document_differences(doc, same) == []
    changed = json.loads(json.dumps(doc))
    changed["actors"]["England"]["preferences"]["Size-of-Fund"]["values"]["50-Billion"] += 1e-6
    assert document_differences(doc, changed) == [
        "actors.England.preferences.Size-of-Fund.values.50-Billion: 0.7777777777777778 != 0.7777787777777778"]
    points = integer_domain()
    moved = json.loads(json.dumps(points))
    moved["actors"]["IntegerDomain-prof1"]["preferences"]["price"]["values"] = {"-5": 0.3, "3.5": 1.0, "5": 1.0}
    assert "point x 3.75 != 3.5" in document_differences(points, moved)[0]


def test_red_lines_and_non_parties_are_refused_with_the_list_unless_dropped():
    model = load()  # the Cairo talks: red lines, a mediator, observers, distributions
    with pytest.raises(ConversionError) as caught:
        export_genius(model, central_values=True)
    message = str(caught.value)
    assert "israel.ceasefire: rejects permanent" in message and "hamas.ceasefire: accepts only permanent" in message
    assert "egypt (mediator)" in message and "united-states (observer)" in message
    assert "drop_red_lines=True" in message and "\n" not in message
    with pytest.raises(ConversionError, match="uncertain numbers"):
        export_genius(model, drop_red_lines=True)
    files = export_genius(model, drop_red_lines=True, central_values=True)
    assert sorted(files) == ["Cairo-ceasefire-and-hostage-talks-domain.xml", "hamas.xml", "israel.xml"]


# --------------------------------------------------------------------------
# hostile XML
# --------------------------------------------------------------------------
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<negotiation_template><utility_space><objective index="0" name="&lol9;">
<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE negotiation_template [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<negotiation_template><utility_space><objective index="0" name="&secret;">
<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_entity_bombs_and_external_entities_are_refused(tmp_path, text):
    (tmp_path / "domain.xml").write_text(text)
    with pytest.raises(ConversionError) as caught:
        read_genius(tmp_path / "domain.xml", [EZ / "England.xml", EZ / "Zimbabwe.xml"])
    assert caught.value.file == str(tmp_path / "domain.xml")
    assert "refused" in caught.value.reason and "entity" in caught.value.reason


def test_broken_and_oversized_xml_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.xml").write_text("<negotiation_template><utility_space>")
    with pytest.raises(ConversionError, match="not well-formed XML"):
        read_genius(tmp_path / "broken.xml", [EZ / "England.xml", EZ / "Zimbabwe.xml"])
    import accord.importers.genius as genius

    monkeypatch.setattr(genius, "MAX_XML_BYTES", 1000)
    with pytest.raises(ConversionError, match="larger than"):
        england_zimbabwe()


def test_without_defusedxml_the_message_says_how_to_install_it(monkeypatch):
    doc = england_zimbabwe()
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    with pytest.raises(MissingDependency, match=r"pip install 'accord\[genius\]'"):
        england_zimbabwe()
    assert len(export_genius(doc)) == 3  # exporting needs no defusedxml
    code, _, stderr = run("import", "genius", EZ / "EnglandZimbabwe_domain.xml", EZ / "England.xml",
                          EZ / "Zimbabwe.xml", "-o", "unused.yaml")
    assert code == 4 and "pip install 'accord[genius]'" in one_error_line(stderr)  # a missing extra


# --------------------------------------------------------------------------
# GeniusWeb
# --------------------------------------------------------------------------
def test_geniusweb_fitness_imports_with_reservation_as_the_utility_of_the_reservation_bid():
    doc = fitness()
    model = from_document(doc)
    assert model.name == "fitness" and model.parties == ("fitness1", "fitness2")
    assert list(model.issues) == ["type", "duration", "distance", "intensity", "price"]
    assert model.issues["price"].options == ("5", "15", "50", "200")  # "$5", "$15", ... sanitised
    assert doc["issues"]["duration"]["x-geniusweb"]["values"]["30-min"] == "30 min"
    one = model.actors["fitness1"]
    assert one.preferences["distance"].weight == 0.3 and one.preferences["type"].scores == (0.6, 0.8, 0.4, 0.2, 0.9)
    # fitness1's reservation bid: running, 3 hours, 40 km, bootcamp, $50
    # = 0.15*0.2 + 0.05*0.22 + 0.3*0.25 + 0.3*0.14 + 0.2*0.2
    assert one.reservation == pytest.approx(0.198, abs=1e-15)
    assert doc["actors"]["fitness1"]["x-geniusweb"]["reservationBid"]["issuevalues"]["type"] == "running"
    bid = {"type": "running", "duration": "3-hours", "distance": "40-km", "intensity": "bootcamp", "price": "50"}
    from accord.analysis import evaluate

    verdict = next(v for v in evaluate(model, bid).verdicts if v.party == "fitness1")
    assert verdict.accepts  # the reservation bid itself is acceptable, as in GeniusWeb


def _web_profile(tmp_path, edit) -> Path:
    data = json.loads((WEB / "fitness1.json").read_text())
    edit(data["LinearAdditiveUtilitySpace"])
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("edit, message", [
    (lambda p: p["issueWeights"].update(type=0.25), "sum to 1.10, not exactly 1"),
    (lambda p: p["issueUtilities"]["type"]["discreteutils"]["valueUtilities"].update(yoga=1.5), r"outside \[0, 1\]"),
    (lambda p: p["issueUtilities"]["type"]["discreteutils"]["valueUtilities"].pop("yoga"), "no utility for 'yoga'"),
    (lambda p: p["reservationBid"]["issuevalues"].update(type="chess"), "not a value of issue 'type'"),
    (lambda p: p.update(extra=1), "unknown key"),
])
def test_geniusweb_profiles_that_are_not_exact_are_refused(tmp_path, edit, message):
    with pytest.raises(ConversionError, match=message):
        read_geniusweb(WEB / "fitness.json", [_web_profile(tmp_path, edit), WEB / "fitness2.json"])


def test_geniusweb_non_additive_profiles_and_duplicate_keys_are_refused(tmp_path):
    (tmp_path / "p.json").write_text('{"SumOfGroupsUtilitySpace": {}}')
    with pytest.raises(ConversionError, match="not LinearAdditiveUtilitySpace"):
        read_geniusweb(WEB / "fitness.json", [tmp_path / "p.json", WEB / "fitness2.json"])
    (tmp_path / "d.json").write_text('{"name": "a", "name": "b", "issuesValues": {}}')
    with pytest.raises(ConversionError, match="appears twice"):
        read_geniusweb(tmp_path / "d.json", [WEB / "fitness1.json", WEB / "fitness2.json"])


def test_geniusweb_number_issues_are_exact_including_geniusweb_rounding(tmp_path):
    domain = {"name": "n", "issuesValues": {"x": {"range": {"low": 0, "high": 3, "step": 1}},
                                            "c": {"values": ["a", "b"]}}}
    (tmp_path / "d.json").write_text(json.dumps(domain))

    def profile(name, high_utility):
        body = {"LinearAdditiveUtilitySpace": {
            "name": name, "domain": domain,
            "issueUtilities": {"x": {"numberutils": {"lowValue": 0, "lowUtility": 0, "highValue": 3,
                                                     "highUtility": high_utility}},
                               "c": {"discreteutils": {"valueUtilities": {"a": 1, "b": 0}}}},
            "issueWeights": {"x": 0.5, "c": 0.5}}}
        (tmp_path / f"{name}.json").write_text(json.dumps(body))
        return tmp_path / f"{name}.json"

    doc = read_geniusweb(tmp_path / "d.json", [profile("p1", 0.9), profile("p2", 1)])
    assert doc["actors"]["p1"]["preferences"]["x"]["values"] == {0: 0.0, 3: 0.9}  # 0.3 steps: exact as a line
    assert doc["actors"]["p2"]["preferences"]["x"]["values"] == {0: 0.0, 1: 0.33333333, 2: 0.66666667, 3: 1.0}
    model = from_document(doc)
    assert model.issues["x"].options == (0, 1, 2, 3)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------
def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_cli_import_genius_writes_yaml_and_replaces_it(tmp_path):
    out = tmp_path / "ez.yaml"
    args = ("import", "genius", EZ / "EnglandZimbabwe_domain.xml", EZ / "England.xml", EZ / "Zimbabwe.xml", "-o", out)
    code, stdout, _ = run(*args)
    assert code == 0 and "5 issues, 2 parties, 576 outcomes" in stdout
    assert document_differences(yaml.safe_load(out.read_text()), england_zimbabwe()) == []
    assert load(out).parties == ("England", "Zimbabwe")
    # one rule for every output (docs/cli.md): replaced atomically; --force is still accepted and changes nothing
    assert run(*args, "--name", "Global health fund")[0] == 0
    assert load(out).name == "Global health fund"
    assert run(*args, "--force", "--name", "Again")[0] == 0
    assert load(out).name == "Again"
    assert [p.name for p in tmp_path.iterdir()] == ["ez.yaml"]  # no temporary file left behind
    code, _, stderr = run("import", "genius", EZ / "EnglandZimbabwe_domain.xml", EZ / "England.xml",
                          EZ / "Zimbabwe.xml", "-o", tmp_path / "no" / "ez.yaml")
    assert code == 1 and "does not exist" in one_error_line(stderr)


def test_cli_import_writes_json_by_suffix_and_refuses_other_suffixes(tmp_path):
    out = tmp_path / "fitness.json"
    code, _, _ = run("import", "geniusweb", WEB / "fitness.json", WEB / "fitness1.json", WEB / "fitness2.json", "-o", out)
    assert code == 0 and json.loads(out.read_text())["name"] == "fitness"
    code, _, stderr = run("import", "geniusweb", WEB / "fitness.json", WEB / "fitness1.json", WEB / "fitness2.json",
                          "-o", tmp_path / "fitness.txt")
    assert code == 2 and ".yaml, .yml or .json" in one_error_line(stderr)
    assert not (tmp_path / "fitness.txt").exists()


def test_cli_import_refusals_are_one_line(tmp_path):
    code, _, stderr = run("import", "genius", NONLINEAR / "S-1NIKFRT-1-domain.xml", NONLINEAR / "profile-1.xml",
                          NONLINEAR / "profile-2.xml", "-o", tmp_path / "s.yaml")
    assert code == 1 and "profile-1.xml: utility space type 'nonlinear'" in one_error_line(stderr)
    assert not (tmp_path / "s.yaml").exists()
    code, _, stderr = run("import", "genius", LAPTOP / "Laptop-A-domain.xml", LAPTOP / "Laptop-A-prof1.xml",
                          LAPTOP / "Laptop-A-prof2.xml", "-o", tmp_path / "l.yaml")
    assert code == 1 and "--normalise-weights" in one_error_line(stderr)
    assert run("import", "genius", LAPTOP / "Laptop-A-domain.xml", LAPTOP / "Laptop-A-prof1.xml",
               LAPTOP / "Laptop-A-prof2.xml", "-o", tmp_path / "l.yaml", "--normalise-weights")[0] == 0


def test_cli_export_genius_writes_the_files_and_replaces_them(tmp_path):
    scenario = tmp_path / "ez.yaml"
    scenario.write_text(yaml.safe_dump(england_zimbabwe(), sort_keys=False))
    code, stdout, _ = run("export", "genius", scenario, "-o", tmp_path / "out")
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["England.xml", "EnglandZimbabwe_domain.xml", "Zimbabwe.xml"]
    assert all(name in stdout for name in written)
    assert (tmp_path / "out" / "England.xml").read_text() == export_genius(england_zimbabwe())["England.xml"]
    (tmp_path / "out" / "England.xml").write_text("old")
    assert run("export", "genius", scenario, "-o", tmp_path / "out")[0] == 0  # replaced, as every output is
    assert (tmp_path / "out" / "England.xml").read_text() == export_genius(england_zimbabwe())["England.xml"]
    assert run("export", "genius", scenario, "-o", tmp_path / "out", "--force")[0] == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == written


def test_cli_export_refusal_is_one_line_and_drop_red_lines_works(tmp_path):
    cairo = Path(load().file)
    code, _, stderr = run("export", "genius", cairo, "-o", tmp_path / "cairo", "--central-values")
    assert code == 1 and "red lines: israel.ceasefire" in one_error_line(stderr)
    assert not (tmp_path / "cairo").exists() or not any((tmp_path / "cairo").iterdir())
    code, _, _ = run("export", "genius", cairo, "-o", tmp_path / "cairo", "--central-values", "--drop-red-lines")
    assert code == 0 and (tmp_path / "cairo" / "israel.xml").exists()
    code, _, stderr = run("export", "genius", tmp_path / "missing.yaml", "-o", tmp_path / "x")
    assert code == 1 and "no such file" in one_error_line(stderr)


# --------------------------------------------------------------------------
# the exact frontier (issue-by-issue merging) against brute force
# --------------------------------------------------------------------------
def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a >= b - TOLERANCE) and np.any(a > b + TOLERANCE))


@pytest.mark.parametrize("make", [england_zimbabwe, itex_cypress, integer_domain, fitness,
                                  lambda: laptop(normalise_weights=True)],
                         ids=["EnglandZimbabwe", "ItexvsCypress", "IntegerDomain", "Fitness", "LaptopA"])
def test_frontier_without_enumeration_equals_brute_force(make):
    model = from_document(make())
    result = analyze(model, unlock=False)
    outcomes, table = utility_table(model)
    keys = list(model.issues)
    reservations = np.array([model.actors[p].reservation for p in model.parties])
    zopa = np.all(table >= reservations - TOLERANCE, axis=1)
    assert result.acceptable == int(zopa.sum())
    members = {tuple(deal.outcome[k] for k in keys) for deal in result.pareto}
    assert len(members) == len(result.pareto) and members
    index = {o: k for k, o in enumerate(outcomes)}
    zopa_ids = np.flatnonzero(zopa)
    for k in zopa_ids:
        point = table[k]
        dominated = any(_dominates(table[j], point) for j in zopa_ids)
        assert dominated == (outcomes[k] not in members), outcomes[k]
    for deal in result.pareto:  # reported utilities are the brute-force ones
        row = table[index[tuple(deal.outcome[k] for k in keys)]]
        assert [deal.utilities[p] for p in model.parties] == pytest.approx(row.tolist(), abs=1e-9)
    # Nash: the largest product of surpluses over the whole ZOPA
    products = np.prod(table[zopa_ids] - reservations, axis=1)
    assert result.solutions["nash"].score == pytest.approx(float(products.max()), abs=1e-9)


def test_readme_files_say_where_the_data_came_from():
    for folder in (GENIUS, DATA / "geniusweb"):
        assert "shared corpus" in (folder / "README.md").read_text()
