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
from dataclasses import asdict, dataclass, field

from .text import Sentence, paragraphs, quote_spans, sentences

VERBS = (
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
)
_VERB_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(v) for v in VERBS), key=len, reverse=True)) + r")\b")
_PASSIVE_RE = re.compile(r"\b(?:was|were|has been|have been|had been|is|are)\s+(?:also\s+)?"
                         r"(confirmed|announced|reported|denied|described|disclosed|revealed|stated)\s+by\s+")
_ACCORDING_RE = re.compile(r"\baccording to\s+", re.IGNORECASE)
_WHO_RE = re.compile(r",\s*who\s+(?:also\s+)?(" + "|".join(VERBS) + r")\b\s*")
# a reporting verb that is not reporting: "insists on", "said to be", "claims to", "reports of"
_NOT_REPORTING = re.compile(r"\s+(?:to be|to have|for|of)\b")

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
}
PLURAL_WORDS = {"two", "three", "four", "five", "six", "several", "some", "many", "both", "multiple", "other",
                "few", "dozens", "people"}
ANONYMITY = re.compile(
    r"speaking anonymously|on (?:the )?condition of anonymity|privy to|familiar with|asked not to be "
    r"(?:named|identified)|declined to be (?:named|identified)|not authori[sz]ed to|requested anonymity|"
    r"on background|with knowledge of|briefed on|close to the (?:talks|negotiations)|not be (?:named|identified)|"
    r"who (?:would|could) not be named|unnamed|anonymous|because the talks are (?:private|confidential)",
    re.IGNORECASE)
TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "prime", "minister", "president",
    "secretary", "senator", "sen.", "rep.", "gov.", "gen.", "general", "chancellor", "commissioner", "chief",
    "executive", "ceo", "chairman", "chairwoman", "governor", "ambassador", "foreign", "trade", "labor", "labour",
    "deputy", "vice", "envoy", "spokesperson", "spokesman", "spokeswoman", "senior", "official", "special",
    "climate", "finance", "economy", "union", "negotiator", "lead", "chief", "director", "mayor", "premier",
    "environment", "energy", "state", "u.s.", "us", "un", "u.n.", "eu", "israeli", "hamas", "former",
}
_ADVERBS = re.compile(r"\s*\b(?:also|further|later|then|again|separately|previously|repeatedly|still|earlier|"
                      r"once|too|however|recently|publicly|privately|flatly|firmly|bluntly|quickly|"
                      r"on \w+day|last week|this week|in a statement|in an interview)\b\s*$")
_CLAUSE_BREAK = re.compile(r"(?:;|:|,\s*(?:and|but|while|whereas|as|although|though)\s+|\s+(?:and|but|while)\s+"
                           r"(?=(?:an?|the|two|three|several|some|\w+\s+officials?)\b)|\bwhile\s+|\bwhereas\s+)")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'\u2019.-]*|al-[A-Z][\w-]*|de|van|von|bin|abu|Abu|der|la|le)$")
_STOP_CAPS = {"The", "A", "An", "In", "On", "At", "For", "But", "And", "As", "This", "That", "These", "Those", "It",
              "He", "She", "They", "We", "I", "Despite", "However", "Moreover", "While", "When", "After", "Before",
              "According", "Meanwhile", "Still", "Yet", "If", "So", "Our", "Their", "His", "Her", "Its"}
_LEADING = re.compile(r"(?:later|then|still|now|also|separately|meanwhile|earlier|afterwards|again)\s*,?\s+",
                      re.IGNORECASE)
DETERMINERS = ("a ", "an ", "the ")


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
        data = asdict(self)
        data.pop("number")
        for key in ("speaker_span", "content_span", "sentence_span"):
            data[key] = list(data[key])
        return data


def _strip_span(text: str, start: int, end: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(s <= at < e for s, e in spans)


class _Names:
    """Fullest form of each name in the article, by surname."""

    def __init__(self, text: str):
        self.by_last: dict[str, str] = {}
        for match in re.finditer(r"(?:[A-Z][a-z\u00c0-\u024f'\u2019-]+|Abu|al-[A-Z][a-z]+)"
                                 r"(?:\s+(?:[A-Z][a-z\u00c0-\u024f'\u2019-]+|Abu|bin|van|von|de|al-[A-Z][a-z]+)){1,5}",
                                 text):
            tokens = [t for t in match.group().split() if t not in _STOP_CAPS]
            titled = [k for k, t in enumerate(tokens) if t.lower().rstrip(".") in TITLES or t.lower() in TITLES
                      or t.endswith(("'s", "\u2019s"))]
            if titled:
                tokens = tokens[titled[-1] + 1:]
            if len(tokens) < 2:
                continue
            full = " ".join(tokens)
            last = tokens[-1]
            if len(full) > len(self.by_last.get(last, "")):
                self.by_last.setdefault(last, full)
                if len(full) > len(self.by_last[last]):
                    self.by_last[last] = full

    def canonical(self, name: str) -> str:
        tokens = name.split()
        if not tokens:
            return name
        full = self.by_last.get(tokens[-1])
        if full and full.endswith(" ".join(tokens[-2:]) if len(tokens) > 1 else tokens[-1]):
            return full
        return name


def _name_part(np: str) -> str | None:
    """The proper name an NP ends with ("Senior Hamas official Mousa Abu Marzouk" -> "Mousa Abu Marzouk")."""
    tokens = np.split()
    run: list[str] = []
    for token in reversed(tokens):
        if _NAME_TOKEN.match(token) and token.lower() not in TITLES and token not in _STOP_CAPS:
            run.insert(0, token)
        elif token in ("Abu", "bin", "al", "van", "von", "de") and run:
            run.insert(0, token)
        else:
            break
    if not run:
        return None
    before = tokens[len(tokens) - len(run) - 1].lower() if len(tokens) > len(run) else ""
    if before in ("at", "of", "from", "for", "with", "in", "to", "by"):
        return None  # "Analysts at Nordea": a description, not a name
    return " ".join(run)


def _number(np: str) -> str:
    low = np.lower()
    words = re.findall(r"[\w.]+", low)
    if not words:
        return "singular"
    if " and " in low or words[0] in PLURAL_WORDS or words[-1] in PLURAL_WORDS:
        return "plural"
    head = words[-1]
    if head in PERSON_NOUNS and head.endswith("s") and head not in ("chairwoman", "boss", "press"):
        return "plural"
    if "officials" in words or "negotiators" in words or "diplomats" in words or "sources" in words:
        return "plural"
    return "singular"


def plausible_speaker(np: str) -> bool:
    """Could this noun phrase be who is speaking?"""
    stripped = np.strip()
    if not stripped or len(stripped) > 140:
        return False
    if stripped.lower() in PRONOUNS or stripped.lower() in ("one of them", "one of those", "one of the two"):
        return True
    words = stripped.split()
    if _VERB_RE.search(stripped) or re.search(r"\bthat\b", stripped):
        return False
    if len(words) > 14 or any(ch in stripped for ch in "\u201c\u201d\"") or stripped[0].islower() and \
            words[0] not in PERSON_NOUNS and words[0] not in PLURAL_WORDS and \
            not stripped.lower().startswith(("a ", "an ", "the ", "two ", "three ", "several ", "some ", "one ",
                                              "senior ", "other ", "union ", "people ", "many ")):
        return False
    lowered = [w.lower().strip(",.") for w in words]
    if any(w in PERSON_NOUNS for w in lowered):
        return True
    name = _name_part(stripped)
    return bool(name) and len(words) <= 8 and words[0] not in _STOP_CAPS


def source_kind(np: str, context: str = "") -> str:
    """named | unnamed | anonymous, from the speaker NP and its appositions."""
    if ANONYMITY.search(np) or ANONYMITY.search(context):
        return "anonymous"
    parts = np.split(",")
    return "named" if _name_part(parts[-1].strip()) or _name_part(parts[0].strip()) else "unnamed"


class Extractor:
    """Rule-based extraction over one article (state: speakers seen so far, for pronouns)."""

    def __init__(self, text: str):
        self.text = text
        self.paragraphs = paragraphs(text)
        self.quotes = quote_spans(text, self.paragraphs)
        self.sentences = sentences(text, self.paragraphs, self.quotes)
        self.names = _Names(text)
        self.speakers: list[Attribution] = []
        self.gender: dict[str, str] = {}

    # -- helpers --------------------------------------------------------
    def _quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(max(s, start), min(e, end)) for s, e in self.quotes if s < end and e > start]

    def _form(self, start: int, end: int) -> str:
        start, end = _strip_span(self.text, start, end, " \t\n,;:.")
        inner = self._quotes_in(start, end)
        if not inner:
            return "paraphrase"
        covered = sum(e - s for s, e in inner)
        if inner[0][0] <= start + 1 and covered >= 0.85 * (end - start):
            return "direct"
        return "partial"

    def _last_name_mention(self, before: int, after: int) -> str | None:
        """The last full name mentioned outside quotes in ``[after, before)``."""
        best, at = None, -1
        for last, full in self.names.by_last.items():
            for match in re.finditer(r"\b" + re.escape(last) + r"\b", self.text[after:before]):
                position = after + match.start()
                if position > at and not _inside(self.quotes, position):
                    best, at = full, position
        return best

    def _resolve(self, np: str, at: int = 0) -> tuple[str, str, str]:
        """(resolved speaker, source kind, number) of a speaker NP."""
        low = np.lower()
        if low in ("one of them", "one of those", "one of the two"):
            for previous in reversed(self.speakers):
                if previous.number == "plural":
                    return previous.resolved_speaker, previous.source_kind, "singular"
        definite = re.fullmatch(r"the\s+([\w-]+)", low)
        if definite and definite.group(1) in PERSON_NOUNS:
            for previous in reversed(self.speakers):
                heads = [w for w in re.findall(r"[\w-]+", previous.speaker.lower()) if w in PERSON_NOUNS]
                if previous.speaker.lower() not in PRONOUNS and previous.source_kind != "named" and heads and \
                        heads[0] == definite.group(1):
                    return previous.resolved_speaker, previous.source_kind, previous.number
        if low in PRONOUNS:
            want = PRONOUNS[low]
            if want == "singular":
                since = self.speakers[-1].sentence_span[1] if self.speakers else 0
                last_singular = next((p for p in reversed(self.speakers) if p.number == "singular"), None)
                if last_singular is None or last_singular.sentence_span[1] <= since:
                    mention = self._last_name_mention(at, since)
                    if mention and self.gender.get(mention, low) == low:
                        self.gender.setdefault(mention, low)
                        return mention, "named", "singular"
            for previous in reversed(self.speakers):
                if previous.number != want:
                    continue
                if want == "singular" and self.gender.get(previous.resolved_speaker, low) != low:
                    continue
                self.gender.setdefault(previous.resolved_speaker, low)
                return previous.resolved_speaker, previous.source_kind, want
            return np, "unnamed", want
        name = _name_part(np.split(",")[-1].strip()) or _name_part(np.split(",")[0].strip())
        if name:
            canonical = self.names.canonical(name)
            if re.match(r"(?:Mr|Sir|Lord)\.?\s", np):
                self.gender.setdefault(canonical, "he")
            elif re.match(r"(?:Mrs|Ms|Dame)\.?\s", np):
                self.gender.setdefault(canonical, "she")
            return canonical, "named", "singular"
        return np, "unnamed", _number(np)

    def _make(self, sentence: Sentence, speaker: tuple[int, int], verb: str, content: tuple[int, int],
              context: str = "", form: str | None = None) -> Attribution | None:
        s0, s1 = _strip_span(self.text, *speaker)
        np = self.text[s0:s1]
        if np.lower().startswith(("and ", "but ")):
            s0 += np.index(" ") + 1
            np = self.text[s0:s1]
        c0, c1 = _strip_span(self.text, *content, chars=" \t\n,;:")
        if c0 >= c1 or not plausible_speaker(np):
            return None
        resolved, kind, number = self._resolve(np, s0)
        if np.lower() not in PRONOUNS and (resolved == np or kind == "named"):
            kind = source_kind(np, context)
        attribution = Attribution(np, (s0, s1), resolved, verb, self.text[c0:c1], (c0, c1),
                                  form or self._form(c0, c1), kind, (sentence.start, sentence.end), number)
        self.speakers.append(attribution)
        return attribution

    def _subject(self, sentence: Sentence, verb_start: int) -> tuple[tuple[int, int], str] | None:
        """The subject NP before a verb (within its clause), appositions removed: (span, apposition text)."""
        start = sentence.start
        segment = self.text[start:verb_start]
        # the clause starts after the last quotation or clause break before the verb
        for s, e in self._quotes_in(start, verb_start):
            if e <= verb_start:
                start = max(start, e)
        for match in _CLAUSE_BREAK.finditer(self.text, start, verb_start):
            start = max(start, match.end())
        segment = self.text[start:verb_start]
        apposition = ""
        adverb = _ADVERBS.search(segment)
        while adverb and adverb.start() > 0:
            segment = segment[:adverb.start()]
            adverb = _ADVERBS.search(segment)
        trimmed = segment.rstrip()
        named_apposition = False
        if trimmed.endswith(","):  # "X, in a phone interview, said" / "the chair, Luis Vayas, conceded"
            body = trimmed[:-1]
            cut = body.rfind(",")
            if cut != -1:
                apposition = body[cut + 1:].strip()
                trimmed = body[:cut]
                name = _name_part(apposition)
                if name and len(name.split()) >= len(apposition.split()) - 1 and len(name.split()) <= 5:
                    named_apposition = True  # "Japan's chief negotiator, Hiroshi Tanaka," : the name is the speaker
            else:
                trimmed = body
        self.subject_context = (start, start + len(trimmed))
        if "," in trimmed:  # "Despite the departure ..., Mr. Abu Marzouk expressed"
            cut = trimmed.rfind(",") + 1
            start, trimmed = start + cut, trimmed[cut:]
        lead = len(trimmed) - len(trimmed.lstrip())
        opener = _LEADING.match(trimmed[lead:])
        if opener and trimmed[lead + opener.end():].strip():
            lead += opener.end()
        if lead == len(trimmed):
            return None
        end = start + len(trimmed.rstrip())
        if named_apposition:
            end = self.text.rfind(",", 0, verb_start)
            end = _strip_span(self.text, start + lead, end)[1]
        return (start + lead, end), apposition

    # -- patterns -------------------------------------------------------
    def _sentence(self, sentence: Sentence) -> list[Attribution]:
        text, start, end = self.text, sentence.start, sentence.end
        quotes = self._quotes_in(start, end)
        found: list[Attribution] = []

        match = _ACCORDING_RE.search(text, start, end)
        if match and not _inside(quotes, match.start()):
            np_end = end
            comma = text.find(",", match.end(), end)
            if comma != -1:
                np_end = comma
            tail = text[match.end():np_end]
            np = tail.rstrip(" .")
            before = (start, match.start())
            content = before if match.start() - start > 3 else (np_end, end)
            made = self._make(sentence, (match.end(), match.end() + len(np)), "according to", content, context=tail)
            return [made] if made else []

        match = _PASSIVE_RE.search(text, start, end)
        if match and not _inside(quotes, match.start()):
            rest_end = end
            who = _WHO_RE.search(text, match.end(), end)
            np_end = who.start() if who else (text.find(",", match.end(), end) if text.find(",", match.end(), end) != -1 else end)
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
            direct = re.match(r"\s*,?\s*((?:(?:[A-Z]\.)+|[^,.;\u201c\"])+?)\s+(?:also\s+|later\s+|then\s+)?(" + _VERB_RE.pattern[3:-3]
                              + r")\b", after)
            if inverted:
                np_start = q1 + inverted.start(2)
                np_text = inverted.group(2).rstrip()
                context = text[q1 + inverted.end(2):end]
                made = self._make(sentence, (np_start, np_start + len(np_text)), inverted.group(1), (q0, q1),
                                  context=context.split(".")[0], form="direct")
                if made:
                    return [made]
            if direct:
                np_start = q1 + direct.start(1)
                made = self._make(sentence, (np_start, q1 + direct.end(1)), direct.group(2), (q0, q1),
                                  context=text[q1 + direct.end(2):end].split(".")[0], form="direct")
                if made:
                    return [made]

        # SPEAKER VERB CONTENT (possibly several in one sentence), or CONTENT, VERB SPEAKER
        candidates = []
        for verb in _VERB_RE.finditer(text, start, end):
            if _inside(quotes, verb.start()) or _NOT_REPORTING.match(text, verb.end()) or \
                    verb.group(1).startswith("insist") and re.match(r"\s+on\b", text[verb.end():verb.end() + 4]):
                continue
            candidates.append(verb)
        pending: list[tuple[Attribution, re.Match]] = []
        for verb in candidates:
            subject = self._subject(sentence, verb.start())
            made = None
            if subject:
                (s0, s1), apposition = subject
                np = text[s0:s1]
                if plausible_speaker(np):
                    content_start, content_end = verb.end(), end
                    rest = text[verb.end():end]
                    after_that = re.match(r"\s*(?:[\w.]+\s+){0,3}?that\s+", rest)
                    to_quote = re.match(r"\s*(?:[\w.'\u2019]+\s*){0,3}?[,:]\s*(?=[\u201c\"])", rest)
                    lead = re.match(r"\s*(?:,\s*|:\s*)", rest)
                    if after_that:
                        content_start = verb.end() + after_that.end()
                    elif to_quote:
                        content_start = verb.end() + to_quote.end()
                    elif lead:
                        content_start = verb.end() + lead.end()
                    before = text[start:s0].rstrip()
                    if before.endswith(",") and len(re.findall(r"\w+", rest)) <= 4 and not to_quote:
                        # "CONTENT, people familiar with the matter said (on Friday)."
                        content_start, content_end = start, start + len(before) - 1
                    made = self._make(sentence, (s0, s1), verb.group(1), (content_start, content_end),
                                      context=apposition)
            if made is None:
                # CONTENT, VERB SPEAKER.  ("The offer is final, said one negotiator, who ...")
                before = text[start:verb.start()].rstrip()
                if before.endswith((",", "\u201d", '"')):
                    tail = re.match(r"\s+([^,.;]+)", text[verb.end():end])
                    if tail:
                        np_start = verb.end() + tail.start(1)
                        np_text = tail.group(1).rstrip()
                        made = self._make(sentence, (np_start, np_start + len(np_text)), verb.group(1),
                                          (start, verb.start()), context=text[np_start + len(np_text):end])
            if made:
                pending.append((made, verb))
        # content of each attribution ends where the next attribution's clause begins
        for (made, _), (following, _) in zip(pending, pending[1:]):
            if made.content_span[1] > following.speaker_span[0] > made.content_span[0]:
                c0, c1 = _strip_span(text, made.content_span[0], following.speaker_span[0], " \t\n,;:")
                c1_text = text[c0:c1]
                for joiner in (" while", " and", " but", " whereas"):
                    if c1_text.endswith(joiner):
                        c1 -= len(joiner)
                c0, c1 = _strip_span(text, c0, c1, " \t\n,;:")
                made.content_span, made.content = (c0, c1), text[c0:c1]
                made.form = self._form(c0, c1)
        found.extend(made for made, _ in pending)
        return found

    def run(self) -> list[Attribution]:
        result: list[Attribution] = []
        for sentence in self.sentences:
            result.extend(self._sentence(sentence))
        return result


def extract_attributions(text: str) -> list[Attribution]:
    """Every attributed statement of the article, in order."""
    return Extractor(text).run()
