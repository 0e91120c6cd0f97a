"""The embedded default: the Cairo talks reproduce what cairo-talks-2024.txt reports."""

from pathlib import Path

import accord
from accord.analysis import analyze, compare
from accord.scenario import default_path


def test_the_example_is_packaged_with_its_source_article():
    path = default_path()
    assert path.name == "scenario.yaml" and path.exists()
    scenario = accord.load()
    article = scenario.sources["seed-article"]
    assert article.text is not None and "Cairo" in article.text
    assert Path(path.parent / article.file).exists()


def test_parties_mediator_and_outside_power():
    scenario = accord.load()
    assert scenario.parties == ("israel", "hamas")
    roles = {a.id: a.role for a in scenario.actors.values()}
    assert roles["egypt"] == "mediator" and roles["united-states"] == "observer"
    assert {"ceasefire", "rafah", "hostages"} <= set(scenario.issues)


def test_base_is_deadlocked_on_ceasefire_duration():
    result = analyze(accord.load())
    assert result.acceptable == 0
    assert [(b.kind, b.issue) for b in result.blockers] == [("red-line", "ceasefire")]
    assert set(result.blockers[0].parties) == {"israel", "hamas"}


def test_the_phased_variant_opens_a_zopa_and_an_unlock_points_to_it():
    scenario = accord.load()
    opened = analyze(scenario.with_variant("phased-ceasefire"))
    assert opened.acceptable > 0
    assert opened.solutions["nash"].outcome["ceasefire"] == "phased"
    first = analyze(scenario).unlock[0]
    assert first.party == "hamas" and "phased" in first.description


def test_variants_model_the_moves_the_article_discusses():
    rows = {variant: found for variant, _, found in compare(accord.load()).rows}
    assert {"phased-ceasefire", "us-pressure", "positive-spirit"} <= set(rows)
    assert rows[None].acceptable == 0
    assert rows["us-pressure"].acceptable == 0 and rows["positive-spirit"].acceptable == 0
    assert rows["phased-with-pressure"].acceptable >= rows["phased-ceasefire"].acceptable > 0


def test_red_lines_and_numbers_carry_evidence():
    scenario = accord.load()
    for actor in scenario.actors.values():
        for pref in actor.preferences.values():
            assert pref.evidence, f"{actor.id}.{pref.issue} has no evidence"
            if pref.red_line is not None:
                assert any(e.quote for e in pref.evidence), f"{actor.id}.{pref.issue} red line has no quote"
    uncertain = {".".join(map(str, u.path[:2])) for u in scenario.uncertain}
    assert {"actors.israel", "actors.hamas"} <= uncertain


def test_every_variant_that_opens_a_zone_of_agreement_ends_in_a_deal_under_the_default_agents():
    """What analyze proves possible, the default simulation finds (boulware, frequency model, events on)."""
    import accord
    from accord.analysis import analyze
    from accord.simulation import simulate

    base = accord.load()
    opening = [v for v in (None, *base.variants) if analyze(accord.load(variant=v), unlock=False).acceptable]
    assert {"phased-ceasefire", "phased-with-pressure"} <= set(opening)
    for variant in opening:
        run = simulate(accord.load(variant=variant), seed=0)
        assert run.status == "agreement", variant
    # talks-resume opens its zone only by its events (the phased text is tabled in round 20)
    assert simulate(accord.load(variant="talks-resume"), seed=0).status == "agreement"
