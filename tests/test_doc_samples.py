"""Every command sample of the README and the docs prints what it shows (accord.docs_samples)."""

from pathlib import Path

import pytest

from accord import docs_samples

ROOT = Path(__file__).resolve().parents[1]
PAGES = [page for page in docs_samples.pages(ROOT) if docs_samples.parse(page)[0]]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_command_samples_print_what_they_show(page):
    samples = docs_samples.check_page(page, ROOT)
    bad = [f"{page.relative_to(ROOT)}:{s.line}: $ {s.command}\n{s.diff()}" for s in samples if not s.ok]
    assert not bad, "run python -m accord.docs_samples --write, then re-elide:\n" + "\n\n".join(bad)


def test_the_readme_and_the_tutorial_have_samples():
    names = {str(page.relative_to(ROOT)) for page in PAGES}
    assert {"README.md", "docs/tutorial/news-to-briefing.md"} <= names


def test_a_sample_missing_a_row_fails_and_is_rewritten(tmp_path):
    printed = ["│ (base)         │ 0/48 │", "│ talks-resume   │ 0/48 │", "│ phased         │ 2/48 │"]
    page = tmp_path / "page.md"
    page.write_text("Intro.\n\n```console\n$ accord compare\n" + printed[0] + "\n" + printed[2] + "\n```\n",
                    encoding="utf-8")
    blocks, files = docs_samples.parse(page)
    (sample,) = blocks[0].samples
    assert (sample.command, sample.line, files) == ("accord compare", 4, [])
    sample.actual = printed
    assert not sample.ok and "+│ talks-resume" in sample.diff()
    assert docs_samples.rewrite(page, [sample])
    assert docs_samples.parse(page)[0][0].samples[0].expected == printed


def test_placeholders_stand_for_lines_and_text_only_where_written():
    assert docs_samples.matches(["a", "...", "z"], ["a", "z"])
    assert docs_samples.matches(["took ... s", "done"], ["took 1.5 s", "done"])
    assert not docs_samples.matches(["took ... s"], ["took 1.5 s", "done"])
    assert not docs_samples.matches(["a", "b"], ["a", "b", "c"])
    assert docs_samples.matches(["a   ", "", "b"], ["", "a", "", "b  ", ""])  # trailing spaces, blank ends


def test_a_sample_file_is_written_before_the_commands_after_it(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- sample-file: sub/bad.yaml -->\n```yaml\naccord: 1\n```\n\n"
                    "```console\n$ accord validate sub/bad.yaml\nerror: ...\n...\n```\n", encoding="utf-8")
    (sample,) = docs_samples.check_page(page, tmp_path)
    assert sample.ok, sample.actual
    assert sample.actual[0].startswith("error: sub/bad.yaml")
