"""Every command sample of the README and the docs prints what it shows (accord.docs_samples)."""

from pathlib import Path

import pytest

from accord import docs_samples

ROOT = Path(__file__).resolve().parents[1]
PAGES = [page for page in docs_samples.pages(ROOT) if docs_samples.parse(page)[0]]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_command_samples_print_what_they_show(page):
    samples = docs_samples.check_page(page, ROOT)
    bad = [f"{page.relative_to(ROOT)}:{s.line}: $ {s.command}\n{s.diff()}" for s in samples if not s.ok]
    assert not bad, "run python -m accord.docs_samples --write, then re-elide:\n" + "\n\n".join(bad)
