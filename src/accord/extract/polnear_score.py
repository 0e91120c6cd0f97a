"""Scoring extracted attributions against span-annotated gold attributions (PolNeAR; Newell, Margolin & Ruths 2018).

Pure functions: no file is read here (:mod:`accord.extract.polnear` reads the corpus).

Rules (docs/extraction.md, "PolNeAR, a published attribution corpus"):

1. **Statement found.** Overlap = the number of characters shared by the gold content (the union of its pieces,
   which may be discontinuous) and the extracted ``content_span``. A pair is a candidate when the overlap is at
   least ``min_overlap`` (default one half) of the shorter of the two. Candidates are taken greedily, the largest
   overlap ratio first (ties: the earlier gold attribution, then the earlier extracted one); each gold and each
   extracted attribution is used at most once. Precision divides the matches by the extracted attributions,
   recall by the gold ones.
2. **Speaker mention right.** Among the matched pairs, the extracted raw mention (``Attribution.speaker``)
   agrees with the gold source span when both have the same head word (:func:`head_word`: the last word of the
   noun phrase before any comma, bracket, dash or post-modifier, lowercased, typographic apostrophes folded,
   possessive ``'s`` removed). A gold source that is a pronoun (personal or relative) agrees only with the same
   pronoun: PolNeAR does not link pronouns to their antecedents, so an extracted name for the same person cannot
   be checked and counts as wrong; such pairs are counted apart (``speaker_unchecked``). A gold attribution with
   no source never agrees. Precision and recall divide by the same totals as in rule 1.
3. **Verbs of saying.** The same scores restricted to gold attributions whose cue contains a verb of saying
   (:data:`SAYING_WORDS`, or the phrase "according to"), since PolNeAR also labels beliefs, intentions and
   stances that accord does not aim at. Matching is done once over all gold attributions; an extracted
   attribution matched to a gold attribution outside the restriction is left out of both counts (it is right,
   but about something the restriction excludes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attributions import Attribution

# Verbs of saying, every inflection written out (fixed before the first measurement; not tuned on the corpus).
SAYING_WORDS: frozenset[str] = frozenset(
    f"{stem}{ending}" for stem, endings in (
        ("say", ("", "s", "ing")), ("said", ("",)), ("tell", ("", "s", "ing")), ("told", ("",)),
        ("add", ("", "s", "ed", "ing")), ("stat", ("e", "es", "ed", "ing")), ("announc", ("e", "es", "ed", "ing")),
        ("claim", ("", "s", "ed", "ing")), ("not", ("e", "es", "ed", "ing")), ("explain", ("", "s", "ed", "ing")),
        ("argu", ("e", "es", "ed", "ing")), ("insist", ("", "s", "ed", "ing")), ("assert", ("", "s", "ed", "ing")),
        ("declar", ("e", "es", "ed", "ing")), ("writ", ("e", "es", "ing", "ten")), ("wrote", ("",)),
        ("tweet", ("", "s", "ed", "ing")), ("repl", ("y", "ies", "ied", "ying")),
        ("respond", ("", "s", "ed", "ing")), ("comment", ("", "s", "ed", "ing")), ("remark", ("", "s", "ed", "ing")),
        ("testif", ("y", "ies", "ied")), ("testifying", ("",)), ("confirm", ("", "s", "ed", "ing")),
        ("den", ("y", "ies", "ied", "ying")), ("admit", ("", "s", "ted", "ting")),
        ("acknowledg", ("e", "es", "ed", "ing")), ("warn", ("", "s", "ed", "ing")),
        ("report", ("", "s", "ed", "ing")), ("suggest", ("", "s", "ed", "ing")), ("ask", ("", "s", "ed", "ing")),
        ("stress", ("", "es", "ed", "ing")), ("contend", ("", "s", "ed", "ing")), ("maintain", ("", "s", "ed", "ing")),
        ("conced", ("e", "es", "ed", "ing")), ("reiterat", ("e", "es", "ed", "ing")),
        ("emphasiz", ("e", "es", "ed", "ing")), ("emphasis", ("e", "es", "ed", "ing")),
        ("reveal", ("", "s", "ed", "ing")), ("disclos", ("e", "es", "ed", "ing")), ("quip", ("", "s", "ped")),
        ("joke", ("", "s", "d")), ("recall", ("", "s", "ed", "ing")), ("predict", ("", "s", "ed", "ing")),
        ("promis", ("e", "es", "ed", "ing")), ("pledg", ("e", "es", "ed", "ing")), ("vow", ("", "s", "ed", "ing")),
        ("urg", ("e", "es", "ed", "ing")), ("complain", ("", "s", "ed", "ing")), ("counter", ("", "s", "ed")),
        ("describ", ("e", "es", "ed", "ing")), ("call", ("", "s", "ed", "ing")), ("speak", ("", "s", "ing")),
        ("spoke", ("",)), ("tout", ("", "s", "ed", "ing")), ("repeat", ("", "s", "ed", "ing")),
    ) for ending in endings
)
SAYING_PHRASES: tuple[str, ...] = ("according to",)

PRONOUNS: frozenset[str] = frozenset(
    "i me my we us our you your he him his she her it its they them their who whom whose which that this these "
    "those".split())
_CUT = re.compile(r"\s*(?:[,(\[\u2014\u2013;:]|\s-\s|\b(?:of|who|whom|which|that|at|for|from|in|on|with|to|"
                  r"during|after|before|by)\b).*$", re.IGNORECASE | re.DOTALL)
_SUFFIX = {"jr", "sr", "ii", "iii", "iv"}
_WORD = re.compile(r"[\w.&'-]+")


def _fold(text: str) -> str:
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
            .lower())


def head_word(mention: str) -> str:
    """The head word of a noun phrase: its last word before any comma, bracket, dash or post-modifier.

    >>> head_word("Sen. Ted Cruz (R-Texas)"), head_word("the president of the union"), head_word("Trump's")
    ('cruz', 'president', 'trump')
    """
    text = _CUT.sub("", _fold(mention).strip(" \t\n\"'.,")) or _fold(mention)
    words = [w.strip(".-") for w in _WORD.findall(text.replace("'s ", " ").replace("' ", " "))]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1] in _SUFFIX:
        words.pop()
    if not words:
        return ""
    last = words[-1]
    return last[:-2] if last.endswith("'s") else last.rstrip("'")


def is_saying_cue(cue: str) -> bool:
    """Whether a cue contains a verb of saying (:data:`SAYING_WORDS`) or "according to"."""
    folded = _fold(cue)
    return any(phrase in folded for phrase in SAYING_PHRASES) or any(
        w in SAYING_WORDS for w in re.findall(r"[a-z]+", folded))


@dataclass(frozen=True)
class GoldAttribution:
    """One hand-labelled attribution: spans are ``(start, end)`` character offsets, several when discontinuous."""

    content_spans: tuple[tuple[int, int], ...]
    cue_spans: tuple[tuple[int, int], ...]
    source_spans: tuple[tuple[int, int], ...]
    content: str
    cue: str
    source: str | None  # None when the attribution has no source

    @property
    def content_span(self) -> tuple[int, int]:
        """From the first character of the content to its last (gaps included)."""
        return self.content_spans[0][0], self.content_spans[-1][1]

    @property
    def saying(self) -> bool:
        return is_saying_cue(self.cue)


def overlap(spans: tuple[tuple[int, int], ...], start: int, end: int) -> int:
    """Characters of ``spans`` inside ``[start, end)``."""
    return sum(max(0, min(b, end) - max(a, start)) for a, b in spans)


def match(gold: list[GoldAttribution], found: list[Attribution],
          min_overlap: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, found index)`` pairs by rule 1 of the module docstring."""
    candidates = []
    for k, attribution in enumerate(found):
        c0, c1 = attribution.content_span
        for g, item in enumerate(gold):
            g0, g1 = item.content_span
            if g1 <= c0 or c1 <= g0:
                continue
            shared = overlap(item.content_spans, c0, c1)
            shorter = min(sum(b - a for a, b in item.content_spans), c1 - c0)
            if shorter > 0 and shared >= min_overlap * shorter:
                candidates.append((-shared / shorter, g, k))
    candidates.sort()
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs = []
    for _, g, k in candidates:
        if g not in used_gold and k not in used_found:
            used_gold.add(g)
            used_found.add(k)
            pairs.append((g, k))
    return sorted(pairs)


def speaker_agrees(item: GoldAttribution, attribution: Attribution) -> bool:
    """Rule 2: the same head word; a pronoun source only agrees with the same pronoun."""
    if item.source is None:
        return False
    gold_head = head_word(item.source)
    if gold_head in PRONOUNS:
        return head_word(attribution.speaker) == gold_head
    return gold_head != "" and head_word(attribution.speaker) == gold_head


@dataclass
class Counts:
    gold: int = 0
    extracted: int = 0
    found: int = 0  # matched pairs
    speaker: int = 0  # matched pairs whose speaker mention agrees

    def rates(self, tp: int) -> dict[str, float]:
        precision = tp / self.extracted if self.extracted else 0.0
        recall = tp / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class PolnearScore:
    """Scores over a set of articles: ``all`` gold attributions and those with a verb-of-saying cue."""

    all: Counts = field(default_factory=Counts)
    saying: Counts = field(default_factory=Counts)
    speaker_unchecked: int = 0  # matched pairs with a pronoun source and a non-pronoun extracted mention
    articles: int = 0

    def to_json(self) -> dict:
        out: dict = {"articles": self.articles, "speaker_unchecked": self.speaker_unchecked}
        for name, counts in (("all", self.all), ("saying", self.saying)):
            out[name] = {"statement": {**counts.rates(counts.found), "tp": counts.found},
                         "speaker": {**counts.rates(counts.speaker), "tp": counts.speaker},
                         "gold": counts.gold, "extracted": counts.extracted}
        return out


def score_article(gold: list[GoldAttribution], found: list[Attribution], total: PolnearScore,
                  min_overlap: float = 0.5) -> list[tuple[int, int]]:
    """Add one article's counts to ``total``; returns the matched pairs (for error listings)."""
    pairs = match(gold, found, min_overlap)
    total.articles += 1
    total.all.gold += len(gold)
    total.all.extracted += len(found)
    saying = [item.saying for item in gold]
    total.saying.gold += sum(saying)
    total.saying.extracted += len(found) - sum(1 for g, _ in pairs if not saying[g])
    for g, k in pairs:
        right = speaker_agrees(gold[g], found[k])
        total.all.found += 1
        total.all.speaker += right
        if saying[g]:
            total.saying.found += 1
            total.saying.speaker += right
        source = gold[g].source
        if not right and source is not None and head_word(source) in PRONOUNS \
                and head_word(found[k].speaker) not in PRONOUNS:
            total.speaker_unchecked += 1
    return pairs


def score(articles: list[tuple[list[GoldAttribution], list[Attribution]]], min_overlap: float = 0.5) -> PolnearScore:
    """Rules 1-3 of the module docstring over ``(gold, extracted)`` pairs, one per article."""
    total = PolnearScore()
    for gold, found in articles:
        score_article(gold, found, total, min_overlap)
    return total


# Cue words (prefixes of the lowercased words) of the attributions accord does not aim at, by kind, to sort misses.
CUE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("belief or perception", ("think", "thought", "believ", "know", "knew", "see", "saw", "seem", "appear",
                              "expect", "consider", "feel", "felt", "understand", "understood", "view", "recogni",
                              "realiz", "realis", "doubt", "wonder", "conclu", "hear", "heard", "learn", "worr",
                              "fear", "concern", "assum", "suspect", "convinc", "sure", "aware")),
    ("intention or desire", ("want", "plan", "hope", "hoping", "intend", "seek", "sought", "refus", "declin", "try",
                             "tried", "tries", "aim", "wish", "prefer", "push", "demand", "threat", "decid",
                             "decision", "choos", "chose", "offer", "invit", "propos")),
    ("stance", ("support", "oppos", "endors", "critici", "accus", "prais", "defend", "attack", "blam", "back",
                "reject", "agree", "disagree", "slam", "condemn", "welcom", "applaud", "challeng", "mock", "dismiss",
                "blast", "question", "favor", "favour", "celebrat")),
    ("evidence or reference", ("show", "found", "find", "cite", "citing", "refer", "poll", "survey", "data",
                               "record", "document", "study", "analys", "estimat")),
)


def miss_class(item: GoldAttribution, text: str, found: list[Attribution]) -> str:
    """Why a gold attribution was not matched, as one of a fixed set of classes (first that applies):

    ``content boundary`` (an extracted attribution overlaps its content, but too little or it was matched to
    another), ``no source``, ``punctuation cue`` (a colon or dash), a non-saying cue by kind (:data:`CUE_KINDS`,
    else ``other non-saying cue``), then for verbs of saying: ``according to``, ``question (ask)``,
    ``quoted with doubled apostrophes`` (two apostrophes as quotation marks), ``relative-pronoun source``,
    ``pronoun source``, ``participle cue`` (``..., saying ...``), ``cue after content``, ``cue before content``.
    """
    c0, c1 = item.content_span
    if any(a.content_span[0] < c1 and c0 < a.content_span[1] for a in found):
        return "content boundary"
    if item.source is None:
        return "no source"
    cue = _fold(item.cue)
    words = re.findall(r"[a-z]+", cue)
    if not words:
        return "punctuation cue"
    if not is_saying_cue(item.cue):
        for kind, stems in CUE_KINDS:
            if any(w.startswith(stems) for w in words):
                return kind
        return "other non-saying cue"
    if "according to" in cue:
        return "according to"
    if any(w.startswith("ask") for w in words):
        return "question (ask)"
    if "''" in text[max(0, c0 - 2):c0 + 2] or "''" in text[max(0, c1 - 3):c1 + 2]:
        return "quoted with doubled apostrophes"
    head = head_word(item.source)
    if head in ("who", "whom", "which", "that"):
        return "relative-pronoun source"
    if head in PRONOUNS:
        return "pronoun source"
    if words[-1].endswith("ing"):
        return "participle cue"
    return "cue after content" if item.cue_spans and item.cue_spans[0][0] >= c1 else "cue before content"
