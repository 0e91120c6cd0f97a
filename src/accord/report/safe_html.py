"""Putting scenario data into an HTML page safely: escaping, inline scripts and the page's Content Security Policy.

Every page accord writes (the briefing, the timeline page, the tournament page) is one self-contained
file whose text comes in part from the user: issue names and units, option labels, actor names, variant
names, quotes, source titles, assumptions, the scenario's title. Three rules keep that text inert:

- In HTML text or an attribute value, a value goes through :func:`escape` (``&``, ``<``, ``>``, ``"``
  and ``'`` as character references).
- In an inline ``<script>``, a value goes through :func:`script_json`: JSON in which ``<``, ``>``, ``&``,
  U+2028 and U+2029 are written as ``\\u003c``, ``\\u003e``, ``\\u0026``, ``\\u2028`` and ``\\u2029``.
  The script's text then never contains ``</script``, ``<!--`` or ``<script`` (which end or confuse the
  HTML parser's script state), nor a raw line separator; the JavaScript engine reads the escapes back as
  the same characters, so the data is unchanged (a JSON parser reads the text as the same value too).
- The page states its own Content Security Policy in a ``<meta http-equiv>`` element
  (:func:`content_security_policy`): scripts run only if their text hashes to one of the SHA-256 digests
  computed when the page is written (CSP Level 2 hash sources), so a script or an event-handler attribute
  (``onerror=``) that slipped into the page anyway, or a ``javascript:`` link, does not run. Nothing is
  loaded from anywhere (``default-src 'none'``); styles may be inline (plotly sets them as it draws);
  images only from ``data:`` and ``blob:`` URLs (plotly's own).

Reference: W3C, Content Security Policy Level 3, sections 2.3.1 (hash-source) and 8.3 (the ``<meta>``
delivery); HTML Living Standard, 4.12.1.3 (restrictions for contents of script elements).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable
from typing import Any

# characters that must not appear raw inside an inline script: the HTML parser acts on "<" (</script>, <!--),
# ">" and "&" are escaped for symmetry with the HTML context, U+2028/U+2029 end a line in older JavaScript
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
_META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

# the directives every page carries besides its script hashes
_POLICY = ("default-src 'none'", "style-src 'unsafe-inline'", "img-src data: blob:", "font-src data:",
           "object-src 'none'", "base-uri 'none'", "form-action 'none'")


def escape(value: Any) -> str:
    """``value`` as text for HTML content or a quoted attribute value (``&<>"'`` as character references)."""
    return html.escape(str(value), quote=True)


def script_json(value: Any) -> str:
    """``value`` as a JavaScript literal for an inline ``<script>``: JSON with ``<>&``, U+2028, U+2029 escaped.

    The result parses as JSON and as JavaScript to the same value, and contains none of those five
    characters, so it cannot close the script element or start an HTML comment in it, whatever strings
    ``value`` holds. Non-finite floats come out as ``NaN``/``Infinity`` (JavaScript, as plotly expects).

    >>> print(script_json({"name": "</script><b>&"}))
    {"name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def script_hash(source: str) -> str:
    """The CSP hash source of an inline script's text: ``'sha256-BASE64'`` of its UTF-8 bytes."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: Iterable[str]) -> str:
    """The policy of a page whose inline scripts are ``scripts`` (their exact texts): only those may run.

    Without scripts, ``script-src 'none'``. No ``'unsafe-inline'`` and no ``'unsafe-eval'`` for scripts.
    """
    hashes = sorted({script_hash(s) for s in scripts})
    return "; ".join([_POLICY[0], f"script-src {' '.join(hashes) if hashes else chr(39) + 'none' + chr(39)}",
                      *_POLICY[1:]])


def policy_of(page: str) -> str | None:
    """The Content Security Policy a page written by :func:`document` states (None if it states none)."""
    found = _META_RE.search(page[:4096])
    return html.unescape(found.group(1)) if found else None


def script_element(source: str) -> str:
    """An inline ``<script>`` element of ``source``; refuses a text that would end the element early."""
    if re.search(r"</script|<!--", source, re.IGNORECASE):
        raise ValueError("an inline script must not contain '</script' or '<!--'")
    return f"<script>{source}</script>"


def document(title: str, style: str, body: str, scripts: Iterable[str] = ()) -> str:
    """A complete self-contained HTML page: ``title`` (plain text, escaped here), ``style`` (CSS), ``body``
    (HTML already escaped by the caller), then ``scripts`` (inline script texts, run in order), with a
    Content Security Policy that lets exactly those scripts run."""
    scripts = list(scripts)
    policy = content_security_policy(scripts)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
            f"<title>{escape(title)}</title><style>{style}</style></head><body>{body}"
            + "".join(script_element(s) for s in scripts) + "</body></html>")


__all__ = ["content_security_policy", "document", "escape", "policy_of", "script_element", "script_hash",
           "script_json"]
