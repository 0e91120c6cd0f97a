"""Build hooks of the documentation site (mkdocs.yml, ``hooks:``).

The pages hold doctests written as bare ``>>>`` paragraphs (pytest runs them
with ``--doctest-glob=*.md``). As Markdown they are ordinary text, so
``x["a"]["b"]`` reads as a reference link and the prompts lose their line
breaks. Each run of doctest lines outside a fenced block is shown as a
``pycon`` code block instead; the page's text is not changed. The
docstrings the API reference shows get the same treatment
(``DoctestFences``, a griffe extension named in mkdocs.yml).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_FENCE = re.compile(r"^\s*(```|~~~)")


def doctests_as_code(markdown: str) -> str:
    """``markdown`` with every bare doctest (a ``>>>`` line up to the next blank line) fenced as ``pycon``."""
    out: list[str] = []
    fence: str | None = None
    in_doctest = False
    for line in markdown.split("\n"):
        if in_doctest and not line.strip():
            out += ["```", line]
            in_doctest = False
            continue
        if not in_doctest:
            match = _FENCE.match(line)
            if match:
                marker = match.group(1)
                fence = None if fence == marker else (fence or marker)
            elif fence is None and line.startswith(">>> "):
                out.append("```pycon")
                in_doctest = True
        out.append(line)
    if in_doctest:
        out.append("```")
    return "\n".join(out)


def on_page_markdown(markdown: str, **_: object) -> str:
    return doctests_as_code(markdown)


class DoctestFences(griffe.Extension):
    """Fence the bare doctests of every docstring, as ``on_page_markdown`` does for the pages."""

    def on_object(self, *, obj: Any, **_: Any) -> None:
        if obj.docstring is not None and ">>> " in obj.docstring.value:
            obj.docstring.value = doctests_as_code(obj.docstring.value)
