"""Claims and positions: red-line phrases, blame, pressure and talk status, per source.

Each finding keeps the source it is reported by (an attribution's resolved
speaker, or ``"article"`` for the reporter's own voice) and a verbatim span.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from .attributions import Attribution
from .text import Sentence

_NP = r"((?:[A-Z][\w.'\u2019-]*\s+){0,5}?[A-Z][\w.'\u2019-]*|[Tt]he [\w\s'\u2019.-]{2,40}?|[Hh]e|[Ss]he|[Tt]hey)"
_OBJ = r"([^,.;\u201d\"]{3,80})"
_DETERMINED = r"((?:any|the|a|an)\s+[\w\s-]{2,40}?)"
_AUX = r"\s+(?:(?:has|have|had|is|are|was|were|will|would|also|still|now|again|firmly|repeatedly|been)\s+){0,3}"
POSITION_PATTERNS = [
    ("insists_on", re.compile(_NP + r"\s+(?:still\s+|also\s+)?(?:insists|insisted|is insisting) on\s+" + _OBJ)),
    ("open_only_to", re.compile(_NP + r"\s+(?:is|was|are|were|remains|remained)\s+open only to\s+" + _OBJ)),
    ("rejects", re.compile(_NP + r"\s+(?:also\s+|flatly\s+|firmly\s+)?(?:rejects|rejected|has rejected|refuses|refused)\s+"
                           + _OBJ)),
    ("needs_to_be", re.compile(_DETERMINED + r"\s+(?:needs|need|has|have|must)\s+to\s+be\s+[\u201c\"]?" + _OBJ
                               + r"[\u201d\"]?")),
    ("needs_to_be", re.compile(_DETERMINED + r"\s+must\s+be\s+[\u201c\"]?" + _OBJ)),
    # stated demands and offers: "the unions are demanding a 12 percent increase", "Iran wants sanctions lifted"
    ("demands", re.compile(_NP + _AUX + r"(?:demanding|demands|demanded|calling for|calls for|called for|"
                           r"seeking|seeks|sought|wants|wanted|pressing for|pressed for|asking for|"
                           r"asked for|asks for)\s+" + _OBJ)),
    ("offers", re.compile(_NP + _AUX + r"(?:offered|offers|offering|proposed|proposes|proposing|put forward|"
                          r"puts forward)\s+" + _OBJ)),
    # red lines: "will not accept X", "won't accept", "refuses to accept", "cannot accept", "rules out"
    ("will_not_accept", re.compile(_NP + r"\s+(?:(?:will|would|could|can|does|do|did)\s*(?:not|n['\u2019]t)|"
                                   r"cannot|won['\u2019]t|will never|would never|refuses? to|refused to)\s+"
                                   r"(?:accept|agree to|tolerate|sign)\s+" + _OBJ)),
    ("will_not_accept", re.compile(_NP + _AUX + r"(?:ruled out|rules out|ruling out)\s+" + _OBJ)),
    # conditions: "Hamas will sign only if the ceasefire is permanent", "X would agree only if Y"
    ("only_if", re.compile(_NP + r"\s+(?:[\w'\u2019]+\s+){1,6}?only if\s+" + _OBJ)),
]
BLAME_PATTERNS = [
    # "X has been blamed for Y"
    ("blamed_for", re.compile(r"([\w\s'\u2019.,-]{3,80}?)\s+(?:has been|have been|was|were|is|are)\s+blamed for\s+"
                              + _OBJ)),
    # "Y's narrow-mindedness aborted an agreement", "X aborted the deal"
    ("aborted", re.compile(r"([A-Z][\w'\u2019.-]*(?:\s+[\w'\u2019.-]+){0,3}?)\s+(?:aborted|scuttled|torpedoed|"
                           r"derailed|sank|blew up|wrecked)\s+" + _OBJ)),
    # "X, not Y, is (the one) holding up Z"
    ("holding_up", re.compile(r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3}),\s+not\s+([A-Z][\w'\u2019.-]*"
                              r"(?:\s+[A-Z][\w'\u2019.-]*){0,3}),\s+(?:is|was|are|were)\s+(?:the one\s+|the ones\s+)?"
                              r"(?:holding up|blocking|stalling|delaying)\s+" + _OBJ)),
    ("holding_up", re.compile(r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})\s+(?:is|was|are|were)\s+"
                              r"(?:the one\s+|the ones\s+)?(?:holding up|blocking|stalling)\s+" + _OBJ)),
]
PRESSURE_PATTERNS = [
    re.compile(r"([A-Z][\w\s'\u2019.-]{1,60}?|[Tt]he [\w\s'\u2019.-]{2,60}?)\s+(?:has been|have been|is|are|was|were)?\s*"
               r"(?:exerting|putting|applying|piling)\s+pressure on\s+([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})"
               r"(?:\s+(?:to|over|on|about)\s+" + _OBJ + ")?"),
    re.compile(r"([A-Z][\w\s'\u2019.-]{1,60}?|[Tt]he [\w\s'\u2019.-]{2,60}?)\s+(?:has|have|had)?\s*"
               r"(?:pressed|pressured|pressuring|pressing|urged|urging|leaned on)\s+([A-Z][\w'\u2019.-]*"
               r"(?:\s+[A-Z][\w'\u2019.-]*){0,3})\s+(?:to|over|on|about)\s+" + _OBJ),
]
STATUS_CUES = [
    ("not_at_standstill", re.compile(r"not at a standstill|countered the notion that the talks were at a standstill|"
                                     r"(?:denied|rejected|disputed) (?:that|the notion that) the talks (?:had|have|were) "
                                     r"(?:stalled|collapsed|at a standstill)|still reviewing|talks (?:are|were) continuing",
                                     re.IGNORECASE)),
    ("crisis", re.compile(r"\bcrisis\b|\bcollapse(?:d)?\b|\bbreak(?:ing)? down\b|broke down", re.IGNORECASE)),
    ("stalled", re.compile(r"\b(?:little|no|scant|limited|slow|not much|without any|without)\s+(?:real\s+|significant\s+|"
                           r"major\s+|visible\s+|tangible\s+)?progress\b|"
                           r"\b(?:ended|end|ends|ending|closed|broke up|wrapped up|concluded)\s+without\s+(?:an?\s+|any\s+)?"
                           r"(?:agreement|deal|accord|breakthrough)\b|"
                           r"\bfail(?:ed|s)?\s+to\s+(?:reach|forge|produce|clinch|strike|secure|agree|do the job|bridge)\b|"
                           r"\bdeadlock(?:ed)?\b|\bimpasse\b|\bstall(?:ed|s)?\b|\bstumble(?:d|s)?\b|\bstandstill\b|"
                           r"\baborted\b|\bsuspended\b|\bwalked out\b|\bleft the negotiations\b|\bstuck\b",
                           re.IGNORECASE)),
    ("progressing", re.compile(r"\bprogress(?:ing)?\b(?! in negotiations)|\bvery close\b|\bclose to a deal\b|"
                               r"signs of (?:potential )?agreement|positive spirit|\bbreakthrough\b|"
                               r"\bconstructive\b|\bnarrow(?:ed|ing)? the gaps?\b", re.IGNORECASE)),
]
# words at least one of which every match of a status cue contains (lowercase): a sentence with none of them is
# not searched for that cue (the same result, without running the pattern)
_STATUS_WORDS = {
    "not_at_standstill": ("standstill", "stalled", "collapsed", "still reviewing", "continuing"),
    "crisis": ("crisis", "collapse", "break", "broke"),
    "stalled": ("progress", "without", "fail", "deadlock", "impasse", "stall", "stumble", "standstill", "aborted",
                "suspended", "walked out", "left the negotiations", "stuck"),
    "progressing": ("progress", "very close", "close to a deal", "signs of", "positive spirit", "breakthrough",
                    "constructive", "narrow"),
}
_POSITION_KEYS = {"insists_on": "insist", "open_only_to": "open only to", "rejects": "reject", "needs_to_be": "to be",
                  "demands": ("demand", "call", "seek", "sought", "want", "press", "ask"),
                  "offers": ("offer", "propos", "put forward", "puts forward"),
                  "will_not_accept": ("accept", "agree to", "tolerate", "sign", "rule", "ruling"),
                  "only_if": "only if"}


def _tail(pattern: re.Pattern[str]) -> str:
    """What follows a position pattern's subject (``_NP`` or ``_DETERMINED``): its verb and object."""
    head = next((h for h in (_NP, _DETERMINED) if pattern.pattern.startswith(h)), None)
    if head is None:
        raise ValueError(f"pattern={pattern.pattern[:40]!r}...: a position pattern starts with _NP or _DETERMINED")
    return pattern.pattern[len(head):]


# each pattern with its tail, searched alone before the whole pattern: a sentence without the tail cannot match, and
# the search for it is cheap where the subject's alternatives are tried at every word
_WITH_TAILS = [(kind, pattern, re.compile(_tail(pattern))) for kind, pattern in POSITION_PATTERNS]
_BLAME_KEYS = {"blamed_for": ("blamed",), "aborted": ("aborted", "scuttled", "torpedoed", "derailed", "sank", "blew up",
                                                       "wrecked"),
               "holding_up": ("holding up", "blocking", "stalling", "delaying")}
_OPENER = re.compile(r"(?:While|Whereas|Although|Though|But|And|As|Meanwhile|However|Still|Yet|Now)\s+")
_NEGATED = re.compile(r"\b(?:lack of|no|without|limited)\s+$", re.IGNORECASE)
OPPOSED = {("crisis", "progressing"), ("crisis", "not_at_standstill"), ("stalled", "progressing"),
           ("stalled", "not_at_standstill")}


def _source_of(start: int, attributions: list[Attribution]) -> tuple[str, Attribution | None]:
    for attribution in attributions:
        c0, c1 = attribution.content_span
        if c0 <= start < c1:
            return attribution.resolved_speaker, attribution
    return "article", None


class _Sources:
    """``_source_of`` by binary search over the attributions' sentences (a scan of every attribution per cue
    was quadratic in the article): content spans lie inside their sentence and sentences do not overlap, so
    only the attributions of the sentence holding a position can hold it. Falls back to the scan when the
    attributions do not have that shape (hand-made ones, say)."""

    def __init__(self, attributions: list[Attribution]):
        self.attributions = attributions
        self.by_sentence: dict[tuple[int, int], list[Attribution]] = {}
        for attribution in attributions:
            if isinstance(attribution.sentence_span, tuple):  # (a list never equals a sentence's tuple)
                self.by_sentence.setdefault(attribution.sentence_span, []).append(attribution)
        self.spans = sorted(span for span in self.by_sentence if isinstance(span, tuple))
        self.starts = [s for s, _ in self.spans]
        self.indexed = all(isinstance(a.sentence_span, tuple) and a.sentence_span[0] <= a.content_span[0] and a.content_span[1] <= a.sentence_span[1]
                           for a in attributions) and all(p[1] <= q[0] for p, q in zip(self.spans, self.spans[1:]))

    def of(self, start: int) -> tuple[str, Attribution | None]:
        if not self.indexed:
            return _source_of(start, self.attributions)
        k = bisect_right(self.starts, start) - 1
        if k >= 0 and start < self.spans[k][1]:
            for attribution in self.by_sentence[self.spans[k]]:
                c0, c1 = attribution.content_span
                if c0 <= start < c1:
                    return attribution.resolved_speaker, attribution
        return "article", None


_VERB_PARTS = [(kind, re.compile(r"\s*" + _tail(pattern).lstrip("\\s+").lstrip("*")))
               for kind, pattern in POSITION_PATTERNS if pattern.pattern.startswith(_NP) and kind != "only_if"]
_COORDINATED = re.compile(r"\s+(?:and|but)\s+(?=(?:(?:are|is|was|were|has|have|had|will|would|also|still|now)\s+){0,2}"
                          r"(?:demand|call|seek|sought|want|press|ask|insist|reject|refuse|offer|propos|rule|"
                          r"(?:will|would|could|can|does|do|did)\s*(?:not|n['\u2019]t)\s+accept))", re.IGNORECASE)
_REPORTED = re.compile(r"^.*\b(?:said|says|say|told|believes|thinks|added|noted|stated|warned)\s+(?:that\s+)?",
                       re.IGNORECASE)
_HOLDER_END = re.compile(r"\s+(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should|did|does|do|"
                         r"also|still|and|but|who|which|that)\b.*$", re.IGNORECASE | re.DOTALL)


def _trim_holder(holder: str, start: int) -> tuple[str, int]:
    """The subject a stated term belongs to: after a reporting verb ("X said Y rejects" -> Y), before the
    first auxiliary or conjunction ("The unions have rejected that offer and are demanding" -> The unions)."""
    reported = _REPORTED.match(holder)
    if reported and reported.end() < len(holder):
        start += reported.end()
        holder = holder[reported.end():]
    return _HOLDER_END.sub("", holder).strip(), start


def _span(text: str, match: re.Match, group: int = 0) -> dict:
    start, end = match.span(group)
    while end > start and text[end - 1] in " .,;":
        end -= 1
    return {"text": text[start:end], "span": [start, end]}


def positions(text: str, sentences: list[Sentence], attributions: list[Attribution]) -> list[dict]:
    """``insists on``, ``open only to``, ``rejects``, ``needs to be``: holder, object, source, verbatim span."""
    sources = _Sources(attributions)
    found = []
    for sentence in sentences:
        low = sentence.text.lower()
        for kind, pattern, tail in _WITH_TAILS:
            keys = _POSITION_KEYS[kind]
            if not any(key in low for key in ((keys,) if isinstance(keys, str) else keys)) and not (
                    kind == "needs_to_be" and "must be" in low) and not (
                    kind == "rejects" and ("refuse" in low or "reject" in low)):
                continue
            if not tail.search(text, sentence.start, sentence.end):
                continue
            for match in pattern.finditer(text, sentence.start, sentence.end):
                source, attribution = sources.of(match.start())
                holder = match.group(1).strip()
                opener = _OPENER.match(holder)
                start = match.start()
                if opener:
                    holder, start = holder[opener.end():], match.start(1) + opener.end()
                holder, start = _trim_holder(holder, start)
                if not holder:
                    continue
                if kind == "needs_to_be" and attribution is not None:
                    holder = attribution.resolved_speaker  # "any agreement needs to be X" is the speaker's demand
                elif holder.lower() in ("he", "she", "they") and attribution is not None:
                    holder = attribution.resolved_speaker
                end = _span(text, match)["span"][1]
                obj_start, obj_end = match.span(2)
                second = _COORDINATED.search(text, obj_start, obj_end)
                if second:  # "have rejected that offer and are demanding X": two terms of one holder
                    end = obj_end = second.start()
                    for other_kind, verb in _VERB_PARTS:
                        other = verb.match(text, second.end(), sentence.end)
                        if other:
                            found.append({"kind": other_kind, "holder": holder,
                                          "object": other.group(1).strip(" \u201c\u201d\""), "source": source,
                                          **_span(text, other), "span": [start, _span(text, other)["span"][1]],
                                          "text": text[start:_span(text, other)["span"][1]]})
                            break
                found.append({"kind": kind, "holder": holder, "object": text[obj_start:obj_end].strip(" \u201c\u201d\""),
                              "source": source, "text": text[start:end], "span": [start, end]})
    found.sort(key=lambda item: item["span"][0])
    unique, seen = [], set()
    for item in found:
        if item["span"][0] not in seen:
            seen.add(item["span"][0])
            unique.append(item)
    return unique


def claims(text: str, sentences: list[Sentence], attributions: list[Attribution]) -> list[dict]:
    """Blame and pressure claims (who blames whom for what; who presses whom on what), per source."""
    sources = _Sources(attributions)
    found: list[dict[str, Any]] = []
    for sentence in sentences:
        low = sentence.text.lower()
        for kind, pattern in BLAME_PATTERNS:
            if not any(key in low for key in _BLAME_KEYS[kind]):
                continue
            for match in pattern.finditer(text, sentence.start, sentence.end):
                source, _ = sources.of(match.start())
                item = {"kind": "blame", "pattern": kind, "blamed": match.group(1).strip(" ,"), "source": source,
                        **_span(text, match)}
                if kind == "holding_up" and match.lastindex == 3:
                    item["exonerated"] = match.group(2).strip()
                    item["for"] = match.group(3).strip()
                else:
                    last = match.lastindex
                    assert last is not None  # group 1 took part in the match (its text is read above)
                    item["for"] = match.group(last).strip()
                if any(other["span"][0] <= item["span"][0] < other["span"][1] for other in found
                       if other["kind"] == "blame"):
                    continue
                found.append(item)
        for pattern in PRESSURE_PATTERNS if any(k in low for k in ("pressure", "press", "urg", "leaned")) else ():
            for match in pattern.finditer(text, sentence.start, sentence.end):
                source, _ = sources.of(match.start())
                presser = re.sub(r"^(?:On the other hand|Meanwhile|However|Still)\s*,?\s*", "", match.group(1).strip(),
                                 flags=re.IGNORECASE)
                found.append({"kind": "pressure", "presser": presser, "pressed": match.group(2).strip(),
                              "on": (match.group(3) or "").strip(), "source": source, **_span(text, match)})
    found.sort(key=lambda item: item["span"][0])
    return found


def status_by_source(text: str, sentences: list[Sentence], attributions: list[Attribution]) -> tuple[dict, list]:
    """Talk status (crisis / stalled / progressing / not at a standstill) per source, and contradictions.

    ``{source: {"status": dominant status, "cues": [{status, cue, span, sentence}]}}``; two sources
    contradict when one reports crisis/stalled and the other progressing/not at a standstill.
    """
    sources = _Sources(attributions)
    by_source: dict[str, list[dict]] = {}
    for sentence in sentences:
        taken: list[tuple[int, int]] = []
        low = text[sentence.start:sentence.end].lower()
        for status, pattern in STATUS_CUES:
            if not any(word in low for word in _STATUS_WORDS[status]):
                continue
            for match in pattern.finditer(text, sentence.start, sentence.end):
                if any(s <= match.start() < e for s, e in taken):
                    continue
                if _NEGATED.search(text[max(sentence.start, match.start() - 12):match.start()]):
                    continue
                taken.append(match.span())
                source, _ = sources.of(match.start())
                if source == "article":
                    # the reporter's wording inside an attribution's own clause belongs to that speaker
                    for attribution in sources.by_sentence.get((sentence.start, sentence.end), ()):
                        if attribution.speaker_span[1] <= match.start():
                            source = attribution.resolved_speaker
                entry: dict[str, Any] = {"status": status, "cue": match.group(), "span": list(match.span()),
                                         "sentence": sentence.text}
                by_source.setdefault(source, []).append(entry)
    summary: dict[str, dict] = {}
    for source, entries in by_source.items():
        entries.sort(key=lambda entry: entry["span"][0])
        counts: dict[str, int] = {}
        for entry in entries:
            counts[entry["status"]] = counts.get(entry["status"], 0) + 1
        best = max(counts.values())
        # the source's status: its most frequent cue, ties going to the latest mention
        status = [e["status"] for e in entries if counts[e["status"]] == best][-1]
        summary[source] = {"status": status, "cues": entries}
    contradictions = []
    names = list(summary)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            a, b = summary[first]["status"], summary[second]["status"]
            if (a, b) in OPPOSED or (b, a) in OPPOSED:
                contradictions.append({"sources": [first, second], "statuses": [a, b],
                                       "quotes": [summary[first]["cues"][-1]["sentence"],
                                                  summary[second]["cues"][-1]["sentence"]]})
    return summary, contradictions
