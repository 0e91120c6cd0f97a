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
                    "```console\n$ accord validate sub/bad.yaml  # exit 1\nerror: ...\n...\n```\n", encoding="utf-8")
    (sample,) = docs_samples.check_page(page, tmp_path)
    assert sample.ok, sample.actual
    assert sample.actual[0].startswith("error: sub/bad.yaml")


BAD = "accord: 1\nissues:\n  A: {options: [yes]}\nactors:\n  X: {role: party}\n"


def test_the_exit_status_is_checked_and_rewritten(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"<!-- sample-file: bad.yaml -->\n```yaml\n{BAD}```\n\n"
                    "```console\n$ accord validate bad.yaml\nerror: bad.yaml:3: ...\n...\n```\n", encoding="utf-8")
    (sample,) = docs_samples.check_page(page, tmp_path)
    assert docs_samples.matches(sample.expected, sample.actual) and sample.actual_status == 1
    assert not sample.ok and sample.diff().endswith("exit status: documented 0, got 1")
    assert docs_samples.rewrite(page, [sample])
    assert "$ accord validate bad.yaml  # exit 1\nerror: bad.yaml:3:" in page.read_text(encoding="utf-8")
    (again,) = docs_samples.check_page(page, tmp_path)
    assert (again.command, again.status, again.ok) == ("accord validate bad.yaml", 1, True)


def test_a_sample_copy_puts_repository_files_in_the_folder_from_where_it_is_written(tmp_path):
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "data" / "bad.yaml").write_text(BAD, encoding="utf-8")
    page = root / "page.md"
    page.write_text("```console\n$ accord validate data/bad.yaml  # exit 1\nerror: data/bad.yaml: no such file\n```\n\n"
                    "<!-- sample-copy: data/bad.yaml -->\n"
                    "```console\n$ accord validate data/bad.yaml  # exit 1\nerror: data/bad.yaml:3: ...\n...\n```\n",
                    encoding="utf-8")
    before, after = docs_samples.check_page(page, root)
    assert before.ok, before.diff()
    assert after.ok, after.diff()


@pytest.mark.parametrize("path", ["../secret.txt", "/etc/hostname", "data/../../x"])
def test_a_sample_copy_takes_only_paths_inside_the_repository(tmp_path, path):
    page = tmp_path / "page.md"
    page.write_text(f"Intro.\n<!-- sample-copy: {path} -->\n```console\n$ accord --help\n...\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"page\.md:2: sample-copy takes paths inside the repository"):
        docs_samples.parse(page)


def test_a_sample_copy_of_a_missing_file_fails_before_anything_runs(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- sample-copy: tests/data/none.csv -->\n```console\n$ accord --help\n...\n```\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="sample-copy: tests/data/none.csv is not in"):
        docs_samples.check_page(page, tmp_path)


def test_an_indented_sample_is_read_and_rewritten_with_its_indent_and_continuation_lines(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("1. Add it:\n\n    ```console\n    $ accord track add a.yaml \\\n        --db t.db\n    old\n"
                    "    ```\n\n2. Next.\n", encoding="utf-8")
    (block,), _ = docs_samples.parse(page)
    (sample,) = block.samples
    assert (sample.command, sample.expected, sample.status) == ("accord track add a.yaml --db t.db", ["old"], 0)
    sample.actual, sample.actual_status = ["stored", "", "done"], 2
    assert docs_samples.rewrite(page, [sample])
    assert page.read_text(encoding="utf-8") == ("1. Add it:\n\n    ```console\n    $ accord track add a.yaml \\\n"
                                                "        --db t.db  # exit 2\n    stored\n\n    done\n"
                                                "    ```\n\n2. Next.\n")
