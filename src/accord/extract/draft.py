"""A draft scenario from an article: actors with roles, issues with stated terms, positions, red lines.

The draft is a starting point for an analyst, built in five steps:

1. **Entities** (:class:`Entities`): every name of a country or organisation is mapped to one entity
   (``U.S.``, ``American``, ``Washington``, ``the White House`` -> United States) through the table in
   ``draft_lexicon.ENTITIES``; names the table lacks count when they are plainly names of organisations
   (an acronym used twice, a capitalised name ending in ``Union``, ``Movement``, ``Council``, ...; an
   acronym given in brackets after a long name is that name). Capitalised function words, titles, days
   and outlets (``Yet``, ``With``, ``United``, ``General``, ``VOA``) are never entities. People speak
   for the entity named in their title (``Israel's Prime Minister Benjamin Netanyahu``, ``Hamas official
   Mousa Abu Marzouk``); a group noun that holds a demand (``the unions``) is an entity of its own.
2. **Roles** from what the text says each entity does: *parties* negotiate (``talks between X and Y``,
   ``X's negotiators``, ``X resumed talks with Y``, ``X and Y agreed``) or state demands, red lines and
   offers, or are blamed or pressed; *mediators* host, broker, mediate or facilitate (``Egypt hosted the
   talks``, ``Qatar, which brokered ...``, ``Egyptian mediators``, ``mediated by Norway``); *observers*
   comment (the organisation of a speaker with no other role, a side that presses another). A negotiating
   cue outranks a mediating one, which outranks a stated demand (a mediator quoted as demanding something
   stays a mediator only when nothing says it negotiates).
3. **Stated terms** (``claims.positions``): ``demands``/``calls for``/``wants``, ``offered``/``proposed``,
   ``will not accept``, ``only if``, ``insists on``, ``rejects``, ``open only to``, ``needs to be``.
4. **Issues**: what the stated terms are about (an issue word in the term, else in its sentence, else
   the last issue named in the paragraph before it); then issues named twice or more in the body or once
   in the title; then the topic of ``X talks`` (``nuclear talks`` -> the nuclear programme). A term with
   numbers in one unit (``a 12 percent increase``, ``six percent``) makes the issue numeric: the range
   spans the stated numbers (from 0 to twice the number when only one is stated), with that unit.
5. **Preferences**: a demand or offer sets the holder's best value (categorical: the named option 1,
   the others 0; numeric: 1 at the stated number falling to 0 at the far end of the range, demands
   wanting more and offers less); ``will not accept X`` is ``reject: [X]`` (numeric: ``min``/``max``),
   ``only if X`` and ``insists on X`` are ``accept: [X]``, each with its quote. Everything the article
   does not state (power, reservation, weights, the value of unstated options) is a placeholder with an
   ``{assumption: ...}`` entry.

The result is a plain ``dict`` in the scenario format (version 1) that ``accord validate`` accepts when the
article sits where ``sources.article.file`` says: every quote is a verbatim span of the article.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any

from .attributions import ORG_WORDS, PERSON_NOUNS, Attribution
from .draft_lexicon import (
    ADVOCACY_KINDS,
    AGREEMENT_WORDS,
    COMMENTATORS,
    CONSENT_WORDS,
    CONVENERS,
    ENTITIES,
    GENERIC_FIRST_WORDS,
    GROUP_NOUNS,
    ISSUES,
    LEGISLATURE_CHAMBERS,
    LEGISLATURE_HEADS,
    MEDIATING_NAME_WORDS,
    NOT_ORGANISATIONS,
    OBSERVER_GROUPS,
    OPTION_STOPS,
    ORGANISATION_HEADS,
    OUTLET_WORDS,
    OUTLETS,
    OUTSIDE_VERBS,
    PLACES,
    STOP_WORDS,
    TALK_TOPICS,
    UNITS,
    WATCHERS,
)
from .text import FoldedPattern, Sentence, mentions, trie_pattern
from .text import sentences as split_sentences

# alias -> canonical entity
_ALIAS = {name: canonical for canonical, names in ENTITIES.items() for name in (canonical, *names)}
_ALIAS |= {name.replace("'", "\u2019"): canonical for name, canonical in _ALIAS.items() if "'" in name}  # "People’s"


_ENTITY_RE = re.compile(r"(?<![\w.])(" + trie_pattern(list(_ALIAS)) + r")(?![\w])")
_DEFINED_ACRONYM = re.compile(r"\s+\(([A-Z]{2,6})\)")
_ACRONYM = re.compile(r"(?<![\w.])([A-Z]{2,6})(?![\w.])")
# every pattern below starts a match only at the start of a token (the look-behind): a start inside a long run of
# word characters would rescan the run from each of its capitals, which is quadratic in its length
_TOKEN_START = r"(?<![\w.'\u2019&-])"
_TITLED = re.compile(_TOKEN_START + r"((?:[A-Z][\w.'\u2019-]*\s+){1,4}?)(?:[a-z-]+\s+){0,3}?"
                     r"(?i:official|minister|president|leader|spokes\w+|negotiator|chief|secretary|envoy|"
                     r"ambassador|executive|chair\w*|director|head|commissioner|representative|diplomat)\s+"
                     r"((?:[A-Z][a-z\u00c0-\u024f'-]+\s+){0,3}[A-Z][a-z\u00c0-\u024f'-]+)\b")
_GOVERNMENT = re.compile(_TOKEN_START + r"([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)?)\s+government\b")
_NAMED_ORG = re.compile(_TOKEN_START + r"((?:[A-Z][\w'\u2019.-]*|of|for|the|de|du)(?:\s+(?:[A-Z][\w'\u2019.-]*|of|for|&|the|de|du)){0,7}"
                        r"\s+(?:" + "|".join(sorted(ORGANISATION_HEADS, key=len, reverse=True)) + r")s?)\b(?:\s*\(([A-Z]{2,6})\))?")
_GROUP_NOUN = re.compile(r"^(?:the\s+)?(?:[a-z'\u2019-]+\s+){0,2}(" + "|".join(GROUP_NOUNS) + r")$", re.IGNORECASE)
# what an organisation's name needs (``_NAMED_ORG``): a space, then a head word (``Corp.`` and ``Inc.`` by their
# letters); a sentence without one is not searched for names
_ORG_HEAD = re.compile(r"\s(?:" + trie_pattern(sorted({head.rstrip(".") for head in ORGANISATION_HEADS})) + ")")
_NAMED_EVENT = re.compile(r"\s+(?:[Dd]evelopment\s+)?(?:round|process|summit|accords?|agreement|declaration|talks|"
                          r"conference|protocol|framework|negotiations|format|agenda)\b", re.IGNORECASE)
_CITY_COUNTRY = re.compile(r"\b(?:in|at|to|from)\s+[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+)?,\s+$")
_AT_PLACE = re.compile(r"\b(?:in|to|from|near|outside|via|into)\s+(?:the\s+)?$", re.IGNORECASE)
_PRONOUN = {"he", "she", "they", "it", "we", "i", "you"}


def slug(name: str) -> str:
    value = re.sub(r"[^A-Za-z0-9]+", "-", name.lower()).strip("-")
    return value or "actor"


_GROUP_HEADS = {"union": ("Union", "Alliance", "Federation", "Guild", "Association", "Confederation", "Congress"),
                "company": ("Company", "Corporation", "Corp", "Inc", "Group", "Systems", "Holdings"),
                "league": ("League",), "association": ("Association",), "guild": ("Guild",), "alliance": ("Alliance",),
                "federation": ("Federation",), "trust": ("Trust",), "council": ("Council",),
                "commission": ("Commission",),
                # "the insurgents", "the rebels": the armed group the article names ("Ivory Coast rebels")
                "rebel": ("Rebel", "Front", "Movement", "Army", "Brigade", "Militia"),
                "insurgent": ("Rebel", "Front", "Movement", "Army", "Brigade", "Militia"),
                "militant": ("Rebel", "Front", "Movement", "Army", "Brigade", "Militia")}
_CAPITALISED = re.compile(r"(?<![\w.'\u2019-])([A-Z][a-z\u00e0-\u024f]{2,}(?:-[A-Z][a-z]+)?)(?![\w'\u2019-])")


# a capitalised word right after or right before another one: parts of one longer name
_NEXT_CAPITALISED = re.compile(r"\s[A-Z][a-z]")
_CAPITALISED_BEFORE = re.compile(r"(?<![.!?:])\s[A-Z][a-z\u00e0-\u024f]+\s$")


def _single_names(text: str, body: list[Sentence], attributions: list[Attribution]) -> dict[str, str]:
    """Single capitalised words used as names of organisations or countries the table lacks.

    A word counts when it occurs at least twice inside body sentences (not as their first word), is not
    a stop word, a number word or part of a person's name (the speakers' names and the names after a
    title), and is mostly not a place (preceded by ``in``, ``to``, ``from``, ``at``).
    """
    people: set[str] = set()
    for attribution in attributions:
        tokens = attribution.resolved_speaker.split()
        if len(tokens) >= 2 and all(t[:1].isupper() for t in tokens):
            people.update(tokens)
    for match in re.finditer(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Sen|Rep|Gov)\.?\s+([A-Z][\w-]+)", text):
        people.add(match.group(1))
    counts: dict[str, int] = {}
    places: dict[str, int] = {}
    for sentence in body:
        for match in _CAPITALISED.finditer(text, sentence.start, sentence.end):
            word = match.group(1)
            lead = text[max(sentence.start, match.start() - 4):match.start()].rstrip(" \"'\u201c\u2018(")
            if match.start() - sentence.start <= 4 and not text[sentence.start:match.start()].strip(" \"'\u201c\u2018(") \
                    or lead.endswith((":", ".", "\u2014", "-")):
                continue  # a sentence's first word (or one after a colon or a dash): capitalised anyway
            if text[match.end():match.end() + 2].startswith((" ", ",")) and _NEXT_CAPITALISED.match(
                    text[match.end():match.end() + 3]) and word not in counts:
                pass  # the first word of a longer name still counts
            if _CAPITALISED_BEFORE.search(text[max(0, match.start() - 30):match.start()]) \
                    or _NEXT_CAPITALISED.match(text[match.end():match.end() + 3]):
                people.add(word)  # part of a longer name ("Benjamin Netanyahu", "Morrow Bio"): not on its own
            counts[word] = counts.get(word, 0) + 1
            if _AT_PLACE.search(text, max(0, match.start() - 12), match.start()):
                places[word] = places.get(word, 0) + 1
    names = [w for w, n in counts.items() if n >= 2 and w not in STOP_WORDS and w.lower() not in _WORD_NUMBERS
             and w not in people and w not in OUTLETS and w not in _ALIAS and places.get(w, 0) * 2 < n
             and w not in _MONTHS_AND_TITLES and w not in OUTLET_WORDS]
    found = {}
    for word in names:  # a demonym of another name is that name ("Oskovan" -> "Oskova")
        stem = next((other for other in counts if other != word and len(other) >= 4 and other not in people
                     and word.startswith(other[:-1]) and re.search(r"(?:i|an|ian|ese|ish|ic)$", word)), None)
        found[word] = stem or word
        if stem:
            found[stem] = stem
    return found


_ADVOCACY = re.compile(r"\b(?:" + trie_pattern(list(ADVOCACY_KINDS)) + r")\s+(?:group|organi[sz]ation|think\s+tank|coalition|"
                       r"campaign|network)\s+([A-Z][\w'\u2019-]*(?:\s+(?:of\s+|for\s+|the\s+)*[A-Z][\w'\u2019-]*){0,4})")
_REBEL_WORDS = ("rebels", "insurgents", "militants")
_REBELS = re.compile(r"(?<![\w.])([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+(?:" + "|".join(_REBEL_WORDS) + r")\b")
_REBEL_NOUN = re.compile(r"(?<![\w.-])[Rr]ebel(?:s|\s+(?:groups?|factions?|forces?|delegations?|representatives|"
                         r"movements?|commanders|leaders))(?![\w-])")
# a group the article names and calls a rebel group ("the Abu Sayyaf rebel group", "the SPLA, the main rebel group")
_NAMED_REBEL_GROUP = re.compile(r"(?:[A-Z][\w'\u2019-]+\s+rebel\s+(?:group|movement)|[A-Z][\w)'\u2019-]*,\s+(?:the|a)\s+"
                                r"(?:[\w-]+\s+){0,2}rebel\s+(?:group|movement))\b")
_ARMED_HEADS = frozenset({"Army", "Front", "Movement", "Brigade", "Brigades", "Militia"})
# countries: the table's entities with a demonym among their names ("Sudanese", "Ivorian", "Afghan", "Thai")
_COUNTRIES = frozenset(c for c, names in ENTITIES.items() if c not in CONVENERS and any(
    re.search(r"(?:an|ese|i|ish|ic|ch|ss|ai|ek|yz|men|ot|ine|ino|kh|ien|ol)$", n) and n[0].isupper() and
    not n.isupper() for n in names))
_ALIAS_NOT_OUTLETS = {name: canonical for name, canonical in _ALIAS.items() if name not in OUTLETS}
_ALIAS_LOWER = {name.lower(): canonical for name, canonical in _ALIAS.items() if " " in name}
# blocs named by a phrase rather than a name: the six powers of the Iran talks ("P5+1", "P5 plus one", "a group of
# six world powers") and the Groups of N ("Group of 21", "G-Twenty", "G8")
_NUMBER_WORDS = {"seven": "7", "eight": "8", "twenty": "20", "twenty-one": "21", "seventy-seven": "77"}
_BLOC = re.compile(r"(?<![\w.])(?:(?P<p5>P5\s*(?:\+|-?\s*plus\s*-?)\s*(?:1|one)|(?:a\s+)?group\s+of\s+six\s+"
                   r"(?:world\s+|major\s+)?(?:powers|countries|nations)|six\s+(?:world|major)\s+powers)"
                   r"|(?:Group\s+of\s+|G-?)(?P<n>\d{1,2}|Seven|Eight|Twenty-One|Twenty|Seventy-Seven)(?![\w+-]))")


# what a bloc's name needs (a necessary condition, searched before ``_BLOC``): "P5", "group", "six", "Group", or a
# "G" before a number
_BLOC_HINT = re.compile(r"P5|group|six|Group|G-?(?:\d|Seven|Eight|Twenty|Seventy)")


def _bloc_name(match: re.Match) -> str:
    """The one name of a bloc: ``P5+1``, or ``Group of N`` with N in figures."""
    if match.group("p5"):
        return "P5+1"
    number = match.group("n")
    return "Group of " + _NUMBER_WORDS.get(number.lower(), number)


# what an acronym names when it is not an actor: an agreement, a treaty, a zone ("the ABM Treaty", "TTIP talks",
# "Trans Pacific Partnership, or TPP", "the demilitarized zone, known as the DMZ"), or a person's initials ("KP Oli")
_AGREEMENT_AFTER = re.compile(r"\s*(?:[\"\u201d\u2019']\s*)?(?:" + "|".join(AGREEMENT_WORDS) + r")\b", re.IGNORECASE)
_AGREEMENT_BEFORE = re.compile(r"\b(?:" + "|".join(AGREEMENT_WORDS) + r")\s*(?:\(|,\s*(?:or|known\s+as)\s+(?:the\s+)?)$",
                               re.IGNORECASE)
_INITIALS_AFTER = re.compile(r"\s+[A-Z][a-z]+\b")


def _names_no_actor(acronym: str, text: str) -> bool:
    """True when half or more of the uses of ``acronym`` name an agreement, a treaty or a zone, or are a
    person's initials (two letters before a capitalised word)."""
    uses = [m for m in re.finditer(r"(?<![\w.])" + acronym + r"(?![\w.])", text)]
    initials = len(acronym) == 2  # "KP Oli"; a longer acronym before a capitalised word is a name ("FMCS Mediator")
    other = sum(1 for m in uses if _AGREEMENT_AFTER.match(text, m.end())
                or initials and _INITIALS_AFTER.match(text, m.end())
                or _AGREEMENT_BEFORE.search(text, max(0, m.start() - 40), m.start()))
    return 2 * other >= len(uses)


_MONTHS_AND_TITLES = frozenset("Jan Feb Mar Apr Aug Sept Oct Nov Dec Governor Senator Representative Chancellor "
                               "Premier Mayor Commissioner Director Chairman Chairwoman Chair Professor".split())
_OPENERS = frozenset("A An The This That Yet But And Or With In On At By For From Of To As While When If Meanwhile "
                     "However Still Now Then Also Even Only Both".split())


def _clean_org(name: str) -> str:
    words = name.split()
    while words and (words[0] in _OPENERS or words[0][0].islower() or
                     words[0].lower() in PERSON_NOUNS and words[0].lower() not in ORG_WORDS and
                     words[1:2] == ["of"]):
        # "The Congress of ..." -> "Congress of ..."; "Yet the Union" -> "Union"; "Leaders of the European
        # Council" -> "European Council" (the people of an organisation are the organisation's voice)
        words.pop(0)
    return " ".join(words)


class Entities:
    """One entity per country or organisation across its names; people mapped to the entity they speak for.

    ``of(phrase)`` is the entity a noun phrase names or speaks for (the first entity name in it, a
    person's entity through their title, an acronym or an organisation name found in the article), or
    None. ``mentions`` counts the body mentions of each entity (for ranking).
    """

    def __init__(self, text: str, attributions: list[Attribution], title: str | None = None,
                 body: list[Sentence] | None = None):
        body = body if body is not None else split_sentences(text)
        self.alias: dict[str, str] = dict(_ALIAS_NOT_OUTLETS)
        # organisations the table lacks: "Sudan People's Liberation Movement (SPLM)", an acronym used twice
        for match in (m for s in body if _ORG_HEAD.search(text, s.start, s.end)
                      for m in _NAMED_ORG.finditer(text, s.start, s.end)):
            name = _clean_org(match.group(1))
            if len(name.split()) < 2 or name in OUTLETS or name in self.alias or name.split()[-1] in OUTLET_WORDS:
                continue
            if name.lower() in _ALIAS_LOWER:  # "Obama Administration" is the table's "Obama administration"
                self.alias.setdefault(name, _ALIAS_LOWER[name.lower()])
                continue
            known = next((self.alias[w] for w in _ENTITY_RE.findall(name) if w != name), None)
            if known and re.search(r"\b(?:Government|Ministry|Department|Administration|Cabinet|Office|Embassy)$",
                                   name):
                self.alias.setdefault(name, known)  # "Sudan Government", "Chinese Foreign Ministry": the country
                continue
            self.alias.setdefault(name, name)
            first = name.split()[0]
            if first[:1].isupper() and first not in STOP_WORDS and first not in GENERIC_FIRST_WORDS \
                    and re.search(r"(?<![\w.-])" + re.escape(first) + r"(?:['\u2019]s)?(?![\w-])(?!\s+[A-Z])", text):
                self.alias.setdefault(first, self.alias[name])  # "Halvorsen's chief executive": Halvorsen Shipping
            if match.group(2) and match.group(2) not in OUTLETS:
                self.alias.setdefault(match.group(2), self.alias[name])
        # an organisation's name found here that ends with another found here is the same body with a qualifier
        # ("House Agriculture Committee" and "the Agriculture Committee"; "Bipartisan Senate Finance Committee")
        own = sorted((n for n, e in self.alias.items() if n == e and n not in _ALIAS and " " in n), key=len)
        for k, short in enumerate(own):
            for longer in own[k + 1:]:
                if longer.endswith(" " + short) and self.alias[longer] == longer:
                    self.alias[longer] = self.alias[short]
        self.advocates: set[str] = set()
        # "the activist group Public Citizen": a name after the kind of group it is names an organisation
        for match in _ADVOCACY.finditer(text):
            name = match.group(1)
            if name not in self.alias and name.split()[0] not in STOP_WORDS:
                self.alias[name] = name
                self.advocates.add(name)
        # a country's rebels are a side of their own, not the country ("Ivory Coast rebels", "Sudanese insurgents");
        # "the rebels" then names them (see ``groups``)
        for match in _REBELS.finditer(text) if any(noun in text for noun in _REBEL_WORDS) else ():
            if _ALIAS.get(match.group(1)) in _COUNTRIES and match.group(1) not in PLACES:
                self.alias.setdefault(match.group(), match.group())
        # rebels named only by the common noun ("the rebels", "key rebel groups", "rebel delegations"), twice or more,
        # are one side of their own when no country's rebels and no named group called a rebel group are found
        rebel_nouns = list(_REBEL_NOUN.finditer(text)) if "ebel" in text else []
        if len(rebel_nouns) >= 2 and not any(entity == name and _REBELS.fullmatch(name) for name, entity in self.alias.items()) \
                and not _NAMED_REBEL_GROUP.search(text) \
                and not any(entity.split()[-1] in _ARMED_HEADS for entity in self.alias.values()):
            for match in rebel_nouns:
                self.alias.setdefault(match.group(), "Rebels")
        # "P5+1", "a group of six world powers", "the G-Twenty": one bloc each
        for match in _BLOC.finditer(text) if _BLOC_HINT.search(text) else ():
            self.alias.setdefault(match.group(), _bloc_name(match))
        # "the People's Republic of China (PRC)": an acronym defined after a table name is that entity
        for match in _DEFINED_ACRONYM.finditer(text):
            named = [m.group() for m in _ENTITY_RE.finditer(text, max(0, match.start() - 60), match.start())
                     if m.end() == match.start() and m.group() in _ALIAS]
            if named and match.group(1) not in self.alias:
                self.alias[match.group(1)] = _ALIAS[named[-1]]
        counts: dict[str, int] = {}
        for acronym in _ACRONYM.findall(text):
            counts[acronym] = counts.get(acronym, 0) + 1
        capitals = sum(map(text.count, string.ascii_uppercase))  # an article in capitals: acronyms say nothing
        upper = capitals > 0.5 * max(1, capitals + sum(map(text.count, string.ascii_lowercase)))
        for acronym, count in counts.items():
            if acronym.capitalize() in self.alias:  # "LIBYA" in a capitalised headline is Libya
                self.alias.setdefault(acronym, self.alias[acronym.capitalize()])
            elif count >= 2 and not upper and acronym not in OUTLETS and acronym.title() not in STOP_WORDS \
                    and acronym not in STOP_WORDS and acronym not in NOT_ORGANISATIONS \
                    and not _names_no_actor(acronym, text):
                self.alias.setdefault(acronym, acronym)
        for name, entity in _single_names(text, body, attributions).items():
            self.alias.setdefault(name, entity)
        extra = [a for a in self.alias if a not in _ALIAS]
        self.pattern = re.compile(r"(?<![\w.])(" + trie_pattern(extra) + r")(?![\w])") if extra else None
        self.text = text
        self.matches = self._scan(text, 0, len(text))
        self.starts = [m[0] for m in self.matches]
        self.people = self._people(text, attributions)
        self.mentions: dict[str, int] = {}
        for _, _, entity in self.find(text):
            self.mentions[entity] = self.mentions.get(entity, 0) + 1
        self.in_title = {entity for _, _, entity in self.find(title or "")}
        self.groups: dict[str, str] = {}  # "the government" -> the entity whose government the article names
        for noun, heads in _GROUP_HEADS.items():
            named = [e for e in self.mentions if e.split()[-1].rstrip("s").capitalize() in heads]
            if named:
                self.groups[noun] = max(named, key=lambda e: self.mentions[e])
        for match in _GOVERNMENT.finditer(text) if "government" in text else ():
            country = self._entity_in(match.group(1))
            if country:
                self.groups.setdefault("government", country)
                break

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, entity)`` of every entity name in ``text[start:end]``."""
        end = len(text) if end is None else end
        if text is getattr(self, "text", None):  # the article: its matches were found once
            return self.matches[bisect_left(self.starts, start):bisect_left(self.starts, end)]
        return self._scan(text, start, end)

    def _scan(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Entity names in ``text[start:end]``: the table's and the article's own, longest first, no overlaps."""
        found = [(m.start(), m.end()) for m in _ENTITY_RE.finditer(text, start, end) if m.group() in self.alias]
        if self.pattern is not None:
            found += [(m.start(), m.end()) for m in self.pattern.finditer(text, start, end)]
            found.sort(key=lambda span: (span[0], -span[1]))
        kept: list[tuple[int, int, str]] = []
        for s0, s1 in found:
            if kept and s0 < kept[-1][1]:
                continue
            name = text[s0:s1]
            if name in PLACES and (_AT_PLACE.search(text, max(0, s0 - 12), s0) or _NAMED_EVENT.match(text, s1)) \
                    or self._city_before(text, s0):
                continue  # "talks in Vienna", "the Doha round", "in Doha, Qatar": a place or an event named after it
            kept.append((s0, s1, self.alias[name]))
        return kept

    def _city_before(self, text: str, s0: int) -> bool:
        """True when the name at ``s0`` follows a city and a comma ("in Doha, Qatar"); not when the name before the
        comma is itself a country or an organisation ("in Qatar, Egypt and the United States": a list)."""
        match = _CITY_COUNTRY.search(text, max(0, s0 - 40), s0)
        if match is None:
            return False
        words = match.group().split()[1:]
        before = " ".join(words).rstrip(", ")
        return not (before in self.alias and before not in PLACES or words[0].rstrip(",") in self.alias
                    and words[0].rstrip(",") not in PLACES)

    def names_of(self, entity: str) -> list[str]:
        """The other names the article gives ``entity`` (``U.S.``, ``American``, ``Sudanese Government``), in order
        of first use, at most twelve: the names this draft merged into one actor."""
        names = dict.fromkeys(self.text[s0:s1] for s0, s1, found in self.matches if found == entity)
        return [n for n in names if n != entity][:12]

    def _entity_in(self, phrase: str) -> str | None:
        found = self.find(phrase)
        return found[0][2] if found else None

    def _people(self, text: str, attributions: list[Attribution]) -> dict[str, str]:
        """Surname -> entity, from titles naming an entity before or after a person's name."""
        people: dict[str, str] = {}
        for match in _TITLED.finditer(text):
            found_entity = self._entity_in(match.group(1))
            surname = match.group(2).split()[-1]
            if found_entity and surname not in self.alias:
                people.setdefault(surname, found_entity)
        for attribution in attributions:
            if attribution.source_kind != "named" or attribution.speaker.lower() in _PRONOUN:
                continue
            after = text[attribution.speaker_span[1]:attribution.speaker_span[1] + 120].split(".")[0]
            phrase = attribution.speaker + (after if after.startswith(",") else "")
            entity = self._entity_in(re.sub(r"^.*?\b(?:of|for|from|with)\b", "", phrase)) if re.search(
                r"\b(?:of|for|from)\b", phrase) else None
            entity = entity or self._entity_in(phrase)
            surname = attribution.resolved_speaker.split()[-1] if attribution.resolved_speaker else ""
            if entity and surname and surname not in self.alias and entity != attribution.resolved_speaker:
                people.setdefault(surname, entity)
        return people

    def of(self, phrase: str) -> str | None:
        """The entity ``phrase`` names or speaks for, or None."""
        phrase = phrase.strip()
        if not phrase or phrase.lower() in _PRONOUN:
            return None
        found = [(start, entity) for start, _, entity in self.find(phrase)]
        found += [(m.start(), self.people[m.group(1)]) for m in re.finditer(r"\b([A-Z][\w-]+)", phrase)
                  if m.group(1) in self.people]
        if found:
            return min(found)[1]  # the first entity or person named ("Netanyahu's vow to invade Rafah": Israel)
        group = _GROUP_NOUN.match(phrase)
        if group:
            noun = group.group(1).lower()
            if noun.rstrip("s") in self.groups:
                return self.groups[noun.rstrip("s")]
            head = re.sub(r"^the\s+", "", phrase, flags=re.IGNORECASE)
            return head[0].upper() + head[1:]
        return None


# ---------------------------------------------------------------------------------------------- roles
_MEDIATOR_BEFORE = re.compile(r"^(?:[\s,\u2013\u2014-]*(?:which|who|that)\s+)?\s*(?:has\s+|have\s+|had\s+|is\s+|are\s+|"
                              r"was\s+|were\s+)?(?:been\s+)?(?:also\s+)?(?:hosted|hosts|hosting|host|brokered|brokers|"
                              r"brokering|broker|mediated|mediates|mediating|mediate|facilitated|facilitates|facilitating|"
                              r"sponsored|convened|convenes|(?:acting|acted|acts|act|serving|served|serves)\s+as\s+"
                              r"(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:broker|mediator|intermediary|go-between|"
                              r"facilitator|host))\b"
                              r"|^-(?:brokered|mediated|hosted|sponsored|led mediation)\b"
                              r"|^(?:'s)?\s+(?:mediators?|mediation|facilitators?)\b")
_MEDIATOR_AFTER = re.compile(r"\b(?:hosted|brokered|mediated|facilitated|sponsored|convened)\s+by\s+(?:the\s+)?"
                             r"(?:[\w-]+\s+){0,4}$|\b(?:mediators?|mediation|facilitators?)\s+(?:from|in)\s+(?:the\s+)?$",
                             re.IGNORECASE)
# the country where the talks are held hosts them: "the peace talks that began Thursday in Kuwait", "negotiations
# are being held in Nigeria" (a capital is a place, not an actor: see PLACES)
_HELD_IN = re.compile(r"\b(?:talks|negotiations|meeting|summit|round|conference)\b[^.;]{0,60}?\b(?:held|hosted|"
                      r"began|begin|begins|started|starts|opened|opens|resumed|resume|resumes|convened|convene|"
                      r"taking place|took place|take place|underway|under way)\b[^.;,]{0,25}?\bin\s+(?:the\s+)?$",
                      re.IGNORECASE)
# "opened peace talks in Ethiopia", "officials met in Brazil": the country hosts the talks
_HOSTED_IN = re.compile(r"\b(?:(?:held|hosted|began|begin|started|opened|open|resumed|resume|convened)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:talks|negotiations|meeting|summit|round|conference)|met|meet)\s+in\s+(?:the\s+)?$",
                        re.IGNORECASE)
# "the chief mediator, Togolese President Eyadema": the entity of the person named after a mediator's title
_MEDIATOR_TITLE = re.compile(r"\b(?:mediators?|facilitators?|brokers?|hosts?)\s*,\s*(?:the\s+)?$", re.IGNORECASE)
# "the mediation efforts of Egypt", "the tireless efforts of our partners in Qatar": the entity works for the talks
_EFFORTS_OF = re.compile(r"\b(?:mediation|mediating|diplomatic|tireless|facilitation)\s+efforts\s+(?:of|by)\s+"
                         r"(?:(?:our|their|its)\s+partners?\s+(?:in|from)\s+)?(?:the\s+)?$", re.IGNORECASE)
# "I thank Qatar, Egypt and the US ... for their efforts in co-ordinating": thanked for the work on the talks
_THANKED = re.compile(r"\b(?:thank|thanks|thanked|thanking|grateful\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
_FOR_EFFORTS = re.compile(r"(?:[^.;]{0,40}?)\bfor\s+(?:their|its|his|her)\s+(?:[\w-]+\s+){0,2}?(?:efforts|work|role|"
                          r"mediation|facilitation)\b", re.IGNORECASE)
# an international organisation's envoy works for the talks, not for a side ("the U.N. envoy for Yemen")
_ENVOY = re.compile(r"^(?:['\u2019]s)?\s+(?:special\s+)?envoys?\b")
_INTERNATIONAL = frozenset({"United Nations", "African Union", "European Union", "Arab League", "IGAD", "ASEAN",
                            "Organization of American States"})
# a convening body names the talks it hosts: "WTO talks", "the U.N. climate conference", "U.N.-sponsored",
# "United Nations negotiators"; "under the auspices of the African Union", "talks organised by IGAD"
_CONVENED_AFTER = re.compile(r"^(?:['\u2019]s)?(?:\s+|-)(?:[\w-]+\s+){0,2}?(?:talks|negotiations|conference|summit|round|"
                             r"negotiators|meeting|process|ministerial|framework convention|climate convention)\b"
                             r"|^(?:['\u2019]s)?\s+(?:members?|member\s+(?:states|countries|nations|governments))\b"
                             r"|^-(?:sponsored|led|backed|brokered|hosted|organi[sz]ed|convened|mediated)\b", re.IGNORECASE)
_CONVENED_BEFORE = re.compile(r"\b(?:under\s+the\s+auspices\s+of|(?:organi[sz]ed|convened|chaired)\s+by|"
                              r"(?:talks|negotiations|conference|summit|meeting)\s+at)\s+(?:the\s+)?$", re.IGNORECASE)
_PARTY_BEFORE = re.compile(r"^(?:['\u2019]s?)?\s+(?:chief\s+|top\s+|lead\s+)?(?:negotiators?|delegations?|"
                           r"negotiating team)\b"
                           r"|^\s+(?:and|,)\s+", re.IGNORECASE)
_PARTY_AFTER = re.compile(r"\b(?:talks|negotiations|dialogue|agreement|deal|accord|treaty|truce|ceasefire|"
                          r"cease-fire|negotiate|negotiating|negotiated|meet|met|meeting|merger|merge)\s+with\s+"
                          r"(?:the\s+)?$"
                          r"|\b(?:takeover|acquisition|purchase|bid|offer)\s+(?:of|for)\s+(?:the\s+)?$"
                          r"|\b(?:buy|acquire|buying|acquiring|bought|acquired)\s+(?:the\s+)?$"
                          r"|\b(?:negotiators?|delegations?|counterparts|officials|ministers|experts)\s+(?:from|of)\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:talks|negotiations|dialogue|agreements?|deals?|accords?|treaty|treaties|truce|ceasefire|"
                      r"cease-fire|"
                      r"conflict|war|fighting|dispute|standoff|exchange|swap|strikes|clashes|hostilities|violence|"
                      r"tensions|summit|meeting|relations)\s+(?:\w+\s+){0,2}?between\s+"
                      r"((?:[^.;:]|(?<=\b[A-Z])\.){3,160})", re.IGNORECASE)  # a stop after one capital: "U.S."
# where the sides of "talks between X and Y" end: before a clause or a place ("between warring parties taking place
# in Abuja, Nigeria": Nigeria is not a side)
_BETWEEN_STOP = re.compile(r"\s(?:taking|took|held|hosted|being|which|that|who|in|at|on|since|after|before|over|"
                           r"to|under|amid|during|for)\s")


def _between_end(match: re.Match) -> int:
    stop = _BETWEEN_STOP.search(match.string, match.start(1), match.end(1))
    return stop.start() if stop else match.end(1)


_TALKS_WITH = re.compile(r"\b(?:talks|negotiations|dialogue|agreement|deal|truce|ceasefire|cease-fire|"
                         r"negotiate|negotiating|negotiated)\s+with\b", re.IGNORECASE)
_AGREED = re.compile(r"^\s+(?:have\s+|has\s+|had\s+|are\s+|were\s+)?(?:agreed|signed|negotiated|negotiating|"
                     r"reached an? (?:agreement|deal)|held (?:talks|negotiations)|(?:resumed|began|opened) "
                     r"(?:talks|negotiations)|met)\b")
# "Japan and Russia are also party to the talks", "China takes part in the negotiations", "if X, Y and Z fail to
# agree": the subject (and the list before it) negotiates, even alone
_PARTY_TO = re.compile(r"^\s+(?:(?:is|are|was|were|has been|have been)\s+(?:also\s+)?(?:a\s+)?(?:party|parties|"
                       r"participants?)\s+(?:to|in)|(?:also\s+)?(?:take|takes|took|taking|taken)\s+part\s+in|"
                       r"(?:also\s+)?(?:participate|participates|participated|participating)\s+in)\s+(?:the\s+)?"
                       r"(?:[\w-]+\s+){0,2}?(?:talks|negotiations|dialogue)\b"
                       r"|^\s+(?:fail|fails|failed)\s+to\s+agree\b")
# "Hamas' acceptance of the deal", "Israel's readiness to move forward with the terms": the entity whose answer the
# deal waits for is a side
_ANSWER_AFTER = re.compile(r"^['\u2019]s?\s+(?:[\w-]+\s+){0,2}?(?:acceptance|rejection|refusal|readiness|willingness|"
                           r"approval|response|answer|consent)\s+(?:of|to)\s+(?:[\w-]+\s+){0,6}?(?:deal|agreement|"
                           r"terms|proposals?|offer|ceasefire|cease-fire|truce|accord|treaty|plan)\b", re.IGNORECASE)
# "the proposed union of Saudi Arabia and Bahrain", "a merger of X and Y": the members join by a deal of their own
_UNION_OF = re.compile(r"\b(?:union|merger|unification|federation|confederation)\s+(?:of|between)\s+(?:the\s+)?",
                       re.IGNORECASE)
# "the P5+1 negotiations", "the Iran talks": a side named in the name of the talks (a convening body's are its own:
# "WTO talks", see _CONVENED_AFTER)
_NAMED_TALKS = re.compile(r"(?:\s+(?:nuclear|trade|peace))?\s+(?:talks|negotiations)\b")
# "the negotiations, which include North and South Korea, the United States, Russia and Japan": the list negotiates
_TALKS_INCLUDE = re.compile(r"\b(?:talks|negotiations|dialogue)\s*,?\s+(?:which|that)\s+(?:also\s+)?(?:include|includes|"
                            r"included|involve|involves|involved|bring together|brings together|brought together)\s+",
                            re.IGNORECASE)
_COMPASS = ("North", "South", "East", "West")
_ELIDED = re.compile(r"(North|South|East|West)\s+and\s+")
# "The 12 nations are responsible for a third of world trade. They include Australia, Chile, Japan, ...": an
# enumeration of three or more names that opens a sentence after one about the nations (countries, members) at the
# talks lists the sides
_ENUMERATION = re.compile(r"\s*(?:They|These|Those|The\s+(?:[\w-]+\s+){0,2}?(?:nations|countries|members|parties|"
                          r"governments|sides))\s+(?:include|includes|are)\s+(?:the\s+)?")
_COUNTED_SIDES = re.compile(r"\b(?:nations|countries|members|parties|governments|sides)\b")
# "the United States, together with Egypt and Qatar, would work to ensure the full implementation of the agreement":
# a list that works for the deal to be reached or kept, with no cue of its own as a side, mediates
_TOGETHER_JOIN = re.compile(r"\s*,?\s*(?:together|along)\s+with\s+(?:the\s+)?")
_WORK_FOR_DEAL = re.compile(r"\s*,?\s*(?:would|will|shall|to|continue\s+to|are\s+working|were\s+working|"
                            r"worked|work)\s+(?:continue\s+to\s+)?(?:work\s+)?(?:together\s+|closely\s+)?to\s+"
                            r"(?:ensure|secure|broker|facilitate|help|achieve|reach|support)\b", re.IGNORECASE)
_BUYER = re.compile(r"^\s+(?:has\s+|have\s+|had\s+)?(?:agreed|agrees|offered|offers|moved|bid|bids|plans|is seeking|"
                    r"seeks)\s+to\s+(?:buy|acquire|take over|merge)\b|^\s+(?:has\s+|had\s+)?"
                    r"(?:bought|acquired|bid for|made an offer for|launched a (?:bid|takeover))\b")


_OUTSIDE_AFTER = re.compile(r"^(?:['\u2019]s(?:\s+[\w-]+){1,3}?)?\s+(?:has\s+|have\s+|had\s+|also\s+|on\s+\w+\s+)?"
                            r"(?:" + "|".join(OUTSIDE_VERBS) + r")\b")
# "the US calling for the resumption of negotiations between Israel and Hamas": it presses for talks between others
_CALLS_FOR_TALKS = re.compile(r"^\s+(?:has\s+|have\s+|is\s+|are\s+|was\s+|were\s+)?(?:also\s+)?(?:calling|calls|called|call|pressing|pressed|presses)\s+"
                              r"for\s+[^.;]{0,60}?\b(?:talks|negotiations|dialogue)\s+between\b", re.IGNORECASE)
# qualifiers of such a group that do not make it another group ("former hostages" are the hostages)
_GROUP_QUALIFIERS = ("former", "western", "foreign", "european", "american", "local", "international", "remaining",
                     "freed", "released")
_OBSERVER_GROUP = FoldedPattern(r"\b(?:(?:" + "|".join(_GROUP_QUALIFIERS) + r"|anti-[\w-]+,?)\s+)?(?:"
                               + trie_pattern(list(OBSERVER_GROUPS)) + r")\b")


def _outside_voices(text: str, body: list[Sentence], entities: Entities) -> dict[str, list[str]]:
    """Entity -> the sentences where it welcomes, urges, praises or condemns (``OUTSIDE_VERBS``)."""
    found: dict[str, list[str]] = {}
    for sentence in body:
        names = entities.find(text, sentence.start, sentence.end)
        for k, (_, end, entity) in enumerate(names):
            after = text[end:min(sentence.end, end + 100)]
            if _OUTSIDE_AFTER.match(after) or _CALLS_FOR_TALKS.match(after):
                j = k  # the list this entity closes speaks with it: "Qatar, Egypt and the US calling for talks"
                while j > 0 and _LIST_JOIN.fullmatch(text[names[j - 1][1]:names[j][0]]):
                    j -= 1
                for member in names[j:k + 1]:
                    quotes = found.setdefault(member[2], [])
                    if len(quotes) < _KEEP and sentence.text.strip() not in quotes:
                        quotes.append(sentence.text.strip())
    return found


def _observer_groups(text: str, body: list[Sentence]) -> dict[str, list[str]]:
    """A group named by a common noun twice or more (``OBSERVER_GROUPS``: "the hostages", "environmental
    groups") -> the sentences naming it; the group's name is its first naming with its qualifier."""
    seen: dict[str, tuple[str, list[str]]] = {}
    for sentence in body:
        for match in _OBSERVER_GROUP.finditer(text, sentence.start, sentence.end):
            words = match.group().lower().rstrip(",").split()
            qualified = words[0].rstrip(",") in _GROUP_QUALIFIERS or words[0].startswith("anti-")
            key = words[-1] if len(words) == 1 or qualified else " ".join(words)
            name, quotes = seen.setdefault(key, (text[match.start():match.end()], []))
            quotes.append(sentence.text.strip())
    return {name[0].upper() + name[1:]: quotes[:_KEEP] for name, quotes in seen.values() if len(quotes) >= 2}


# "Resolution 1701", "a clear violation of Security Council resolutions": a body cited only for what it once
# resolved is a reference, not an actor of these talks
_RESOLUTION_NUMBERED = re.compile(r"\s+[Rr]esolutions?\s+\d")
_RESOLUTION_VIOLATED = re.compile(r"\bviolations?\s+of\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_RESOLUTION = re.compile(r"\s+[Rr]esolutions?\b")


def _only_resolutions(name: str, text: str, entities: Entities) -> bool:
    """True when every mention of ``name`` cites one of its resolutions by number or as violated."""
    spans = [(s0, s1) for s0, s1, found in entities.matches if found == name]
    return bool(spans) and all(_RESOLUTION_NUMBERED.match(text, s1) or _RESOLUTION.match(text, s1)
                               and _RESOLUTION_VIOLATED.search(text, max(0, s0 - 60), s0) for s0, s1 in spans)


def _cite_first_naming(actor: Any, role: str, name: str, text: str, body: list[Sentence], entities: Entities) -> None:
    """Give ``name`` the ``role`` cue of the first body sentence that names it (none if no sentence does)."""
    first = next((s for s in body if any(e == name for _, _, e in entities.find(text, s.start, s.end))), None)
    if first is not None:
        actor(name)[role].append(first.text.strip())


_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")
_LEGISLATURE = re.compile(r"(?:^|\s)(?:" + "|".join(LEGISLATURE_HEADS) + r")$")
_CHAMBER_COMMITTEE = re.compile(r"^(?:" + "|".join(LEGISLATURE_CHAMBERS) + r")\s.*\bCommittee$")
_CONSENT = re.compile(r"\b(?:" + "|".join(CONSENT_WORDS) + r")\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|never|without|n't)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_MEDIATING_NAME = re.compile(r"\b(?:" + "|".join(MEDIATING_NAME_WORDS) + r")\b")


def _legislatures(text: str, body: list[Sentence], entities: Entities) -> dict[str, list[str]]:
    """Legislature -> the sentences that name it with a word of consent (``ratify``, ``approval``, ``vote``, not
    negated: "does not require Senate ratification"); an empty list when none does. A legislature is named by its
    last word (``LEGISLATURE_HEADS``: "Congress", "European Parliament") or is a chamber's committee ("Senate
    Armed Services Committee")."""
    found: dict[str, list[str]] = {}
    for name in entities.mentions:
        if "General Assembly" in name or not (_LEGISLATURE.search(name) or _CHAMBER_COMMITTEE.match(name)
                or name.endswith("Committee") and re.search(r"\b(?:" + "|".join(LEGISLATURE_CHAMBERS) + r")\s+"
                                                            + re.escape(name), text)):
            continue
        consent = found.setdefault(name, [])
        for sentence in body:
            if not any(e == name for _, _, e in entities.find(text, sentence.start, sentence.end)):
                continue
            if any(not _NEGATED.search(text, sentence.start, m.start())
                   for m in _CONSENT.finditer(text, sentence.start, sentence.end)) and len(consent) < _KEEP:
                consent.append(sentence.text.strip())
    return found

# a person's name as a speaker: two to four capitalised words ("Tal Schneider", "Mark A. Rathbun")
_PERSON_NAME = re.compile(r"[A-Z][a-z\u00e0-\u024f'\u2019-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z\u00e0-\u024f'\u2019-]+)){1,3}")
_ORG_WORD = re.compile(r"\b(?:" + "|".join(sorted(ORGANISATION_HEADS, key=len, reverse=True)) + r")\b")
_COMMENTATOR = FoldedPattern(r"\b(?:" + trie_pattern(list(COMMENTATORS)) + r")\b")


@lru_cache(maxsize=4)
def _names_a_commentator(text: str) -> bool:
    """Whether a commentator's occupation occurs anywhere in ``text`` (asked once per article, not per person)."""
    return _COMMENTATOR.search(text) is not None


def _is_commentator(person: str, phrase: str, text: str) -> bool:
    """True when ``person`` is named by a commentator's occupation (``COMMENTATORS``) in the speaker ``phrase``
    ("leading blogger Yossi Gurvits") or in the article ("journalist Tal Schneider", "Tal Schneider, a journalist")."""
    if _COMMENTATOR.search(phrase):
        return True
    if not _names_a_commentator(text):
        return False  # no occupation word anywhere: neither pattern below can match
    return bool(_commentator_named(person).search(text))


@lru_cache(maxsize=1024)
def _commentator_named(person: str) -> re.Pattern[str]:
    """``journalist Tal Schneider`` or ``Tal Schneider, a journalist`` for this person (compiled once per name)."""
    name = re.escape(person)
    return re.compile(_COMMENTATOR.pattern + r"\s+(?:[A-Z][\w.'\u2019-]*\s+){0,2}?" + name + r"\b|" + name
                      + r",\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?" + _COMMENTATOR.pattern)


_KEEP = 8  # sentences kept per entity and role (the draft quotes at most four per actor)
_LONGEST = 3000  # characters: longer sentences are not read for roles (as for attributions)


def _roles(text: str, body: list[Sentence], entities: Entities) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Entity -> the sentences that show it negotiating (party) or hosting/brokering (mediator)."""
    party: dict[str, list[str]] = {}
    mediator: dict[str, list[str]] = {}

    def add(table: dict[str, list[str]], entity: str, sentence: Sentence) -> None:
        quotes = table.setdefault(entity, [])
        if len(quotes) < _KEEP and sentence.text.strip() not in quotes:
            quotes.append(sentence.text.strip())

    previous = ""
    for sentence in body:
        if sentence.end - sentence.start > _LONGEST:
            continue  # a "sentence" of thousands of characters is a table or a list run together, not prose
        found = entities.find(text, sentence.start, sentence.end)
        opening, previous = previous, sentence.text
        if not found:
            continue
        enumeration = _ENUMERATION.match(text, sentence.start, sentence.end)
        if enumeration and found[0][0] == enumeration.end() and _COUNTED_SIDES.search(opening + " " + sentence.text[
                :enumeration.end() - sentence.start]):
            listed = 1
            while listed < len(found) and _LIST_JOIN.fullmatch(text[found[listed - 1][1]:found[listed][0]]):
                listed += 1
            if listed >= 3:
                for f in found[:listed]:
                    add(party, f[2], sentence)
        between = [(m.start(1), _between_end(m)) for m in _BETWEEN.finditer(text, sentence.start, sentence.end)] \
            if mentions(text, "between", sentence.start, sentence.end) else []
        for start, end, entity in found:
            before = text[max(sentence.start, start - 80):start]
            after = text[end:min(sentence.end, end + 60)]
            if any(b0 <= start < b1 for b0, b1 in between):
                add(party, entity, sentence)
            elif entity in CONVENERS and (_CONVENED_AFTER.match(after) or _CONVENED_BEFORE.search(before)):
                add(mediator, entity, sentence)
            elif _PARTY_AFTER.search(before) or re.match(r"^(?:['\u2019]s?)?\s+(?:chief\s+|top\s+|lead\s+)?"
                                                          r"(?:negotiators?|delegations?|negotiating team)\b", after):
                add(party, entity, sentence)
            elif _BUYER.match(after) or _ANSWER_AFTER.match(after) \
                    or entity not in CONVENERS and _NAMED_TALKS.match(after) and re.search(r"\bthe\s+$", before):
                add(party, entity, sentence)
            elif _MEDIATOR_BEFORE.match(after) or _MEDIATOR_AFTER.search(before) or _HELD_IN.search(before) \
                    or _HOSTED_IN.search(before) or _MEDIATOR_TITLE.search(before) or _EFFORTS_OF.search(before) \
                    or entity in _INTERNATIONAL and _ENVOY.match(after):
                add(mediator, entity, sentence)
            elif _AGREED.match(after) and re.search(r"\band\s+(?:the\s+)?$", before):
                add(party, entity, sentence)
        # "X resumed talks with Y": the subject negotiates too
        for match in _TALKS_WITH.finditer(text, sentence.start, sentence.end):
            subject = [f for f in found if f[1] <= match.start() and not _MEDIATOR_BEFORE.match(text[f[1]:f[1] + 60])
                       and not _MEDIATOR_AFTER.search(text[max(sentence.start, f[0] - 40):f[0]])]
            if subject:  # the nearest entity before "talks with"
                add(party, subject[-1][2], sentence)
        # "mediators from Egypt, Qatar and the United States", "hosted by Norway and Switzerland": the rest of a list
        # whose first member mediates mediates too (unless something in the sentence shows it negotiating);
        # "I thank Qatar, Egypt and the US for their efforts": the whole list thanked for its efforts mediates
        k = 0
        while k < len(found):
            j = k
            while j + 1 < len(found) and _LIST_JOIN.fullmatch(text[found[j][1]:found[j + 1][0]]):
                j += 1
            members = found[k:j + 1]
            thanked = _THANKED.search(text, max(sentence.start, found[k][0] - 20), found[k][0]) and \
                _FOR_EFFORTS.match(text, found[j][1], min(sentence.end, found[j][1] + 60))
            if thanked or sentence.text.strip() in mediator.get(found[k][2], ()) and len(members) > 1:
                for f in members:
                    if sentence.text.strip() not in party.get(f[2], ()):
                        add(mediator, f[2], sentence)
            k = j + 1
        # "the union of X and Y": both are sides
        member: int | None
        for match in _UNION_OF.finditer(text, sentence.start, sentence.end):
            member = next((i for i, f in enumerate(found) if f[0] == match.end()), None)
            if member is not None and member + 1 < len(found) and _LIST_JOIN.fullmatch(
                    text[found[member][1]:found[member + 1][0]]):
                while member is not None:
                    add(party, found[member][2], sentence)
                    member = member + 1 if member + 1 < len(found) and _LIST_JOIN.fullmatch(
                        text[found[member][1]:found[member + 1][0]]) else None
        # "the talks, which include X, Y and Z": the list negotiates
        for match in _TALKS_INCLUDE.finditer(text, sentence.start, sentence.end):
            member = next((i for i, f in enumerate(found) if match.end() <= f[0] <= match.end() + 20), None)
            elided = _ELIDED.fullmatch(text, match.end(), found[member][0]) if member is not None else None
            if member is not None and elided and found[member][2].split()[0] in _COMPASS:  # "North and South Korea"
                other = entities.of(elided.group(1) + found[member][2][len(found[member][2].split()[0]):])
                if other:
                    add(party, other, sentence)
            while member is not None:
                add(party, found[member][2], sentence)
                member = member + 1 if member + 1 < len(found) and _LIST_JOIN.fullmatch(
                    text[found[member][1]:found[member + 1][0]]) else None
        # "X, together with Y and Z, would work to ensure the agreement": the list works for the deal, as mediators
        k = 0
        while k < len(found):
            j, together = k, False
            while j + 1 < len(found):
                gap = text[found[j][1]:found[j + 1][0]]
                if _TOGETHER_JOIN.fullmatch(gap):
                    together = True
                elif not _LIST_JOIN.fullmatch(gap):
                    break
                j += 1
            if together and _WORK_FOR_DEAL.match(text, found[j][1], min(sentence.end, found[j][1] + 80)):
                for f in found[k:j + 1]:
                    if sentence.text.strip() not in party.get(f[2], ()):
                        add(mediator, f[2], sentence)
            k = j + 1
        # "an agreement with the U.S., Russia, China and Germany": the rest of a list whose first member
        # negotiates negotiate too
        in_party = [k for k, f in enumerate(found) if sentence.text.strip() in party.get(f[2], ())
                    and not _MEDIATOR_BEFORE.match(text[f[1]:f[1] + 60])]
        for k in in_party:
            j = k
            while j + 1 < len(found) and _LIST_JOIN.fullmatch(text[found[j][1]:found[j + 1][0]]):
                j += 1
                add(party, found[j][2], sentence)
        # "X and Y agreed": both
        for start, end, entity in found:
            alone = bool(_PARTY_TO.match(text[end:min(sentence.end, end + 80)]))
            if alone or _AGREED.match(text[end:min(sentence.end, end + 40)]):
                joined = [f for f in found if f[1] <= start and re.fullmatch(r"\s*(?:,|and)\s*(?:the\s+)?",
                                                                              text[f[1]:start])]
                if alone:
                    j = next((k for k, f in enumerate(found) if f[0] == start), 0)
                    while j > 0 and _LIST_JOIN.fullmatch(text[found[j - 1][1]:found[j][0]]):
                        j -= 1  # the whole list before the verb: "if X, Y and Z fail to agree"
                    joined = [f for f in found[j:] if f[0] < start]
                if joined or alone:
                    add(party, entity, sentence)
                    for f in joined:
                        add(party, f[2], sentence)
    return party, mediator


# ---------------------------------------------------------------------------------------------- issues
_PHRASE_ISSUE = {phrase.lower(): issue for issue, spec in ISSUES.items() for phrase in spec[1]}
_PHRASES = FoldedPattern(r"\b(" + trie_pattern(list(_PHRASE_ISSUE)) + r")\b")
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUMBER = re.compile(r"(?<![\w.])(?:(?:US)?\$\s?|\u20ac\s?|\u00a3\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
                     + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")(?:-|\s)?(" + _UNIT_RE + r")(?![\w])",
                     re.IGNORECASE)


def detect_issues(text: str, start: int = 0, end: int | None = None) -> dict[str, list[dict]]:
    """Issue id -> the phrases (with spans) that evoked it, in order of first mention."""
    found: dict[str, list[dict]] = {}
    for match in _PHRASES.finditer(text, start, len(text) if end is None else end):
        issue = _PHRASE_ISSUE[match.group()]
        found.setdefault(issue, []).append({"phrase": text[match.start():match.end()],
                                            "span": [match.start(), match.end()]})
    ordered = sorted(found.items(), key=lambda item: item[1][0]["span"][0])
    return dict(ordered)


def stated_numbers(phrase: str) -> list[tuple[float, str]]:
    """``(value, unit)`` of every number with a unit in ``phrase`` (``six percent`` -> (6.0, "percent"))."""
    found = []
    for match in _NUMBER.finditer(phrase):
        raw = match.group(1).lower().replace(",", "")
        value = float(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else float(raw)
        unit = UNITS[match.group(2).lower()]
        if match.group(0).lstrip().startswith(("$", "US$")) and unit in ("billion", "million"):
            unit += " USD"
        found.append((value, unit))
    return found


def _nice_step(width: float) -> float:
    """The largest of 1, 2, 5 times a power of ten that cuts ``width`` into at least 20 steps."""
    if width <= 0:
        return 1.0
    raw = width / 20
    power = 10 ** math.floor(math.log10(raw))
    for factor in (5, 2, 1):
        if factor * power <= raw:
            return float(factor * power)
    return float(power)


# ---------------------------------------------------------------------------------------------- the draft
_DEMAND_KINDS = {"demands": "demand", "offers": "offer", "insists_on": "accept", "open_only_to": "accept",
                 "only_if": "accept", "needs_to_be": "accept", "rejects": "reject", "will_not_accept": "reject"}


def build_draft(text: str, attributions: list[Attribution], positions: list[dict], claims: list[dict],
                *, source_file: str = "article.txt", title: str | None = None,
                sentences: list[Sentence] | None = None, url: str | None = None) -> dict:
    """The scenario skeleton (a dict in the scenario format, version 1), following the steps of the module."""
    body = sentences if sentences is not None else split_sentences(text)
    entities = Entities(text, attributions, title, body)
    party_cues, mediator_cues = _roles(text, body, entities)

    actors: dict[str, dict[str, Any]] = {}

    def actor(name: str) -> dict[str, Any]:
        if name not in actors:
            actors[name] = {"party": [], "mediator": [], "weak": [], "observer": [], "terms": []}
        return actors[name]

    # an organisation whose name says it mediates ("... Mediation and Conciliation Service") mediates
    for name in entities.mentions:
        spelled = re.search(r"\b([A-Z][\w]*(?:\s+(?:[A-Z][\w]*|and|of|for|&)){1,7})\s*\(" + re.escape(name) + r"\)",
                            text) if _ACRONYM.fullmatch(name) else None  # "Federal Mediation ... Service (FMCS)"
        if _MEDIATING_NAME.search(name) or spelled and _MEDIATING_NAME.search(spelled.group(1)):
            quotes = mediator_cues.setdefault(name, [])
            first = next((s for s in body if any(e == name for _, _, e in entities.find(text, s.start, s.end))), None)
            if first is not None and not quotes:
                quotes.append(first.text.strip())
            party_cues.pop(name, None)
    # a legislature is a side when the deal needs its vote (a sentence naming it with a word of consent), otherwise
    # it watches: briefed, consulted or commenting, it is never made a side by mentions
    legislatures = _legislatures(text, body, entities)
    watching = set(WATCHERS) | {name for name, consent in legislatures.items() if not consent}
    for name, consent in legislatures.items():
        if consent:
            party_cues.setdefault(name, []).extend(q for q in consent if q not in party_cues.get(name, ()))
    for name, quotes in party_cues.items():
        if name not in watching:
            actor(name)["party"].extend(quotes)
    for name, quotes in mediator_cues.items():
        if name not in watching:
            actor(name)["mediator"].extend(quotes)

    outside = _outside_voices(text, body, entities)
    for name, quotes in outside.items():
        if name not in party_cues and name not in mediator_cues:
            actor(name)["observer"].extend(quotes)
    groups = _observer_groups(text, body)
    for name, quotes in groups.items():
        if entities.of(name) is None and name not in actors:
            actor(name)["observer"].extend(quotes)
    for name in sorted(entities.advocates):  # named as an advocacy group, a watchdog, a business group: it presses
        if name in entities.mentions and name not in actors:
            _cite_first_naming(actor, "observer", name, text, body, entities)
    for name in sorted(watching):  # a watching body named (a legislature: twice or more) with no other cue
        if entities.mentions.get(name, 0) >= (1 if name in WATCHERS else 2) and name not in actors \
                and not _only_resolutions(name, text, entities):
            _cite_first_naming(actor, "observer", name, text, body, entities)

    # stated terms: positions, demands, offers, red lines
    for position in positions:
        holder = position["holder"]
        if holder.lower() in _PRONOUN and position.get("source") not in (None, "article"):
            holder = position["source"]
        holder_entity = entities.of(holder)
        if holder_entity is None and position.get("source") not in (None, "article") and not re.match(r"[A-Z]", holder):
            holder_entity = entities.of(position["source"])
        if holder_entity:
            entry = actor(holder_entity)
            if len(entry["weak"]) < _KEEP:
                entry["weak"].append(position["text"])
            entry["terms"].append(position)
    for claim in claims:
        if claim["kind"] == "blame":
            blamed = entities.of(claim["blamed"])
            if blamed and len(actor(blamed)["weak"]) < _KEEP:
                actor(blamed)["weak"].append(claim["text"])
        elif claim["kind"] == "pressure":
            pressed, presser = entities.of(claim["pressed"]), entities.of(claim["presser"])
            if pressed and len(actor(pressed)["weak"]) < _KEEP:
                actor(pressed)["weak"].append(claim["text"])
            if presser and presser != pressed and len(actor(presser)["observer"]) < _KEEP:
                actor(presser)["observer"].append(claim["text"])
    # who comments: the speaker's organisation; a commentator named by their occupation ("Israeli journalist Tal
    # Schneider", "Dana Lee, a political analyst") and by no organisation speaks in their own right (a nationality
    # does not make a journalist the country's voice): an observer of their own, never made a side
    commentators: dict[str, list[str]] = {}
    for attribution in attributions:
        if attribution.speaker.lower() in _PRONOUN:
            continue
        person = attribution.resolved_speaker
        if attribution.source_kind == "named" and _PERSON_NAME.fullmatch(person) and not _ORG_WORD.search(person) \
                and person not in entities.alias and _is_commentator(person, attribution.speaker, text) \
                and not re.search(r"\b(?:of|for|at|with|from)\s", attribution.speaker):
            commentators.setdefault(person, []).append(attribution.content)
            continue
        speaker = entities.of(person) or entities.of(attribution.speaker)
        if speaker and len(actor(speaker)["observer"]) < _KEEP:
            actor(speaker)["observer"].append(attribution.content)
    for name, quotes in commentators.items():
        if name not in actors:
            actor(name)["observer"].extend(quotes[:_KEEP])

    # a convening body the article keeps naming (twice or more) with no cue of its own hosts the talks
    for name in CONVENERS:
        if name not in actors and entities.mentions.get(name, 0) >= 2:
            _cite_first_naming(actor, "mediator", name, text, body, entities)

    def role(name: str, entry: dict[str, Any]) -> str:
        if entry["party"]:
            return "party"
        if entry["mediator"]:
            return "mediator"
        if entry["weak"]:  # a stated demand: a side, unless a convening body states it (its aim for the talks) or
            # an outside voice or a watching body does (it urges, welcomes, calls for)
            return "mediator" if name in CONVENERS else "observer" if name in outside or name in watching else "party"
        return "observer"

    roles = {name: role(name, entry) for name, entry in actors.items()}
    assumptions: dict[str, str] = {}
    parties = [n for n, r in roles.items() if r == "party"]
    # an outside voice (it welcomes, urges, condemns) or a group named by a common noun is never made a side
    commenters = {n for n, r in roles.items() if r == "observer" and n not in outside and n not in watching
                  and n not in groups and n not in commentators}
    if len(parties) < 2:
        # the most mentioned entities with no role of their own or only quoted as commenting (an entity whose people
        # speak about the talks is more often a side than a name mentioned less), then placeholders
        ranked = sorted((n for n in entities.mentions if (n not in roles or n in commenters) and n not in CONVENERS
                         and n not in watching),
                        key=lambda n: (-(entities.mentions[n] + 3 * (n in entities.in_title)), n))
        needed, chosen = 2 - len(parties), []
        for name in ranked:  # as many names with no role as are missing, and the commenters mentioned more
            if needed <= 0:
                break
            chosen.append(name)
            needed -= name not in commenters
        for name in chosen:
            actor(name)
            roles[name] = "party"
            assumptions[name] = ("Made a party because it is among the most mentioned; the article does not say it "
                                 "negotiates. Check the role." if name not in commenters else
                                 "Made a party because it is among the most mentioned and quoted on the talks; the "
                                 "article does not say it negotiates. Check the role.")
        parties = [n for n, r in roles.items() if r == "party"]
        commenters -= set(parties)
    observers = sorted(commenters)
    while len(parties) < 2 and observers:  # a commenter, when nothing else is left
        name = max(observers, key=lambda n: entities.mentions.get(n, 0))
        observers.remove(name)
        roles[name] = "party"
        assumptions[name] = "Made a party because the article names no second party; it is quoted as commenting."
        parties.append(name)

    term_issue: dict[int, str] = {}  # id(position) -> the issue it is about
    issues = _issues(text, body, title, actors, roles, term_issue)
    actors_doc: dict[str, dict] = {}
    ids: dict[str, str] = {}
    for name in sorted(actors, key=lambda n: (("party", "mediator", "observer").index(roles[n]),
                                              -entities.mentions.get(n, 0), n)):
        aid, k = slug(name), 1
        while aid in ids.values():  # two names with one id ("U.S." and "US" are one entity already)
            k += 1
            aid = f"{slug(name)}-{k}"
        ids[name] = aid
    while len(parties) < 2:
        name = f"Party {len(parties) + 1}"
        actors[name] = {"party": [], "mediator": [], "weak": [], "observer": [], "terms": []}
        roles[name] = "party"
        ids[name] = slug(name)
        assumptions[name] = "The extractor found no second party in the article; name it."
        parties.append(name)
    for name, aid in ids.items():
        entry, actor_role = actors[name], roles[name]
        body_doc: dict[str, Any] = {"name": name, "role": actor_role, "power": 1}
        if actor_role == "party":
            body_doc["reservation"] = 0
        evidence: list[dict] = []
        for key in ("party", "mediator", "weak", "observer"):
            for snippet in entry[key]:
                snippet = snippet.strip()
                if snippet and {"source": "article", "quote": snippet} not in evidence and len(evidence) < 4:
                    evidence.append({"source": "article", "quote": snippet})
        if name in assumptions:
            evidence.append({"assumption": assumptions[name]})
        elif name.lower() in GROUP_NOUNS:
            evidence.append({"assumption": f"The article names this side only as \"the {name.lower()}\"; give it "
                                           "its proper name."})
        evidence.append({"assumption": "Placeholder numbers: the article gives no figure for power"
                         + (" or reservation (no-deal value)" if actor_role == "party" else "") + "; fill them in."})
        body_doc["evidence"] = evidence
        aliases = entities.names_of(name)
        if aliases:
            body_doc["x-aliases"] = aliases
        if actor_role == "party":
            body_doc["preferences"] = {iid: _preference([t for t in entry["terms"] if term_issue.get(id(t)) == iid],
                                                        issue, text) for iid, issue in issues.items()}
        actors_doc[aid] = body_doc

    issues_doc = {iid: issue["doc"] for iid, issue in issues.items()}
    source: dict[str, Any] = {"title": title or source_file, "file": source_file}
    description = (f"Draft extracted by `accord extract` from {source_file}. Every quote is verbatim from the article; "
                   "every number the article does not state is a placeholder marked as an assumption.")
    if url:
        description += f" Article address: {url}"
    return {"accord": 1, "name": title or "Draft scenario", "description": description,
            "sources": {"article": source}, "issues": issues_doc, "actors": actors_doc}


_MONEY_UNITS = {"USD", "EUR", "billion", "million", "billion USD", "million USD"}
_MONEY_ISSUES = ("ransom", "wages", "price", "debt-relief", "climate-finance")


def _term_issue(position: dict, text: str, body: list[Sentence], starts: list[int], evoked: dict) -> str | None:
    """The issue a stated term is about: named in its object, else in its sentence, else just before it."""
    money = [u for _, u in stated_numbers(position["object"]) if u in _MONEY_UNITS]
    if money:
        named = [i for i in _MONEY_ISSUES if i in evoked]
        if named:
            return named[0]
    for phrase in (position["object"], position["text"]):
        found = detect_issues(phrase)
        if found:
            return next(iter(found))
    start = position["span"][0]
    index = bisect_right(starts, start) - 1
    if index >= 0:
        sentence = body[index]
        found = detect_issues(text, sentence.start, sentence.end)
        if found:
            return next(iter(found))
        for previous in reversed(body[max(0, index - 2):index]):
            if previous.paragraph == sentence.paragraph or previous is body[index - 1]:
                found = detect_issues(text, previous.start, previous.end)
                if found:
                    return list(found)[-1]
    return None


def _issues(text: str, body: list[Sentence], title: str | None, actors: dict[str, dict], roles: dict[str, str],
            term_issue: dict[int, str]) -> dict[str, dict]:
    """Issue id -> {"doc": the issue's scenario entry, "numeric": bool, ...}; fills ``term_issue``."""
    starts = [s.start for s in body]
    evoked: dict[str, list[dict]] = {}  # issue -> its phrases inside body sentences, in order
    ends = [s.end for s in body]
    for match in _PHRASES.finditer(text):
        k = bisect_right(starts, match.start()) - 1
        if k >= 0 and match.end() <= ends[k]:
            evoked.setdefault(_PHRASE_ISSUE[match.group().lower()], []).append(
                {"phrase": text[match.start():match.end()], "span": [match.start(), match.end()]})
    about: dict[str, list[dict]] = {}  # issue -> the stated terms about it
    for name, entry in actors.items():
        if roles.get(name) != "party":
            continue
        for position in entry["terms"]:
            topic = _term_issue(position, text, body, starts, evoked)
            if topic is not None:
                term_issue[id(position)] = topic
                about.setdefault(topic, []).append(position)
    in_title = detect_issues(title or "")
    chosen = list(about)
    chosen += [i for i, p in evoked.items() if i not in chosen and (len(p) >= 2 or i in in_title)]
    if not chosen:
        for match in re.finditer(r"\b([\w-]+)\s+(?:talks|negotiations)\b", (title or "") + "\n" + text, re.IGNORECASE):
            topic = TALK_TOPICS.get(match.group(1).lower())
            if topic and topic not in chosen:
                chosen.append(topic)
    chosen += [i for i in in_title if i not in chosen]
    if not chosen:
        chosen = [i for i in evoked][:1]
    result: dict[str, dict] = {}
    for issue in chosen:
        name, _, defaults, option_words = ISSUES[issue]
        terms = about.get(issue, [])
        numbers = [(v, u) for t in terms for v, u in stated_numbers(t["object"] if stated_numbers(t["object"])
                                                                       else t["text"])]
        units = {u for _, u in numbers}
        quotes = evoked.get(issue, [])
        said = [q["phrase"] for q in quotes]
        unique = list(dict.fromkeys(p.lower() for p in said))
        description = ("Evoked by: " + ", ".join(f'"{p}"' for p in unique[:6])) if unique else \
            f"The topic of the talks ({ISSUES[issue][0].lower()}); no sentence names it directly."
        doc: dict[str, Any] = {"name": name}
        if numbers and len(units) == 1:
            values = sorted({v for v, _ in numbers})
            lo, hi = (values[0], values[-1]) if len(values) > 1 else (0.0, 2 * values[0] if values[0] > 0 else 1.0)
            step = _nice_step(hi - lo)
            doc.update({"range": [_num(lo), _num(hi)], "step": _num(step), "unit": units.pop()})
            doc["description"] = description + (". Range: the stated terms" if len(values) > 1 else
                                                ". Range: 0 to twice the one stated term") + " (an assumption)."
            result[issue] = {"doc": doc, "numeric": True, "lo": lo, "hi": hi}
        else:
            options = list(defaults)
            for term in terms:
                option = _option_of(term["object"], option_words)
                if option and option not in options:
                    options.append(option)
            doc["options"] = options
            doc["description"] = description
            result[issue] = {"doc": doc, "numeric": False, "option_words": option_words}
        doc["x-evoked-by"] = [{"phrase": q["phrase"], "span": q["span"]} for q in quotes[:12]]
    if not result:
        result["agreement"] = {"doc": {"name": "Agreement", "options": ["no", "yes"],
                                       "description": "No issue was recognised; replace with the real issues."},
                               "numeric": False, "option_words": ()}
    return result


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _option_word(phrase: str, words: tuple[str, ...]) -> str | None:
    low = phrase.lower()
    for word in words:
        if re.search(r"\b" + re.escape(word) + r"\b", low):
            return slug(word)
    return None


_LEADING = re.compile(r"^(?:(?:a|an|the|any|its|their|his|her|our|that|this|these|those|to|for|some|all|"
                      r"further|new)\s+)+", re.IGNORECASE)


def _option_of(phrase: str, words: tuple[str, ...]) -> str | None:
    """The option a stated term names: an option word of the issue ("a permanent ceasefire" -> permanent), else
    the term itself as a new option, its first five words without articles up to a time word, a
    subordinator or a preposition other than "of" (``OPTION_STOPS``: "a guaranteed limit on the number of
    patients" -> guaranteed-limit; "concessions Wednesday on its creditors' demands" -> concessions)."""
    named = _option_word(phrase, words)
    if named:
        return named
    words_left: list[str] = []
    for word in _LEADING.sub("", phrase.strip()).split()[:5]:
        if words_left and word.lower().strip(",.;:") in OPTION_STOPS:
            break
        words_left.append(word.strip(",.;:"))
    option = slug(" ".join(words_left))
    return option if words_left and option != "actor" else None


def _preference(iid_terms: list[dict], issue: dict, text: str) -> dict:
    """One party's preference on one issue from its stated terms about it (see the module's step 5)."""
    pref: dict[str, Any] = {"weight": 1}
    quotes = []
    for term in iid_terms:
        snippet = term["text"].strip()
        if snippet in text and {"source": "article", "quote": snippet} not in quotes:
            quotes.append({"source": "article", "quote": snippet})
    if issue["numeric"]:
        lo, hi = issue["lo"], issue["hi"]
        values: dict[Any, float] = {}
        for term in iid_terms:
            numbers = stated_numbers(term["object"]) or stated_numbers(term["text"])
            if not numbers:
                continue
            x = numbers[0][0]
            kind = _DEMAND_KINDS.get(term["kind"], "demand")
            if kind == "reject":
                low_side = re.search(r"\b(?:less|lower|fewer|below|under)\b", term["object"], re.IGNORECASE)
                pref["min" if low_side else "max"] = _num(x)
                continue
            if kind == "offer":
                values = {_num(x): 1, _num(hi): 0} if x < hi else {_num(lo): 0, _num(x): 1}
            else:
                values = {_num(lo): 0, _num(x): 1} if x > lo else {_num(x): 1, _num(hi): 0}
        if values:
            pref["values"] = values
            note = ("Values: 1 at the stated term, falling linearly to 0 at the far end of the range (an "
                    "assumption about the shape); weight 1 is a placeholder.")
        else:
            pref["values"] = {_num(lo): 0.5}
            note = "The article states no term of this party on this issue; weight 1 and the flat value 0.5 are placeholders."
        pref["evidence"] = quotes + [{"assumption": note}]
        if ("min" in pref or "max" in pref) and not values:
            pref["evidence"][-1] = {"assumption": "The red line is stated; weight 1 and the flat value 0.5 are "
                                                  "placeholders."}
        return pref
    options = issue["doc"]["options"]
    accept: list[str] = []
    reject: list[str] = []
    best: list[str] = []
    for term in iid_terms:
        option = _option_of(term["object"], issue["option_words"])
        if option is None or option not in options:
            continue
        kind = _DEMAND_KINDS.get(term["kind"], "demand")
        if kind == "reject":
            reject.append(option)
        elif kind == "accept":
            accept.append(option)
        else:
            best.append(option)
    accept = [o for o in dict.fromkeys(accept) if o not in reject]
    if accept or reject or best:
        good = set(accept) | set(best) if (accept or best) else set(options) - set(reject)
        pref["values"] = {o: (1 if o in good else 0) for o in options}
        if accept:
            pref["accept"] = accept
        elif reject:
            pref["reject"] = list(dict.fromkeys(reject))
        note = ("The stated term has value 1 and the other options 0; weight 1 and these values are placeholders "
                "(the article states the term, not how much each option is worth).")
    else:
        pref["values"] = {o: 0.5 for o in options}
        note = "The article states no term of this party on this issue; weight 1 and the flat values 0.5 are placeholders."
    pref["evidence"] = quotes + [{"assumption": note}]
    return pref
