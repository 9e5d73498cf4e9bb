"""Incremental builds (`make serve` runs `mkdocs build --dirty` on each change) never show a stale page.

A page's Markdown in the prepared tree names what its macros read (prepare.with_render_inputs):
an edited data file changes its report's page and no other report's, so a dirty build renders
exactly that page again.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import build_site, edit, unpublish

from macros.check import memo
from macros.check.project import check_project, check_source
from macros.site import prepare as prepare_module
from macros.site.prepare import CHECKED, PREPARED_DIR, prepare, prepared_files, prepared_project
from macros.store.signed import seal, signing_key, unseal

DATA = "data/reports/xiping/2024.yaml"


def _cells(site: Path) -> list[str]:
    soup = BeautifulSoup((site / "xiping/2024/index.html").read_text(encoding="utf-8"), "html.parser")
    return [td.get_text(strip=True) for td in soup.select("table.nb-table td")]


def test_a_data_edit_changes_only_its_report_page_in_the_tree(project_copy: Path):
    """Assert that editing a report's data changes that report's prepared page, not the page of another one."""
    unpublish(project_copy)
    other = project_copy / "docs/zhanyi/2024.md"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_text((project_copy / "docs/xiping/2024.md").read_text(encoding="utf-8"), encoding="utf-8")
    (project_copy / "data/reports/zhanyi").mkdir(parents=True, exist_ok=True)
    (project_copy / "data/reports/zhanyi/2024.yaml").write_bytes((project_copy / DATA).read_bytes())
    before = prepared_files(check_project(project_copy), preview=True)
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    after = prepared_files(check_project(project_copy), preview=True)
    assert before["xiping/2024.md"] != after["xiping/2024.md"]
    assert before["zhanyi/2024.md"] == after["zhanyi/2024.md"]
    # The pages whose macros may show any report follow every edit.
    assert before["index.md"] != after["index.md"]
    # The overview pages call no macro: one whose text is the same is the same file, so a dirty build skips it.
    overview = [uri for uri in before if uri.startswith("niandu/") or uri.endswith("/index.md")]
    same_text = [uri for uri in overview if _text(before[uri]) == _text(after[uri])]
    assert same_text and all(before[uri] == after[uri] for uri in same_text)


def _text(page: bytes) -> bytes:
    return page.split("{# 渲染依据".encode())[0]


def test_a_dirty_build_after_a_data_edit_shows_the_new_number(project_copy: Path, tmp_path: Path):
    """Assert that after a data edit a `--dirty` preview build shows the new number, not the page built before."""
    unpublish(project_copy)
    site = tmp_path / "site"
    first = build_site(project_copy, site, preview=True)
    assert first.returncode == 0, first.stderr
    assert "287" in _cells(site) and "288" not in _cells(site)
    # MkDocs compares modification times: make sure the edit is seen as newer than the built page.
    past = time.time() - 60
    for page in site.rglob("*.html"):
        os.utime(page, (past, past))
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    second = build_site(project_copy, site, "--dirty", preview=True)
    assert second.returncode == 0, second.stderr
    assert "288" in _cells(site) and "287" not in _cells(site)


def test_the_build_takes_the_project_of_todays_prepare_only(project_copy: Path, tmp_path: Path, monkeypatch):
    """Assert that prepare leaves its checked project for the build: for these inputs, today, this machine only."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    unpublish(project_copy)
    edit(project_copy, "docs/xiping/2024.md", "## 五、", "待填写\n\n## 五、")  # a page finding, not a data one
    project = prepare(project_copy, preview=True)
    docs = project_copy / PREPARED_DIR
    prepare_module._IN_PROCESS.clear()  # as in another process: the sealed record
    kept = prepared_project(docs, project_copy)
    assert kept is not None and kept is not project
    assert kept.findings == project.findings and kept.reports == project.reports
    assert any(f.file == "docs/xiping/2024.md" and not f.advisory for f in kept.findings)
    sealed = (docs / CHECKED).read_bytes()
    # Another day, other inputs: not used.
    record = pickle.loads(unseal(sealed, signing_key()))
    for change in ({"date": "2000-01-01"}, {"inputs": "0" * 64}):
        (docs / CHECKED).write_bytes(seal(pickle.dumps({**record, **change}), signing_key()))
        assert prepared_project(docs, project_copy) is None, change
    # Another machine's record (another key), or one planted without a seal, is never read.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    (docs / CHECKED).write_bytes(sealed)
    assert prepared_project(docs, project_copy) is None
    ran = tmp_path / "ran"
    (docs / CHECKED).write_bytes(pickle.dumps(_Planted(str(ran))) + b"\0" * 32)
    assert prepared_project(docs, project_copy) is None and not ran.exists()


def test_a_build_in_the_process_that_prepared_takes_its_project_from_memory(project_copy: Path):
    """Assert that `mkdocs serve` (prepare, then the build, in one process) needs no sealed record, and a
    tree made since by another process is not taken for the one in memory."""
    docs = project_copy / PREPARED_DIR
    project = prepare(project_copy, preview=True, record=False)
    assert not (docs / CHECKED).exists()
    assert prepared_project(docs, project_copy) is project
    assert prepared_project(project_copy / "elsewhere", project_copy) is None
    held = dict(prepare_module._IN_PROCESS)
    other = prepare(project_copy, preview=False)  # the public tree now (another stamp), with its record
    prepare_module._IN_PROCESS.update(held)  # as if made by another process: this one holds the preview's
    kept = prepared_project(docs, project_copy)
    assert kept is not None and kept is not project and kept.drafts == other.drafts


class _Planted:
    """A pickle that runs code when loaded: what a record planted by a pull request could be."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_kept_check_results_are_those_of_a_fresh_check_and_follow_every_edit(project_copy: Path, tmp_path, monkeypatch):
    """Assert that a check from kept results finds what a fresh one does, and an edit's finding is not hidden."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    unpublish(project_copy)
    fresh = check_project(project_copy, keep=False).findings
    check_project(project_copy)  # keeps its results
    memo.forget_in_process()
    assert (project_copy / memo.MEMO_FILE).is_file()
    warm = check_project(project_copy)  # from the kept file
    assert warm.findings == fresh
    edit(project_copy, "docs/xiping/2024.md", "## 五、", "待填写\n\n## 五、")
    edit(project_copy, DATA, "penalty:   287", "penalty:   -1")
    edited = check_project(project_copy)  # from the process's results, two files changed
    assert edited.findings == check_project(project_copy, keep=False).findings
    assert {f.file for f in edited.errors} >= {"docs/xiping/2024.md", DATA}
    # A file of results not sealed on this machine is not used: the findings are made again.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    memo.forget_in_process()
    kept = memo.Memo(project_copy)
    assert kept.kept == {}


def test_a_page_checked_under_two_names_has_each_ones_findings(tmp_path: Path, monkeypatch):
    """Assert that kept template results (by text) name the file they are for: a first copy is not its page."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    kept = memo.Memo(tmp_path)
    broken = '# 标题\n\n{{ table("五") }}\n'
    for path in ("docs/a/2024.md", "data/published/a/2024.md"):
        found = check_source(path, broken, True, kept)
        assert found and found == check_source(path, broken, True) and {f.file for f in found} == {path}
    clean = '# 标题\n\n{{ table("二") }}\n'
    assert check_source("docs/a/2024.md", clean, True, kept) == [] == check_source("docs/b/2024.md", clean, True, kept)
    assert kept.misses == 3  # the clean text was checked once, under its first name


def test_a_theme_template_edit_renders_every_page_again(project_copy: Path):
    """Assert that editing a template of overrides/ (or mkdocs.yml) changes every page of the tree: none stays stale."""
    before = prepared_files(check_project(project_copy), preview=False)
    main = project_copy / "overrides/main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# 改动 #}\n", encoding="utf-8")
    after = prepared_files(check_project(project_copy), preview=False)
    pages = [uri for uri in before if uri.endswith(".md")]
    assert pages and all(before[uri] != after[uri] for uri in pages)
