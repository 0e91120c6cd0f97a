"""The briefing as PDF: the HTML briefing printed by headless Chromium (one briefing, two renderings).

The page :func:`accord.report.briefing` writes is opened from a temporary file in a Chromium started by
Playwright (the ``pdf`` extra) from the system's binary, ``/usr/bin/chromium`` or ``$ACCORD_CHROMIUM``;
nothing is downloaded. Steps:

1. Check before any work (:func:`check`): Playwright and plotly importable (else :class:`MissingExtra`
   naming ``accord[pdf]``, exit 4), a Chromium binary at hand (else :class:`MissingProgram`, exit 1).
   Without them no PDF is written: there is no fallback rendering.
2. Start Chromium headless with ``--no-sandbox --disable-gpu`` and the flags that keep it off the network
   (:data:`ARGS`: no background networking, component updates, sync or QUIC, and a proxy that refuses every
   connection); every request the page makes other than ``file:``, ``data:`` and ``blob:`` is aborted.
3. Open the page at the printed width (:data:`PRINT_WIDTH_PX`, an A4 page less its margins) so that plotly
   lays the charts out for the paper, wait until every figure has drawn its SVG, and open every
   ``<details>`` (collapsed tables are printed in full).
4. Print with the page's print style sheet (``@media print`` in the briefing: A4, tables and figures kept
   whole with ``break-inside: avoid``, headings kept with what follows): the charts stay SVG, so the PDF
   holds them as vectors (plotly's heatmap cells are an image inside the SVG).

The caller writes the bytes (the CLI atomically, like every output file).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import tempfile
from pathlib import Path

from ..errors import AccordError, MissingProgram, require

CHROMIUM_ENV = "ACCORD_CHROMIUM"
CHROMIUM_DEFAULT = "/usr/bin/chromium"
INSTALL_CHROMIUM = "apt-get install chromium"
ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-domain-reliability", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")
PAGE_MARGIN_MM = 14
PRINT_WIDTH_PX = round((210 - 2 * PAGE_MARGIN_MM) / 25.4 * 96)  # A4 less the margins, at CSS's 96 px per inch
TIMEOUT_MS = 60_000
_FIGURES_DRAWN = ("n => [...document.querySelectorAll('div.figure')]"
                  ".filter(d => d.querySelector('svg.main-svg')).length === n")


def chromium_path() -> str:
    """The Chromium binary to print with: ``$ACCORD_CHROMIUM`` or ``/usr/bin/chromium``; :class:`MissingProgram`
    when it is not an executable file."""
    path = os.environ.get(CHROMIUM_ENV) or CHROMIUM_DEFAULT
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise MissingProgram("Chromium", path, f"PDF output prints the briefing with Chromium: {INSTALL_CHROMIUM} "
                                               f"(or set {CHROMIUM_ENV} to its binary) and pip install 'accord[pdf]'")
    return path


def check() -> str:
    """Everything PDF output needs, checked before any work: Playwright and plotly (the ``pdf`` extra,
    :class:`~accord.errors.MissingExtra` otherwise), then Chromium (:func:`chromium_path`). Returns the
    binary's path."""
    also = f"and Chromium: {INSTALL_CHROMIUM}"
    require("playwright.sync_api", "pdf", "PDF output", also)
    require("plotly.offline", "pdf", "PDF output", also)
    return chromium_path()


def print_pdf(page: str, *, chromium: str | None = None, timeout_ms: int = TIMEOUT_MS) -> bytes:
    """``page`` (a self-contained HTML document, e.g. the briefing) printed to PDF by headless Chromium.

    An :class:`~accord.errors.AccordError` (exit 1) when Chromium cannot be started or the page's figures do
    not draw within ``timeout_ms``: never a PDF with figures missing.
    """
    binary = chromium or check()
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no event loop in this thread: Playwright's synchronous API can run here
        return _print(page, binary, timeout_ms)
    # an event loop runs in this thread (a notebook, or a caller already driving Playwright), where the
    # synchronous API refuses to start: print from a thread of its own
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="accord-pdf") as pool:
        return pool.submit(_print, page, binary, timeout_ms).result()


def _print(page: str, binary: str, timeout_ms: int) -> bytes:
    sync_api = require("playwright.sync_api", "pdf", "PDF output", f"and Chromium: {INSTALL_CHROMIUM}")
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as folder:
        source = Path(folder) / "briefing.html"
        source.write_text(page, encoding="utf-8")
        with sync_api.sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=binary, headless=True, args=list(ARGS))
            except Exception as exc:  # a broken binary or one Playwright cannot drive
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise AccordError(f"Chromium at {binary} could not be started to print the PDF: {reason}") from None
            try:
                context = browser.new_context(viewport={"width": PRINT_WIDTH_PX, "height": 1100},
                                              java_script_enabled=True, offline=True)
                context.set_default_timeout(timeout_ms)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                    ("file:", "data:", "blob:")) else route.abort())
                tab = context.new_page()
                tab.goto(source.as_uri(), wait_until="load")
                count = tab.locator("div.figure").count()
                try:
                    tab.wait_for_function(_FIGURES_DRAWN, arg=count, timeout=timeout_ms)
                except sync_api.TimeoutError:
                    raise AccordError(f"the briefing's figures did not draw within {timeout_ms / 1000:g} s: "
                                      "no PDF written") from None
                tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
                return tab.pdf(format="A4", print_background=True, prefer_css_page_size=True, outline=True,
                               tagged=True)
            finally:
                browser.close()


__all__ = ["ARGS", "CHROMIUM_DEFAULT", "CHROMIUM_ENV", "PRINT_WIDTH_PX", "chromium_path", "check", "print_pdf"]
