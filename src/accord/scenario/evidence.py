"""Matching evidence quotes against their source text.

Quotes are compared after collapsing runs of whitespace to one space and
unifying typographic quotes and apostrophes with their straight forms, so a
quote typed on a plain keyboard still matches a typeset article.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse whitespace and unify quote marks.

    >>> normalise("needs to be \u201cpermanent  and\\nfixed.\u201d")
    'needs to be "permanent and fixed."'
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def quote_occurs(quote: str, source_text: str) -> bool:
    """Whether ``quote`` occurs in ``source_text`` (after :func:`normalise`)."""
    return normalise(quote) in normalise(source_text)
