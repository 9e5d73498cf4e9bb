"""Incremental builds (`make serve` runs `mkdocs build --dirty` on each change) never show a stale page.

A page's Markdown in the prepared tree names what its macros read (prepare.with_render_inputs):
an edited data file changes its report's page and no other report's, so a dirty build renders
exactly that page again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import build_site, edit, unpublish

from macros.check.project import check_project
from macros.site.prepare import CHECKED, PREPARED_DIR, prepare, prepared_files, prepared_findings

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


def test_the_build_takes_the_findings_of_todays_prepare_only(project_copy: Path):
    """Assert that prepare records its findings for these inputs and today, and that no other record is used."""
    unpublish(project_copy)
    edit(project_copy, "docs/xiping/2024.md", "## 五、", "待填写\n\n## 五、")  # a page finding, not a data one
    project = prepare(project_copy, preview=True)
    docs = project_copy / PREPARED_DIR
    assert prepared_findings(docs) == project.findings
    assert any(f.file == "docs/xiping/2024.md" and not f.advisory for f in project.findings)
    # Without the text checks the page's finding is not found again: the record is what carries it.
    assert not any(f.file == "docs/xiping/2024.md" for f in check_project(project_copy, texts=False).findings)
    record = json.loads((docs / CHECKED).read_text(encoding="utf-8"))
    for change in ({"date": "2000-01-01"}, {"inputs": "0" * 64}, {"findings": [{"file": 1}]}):
        (docs / CHECKED).write_text(json.dumps({**record, **change}), encoding="utf-8")
        assert prepared_findings(docs) is None, change
