"""Segmenting a news article: paragraphs, headings, bylines, quotations, sentences.

Every span is a pair of character offsets ``(start, end)`` into the text as
given (``text[start:end]``). Standard library only and deterministic.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

OPENING = "\u201c\u201e"          # “ „
CLOSING = "\u201d\u201f"          # ” ‟
STRAIGHT = '"'

_FINAL = tuple(".!?:;\"\u201d\u2019')]")
_BYLINE = re.compile(r"^(?:by|from)\s+[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+)*(?:\s*(?:,|and)\s+.*)?$"
                     r"|^(?:updated|published|posted|last updated)\b", re.IGNORECASE)
# a wire dateline: "OSLO (AP) - ", "GENEVA, March 3 - ", or a date alone: "Nov. 19, 2008 - "
_DATELINE = re.compile(r"(?:[A-Z][A-Z .'\u2019-]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}(?:\s+\d{1,2})?)?"
                       r"|(?:[A-Z][A-Z .'\u2019-]{1,40},\s*)?[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4})\s*"
                       r"(?:\((?:Reuters|AP|AFP|Bloomberg|dpa)\))?\s*[-\u2013\u2014]+\s+")
_BOUNDARY = re.compile(r"[.!?]+[\"\u201d\u2019')\]]*(?=\s+[\"\u201c\u2018'(\[]{0,2}[A-Z0-9])")
# after a quotation closed by "?" or "!", a reporting clause led by a name or a noun phrase ("Why now?" Ann Lee
# said. / "No!" The minister told reporters.): the question or exclamation ends the quotation, not the sentence
_REPORTING_AFTER = re.compile(r"\s+[A-Z][\w.'\u2019-]*[ \t]+(?:(?:[A-Z][\w.'\u2019-]*|(?!(?:after|before|when|while|as|"
                              r"that|and|but|if|because|since|then|who|which|in|on|at|to|with|by)\b)[a-z][a-z-]*"
                              r"(?<!ed))[ \t]+){0,4}(?:[a-z]+ly[ \t]+)?(?:said|says|added|adds|told|tells|replied|"
                              r"replies|wrote|writes|insisted|insists|declared|declares|explained|explains|noted|notes|"
                              r"argued|argues|warned|warns|stated|states|continued|continues|recalled|recalls|exclaimed|"
                              r"shouted)\b")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col", "capt", "prof", "inc",
    "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "messrs", "mt", "ft", "rev", "hon", "adm", "sgt", "cmdr", "est", "approx", "dept", "univ",
}


def trie_pattern(words: list[str]) -> str:
    """An alternation of ``words`` factorised by prefix (a trie), so that the engine tries each character
    once per position instead of once per word; longer words before their prefixes (leftmost-longest)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def folded(text: str) -> str | None:
    """``text`` in lower case when that keeps every offset (each character lower-cases to one character), else
    None (a dotted capital I lower-cases to two). An article's is kept for the passes over its sentences."""
    if len(text) < 256:
        return _folded(text)
    return _folded_article(text)


def _folded(text: str) -> str | None:
    lower = text.lower()
    return lower if len(lower) == len(text) else None


_folded_article = lru_cache(maxsize=2)(_folded)


def mentions(text: str, word: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the lower-case ``word`` occurs in ``text[start:end]`` in any case: a necessary condition for a
    case-insensitive pattern that needs the word, checked before running it (True when the text does not
    lower-case offset for offset, so that the pattern is then run)."""
    lower = folded(text)
    return lower is None or lower.find(word, start, len(text) if end is None else end) >= 0


class FoldedPattern:
    """A case-insensitive pattern whose words are written in lower case, run as a case-sensitive one over the
    lower-cased text: the engine then compares characters directly instead of folding each one, about twice as
    fast on long alternations. Offsets are the text's; ``match.group()`` is in lower case, so the words as written
    are ``text[match.start():match.end()]``. A text that does not lower-case offset for offset is searched with
    the case-insensitive pattern.

    >>> pattern = FoldedPattern(r"\\bcease-?fire\\b")
    >>> [(m.start(), m.end()) for m in pattern.finditer("A Ceasefire, then a cease-fire.")]
    [(2, 11), (20, 30)]
    """

    def __init__(self, pattern: str):
        if any(c.isupper() for c in re.sub(r"\\.", "", pattern)):
            raise ValueError(f"pattern={pattern[:40]!r}...: its words must be written in lower case")
        self.pattern = pattern
        self._exact = re.compile(pattern)
        self._ignore = re.compile(pattern, re.IGNORECASE)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        lower = folded(text)
        end = len(text) if endpos is None else endpos
        return self._exact.finditer(lower, pos, end) if lower is not None else self._ignore.finditer(text, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        lower = folded(text)
        end = len(text) if endpos is None else endpos
        return self._exact.search(lower, pos, end) if lower is not None else self._ignore.search(text, pos, end)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


# a post quoted after its author's handle ("@kimlee: Talks resume today #trade"): body text, never a heading
POST_LINE = re.compile(r"@\w{1,30}:[ \t]+\S")


def is_heading(line: str) -> bool:
    """A heading: a short line without final punctuation (or a byline / timestamp line); a post quoted after a
    handle is none."""
    stripped = line.strip()
    if not stripped or POST_LINE.match(stripped):
        return False
    if _BYLINE.match(stripped) and len(stripped) <= 120:
        return True
    return len(stripped) <= 120 and len(stripped.split()) <= 16 and not stripped.endswith(_FINAL)


def _quoted_title(line: str) -> bool:
    """A short line ending with a quoted word and no stop before the mark ("Envoy Warns Talks Could Go Back to
    'Zero'"): a title, though its last character is a closing mark."""
    return len(line) <= 120 and len(line.split()) <= 16 and line.endswith(("'", "\u2019", '"', "\u201d")) and \
        not line.rstrip("'\u2019\"\u201d").endswith((".", "!", "?", ",", ":", ";"))


def _title_case(line: str) -> bool:
    """Most words of four letters or more capitalised ("EU Trade Talks Resume"), as in headings."""
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 1 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _wrapped(line: str, following: str) -> bool:
    """Whether a short line without final punctuation that opens a paragraph is the start of a hard-wrapped
    sentence, not a heading: the next line of its block is body text and it is not title case (a heading is), not
    a byline, or it opens a quotation it does not close."""
    following = following.strip()
    if not following or is_heading(following) or _BYLINE.match(line):
        return False
    marks = sum(line.count(q) for q in OPENING + CLOSING + STRAIGHT)
    return marks % 2 == 1 or not _title_case(line) and len(line.split()) >= 3


def _continued(line: str, following: str) -> bool:
    """Whether a short line without final punctuation is continued by the next line of its block: the next line
    opens in lowercase ("WASHINGTON - Officials announced" then "yesterday the two nations ..."), and the line is
    not title case, a byline or a list item (a heading is followed by a sentence of its own)."""
    following = following.strip()
    return bool(following) and following[0].islower() and not _BYLINE.match(following) and \
        not _BYLINE.match(line) and not _title_case(line) and len(line.split()) >= 3


def paragraphs(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_heading)`` of each paragraph.

    Blank lines separate paragraphs; inside a block, a heading-like line stands
    alone and consecutive body lines are joined (hard-wrapped text).
    """
    result: list[tuple[int, int, bool]] = []
    current: list[int] | None = None  # [start, end] of the body lines being joined
    lines = list(re.finditer(r"[^\n]*(?:\n|$)", text))
    for number, match in enumerate(lines):
        line_start, raw = match.start(), match.group()
        if not raw and match.start() == len(text) and match.start() > 0:
            break
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            if current:
                result.append((current[0], current[1], False))
                current = None
            continue
        lead = len(line) - len(line.lstrip())
        start, end = line_start + lead, line_start + len(line.rstrip())
        if not result and current is None and _quoted_title(stripped) and \
                (number + 1 >= len(lines) or not lines[number + 1].group().strip()):
            # the first line is the title by convention, also when it ends with a quoted word ("... to 'Zero'")
            result.append((start, end, True))
            continue
        following = lines[number + 1].group() if number + 1 < len(lines) else ""
        if is_heading(line) and current is None and number > 0 and (
                not lines[number - 1].group().strip() and _wrapped(stripped, following) or
                _continued(stripped, following)):
            # a paragraph whose sentence is hard-wrapped after a few words: "Ann Lee said former\nenvoy ..."
            current = [start, end]
            continue
        if is_heading(line) and (current is None or _title_case(stripped) and text[current[1] - 1] in ".!?\"\u201d"):
            # a title-case heading right under a body line that ends a sentence ("... next week.\nEU Trade Talks")
            # stands alone instead of leaking into the next sentence
            if current is not None:
                result.append((current[0], current[1], False))
                current = None
            result.append((start, end, True))
            continue
        if current is None:
            current = [start, end]
        else:
            current[1] = end
    if current:
        result.append((current[0], current[1], False))
    return result


def quote_spans(text: str, paras: list[tuple[int, int, bool]] | None = None) -> list[tuple[int, int]]:
    """Spans of double-quoted passages, marks included: ``text[s] `` is the opening mark, ``text[e-1]`` the closing one.

    Typographic marks open and close; straight marks toggle. A quote still
    open at the end of a paragraph continues when the next paragraph opens
    with a quote mark (the news convention for quotes that span paragraphs);
    otherwise it ends with its paragraph. Single quotes (nested quotes,
    apostrophes) never open a top-level quote; two apostrophes close one
    (the typewriter convention, ``"quoted''``).
    """
    paras = [p for p in (paras if paras is not None else paragraphs(text)) if not p[2]]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for index, (start, end, _) in enumerate(paras):
        position = start
        if open_at is not None:
            if text[start] in OPENING + STRAIGHT:
                position = start + 1  # the continuation mark of a quote spanning paragraphs
            else:
                spans.append((open_at, paras[index - 1][1]))
                open_at = None
        skip = -1
        for k in range(position, end):
            char = text[k]
            if k == skip:
                continue
            if open_at is None:
                if char == STRAIGHT and _orphan_close(text, k, end):
                    # the quotation whose opening mark is missing runs from its sentence's start
                    lo = max(start, spans[-1][1] if spans else start)
                    stop = None
                    for stop in _STOP.finditer(text, lo, k):
                        pass
                    spans.append((stop.end() if stop else lo, k + 1))
                elif char in OPENING or char == STRAIGHT:
                    open_at = k
            elif char in CLOSING or char == STRAIGHT:
                spans.append((open_at, k + 1))
                open_at = None
            elif char == "'" and k + 1 < end and text[k + 1] == "'":
                # two apostrophes as the closing mark (the typewriter convention: "common but different'')
                spans.append((open_at, k + 2))
                open_at, skip = None, k + 1
        if open_at is not None and (index + 1 == len(paras) or text[paras[index + 1][0]] not in OPENING + STRAIGHT):
            spans.append((open_at, end))
            open_at = None
    return spans


_STOP = re.compile(r"[.!?][\"\u201d\u2019')\]]*\s+(?=[A-Z0-9])")


def _orphan_close(text: str, k: int, end: int) -> bool:
    """A straight mark right after a comma or a stop and followed by a space (or the paragraph's end) closes a
    quotation whose opening mark the publisher left out (``We are close," the spokesman said``): it opens none."""
    return k > 0 and text[k - 1] in ",.?!" and (k + 1 >= end or text[k + 1].isspace())


def _dateline_end(text: str, start: int, end: int) -> int:
    match = _DATELINE.match(text, start, end)
    return match.end() if match else start


def sentences(text: str, paras: list[tuple[int, int, bool]] | None = None,
              quotes: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences of the body (headings and bylines skipped), never broken inside a quotation."""
    paras = paras if paras is not None else paragraphs(text)
    quotes = quotes if quotes is not None else quote_spans(text, paras)
    pieces: list[list[int]] = []
    q = 0
    for number, (start, end, heading) in enumerate(paras):
        if heading:
            continue
        start = _dateline_end(text, start, end)
        cut = start
        for match in _BOUNDARY.finditer(text, start, end):
            at = match.end()
            while q < len(quotes) and quotes[q][1] <= at:
                q += 1
            if any(s < at < e for s, e in quotes[max(0, q - 2):q + 2]):
                continue
            if text[at - 1] in "\"\u201d" and text[match.start()] in "?!" and _REPORTING_AFTER.match(text, at, end):
                continue  # "Why now?" Ann Lee said.
            dot = match.start()
            # the word before the stop, looked for in the last 40 characters only: a run of abbreviations
            # ("A.B. A.B. ...") never moves ``cut``, and searching from it made the pass quadratic
            word = re.search(r"([A-Za-z.]+)$", text[max(cut, dot - 40):dot])
            if text[dot] == "." and word:
                token = word.group(1)
                if token.lower().strip(".") in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", token):
                    continue
                if re.fullmatch(r"[A-Z]", token) and re.search(r"[A-Z][a-z]+\s$", text[max(cut, dot - 40):dot - 1]):
                    continue  # a middle initial between names: "Robert M. Gates", "Gen. David H. Petraeus"
            pieces.append([cut, at, number])
            cut = at
            while cut < end and text[cut].isspace():
                cut += 1
        if cut < end:
            pieces.append([cut, end, number])
    # "She said:" followed by a paragraph that opens with a quotation: one unit
    joined: list[list[int]] = []
    for piece in pieces:
        if joined and text[joined[-1][0]:joined[-1][1]].rstrip().endswith(":") and text[piece[0]] in OPENING + STRAIGHT:
            joined[-1][1] = piece[1]
        else:
            joined.append(piece)
    pieces = joined
    # a quotation that crosses a boundary (a quote spanning paragraphs) joins the pieces it touches
    # (quotes are sorted and do not overlap: only the last one opening before a piece can reach into it)
    merged: list[list[int]] = []
    for piece in pieces:
        k = bisect_left(quotes, (piece[0], -1)) - 1
        if merged and k >= 0 and quotes[k][0] < merged[-1][1] and quotes[k][1] > piece[0]:
            merged[-1][1] = piece[1]
        else:
            merged.append(piece)
    return [Sentence(s, e, text[s:e], p) for s, e, p in merged]
