"""Draft scenarios from articles (``accord.extract.draft``), titles and URL lines, and ``accord extract`` on many
articles at once (JSON Lines, one draft per article, bad files reported without stopping the others)."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.extract import extract, metadata_lines, title_of
from accord.extract.draft import stated_numbers
from accord.extract.draft_lexicon import GROUP_NOUNS, STOP_WORDS
from accord.scenario import from_document, load

DATA = Path(__file__).parent / "data" / "extraction"
# the older sets and both real-news halves (both are development data now that the test half has been scored)
ARTICLES = sorted(DATA.glob("*.txt")) + sorted((DATA / "heldout").glob("*.txt")) + sorted(
    (DATA / "realnews" / "dev").glob("*.txt")) + sorted((DATA / "realnews" / "test").glob("*.txt"))


def run(*args):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def quotes_of(doc):
    found = []
    for actor in doc["actors"].values():
        found += [e["quote"] for e in actor["evidence"] if "quote" in e]
        for pref in actor.get("preferences", {}).values():
            found += [e["quote"] for e in pref["evidence"] if "quote" in e]
    return found


def draft(text):
    return extract(text).scenario


def role_of(doc, name):
    [actor] = [a for a in doc["actors"].values() if a["name"] == name]
    return actor["role"]


# ------------------------------------------------------------------ every article of the sets
@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_draft_validates_and_every_quote_is_in_the_article(tmp_path, path):
    shutil.copy(path, tmp_path / path.name)
    text = path.read_text(encoding="utf-8")
    doc = extract(text, source_file=path.name).scenario
    scenario = from_document(doc, base_dir=str(tmp_path))  # raises on any problem, a misquote included
    assert sum(1 for a in scenario.actors.values() if a.role == "party") >= 2
    assert all(q in text for q in quotes_of(doc))
    # every number comes with an assumption: each actor and each preference carries one
    for actor in doc["actors"].values():
        assert any("assumption" in e for e in actor["evidence"])
        assert all(any("assumption" in e for e in p["evidence"]) for p in actor.get("preferences", {}).values())
    # no actor is named by a stop word, an outlet's name or a lone lower-case word
    for actor in doc["actors"].values():
        name = actor["name"]
        assert name not in STOP_WORDS or name.lower() in GROUP_NOUNS, name  # "the unions" -> "Unions" (a side)
        assert name not in ("VOA", "Reuters", "AP") and name[:1].isupper(), name
    # one actor per entity: no two actors share a name, and no actor is another's short form
    names = [a["name"] for a in doc["actors"].values()]
    assert len(set(names)) == len(names)


def test_drafts_of_the_development_articles_validate_through_the_command_line(tmp_path):
    drafts = tmp_path / "drafts"
    code, out, err = run("extract", str(DATA / "realnews" / "dev"), "--drafts", str(drafts))
    assert code == 0, err
    written = sorted(drafts.glob("*.yaml"))
    assert len(written) == len(list((DATA / "realnews" / "dev").glob("*.txt")))
    for path in written:
        assert (drafts / (path.stem + ".txt")).exists()  # the article beside its draft, so quotes are checked
        code, _, err = run("validate", str(path))
        assert code == 0, (path.name, err)
        load(path)


# ------------------------------------------------------------------ one actor per entity
def test_one_actor_per_entity_across_its_names():
    doc = draft("U.S. negotiators met Iranian officials in Geneva. Washington wants limits on enrichment, "
                "a White House spokesman said. American officials said Tehran must accept inspections. "
                "The United States and Iran agreed to meet again.")
    names = sorted(a["name"] for a in doc["actors"].values())
    assert names == ["Iran", "United States"]
    doc = draft("The Sudan People's Liberation Movement (SPLM) met the Sudan Government in Naivasha. The SPLM said "
                "it wanted power sharing. Talks between the SPLM and the Sudanese government resumed on Monday.")
    names = sorted(a["name"] for a in doc["actors"].values())
    assert names == ["Sudan", "Sudan People's Liberation Movement"]


def test_capitalised_function_words_and_titles_are_never_actors():
    doc = draft("Yet the talks between Israel and Hamas went on. With the deadline near, United Nations officials "
                "said nothing. In Cairo, Assistant Secretary Maria Lopez said General Ahmed was wrong.")
    names = {a["name"] for a in doc["actors"].values()}
    assert not names & {"Yet", "With", "United", "In", "Assistant", "General", "Cairo"}
    assert {"Israel", "Hamas"} <= names


def test_a_country_written_in_capitals_in_a_headline_is_the_same_country():
    doc = draft("TALKS / LIBYA\n\nLibya said it would free the hostages. Libyan officials said the hostages were safe. "
                "Libya and the Philippines agreed on the handover.")
    roles = {a["name"]: a["role"] for a in doc["actors"].values()}
    assert roles == {"Libya": "party", "Philippines": "party", "Hostages": "observer"}  # the hostages: named twice


# ------------------------------------------------------------------ roles
def test_the_host_is_a_mediator_and_the_sides_it_hosts_are_parties():
    doc = draft("Egypt hosted the talks between Israel and Hamas on Sunday. The talks continued late into the night.")
    assert (role_of(doc, "Egypt"), role_of(doc, "Israel"), role_of(doc, "Hamas")) == ("mediator", "party", "party")


def test_a_broker_is_a_mediator_even_when_quoted():
    doc = draft("Qatar, which brokered the truce, said both sides had agreed to extend it. Israel and Hamas agreed "
                "to a second pause. Hamas said it wants a permanent ceasefire.")
    assert role_of(doc, "Qatar") == "mediator"
    assert role_of(doc, "Israel") == role_of(doc, "Hamas") == "party"
    doc = draft("The Cairo-brokered truce held overnight. Israel said Hamas had fired rockets; Hamas denied it.")
    assert role_of(doc, "Egypt") == "mediator"
    doc = draft("The talks are being mediated by Norway. Colombia resumed peace talks with the FARC on Monday.")
    assert role_of(doc, "Norway") == "mediator" and role_of(doc, "Colombia") == role_of(doc, "FARC") == "party"


def test_commenters_are_observers():
    doc = draft("Analysts at Nordea said the deal between Halvorsen Shipping and Brightline Logistics was close. "
                "A strategist at Nordea said Brightline Logistics would hold out. Halvorsen Shipping wants a lower "
                "price.")
    assert role_of(doc, "Nordea") == "observer"
    assert role_of(doc, "Halvorsen Shipping") == role_of(doc, "Brightline Logistics") == "party"


def test_a_negotiator_is_a_party_not_an_observer():
    doc = draft("Colombian government lead negotiator Humberto de la Calle said the talks with the rebels would "
                "resume in Havana. Colombia says it will resume peace talks with the FARC.")
    assert role_of(doc, "Colombia") == role_of(doc, "FARC") == "party"
    assert "Cuba" not in {a["name"] for a in doc["actors"].values()}  # talks *in* Havana: a place, not an actor


def test_places_and_events_named_after_a_city_are_not_actors():
    doc = draft("Trade ministers met in Doha, Qatar, to restart the Doha round. The European Union and India held "
                "talks on farm subsidies. The talks in Vienna between Iran and the United States resumed.")
    names = {a["name"] for a in doc["actors"].values()}
    assert "Qatar" not in names and "Austria" not in names
    assert {"European Union", "India"} <= names


def test_the_country_where_talks_are_held_hosts_them():
    doc = draft("The Ruritania peace talks that began Thursday in Kuwait were delayed. Talks between Ruritania and "
                "the Borduria Liberation Front resumed. The negotiations are being held in Kuwait.")
    assert role_of(doc, "Kuwait") == "mediator"
    assert role_of(doc, "Borduria Liberation Front") == "party"


def test_the_sides_of_talks_between_end_before_a_place():
    doc = draft("Talks between Sudan and the Ruritania Liberation Movement taking place in Nigeria stalled. "
                "The Ruritania Liberation Movement said it wants a permanent ceasefire.")
    assert role_of(doc, "Sudan") == role_of(doc, "Ruritania Liberation Movement") == "party"
    assert role_of(doc, "Nigeria") != "party"


def test_the_leaders_of_an_organisation_are_the_organisation():
    doc = draft("Leaders of the Grain Council, France and Germany say the debt must be settled. The Grain Council "
                "met Greece on Monday. Talks between Greece and the Grain Council resumed.")
    names = sorted(a["name"] for a in doc["actors"].values())
    assert "Grain Council" in names and not any(name.startswith("Leaders") for name in names)


# ------------------------------------------------------------------ issues, terms, red lines
def test_a_stated_term_names_its_option_not_the_rest_of_the_sentence():
    doc = draft("Talks between Greece and the European Union resumed. Greece offered concessions Wednesday on its "
                "creditors' demands for more austerity.")
    options = [option for issue in doc["issues"].values() for option in issue.get("options", [])]
    assert "concessions" in options
    assert not any("wednesday" in option for option in options)


def test_stated_numbers_with_units():
    assert stated_numbers("an across the board 12 percent increase") == [(12.0, "percent")]
    assert stated_numbers("a six percent pretty much across the board increase") == [(6.0, "percent")]
    assert stated_numbers("$4 million") == [(4.0, "million USD")]
    assert stated_numbers("a 4 per cent rise and 1,500 troops") == [(4.0, "percent"), (1500.0, "troops")]
    assert stated_numbers("the 12 apostles") == []


def test_stated_numeric_terms_become_a_range_with_its_unit():
    text = ("The government has offered a six percent increase in wages. The unions have rejected that offer and "
            "are demanding a 12 percent increase.")
    doc = draft(text)
    [issue] = doc["issues"].values()
    assert issue["name"] == "Wages"
    assert (issue["range"], issue["unit"]) == ([6, 12], "percent")
    government, unions = doc["actors"]["government"], doc["actors"]["unions"]
    assert government["role"] == unions["role"] == "party"
    # each side's best value is its own stated term, with the sentence that states it
    assert government["preferences"]["wages"]["values"] == {6: 1, 12: 0}
    assert unions["preferences"]["wages"]["values"] == {6: 0, 12: 1}
    assert {"source": "article", "quote": "The government has offered a six percent increase in wages"} in \
        government["preferences"]["wages"]["evidence"]
    assert any("are demanding a 12 percent increase" in e.get("quote", "")
               for e in unions["preferences"]["wages"]["evidence"])


def test_will_not_accept_is_a_red_line_with_its_quote():
    doc = draft("Egypt hosted the talks between Israel and Hamas. Hamas will not accept a temporary ceasefire, "
                "its negotiators said. Israel insists on a temporary ceasefire.")
    hamas = doc["actors"]["hamas"]["preferences"]["ceasefire"]
    assert hamas["reject"] == ["temporary"] and hamas["values"]["temporary"] == 0
    assert {"source": "article", "quote": "Hamas will not accept a temporary ceasefire"} in hamas["evidence"]
    israel = doc["actors"]["israel"]["preferences"]["ceasefire"]
    assert israel["accept"] == ["temporary"]


def test_a_numeric_red_line_is_a_bound():
    doc = draft("Norway and the European Union resumed talks on the mackerel quota. Norway will not accept less "
                "than 30 percent of the quota, its minister said. The European Union offered 20 percent of the "
                "quota.")
    norway = doc["actors"]["norway"]["preferences"]["market-access"]
    assert norway["min"] == 30
    assert doc["issues"]["market-access"]["unit"] == "percent"


def test_only_if_is_an_accepted_condition():
    doc = draft("Talks between Israel and Hamas resumed. Hamas will release the hostages only if the ceasefire is "
                "permanent.")
    assert doc["actors"]["hamas"]["preferences"]["ceasefire"]["accept"] == ["permanent"]


def test_a_stated_term_is_not_flat():
    doc = draft("Talks between Israel and Hamas resumed. Hamas demands a permanent ceasefire.")
    values = doc["actors"]["hamas"]["preferences"]["ceasefire"]["values"]
    assert values["permanent"] == 1 and set(values.values()) == {0, 1}
    # a party with no stated term on an issue keeps flat placeholder values, marked as an assumption
    israel = doc["actors"]["israel"]["preferences"]["ceasefire"]
    assert set(israel["values"].values()) == {0.5}
    assert "states no term" in israel["evidence"][-1]["assumption"]


def test_issues_come_from_the_text_not_from_loose_words():
    # "premium" and "bid to" are not a price; "Headquarters" is not governance
    doc = draft("NASA Headquarters said the bid to expand the accords was welcomed. Austria paid a premium for "
                "early membership. Talks between Austria and Panama on the accords continue.")
    assert "price" not in doc["issues"] and "governance" not in doc["issues"]
    doc = draft("Iran and the United States held nuclear talks in Vienna. Both sides called them constructive.")
    assert list(doc["issues"]) == ["nuclear-programme"]  # the topic of the talks, not a generic "agreement"


# ------------------------------------------------------------------ talk status
@pytest.mark.parametrize("sentence, status", [
    ("Little progress was made in the talks on Monday.", "stalled"),
    ("No progress was made on the main points.", "stalled"),
    ("The talks ended without an agreement.", "stalled"),
    ("Diplomats failed to reach a deal.", "stalled"),
    ("Negotiators made progress on Monday.", "progressing"),
    ("The talks are at an impasse.", "stalled"),
])
def test_talk_status_phrases(sentence, status):
    result = extract(sentence)
    assert result.status_by_source["article"]["status"] == status


# ------------------------------------------------------------------ title and URL line
def test_title_is_the_first_line_and_a_url_line_is_metadata(tmp_path):
    text = ("Colombia Resumes Peace Talks\nURL: http://example.org/news/1\n\nColombia says it will resume peace talks "
            "with the FARC, officials said.\n")
    assert title_of(text) == "Colombia Resumes Peace Talks"
    assert [url for _, _, url in metadata_lines(text)] == ["http://example.org/news/1"]
    result = extract(text)
    assert result.scenario["name"] == "Colombia Resumes Peace Talks"
    assert "http://example.org/news/1" in result.scenario["description"]
    assert all("URL" not in s.text for s in result.sentences)
    assert all(not q.startswith("URL") for q in quotes_of(result.scenario))
    # a URL line first is never the title
    assert title_of("URL: http://example.org/x\nThe Real Title\n\nBody text here.") == "The Real Title"
    # an article whose first line is a long paragraph has no title line
    assert title_of("word " * 200) is None
    # --title overrides
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    code, out, err = run("extract", str(article), "--title", "Bogota and the FARC", "--json")
    assert code == 0, err
    assert json.loads(out)["scenario"]["name"] == "Bogota and the FARC"


# ------------------------------------------------------------------ many articles in one run
def test_batch_writes_one_json_line_per_article_and_reports_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted((DATA / "realnews" / "dev").glob("*.txt"))[:3]
    for path in good:
        shutil.copy(path, folder / path.name)
    (folder / "b-binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "c-latin1.txt").write_bytes("Caf\u00e9 talks".encode("latin-1"))
    (folder / "d-huge.txt").write_text("word " * (10 * 1024 * 1024 // 5), encoding="utf-8")
    code, out, err = run("extract", str(folder))
    assert code == 1  # documented: exit 1 at the end when an article failed
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 6 and [Path(r["article"]).name for r in lines] == sorted(p.name for p in folder.iterdir())
    failed = {Path(r["article"]).name: r["error"] for r in lines if "error" in r}
    assert set(failed) == {"b-binary.txt", "c-latin1.txt", "d-huge.txt"}
    assert "not UTF-8" in failed["c-latin1.txt"] and "at most 2 MiB" in failed["d-huge.txt"]
    for record in lines:
        if "error" not in record:
            assert record["scenario"]["name"] == record["title"]
            assert {"attributions", "claims", "positions", "status_by_source"} <= set(record)
    # one line per failure on stderr, then the summary
    assert err.count("\n") == 4 and "3 of 6 articles failed" in err
    assert "Traceback" not in err


def test_batch_of_several_files_and_usage_errors(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Talks between Israel and Hamas resumed. Hamas demands a permanent ceasefire.", encoding="utf-8")
    b.write_text("Egypt hosted the talks between Israel and Hamas.", encoding="utf-8")
    code, out, err = run("extract", str(a), str(b))
    assert code == 0, err
    assert len(out.splitlines()) == 2
    code, _, err = run("extract", str(a), str(b), "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "--drafts" in err
    code, _, err = run("extract", str(a), str(b), "--title", "T")
    assert code == 2 and "one article" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run("extract", str(tmp_path / "empty"))
    assert code == 1 and "no article files" in err


def test_batch_drafts_never_overwrite_a_different_file(tmp_path):
    article = tmp_path / "in" / "talks.txt"
    article.parent.mkdir()
    article.write_text("Egypt hosted the talks between Israel and Hamas.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "talks.txt").write_text("something else", encoding="utf-8")
    code, _, err = run("extract", str(article), "--drafts", str(out))
    assert code == 1 and "not overwritten" in err
    assert (out / "talks.txt").read_text(encoding="utf-8") == "something else"
    # a draft in the article's own folder names the article itself
    code, _, err = run("extract", str(article), "--drafts", str(article.parent))
    assert code == 0, err
    assert yaml.safe_load((article.parent / "talks.yaml").read_text())["sources"]["article"]["file"] == "talks.txt"


@pytest.mark.parametrize("text", [
    '"' * 50_000,                                  # a run of quotation marks
    "\u201c" * 20_000 + "\u201d" * 20_000,          # typographic marks
    "ISRAEL HAMAS EGYPT " * 4_000,                 # capitals
    " ".join(["Union Council Movement Party"] * 5_000),
    "Hamas demands a 5 percent rise and will not accept 4 percent. " * 1_000,
])
def test_pathological_text_gives_a_valid_draft(tmp_path, text):
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    doc = extract(text, source_file="article.txt").scenario
    from_document(doc, base_dir=str(tmp_path))
    assert all(q in text for q in quotes_of(doc))



# ------------------------------------------------------------------ roles measured against labels (issue 18, item 3)
def test_agreements_between_in_the_plural_name_the_parties():
    doc = draft("Norway welcomed the new accords signed between Sweden and Finland.")
    assert {a["name"] for a in doc["actors"].values() if a["role"] == "party"} == {"Sweden", "Finland"}


def test_the_rest_of_a_list_after_a_negotiating_cue_negotiates_too():
    doc = draft("Iran reached a framework agreement with the U.S., Russia, China and Germany on April 2.")
    assert {role_of(doc, n) for n in ("Iran", "United States", "Russia", "China", "Germany")} == {"party"}


def test_the_country_where_talks_are_opened_or_officials_meet_hosts_them():
    doc = draft("The warring factions have opened peace talks in Ethiopia. Talks between Sudan and the Ruritania "
                "Liberation Movement resumed.")
    assert role_of(doc, "Ethiopia") == "mediator"
    doc = draft("Trade officials from Japan and India met in Brazil last week. Japan and India agreed to talk again.")
    assert role_of(doc, "Brazil") == "mediator" and role_of(doc, "Japan") == "party"


def test_the_entity_of_a_person_titled_mediator_mediates():
    doc = draft("The rebels met the chief mediator, Togolese President Ngassingbe Eyadema, on Monday. Talks between "
                "Sudan and the Ruritania Liberation Movement resumed.")
    assert role_of(doc, "Togo") == "mediator"


def test_an_international_organisations_envoy_mediates_a_countrys_envoy_does_not():
    doc = draft("The U.N. envoy for Yemen said the talks would focus on prisoners. Talks between Sudan and the "
                "Ruritania Liberation Movement resumed.")
    assert role_of(doc, "United Nations") == "mediator"
    doc = draft("The U.S. envoy said the talks would resume. Talks between the United States and Iran resumed.")
    assert role_of(doc, "United States") == "party"


def test_the_insurgents_are_the_armed_group_the_article_names():
    doc = draft("The Ruritania Liberation Army signed a truce. The insurgents said they want a permanent ceasefire. "
                "Talks between Sudan and the Ruritania Liberation Army resumed.")
    names = [a["name"] for a in doc["actors"].values()]
    assert "Ruritania Liberation Army" in names and "Insurgents" not in names


# ------------------------------------------------------------------ roles, third round (every spent set as development)
def test_an_actor_lists_the_other_names_the_article_gives_it():
    doc = draft("Talks between the U.S. and Iran resumed. American officials said Washington wants a deal; Tehran "
                "refused.")
    aliases = {a["name"]: a.get("x-aliases", []) for a in doc["actors"].values()}
    assert aliases["United States"] == ["U.S.", "American", "Washington"]
    assert aliases["Iran"] == ["Tehran"]


def test_a_convening_body_that_names_the_talks_mediates_and_is_never_a_party_by_mentions():
    doc = draft("WTO talks on farm subsidies resumed on Monday. The WTO said progress was slow. Brazil demanded "
                "lower subsidies.")
    assert role_of(doc, "World Trade Organization") == "mediator"
    doc = draft("United Nations negotiators approved a modest agreement on emissions. Norway welcomed it.")
    assert role_of(doc, "United Nations") == "mediator"


def test_a_convening_body_named_twice_without_a_cue_hosts_the_talks():
    doc = draft("Talks between Sudan and the Ruritania Liberation Movement resumed. The African Union flag flew "
                "over the hall. Delegates thanked the African Union for the venue.")
    assert role_of(doc, "African Union") == "mediator"
    assert role_of(doc, "Sudan") == "party"


def test_an_outside_voice_is_an_observer_and_is_not_promoted_to_a_side():
    doc = draft("The Ruritania Liberation Army said it is ready to resume talks. The United States welcomed the "
                "start of the talks and urged restraint.")
    assert role_of(doc, "United States") == "observer"


def test_groups_named_by_a_common_noun_twice_are_observers():
    doc = draft("Talks between Sudan and the Ruritania Liberation Movement resumed. Environmental groups said the "
                "deal was weak. Environmental groups plan protests. The hostages were not mentioned.")
    assert role_of(doc, "Environmental groups") == "observer"
    assert "Hostages" not in {a["name"] for a in doc["actors"].values()}  # named once: in passing


def test_the_security_council_is_its_own_entity_and_observes():
    doc = draft("Talks between Israel and Hamas resumed. The U.N. Security Council called for a ceasefire. The U.N. "
                "envoy for the region said progress was made.")
    assert role_of(doc, "United Nations Security Council") == "observer"
    assert role_of(doc, "United Nations") == "mediator"


# ------------------------------------------------------------------ roles, fourth round (the fourth set as development)
def test_an_acronym_that_names_an_agreement_a_zone_or_initials_is_not_an_actor():
    doc = draft("Ruritania and Oskova signed the Anti-Missile (ARM) Treaty. Ruritania wants to move beyond the ARM "
                "Treaty. The ZFTA talks resumed; Oskova said the ZFTA agreement was close. Minister KP Oli spoke. "
                "KP Oli left.")
    names = {a["name"] for a in doc["actors"].values()}
    assert not names & {"ARM", "ZFTA", "KP"}
    doc = draft("The ZMCS mediators met Ruritania and Oskova. ZMCS Director Lee said the ZMCS Mediator helped.")
    assert "ZMCS" in {a["name"] for a in doc["actors"].values()}  # a longer acronym before a capital is a name


def test_a_bloc_named_by_a_phrase_is_one_actor():
    doc = draft("Negotiators from Iran and a group of six world powers met in Vienna. The P5+1 wants limits on "
                "enrichment. Officials of the P5 plus one said talks with Iran would resume.")
    names = [a["name"] for a in doc["actors"].values()]
    assert names.count("P5+1") == 1 and role_of(doc, "P5+1") == "party"
    doc = draft("Talks between the Group of 21 and the European Union collapsed. The G-21 blamed Brussels.")
    assert role_of(doc, "Group of 21") == "party"


def test_an_administration_capitalised_is_the_country():
    doc = draft("Talks between the Obama Administration and Iran resumed. The U.S. wants limits on enrichment.")
    names = [a["name"] for a in doc["actors"].values()]
    assert "Obama Administration" not in names and role_of(doc, "United States") == "party"


def test_a_party_to_the_talks_negotiates_even_alone():
    doc = draft("North Korea wants aid. Japan and Russia are also party to the talks. Norway praised the effort.")
    assert role_of(doc, "Japan") == "party" and role_of(doc, "Russia") == "party"
    doc = draft("He said that if North Korea, Japan and China fail to agree, the process could stall.")
    assert {role_of(doc, n) for n in ("North Korea", "Japan", "China")} == {"party"}
    doc = draft("Kenya takes part in the regional talks on the border. Somalia said it wants a deal.")
    assert role_of(doc, "Kenya") == "party"


def test_every_member_of_a_list_of_mediators_mediates():
    doc = draft("Talks between Israel and Hamas resumed. The UK welcomed the mediation efforts of Qatar, Egypt and "
                "the United States.")
    assert {role_of(doc, n) for n in ("Qatar", "Egypt", "United States")} == {"mediator"}
    doc = draft("Talks between Sudan and the Ruritania Liberation Movement resumed. I thank Kenya, Norway and all "
                "partners for their efforts in co-ordinating the talks.")
    assert role_of(doc, "Kenya") == "mediator" and role_of(doc, "Norway") == "mediator"
    doc = draft("The talks, hosted by Norway and Switzerland, ended. Sudan wants a permanent ceasefire; the Ruritania "
                "Liberation Movement refused.")
    assert role_of(doc, "Switzerland") == "mediator"


def test_a_country_after_another_and_a_comma_is_a_list_not_a_city():
    doc = draft("Talks between Israel and Hamas resumed. The UK welcomed the mediation efforts of our partners in "
                "Qatar, Egypt and the United States.")
    assert role_of(doc, "Egypt") == "mediator"
    doc = draft("Talks between Israel and Hamas opened in Doha, Qatar. Israel wants the hostages released.")
    assert "Qatar" not in {a["name"] for a in doc["actors"].values()} or role_of(doc, "Qatar") != "party"


def test_those_calling_for_talks_between_others_are_not_sides():
    doc = draft("Gaza talks\n\nJordan, Oman and Norway are calling for the resumption of negotiations between Israel and Hamas. "
                "Israel wants the hostages released. Hamas wants a permanent ceasefire.")
    assert {role_of(doc, n) for n in ("Jordan", "Oman", "Norway")} == {"observer"}
    assert role_of(doc, "Israel") == "party" and role_of(doc, "Hamas") == "party"


def test_more_countries_are_known_with_their_demonyms_and_capitals():
    doc = draft("Talks between Senegal and Peru resumed in Dakar. Senegalese officials want lower tariffs. Peruvian "
                "negotiators refused.")
    assert role_of(doc, "Senegal") == "party" and role_of(doc, "Peru") == "party"
    aliases = {a["name"]: a.get("x-aliases", []) for a in doc["actors"].values()}
    assert aliases["Senegal"] == ["Senegalese"] and aliases["Peru"] == ["Peruvian"]  # Dakar is a place here


# fifth round
def test_a_most_mentioned_entity_quoted_on_the_talks_is_a_side_when_sides_are_missing():
    doc = draft("U.S. troops could stay in Afghanistan after 2014 if the security agreement is signed, Pentagon "
                "spokesman John Ruvo said. The United States is ready to sign, Ruvo said. Afghan President Hamid "
                "Karzai has refused to sign the agreement. Pakistan was not mentioned by Ruvo.")
    assert role_of(doc, "United States") == "party" and role_of(doc, "Afghanistan") == "party"
    doc = draft("The Ruritania Liberation Army said it is ready to resume talks. The United States welcomed the "
                "start of the talks and urged restraint. The United States said so twice.")
    assert role_of(doc, "United States") == "observer"  # an outside voice is never promoted


def test_a_legislature_is_a_side_only_when_the_deal_needs_its_vote():
    doc = draft("Talks between Ruritania and Oskova on a trade agreement ended. The Senate must ratify the agreement "
                "before it takes effect, officials said.")
    assert role_of(doc, "Senate") == "party"
    doc = draft("Talks between Ruritania and Oskova on a trade agreement ended. Officials briefed Congress on the "
                "agreement. Congress was told the deal does not require its approval.")
    assert role_of(doc, "Congress") == "observer"  # briefed; the word of consent is negated
    doc = draft("Ruritania's envoy said the trade agreement with Oskova is close. The House Trade Committee met the "
                "envoy. The Trade Committee said the deal must protect farmers.")
    names = [a["name"] for a in doc["actors"].values()]
    assert names.count("Trade Committee") == 1 and "House Trade Committee" not in names
    assert role_of(doc, "Trade Committee") == "observer"  # a chamber's committee that comments


def test_an_organisation_whose_name_says_it_mediates_mediates():
    doc = draft("The agreement between the Ruritania Workers Union and Oskova Airlines was reached at the Regional "
                "Mediation and Conciliation Service (RMCS) on Friday. RMCS staff helped. RMCS said talks were long.")
    assert role_of(doc, "RMCS") == "mediator"
    assert role_of(doc, "Ruritania Workers Union") == "party"


def test_talks_between_abbreviated_names_name_both_sides():
    doc = draft("Trump said he and Kim agreed to restart talks between U.S. and North Korean officials. South Korean "
                "President Moon was there. South Korea hopes for progress. South Korea's people watched.")
    assert role_of(doc, "United States") == "party" and role_of(doc, "North Korea") == "party"
    assert "South Korea" not in {a["name"] for a in doc["actors"].values() if a["role"] == "party"}


def test_a_countrys_rebels_are_a_side_of_their_own():
    doc = draft("Ivory Coast rebels say they are ready to resume peace talks with the government. The rebels met the "
                "mediator in Lome.")
    names = {a["name"] for a in doc["actors"].values()}
    assert "Ivory Coast rebels" in names and role_of(doc, "Ivory Coast rebels") == "party"
    doc = draft("Hamas militants fired rockets. Talks between Israel and Hamas resumed.")
    assert "Hamas militants" not in {a["name"] for a in doc["actors"].values()}  # an armed group's own fighters


def test_an_organisation_named_as_an_advocacy_group_is_an_observer():
    doc = draft("Talks between Peru and Chile on a trade pact made no progress. Lee Park works with the consumer "
                "advocacy group Fair Deal Now. She said the pact would hurt shoppers.")
    assert role_of(doc, "Fair Deal Now") == "observer"
    assert role_of(doc, "Peru") == "party" and role_of(doc, "Chile") == "party"


# sixth round
def test_a_commentator_quoted_for_no_organisation_is_an_observer_of_their_own():
    doc = draft("Chile and Peru agreed on a trade deal on Monday after talks between Chile and Peru. "
                "\"This deal is a defeat for farmers,\" Chilean blogger Dana Velkova wrote. Velkova added that "
                "the deal was rushed. \"It will not last,\" said Ivo Marek, an economist.")
    assert role_of(doc, "Dana Velkova") == "observer" and role_of(doc, "Ivo Marek") == "observer"
    assert role_of(doc, "Chile") == "party"  # the nationality does not make the blogger the country's voice
    doc = draft("Chile and Peru agreed on a trade deal after talks between Chile and Peru. \"It is a good "
                "deal,\" Chilean trade minister Dana Velkova said.")
    assert "Dana Velkova" not in {a["name"] for a in doc["actors"].values()}  # an official speaks for her country


def test_rebels_named_only_by_the_common_noun_are_one_side():
    doc = draft("Peace talks between the government of Chad and key rebel groups will open on Monday, the African "
                "Union said. The rebel groups want a ceasefire first. The rebels have sent delegations.")
    rebels = [a for a in doc["actors"].values() if a["name"] == "Rebels"]
    assert len(rebels) == 1 and rebels[0]["role"] == "party"
    assert "rebel groups" in rebels[0]["x-aliases"]
    # a group the article names and calls a rebel group is that side: no second actor for the noun
    doc = draft("Peace talks between Chad and the Sahel Liberation Front will open on Monday. The rebels want a "
                "ceasefire first. The rebels have sent delegations.")
    assert "Rebels" not in {a["name"] for a in doc["actors"].values()}


# seventh round
def test_a_list_working_together_for_the_deal_mediates():
    doc = draft("Chile and Peru must still accept the truce. Peru's acceptance of the truce is expected soon. Chile's "
                "readiness to move forward with the terms was confirmed. Brazil, together with Mexico and Canada, "
                "would work to ensure the full implementation of the truce.")
    assert [role_of(doc, n) for n in ("Brazil", "Mexico", "Canada")] == ["mediator"] * 3
    assert role_of(doc, "Chile") == "party" and role_of(doc, "Peru") == "party"
    # a member with a cue of its own as a side stays a side
    doc = draft("Talks between Chile and Peru resumed. Chile, together with Mexico, will work to ensure the deal holds.")
    assert role_of(doc, "Chile") == "party" and role_of(doc, "Mexico") == "mediator"
    # with no "together with", a list that works for the deal is not made a mediator by this rule
    doc = draft("Talks between Chile and Peru resumed. Chile and Mexico will work to ensure the deal holds.")
    assert all(a["role"] != "mediator" for a in doc["actors"].values())


def test_the_side_whose_answer_the_deal_awaits_is_a_party():
    doc = draft("Mexico and Canada watched closely. The mediators said Peru's response to the proposal was due on "
                "Friday. Chile's rejection of the latest offer was a setback. Mexico and Canada had hoped for more.")
    assert role_of(doc, "Peru") == "party" and role_of(doc, "Chile") == "party"
    assert all(a["role"] != "party" for a in doc["actors"].values() if a["name"] in ("Mexico", "Canada"))


def test_the_members_named_by_talks_which_include_them_negotiate():
    doc = draft("Brazil pushed to end the deadlock. The negotiations, which include North and South Korea, Japan "
                "and Russia, are aimed at a settlement.")
    for name in ("North Korea", "South Korea", "Japan", "Russia"):
        assert role_of(doc, name) == "party", name


def test_a_convening_body_whose_members_negotiate_hosts_the_talks():
    doc = draft("The chief negotiators of World Trade Organization members will meet in Geneva. India and Brazil "
                "held talks with the United States on farm subsidies.")
    assert role_of(doc, "World Trade Organization") == "mediator"


def test_a_watching_body_cited_only_for_its_resolutions_is_no_actor():
    doc = draft("Talks between Chile and Peru resumed on Monday. Peru said the launch was a clear violation of U.N. "
                "Security Council resolutions. Chile cited Security Council Resolution 1701.")
    assert "United Nations Security Council" not in {a["name"] for a in doc["actors"].values()}
    doc = draft("Talks between Chile and Peru resumed on Monday. The deal was endorsed by the U.N. Security Council.")
    assert role_of(doc, "United Nations Security Council") == "observer"


def test_the_members_of_a_proposed_union_are_sides():
    doc = draft("Mexico and Canada watched closely. Critics said the proposed union of Chile and Peru would weaken "
                "smaller states. Mexico and Canada have not said what they think of the union.")
    assert role_of(doc, "Chile") == "party" and role_of(doc, "Peru") == "party"
    assert all(a["role"] != "party" for a in doc["actors"].values() if a["name"] in ("Mexico", "Canada"))


def test_a_table_name_with_a_curly_apostrophe_or_a_defined_acronym_is_one_actor():
    doc = draft("Talks between the People\u2019s Republic of China (PRC) and Peru resumed. The PRC said the talks "
                "went well. Peru and the PRC agreed to meet again.")
    names = {a["name"] for a in doc["actors"].values()}
    assert "China" in names and role_of(doc, "China") == "party"
    assert not names & {"Republic", "PRC"}


def test_officials_and_counterparts_from_a_list_are_sides():
    doc = draft("Mexico and Canada watched closely. Ana Ruiz and her counterparts from Chile, Peru and Brazil met in "
                "Lima. Mexico and Canada said nothing.")
    assert [role_of(doc, n) for n in ("Chile", "Peru", "Brazil")] == ["party"] * 3
    doc = draft("Mexico and Canada watched closely. Trade officials from Chile and Peru attended the meeting. Mexico "
                "and Canada said nothing.")
    assert role_of(doc, "Chile") == "party" and role_of(doc, "Peru") == "party"


def test_an_enumeration_of_the_nations_at_the_talks_lists_the_sides():
    text = ("Talks on a Pacific trade pact made little progress. The five nations hold a fifth of world trade. They "
            "include Chile, Peru, Japan, Vietnam and Mexico. Canada said it was watching. Canada and Brazil hope to "
            "join. Canada spoke.")
    doc = draft(text)
    assert [role_of(doc, n) for n in ("Chile", "Peru", "Japan", "Vietnam", "Mexico")] == ["party"] * 5
    # without a sentence about the nations, "They include" lists nothing
    doc = draft(text.replace("The five nations hold a fifth of world trade.", "It was hot."))
    assert all(a["role"] != "party" for a in doc["actors"].values() if a["name"] == "Vietnam")


def test_a_side_named_in_the_name_of_the_talks_is_a_party():
    doc = draft("Mexico and Canada watched closely. Officials were briefed on the status of the P5+1 negotiations on "
                "Iran's nuclear programme. Mexico and Canada said nothing.")
    assert role_of(doc, "P5+1") == "party"
    doc = draft("Chile and Peru agreed to meet. The WTO talks resumed in Geneva. The WTO said so.")
    assert role_of(doc, "World Trade Organization") == "mediator"  # a convening body's talks are its own


def test_an_entity_acting_as_a_broker_mediates():
    doc = draft("Talks between Chile and Peru resumed. Brazil - which has been acting as a broker in the talks - "
                "said a deal was near. Mexico was serving as an intermediary.")
    assert role_of(doc, "Brazil") == "mediator" and role_of(doc, "Mexico") == "mediator"
    assert role_of(doc, "Chile") == "party"
