"""Reading PolNeAR-style BRAT standoff and scoring against it (a synthetic sample: no text from the corpus)."""

from pathlib import Path

import pytest

from accord.errors import InvalidInput
from accord.extract.attributions import Attribution
from accord.extract.evaluate import main
from accord.extract.polnear import evaluate_polnear, load_split, parse_ann
from accord.extract.polnear_score import (
    GoldAttribution,
    head_word,
    is_saying_cue,
    match,
    miss_class,
    score,
    speaker_agrees,
)

SAMPLE = Path(__file__).parent / "data" / "extraction" / "polnear-sample"


def found(content_span, speaker="Maria Lopez"):
    return Attribution(speaker=speaker, speaker_span=(0, 0), resolved_speaker=speaker, verb="said", content="",
                       content_span=content_span, form="indirect", source_kind="named")


def gold(content_spans, source="Maria Lopez", cue="said"):
    return GoldAttribution(content_spans=tuple(content_spans), cue_spans=((0, 1),), source_spans=((0, 1),),
                           content="", cue=cue, source=source)


# ------------------------------------------------------------------ loading
def test_load_split_reads_the_first_annotator_and_slices_spans_from_the_text():
    [article] = load_split(SAMPLE)
    assert article.name == "harbour-talks"
    assert len(article.gold) == 5  # the second annotator's file (one attribution) is not read
    by_cue = {item.cue: item for item in article.gold}
    assert [item.source for item in article.gold if item.cue == "said"] == [
        "The port authority", "Maria Lopez, the authority\u2019s director"]
    assert by_cue["added"].source == "she"
    assert by_cue["added"].content_spans == ((150, 163), (175, 199))  # discontinuous around the cue
    assert by_cue["added"].content == "\u201cThe budget,\u201d \u201cis tight but workable.\u201d"
    assert by_cue["added"].content_span == (150, 199)
    assert by_cue["was reported"].source is None  # an Attribution-no-source event
    assert [item.content_span[0] for item in article.gold] == sorted(item.content_span[0] for item in article.gold)


def test_parse_ann_skips_continuation_lines_notes_and_other_events():
    text = "Ana said the vote\nwould wait. Bo thinks so."
    ann = ("T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 28\tthe vote\nwould wait\nT4\tAttribution 4 8\tsaid\n"
           "T5\tDiscuss 31 33\tBo\n#1\tAnnotatorNotes T3\ta note\n"
           "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nE2\tDiscuss:T5\n")
    [item] = parse_ann(ann, text)
    assert (item.source, item.cue, item.content) == ("Ana", "said", "the vote\nwould wait")


def test_parse_ann_joins_a_second_content_and_rejects_spans_outside_the_text():
    text = "Ana said: yes. And later: no."
    ann = ("T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 10 13\tyes\nT5\tContent 26 28\tno\n"
           "E1\tAttribution:T9 Content:T3 Cue:T2 Source:T1 Content2:T5\n")
    [item] = parse_ann(ann, text)
    assert item.content_spans == ((10, 13), (26, 28))
    with pytest.raises(ValueError, match="outside the article"):
        parse_ann("T1\tContent 10 99\tx\nE1\tAttribution-no-source:T1 Content:T1\n", text)


def test_a_folder_that_is_not_a_split_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="not a PolNeAR split"):
        load_split(tmp_path)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "attributions" / "lonely_ab12.ann").write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no article text lonely.txt"):
        load_split(tmp_path)


# ------------------------------------------------------------------ matching rules
def test_contents_match_when_the_overlap_covers_half_of_the_shorter():
    assert match([gold([(10, 30)])], [found((12, 40))]) == [(0, 0)]  # 18 of 20 characters
    assert match([gold([(10, 30)])], [found((21, 100))]) == []  # 9 of 20
    assert match([gold([(10, 30)])], [found((20, 100))]) == [(0, 0)]  # exactly one half
    assert match([gold([(10, 30)])], [found((20, 100))], min_overlap=0.6) == []


def test_discontinuous_gold_counts_only_its_pieces():
    pieces = [(0, 10), (40, 50)]  # 20 characters with a gap of 30
    assert match([gold(pieces)], [found((10, 40))]) == []  # only the gap
    assert match([gold(pieces)], [found((0, 10))]) == [(0, 0)]


def test_matching_is_one_to_one_and_takes_the_largest_overlap_first():
    golds = [gold([(0, 20)]), gold([(30, 50)])]
    extracted = [found((0, 50)), found((31, 50))]
    # (1, 1) covers 19/19 of the shorter; (0, 0) 20/20; (1, 0) would also qualify but both are taken by then
    assert match(golds, extracted) == [(0, 0), (1, 1)]
    result = score([([gold([(0, 20)])], [found((0, 20)), found((2, 18))])])
    assert (result.all.found, result.all.extracted, result.all.gold) == (1, 2, 1)
    assert result.to_json()["all"]["statement"]["precision"] == 0.5


def test_speaker_head_word_rule():
    assert head_word("Sen. Ted Cruz (R-Texas)") == "cruz"
    assert head_word("Maria Lopez, the authority\u2019s director") == "lopez"
    assert head_word("a spokesman for the campaign") == "spokesman"
    assert head_word("Lopez\u2019s") == "lopez"
    assert speaker_agrees(gold([(0, 5)], source="Sen. Ted Cruz"), found((0, 5), speaker="Cruz"))
    assert not speaker_agrees(gold([(0, 5)], source="Cruz\u2019s campaign"), found((0, 5), speaker="Cruz"))
    assert speaker_agrees(gold([(0, 5)], source="He"), found((0, 5), speaker="he"))
    assert not speaker_agrees(gold([(0, 5)], source="he"), found((0, 5), speaker="Ted Cruz"))
    assert not speaker_agrees(gold([(0, 5)], source=None), found((0, 5), speaker="Ted Cruz"))


def test_pronoun_sources_against_names_are_counted_as_unchecked():
    result = score([([gold([(0, 10)], source="she"), gold([(20, 30)], source="they")],
                     [found((0, 10), speaker="Maria Lopez"), found((20, 30), speaker="they")])])
    assert (result.all.found, result.all.speaker, result.speaker_unchecked) == (2, 1, 1)


def test_the_saying_restriction_leaves_out_matches_of_other_cues():
    assert is_saying_cue("told reporters") and is_saying_cue("According to") and not is_saying_cue("believes")
    golds = [gold([(0, 10)], cue="said"), gold([(20, 30)], cue="believes"), gold([(40, 50)], cue="argued")]
    result = score([(golds, [found((0, 10)), found((20, 30)), found((60, 70))])]).to_json()
    assert result["saying"]["gold"] == 2
    assert result["saying"]["extracted"] == 2  # the match of "believes" is neither right nor wrong here
    assert result["saying"]["statement"]["tp"] == 1
    assert result["all"]["statement"]["tp"] == 2 and result["all"]["extracted"] == 3


def test_miss_classes():
    text = "x" * 100
    assert miss_class(gold([(0, 10)]), text, [found((5, 40))]) == "content boundary"
    assert miss_class(gold([(0, 10)], source=None), text, []) == "no source"
    assert miss_class(gold([(0, 10)], cue=":"), text, []) == "punctuation cue"
    assert miss_class(gold([(0, 10)], cue="believes"), text, []) == "belief or perception"
    assert miss_class(gold([(0, 10)], source="who"), text, []) == "relative-pronoun source"
    assert miss_class(gold([(0, 10)], cue="according to"), text, []) == "according to"
    assert miss_class(gold([(0, 10)], cue="adding"), text, []) == "participle cue"
    quoted = "''We agree,'' said Ana." + " " * 10
    assert miss_class(gold([(0, 13)], source="Ana"), quoted, []) == "quoted with doubled apostrophes"


# ------------------------------------------------------------------ end to end and the command line
def test_evaluate_polnear_on_the_sample():
    result, errors = evaluate_polnear(SAMPLE)
    data = result.to_json()
    assert data["articles"] == 1 and data["all"]["gold"] == 5 and data["saying"]["gold"] == 4
    missed = {e["cue"]: e for e in errors if e["kind"] == "missed"}
    assert missed["believes"]["class"] == "belief or perception"  # accord does not aim at beliefs
    assert missed["was reported"]["class"] == "no source"
    assert data["all"]["statement"]["tp"] <= 3


def test_cli_scores_a_split(capsys):
    assert main(["--polnear", str(SAMPLE), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 articles, engine rules" in out
    assert "saying   statement" in out


def test_cli_refuses_a_folder_that_is_not_a_split_in_one_line(tmp_path, capsys):
    assert main(["--polnear", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not a PolNeAR split" in err and err.count("\n") == 1


def test_cli_refuses_a_limit_below_one(capsys):
    assert main(["--polnear", str(SAMPLE), "--limit", "0"]) == 1
    assert "'limit'" in capsys.readouterr().err
