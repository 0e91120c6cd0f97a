"""Rule-based attribution extraction: who said what, how, and what kind of source.

Patterns (all outside quotation marks):

- ``SPEAKER [, apposition,] [adverb] VERB [that] CONTENT`` and its inverted
  form ``"QUOTE," VERB SPEAKER`` / ``"QUOTE," SPEAKER VERB``;
- ``According to SPEAKER, CONTENT`` and ``CONTENT, according to SPEAKER``;
- the passive ``CONTENT was VERBed by SPEAKER[, who VERB2 CONTENT2]``.

Pronouns (He/She/They) resolve to the last speaker of matching number;
surnames and titled names (``Mr. Abu Marzouk``) resolve to the fullest form of
the name in the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from functools import lru_cache

from .draft_lexicon import ENTITIES, PLACES
from .text import OPENING, POST_LINE, STRAIGHT, Sentence, paragraphs, quote_spans, sentences, trie_pattern

_BYLINE_LINE = re.compile(r"(?:by|from|updated|published|posted|last updated)\b", re.IGNORECASE)
# single quotation marks as the article's quotation marks: opened after a space or line start, closed before a
# space or punctuation (apostrophes inside words, "workers' pay" and "'s" never open one)
_SINGLE_QUOTE = re.compile(r"(?:(?<=[\s(\u2014:])|^)[\u2018']([^\u2018\u2019'\n]{2,}?[^\s\u2018\u2019'])[\u2019'](?=[\s,.;:!?)\u2014]|$)",
                           re.MULTILINE)


# two apostrophes as a quotation mark (a typewriter convention some publishers keep): opening after a space, a
# bracket, a dash or the line's start and before a word; closing anywhere else
_TYPEWRITER = re.compile(r"''")
_TYPEWRITER_OPENS = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013-]))''(?=[^\s'])", re.MULTILINE)


def typewriter_quotes(text: str) -> str:
    """``text`` with each pair of apostrophes used as a quotation mark replaced, at the same offsets, by
    typographic marks (opening: two; closing: one and a space); ``text`` itself when it has none."""
    if text.count("''") < 2:
        return text
    opening = {m.start() for m in _TYPEWRITER_OPENS.finditer(text)}
    return _TYPEWRITER.sub(lambda m: "\u201c\u201c" if m.start() in opening else "\u201d ", text)


def single_quote_spans(text: str, paras: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """Spans of single-quoted passages in the body, marks included (for articles without double quotes)."""
    spans: list[tuple[int, int]] = []
    for start, end, heading in paras:
        if not heading:
            spans.extend(m.span() for m in _SINGLE_QUOTE.finditer(text, start, end))
    return spans

VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "stressed", "stresses",
    "insisted", "insists", "contended", "contends", "argued", "argues", "claimed", "claims", "countered",
    "counters", "suggested", "suggests", "revealed", "reveals", "confirmed", "confirms", "warned", "warns",
    "noted", "notes", "explained", "explains", "expressed", "expresses", "acknowledged", "acknowledges",
    "announced", "announces", "asserted", "asserts", "maintained", "maintains", "declared", "declares",
    "wrote", "writes", "replied", "replies", "responded", "responds", "cautioned", "cautions", "predicted",
    "predicts", "denied", "denies", "conceded", "concedes", "complained", "complains", "urged", "urges",
    "reiterated", "reiterates", "emphasised", "emphasized", "emphasises", "emphasizes", "underlined",
    "hinted", "hints", "indicated", "indicates", "admitted", "admits", "repeated", "repeats", "described",
    "describes", "recalled", "recalls", "estimated", "estimates", "signalled", "signaled", "signals",
    "disclosed", "discloses", "reported", "reports", "pointed out", "points out", "vowed", "vows",
    "disputed", "disputes", "observed", "observes", "remarked", "quipped", "joked", "objected", "protested",
    "lamented", "laments", "testified", "testifies", "mused", "put it", "puts it", "commented", "comments",
    "tweeted", "tweets", "relates", "recounted", "recounts", "pledged", "pledges", "agreed",
    "conveyed", "conveys", "notified", "notifies", "informed", "informs", "assured", "assures", "made it clear",
    "makes it clear", "made the point", "makes the point", "hammering the point", "hammered the point",
    "hammers the point", "posted", "posts", "blogged", "blogs", "remarks", "underscored", "underscores",
    "highlighted", "highlights", "affirmed", "affirms", "reaffirmed", "reaffirms", "alleged", "alleges",
    "boasted", "boasts", "speculated", "speculates", "retorted", "retorts", "clarified", "clarifies", "elaborated",
    "confided", "proclaimed", "proclaims", "opined", "reasoned", "surmised", "wondered", "answered", "promised",
    "promises", "demanded", "demands", "proposed", "proposes", "recommended", "recommends", "forecast",
    "forecasts",
)
# base forms report only with a plural subject ("Analysts estimate", "officials say")
BASE_FORMS = ("say", "tell", "add", "stress", "insist", "contend", "argue", "claim", "suggest", "reveal", "confirm",
              "warn", "note", "explain", "acknowledge", "announce", "assert", "maintain", "declare", "write",
              "caution", "predict", "deny", "concede", "complain", "urge", "reiterate", "emphasise", "emphasize",
              "hint", "indicate", "admit", "describe", "recall", "estimate", "disclose", "report", "dispute",
              "observe", "comment", "testify", "point out", "reply", "pledge", "make it clear", "make the point",
              "underscore", "highlight", "affirm", "reaffirm", "allege", "speculate", "promise", "demand", "propose",
              "recommend", "forecast")
VERBS = VERBS + BASE_FORMS
# verbs that report only when a quotation follows their object: He called the cap "a non-starter."
CHARACTERISING = ("called", "calls", "calling", "dubbed", "dubs", "branded", "brands", "labelled", "labeled",
                  "termed", "terms")
_VERB_FORMS = frozenset(VERBS + CHARACTERISING)
_VERB_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(v) for v in VERBS), key=len, reverse=True)) + r")\b")
# one alternation factorised by prefix: each position of a sentence is tried once, not once per verb
_CANDIDATE_RE = re.compile(r"\b(" + trie_pattern(list(VERBS + CHARACTERISING)) + r")\b")
_QUOTE_SOON = re.compile(r"\s+(?:[\w'\u2019.-]+\s+){0,6}?(?:as\s+)?[\u201c\"]")
_NEGATED = re.compile(r"(?:\bnot|\bnever|n[\'\u2019]t)\s+(?:\w+ly\s+)?$")
# "was quoted (by a radio station) as saying": the subject is the speaker
_QUOTED_AS = re.compile(r"\b(?:was|were|is|are|has been|have been|had been)\s+quoted\s+(?:by\s+[^,.;]{1,60}?\s+)?"
                        r"as\s+saying\s+(?:that\s+)?")
# when and how a statement was made, at the start of its content
_CONTENT_LEAD = re.compile(r"\s*(?:(?:late |early )?on \w+day|[A-Z][a-z]+day(?!['\u2019])(?!\s+(?:and|or|to|through|is|was|will|would|could|"
                           r"can|may|might|must|should|has|had|marks?|remains?)\b)|last week|this week|in (?:a|an|the|his|her|their|its)\s+"
                           r"(?:[\w-]+\s+){0,2}?(?:statement|assessment|interview|letter|note|report|filing|post|"
                           r"speech|briefing|call)|to reporters|to journalists)\b\s*,?\s*")
# what may follow "CONTENT, SPEAKER said": when, where or how, then the end or a participle clause
_HOW_WHEN = re.compile(r"\s*(?:(?:on|in|at|during|late|early|last|this|to|by|from|via|earlier|later|after|before|"
                       r"through|over|yesterday|today|tonight|\w+day|again|also|then|afterwards|here|there|"
                       r"(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{1,2}\b|(?:January|February|March|April|May|"
                       r"June|July|August|September|October|November|December)\s+\d{1,2}\b)\b"
                       r"[^,.;\u201c\u201d\"]*|(?:[A-Z][\w-]*\s+)?(?:reporters|journalists)\b[^,.;\u201c\u201d\"]*)?"
                       r"\s*(?:[,.;]|$)")
# a passive reporting verb without "by": its subject is who was told, not who spoke ("she had been told")
_PASSIVE_BEFORE = re.compile(r"\b(?:been|was|were|is|are|be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# SPEAKER VERB[ ADVERB]: "QUOTE" with any verb ("Aasen smiled: ...", "the envoy shrugged: ...")
_COLON_INTRO = re.compile(r"\b([a-z]+(?:ed|s))(?:\s+\w+ly)?\s*:\s*$")
# SPEAKER VERB OBJECT-OR-PLACE: "QUOTE" ("Ann Lee posted on Twitter: ...", "The Harbour Blog has this: ...",
# "Lee gave a perspective on the talks: ..."): the colon hands the quotation to the clause's subject
_COLON_CLAUSE = re.compile(r"\b((?!(?:is|was|has been|its|this|his|as|us)\b)[a-z]+(?:ed|s)|gave|wrote|has|had|put|took)\b"
                           r"(?:\s+\w+ly)?\s+[^;.!?\u201c\u201d\"]{1,80}?:\s*$")
# "X today made the following statement:" followed by the quotation (often in the next paragraph)
_STATEMENT_INTRO = re.compile(r"\b(made|issued|released|gave|delivered)\s+(?:the\s+following|this|these|a|the)\s+"
                              r"(?:[\w-]+\s+){0,2}?(?:statements?|comments?|remarks?)(?:\s+(?:regarding|on|about|concerning|"
                              r"after|following|as)\s+[^:;.\u201c\u201d\"]{1,120}?)?\s*:\s*$")
# verbs of a correspondent's lead-in ("As Ann Lee reports from Manila, ..."): the reporter is no antecedent
_CORRESPONDENT_VERBS = {"reports", "reported", "relates"}
# a document right before a participle that reports ("reports stating that", "a letter saying")
_DOCUMENT_BEFORE = re.compile(r"((?:(?:an?|the|some|several|many|media|news|press|recent|earlier|official)\s+){0,2}"
                              r"(?:reports|report|statement|statements|letter|letters|memo|communique|declaration|"
                              r"language|text|draft|resolution|provision|clause))"
                              r"\s+$")
# a short group of speakers opening the clause, before "and the ...": "Arab television stations and the agency said"
_GROUP_BEFORE_AND = re.compile(r"(?:^|(?<=[,;:]\s))\s*(?:[A-Z][\w'\u2019-]*|[a-z][\w-]*)(?:\s+[\w'\u2019-]+){0,3}\s+"
                               r"(?:stations|outlets|newspapers|broadcasters|networks|agencies|officials|diplomats|"
                               r"leaders|sources|groups|media)\s*$")
_MODIFIER_BEFORE_AND = re.compile(r"(?:^|[,;:\u2013\u2014-]\s*|\b(?:[Tt]he|[Bb]oth)\s+)[A-Z][\w.'\u2019-]*$")
_MODIFIER_HEAD_AFTER = re.compile(r"[A-Z][\w.'\u2019-]*\s+[a-z]+s\s*")


def _shared_head(before: str, after: str) -> bool:
    """Two capitalised modifiers coordinated before one plural head ("U.S. and Japanese officials", "both British
    and French diplomats"): the words before ``and`` are a single capitalised word opening the clause, and the
    words after it are a capitalised word and a plural noun ending right before the verb."""
    return bool(_MODIFIER_BEFORE_AND.search(before.strip())) and \
        bool(_MODIFIER_HEAD_AFTER.fullmatch(after))


# a titled full name and a relative "who" right before the verb: "President Ann Lee, who tweeted that"
_NAME_WHO = re.compile(r"((?:[A-Z][\w.'\u2019-]*\s+){1,6}[A-Z][\w.'\u2019-]*),\s*who\s*$")
# relative clause after a speaker: "a person familiar with the talks who spoke on condition of anonymity"
_RELATIVE = re.compile(r"(?:,\s*|\s+)(?:who|whose|whom)\b")
# how or where the statement was made, after an inverted speaker: said NAME in a note to clients
_TRAILING = re.compile(r"\s+(?:(?:in|on|at|during|via|through)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?"
                       r"(?:statement|note|interview|letter|post|email|e-mail|speech|briefing|call|conference|"
                       r"message|report|filing|video|broadcast|op-ed|column|memo|blog)\b|(?:on|late|early)\s+\w+day\b|"
                       r"to\s+(?:reporters|journalists|the press|clients|investors|lawmakers|staff)\b).*$")
_PASSIVE_RE = re.compile(r"\b(?:was|were|has been|have been|had been|is|are)\s+(?:also\s+)?"
                         r"(confirmed|announced|reported|denied|described|disclosed|revealed|stated)\s+by\s+")
_ACCORDING_RE = re.compile(r"\b(?:according to|as (?:reported|stated|told|announced) by)\s+", re.IGNORECASE)
# "As the ministry made clear at the summit, CONTENT" / "as noted by Ann Lee on her blog, CONTENT"
_AS_SAID = r"(?P<verb>made\s+(?:it\s+)?clear|noted|said|stated|pointed\s+out|explained|stressed|emphasi[sz]ed|warned|argued|" \
    r"observed|confirmed|reported|announced|acknowledged)"
_AS_SUBJECT_SAID = re.compile(r"(?:^|(?<=[\n,;:]\s)|(?<=[\n.!?]\s)|(?<=\n)|(?<=\bbut\s)|(?<=\band\s))[Aa]s\s+(?P<who>(?:[\w.'\u2019-]+\s+){1,6}?)"
                              r"(?:has\s+|have\s+|had\s+)?" + _AS_SAID + r"\b", re.MULTILINE)
_CONTINUED = re.compile(r"\s+(?P<who>(?:[\w.'\u2019-]+\s+){0,5}?[\w.'\u2019-]+)\s+(?P<verb>continued|continues|went\s+on|"
                        r"goes\s+on)\s*[.]")
_AS_WHO_END = re.compile(r"\s+(?:on|at|in|during|via|through|to)\s+(?:a|an|the|his|her|their|its|this|last)\b.*$", re.DOTALL)
_AS_WORD = re.compile(r"\b[Aa]s\s")
_AS_SAID_BY = re.compile(r"\b[Aa]s\s+(?:(?:was|has\s+been)\s+)?" + _AS_SAID + r"\s+by\s+(?P<who>[^,;:\u201c\u201d\"]{2,100}?)(?=,)")
_WHO_RE = re.compile(r",\s*who\s+(?:also\s+)?(" + "|".join(VERBS) + r")\b\s*")
# last words of capitalised runs that name things, not people ("The Kevin Walsh Show", "Gulf News")
_NOT_PERSON_LAST = {"show", "programme", "program", "hour", "news", "times", "post", "radio", "tv", "television",
                    "network", "channel", "podcast", "magazine", "journal", "daily", "agency", "herald", "tribune",
                    "service"}
_PRONOUN_SUBJECT = re.compile(r"(?:[^,.]{0,40},\s*)?(?:he|she)\b", re.IGNORECASE)
# title head nouns that stand for a person the article names elsewhere (the alias table)
ALIAS_HEADS = {"negotiator", "envoy", "mediator", "representative", "governor", "secretary", "minister",
               "spokesman", "spokeswoman", "spokesperson", "ambassador", "commissioner", "president", "premier",
               "chancellor", "mayor", "administrator", "director", "chairman", "chairwoman", "chair", "chief",
               "leader", "head", "adviser", "advisor", "senator", "general", "prosecutor", "judge", "correspondent",
               "admiral", "colonel", "commander"}
# abbreviated military titles before a name stand for the title: "Rear Adm. Ann Lee" is "the admiral"
_TITLE_ABBREVIATIONS = {"adm": "admiral", "gen": "general", "col": "colonel", "cmdr": "commander"}
# a description after a name: "NAME, who also serves as a special envoy", "NAME is the E.U. trade commissioner",
# "NAME, the top U.S. representative"
_ALIAS_AFTER = re.compile(r"(?:,\s*(?:who\s+(?:also\s+)?(?:serves|served|is|was|acts|acted)\s+as\s+)?|\s+(?:is|was)\s+)"
                          r"((?:the|an?|its|their)\s+(?:[\w.-]+\s+){0,5}?[\w-]+)(?=[,.;]|\s+(?:of|to|for|on|at|in)\b)")
_ALIAS_WHO = re.compile(r"(?:,[^,.;]{1,80}){1,2}?,\s*who\s+(?:also\s+)?(?:serves|served|is|was|acts|acted)\s+as\s+"
                        r"((?:the|an?)\s+(?:[\w.-]+\s+){0,5}?[\w-]+)(?=[,.;]|\s+(?:of|to|for|on|at|in|with)\b)")
# a bare title after a name: "Ann Lee, chairman of the Joint Chiefs", "Tom Hale, vice chairman of the Board"
_ALIAS_BARE = re.compile(r",\s*((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s+(?:of|for|to|at)\s+(?:the\s+)?[A-Z])")
# rank words that make another title: "the chairman" is not the vice chairman, "the secretary" not an assistant one
_RANKS = {"vice", "deputy", "assistant", "under", "associate", "acting", "former"}
# a participle clause that reports: "..., saying CONTENT", "took to Twitter saying CONTENT"
PARTICIPLES_THAT = ("suggesting", "acknowledging", "recalling", "predicting", "promising", "announcing",
                    "conceding", "contending", "maintaining", "charging", "complaining", "alleging", "admitting",
                    "emphasizing", "emphasising", "reiterating", "pointing out", "vowing", "pledging", "cautioning",
                    "observing", "remarking", "countering", "reporting", "revealing", "confirming", "denying",
                    "testifying", "writing", "tweeting", "hinting", "signalling", "signaling", "indicating")
_PARTICIPLE = re.compile(r"(?:,\s*|\s+)(" + trie_pattern(["saying", "adding", "insisting", "arguing", "warning", "noting",
                                                            "stressing", "explaining", "claiming", "asserting",
                                                            "declaring", "stating"]) + r"),?\s+(?:that\s+)?(?=\S)"
                         # "..., telling her parliament, QUOTE" / "telling the president the government must act":
                         # the hearer (a few words) is not the content
                         r"|,\s*(telling)\s+(?:[\w.'\u2019-]+\s+){0,5}?[\w.'\u2019-]+(?:\s+that\s+|,\s*(?=[\u201c\"])|"
                         r"\s+(?=(?:the|a|an|its|his|her|their|it|he|she|they|we|there)\s))"
                         # more verbs of saying, with "that" only: "..., suggesting that X", "..., recalling that X"
                         r"|,\s*(?:(?:\w+ly|later|also|then|again)\s+)?(" + "|".join(PARTICIPLES_THAT) + r")\s+that\s+(?=\S)")
_IRREGULAR_PAST = {"took", "gave", "made", "spoke", "met", "went", "held", "broke", "sent", "wrote", "told", "said",
                   "came", "put", "set", "left", "ran", "won", "lost", "kept", "brought", "began", "struck", "sought",
                   "got", "saw", "found", "paid", "stood", "led", "rejected", "offered"}
# verbs that report only with clausal content, not with a noun object: "expressed disappointment", "urged the
# parties to", "announced the kidnapping", "acknowledged the pain", "denied the accusations"
OBJECT_VERBS = {"expressed", "expresses", "urged", "urges", "announced", "announces", "described", "describes",
                "predicted", "predicts", "acknowledged", "acknowledges", "denied", "denies", "urge", "express",
                "announce", "describe", "predict", "acknowledge", "deny", "declared", "declares", "declare",
                "pledged", "pledges", "pledge"}
_ATTITUDE = (r"(?:(?:their|his|her|its|our|the|a|an|some|deep|strong|great|cautious)\s+)*(?:[a-z]+\s+)?"
             r"(?:disappointment|hope|"
             r"concern|confidence|frustration|regret|satisfaction|support|optimism|pessimism|sympathy|condolences|"
             r"gratitude|thanks|relief|doubts?|anger|outrage|dismay|surprise|willingness|readiness|opposition|"
             r"commitment|appreciation)\b")
_NOUN_OBJECT = re.compile(r"\s+(?:\w+ly\s+)?(?:(?:their|his|her|its|our|the|a|an|this|these|those|some|any|no|all|"
                          r"every|each)\s|[a-z]+ing\b|"
                          r"success\b|" + _ATTITUDE + r"|[A-Z])")
_ATTITUDE_OBJECT = re.compile(r"\s+(?:\w+ly\s+)?" + _ATTITUDE)
# verbs that report only with a "that" clause: "agreed that" (not "agreed to"), "pledged that" (not "pledged
# support"), "conveyed that", "made it clear that", "notified the embassy in May that" (the present "agree" is
# not listed: "experts agree that" states a shared view, not what was said)
THAT_VERBS = {"agreed", "agrees", "agree", "pledged", "pledges", "pledge", "conveyed", "conveys", "notified",
              "notifies", "informed", "informs", "assured", "assures", "made it clear", "makes it clear",
              "make it clear", "testified", "testifies", "testify", "made the point", "makes the point",
              "make the point", "hammering the point", "hammered the point", "hammers the point", "posted", "posts",
              "blogged", "blogs", "urged", "urges", "urge", "promised", "promises", "promise", "demanded", "demands",
              "demand", "proposed", "proposes", "propose", "recommended", "recommends", "recommend", "forecast",
              "forecasts", "wondered", "answered"}
# verbs that report a clause ("underscored that X", "underscored the talks will go on"), never a noun object
# ("reaffirmed the commitment", "highlighted a few concerns")
CLAUSE_VERBS = {"underscored", "underscores", "underscore", "highlighted", "highlights", "highlight", "affirmed",
                "affirms", "affirm", "reaffirmed", "reaffirms", "reaffirm"}
# a clause without "that" after the verb: a short subject, then an auxiliary or a modal
_CLAUSE_OBJECT = re.compile(r"\s+(?:[\w.'\u2019-]+\s+){1,5}?(?:will|would|is|are|was|were|has|have|had|must|should|can|"
                            r"could|may|might|remains?|remained)\b")
# a clause without "that" after a verb that also takes a noun ("announced the team would stay", "declared
# yesterday the talks had failed"): a short subject without a relative word or a conjunction, then an auxiliary
_BARE_CLAUSE = re.compile(r"\s+(?:(?:yesterday|today|on\s+\w+day)\s+)?(?:(?!(?:that|which|who|and|or|but|to|as)\b)"
                          r"[\w.'\u2019-]+\s+){1,5}?(?:will|would|is|are|was|were|has|have|had|must|should|can|could|"
                          r"may|might)\b")
_ATTITUDE_VERBS = {"expressed", "expresses", "express", "urged", "urges", "urge"}
# a verb that ends its sentence (when or where at most): "The deal is close, both sides agreed on Monday."
# verbs of saying that are also plural nouns, and what follows such a noun as the head of a subject ("Recent
# reports have revealed", "the claims were"), never the verb with its content ("funds he maintains were tied")
_NOUN_FORMS = {"reports", "claims", "notes", "comments", "remarks", "replies", "answers", "responds", "responses"}
_PLURAL_NOUN_VERB = re.compile(r"\s+(?:have|had|are|were|say|said|suggest|suggested|show|showed|indicate|indicated|"
                               r"claim|claimed|reveal|revealed)\b")
_VERB_ENDS = re.compile(r"\s*(?:(?:on|late|early)\s+\w+day|today|yesterday|here|there)?\s*[.!]?\s*$")
_THAT_SOON = re.compile(r"[^.;:\u201c\u201d\"]{0,100}?\bthat\s")
# a noun object naming a topic, not a statement: "stressed the urgency of", "noted the important support",
# "explains the context"
_TOPIC_OBJECT = re.compile(r"\s+(?:the|its|their|his|her|our)\s+(?:[a-z-]+\s+){0,2}?(?:urgency|importance|need|context|"
                           r"support|significance|role|necessity|value|agenda|momentum|progress|benefits|priority|"
                           r"priorities)\b")
_TOPIC_VERBS = {"noted", "notes", "stressed", "stresses", "explained", "explains", "emphasized", "emphasised",
                "emphasizes", "emphasises", "underlined", "highlighted", "highlights", "underscored", "underscores",
                "underscore", "highlight", "affirmed", "reaffirmed", "affirms", "reaffirms"}
# the verbs of readouts, which take a clause ("emphasized that ...") or a noun with its complement ("reiterated
# his willingness to ...", "underscored the United States' support for ...", "noted the work of ...")
READOUT_VERBS = {"emphasized", "emphasised", "emphasizes", "emphasises", "stressed", "stresses", "noted", "notes",
                 "reiterated", "reiterates", "reaffirmed", "reaffirms", "affirmed", "affirms", "underscored",
                 "underscores", "highlighted", "highlights", "underlined", "underlines", "confirmed", "confirms"}
# a sentence opened by its subject and a readout verb ("Ann Lee and her team reiterated ...")
_READOUT_OPENING = re.compile(r"([A-Z][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,5}?)\s+(?:also\s+|again\s+)?(" +
                              "|".join(sorted(READOUT_VERBS)) + r")\b")
# a sentence in which two people meet or call ("President Lee spoke today with Prime Minister Berg of Norway.")
_MEETING = re.compile(r"([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*|\s+(?:bin|al|de|van|von)){0,6})\s+(?:spoke|met|talked|"
                      r"held\s+(?:a\s+)?(?:call|talks|meeting)|had\s+a\s+(?:call|meeting))\s+(?:(?:today|yesterday|"
                      r"again|(?:by|on\s+the)\s+(?:phone|telephone)|(?:on|this|last)\s+\w+day)\s+)*with\s+"
                      r"([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*|\s+(?:bin|al|de|van|von)){0,7})"
                      r"(?:\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})?\s*[.;]?\s*$")
# a noun object with its complement: a determiner, a possessor or "U.S.", a few words, then a preposition
_NOUN_COMPLEMENT = re.compile(r"\s+(?:(?:the|a|an|his|her|their|its|our)\s+)?(?:(?:[A-Z][\w.-]*\s+){0,3}?"
                              r"[A-Z][\w.-]*(?:['\u2019]s?|(?<=\.))\s+|[a-z]+['\u2019]s\s+|(?<=\s)(?:the|a|an|his|her|their|its|our)\s+)"
                              r"(?:(?!that\b)[a-z-]+\s+){0,2}?(?!that\b)[a-z-]+\s+(?:for|to|of|toward|towards|with|between)\s")
# a clause without "that" after such a verb: up to eight words with no relative word, then an auxiliary or a modal
_LONG_BARE_CLAUSE = re.compile(r"\s+(?:(?!(?:that|which|who|whose|to)\b)[\w.'\u2019-]+,?\s+){1,8}?"
                               r"(?:will|would|is|are|was|were|has|have|had|must|should|can|could|may|might)\b")
# "described the pledges so far as \u201ca rounding error\u201d": a characterisation with a quotation
_DESCRIBED_AS = re.compile(r"[^.;\u201c\u201d\"]{0,160}?\bas\s+[\u201c\"]")
# the marks that open a paragraph in quotation marks (double, straight and single)
_QUOTE_OPENERS = OPENING + STRAIGHT + "\u2018'"
# a list item after a colon ("authorised the Commission to:" then "\u2022 Negotiate ..."): no statement
_LIST_ITEM = re.compile(r"\s*(?:[\u2022\u25aa\u2023*\u2013\u2014-]|\(?[0-9a-z]{1,2}[.)])\s")
# "described the talks as generally constructive": a short object, then "as" and the characterisation
_DESCRIBED_AS_PLAIN = re.compile(r"\s+(?:(?!(?:that|which|who)\b)[\w.'\u2019-]+\s+){1,6}?as\s+(?:\w+ly\s+)?[\w-]+")
# a reporting verb that is not reporting: "insists on", "said to be", "claims to", "reports of"
_NOT_REPORTING = re.compile(r"\s+(?:to be|to have|for|of|about)\b")
# a correspondent's lead-in, not a statement: "VOA's Ann Lee reports from Geneva." (nothing reported after the place)
_DATELINE_ONLY = re.compile(r"from\s+[^,;:\u201c\u201d\"]{1,60}?(?:,\s*where\s[^;:\u201c\u201d\"]*)?[.!]?$")
# a question put by the subject: "X asked (the minister) whether ...", "X asks why ...", "X asked, \u201cQUOTE?\u201d";
# a hearer of a few words may come between the verb and the question word ("who" and "which" only right after the
# verb: "asked the people who came to leave" is a request); "asked for", "asked X to" are requests, not questions
_QUESTION = re.compile(r"\b(asked|asks)\b(?:,?\s+(?:(?:rhetorically|again|pointedly|repeatedly)\s+)?"
                       r"(?=(?:whether|if|how|why|what|who|when|where|which)\b)"
                       r"|\s+(?!(?:for|to|about|that|him|her|them|me|us|it|and|or|but)\b)"
                       r"(?:[\w.'\u2019-]+\s+){0,5}?(?=(?:whether|if|how|why|what|when|where)\s)"
                       r"|\s*,\s*(?=[\u201c\"]))")
# "went on to say": the base form continues the subject's statement
_ON_TO = re.compile(r"\b(?:went|goes|go|gone|going)\s+on\s+to\s+$")
# a sentence opening with a capitalised name (titles and initials included), then a lowercase word
_NAME_THEN_WORD = re.compile(r"\s*((?:[A-Z][\w.'\u2019-]*[ \t]+){0,5}[A-Z][\w.'\u2019-]*)[ \t]+([a-z]+)\b")
# irregular past forms (a verb whatever the lists of verbs of saying hold): "Ann Lee threw her support behind X,
# saying ...", "Tom Hale thought a moment and said ..."
PAST_FORMS = {"threw", "shot", "hit", "struck", "fought", "took", "drew", "rose", "fell", "spent", "sold", "bought",
              "built", "caught", "chose", "drove", "flew", "gave", "grew", "knew", "laid", "led", "let", "meant",
              "quit", "rode", "shook", "shut", "split", "spread", "stole", "stuck", "swept", "swore", "taught",
              "thought", "tore", "understood", "woke", "wore", "won", "withdrew", "upheld", "overcame", "sat", "stood",
              "came", "went", "began", "broke", "brought", "kept", "left", "lost", "made", "met", "paid", "put",
              "ran", "saw", "sent", "set", "spoke", "told", "wrote", "got", "held", "heard", "felt", "found", "read",
              "sought", "dug", "slammed", "became", "forgot", "forgave", "bit", "blew", "bore", "beat", "cast", "cut",
              "dealt", "fled", "hid", "lay", "lit", "sang", "sank", "slid", "sprang", "stung", "swung", "wept"}
# "when asked whether", "if asked", "Asked why": the verb is passive or the clause has no subject of its own
_QUESTION_NOT = re.compile(r"(?:\b(?:when|if|after|before|while|once|as|being|been|was|were|is|are|be|get|got|"
                           r"not|never|to)\s+|n['\u2019]t\s+)(?:\w+ly\s+)?$", re.IGNORECASE)

PRONOUNS = {"he": "singular", "she": "singular", "they": "plural"}
PERSON_NOUNS = {
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "spokespeople", "minister", "ministers",
    "negotiator", "negotiators", "diplomat", "diplomats", "source", "sources", "people", "person", "leader",
    "leaders", "president", "chief", "executive", "executives", "ceo", "secretary", "envoy", "envoys", "aide",
    "aides", "analyst", "analysts", "representative", "representatives", "mediator", "mediators", "delegate",
    "delegates", "chairman", "chairwoman", "chair", "director", "directors", "commissioner", "member", "members",
    "lawyer", "lawyers", "organiser", "organizer", "organisers", "organizers", "adviser", "advisers", "advisor",
    "advisors", "governor", "mayor", "ambassador", "head", "banker", "bankers", "investor", "investors",
    "steward", "stewards", "worker", "workers", "insider", "insiders", "officer", "officers", "administration",
    "union", "company", "ministry", "government", "team", "delegation", "group", "board", "management",
    "strategist", "observer", "observers", "participant", "participants", "economist", "economists", "activist", "activists", "manager", "managers", "insurer",
    # more people
    "owner", "owners", "player", "players", "shareholder", "shareholders", "holder", "holders", "farmer", "farmers",
    "resident", "residents", "witness", "witnesses", "expert", "experts", "scientist", "scientists", "engineer",
    "engineers", "employee", "employees", "staff", "crew", "crewman", "crewmen", "captain", "commander", "soldier",
    "soldiers", "judge", "judges", "prosecutor", "prosecutors", "lawmaker", "lawmakers", "legislator", "legislators",
    "senator", "senators", "politician", "politicians", "founder", "founders", "partner", "partners", "coach",
    "relative", "relatives", "family", "families", "father", "mother", "son", "daughter", "brother", "sister",
    "man", "woman", "men", "women", "fisherman", "fishermen", "skipper", "doctor", "doctors", "nurse", "nurses",
    "journalist", "journalists", "reporter", "reporters", "researcher", "researchers", "professor", "critic",
    "critics", "opponent", "opponents", "supporter", "supporters", "ally", "allies", "rival", "rivals", "bidder",
    "bidders", "consultant", "consultants", "trader", "traders", "broker", "brokers", "lobbyist", "lobbyists",
    "premier", "king", "queen", "prince", "commissioners", "chairs", "admiral", "admirals", "general", "generals",
    "colonel", "colonels",
    # organisations speak too
    "association", "associations", "council", "commission", "companies", "league", "bank", "banks", "federation",
    "committee", "agency", "agencies", "department", "office", "firm", "firms", "authority", "authorities",
    "regulator", "regulators", "secretariat", "institute", "court", "parliament", "cabinet", "coalition",
    "alliance", "consortium", "organisation", "organization", "corporation", "unions", "governments",
    "delegations", "sides", "side", "presidency", "embassy", "police", "army", "military", "trust", "trusts",
    "guild", "guilds", "town", "city", "county", "municipality", "village", "state", "statement", "release", "automakers",
    "carmakers", "producers", "manufacturers", "employers", "studios", "networks", "broadcasters",
    "rebel", "rebels", "militants", "guerrillas", "insurgents", "protesters", "strikers", "hostages", "captives",
    "kidnappers", "militia", "militias", "nations", "countries", "powers", "media", "stations", "outlets",
    "newspapers", "groups", "organisations", "organizations", "campaigners", "charities", "environmentalists",
    "text", "draft", "resolution", "language", "summary", "readout", "teams", "ministries", "commissions", "councils", "committees", "parties", "blog", "blogger", "bloggers",
    # electorates, campaigns and the documents that speak for them
    "voters", "voter", "respondents", "democrats", "republicans", "candidate", "candidates", "nominee", "campaign",
    "advocates", "speakers", "americans", "report", "poll", "survey", "study",
}
PLURAL_WORDS = {"two", "three", "four", "five", "six", "several", "some", "many", "both", "multiple", "other",
                "few", "dozens", "people"}
ANONYMITY = re.compile(
    r"speaking anonymously|on (?:the )?condition of anonymity|privy to|familiar with|asked not to be "
    r"(?:named|identified)|declined to be (?:named|identified)|not authori[sz]ed to|requested anonymity|"
    r"(?:not|n[\'\u2019]t)\s+(?:\w+\s+){0,2}?(?:be|being)\s+(?:named|identified)|"
    r"on background|with (?:\w+ )?knowledge of|briefed on|close to the (?:talks|negotiations)|not be (?:named|identified)|"
    r"(?:people|person|sources?|someone|insiders?|officials?|figures?|diplomats?)\s+close\s+to\b|"
    r"who (?:would|could) not be named|unnamed|anonymous|because the talks are (?:private|confidential)",
    re.IGNORECASE)
TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "prime", "minister", "president",
    "secretary", "senator", "sen.", "rep.", "gov.", "gen.", "general", "chancellor", "commissioner", "chief",
    "executive", "ceo", "chairman", "chairwoman", "governor", "ambassador", "foreign", "trade", "labor", "labour",
    "deputy", "vice", "envoy", "spokesperson", "spokesman", "spokeswoman", "senior", "official", "special",
    "climate", "finance", "economy", "union", "negotiator", "lead", "director", "mayor", "premier",
    "environment", "energy", "state", "u.s.", "us", "un", "u.n.", "eu", "israeli", "hamas", "former",
    "colonel", "col.", "major", "maj.", "captain", "capt.", "lieutenant", "lt.", "admiral", "adm.", "sergeant",
    "sgt.", "brigadier", "commander", "cmdr.", "marshal", "professor", "prof.", "judge", "justice", "rabbi",
    "sheikh", "emir", "king", "queen", "prince", "princess", "health", "defence", "defense", "interior",
    "competition", "general-secretary", "mp", "rev.", "bishop", "cardinal", "archbishop",
    # titles that precede a name ("NASA Administrator Bill Nelson", "National Security Adviser Ben Rhodes")
    "mister", "administrator", "correspondent", "adviser", "advisor", "assistant", "attorney", "representative",
    "mediator", "vice-premier", "secretary-general", "undersecretary", "under-secretary", "counsel",
    "chairperson", "chair", "president-elect", "speaker", "leader", "head", "reporter", "editor", "inspector",
    # the last word of a portfolio, which ends a title ("Secretary for East Asian and Pacific Affairs Ann Lee")
    "affairs", "relations", "development", "security", "cooperation", "policy", "acquisition", "intelligence",
    "agriculture", "commerce", "treasury", "transportation", "transport", "education", "housing", "industry",
    "fisheries", "tourism", "infrastructure", "employment", "welfare", "communications", "immigration",
    # honorifics and ranks written without a full stop, as official releases do ("Hon Ann Lee", "Maj. Gen Tom
    # Hale"), a nominee's title, and plural titles before several names ("Commissioners Lee and Hale")
    "hon", "hon.", "rt", "rt.", "gen", "lt", "maj", "capt", "adm", "brig", "sgt", "cpl", "nominee", "designate",
    "commissioners", "ministers", "senators", "secretaries", "ambassadors", "governors", "envoys", "generals",
}
_ADVERBS = re.compile(r"\s*\b(?:also|further|later|then|again|separately|previously|repeatedly|still|earlier|"
                      r"once|too|however|recently|publicly|privately|long|flatly|firmly|bluntly|quickly|today|yesterday|"
                      # "has since said", "now says", "went on to say"
                      r"since|now|(?:went|goes|go|gone|going)\s+on\s+to|"
                      # any manner adverb ("persistently declared"), but not the nouns in -ly ("the family said")
                      r"(?!(?:fami|al|ral|assemb|supp|monopo|anoma|rep|dai|week|month|quarter|year|on|ear|elder|"
                      r"bul|bel|f|app|imp|comp|ug|hol|ju|ita|dead|friend|li|ho|sil)ly\b)[a-z]{2,}ly|"
                      r"on \w+day|(?:earlier |later )?(?:last|this|next) (?:week|month|year)|in a statement|"
                      r"in an interview|keeps|kept|continues to|continued to|"
                      r"has|have|had|will|would|could|can|may|might|must|shall|should|did|does|do)\b\s*$")
_CLAUSE_BREAK = re.compile(r"(?:;|:|,\s*(?:and|but|while|whereas|as|although|though)\s+(?!who\b|whose\b)|\s+(?:and|but|while)\s+"
                           # "X and other officials said" is one subject; "... - but he says": a subject pronoun
                           # after the conjunction opens a clause of its own
                           r"(?=(?!other\s)(?:an?|the|two|three|several|some|\w+\s+officials?|he|she|they|we)\b)|\bwhile\s+|\bwhereas\s+|"
                           # a subordinate clause: "... when FARC said", "although experts say", "by what officials say"
                           r"\b(?:when|although|though|unless|what)\s+(?!(?:of|to|for|in)\b))")
# a capitalised word (accented capitals included: "\u00c9lise", "\u00d6zdemir"), not a possessive ("VOA's")
_NAME_TOKEN = re.compile(r"^(?:(?![\w.-]*['\u2019]s$)[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f][\w'\u2019.-]*|"
                         r"al-[A-Z][\w-]*|de|van|von|bin|abu|Abu|der|la|le)$")
_STOP_CAPS = {"The", "A", "An", "In", "On", "At", "For", "But", "And", "As", "This", "That", "These", "Those", "It",
              "He", "She", "They", "We", "I", "Despite", "However", "Moreover", "While", "When", "After", "Before",
              "According", "Meanwhile", "Still", "Yet", "If", "So", "Our", "Their", "His", "Her", "Its"}
_LEADING = re.compile(r"(?:later|then|still|now|also|separately|meanwhile|earlier|afterwards|again)\s*,?\s+"
                      # what is not part of the speaker: a bullet or dash, a conjunction or subordinator ("Yet
                      # several people ...", "when FARC said", "although experts say", "As X relates,"), a time
                      # ("Last month he said", "On Monday the envoy said")
                      r"|[\u2022\u00b7\u25aa\u25cf*\u2013\u2014-]+\s*"
                      r"|(?:yet|but|and|or|so|when|whenever|although|though|because|since|if|as|while|whereas|"
                      r"after|before|once|until|unless|where)\s+"
                      r"|(?:last|this|earlier|next|later)\s+(?:week|month|year|weekend|spring|summer|autumn|fall|"
                      r"winter|night|morning|evening|\w+day)\s*,?\s+"
                      r"|(?:on|late|early)\s+\w+day\s*,?\s+|(?:yesterday|today|tonight)\s*,?\s+"
                      r"|\d{1,4}\s+(?=(?-i:[A-Z]))",  # a time stamp's tail ("20:05 Iceland signals"), not "47 percent"
                      re.IGNORECASE)
# an aside between dashes: "Dina Mufti - in an interview with VOA - says", "In the letter - dated Tuesday - the
# leaders said"
_DASH_ASIDE = re.compile(r"\s[-\u2013\u2014]{1,2}\s[^-\u2013\u2014]{1,120}?\s[-\u2013\u2014]{1,2}(?:\s|$)")
# a plural group of people ("several developing-country ministers") and a proper name ("the United States") as
# antecedents of a pronoun inside the same sentence
_PLURAL_GROUP = re.compile(r"\b((?:(?!(?:after|before|when|while|and|or|but|that|which|as|of|to|in|on|at|by|for|with|"
                           r"from|[a-z]+ed)\s)(?:[a-z][\w-]*|[A-Z][\w.-]*)\s+){0,3}(?:" + "|".join(sorted(w for w in PERSON_NOUNS if w.endswith("s") and
                                                                          w not in ("press", "witness", "boss")))
                           + r"))\b")
_PROPER_RUN = re.compile(r"(?:\bthe\s+)?((?:[A-Z][\w.'\u2019-]*\s+(?:(?:of|for)\s+(?:the\s+)?)?){0,3}[A-Z][\w.'\u2019-]*)"
                         r"(?=[^\w]*$|\s+[a-z])")
# a name used as a modifier of a common noun: "the North Korean negotiator", "the Pentagon spokesman"
_MODIFIER_AFTER = re.compile(r"[ \t]+(?:" + "|".join(sorted(PERSON_NOUNS, key=len, reverse=True)) + r")\b")
# a subject pronoun ending the words before a verb, not coordinated ("Lee and she said" is a pair)
_PRONOUN_LAST = re.compile(r"(?<!\band)(?<!\bor)\s+(he|she|they|it|we)$", re.IGNORECASE)
_TITLE_LEAD = {"retired", "former", "acting", "interim", "then", "outgoing", "incoming"}
DETERMINERS = ("a ", "an ", "the ")
_AUXILIARIES = {"has", "have", "had", "is", "was", "were", "are", "will", "would", "could", "can", "did", "does",
                "do", "may", "might", "must", "should"}
_ONE_OF = re.compile(r"(?:another )?one(?: of (?:them|those|the (?:two|three|four|(\w+))))?")
# Bounds that keep the work near-linear in the article (the longest sentence of the development and held-out
# articles has 281 characters): a subject is looked for in at most SUBJECT_WINDOW characters before its verb,
# and a "sentence" longer than MAX_SENTENCE characters (a table, a list run together, hostile input) is not
# searched for attributions, since the statements it holds would each carry most of it.
SUBJECT_WINDOW = 600
MAX_SENTENCE = 3000
RECENT_SPEAKERS = 200

# a study's findings (`Extractor._findings`): who may find, the verb, and the clause it reports
RESEARCH_NOUNS = {"researchers", "researcher", "scientists", "scientist", "study", "studies", "survey", "surveys",
                  "poll", "polls", "analysis", "analyses", "review", "investigators", "authors", "team", "audit",
                  "inquiry", "investigation", "experiment", "experiments", "paper", "report", "reports"}
_FINDING = re.compile(r"\b(found|finds|find|concluded|concludes|conclude)\b(?:\s+(that)\b|(,?)(?=\s*[\u201c\"]))?\s*")
_FINDING_CLAUSE = re.compile(r"(?:[\w.%'\u2019-]+,?\s+){1,10}?(?:is|are|was|were|will|would|could|can|may|might|has|"
                             r"have|had|must|should|exceeded|caused|increased|decreased|reduced|rose|fell)\b")

# the means of a statement, all a colon introduction may report ("tweeted using his account:")
_MEANS = re.compile(r"(?:using|via|through|on|in)\s+(?:his|her|their|its|the|a|an|our)\s+(?:[\w@.'\u2019-]+\s+){0,3}?"
                    r"(?:account|page|blog|feed|post|posting|profile|channel|site|website|handle)\b[^:]*$")

# what a verb introducing a block quotation may report before its colon without being a statement: a topic or
# a place ("wrote on her blog about the deal:", "commented on the move:", "wrote the following regarding X:")
_INTRO_TOPIC = re.compile(r"(?:on|about|regarding|concerning|in|at|via|to|for|of|with|over|after|following|"
                          r"conducted|the\s+following|this|these|as\s+follows)\b|\[", re.IGNORECASE)


def _other_script(text: str, start: int, end: int) -> bool:
    """A paragraph mostly in a script other than Latin (a quotation in its original language, before its
    translation)."""
    letters = [c for c in text[start:end] if c.isalpha()]
    return len(letters) >= 20 and sum(c > "\u024f" for c in letters) > len(letters) // 2


@dataclass
class Attribution:
    speaker: str
    speaker_span: tuple[int, int]
    resolved_speaker: str
    verb: str
    content: str
    content_span: tuple[int, int]
    form: str
    source_kind: str
    sentence_span: tuple[int, int] = (0, 0)
    number: str = field(default="singular", repr=False)

    def to_json(self) -> dict:
        """The fields in their order, spans as lists, without ``number`` (``accord extract --json``; read field by
        field: ``asdict`` deep-copies every value and took a tenth of the batch command's time)."""
        return {name: list(value) if isinstance(value, tuple) else value
                for name in _JSON_FIELDS for value in (getattr(self, name),)}


_JSON_FIELDS = tuple(f.name for f in fields(Attribution) if f.name != "number")


# what may follow a reporting verb (matched in place with pos/endpos; the word runs are possessive, so a long
# word after the verb is scanned once, not once per way of splitting it: that was cubic in its length)
_AFTER_THAT = re.compile(r"\s*(?:[\w.]+,?\s+){0,3}?that,?\s+")
_AFTER_THAT_PP = re.compile(r"\s*(?:[\w.]+\s+){0,2}?(?:in|on|at|during|to|by|with|from)\s+(?:[\w.\u2019'-]+\s+){1,7}?"
                            r"that\s+")
_TO_QUOTE = re.compile(r"\s*(?:[\w.'\u2019]++\s*){0,3}?[,:]\s*(?=[\u201c\"])")
_LEAD = re.compile(r"\s*(?:\w+ly\s*)?(?:,\s*|:\s*)")
_COMMA = re.compile(r"\s*,")
_PUT_IT = re.compile(r"(?:\s+\w+ly)?\s*:")
# the speaker after the verb, through the full stops of ranks and initials ("said Lt. Col. Ann B. Lee, ...")
_TAIL = re.compile(r"\s+((?:\b(?:Lt|Col|Gen|Maj|Capt|Adm|Brig|Sgt|Cmdr|Gov|Sen|Rep|Dr|Mr|Mrs|Ms|Prof|Rev|Hon|Rt)\."
                   r"|\b[A-Z]\.(?=\s+[A-Z])|[^,.;])+)")
_WORD = re.compile(r"\w+")


_HEARER = re.compile(r"\s+(?:(?:the|a|an|his|her|their|its)\s+)?((?:[\w.'\u2019-]+\s+){0,6}?[\w.'\u2019-]+)(?=\s*[,.;]\s*$|"
                     r"\s+(?:today|yesterday|tonight|on\s+\w+day|this\s+week|last\s+week)\s*[,.;]?\s*$)")


def _hearer_ends(text: str, start: int, end: int) -> bool:
    """Whether what follows "told" is only who was told (and when) up to the sentence's end: "CONTENT, Lee told
    the Senate Armed Services Committee today." (a few words, no verb among them)."""
    hearer = _HEARER.match(text, start, end)
    if hearer is None:
        return False
    return not any(w in _AUXILIARIES or w in ("that", "to") or re.fullmatch(r"[a-z]+ed", w)
                                    for w in hearer.group(1).split())


def _rstrip_end(text: str, start: int, end: int) -> int:
    """``start + len(text[start:end].rstrip())``, without the copy."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _words_up_to_comma(text: str, start: int, end: int, most: int) -> int:
    """``len(re.findall(r"\\w+", text[start:end].split(",")[0]))``, counting no further than ``most``."""
    comma = text.find(",", start, end)
    count = 0
    for _ in _WORD.finditer(text, start, comma if comma != -1 else end):
        count += 1
        if count >= most:
            break
    return count


def _strip_span(text: str, start: int, end: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` lies in one of ``spans`` (sorted, non-overlapping: a binary search, not a scan)."""
    k = bisect_right(spans, (at, float("inf"))) - 1
    return k >= 0 and at < spans[k][1]


_CAP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_FULL_NAME = re.compile(r"(?:(?:[A-Z]\.){1,3}(?=[ \t]+[" + _CAP + r"][a-z])|"
                        r"[" + _CAP + r"][a-z\u00df-\u024f'\u2019]+(?:-[" + _CAP + r"][a-z\u00df-\u024f]+)?|"
                        r"[" + _CAP + r"][a-z\u00df-\u024f'\u2019-]+|Abu|al-[A-Z][a-z]+)"
                        r"(?:(?:[ \t]+(?:[" + _CAP + r"][a-z\u00df-\u024f'\u2019]+-[" + _CAP + r"][a-z\u00df-\u024f]+|"
                        r"[" + _CAP + r"][a-z\u00df-\u024f'\u2019-]+|Abu|bin|van|von|de|del|la|le|da|di|"
                        r"dos|der|al-[A-Z][a-z]+)\b|"
                        # a middle initial: "Robert M. Gates", "Dana W. White"
                        r"[ \t]+[A-Z]\.(?=[ \t]+[" + _CAP + r"][a-z]))){1,7}")
# capitalised words that start a sentence but are never part of a person's name
_NOT_NAME = {"From", "To", "With", "By", "Inside", "Outside", "Under", "Over", "Into", "Of", "Among", "Between",
             "Without", "Within", "Through", "During", "Since", "Until", "Across", "Against", "Amid", "Near", "Asked",
             "Speaking", "Like", "Unlike", "Following", "Last", "Next", "Then", "Now", "Today", "Yesterday"}


# a capitalised run with the connectors of a title ("Assistant Secretary of State for Asian Affairs Ann Lee")
_TITLED_RUN = re.compile(r"[" + _CAP + r"][\w.'\u2019-]*(?:[ \t]+(?:(?:of|for|and|the)[ \t]+)*[" + _CAP +
                         r"][\w.'\u2019-]*){1,12}")


_CALENDAR = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
             "March", "April", "June", "July", "August", "September", "October", "November", "December"}
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?:][\u201d\"')]?[ \t]+|\n[ \t]*)$")


def _opening_participle(text: str, start: int, word: str) -> bool:
    """A capitalised participle in -ing that opens a sentence is not the first word of a name ("Listing Lee as a
    loser, she ...", "Citing Lee, ..."): a first name with that ending is too rare to keep it."""
    return len(word) >= 6 and word.endswith("ing") and word[1:].islower() and \
        bool(_SENTENCE_OPENS.search(text, max(0, start - 4), start))


# two people spoken of by their titles together ("The two leaders", "Both presidents", "the leaders")
_LEADER_PAIR = re.compile(r"(?:the\s+two|both(?:\s+the)?|the)\s+(?:leaders|presidents|prime\s+ministers|heads\s+of\s+state|"
                          r"foreign\s+ministers|ministers)")
# titles that only people hold, before their names ("President Ann Lee", "Amir Sheikh Tamim")
_PERSON_TITLES = frozenset(ALIAS_HEADS | {"prime", "amir", "emir", "sheikh", "king", "queen", "prince", "princess",
                                          "mr", "mrs", "ms", "dr", "sen", "rep", "gov"})
# the titles of heads of state and government, by which "the two leaders" are known
_LEADERS = {"president", "prime", "premier", "chancellor", "amir", "emir", "king", "queen", "sheikh", "prince"}
# a generational suffix after a surname ("Joseph R. Biden, Jr.", "Martin Luther King Jr.", "John Smith III"): part of
# the name wherever it is read, but not its surname
_SUFFIX_WORDS = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}
_SUFFIX_AFTER = re.compile(r"(?:,[ \t]*|[ \t]+)(?:Jr|Sr)\.|(?:,[ \t]*|[ \t]+)(?:Jr|Sr|II|III|IV)\b(?!['\u2019.-]\w)")


def _split_suffix(tokens: list[str], text: str, end: int) -> tuple[list[str], str]:
    """(the name's words without a generational suffix, the suffix as written after the surname, comma included;
    "" when there is none): from the name's last word ("King Jr") or the text after it (", Jr.", " III")."""
    if len(tokens) >= 3 and tokens[-1] in _SUFFIX_WORDS:
        suffix = tokens[-1] if tokens[-1].endswith(".") or tokens[-1][0] == "I" else tokens[-1] + "."
        return tokens[:-1], " " + suffix
    after = _SUFFIX_AFTER.match(text, end)
    if after and len(tokens) >= 2:
        return tokens, after.group().replace("\t", " ") if after.group().startswith(",") else " " + \
            after.group().strip()
    return tokens, ""


def _without_suffix(name: str) -> str:
    """A full name without its generational suffix ("Joseph R. Biden, Jr." -> "Joseph R. Biden")."""
    words = name.split()
    if len(words) >= 3 and words[-1] in _SUFFIX_WORDS:
        return " ".join(words[:-1]).rstrip(",")
    return name


class _Names:
    """Fullest form of each name in the article, by surname (and by a first word used alone: "Moon" for "Moon
    Jae-in"), read from ``start`` on (after the title line: "Lee Meets Park" is a headline, not a name)."""

    def __init__(self, text: str, start: int = 0, found: list[re.Match[str]] | None = None):
        self.by_last: dict[str, str] = {}
        by_first: dict[str, set[str]] = {}
        # the article's names (``found``, the matches over the whole text) from ``start`` on; a name running across
        # ``start`` cannot be cut there, so the text is then searched again from it
        if found is None or any(m.start() < start < m.end() for m in found):
            found = list(_FULL_NAME.finditer(text, start))
        for match in (m for m in found if m.start() >= start):
            words = match.group().split()
            tokens = [t for k, t in enumerate(words) if (t not in _STOP_CAPS or _pronoun_in_name(words, k)) and
                      t not in _NOT_NAME]
            if tokens and tokens[-1].endswith(("'s", "\u2019s")):  # "Chancellor Olaf Scholz's party": the name
                tokens[-1] = tokens[-1][:-2]
            tokens, suffix = _split_suffix(tokens, text, match.end())
            titled = [k for k, t in enumerate(tokens) if (t.lower().rstrip(".") in TITLES or t.lower() in TITLES
                      or t.endswith(("'s", "\u2019s")) or t.lower().split("-")[0] in TITLES or
                      k < len(tokens) - 2 and t.lower() in ORG_WORDS)  # "Executive Board Chair Ann Lee"
                      and not (suffix and k == len(tokens) - 1)]  # "Martin Luther King Jr.": a surname
            if titled:
                tokens = tokens[titled[-1] + 1:]
            elif tokens:
                tokens = tokens[_held_domain(text[max(0, match.start() - 120):match.start()], tokens):]
            while len(tokens) > 2 and tokens[-1] in _CALENDAR:
                tokens = tokens[:-1]  # "will brief President Ann Lee Saturday"
            if tokens and _opening_participle(text, match.start(), tokens[0]):
                tokens = tokens[1:]  # "Listing Mofaz as a loser, she ...": a participle opens the sentence
            tokens = _without_description(tokens)  # "Kuwaiti Ann Lee", "Blogger Tom Berg": a description first
            if len(tokens) < 2:
                continue
            full = " ".join(tokens) + suffix
            by_first.setdefault(tokens[0], set()).add(full)
            last = tokens[-1]
            if len(full) > len(self.by_last.get(last, "")):
                self.by_last.setdefault(last, full)
                if len(full) > len(self.by_last[last]):
                    self.by_last[last] = full
        # a first word that names one person and is no one's surname ("Moon" after "President Moon Jae-in")
        self.by_first = {first: fulls.pop() for first, fulls in by_first.items()
                         if len(fulls) == 1 and first not in self.by_last}
        self.by_paternal = _paternal_surnames(self.by_last)

    def canonical(self, name: str) -> str:
        tokens = name.split()
        if not tokens:
            return name
        if len(tokens) == 1 and tokens[0] not in self.by_last and tokens[0] in self.by_first:
            return self.by_first[tokens[0]]
        if len(tokens) == 1 and tokens[0] not in self.by_last and tokens[0] in self.by_paternal:
            return self.by_paternal[tokens[0]]
        full = self.by_last.get(tokens[-1])
        if full and len(full) > len(name) and _without_suffix(full).endswith(" ".join(tokens[-2:]) if len(tokens) > 1
                                                                              else tokens[-1]):
            return full
        if len(tokens) >= 2 and tokens[-1] in _SUFFIX_WORDS and len(tokens[:-1]) > 0:
            # "Martin Luther King Jr." or "King Jr.": the full name read without the suffix
            full = self.by_last.get(tokens[-2].rstrip(","))
            if full and _without_suffix(full).endswith(" ".join(tokens[:-1]).rstrip(",")):
                return full
        return name


def _paternal_surnames(by_last: dict[str, str]) -> dict[str, str]:
    """The first of two surnames, by which a full name of three words or more is shortened in Spanish and
    Portuguese usage ("Arancibia" for "Alejandro Arancibia Ramirez"), when it is the second-last word of one full
    name only and no one's last word."""
    found: dict[str, set[str]] = {}
    for full in by_last.values():
        words = full.split()
        if len(words) >= 3 and words[-2][:1].isupper() and words[-2] not in by_last:
            found.setdefault(words[-2], set()).add(full)
    return {word: fulls.pop() for word, fulls in found.items() if len(fulls) == 1}


# documents that speak ("A statement released after the meeting said ... But it said ...")
DOCUMENTS = {"statement", "communique", "communiqu\u00e9", "declaration", "report", "letter", "memo", "resolution",
             "release", "readout", "summary"}
ORG_WORDS = {"trust", "council", "commission", "association", "union", "bank", "group", "organisation", "organization",
             "agency", "fund", "institute", "committee", "federation", "league", "ministry", "court", "office",
             "department", "authority", "secretariat", "alliance", "coalition", "corporation", "parliament",
             "assembly", "society", "foundation", "board", "programme", "program", "conference", "forum", "center",
             "centre", "service", "services", "administration", "party", "guild", "town", "city", "county",
             "municipality", "village", "company", "government", "house"}
# the words by which an organisation's short form ("the union", "the town") refers to its full name when the
# name does not end with that word ("the union" after "the Writers Guild of America")
ORG_KINDS = {
    "union": ("Union", "Alliance", "Federation", "Association", "Guild", "Confederation", "Congress", "Syndicate"),
    "town": ("Town", "City", "Municipality", "County", "Borough", "Village", "Council"),
    "company": ("Company", "Corporation", "Corp", "Inc", "Group", "Holdings", "Motors", "Airlines", "Ltd"),
    "government": ("Government", "Administration", "Ministry", "Cabinet"),
}
for _kind, _names in list(ORG_KINDS.items()):
    for _word in _names:
        ORG_KINDS.setdefault(_word.lower(), _names)
ORG_KINDS["city"] = ORG_KINDS["town"]
_CONNECTORS = {"of", "for", "the", "and", "on", "de", "des", "du", "&"}


def _organisation_name(tokens: list[str]) -> str | None:
    """A multi-word proper name of an organisation at the end of the NP ("the International Council for the
    Exploration of the Sea"): capitalised words joined by of/for/the/and, one of them an organisation word."""
    run = _organisation_run(tokens)
    if len(run) < 2 or not _NAME_TOKEN.match(run[-1]) or run[-1].lower() in _CONNECTORS:
        return None
    if not any(t.lower() in ORG_WORDS and t[0].isupper() for t in run):
        return None
    if not any(t.lower() in _CONNECTORS for t in run):
        return None  # no connector: the ordinary name scan handles it
    if _word_before(tokens, len(tokens) - len(run)) in _PREPOSITIONS:
        return None  # "a spokesperson for the Bank of England": a description
    if _holder_after_organisation(run):
        return None  # "Department of the Interior Assistant Secretary Ann Lee": a person, titled by the department
    return " ".join(run)


def _organisation_run(tokens: list[str]) -> list[str]:
    """The capitalised words and connectors that end ``tokens``, from the first that may open a name."""
    k = len(tokens)
    while k > 0 and (_NAME_TOKEN.match(tokens[k - 1]) or tokens[k - 1].lower() in _CONNECTORS):
        k -= 1
    run = tokens[k:]
    # "Leaders of the European Council": a capitalised common noun opening the sentence is not part of the name
    while run and (run[0].lower() in _CONNECTORS or run[0] in _STOP_CAPS or
                   run[0].lower() in PERSON_NOUNS and run[0].lower() not in ORG_WORDS):
        run = run[1:]
    return run


def _holder_after_organisation(run: list[str]) -> bool:
    """A capitalised run that names an organisation, then a title held in it, then a person's name of two words
    or more ("U.S. Department of the Interior Assistant Secretary for Water Ann Lee"), unlike an office named by
    its title ("Office of the Special Envoy for Syria"), which ends in a connector and a place."""
    organisations = [k for k, token in enumerate(run) if token.lower() in ORG_WORDS and token[0].isupper()]
    if not organisations or len(run) - organisations[-1] < 4:
        return False
    after = run[organisations[-1] + 1:]
    titled = [k for k, token in enumerate(after[:-2]) if token.lower().rstrip(".") in TITLES and
              token.lower() in PERSON_NOUNS | {"ceo", "chair", "head", "chief"}]
    return bool(titled) and all(_NAME_TOKEN.match(t) and t.lower() not in _CONNECTORS and t.lower() not in TITLES
                                and t not in _PLACE_NAMES for t in after[-2:])


_PREPOSITIONS = ("at", "of", "from", "for", "with", "in", "to", "by")


def _word_before(tokens: list[str], index: int) -> str:
    """The word before ``tokens[index]``, skipping articles (lower case; "" at the start)."""
    index -= 1
    while index >= 0 and tokens[index].lower() in ("the", "a", "an"):
        index -= 1
    return tokens[index].lower() if index >= 0 else ""


_PRONOUN_CAPS = {"He", "She", "We", "It", "I", "You"}


def _pronoun_in_name(tokens: list[str], index: int) -> bool:
    """A capitalised pronoun inside a run of capitalised words is a name part ("Vice Premier He Lifeng"):
    a pronoun never stands between a title or name and another name in running text."""
    return tokens[index] in _PRONOUN_CAPS and 0 < index < len(tokens) - 1 and \
        bool(_NAME_TOKEN.match(tokens[index - 1])) and tokens[index - 1] not in _STOP_CAPS and \
        bool(_NAME_TOKEN.match(tokens[index + 1])) and tokens[index + 1] not in _STOP_CAPS


_PROPER_TITLES = {"hamas", "eu", "un", "u.n.", "nato", "opec"}


_EXAMPLES = {"like", "including", "especially", "notably"}


# countries, peoples' adjectives and capitals (the draft lexicon's geography): the place a title is held for
_PLACE_NAMES = frozenset(name for key, others in ENTITIES.items() for name in (key, *others)) | PLACES
_PLACE_WORDS = max(len(name.split()) for name in _PLACE_NAMES)
# a title and its preposition before a capitalised run, maybe with a coordinated domain before it: "Ambassador to
# the ", "CEO of the ", "Assistant Secretary for Water and "
_TITLE_PREPOSITION = re.compile(r"(?:^|\s)([A-Z][\w.-]*)[ \t]+(?:to|of|for|at|on|in)[ \t]+(?:the[ \t]+)?"
                                r"((?:[A-Z][\w.'\u2019-]*[ \t]+)*(?:and|&)[ \t]+)?$")


def _held_domain(before: str, run: list[str]) -> int:
    """How many words a capitalised run after a title's preposition gives to the domain of the title before the
    holder's name begins: a place ("Ambassador to the United States Ann Lee": 2), an organisation ending in an
    organisation word ("CEO of the Refugee Council Ann Lee": 2, "President of the European Commission Ann von
    Berg": 2) or the second word of a coordinated portfolio ("Secretary for Water and Science Ann Lee": 1);
    0 when ``before`` does not end in a title and its preposition, or the run gives no sign where the name begins.
    At least one word is always left for the name."""
    title = _TITLE_PREPOSITION.search(before[-120:])
    if title is None or title.group(1).lower().rstrip(".") not in TITLES or len(run) < 2:
        return 0
    for size in range(min(_PLACE_WORDS, len(run) - 1), 0, -1):
        if " ".join(run[:size]) in _PLACE_NAMES:
            return size
    organisations = [k for k, token in enumerate(run[:-1]) if token.lower() in ORG_WORDS]
    if organisations:
        return organisations[-1] + 1
    if title.group(2) and len(run) >= 3:
        return 1
    return 0


# a short form in brackets after the name it abbreviates ("the Korean Central News Agency (KCNA)")
_ACRONYM_AFTER = re.compile(r"(?<=\S)[ \t]*\(([A-Z][A-Z&.]{1,7})\)$")
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z]{2,8})\)")
_WORDS_BEFORE = re.compile(r"(?:[A-Z][\w'\u2019-]*[ \t]+(?:(?:of|for|the|and|on|&)[ \t]+)*){1,8}$")


def defined_acronyms(text: str) -> dict[str, str]:
    """The short forms an article defines, with the names they stand for: "Korean Central News Agency (KCNA)" ->
    {"KCNA": "Korean Central News Agency"}. The short form's letters must be the initials of the name's
    capitalised words (connectors skipped), so "Ann Lee (UN)" defines nothing."""
    found: dict[str, str] = {}
    for match in _BRACKETED_ACRONYM.finditer(text):
        before = _WORDS_BEFORE.search(text, max(0, match.start() - 160), match.start())
        if before is None:
            continue
        words = before.group().split()
        for start in range(len(words)):
            name = words[start:]
            if name[0].lower() in _CONNECTORS:
                continue
            initials = "".join(w[0] for w in name if w.lower() not in _CONNECTORS)
            if initials == match.group(1):
                found.setdefault(match.group(1), " ".join(name))
                break
    return found


_POSSESSED_NAME = re.compile(r"[A-Z][a-z]+(?:['\u2019]s|s['\u2019])")


def _possessive_in_name(token: str) -> bool:
    """A capitalised common noun of people in the possessive opens a proper name, it does not own it: "People's
    Daily", "Workers' Party", "Children's Fund" (unlike "VOA's Al Pessin", where VOA is the owner)."""
    if not _POSSESSED_NAME.fullmatch(token):
        return False
    noun = token.rstrip("'\u2019").lower()
    noun = noun[:-2] if noun.endswith(("'s", "\u2019s")) else noun
    return noun in PERSON_NOUNS or noun in _PLURAL_IRREGULAR


# a person's nationality or occupation written before a name with a capital, as a sentence opens with it
# ("Kuwaiti Ann Lee", "Journalist Tom Berg", "Netizen Kim Hale"): a description, not part of the name
DESCRIPTIONS = {"journalist", "blogger", "netizen", "activist", "analyst", "writer", "author", "columnist",
                "commentator", "researcher", "scholar", "student", "lawyer", "poet", "artist", "economist", "user",
                "photographer", "filmmaker", "novelist", "historian", "academic", "entrepreneur", "businessman",
                "businesswoman", "resident", "protester", "campaigner", "tweeter", "editor", "reporter", "scientist"}
_DEMONYM_ENDS = re.compile(r"(?:an|ese|i|ish|ic|ch)$")
# nationality words: an entity's other name that ends like a demonym and shares its first letters with the
# entity's name or with a shorter name of it ("Kuwaiti" of Kuwait, "American" of America; not "Tehran" of Iran)
DEMONYMS = frozenset(n for canonical, names in ENTITIES.items() for n in names
                     if " " not in n and n[:1].isupper() and not n.isupper() and _DEMONYM_ENDS.search(n) and
                     any(other != n and other[:3] == n[:3] for other in (canonical, *names)))
_DESCRIPTION_KEPT = re.compile(r"(?:[A-Z]\.|[A-Z][a-z]?\.?)$|.*['\u2019]s$")  # "Kuwaiti A. Lee": too short to judge


def _without_description(tokens: list[str]) -> list[str]:
    """A person's name without the capitalised nationality or occupation that opens it ("Kuwaiti Ann Lee" -> "Ann
    Lee", "Journalist Tom Berg" -> "Tom Berg"). Kept whole: a name of two words ("Saudi Aramco"), an
    organisation's name ("American Enterprise Institute"), a name whose next word is an initial."""
    while len(tokens) >= 3 and (tokens[0] in DEMONYMS or tokens[0][:1].isupper() and tokens[0][1:].islower() and
                                tokens[0].lower() in DESCRIPTIONS) and not _DESCRIPTION_KEPT.match(tokens[1]) and \
            not any(t.lower() in ORG_WORDS or t.lower() in PERSON_NOUNS or t.lower() in ORG_KINDS or
                    t.lower() in TITLES for t in tokens[1:]):
        tokens = tokens[1:]
    return tokens


def _name_part(np: str) -> str | None:
    """The proper name an NP ends with ("Senior Hamas official Mousa Abu Marzouk" -> "Mousa Abu Marzouk").

    Examples after the head are not the speaker's name ("Developing nations like China and India": none), nor is
    an acronym after an organisation's name ("the World Trade Agency WTA": "World Trade Agency").
    """
    tokens = _ACRONYM_AFTER.sub("", np).split()  # "The World Health Organisation (WHO)": the name, not its short form
    cut = next((k for k, t in enumerate(tokens) if k and (t in _EXAMPLES or t == "such" and
                                                          tokens[k + 1:k + 2] == ["as"])), None)
    if cut is not None:
        tokens = tokens[:cut]
    if len(tokens) >= 3 and _ACRONYM.fullmatch(tokens[-1]) and tokens[-2].lower() in ORG_WORDS and \
            tokens[-2][:1].isupper():
        tokens = tokens[:-1]
    organisation = _organisation_name(tokens)
    if organisation:
        return organisation
    run: list[str] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if _NAME_TOKEN.match(token) and token.lower() not in TITLES and token not in _STOP_CAPS:
            run.insert(0, token)
        elif token in ("Abu", "bin", "al", "van", "von", "de", "del", "la", "le", "da", "di", "dos", "der") and run:
            run.insert(0, token)
        elif _pronoun_in_name(tokens, index) and run:
            run.insert(0, token)  # "Vice Premier He Lifeng": a name part that is also a pronoun
        elif run and _possessive_in_name(token):
            run.insert(0, token)  # "the People's Daily"
        else:
            break
    if not run and tokens and tokens[-1][:1].isupper() and tokens[-1].lower() in _PROPER_TITLES and \
            all(t[:1].isupper() for t in tokens):
        return " ".join(tokens)  # "Hamas says", "The EU said": a proper name that also serves as a title elsewhere
    if (not run or run == tokens[-1:]) and len(tokens) >= 2 and tokens[-1][:1].isupper() and \
            tokens[-1].lower() in ORG_WORDS:
        # "The European Union", "the Atlantic Alliance", "The State Department", "the International Energy
        # Agency": an organisation whose name ends in an organisation word (its other words may be title words)
        k = len(tokens) - 1
        while k > 0 and _NAME_TOKEN.match(tokens[k - 1]) and tokens[k - 1] not in _STOP_CAPS:
            k -= 1
        if k > 0 and k < len(tokens) - 1 and re.fullmatch(r"[A-Z][\w.-]*['\u2019]s", tokens[k - 1]):
            k -= 1  # "Ethiopia's Foreign Ministry": the country's ministry is its name
        if len(tokens) - k >= 2 and _word_before(tokens, k) not in _PREPOSITIONS:
            return " ".join(tokens[k:])
    if not run or len(run) == 1 and run[0].lower() in PERSON_NOUNS:
        return None  # "Analysts said": a capitalised common noun, not a name
    run = _without_description(run)  # "Kuwaiti Ann Lee", "Blogger Tom Berg": a description capitalised first
    held = _held_domain(" ".join(tokens[:len(tokens) - len(run)]) + " ", run)
    if held:
        return " ".join(run[held:])  # "Ambassador to the United States Ann Lee": the place is the title's
    if len(run) >= 2 and _holder_after_organisation(_organisation_run(tokens)):
        return " ".join(run)  # "the Ministry of Lakes Deputy Director Ann Lee": the director's name
    capitalised = len(tokens) - len(run)  # the whole capitalised run, titles included ("the Greenfield Climate
    while capitalised > 0 and _NAME_TOKEN.match(tokens[capitalised - 1]) and \
            tokens[capitalised - 1] not in _STOP_CAPS:  # Institute" is one name after "at")
        capitalised -= 1
    # "Assistant Secretary of State Hill": "of" inside a capitalised title, not a description's preposition
    title_of = capitalised >= 2 and tokens[capitalised - 1] in ("of", "for") and tokens[capitalised - 2][:1].isupper() and \
        tokens[capitalised - 2].lower() in TITLES and all(t.lower() in TITLES for t in tokens[capitalised:-len(run)])
    if not title_of and (_word_before(tokens, capitalised) in _PREPOSITIONS or
                         _word_before(tokens, len(tokens) - len(run)) in _PREPOSITIONS):
        # "Analysts at Nordea": a description, not a name; "Tomas Lindqvist of Berenberg": the leading name
        lead: list[str] = []
        for token in tokens:
            if _NAME_TOKEN.match(token) and token.lower() not in TITLES and token not in _STOP_CAPS:
                lead.append(token)
            else:
                break
        if len(lead) >= 2 and len(tokens) > len(lead) and tokens[len(lead)].lower() in ("of", "at", "from", "for"):
            return " ".join(lead)
        return None
    return " ".join(run)


def _titled_name(apposition: str, name: str) -> bool:
    """An apposition that is a name with its titles: "Assistant Secretary of State Christopher Hill", "retired
    General Lazaro Sumbeiywo"."""
    words = apposition.split()
    titles = words[:len(words) - len(name.split())]
    if titles and titles[0].lower() in _TITLE_LEAD:
        titles = titles[1:]
    return len(titles) <= 6 and all(w.lower().strip(".") in TITLES or w.lower() in TITLES or w in ("of", "for") or
                                    _NAME_TOKEN.match(w) and w not in _STOP_CAPS for w in titles)


def titled_pair(np: str) -> tuple[str, str] | None:
    """The two names of a pair of titled names ("Senate Leader Ann Lee and Speaker Tom Berg", "Governor Lee and
    Mayor Berg"): each side is titles and a name, and at least one side has a title; None otherwise."""
    pair = re.fullmatch(r"(.+?)\s+and\s+(.+)", np)
    if not pair:
        return None
    names = [_name_part(part) for part in pair.groups()]
    if not all(name and _titled_name(part, name) and part.split()[0] not in _STOP_CAPS and
               part[:len(part) - len(name)].split()[-1:] not in (["of"], ["for"])
               for part, name in zip(pair.groups(), names)):
        return None
    if all(name == part for part, name in zip(pair.groups(), names)):
        return None  # two bare names: read as they are
    return names[0] or "", names[1] or ""


def _list_start(np: str) -> int | None:
    """Where a comma-separated list of names that ends the phrase begins ("the leaders of France, Germany, and
    Finland": 0), or None when the phrase does not end in such a list."""
    parts = np.split(",")
    serial = _SERIAL_AND.match(parts[-1])
    # without the serial comma the last part holds two items: "the heads of the Council, France and Germany"
    pair = _NAME_PAIR.fullmatch(parts[-1])
    if len(parts) < (3 if serial else 2) or not (serial or pair):
        return None
    k = len(parts) - 2
    while k > 0 and re.fullmatch(r"\s*(?:[A-Z][\w.'\u2019-]*\s*){1,3}", parts[k]):
        k -= 1
    if serial and k == len(parts) - 2 or \
            not re.search(r"\s(?:of|from|in)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s*){1,4}$", parts[k]):
        return None  # a list needs a head that governs it: "the leaders of France, ..."
    start = sum(len(p) + 1 for p in parts[:k])
    return start


_POST_MODIFIERS = {"at", "of", "for", "from", "with", "in", "on", "familiar", "close", "involved", "who", "whose",
                   "briefed", "privy", "tracking", "speaking", "representing", "working"}


_DEMONYM_GROUP = re.compile(r"[Tt]he [A-Z][a-z]+(?:ese|ish|ch|ans|ians)")


# a share of a group, as polls report it: "Twenty-four percent (of voters)", "about half", "six in 10 Democrats",
# "three-quarters of the voters", "a majority of respondents"
_SHARE = re.compile(r"(?:(?:about|around|nearly|almost|roughly|just|only|some|over|under|fully|barely|(?:more|less|fewer)"
                    r"\s+than)\s+)?(?:[\w.-]+\s+(?:percent|per\s+cent)|\d+(?:\.\d+)?%|[\w-]+\s+(?:in|out\s+of)\s+"
                    r"(?:10|ten|\d+|five|four|three)\b|half|(?:a|one)\s+(?:third|quarter|fifth)|two-thirds|three-quarters|"
                    r"three-fourths|(?:a|the)\s+(?:slim\s+|narrow\s+|large\s+|clear\s+)?(?:majority|plurality|minority)|"
                    r"(?:large\s+|big\s+|overwhelming\s+)?majorities)(?:\s|$)", re.IGNORECASE)


def _number(np: str) -> str:
    low = np.lower()
    if _SHARE.match(np.strip()):
        return "plural"
    words = re.findall(r"[\w.]+", low)
    if not words:
        return "singular"
    if " and " in low or words[0] in PLURAL_WORDS or words[-1] in PLURAL_WORDS:
        return "plural"
    if _DEMONYM_GROUP.fullmatch(np.strip()):
        return "plural"  # "The Chinese", "The British", "The French", "the Americans"
    # the head noun is before any post-modifier: "Analysts at Kessler Research", "people familiar with it"
    cut = next((k for k, w in enumerate(words) if k and w in _POST_MODIFIERS), len(words))
    if words[cut - 1] in PERSON_NOUNS and words[cut - 1].endswith("s") and \
            words[cut - 1] not in ("chairwoman", "boss", "press", "witness"):
        return "plural"
    head = words[-1]
    if head in PERSON_NOUNS and head.endswith("s") and head not in ("chairwoman", "boss", "press", "witness"):
        return "plural"
    if "officials" in words or "negotiators" in words or "diplomats" in words or "sources" in words:
        return "plural"
    return "singular"


_REPORTS = re.compile(r"(?:(?:a|an|the|some|several|many|other|earlier|recent|unconfirmed|press|media|news|local)\s+)"
                      r"{0,2}(?:reports?|letters?|memos?|communiques?)", re.IGNORECASE)


# small patterns on hot paths, compiled once
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_SERIAL_AND = re.compile(r"\s*(?:and|or)\s+[A-Z]")
_NAME_PAIR = re.compile(r"\s*(?:[A-Z][\w.'\u2019-]*\s+){1,3}(?:and|or)\s+(?:[A-Z][\w.'\u2019-]*\s*){1,3}")
_CAPITALISED_VERB_FORM = re.compile(r"[A-Z][a-z]+(?:ed|ing)")
_PRONOUN_PAIR = re.compile(r"(?:[Hh]e|[Ss]he)\s+and\s+(.+)|(.+?)\s+and\s+(?:he|she)")
_THAT_WORD = re.compile(r"\bthat\b")
_CONJUNCTION_START = re.compile(r"(?:and|or|but)\b")


@lru_cache(maxsize=4096)
def _mention_of(last: str) -> re.Pattern[str]:
    """A surname as a whole word, not a possessive (compiled once per name, not once per article)."""
    return re.compile(r"\b" + re.escape(last) + r"\b(?![\u2019']s\b)")


def plausible_speaker(np: str) -> bool:
    """Could this noun phrase be who is speaking? (a listed or named speaker, or a common-noun phrase)

    A lone word that is itself a verb form of saying is not ("Reported comments by X confirm this": the sentence
    opens with a participle, not a name)."""
    if _CAPITALISED_VERB_FORM.fullmatch(np.strip()) and np.strip().lower() in _VERB_FORMS:
        return False
    return listed_speaker(np) or common_noun_subject(np)


def listed_speaker(np: str) -> bool:
    """Could this noun phrase be who is speaking, by the lists of speaker nouns and the forms of names?"""
    stripped = np.strip()
    if not stripped or len(stripped) > 140:
        return False
    if _SHARE.match(stripped) and len(stripped.split()) <= 14 and not _VERB_RE.search(stripped):
        return True  # "Twenty-four percent", "Half of the voters", "Six in 10 primary voters"
    if stripped.lower() in PRONOUNS or stripped.lower() == "it" or _ONE_OF.fullmatch(stripped.lower()):
        return True
    pair = _PRONOUN_PAIR.fullmatch(stripped)
    if pair and _name_part(pair.group(1) or pair.group(2)) == (pair.group(1) or pair.group(2)):
        return True  # "She and Kammenos agreed that"
    words = stripped.split()
    if _REPORTS.fullmatch(stripped):
        return True  # "According to some reports, X": reports speak, though "reports" is also a verb
    if _VERB_RE.search(stripped) or _THAT_WORD.search(stripped):
        return False
    if len(words) > 14 and "," in stripped:
        # "The chief U.S. negotiator to the Beijing nuclear talks, Assistant Secretary of State Ann Lee": a long
        # description closed by the titled name of who holds it
        head, tail = (part.strip() for part in stripped.rsplit(",", 1))
        name = _name_part(tail)
        if name is None:
            return False
        return len(words) <= 24 and "," not in head and len(name.split()) >= 2 and _titled_name(tail, name) and \
            plausible_speaker(head) and \
            bool(re.match(r"(?:the|its|his|her|their)\s|[\w.-]+['\u2019]s\s", head, re.IGNORECASE))
    if stripped[0].islower() and _described_name(stripped):
        return True  # "former President Ann Lee", "presidential candidate Sen. Ann Lee (R-SC)"
    if len(words) > 14 or any(ch in stripped for ch in "\u201c\u201d\"") or stripped[0].islower() and \
            words[0] not in PERSON_NOUNS and not (len(words) <= 3 and words[-1] in PERSON_NOUNS) \
            and words[0] not in PLURAL_WORDS and words[0] not in PLURAL_WORDS and \
            not stripped.lower().startswith(("a ", "an ", "the ", "two ", "three ", "several ", "some ", "one ",
                                              "its ", "his ", "her ", "their ", "our ", "another ",
                                              "senior ", "other ", "union ", "people ", "many ")):
        return False
    lowered = [w.lower().strip(",.") for w in words]
    if any(w in PERSON_NOUNS for w in lowered):
        return True
    possessed = re.match(r"(?:[Tt]he\s+)?(?:[\w.-]+\s+){0,3}?[\w.-]+['\u2019]s\s+(.+)$", stripped)
    if possessed and _name_part(possessed.group(1)) == possessed.group(1) and len(possessed.group(1).split()) >= 2:
        return True  # "The Network's Ida Marsh", "VOA's Al Pessin"
    name = _name_part(stripped)
    if name and words[0] == "The" and 2 <= len(words) <= 6 and \
            all(_NAME_TOKEN.match(w) or w in ("of", "for", "and") for w in words[1:]):
        return True  # "The White House", "The Kremlin": an institution by its proper name
    return bool(name) and len(words) <= 8 and words[0] not in _STOP_CAPS


# what opens a noun phrase headed by a common noun ("the email", "some party strategists", "Mr. Lee's backers")
_OPENERS = {"the", "a", "an", "this", "these", "those", "some", "many", "most", "several", "few", "both", "other",
            "another", "each", "his", "her", "their", "its", "our", "more", "fewer", "top", "two", "three", "four",
            "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands", "millions"}
# words that head no speaker, or show that the words before a verb are not its subject
_NOT_HEADS = {"that", "this", "these", "those", "it", "which", "what", "who", "there", "here", "all", "one", "time",
              "day", "week", "month", "year", "night", "morning", "evening", "moment", "way", "thing", "things",
              "fact", "point", "case", "matter", "news", "past", "end", "rest", "same", "kind", "sort", "lot",
              "number", "part", "percent", "less", "much", "than", "then", "yes", "now", "also", "even", "just"}
_NOT_IN_SUBJECT = {"in", "on", "at", "after", "before", "when", "while", "if", "as", "because", "since", "to",
                   "and", "or", "but", "so", "than", "not", "is", "was", "are", "were", "be", "been", "has", "have",
                   "had", "will", "would", "can", "could", "did", "does", "do", "by", "with", "into", "over",
                   "about", "against", "under", "during", "through", "what", "how", "why", "where", "whether"}
_ENDS_NO_PHRASE = {"this", "that", "the", "a", "an", "their", "his", "her", "its", "our", "always", "perhaps",
                   "sometimes", "thus", "besides", "afterwards", "nevertheless"}
_PERSON_PLURAL_ENDINGS = ("ers", "ors", "ists", "ants", "ents", "ans", "ics", "ives", "als", "ites", "ees")
_PLURAL_IRREGULAR = {"people", "men", "women", "others", "children", "police", "many", "some", "few", "both",
                     "most", "several"}


def _common_head(np: str) -> tuple[list[str], int] | None:
    """The lowercased words of a noun phrase headed by a common noun and the index of its head (the last word
    before a post-modifier: "attorneys for the department" -> attorneys, "critics like Ann Lee" -> critics)."""
    stripped = np.strip()
    words = stripped.split()
    if not words or len(words) > 10 or _VERB_RE.search(stripped) or \
            any(ch in stripped for ch in "\u201c\u201d\"();:!?,"):
        return None
    low = [w.lower().strip(",.") for w in words]
    cut = next((k for k, w in enumerate(low) if k and w in _POST_MODIFIERS | {"like", "including", "such"}), len(low))
    head = low[cut - 1]
    if cut > 5 or any(w in _NOT_IN_SUBJECT for w in low[:cut]) or head in _NOT_HEADS or \
            any(w in _AUXILIARIES or w.endswith("ly") for w in low) or \
            any(w.endswith("ed") for w in low[1:cut - 1]) or \
            not re.fullmatch(r"[a-z][a-z-]+[a-z]", head) or head.endswith(("ly", "ing")):
        return None
    if low[-1] in _ENDS_NO_PHRASE or any(re.search(r"['\u2019](?!s$)", w) for w in low):
        return None  # "Some information for this", "We've always": no noun phrase
    # the head is lowercase in the text, unless it opens the phrase ("Critics say", "Others argue")
    if cut > 1 and not words[cut - 1][:1].islower():
        return None
    if cut == 1 and not words[0][:1].islower() and head not in _PLURAL_IRREGULAR and \
            not head.endswith(_PERSON_PLURAL_ENDINGS):
        return None  # a capitalised word alone: "Critics", "Millennials", not "Takes" (a verb)
    return low, cut - 1


def plural_by_form(np: str) -> bool:
    """A noun phrase whose head is a plural common noun by its form ("Democratic strategists", "Others", "those
    surveyed", "critics like Ann Lee"): a subject that agrees with "say", "argue", "insist"."""
    found = _common_head(np)
    if found is None:
        return False
    low, head = found
    word = low[head]
    if low[0] == "those" and head == 1 and word.endswith("ed"):
        return True  # "those surveyed", "those polled"
    return word in _PLURAL_IRREGULAR or word.endswith("s") and not word.endswith(("ss", "us", "is", "ed"))


def common_noun_subject(np: str) -> bool:
    """A noun phrase headed by a common noun that can say something when it is the subject of a verb of saying:
    plural by form ("Democratic strategists", "critics like Ann Lee", "those surveyed"), or opened by a
    determiner or a possessive ("the email", "The billionaire businessman", "Mr. Lee's backers")."""
    found = _common_head(np)
    if found is None:
        return False
    low, head = found
    if plural_by_form(np):
        return True
    return not low[head].endswith("ed") and (low[0] in _OPENERS and head >= 1 or
                                           any(re.search(r"['\u2019]s$", w) for w in low[:head]))


_PARTY_TAG = re.compile(r"\s*\([^()]{1,12}\)$")  # "(R-SC)", "(D)", "(I-Vt.)"
_NOT_TITLE_WORD = re.compile(r"\b(?:[a-z]+ing|(?!(?:retired|elected|embattled|celebrated|noted|acclaimed)\b)[a-z]+ed|to|for|"
                             r"with|by|from|of|at|in|on|about|against|than|like|and|or|but|who|that)\b")


def _described_name(np: str) -> bool:
    """A full name (two words or more) closing a short lowercase description: "former President Ann Lee",
    "real estate developer Tom Hale", "presidential candidate Sen. Ann Lee (R-SC)"."""
    bare = _PARTY_TAG.sub("", np)
    words = bare.split()
    name = _name_part(bare)
    if not name or len(name.split()) < 2 or not bare.endswith(name) or len(words) > 10:
        return False
    first_capital = next((k for k, w in enumerate(words) if not w[:1].islower()), len(words))
    return not _NOT_TITLE_WORD.search(" ".join(words[:first_capital])) and first_capital <= 4


# social-media accounts as speakers: "Ann Lee (@annlee)", "Twitter user @annlee", "@annlee"
_HANDLE_TAG = re.compile(r"[ \t]*,?[ \t]*\(@\w{1,30}\)$")
_HANDLE_ONLY = re.compile(r"(?:(?:[Aa]nother|[Oo]ne|[Aa]|[Tt]he)\s+)?(?:(?:[Tt]witter|[Ww]eibo|[Ff]acebook|[Ii]nstagram|"
                          r"[Nn]etizen|[Ww]eb|[Oo]nline)\s+)?(?:users?\s+|accounts?\s+|handles?\s+|poster\s+)?"
                          r"(@\w{1,30})")


def handle_speaker(np: str) -> tuple[int, int, bool] | None:
    """Where the speaker lies in a subject that names a social-media account: ``(start, end, handle_only)``.
    "Kim Lee (@kimlee)" is Kim Lee (the handle describes the name); "Twitter user @kimlee" and "@kimlee" are the
    account, named by its handle (as the labelling rules name users known only by their handles). None when the
    subject names no account."""
    stripped = np.rstrip()
    tag = _HANDLE_TAG.search(stripped)
    if tag and tag.start() > 0:
        return 0, tag.start(), False
    only = _HANDLE_ONLY.fullmatch(stripped)
    if only:
        return only.start(1), only.end(1), True
    return None


def source_kind(np: str, context: str = "") -> str:
    """named | unnamed | anonymous, from the speaker NP and its appositions."""
    if ANONYMITY.search(np) or ANONYMITY.search(context):
        return "anonymous"
    if _DEMONYM_GROUP.fullmatch(np.strip()):
        return "unnamed"  # "The Chinese", "the Americans": a people, not a body with a proper name
    others = re.match(r"(.+?)\s+and\s+other\s", np)
    if others and _name_part(others.group(1)) == others.group(1):
        return "named"  # "Ann Lee and other officials": a named member speaks for the group
    listed = _list_start(np)
    parts = np.split(",") if listed is None else [np.split(",")[0]]  # "the leaders of France, ..., and Finland"
    if _name_part(parts[-1].strip()) or _name_part(parts[0].strip()):
        return "named"
    # an unnamed "source" or "insider" is anonymous by the convention of the trade
    return "anonymous" if re.search(r"\b(?:sources?|insiders?)\b", np, re.IGNORECASE) else "unnamed"


class Extractor:
    """Rule-based extraction over one article (state: speakers seen so far, for pronouns)."""

    def __init__(self, text: str):
        self.original = text
        # typewriter quotation marks (''We will win,'' she said) are read as double quotation marks, at the same
        # offsets; what the attributions quote is sliced from the text as given (``verbatim``)
        text = self.text = typewriter_quotes(text)
        self.paragraphs = paragraphs(text)
        self.quotes = quote_spans(text, self.paragraphs)
        if not self.quotes:  # an article quoting with single marks only ('We will not accept this,' she said)
            self.quotes = single_quote_spans(text, self.paragraphs)
        self.sentences = sentences(text, self.paragraphs, self.quotes)
        if text is not self.original:
            self.sentences = [Sentence(u.start, u.end, self.original[u.start:u.end], u.paragraph)
                              for u in self.sentences]
        # standfirsts and subheadings that report ("Egypt says agreement is close") are read too; the first line
        # (the title, by convention) and "URL:" lines are not
        self._units = sorted(self.sentences + [
            Sentence(s, e, text[s:e], k) for k, (s, e, heading) in enumerate(self.paragraphs)
            if heading and k > 0 and not text.startswith("URL:", s) and not _BYLINE_LINE.match(text, s, e) and
            _VERB_RE.search(text, s, e)], key=lambda unit: unit.start)
        self._quote_ends = [e for _, e in self.quotes]
        self._full_names = list(_FULL_NAME.finditer(text))
        self.names = _Names(text, self.paragraphs[0][1] if self.paragraphs and self.paragraphs[0][2] else 0,
                            self._full_names)
        self._sentence_starts = [sentence.start for sentence in self.sentences]
        # the words of the titles the article gives each named person ("U.S. President Ann Lee": u, s, president)
        self._title_words: dict[str, set[str]] = {}
        self.aliases = self._build_aliases()
        self.acronyms = defined_acronyms(text)
        self._aliased = False
        self._content = (0, 0)  # the content of the statement whose speaker is being resolved
        self.speakers: list[Attribution] = []
        self.gender: dict[str, str] = {}
        self._handles: dict[str, tuple[list[int], list[re.Match[str]]]] | None = None  # see `_account_name`

    # -- helpers --------------------------------------------------------
    def _quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotes overlapping ``[start, end)``, clipped to it (found by binary search: quotes are sorted)."""
        found = []
        for k in range(bisect_right(self._quote_ends, start), len(self.quotes)):
            s, e = self.quotes[k]
            if s >= end:
                break
            found.append((max(s, start), min(e, end)))
        return found

    def _form(self, start: int, end: int) -> str:
        start, end = _strip_span(self.text, start, end, " \t\n,;:.")
        inner = self._quotes_in(start, end)
        if not inner:
            return "paraphrase"
        covered = sum(e - s for s, e in inner)
        if inner[0][0] <= start + 1 and covered >= 0.85 * (end - start):
            return "direct"
        return "partial"

    def _last_name_mention(self, before: int, after: int, subjects_only: bool = False) -> str | None:
        """The last full name mentioned outside quotes in ``[after, before)``: the last one that is the subject of
        its sentence when there is one ("Ben Rhodes described Clinton's impact. '...,' he said": Rhodes; "Delia
        Robertson ... she spoke to reporter Joe De Capua. '...,' she says": Robertson), never a possessive."""
        best, at, subject_best, subject_at = None, -1, None, -1
        for last, full in self.names.by_last.items():
            for match in _mention_of(last).finditer(self.text[after:before]):
                position = after + match.start()
                # "Tom Berg and Ann Lee will attend, she said": who the statement is about is not who makes it
                if _inside(self.quotes, position) or not self._in_body(position) or \
                        self._content[0] <= position < self._content[1] or \
                        _MODIFIER_AFTER.match(self.text, after + match.end()) or \
                        full.split()[-1].lower() in _NOT_PERSON_LAST or full.split()[-1].lower() in ORG_WORDS:
                    continue  # "The Kevin Walsh Show" is a programme, not its host
                if position > at:
                    best, at = full, position
                if position > subject_at and self._is_subject_mention(position):
                    subject_best, subject_at = full, position
        if subjects_only:
            return subject_best
        if subject_best and subject_at < at:
            # an earlier subject wins only when the sentences after it continue with a pronoun subject
            # ("Delia Robertson is following developments. From Johannesburg, she spoke to Joe De Capua.")
            first_unit = bisect_right(self._sentence_starts, subject_at)
            last_unit = bisect_right(self._sentence_starts, at)
            if not all(_PRONOUN_SUBJECT.match(unit.text) for unit in self.sentences[first_unit:last_unit]):
                return best
        return subject_best or best

    def _in_body(self, position: int) -> bool:
        """Whether ``position`` lies in a sentence of the body (not a heading or byline)."""
        k = bisect_right(self._sentence_starts, position) - 1
        return k >= 0 and self.sentences[k].end > position

    def _is_subject_mention(self, position: int) -> bool:
        """Whether the name at ``position`` opens its sentence (after titles and other parts of the name only)."""
        k = bisect_right(self._sentence_starts, position) - 1
        start = self.sentences[k].start if k >= 0 and self.sentences[k].end > position else \
            max(self.text.rfind("\n", 0, position), self.text.rfind(". ", 0, position)) + 1
        words = self.text[start:position].split()
        if words and words[0].lower() in ("both", "either", "neither") or \
                re.match(r"[\w.'\u2019-]*\s+(?:and|or)\s+[A-Z]", self.text[position:position + 60]):
            return False  # "Both Lee and Song expressed ...": a pair is the subject, not one person
        return len(words) <= 8 and all(w[:1].isupper() or w.lower() in TITLES or w.lower() in PERSON_NOUNS or
                                       w in ("of", "for", "the", "and") for w in words) and \
            not (words and words[0] in _NOT_NAME)

    def _organisation_headed_by(self, word: str, at: int) -> tuple[int, str] | None:
        """(position, name) of the last organisation named before ``at`` by ``word`` and what it is of, for, or on,
        after the title line: "the Department of Commerce", "the Commission on Human Rights" (for "the
        department", "the commission")."""
        start = self.paragraphs[0][1] if self.paragraphs and self.paragraphs[0][2] else 0
        found = None
        pattern = re.compile(word.capitalize() + r"[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?[" + _CAP + r"][\w'\u2019-]*"
                             r"(?:[ \t]+(?:(?:of|and|for)[ \t]+(?:the[ \t]+)?)?[" + _CAP + r"][\w'\u2019-]*)*")
        for match in pattern.finditer(self.text, max(start, at - 20000), at):
            found = match
        if found is None:
            return None
        words = found.group().split()
        while words[-1] in _STOP_CAPS or words[-1].lower() in _CONNECTORS:
            words.pop()
        return found.start(), " ".join(words)

    def _organisation_of_kind(self, word: str, at: int) -> str | None:
        """The last organisation named before ``at`` whose name has a word of the kind of ``word`` ("the union" ->
        "Nurses' Alliance of Wessex", "the town" -> "Town of Milton"), outside quotations."""
        kinds = ORG_KINDS.get(word)
        if not kinds:
            return None
        best = None
        pattern = r"\b(?:" + "|".join(kinds) + r")\b"
        for match in re.finditer(pattern, self.text[max(0, at - 20000):at]):
            position = max(0, at - 20000) + match.start()
            if _inside(self.quotes, position):
                continue
            window = self.text[max(0, position - 60):min(len(self.text), position + 60)]
            offset = position - max(0, position - 60)
            around = re.finditer(r"(?:[A-Z][\w\u2019'&.-]*\s+(?:(?:of|for|the|and|de)\s+)*)*[A-Z][\w\u2019'&.-]*",
                                 window)
            for name in around:
                if name.start() <= offset < name.end():
                    words = [w for w in name.group().split() if w not in _STOP_CAPS]
                    while words and words[-1] in ("of", "for", "the", "and", "de"):
                        words.pop()
                    if len(words) >= 2:
                        best = " ".join(words)
        return best

    def _build_aliases(self) -> dict[str, list[tuple[int, str]]]:
        """The article's alias table: title head noun -> [(position, full name)], from titles before a name
        ("chief negotiator Wendy Sherman", "Governor Bill Richardson") and descriptions after it ("Bill Richardson,
        who also serves as a special envoy", "Peter Mandelson is the trade commissioner", "Hill, the top U.S.
        representative")."""
        aliases: dict[str, list[tuple[int, str]]] = {}
        text = self.text
        for match in self._full_names:
            if _inside(self.quotes, match.start()) or not self._in_body(match.start()):
                continue
            part = _name_part(match.group()) or ""
            name = self.names.canonical(part)
            titled = self._titled_surname(match.group(), part)
            if titled:  # "President Biden", no full name given: the title and surname as the article writes them
                aliases.setdefault(titled.split()[-2].lower(), []).append((match.start(), titled))
                continue
            if not name or name not in self.names.by_last.values():
                continue
            # the title before the name: the capitalised run and the word before it ("State Department Spokesman
            # P.J. Crowley", "chief negotiator Wendy Sherman")
            # ("Secretary of State Ann Lee": the title's head before its "of")
            before = re.search(r"((?:[\w-]+\s+)?(?:[A-Z][\w.'\u2019-]*\s+(?:(?:of|for)\s+)?){0,3})$",
                               text[max(0, match.start() - 60):match.start()])
            heads = [w.lower() for w in re.findall(r"[\w-]+", " ".join(match.group().split()[:-len(part.split())]))]
            if before:
                heads.extend(w.lower() for w in re.findall(r"[\w-]+", before.group(1)))
            heads = [_TITLE_ABBREVIATIONS.get(head, head) for head in heads]
            self._title_words.setdefault(name, set()).update(heads)
            for head in heads:
                if head in ALIAS_HEADS:
                    aliases.setdefault(head, []).append((match.start(), name))
            for after in (_ALIAS_AFTER.match(text, match.end()), _ALIAS_WHO.match(text, match.end()),
                          _ALIAS_BARE.match(text, match.end())):
                if after is None or _VERB_RE.search(after.group(1)):
                    continue  # "..., the assistant press secretary said.": a speaker after content, not a title
                self._title_words[name].update(re.findall(r"[\w-]+", after.group(1).lower()))
                # a description the article gives the person: it stands for the person even with "a"
                for head in re.findall(r"[\w-]+", after.group(1).lower()):
                    if head in ALIAS_HEADS:
                        aliases.setdefault(head, []).append((match.start(), name))
                        aliases.setdefault("a " + head, []).append((match.start(), name))
        return aliases

    def _titled_surname(self, written: str, part: str) -> str | None:
        """A surname the article gives only after a person's title ("President Biden", with no "Joseph Biden"
        anywhere): the title word and the surname, as written, which "The President" then stands for; else None."""
        words = written.split()
        if " " in part or len(words) < 2 or words[-1] != part or part in self.names.by_last or \
                words[-2].lower().rstrip(".") not in _PERSON_TITLES or words[-2][:1].islower():
            return None
        return words[-2] + " " + part

    def _leader_pair(self, at: int) -> str | None:
        """The two titled people "the two leaders" or "the presidents" at ``at`` stand for: the last two different
        people the text names with a title before ``at`` (quotations included), as "A and B" in the order the
        article first names them; None when it names fewer than two."""
        recent: list[str] = []
        first: dict[str, int] = {}
        for match in _FULL_NAME.finditer(self.text, self.paragraphs[0][1] if self.paragraphs else 0, at):
            part = _name_part(match.group())
            if not part:
                continue
            titled = self._titled_surname(match.group(), part)
            name = titled or self.names.canonical(part)
            words = match.group().split()[:-len(part.split())]
            before = self.text[max(0, match.start() - 40):match.start()].split()
            while before and not before[-1][:1].isupper() and before[-1] not in ("of", "for"):
                before = []  # only a capitalised title run right before the name ("Secretary of State")
            titles = [w.lower().rstrip(".") for w in (before[-3:] + words)[-3:] if w[:1].isupper()]
            if not any(t in _PERSON_TITLES for t in titles) or name not in self.names.by_last.values() and \
                    (name != titled or name.split()[0].lower() not in _LEADERS):
                continue  # a surname after a title counts only for a leader's title ("President Biden")
            first.setdefault(name, match.start())
            if name in recent:
                recent.remove(name)
            recent.append(name)
        if len(recent) < 2:
            return None
        return " and ".join(sorted(recent[-2:], key=first.__getitem__))

    def _suffixed_surname(self, np: str) -> str | None:
        """A surname alone that is also a title word ("King" for "Martin Luther King Jr."), when the article gives
        it as the surname of a name with a generational suffix; else None."""
        word = np.strip().rstrip(".")
        full = self.names.by_last.get(word)
        return word if full and _without_suffix(full) != full and " " not in word else None

    def _alias(self, np: str, at: int) -> str | None:
        """The named person a singular description stands for, by its title head noun (one candidate only)."""
        if ANONYMITY.search(np) or _number(np) != "singular" or np.lower() in PRONOUNS:
            return None
        words = re.findall(r"[\w-]+", np.lower())
        cut = next((k for k, w in enumerate(words) if k and w in _POST_MODIFIERS), len(words))
        heads = [w for w in words[:cut] if w in ALIAS_HEADS]
        if not heads:
            return None
        # "the chief negotiator", "Britain's environment secretary", "UAW chief" (a headline) stand for the one
        # person with that title; "a special envoy" only for a person the article describes as one
        key = "a " + heads[-1] if re.match(r"(?:a|an|one)\s", np, re.IGNORECASE) else heads[-1]
        candidates = {name for _, name in self.aliases.get(key, [])}
        if len(candidates) > 1:
            # "The U.S. president" among two presidents: the one whose title carries the same qualifiers
            qualifiers = set(words[:words.index(heads[-1])]) - {"the", "a", "an", "one"}
            if qualifiers:
                candidates = {name for name in candidates if qualifiers <= self._title_words.get(name, set())}
            else:
                # "the chairman" is not the vice chairman; among equal titles, the holder who spoke last
                # ("Gates said X. The secretary stressed Y" after other secretaries were named)
                candidates = {name for name in candidates if not self._title_words.get(name, set()) & _RANKS} or \
                    candidates
                if len(candidates) > 1 and key == heads[-1]:
                    latest = next((p.resolved_speaker for p in reversed(self.speakers[-RECENT_SPEAKERS:])
                                   if p.resolved_speaker in candidates), None)
                    candidates = {latest} if latest else candidates
        return candidates.pop() if len(candidates) == 1 else None

    def _previous_plural_subject(self, at: int) -> tuple[str, str, str] | None:
        """(resolved, kind, "plural") of the plural subject opening the sentence before ``at``, when no group has
        spoken in the last two sentences; else None."""
        k = bisect_right(self._sentence_starts, at) - 1
        if k < 1:
            return None
        for spoken in reversed(self.speakers):  # the latest speakers only: bounded work per pronoun
            if bisect_right(self._sentence_starts, spoken.sentence_span[0]) - 1 < k - 2:
                break
            if spoken.number == "plural":
                return None
        previous = self.sentences[k - 1]
        opening = re.match(r"((?:[A-Z][\w.'\u2019-]*|[a-z][\w'\u2019-]*)(?:\s+[\w.'\u2019-]+){0,4}?)\s+"
                           r"(?:want|wants|have|had|are|were|say|said|demand|demanded|insist|called|reject|rejected|"
                           r"accuse|accused|argue|argued|fear|feared|hope|hoped|plan|planned|seek|sought|\w+ed)\b",
                           previous.text)
        if not opening:
            return None
        np = opening.group(1)
        if np.lower() in PRONOUNS or _number(np) != "plural" or not plausible_speaker(np) or \
                not any(w in PERSON_NOUNS for w in re.findall(r"[\w-]+", np.lower())):
            return None
        return np, source_kind(np), "plural"

    def _readout_subject_before(self, at: int) -> tuple[str, str, str] | None:
        """(resolved, kind, "plural") of a group that opens the sentence before the one at ``at`` as the subject of
        a readout verb ("Secretary Lee and his team reiterated the commitment to X. They emphasized that ..."),
        whether or not that sentence reported a statement; else None."""
        k = bisect_right(self._sentence_starts, at) - 1
        if k < 1 or self.sentences[k].start < at - 2:
            return None  # only "They" opening its sentence
        previous = self.sentences[k - 1]
        opening = _READOUT_OPENING.match(previous.text)
        if not opening:
            return None
        np = opening.group(1)
        if np.split()[0] in _STOP_CAPS and np.split()[0] != "The" or \
                not (" and " in np or _number(np) == "plural" or _LEADER_PAIR.fullmatch(np.lower())):
            return None
        resolved, kind, _ = self._resolve(np, previous.start)
        return resolved, kind, "plural"

    def _meeting_before(self, at: int) -> tuple[str, str, str] | None:
        """(resolved, "named", "plural") of the two people who met or spoke in the sentence before the one that
        "They" opens at ``at`` ("President Lee spoke today with Prime Minister Berg. They agreed that ..."): both,
        in the order written; else None."""
        k = bisect_right(self._sentence_starts, at) - 1
        if k < 1 or self.sentences[k].start < at - 2:
            return None
        previous = self.sentences[k - 1]
        if len(previous.text) > 300:
            return None
        meeting = _MEETING.match(previous.text.strip())
        if not meeting:
            return None
        people = []
        for np in meeting.groups():
            part = _name_part(np)
            if not part or np.split()[0] in _STOP_CAPS:
                return None
            people.append(self._titled_surname(np, part) or self.names.canonical(part))
        return " and ".join(people), "named", "plural"

    def _same_description(self, head: str, modifiers: list[str]) -> Attribution | None:
        """The last unnamed speaker described by the same head noun and every one of ``modifiers`` (among the last
        ``RECENT_SPEAKERS`` speakers: bounded work per description on hostile input)."""
        for previous in reversed(self.speakers[-RECENT_SPEAKERS:]):
            words = re.findall(r"[\w.-]+", previous.speaker.lower())
            heads = [w for w in words if w in PERSON_NOUNS]
            if previous.speaker.lower() not in PRONOUNS and previous.source_kind != "named" and heads and \
                    heads[0] == head and all(m in words for m in modifiers):
                return previous
        return None

    def _document_mention(self, noun: str, at: int) -> str | None:
        """The last indefinite mention of a document before ``at`` outside quotations, with its participle phrase
        ("said in a statement released here today" -> "a statement released here today"; "released a statement
        later Sunday" -> "a statement"), looked for in the 3,000 characters before."""
        best = None
        low = max(0, at - 3000)
        for match in re.finditer(r"\b(an?\s+(?:[\w-]+\s+){0,2}?" + noun + r")\b((?:\s+(?:released|issued|published|"
                                 r"sent|posted)\b[^,.;:\u201c\u201d\"]{0,60})?)", self.text[low:at]):
            if not _inside(self.quotes, low + match.start()):
                best = match.group(1) + match.group(2).rstrip()
        return best

    def _last_person_except(self, other: str, at: int) -> str | None:
        """The last full name of a person mentioned outside quotations in the 2,000 characters before ``at``, other
        than ``other`` (for "She and Kammenos": she is not Kammenos)."""
        low = max(0, at - 2000)
        best, best_at = None, -1
        for last, full in self.names.by_last.items():
            if full == other or full.split()[-1].lower() in ORG_WORDS | _NOT_PERSON_LAST:
                continue
            for match in re.finditer(r"\b" + re.escape(last) + r"\b", self.text[low:at]):
                if low + match.start() > best_at and not _inside(self.quotes, low + match.start()):
                    best, best_at = full, low + match.start()
        return best

    @staticmethod
    def _is_document(attribution: Attribution) -> bool:
        """Whether a speaker is a document ("the release", "a statement released today")."""
        words = re.findall(r"[\w-]+", attribution.speaker.lower())
        cut = next((k for k, w in enumerate(words) if k and w in _POST_MODIFIERS | {"released", "issued"}), len(words))
        return bool(words) and words[cut - 1] in DOCUMENTS

    def _is_correspondent(self, attribution: Attribution) -> bool:
        """A correspondent's lead-in ("As Ann Lee reports from Manila, ...", "Ann Lee reports for VOA"), whose
        reporter is no antecedent for "he"/"she"; a spokesman who "reported" what was said in talks is one."""
        if attribution.verb not in _CORRESPONDENT_VERBS or attribution.number != "singular":
            return False
        s0, s1 = attribution.speaker_span
        return bool(re.search(r"\b[Aa]s\s+$", self.text[max(0, s0 - 4):s0]) or
                    re.match(r"\s*\S+\s+(?:from|for)\b", self.text[s1:s1 + 40]))

    def _is_organisation(self, attribution: Attribution) -> bool:
        """Whether a speaker is an organisation, not a person (for "it")."""
        low = attribution.speaker.lower()
        if low in PRONOUNS:
            return False
        heads = [w for w in re.findall(r"[\w-]+", low) if w in ORG_WORDS or w in DOCUMENTS]
        resolved = attribution.resolved_speaker
        if resolved.split()[-1:] and resolved.split()[-1].lower() in ORG_WORDS:
            return True  # "KCNA" resolved to the "Korean Central News Agency" it stands for
        if heads and resolved != attribution.speaker and resolved in self.names.by_last.values():
            return False  # "The director of the Lake Trust, Ann Lee": the person, titled by the organisation
        if heads:
            return True
        return resolved[:1].isupper() and resolved not in self.names.by_last.values() and \
            not any(w in PERSON_NOUNS and w not in ORG_WORDS for w in re.findall(r"[\w-]+", low))

    def _embedded_antecedent(self, pronoun: str, at: int) -> tuple[str, str, str] | None:
        """The antecedent of "they"/"it" inside a clause, in the same sentence before it ("ministers rejected a draft
        they said dealt with ...": the ministers; "the United States imposed sanctions it says are aimed at ...":
        the United States). Only for a pronoun that follows a word, not a clause's start or a comma."""
        k = bisect_right(self._sentence_starts, at) - 1
        if k < 0 or not self.sentences[k].start < at <= self.sentences[k].end:
            return None
        before = self.text[self.sentences[k].start:at].rstrip()
        if not before or not before[-1].isalpha() or before.split()[-1].lower() in ("and", "or", "but"):
            return None
        if pronoun == "they":
            group = None
            for group in _PLURAL_GROUP.finditer(before):
                pass
            if group is None or _inside(self.quotes, self.sentences[k].start + group.start()):
                return None
            np = group.group(1)
            return np, source_kind(np), "plural"
        proper = None
        for proper in _PROPER_RUN.finditer(before):
            pass
        if proper is None or proper.start() == 0 or proper.group(1) in self.gender or \
                any(w.lower() in TITLES or w.lower().rstrip(".") in TITLES for w in proper.group(1).split()) or \
                self._title_words.get(self.names.canonical(proper.group(1)), set()) & TITLES or \
                _inside(self.quotes, self.sentences[k].start + proper.start()):
            return None  # a person is no "it"; the sentence's opening word is no name
        return proper.group(1), "named", "singular"

    def _resolve(self, np: str, at: int = 0) -> tuple[str, str, str]:
        """(resolved speaker, source kind, number) of a speaker NP."""
        low = np.lower()
        one_of = _ONE_OF.fullmatch(low)
        if one_of:
            plural = [previous for previous in reversed(self.speakers) if previous.number == "plural"]
            noun = one_of.group(1)
            same = [previous for previous in plural if noun and noun in previous.resolved_speaker.lower().split()]
            for previous in same or plural:
                return previous.resolved_speaker, previous.source_kind, "singular"
        definite = re.fullmatch(r"the\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten)\s+)?([\w-]+)", low)
        if definite and definite.group(1) in PERSON_NOUNS:
            previous_same = self._same_description(definite.group(1), [])
            if previous_same:
                return previous_same.resolved_speaker, previous_same.source_kind, previous_same.number
            if definite.group(1) in DOCUMENTS:
                mentioned = self._document_mention(definite.group(1), at)
                if mentioned:  # 'Lee said in a statement released today. ... the statement said'
                    return mentioned, "unnamed", "singular"
            if definite.group(1) in ORG_WORDS:
                # "the trust" after "Wessex Hospitals NHS Trust": the organisation named earlier
                named = None
                for named in re.finditer(r"(?:[A-Z][\w\u2019'&-]*[ \t]+){1,5}" + definite.group(1).capitalize() + r"\b",
                                         self.text[:at]):
                    pass
                headed = self._organisation_headed_by(definite.group(1), at)
                if headed and (named is None or headed[0] > named.start()):
                    return headed[1], "named", "singular"  # "the Department" after "the Department of Commerce"
                if named:
                    organisation = _name_part(named.group()) or named.group()
                    organisation = " ".join(w for w in organisation.split() if w not in _STOP_CAPS)
                    if len(organisation.split()) >= 2:
                        return organisation, "named", "singular"
                kind_name = self._organisation_of_kind(definite.group(1), at)
                if kind_name:  # "the union" after "the Writers Guild of America"
                    return kind_name, "named", "singular"
        modified = re.fullmatch(r"the\s+((?:[\w.-]+\s+){1,3})([\w-]+)", low)
        if modified and modified.group(2) in PERSON_NOUNS and modified.group(2) not in ORG_WORDS:
            # "The U.S. official" after "a top U.S. official": the same description, its modifiers included
            previous_same = self._same_description(modified.group(2), modified.group(1).split())
            if previous_same:
                return previous_same.resolved_speaker, previous_same.source_kind, previous_same.number
        if _LEADER_PAIR.fullmatch(low):
            leaders = self._leader_pair(at)
            if leaders:  # "The two leaders" after "President Ann Lee met Prime Minister Tom Berg": both of them
                self._aliased = True
                return leaders, "named", "plural"
        if low == "they":
            readout = self._readout_subject_before(at)
            if readout is not None:  # "Ann Lee and her team reiterated X. They emphasized that ...": that group
                return readout
            meeting = self._meeting_before(at)
            if meeting is not None:  # "Lee spoke today with Berg. They agreed that ...": the two of them
                self._aliased = True
                return meeting
        if low in ("it", "they"):
            embedded = self._embedded_antecedent(low, at)
            if embedded is not None:
                return embedded
        if low == "it":  # "It says workers ...": the organisation that spoke last
            for previous in reversed(self.speakers):
                if previous.number == "singular" and self._is_organisation(previous):
                    return previous.resolved_speaker, previous.source_kind, "singular"
            return np, "unnamed", "singular"
        if low in PRONOUNS:
            want = PRONOUNS[low]
            if want == "singular":
                since = self.speakers[-1].sentence_span[1] if self.speakers else 0
                last_singular = next((p for p in reversed(self.speakers) if p.number == "singular" and
                                      not self._is_correspondent(p) and not self._is_document(p)), None)
                # a person who spoke in the last two sentences keeps "he"/"she" over a name mentioned since in
                # passing ("A senior official said X. The official said Minister Y had met the envoy. '...,' he said")
                recent = last_singular is not None and not self._is_organisation(last_singular) and \
                    self.gender.get(last_singular.resolved_speaker, low) == low and \
                    bisect_right(self._sentence_starts, at) - \
                    bisect_right(self._sentence_starts, last_singular.sentence_span[0]) <= 2
                if last_singular is None or last_singular.sentence_span[1] <= since:
                    # after a recent person speaker, only a name that is the subject of a later sentence takes over
                    mention = self._last_name_mention(at, since, subjects_only=recent)
                    if mention and self.gender.get(mention, low) == low:
                        self.gender.setdefault(mention, low)
                        return mention, "named", "singular"
            if want == "plural":
                # "Developing nations want X. These payments, they say, ...": with no group speaking in the last
                # two sentences, the plural subject of the sentence before is meant
                subject = self._previous_plural_subject(at)
                if subject is not None:
                    return subject
            for previous in reversed(self.speakers):
                if want == "singular" and previous.number == "plural" and previous.source_kind == "named":
                    # "She and Kammenos agreed X. She also said Y": the pair's member known as "she"
                    member = next((part for part in previous.resolved_speaker.split(" and ")
                                   if self.gender.get(part) == low), None)
                    if member:
                        return member, "named", "singular"
                if previous.number != want or self._is_correspondent(previous):
                    continue  # "As Ann Lee reports from Manila, ...": the reporter is not who "he" is
                if want == "singular" and (self.gender.get(previous.resolved_speaker, low) != low or
                                           self._is_document(previous)):
                    continue  # "she" is a person, never "the release" that spoke last
                self.gender.setdefault(previous.resolved_speaker, low)
                return previous.resolved_speaker, previous.source_kind, want
            return np, "unnamed", want
        if _DEMONYM_GROUP.fullmatch(np):
            return np, "unnamed", "plural"  # "The Chinese have denied ... and say": a people, not a name
        pair = re.fullmatch(r"(.+?)\s+and\s+(.+)", np)
        if pair and all(_name_part(part) == part and part.split()[0] not in _STOP_CAPS for part in pair.groups()):
            return np, "named", "plural"  # "China and India said": both speak
        titled = titled_pair(np)
        if titled:
            return " and ".join(self.names.canonical(name) for name in titled), "named", "plural"
        if pair and any(part.lower() in ("he", "she") for part in pair.groups()) and \
                all(part.lower() in ("he", "she") or _name_part(part) == part for part in pair.groups()):
            # "She and Kammenos agreed": the person "she" stands for and the named one
            other = next(self.names.canonical(part) for part in pair.groups() if part.lower() not in ("he", "she"))
            pronoun = next(part.lower() for part in pair.groups() if part.lower() in ("he", "she"))
            person = self._last_person_except(other, at)
            if person:
                self.gender.setdefault(person, pronoun)
            parts = [person or part if part.lower() in ("he", "she") else other for part in pair.groups()]
            if not any(part.lower() in ("he", "she") for part in parts):
                return " and ".join(parts), "named", "plural"
        name = None if _list_start(np) is not None else \
            _name_part(np.split(",")[-1].strip()) or _name_part(np.split(",")[0].strip())
        if name is None and self._suffixed_surname(np):
            self._aliased = True  # "King" for "Martin Luther King Jr.": named, although the word is also a title
            return self.names.by_last[np.strip().rstrip(".")], "named", "singular"
        if name:
            canonical = self.names.canonical(name)
            if re.fullmatch(r"[A-Z]{2,8}\.", canonical):
                canonical = canonical[:-1]  # "said KCNA.": the sentence's full stop
            canonical = self.acronyms.get(canonical, canonical)  # "KCNA." -> Korean Central News Agency
            if re.search(r"\s(?:II|III|IV)\.$", canonical):
                canonical = canonical[:-1]  # "said John Smith III.": the sentence's full stop
            if re.match(r"(?:Mr|Sir|Lord)\.?\s", np):
                self.gender.setdefault(canonical, "he")
            elif re.match(r"(?:Mrs|Ms|Dame)\.?\s", np):
                self.gender.setdefault(canonical, "she")
            return canonical, "named", "singular"
        alias = self._alias(np, at)
        if alias:  # "A special envoy to North Korea says" -> the person the article says serves as that envoy
            self._aliased = True
            return alias, "named", "singular"
        return np, "unnamed", _number(np)

    def _make(self, sentence: Sentence, speaker: tuple[int, int], verb: str, content: tuple[int, int],
              context: str = "", form: str | None = None) -> Attribution | None:
        s0, s1 = _strip_span(self.text, *speaker)
        np = self.text[s0:s1]
        if np.lower().startswith(("and ", "but ")):
            s0 += np.index(" ") + 1
            np = self.text[s0:s1]
        c0, c1 = _strip_span(self.text, *content, chars=" \t\n,;:")
        checked = np
        relative = _RELATIVE.search(np)
        if relative and relative.start() > 0:
            # "a person familiar with the talks who spoke on condition of anonymity": the clause describes the
            # speaker (a cue for its kind) but is not part of it, unless a name closes it ("..., Sean")
            head, rest = np[:relative.start()], np[relative.start():]
            last = rest.rsplit(",", 1)[-1].strip() if "," in rest else ""
            if last and _name_part(last) == last and len(last.split()) <= 4:
                checked = f"{head}, {last}"
            else:
                s1 = s0 + len(head.rstrip(" ,"))
                np = checked = self.text[s0:s1]
            context = f"{rest} {context}"
        account = handle_speaker(np)
        if account is not None:
            # "Kim Lee (@kimlee) tweeted", "Twitter user @kimlee posted": the name, or the handle alone
            s0, s1 = s0 + account[0], s0 + account[1]
            np = checked = self.text[s0:s1]
            if account[2]:
                return self._account_statement(sentence, (s0, s1), verb, (c0, c1), form)
        tag = _PARTY_TAG.search(checked)
        if tag and tag.start() > 0 and _name_part(checked[:tag.start()]):
            checked = checked[:tag.start()]  # "Sen. Ann Lee (D-Ore.) said": the party and state describe the name
        if verb in THAT_VERBS and not listed_speaker(checked):
            return None  # "Both presidents agreed X": a common-noun group's agreement is not a statement
        if c0 >= c1 or not plausible_speaker(checked) or _CONJUNCTION_START.match(self.text[c0:c1]) or \
                not _WORD.search(self.text, c0, c1) or \
                verb in ("reports", "reported") and _DATELINE_ONLY.match(self.text, c0, c1):
            return None  # "ministers argued and opponents rioted": no content
        self._aliased = False
        self._content = (c0, c1)
        resolved, kind, number = self._resolve(np, s0)
        self._content = (0, 0)
        if np.lower() == "it" and resolved == np:
            return None  # "it" with no organisation speaking before: not a speaker we can name
        definite = re.fullmatch(r"the\s+[\w-]+", np.lower())  # "the trust": the kind of what it resolved to
        if np.lower() not in PRONOUNS and np.lower() != "it" and not self._aliased and \
                (resolved == np or kind == "named" and not definite):
            kind = source_kind(np, context)
        attribution = Attribution(np, (s0, s1), resolved, verb, self.text[c0:c1], (c0, c1),
                                  form or self._form(c0, c1), kind, (sentence.start, sentence.end), number)
        self.speakers.append(attribution)
        return attribution

    def _account_statement(self, sentence: Sentence, speaker: tuple[int, int], verb: str,
                           content: tuple[int, int], form: str | None) -> Attribution | None:
        """A statement of a social-media account known by its handle ("@kimlee tweeted ..."): the handle is the
        speaker's name."""
        c0, c1 = content
        if c0 >= c1 or not _WORD.search(self.text, c0, c1):
            return None
        handle = self.text[speaker[0]:speaker[1]]
        attribution = Attribution(handle, speaker, handle, verb, self.text[c0:c1], (c0, c1),
                                  form or self._form(c0, c1), "named", (sentence.start, sentence.end), "singular")
        self.speakers.append(attribution)
        return attribution

    def _subject(self, sentence: Sentence, verb_start: int) -> tuple[tuple[int, int], str] | None:
        """The subject NP before a verb (within its clause), appositions removed: (span, apposition text)."""
        start = sentence.start
        # the clause starts after the last quotation or clause break before the verb
        last = bisect_left(self.quotes, (verb_start, -1)) - 1  # the last quotation opening before the verb
        if last >= 0 and self.quotes[last][1] > start:
            start = max(start, min(self.quotes[last][1], verb_start))
        # looked for within SUBJECT_WINDOW characters of the verb: the work per verb is bounded (one sentence
        # of n reporting verbs is not n^2 work); the whole clause when it is shorter, as in any real article
        start = max(start, verb_start - SUBJECT_WINDOW)
        for match in _CLAUSE_BREAK.finditer(self.text, start, verb_start):
            if re.fullmatch(r",\s*(?:and|but)\s+", match.group()) and \
                    not _ADVERBS.sub("", self.text[match.end():verb_start]).strip():
                continue  # "Lee declined to give a figure, but said X": the verb shares the first clause's subject
            if re.fullmatch(r"\s+and\s+", match.group()) and _GROUP_BEFORE_AND.search(self.text[start:match.start()]):
                continue  # "Arab television stations and the French news agency said": one coordinated subject
            if _shared_head(self.text[start:match.start()], self.text[match.end():verb_start]):
                continue  # "U.S. and Japanese officials announced": two modifiers of one plural head
            if re.fullmatch(r",\s*(?:and|or)\s+", match.group()) and \
                    re.fullmatch(r"(?:[A-Z][\w.'\u2019-]*\s*){1,3}", self.text[match.end():verb_start]) and \
                    _list_start(self.text[start:verb_start].rstrip()) is not None:
                continue  # "the leaders of France, Germany, and Finland say": the list's last item is no clause
            start = max(start, match.end())
        segment = self.text[start:verb_start]
        self.subject_kind = "plain"
        # a relative clause whose subject reports: "a standoff that officials said was resolved",
        # "commitments, which the Commission said were insufficient"
        relative_that = None
        for relative_that in re.finditer(r"\b(?:that|which)\s+", segment):
            pass
        if relative_that:
            word = re.search(r"([\w\u2019']+)\W*$", segment[:relative_that.start()])
            tail = _ADVERBS.sub("", segment[relative_that.end():]).strip()
            if tail and plausible_speaker(tail) and word and not _VERB_RE.fullmatch(word.group(1)) and \
                    not word.group(1).endswith("ed"):
                start += relative_that.end()
                segment = segment[relative_that.end():]
                self.subject_kind = "relative"
        apposition = ""
        adverb = _ADVERBS.search(segment)
        while adverb and adverb.start() > 0:
            segment = segment[:adverb.start()]
            adverb = _ADVERBS.search(segment)
        trimmed = segment.rstrip()
        named_apposition = False
        pronoun = _PRONOUN_LAST.search(trimmed)
        if pronoun and trimmed[:pronoun.start()].strip() and \
                not _VERB_RE.fullmatch(trimmed[:pronoun.start()].split()[-1].lower().strip(",")):
            # "rejected a draft they said dealt with ...", "sanctions it says are aimed at ...": a subject pronoun
            # right before the verb is its subject, whatever comes before it (a relative clause without "that")
            return (start + pronoun.start(1), start + pronoun.end(1)), ""
        aside = _DASH_ASIDE.search(trimmed)
        if aside:
            if trimmed[aside.end():].strip():  # "In the letter - dated Tuesday - the leaders": after the aside
                start, trimmed = start + aside.end(), trimmed[aside.end():]
            else:  # "Dina Mufti - in an interview with VOA -": before it (the aside describes the speaker)
                apposition, trimmed = trimmed[aside.start():].strip(" -\u2013\u2014"), trimmed[:aside.start()]
        coordinated = re.match(r"(.*?),?\s+(?:but|and)$", trimmed, re.DOTALL)
        if coordinated:
            # "The Federation welcomed the release but said ...": the subject of the first verb
            self.subject_kind = "coordinated"
            words = list(re.finditer(r"\S+", coordinated.group(1)))
            for k, token in enumerate(words[1:], 1):
                bare = token.group().lower().strip(",")
                if bare in _AUXILIARIES or _VERB_RE.fullmatch(bare) or re.fullmatch(r"[a-z]+ed", bare) or \
                        bare in PAST_FORMS and token.group()[:1].islower():
                    head_end = words[k - 1].end()
                    lead = len(trimmed) - len(trimmed.lstrip())
                    if plausible_speaker(trimmed[lead:head_end]):
                        return (start + lead, start + head_end), ""
                    break
            return None
        if trimmed.endswith(",") and trimmed.count(",") >= 2:
            # "Helga Strand, chief executive of Fjordcloud, one of its members, said": the leading name
            lead = len(trimmed) - len(trimmed.lstrip())
            first = trimmed[lead:trimmed.index(",")].strip()
            name = _name_part(first)
            if len(first.split()) >= 2 and name and (name == first or _titled_name(first, name)):
                # "Governor Richardson, an opposition Democrat, who also serves as ..., says": the titled name
                return (start + lead, start + lead + len(first)), trimmed[trimmed.index(",") + 1:].strip(" ,")
        who = _NAME_WHO.search(trimmed)
        if who:
            # "... echoed that of President Ann Lee, who tweeted that X": the titled name before "who" speaks
            name = _name_part(who.group(1))
            if name and len(name.split()) >= 2:
                return (start + who.start(1), start + who.end(1)), ""
        relative = _RELATIVE.search(trimmed)
        if relative and relative.start() > 0:
            # "Marta Ilves, whose son ..., has been held for 14 months, said": the speaker is before the clause
            # (unless the clause is followed by the speaker: "Asked who would pay, the minister said", or by
            # a name: "A crewman who gave only his first name, Sean, said")
            head = trimmed[:relative.start()]
            rest = trimmed[relative.start():].strip().rstrip(",")
            trailing = rest.rsplit(",", 1)[-1].strip() if "," in rest else ""
            if not (trailing and plausible_speaker(trailing)) and not _VERB_RE.search(rest) and \
                    plausible_speaker(head.rsplit(",", 1)[-1].strip()):
                apposition, trimmed = rest, head
        if trimmed.endswith(","):  # "X, in a phone interview, said" / "the chair, Luis Vayas, conceded"
            body = trimmed[:-1]
            cut = body.rfind(",")
            if cut != -1:
                apposition = body[cut + 1:].strip()
                trimmed = body[:cut]
                name = _name_part(apposition)
                if name and len(name.split()) <= 5 and (len(name.split()) >= len(apposition.split()) - 1 or
                                                         _titled_name(apposition, name)):
                    named_apposition = True  # "Japan's chief negotiator, Hiroshi Tanaka," : the name is the speaker
            else:
                trimmed = body
        self.subject_context = (start, start + len(trimmed))
        commas = [m.start() for m in re.finditer(r",(?!\d{3}\b)", trimmed)]  # "45,000 workers": no clause break
        if commas:  # "Despite the departure ..., Mr. Abu Marzouk expressed"
            listed = _list_start(trimmed)  # "the leaders of France, Germany, and Finland say": one speaker
            cut = commas[-1] + 1 if listed is None else listed
            start, trimmed = start + cut, trimmed[cut:]
        dash = max(trimmed.rfind("\u2014"), trimmed.rfind("\u2013"))
        if dash != -1 and trimmed[dash + 1:].strip():  # "WASHINGTON, June 25, 2015\u2014Secretary Tom Vilsack"
            start, trimmed = start + dash + 1, trimmed[dash + 1:]
        lead = len(trimmed) - len(trimmed.lstrip())
        opener = _LEADING.match(trimmed, lead)
        while opener and opener.end() > lead and trimmed[opener.end():].strip():
            lead = opener.end()
            opener = _LEADING.match(trimmed, lead)
        if lead == len(trimmed):
            return None
        end = start + len(trimmed.rstrip())
        if named_apposition:
            end = self.text.rfind(",", 0, verb_start)
            end = _strip_span(self.text, start + lead, end)[1]
        return (start + lead, end), apposition

    # -- patterns -------------------------------------------------------
    def _as_clause(self, sentence: Sentence, quotes: list[tuple[int, int]]) -> list[Attribution] | None:
        """``As X made clear at the summit, CONTENT`` and ``as noted by X on the site, CONTENT``: a comparative
        clause with a verb of saying before the statement it introduces; the content runs from its comma to the
        end of the sentence. None when the sentence has no such clause."""
        if not _AS_WORD.search(self.text, sentence.start, sentence.end):
            return None  # both clauses open with the word "as"
        for pattern in (_AS_SUBJECT_SAID, _AS_SAID_BY):
            match = pattern.search(self.text, sentence.start, sentence.end)
            if not match or _inside(quotes, match.start()):
                continue
            np = _AS_WHO_END.sub("", match.group("who").strip())
            comma = self.text.find(",", match.end("who"), sentence.end)
            rest = self.text[comma + 1:sentence.end] if comma != -1 else ""
            if comma == -1 or len(rest.split()) < 3 or comma - match.end("who") > 100 or not plausible_speaker(np):
                continue
            who_end = match.start("who") + len(np)
            made = self._make(sentence, (match.start("who"), who_end), match.group("verb"), (comma + 1, sentence.end))
            if made:
                return [made]
        return None

    def _continued_quotation(self, sentence: Sentence, quotes: list[tuple[int, int]]) -> list[Attribution] | None:
        """``"QUOTE," they continued.`` / ``"QUOTE," the minister went on.``: verbs that go on with a statement
        are reporting verbs right after a quotation closed by a comma, with the subject and nothing else after."""
        for s, e in quotes:
            match = _CONTINUED.match(self.text, e, sentence.end)
            if match and self.text[s:e].rstrip("\"\u201d'\u2019").endswith(","):
                made = self._make(sentence, match.span("who"), match.group("verb"), (s, e))
                return [made] if made else None
        return None

    def _sentence(self, sentence: Sentence) -> list[Attribution]:
        text, start, end = self.text, sentence.start, sentence.end
        quotes = self._quotes_in(start, end)

        as_clause = self._as_clause(sentence, quotes) or self._continued_quotation(sentence, quotes)
        if as_clause:
            return as_clause

        match = _ACCORDING_RE.search(text, start, end)
        if match and not _inside(quotes, match.start()):
            np_end = end
            comma = text.find(",", match.end(), end)
            if comma != -1:
                np_end = comma
            tail = text[match.end():np_end]
            np = tail.rstrip(" .")
            # "Officials have learned that according to X, CONTENT": the clause before "that" is no content
            content_first = match.start() - start > 3 and not re.search(r"\bthat,?\s*$", text[start:match.start()])
            # attributions inside the content: "American officials concede X, according to three negotiators"
            # and "According to a summary of the call, Lee told Hale that X": Lee's statement as the summary gives it
            nested = self._verbs(sentence, start, match.start(), quotes) if content_first else \
                self._verbs(sentence, np_end, end, quotes) if np_end < end else []
            content = (start, match.start()) if content_first else (np_end, end)
            who = _WHO_RE.match(text, np_end, end) if content_first else None
            # "CONTENT, according to X, who spoke on condition of anonymity": what follows X describes X
            context = text[match.end():who.start() if who else end] if content_first else tail
            made = self._make(sentence, (match.end(), match.end() + len(np)), "according to", content,
                              context=context)
            if not made:
                return nested
            found = nested + [made] if content_first else [made] + nested
            if who:  # "..., according to people familiar with it, who said CONTENT2"
                also = self._make(sentence, made.speaker_span, who.group(1), (who.end(), end))
                if also:
                    also.resolved_speaker, also.source_kind = made.resolved_speaker, made.source_kind
                    found.append(also)
            return found

        match = _QUOTED_AS.search(text, start, end)
        if match and not _inside(quotes, match.start()):
            # "The group's spokesman was quoted by a radio station as saying CONTENT": the subject spoke
            subject = self._subject(sentence, match.start())
            if subject:
                made = self._make(sentence, subject[0], "quoted as saying", (match.end(), end), context=subject[1])
                if made:
                    return [made]

        match = _PASSIVE_RE.search(text, start, end)
        if match and not _inside(quotes, match.start()):
            rest_end = end
            who = _WHO_RE.search(text, match.end(), end)
            comma = text.find(",", match.end(), end)
            np_end = who.start() if who else (comma if comma != -1 else end)
            np_text = text[match.end():np_end].rstrip(" .")
            if who:
                made = self._make(sentence, (match.end(), match.end() + len(np_text)), who.group(1),
                                  (who.end(), rest_end), context=text[np_end:rest_end])
            else:
                made = self._make(sentence, (match.end(), match.end() + len(np_text)), match.group(1),
                                  (start, match.start()))
            return [made] if made else []

        # quote first: "QUOTE," VERB SPEAKER / "QUOTE," SPEAKER VERB
        if quotes and quotes[0][0] - start <= 1:
            q0, q1 = quotes[0]
            after = text[q1:end]
            inverted = re.match(r"\s*,?\s*(" + _VERB_RE.pattern[3:-3] + r")\s+((?:(?:[A-Z]\.)+|[^,.;\u201c\"])+)", after)
            direct = re.match(r"\s*,?\s*((?:(?:[A-Z]\.)+|[^,.;\u201c\"])+?)\s+(?:also\s+|later\s+|then\s+)?("
                              + _VERB_RE.pattern[3:-3] + r")\b", after)
            made = None
            if inverted:
                np_start = q1 + inverted.start(2)
                np_text = _TRAILING.sub("", inverted.group(2).rstrip())
                context = text[q1 + inverted.end(2):end]
                made = self._make(sentence, (np_start, np_start + len(np_text)), inverted.group(1), (q0, q1),
                                  context=context.split(".")[0], form="direct")
            if made is None and direct:
                np_start = q1 + direct.start(1)
                made = self._make(sentence, (np_start, q1 + direct.end(1)), direct.group(2), (q0, q1),
                                  context=text[q1 + direct.end(2):end].split(".")[0], form="direct")
            if made:
                self._split_quote(made, quotes)
                return [made]

        found = self._verbs(sentence, start, end, quotes)
        if not found and quotes and quotes[0][0] > start + 1:
            # SPEAKER VERB: "QUOTE" with a verb that is not a reporting verb ("Aasen smiled: ...")
            q0 = quotes[0][0]
            made = None
            for intro in (_STATEMENT_INTRO.search(text, start, q0), _COLON_INTRO.search(text, start, q0),
                          _COLON_CLAUSE.search(text, start, q0)):
                # the first reading with a subject: "released the following statement after talks on the
                # budget negotiations:" is no verb "negotiations" without a subject
                if made is None and intro and not _inside(quotes, intro.start()):
                    subject = self._subject(sentence, intro.start(1))
                    if subject:
                        (s0, s1), apposition = subject
                        made = self._make(sentence, (s0, s1), intro.group(1), (q0, end), context=apposition)
            if made:
                found.append(made)
        return found

    def _split_quote(self, made: Attribution, quotes: list[tuple[int, int]]) -> None:
        """'"The fund," said Diallo, who leads the group, "must be new money."': one statement, two quotes."""
        c0, c1 = made.content_span
        following = [q for q in quotes if q[0] >= made.speaker_span[1]]
        if not following:
            return
        between = self.text[made.speaker_span[1]:following[0][0]]
        if re.fullmatch(r"[^.;!?\u201c\u201d\"]*,\s*", between) and self.text[c0:c1].rstrip("\u201d\"").endswith(","):
            made.content_span = (c0, following[0][1])
            made.content = self.text[c0:following[0][1]]

    def _verbs(self, sentence: Sentence, start: int, end: int, quotes: list[tuple[int, int]]) -> list[Attribution]:
        """SPEAKER VERB CONTENT (possibly several), or CONTENT, VERB SPEAKER, with verbs in ``[start, end)``."""
        text = self.text
        candidates = []
        for verb in _CANDIDATE_RE.finditer(text, start, end):
            word = verb.group(1)
            window = text[max(start, verb.start() - 24):verb.start()]
            if _inside(quotes, verb.start()) or _NOT_REPORTING.match(text, verb.end()) or \
                    word.startswith("insist") and re.match(r"\s+on\b", text[verb.end():verb.end() + 4]):
                continue
            if _NEGATED.search(window):
                continue  # "has not confirmed that": nothing is attributed
            if word in _NOUN_FORMS and _PLURAL_NOUN_VERB.match(text, verb.end(), end):
                continue  # "Recent reports have revealed": the noun of a subject, not a verb
            if word in OBJECT_VERBS and (_ATTITUDE_OBJECT if word.startswith("express") else _NOUN_OBJECT).match(
                    text, verb.end(), end) and not _QUOTE_SOON.match(text, verb.end(), end) and \
                    not (word.startswith("describ") and (_DESCRIBED_AS.match(text, verb.end(), end) or
                                                         _DESCRIBED_AS_PLAIN.match(text, verb.end(), end))) and \
                    not (word not in _ATTITUDE_VERBS and _BARE_CLAUSE.match(text, verb.end(), end)):
                continue  # "expressed disappointment", "urged President X to": no statement is reported
            if _PASSIVE_BEFORE.search(window):
                continue
            if word in THAT_VERBS and not _THAT_SOON.match(text, verb.end(), end) and \
                    not (_VERB_ENDS.match(text, verb.end(), end) and re.search(r",\s*(?:\S+\s+){1,6}$", window)) and \
                    not (word.startswith("urge") and _QUOTE_SOON.match(text, verb.end(), end)) and \
                    not (word.startswith("agree") and _BARE_CLAUSE.match(text, verb.end(), end)):
                continue  # "agreed to meet", "pledged support": a commitment, not a statement ("X, both agreed." and
                # "agreed this could be a first step", a clause without "that", are)
            if word in CLAUSE_VERBS and not (_THAT_SOON.match(text, verb.end(), end) or
                                             _QUOTE_SOON.match(text, verb.end(), end) or
                                             _CLAUSE_OBJECT.match(text, verb.end(), end)):
                continue  # "reaffirmed the ironclad commitment", "highlighted a few concerns": no statement
            if word in _TOPIC_VERBS and _TOPIC_OBJECT.match(text, verb.end(), end):
                continue  # "stressed the urgency of a ceasefire": no statement is reported
            if self._noun_complement(word, verb.end(), end):
                continue  # "reiterated his willingness to adopt a ceasefire": a noun, whatever "that" follows it
            if word in BASE_FORMS and re.search(r"\bto\s+(?:\w+ly\s+)?$", window) and not _ON_TO.search(window):
                continue  # "declined to comment" (but "went on to say" reports)
            if word in CHARACTERISING and not _QUOTE_SOON.match(text, verb.end(), end):
                continue  # "called Brandt's scientists" is not a statement; "called the bid \"an insult\"" is
            if word in ("put it", "puts it") and not _PUT_IT.match(text, verb.end(), end):
                continue  # "put it bluntly at a rally." announces a quotation that has its own attribution
            candidates.append(verb)
        pending: list[tuple[Attribution, re.Match]] = []
        for verb in candidates:
            subject = self._subject(sentence, verb.start())
            made = None
            if subject and self.subject_kind == "coordinated" and pending:
                continue  # "He acknowledged X but said Y": one statement
            if subject and verb.group(1) in BASE_FORMS:
                np = text[subject[0][0]:subject[0][1]]
                if _number(np) != "plural" and not plural_by_form(np) and np.lower() not in ("they", "we", "i", "you") and \
                        not re.search(r"\b(?:did|does|do)\s+(?:\w+ly\s+)?$",
                                      text[max(start, verb.start() - 24):verb.start()]) and \
                        not _ON_TO.search(text[max(start, verb.start() - 24):verb.start()]):
                    subject = None  # "the report" is not who speaks in "the report say"
            if subject:
                (s0, s1), apposition = subject
                content_start, content_end = verb.end(), end
                # matched in place (positions into the text): no copy of the rest of the sentence per verb
                after_that = _AFTER_THAT.match(text, verb.end(), end) or _AFTER_THAT_PP.match(text, verb.end(), end)
                to_quote = _TO_QUOTE.match(text, verb.end(), end)
                lead = _LEAD.match(text, verb.end(), end)
                if after_that:
                    content_start = after_that.end()
                elif to_quote:
                    content_start = to_quote.end()
                elif lead:
                    content_start = lead.end()
                if not after_that and not to_quote:  # "said on Monday it had agreed": the content starts at "it"
                    skip = _CONTENT_LEAD.match(text, content_start, end)
                    while skip and skip.end() > content_start:
                        content_start = skip.end()
                        skip = _CONTENT_LEAD.match(text, content_start, end)
                # the text before the subject, right-stripped: text[sentence.start:before_end] (not copied)
                before_end = _rstrip_end(text, sentence.start, s0)
                before_comma = before_end > sentence.start and (text[before_end - 1] == "," or
                                                                 text[before_end - 2:before_end] in (',"', ",\u201d"))
                opens_quoted = before_end == sentence.start or text[sentence.start] in "\u201c\""
                quoted_before = opens_quoted and before_end > sentence.start and \
                    text[before_end - 1] in "\u201d\"" and _rstrip_end(text, sentence.start, before_end - 1) > \
                    sentence.start and text[_rstrip_end(text, sentence.start, before_end - 1) - 1] == ","
                if before_comma and _COMMA.match(text, verb.end(), end) and not opens_quoted:
                    content_start, content_end = sentence.start, end  # "X, he argues, must Y": both sides
                elif self.subject_kind != "relative" and not after_that and not to_quote and (
                        before_comma and (_HOW_WHEN.match(text, verb.end(), end) or
                                          verb.group(1) in ("told", "tells") and _hearer_ends(text, verb.end(), end)) or
                        quoted_before and _words_up_to_comma(text, verb.end(), end, 7) <= 6):
                    # "CONTENT, people familiar with the matter said (on Friday)[, ending ...]."
                    # '"QUOTE," Andreou, managing director of Andreou Maritime, told Reuters by phone.'
                    content_start, content_end = sentence.start, before_end
                    if before_comma and text[before_end - 1] == ",":
                        content_end -= 1
                    same = next((p for p, _ in pending if p.content_span[0] < s0 <= p.content_span[1] + 2 and
                                 p.resolved_speaker == p.speaker and p.number == "singular" and
                                 self._form(p.content_span[0], before_end) == "direct"
                                 and any(w in ALIAS_HEADS for w in re.findall(r"[\w-]+", p.speaker.lower()))),
                                None)
                    if same is not None:
                        # 'The mediator stated "QUOTE," Lee said.': one statement, the title and the name one person
                        named = self._make(sentence, (s0, s1), verb.group(1), same.content_span, context=apposition)
                        if named is not None:
                            self.speakers.remove(named)
                            if named.source_kind == "named":
                                same.resolved_speaker, same.source_kind = named.resolved_speaker, "named"
                        c0, c1 = _strip_span(text, same.content_span[0], before_end)
                        same.content_span, same.content = (c0, c1), text[c0:c1]
                        continue
                made = self._make(sentence, (s0, s1), verb.group(1), (content_start, content_end),
                                  context=apposition)
            if made is None:
                # CONTENT, VERB SPEAKER.  ("The offer is final, said one negotiator, who ...")
                before_end = _rstrip_end(text, start, verb.start())
                if before_end > start and text[before_end - 1] in ",\u201d\"":
                    tail = _TAIL.match(text, verb.end(), end)
                    if tail:
                        np_start = tail.start(1)
                        np_text = _TRAILING.sub("", tail.group(1).rstrip())
                        made = self._make(sentence, (np_start, np_start + len(np_text)), verb.group(1),
                                          (start, verb.start()), context=text[np_start + len(np_text):end])
            if made is None and pending and not verb.group(1).endswith("ing") and re.search(r",\s*$", text[max(start, verb.start() - 3):verb.start()]) and \
                    pending[-1][0].content_span[0] < verb.start() < pending[-1][0].content_span[1]:
                # "Hamas says talks have stalled, says Israel is to blame": a second statement of the same speaker
                previous = pending[-1][0]
                content = _strip_span(text, verb.end(), end)
                if content[0] < content[1]:
                    c0, c1 = _strip_span(text, previous.content_span[0], verb.start())
                    previous.content_span, previous.content, previous.form = (c0, c1), text[c0:c1], self._form(c0, c1)
                    made = Attribution(previous.speaker, previous.speaker_span, previous.resolved_speaker,
                                       verb.group(1), text[content[0]:content[1]], content, self._form(*content),
                                       previous.source_kind, previous.sentence_span, previous.number)
                    self.speakers.append(made)
            if made:
                pending.append((made, verb))
        # content of each attribution ends where the next attribution's clause begins
        for (made, _), (following, _) in zip(pending, pending[1:]):
            if made.content_span[1] > following.speaker_span[0] > made.content_span[0]:
                c0, c1 = _strip_span(text, made.content_span[0], following.speaker_span[0], " \t\n,;:")
                c1_text = text[c0:c1]
                for joiner in (" while", " and", " but", " whereas", " that", " which"):
                    if c1_text.endswith(joiner):
                        c1 -= len(joiner)
                c0, c1 = _strip_span(text, c0, c1, " \t\n,;:")
                made.content_span, made.content = (c0, c1), text[c0:c1]
                made.form = self._form(c0, c1)
        return [made for made, _ in pending]

    def _noun_complement(self, word: str, at: int, end: int) -> bool:
        """Whether a verb that reports only a clause, at ``at``, takes a noun with its complement instead
        ("underscored the United States' support for a region that is ...": the relative "that" opens no statement)
        rather than a clause ("underscored the leaders of both sides would meet"), with no quotation after it.
        Other readout verbs keep their noun objects ("reiterated his support for X"), which PolNeAR counts."""
        text = self.text
        if word not in CLAUSE_VERBS:
            return False
        if re.search(r"[,\u201d\"]\s*$", text[max(0, at - len(word) - 3):at - len(word)]):
            return False  # '"...," noted a report for the group': the speaker follows the verb
        return bool(_NOUN_COMPLEMENT.match(text, at, end)) and \
            not _LONG_BARE_CLAUSE.match(text, at, end) and not _QUOTE_SOON.match(text, at, end)

    def _participles(self, sentence: Sentence, found: list[Attribution]) -> list[Attribution]:
        """"X did Y, saying CONTENT" / "X took to Twitter saying CONTENT": a statement of the clause's subject (the
        speaker of an earlier attribution in the sentence, else the subject of the main verb)."""
        text = self.text
        added: list[Attribution] = []
        for match in _PARTICIPLE.finditer(text, sentence.start, sentence.end):
            group = next(k for k in (1, 2, 3) if match.group(k))
            verb_at, verb = match.start(group), match.group(group)
            if _inside(self.quotes, verb_at) or any(
                    a.speaker_span[0] <= verb_at < a.speaker_span[1] for a in found + added):
                continue
            document = _DOCUMENT_BEFORE.search(text[max(sentence.start, verb_at - 60):verb_at]) \
                if not match.group(0).startswith(",") else None
            if document:  # "because of reports stating that X", "a letter saying X": the document speaks
                d0 = verb_at - len(document.group(0))
                own = self._make(sentence, (d0, d0 + len(document.group(1))), verb,
                                 _strip_span(text, match.end(), sentence.end))
                if own:
                    added.append(own)
                continue
            if not match.group(0).startswith(",") and verb != "saying":
                continue  # only "saying" reports without a comma ("took to Twitter saying")
            content = _strip_span(text, match.end(), sentence.end)
            if content[0] >= content[1] or any(a.content_span[0] == content[0] for a in found + added):
                continue
            earlier = [a for a in found + added if a.speaker_span[1] <= match.start()]
            if earlier:
                previous = earlier[-1]
                c0, c1 = previous.content_span
                if c0 < match.start() < c1:  # "disputed that account, saying X": X is its own statement
                    c0, c1 = _strip_span(text, c0, match.start())
                    previous.content_span, previous.content = (c0, c1), text[c0:c1]
                    previous.form = self._form(c0, c1)
                    if len(text[c0:c1].split()) < 3 and previous.form == "paraphrase" and previous in found:
                        found.remove(previous)  # what is left is a noun object, not a statement
                made = Attribution(previous.speaker, previous.speaker_span, previous.resolved_speaker, verb,
                                   text[content[0]:content[1]], content, self._form(*content), previous.source_kind,
                                   (sentence.start, sentence.end), previous.number)
                self.speakers.append(made)
                added.append(made)
                continue
            subject = self._main_subject(sentence, match.start())
            if subject and self.subject_kind == "plain":
                own = self._make(sentence, subject[0], verb, content, context=subject[1])
                if own:
                    added.append(own)
        return added

    def _questions(self, sentence: Sentence, found: list[Attribution]) -> list[Attribution]:
        """"X asked (Y) whether CONTENT", "X asks why CONTENT", "X asked, \u201cQUOTE?\u201d": a question the subject put,
        its content from the question word (or the quotation) to the end of the sentence. A question inside another
        statement's content or speaker is left to that statement; a passive or subjectless "asked" is none."""
        text = self.text
        added: list[Attribution] = []
        for match in _QUESTION.finditer(text, sentence.start, sentence.end):
            at = match.start(1)
            if _inside(self.quotes, at) or _QUESTION_NOT.search(text, max(sentence.start, at - 24), at) or any(
                    a.content_span[0] <= at < a.content_span[1] or a.speaker_span[0] <= at < a.speaker_span[1]
                    for a in found + added):
                continue
            subject = self._subject(sentence, at)
            if subject is None or self.subject_kind != "plain":
                continue
            made = self._make(sentence, subject[0], match.group(1), (match.end(), sentence.end), context=subject[1])
            if made:
                added.append(made)
        return added

    def _findings(self, sentence: Sentence, found: list[Attribution]) -> list[Attribution]:
        """A study's stated findings: "The researchers found that CONTENT", "The survey concluded CONTENT", a
        research subject (researchers, scientists, a study, a survey, an analysis) and "found" or "concluded" with
        a clause (a that-clause, a quotation, or a clause with a finite verb near its start), as "Estimates suggest"
        and "Recent reports have revealed that". "Police found the car", "found no evidence of X" and a finding of
        what others say ("the poll finds that most voters say X") are none."""
        text = self.text
        added: list[Attribution] = []
        for match in _FINDING.finditer(text, sentence.start, sentence.end):
            at = match.start(1)
            if _inside(self.quotes, at) or any(
                    a.content_span[0] <= at < a.content_span[1] or a.speaker_span[0] <= at < a.speaker_span[1] or
                    at < a.speaker_span[0] < sentence.end for a in found + added):
                continue  # "The poll finds that 37 percent say X": the respondents' statement is the one reported
            if not match.group(2) and match.group(3) is None and \
                    not _FINDING_CLAUSE.match(text, match.end(), sentence.end):
                continue
            subject = self._subject(sentence, at)
            if subject is None or self.subject_kind != "plain":
                continue
            np = text[subject[0][0]:subject[0][1]]
            head = re.split(r"\s+(?:of|on|from|at|by|in)\s+", np)[0].split()[-1].lower().strip(",.")
            if head not in RESEARCH_NOUNS:
                continue
            made = self._make(sentence, subject[0], match.group(1), (match.end(), sentence.end), context=subject[1])
            if made:
                if made.number == "singular":
                    self.gender.setdefault(made.resolved_speaker, "it")  # a study is never "he" or "she"
                added.append(made)
        return added

    def _main_subject(self, sentence: Sentence, end: int) -> tuple[tuple[int, int], str] | None:
        """The subject of the sentence's main verb, before its first verb ("The company gave ...", "The envoy,
        Christopher Hill, has expressed ...")."""
        start = sentence.start
        words = list(re.finditer(r"[^\s,]+", self.text[start:end]))
        for k, word in enumerate(words[1:40], 1):
            bare = word.group().lower()
            if bare in _AUXILIARIES and word.group()[:1].islower() or bare in _IRREGULAR_PAST or \
                    _VERB_RE.fullmatch(bare) or re.fullmatch(r"[a-z]+ed", word.group()):  # not the name "Ted"
                return self._subject(sentence, start + word.start())
        return self._name_then_verb(sentence, end)

    def _name_then_verb(self, sentence: Sentence, end: int) -> tuple[tuple[int, int], str] | None:
        """A sentence opening with a name and then a lowercase word: the word is the main verb, whatever its form
        ("Ann Lee threw her support behind X, saying ...", "Sen. Tom Hale shot back, saying ...")."""
        opening = _NAME_THEN_WORD.match(self.text, sentence.start, end)
        if not opening or opening.group(2) not in _IRREGULAR_PAST and opening.group(2) not in PAST_FORMS:
            return None
        name = _name_part(opening.group(1))
        if name is None or not opening.group(1).endswith(name) or any(
                re.split(r"['\u2019]", w)[0] in _PRONOUN_CAPS or w in _STOP_CAPS for w in opening.group(1).split()):
            return None
        self.subject_kind = "plain"
        return (opening.start(1), opening.end(1)), ""

    def run(self) -> list[Attribution]:
        result: list[Attribution] = []
        for sentence in self._units:
            if sentence.end - sentence.start <= MAX_SENTENCE:
                found = self._sentence(sentence)
                found.extend(self._participles(sentence, found))
                found.extend(self._questions(sentence, found))
                found.extend(self._findings(sentence, found))
                if sentence.paragraph >= 0 and self.paragraphs[sentence.paragraph][2]:
                    # a heading reports a clause ("Egypt says agreement is close"), not a noun ("signals flexibility")
                    found = [a for a in found if len(a.content.split()) >= 3]
                result.extend(found)
        result.extend(self._colon_statements(result))
        result = self._colon_blocks(result)
        result = self._posts(result)
        result.extend(self._colon_quotations(result))
        result = self._without_means(result)
        self._lede(result)
        return self.verbatim(result)

    def _colon_statements(self, result: list[Attribution]) -> list[Attribution]:
        """Official releases and readouts: "Foreign Secretary Ann Lee said:" (or "released the following
        statement:") ending its paragraph, then the statement as paragraphs without
        quotation marks. The statement runs until a heading, a paragraph opening with a quotation mark, a
        paragraph with a reporting clause of its own, or eight paragraphs. Other verbs before a colon ("gave a
        perspective:") are left alone: a list or a block quotation may follow them."""
        text, paras = self.text, self.paragraphs
        made: list[Attribution] = []
        reported = [a.speaker_span[0] for a in result if a.speaker.lower() not in ("i", "we")]
        for k in range(1, len(paras) - 1):
            start, end, heading = paras[k]
            if heading or not text[start:end].rstrip().endswith(":") or paras[k + 1][2] or \
                    text[paras[k + 1][0]] in _QUOTE_OPENERS or \
                    _LIST_ITEM.match(text, paras[k + 1][0]) or re.search(r"\bto\s*:\s*$", text[start:end]) or \
                    any(a.content_span[1] > end and start <= a.speaker_span[0] < end for a in result):
                continue
            unit = self._last_unit(start, end)
            if unit is None:
                continue
            tail = _rstrip_end(text, unit.start, end)
            verb = re.search(r"\b(" + _VERB_RE.pattern[3:-3] + r")(?:\s+\w+ly)?\s*:$", text[unit.start:tail])
            intros = [verb and (unit.start + verb.start(1), verb.group(1))]
            statement = _STATEMENT_INTRO.search(text, unit.start, tail)
            intros.append(statement and (statement.start(1), statement.group(1)))
            last = k + 1
            while last + 1 < len(paras) and last - k < 8 and not paras[last + 1][2] and \
                    text[paras[last + 1][0]] not in _QUOTE_OPENERS and \
                    not self._ends_posts(k + 1, last + 1) and \
                    (_other_script(text, paras[last][0], paras[last][1]) or
                     not any(paras[last + 1][0] <= at < paras[last + 1][1] for at in reported)):
                last += 1
            for intro in intros:
                if intro is None:
                    continue
                subject = self._subject(unit, intro[0])
                if subject:
                    # "she explained:" is resolved against the speakers before it, not the statements found later
                    history = self.speakers
                    self.speakers = sorted((a for a in history if a.speaker_span[0] < subject[0][0]),
                                           key=lambda a: a.speaker_span[0])
                    attribution = self._make(unit, subject[0], intro[1], (paras[k + 1][0], paras[last][1]),
                                             context=subject[1], form="direct")
                    self.speakers = history + self.speakers[len(self.speakers) - (attribution is not None):]
                    if attribution:
                        made.append(attribution)
                        break
        return made

    def _colon_blocks(self, result: list[Attribution]) -> list[Attribution]:
        """Blog posts and wire copy: a paragraph whose last sentence reports and ends with a colon ("Ann Lee
        wrote on her blog:", "The group commented on the move:", "The union wrote the following regarding the
        deal:", "They report that [fr]:"), then a block
        quotation without quotation marks (a post, a tweet, a passage of a report). The block, up to the next
        heading, quotation, reporting clause or colon introduction (eight paragraphs at most; a paragraph in
        another script carries on to its translation), is a direct statement of that sentence's speaker. What
        the verb reported before the colon was only the introduction and goes. When the verb reported a clause
        ("pointed out that X:", "said the areas include:") nothing is added: an embedded post, a video or a list
        may follow, and a paragraph of the article's own."""
        text, paras = self.text, self.paragraphs
        dropped: set[int] = set()
        made: list[tuple[int, Attribution]] = []
        for k in range(len(paras) - 1):
            start, end, heading = paras[k]
            b0 = paras[k + 1][0]
            if heading or not text[start:end].rstrip().endswith(":") or paras[k + 1][2] or \
                    text[b0] in _QUOTE_OPENERS or _LIST_ITEM.match(text, b0) or \
                    re.search(r"\bto\s*:\s*$", text[start:end]) or \
                    any(a.content_span[0] <= b0 < a.content_span[1] for a in result):
                continue
            unit = self._last_unit(start, end)
            if unit is None:
                continue
            intro = [(i, a) for i, a in enumerate(result) if unit.start <= a.speaker_span[0] < end and
                     unit.start <= a.content_span[0] and a.content_span[1] <= end and a.form != "partial"]
            if not intro:
                continue
            i, a = intro[-1]
            if len(_WORD.findall(a.content)) >= 3 and not (_INTRO_TOPIC.match(a.content) and not re.search(
                    r"\bthat\b", text[a.speaker_span[1]:a.content_span[0]])):
                continue  # "pointed out that X:", "said the areas include:": an embed or a list may follow
            last = self._block_end(k)
            block = _strip_span(text, b0, paras[last][1])
            made.append((i + 1, self._restated(a, block)))
            dropped.add(i)
        return self._in_order(result, dropped, made) if made else result

    def _posts(self, result: list[Attribution]) -> list[Attribution]:
        """Blog posts quoting social media: a paragraph that opens with its author's handle ("@kimlee: Talks
        resume today #trade") is a post, a direct statement. Posts of the same handle in a row are one statement,
        and a post in another script carries on to its translation. Its author is the subject of the paragraph
        before it when that ends with a colon, whatever the verb ("Kim Lee (@kimlee) slammed the plan:",
        "Kim also called for calm:"), the introduction itself being no statement unless it reported a
        that-clause; otherwise, and for the name, the person the article introduced with that handle ("Kim Lee
        (@kimlee)"), or the handle itself."""
        text, paras = self.text, self.paragraphs
        dropped: set[int] = set()
        made: list[tuple[int, Attribution]] = []
        k = 0
        while k < len(paras):
            start, end, heading = paras[k]
            post = None if heading else POST_LINE.match(text, start, end)
            if post is None:
                k += 1
                continue
            handle = text[start:text.index(":", start)]
            name = self._account_name(handle, start)
            covering = [a for a in result if a.content_span[0] <= start < a.content_span[1]]
            if covering:
                for a in covering:
                    if name and a.content_span[0] == start and a.resolved_speaker != name:
                        a.resolved_speaker, a.source_kind, a.number = name, "named", "singular"
                k += 1
                continue
            last = k
            while last + 1 < len(paras) and last - k < 8 and not paras[last + 1][2]:
                n0, n1, _ = paras[last + 1]
                if POST_LINE.match(text, n0, n1):
                    if text[n0:text.index(":", n0)].lower() != handle.lower():
                        break
                elif not _other_script(text, paras[last][0], paras[last][1]) or \
                        text[n0:n1].rstrip().endswith(":") or self._spoken_in(n0, n1):
                    break
                last += 1
            block = _strip_span(text, start, paras[last][1])
            attribution = self._post_author(k, block, result, dropped)
            if attribution is None:
                attribution = Attribution(handle, (start, start + len(handle)), name or handle, "posted",
                                          text[block[0]:block[1]], block, "direct", "named", block, "singular")
            elif name:
                attribution.resolved_speaker, attribution.source_kind, attribution.number = name, "named", "singular"
            made.append((next((i for i, a in enumerate(result) if a.content_span[0] > block[0]), len(result)),
                         attribution))
            k = last + 1
        if not made:
            return result
        return self._in_order(result, dropped, made)

    @staticmethod
    def _in_order(result: list[Attribution], dropped: set[int], made: list[tuple[int, Attribution]]
                  ) -> list[Attribution]:
        """``result`` without the ``dropped`` indices, each made attribution placed before the index it gives."""
        added: dict[int, list[Attribution]] = {}
        for i, attribution in made:
            added.setdefault(i, []).append(attribution)
        out: list[Attribution] = []
        for i in range(len(result) + 1):
            out.extend(added.get(i, []))
            if i < len(result) and i not in dropped:
                out.append(result[i])
        return out

    def _without_means(self, result: list[Attribution]) -> list[Attribution]:
        """Without introductions that only name the means of a statement found after their colon ("tweeted using
        his account:", "wrote in a post on her page:" then the quotation): the statement is the quotation."""
        text = self.text
        later = {a.speaker_span for a in result if text.rfind(":", 0, a.content_span[0]) > a.speaker_span[1]}
        return [a for a in result if not (
            a.speaker_span in later and a.content_span[0] > a.speaker_span[1] and _MEANS.match(a.content) and
            re.match(r"[^\w\u201c\"]*:\s*\n", text[a.content_span[1]:a.content_span[1] + 4]))]

    def _ends_posts(self, first: int, at: int) -> bool:
        """Whether paragraph ``at`` ends a block quotation opening at paragraph ``first``: a post of another handle
        than the block's, or the introduction (ending with a colon) of a post."""
        text, paras = self.text, self.paragraphs
        post = POST_LINE.match(text, paras[at][0], paras[at][1])
        if post:
            opening = POST_LINE.match(text, paras[first][0], paras[first][1])
            return opening is None or text[paras[first][0]:text.index(":", paras[first][0])].lower() != \
                text[paras[at][0]:text.index(":", paras[at][0])].lower()
        return at + 1 < len(paras) and text[paras[at][0]:paras[at][1]].rstrip().endswith(":") and \
            POST_LINE.match(text, paras[at + 1][0], paras[at + 1][1]) is not None

    def _account_name(self, handle: str, before: int) -> str | None:
        """The name the article gave the account with ``handle`` before ``before`` ("Kim Lee (@kimlee)")."""
        if self._handles is None:  # every "(@handle)" of the text, found once
            self._handles = {}
            for tag in re.finditer(r"\(@\w{1,30}\)", self.text):
                starts, tags = self._handles.setdefault(tag.group()[1:-1].lower(), ([], []))
                starts.append(tag.start())
                tags.append(tag)
        starts, tags = self._handles.get(handle.lower(), ([], []))
        k = bisect_left(starts, before) - 1
        if k < 0:
            return None
        found = tags[k]
        run = re.search(r"((?:[" + _CAP + r"][\w.'\u2019-]*[ \t]+){0,4}[" + _CAP + r"][\w.'\u2019-]*)[ \t]*,?[ \t]*$",
                        self.text[max(0, found.start() - 80):found.start()])
        return _name_part(run.group(1)) if run else None

    def _post_author(self, k: int, block: tuple[int, int], result: list[Attribution],
                     dropped: set[int]) -> Attribution | None:
        """The statement of a post (paragraphs ``block``) by the subject of the paragraph before paragraph ``k``,
        when that ends with a colon; an introduction found as a statement of its own is dropped unless it reported
        a that-clause. None without such a subject."""
        text, paras = self.text, self.paragraphs
        if k == 0 or paras[k - 1][2] or not text[paras[k - 1][0]:paras[k - 1][1]].rstrip().endswith(":"):
            return None
        start, end, _ = paras[k - 1]
        unit = self._last_unit(start, end)
        if unit is None:
            return None
        intro = [(i, a) for i, a in enumerate(result) if unit.start <= a.speaker_span[0] < end and
                 unit.start <= a.content_span[0] and a.content_span[1] <= end]
        if intro:
            i, a = intro[-1]
            if a.form != "partial" and not re.search(r"\bthat\b", text[a.speaker_span[1]:a.content_span[0]]):
                dropped.add(i)
            return self._restated(a, block)
        tail = _rstrip_end(text, unit.start, end)
        for verb in (_COLON_INTRO.search(text, unit.start, tail), _COLON_CLAUSE.search(text, unit.start, tail)):
            subject = verb and self._subject(unit, verb.start(1))
            if verb and subject:
                attribution = self._make(unit, subject[0], verb.group(1), block, context=subject[1], form="direct")
                if attribution:
                    return attribution
        return None

    def _colon_quotations(self, result: list[Attribution]) -> list[Attribution]:
        """Releases and blog posts: a paragraph ending with a colon after a reporting clause ("X released the
        following statements after the meeting:", "The bishop has called the ruling "dangerous":"), then
        paragraphs in quotation marks with no reporting clause of their own. The quotation is a direct statement of
        the introduction's speaker (the quotation rules only look for a clause around the quotation)."""
        text, paras = self.text, self.paragraphs
        made: list[Attribution] = []
        for k in range(len(paras) - 1):
            start, end, heading = paras[k]
            b0, b1, _ = paras[k + 1]
            if heading or not text[start:end].rstrip().endswith(":") or paras[k + 1][2] or \
                    text[b0] not in OPENING + STRAIGHT or self._spoken_in(b0, b1):
                continue
            for a in result:
                if start <= a.content_span[0] < end < a.content_span[1] <= b1:
                    # "called it "dangerous":" whose content ran on into the quotation: the quotation is apart
                    c0, c1 = _strip_span(text, a.content_span[0], end)
                    a.content_span, a.content = (c0, c1), text[c0:c1]
            if any(a.content_span[0] < b1 and a.content_span[1] > b0 for a in result):
                continue
            unit = self._last_unit(start, end)
            if unit is None:
                continue
            last = k + 1
            while last + 1 < len(paras) and last - k < 8 and not paras[last + 1][2] and \
                    text[paras[last + 1][0]] in OPENING + STRAIGHT and \
                    not self._spoken_in(paras[last + 1][0], paras[last + 1][1]):
                last += 1
            block = _strip_span(text, b0, paras[last][1])
            intro = [a for a in result if unit.start <= a.speaker_span[0] < end and a.content_span[1] <= end]
            if intro:
                a = intro[-1]
                made.append(self._restated(a, block))
                continue
            tail = _rstrip_end(text, unit.start, end)
            statement = _STATEMENT_INTRO.search(text, unit.start, tail)
            if statement is None:
                continue
            subject = self._subject(unit, statement.start(1))
            if subject:
                attribution = self._make(unit, subject[0], statement.group(1), block, context=subject[1],
                                         form="direct")
                if attribution:
                    made.append(attribution)
        return made

    def _last_unit(self, start: int, end: int) -> Sentence | None:
        """The last sentence unit that starts in paragraph ``[start, end)`` (its introduction, when it ends with a
        colon)."""
        return next((u for u in reversed(self._units) if start <= u.start < end), None)

    def _restated(self, a: Attribution, block: tuple[int, int]) -> Attribution:
        """``a``'s speaker with the paragraphs ``block`` as its direct statement (a block after its introduction)."""
        return Attribution(a.speaker, a.speaker_span, a.resolved_speaker, a.verb, self.text[block[0]:block[1]],
                           block, "direct", a.source_kind, a.sentence_span, a.number)

    def _spoken_in(self, start: int, end: int) -> bool:
        """Whether a reporting clause of its own (a speaker found) stands in the span."""
        return any(start <= a.speaker_span[0] < end for a in self.speakers)

    def _block_end(self, k: int) -> int:
        """The last paragraph of a block quotation introduced by paragraph k (see `_colon_blocks`)."""
        text, paras = self.text, self.paragraphs
        last = k + 1
        while last + 1 < len(paras) and last - k < 8:
            start, end, heading = paras[last + 1]
            if heading or text[start] in _QUOTE_OPENERS or \
                    text[paras[last][0]:paras[last][1]].rstrip().endswith(":") or self._ends_posts(k + 1, last + 1):
                break
            if not _other_script(text, paras[last][0], paras[last][1]) and \
                    any(start <= a.speaker_span[0] < end and a.form != "partial" for a in self.speakers):
                break
            last += 1
        return last

    def verbatim(self, found: list[Attribution]) -> list[Attribution]:
        """The speakers and contents as the article writes them (typewriter quotation marks kept)."""
        if self.text is not self.original:
            for a in found:
                a.speaker = self.original[a.speaker_span[0]:a.speaker_span[1]]
                a.content = self.original[a.content_span[0]:a.content_span[1]]
        return found

    def _lede(self, result: list[Attribution]) -> None:
        """The news lede's convention: "The chief U.S. negotiator ... said X." then "'...,' Wendy Sherman said": a
        definite title in the first paragraph that nothing resolved is the person named in the next attribution
        (within three sentences)."""
        if not result or not self.sentences:
            return
        first_paragraph = self.sentences[0].paragraph
        for k, attribution in enumerate(result):
            if self._paragraph_of(attribution) != first_paragraph:
                break
            np = attribution.speaker
            # definite: "The chief U.S. negotiator", "North Korea's chief nuclear envoy"
            if attribution.resolved_speaker != np or attribution.source_kind != "unnamed" or \
                    not re.match(r"[Tt]he\s|(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*['\u2019]s\s", np) or \
                    attribution.number != "singular" or \
                    not any(w in ALIAS_HEADS for w in re.findall(r"[\w-]+", np.lower())):
                continue
            limit = bisect_right(self._sentence_starts, attribution.sentence_span[0]) + 3
            holder = None
            for later in result[k + 1:]:
                if bisect_right(self._sentence_starts, later.sentence_span[0]) > limit:
                    break
                if later.source_kind == "named" and later.resolved_speaker in self.names.by_last.values() and \
                        not self._is_correspondent(later):  # "As VOA's Ann Lee reports from Seoul, ...": no holder
                    holder = later.resolved_speaker
                    break
            if holder is None:
                holder = self._titled_subject_after(attribution)
            if holder is not None:
                for same in result[k:]:
                    if same.resolved_speaker == np:
                        same.resolved_speaker, same.source_kind = holder, "named"

    def _titled_subject_after(self, attribution: Attribution) -> str | None:
        """The person the sentence after a lede's attribution opens with, under a title ("The chief envoy says X.
        Assistant Secretary Ann Lee goes to Geneva next week."): the holder of the lede's title."""
        k = bisect_right(self._sentence_starts, attribution.sentence_span[0])
        if k >= len(self.sentences) or self.sentences[k].paragraph != self.sentences[k - 1].paragraph:
            return None
        opening = _TITLED_RUN.match(self.text, self.sentences[k].start, self.sentences[k].end)
        if not opening:
            return None
        name = self.names.canonical(_name_part(opening.group()) or "")
        titles = [w.lower() for w in opening.group().split()[:-len(name.split()) or None]]
        if name in self.names.by_last.values() and any(w in ALIAS_HEADS for w in titles):
            return name
        return None

    def _paragraph_of(self, attribution: Attribution) -> int:
        k = bisect_right(self._sentence_starts, attribution.sentence_span[0]) - 1
        return self.sentences[k].paragraph if k >= 0 else -1


def extract_attributions(text: str) -> list[Attribution]:
    """Every attributed statement of the article, in order."""
    return Extractor(text).run()
