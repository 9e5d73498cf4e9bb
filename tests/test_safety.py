"""Public safety without MkDocs hooks: `python -m macros prepare`, its stamp, and the macros' own refusals.

A successor of Material reads mkdocs.yml and runs define_env but skips `hooks:`;
nothing a reader must not see, or must be told, may depend on them.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, indexed_pages, seed_values
from mkdocs.exceptions import PluginError

from macros.authoring.datafile import dump_report
from macros.check.findings import Refusal
from macros.check.paths import data_path, page_path
from macros.check.project import check_project
from macros.cli import main
from macros.format.national import Cell
from macros.site.env import define_env
from macros.site.prepare import PREPARED_DIR, STAMP, prepare, prepared_files, stamp_problem

DRAFT_KEY = ("zhanyi", 2025)
# Numbers and words found nowhere else in the project: if they reach the public site, a draft did.
DRAFT_NUMBERS = {Cell("proactive", "penalty", "decisions"): 97531, Cell("proactive", "licensing", "decisions"): 86420}
DRAFT_TEXT = "此句只在沾益区草稿中出现：青松翠柏映山红。"


def add_draft(root: Path) -> None:
    """A complete, valid draft with distinctive numbers and text, and an attachment in its folder."""
    data = root / data_path(*DRAFT_KEY)
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(dump_report({**seed_values(), **DRAFT_NUMBERS}), encoding="utf-8")
    page = root / page_path(*DRAFT_KEY)
    page.parent.mkdir(parents=True, exist_ok=True)
    text = (root / page_path("xiping", 2024)).read_text(encoding="utf-8")
    page.write_text(text.replace("## 二、", f"{DRAFT_TEXT}\n\n## 二、", 1), encoding="utf-8")
    attachment = root / "docs" / DRAFT_KEY[0] / str(DRAFT_KEY[1]) / "note.txt"
    attachment.parent.mkdir(parents=True)
    attachment.write_text(DRAFT_TEXT, encoding="utf-8")


def without_hooks(root: Path) -> Path:
    """mkdocs.yml as a tool that skips `hooks:` reads it."""
    config = root / "mkdocs.yml"
    text, removed = re.subn(r"^hooks:\n(?:  - .*\n)+", "", config.read_text(encoding="utf-8"), flags=re.M)
    assert removed == 1 and "hooks" not in re.sub(r"#.*", "", text)
    config.write_text(text, encoding="utf-8")
    return config


def site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text: gzip (the search index's files too) and zip (Excel) opened,
    JSON with its escapes undone, without the zero-width spaces the search index puts between Chinese words."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        content = path.read_bytes()
        if content[:2] == b"\x1f\x8b":  # gzip, whatever the file is named (Pagefind's .pf_* files)
            content = gzip.decompress(content).removeprefix(b"pagefind_dcd")
        if zipfile.is_zipfile(io.BytesIO(content)):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                content = b"".join(archive.read(name) for name in archive.namelist())
        text = content.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        out[path.relative_to(site).as_posix()] = text.replace("\u200b", "")
    return out


def leaks(site: Path) -> list[str]:
    needles = [DRAFT_TEXT, *(str(n) for n in DRAFT_NUMBERS.values())]
    return [f"{name}: {needle}" for name, text in site_texts(site).items() for needle in needles if needle in text]


def test_a_build_without_hooks_publishes_no_draft(project_copy: Path, tmp_path: Path):
    """Assert that with `hooks:` removed no draft number or text reaches any public file, the published report,
    its first version and its data files are all there, and the preview still shows the draft as 草稿."""
    add_draft(project_copy)
    config = without_hooks(project_copy)
    public = tmp_path / "public"
    result = build_site(project_copy, public, config=config)
    assert result.returncode == 0, result.stderr
    assert leaks(public) == []
    assert not (public / "zhanyi").exists()
    texts = site_texts(public)
    assert "287" in texts["xiping/2024/index.html"] and "全年主动公开政府信息共" in "".join(
        t for name, t in texts.items() if name.startswith("pagefind/fragment/")
    )
    # Never corrected, the report is its own first version: its kept originals are there.
    kept = {f"xiping/2024/first-published/xiping-2024-{name}" for name in ("data.yaml", "text.md.txt")}
    assert kept <= set(texts)
    for name in ("reports/xiping-2024.csv", "reports/xiping-2024.xlsx", "all-reports.csv", "datapackage.json"):
        assert f"data/{name}" in texts, name
    article = BeautifulSoup(texts["xiping/2024/index.html"], "html.parser").find("article")
    assert article.select_one(".nb-record") and article.select_one(".nb-downloads")
    # The same needles are found where the draft may be: the test can see a leak.
    preview = tmp_path / "preview"
    result = build_site(project_copy, preview, preview=True, config=config)
    assert result.returncode == 0, result.stderr
    found = leaks(preview)
    assert any(f.startswith("pagefind/fragment/") and f.endswith(DRAFT_TEXT) for f in found), found
    assert "zhanyi/2025/index.html: 97531" in found
    draft = BeautifulSoup((preview / "zhanyi/2025/index.html").read_text(encoding="utf-8"), "html.parser")
    assert draft.select_one("article div.admonition.warning .admonition-title").get_text() == "草稿"


def test_a_build_without_hooks_shows_a_withdrawal(project_copy: Path, tmp_path: Path):
    """Assert that without hooks a withdrawn report keeps its 已撤回 banner and is left out of search."""
    args = ["--root", str(project_copy), "withdraw", "xiping", "2024", "--date", "2025-06-01"]
    assert main([*args, "--reason", "误将未经审核的版本发布{{ 1 + 1 }}。"]) == 0
    site = tmp_path / "site"
    result = build_site(project_copy, site, config=without_hooks(project_copy))
    assert result.returncode == 0, result.stderr
    banner = BeautifulSoup((site / "xiping/2024/index.html").read_text(encoding="utf-8"), "html.parser").select_one(
        "article div.admonition.danger"
    )
    assert banner.select_one(".admonition-title").get_text() == "本报告已撤回"
    # The reason is the editor's text, shown as typed, never run as a template.
    assert "误将未经审核的版本发布{{ 1 + 1 }}。" in banner.get_text()
    assert not any(url.startswith("xiping/2024/") for url in indexed_pages(site))
    assert not (site / "data/reports/xiping-2024.csv").exists()


def test_a_draft_page_put_into_the_tree_stops_the_public_build(project_copy: Path, tmp_path: Path):
    """Assert that table() and the other macros refuse a draft outside a preview, whatever put its page there."""
    add_draft(project_copy)
    prepare(project_copy, preview=False)
    target = project_copy / PREPARED_DIR / "zhanyi/2025.md"
    target.parent.mkdir()
    shutil.copy(project_copy / page_path(*DRAFT_KEY), target)
    site = tmp_path / "site"
    result = build_site(project_copy, site, prepare=False, config=without_hooks(project_copy))
    assert result.returncode != 0
    assert f"{data_path(*DRAFT_KEY)} 是草稿，草稿只出现在预览中" in result.stderr
    assert not (site / "zhanyi").exists()


def test_a_public_build_refuses_a_preview_tree(project_copy: Path, tmp_path: Path):
    """Assert that a tree prepared for the preview (drafts in it) cannot be built as the public site."""
    add_draft(project_copy)
    prepare(project_copy, preview=True)
    site = tmp_path / "site"
    result = build_site(project_copy, site, prepare=False, config=without_hooks(project_copy))
    assert result.returncode != 0
    assert "站点源文件是按预览版（含草稿）准备的" in result.stderr and "python -m macros prepare" in result.stderr
    assert not (site / "zhanyi").exists()


def _define(root: Path) -> None:
    env = SimpleNamespace(
        conf={"docs_dir": str(root / PREPARED_DIR)},
        config={"render_by_default": True, "on_error_fail": True},
        project_dir=str(root),
    )
    define_env(env)


def test_define_env_refuses_without_prepare(project_copy: Path, monkeypatch):
    """Assert that the macros refuse a tree prepare did not make: none, a copy of docs/, or one made for a preview."""
    monkeypatch.delenv("NIANBAO_PREVIEW", raising=False)
    with pytest.raises(
        PluginError, match=r"不是 python -m macros prepare 准备的站点源文件；请先运行 python -m macros prepare"
    ):
        _define(project_copy)
    shutil.copytree(project_copy / "docs", project_copy / PREPARED_DIR)
    with pytest.raises(PluginError, match="请先运行 python -m macros prepare，再构建"):
        _define(project_copy)
    (project_copy / PREPARED_DIR / STAMP).write_text("[]\n", encoding="utf-8")
    with pytest.raises(PluginError, match="不是 python -m macros prepare 准备的站点源文件"):
        _define(project_copy)
    prepare(project_copy, preview=True)
    with pytest.raises(PluginError, match="按预览版（含草稿）准备的，本次构建的是公开版"):
        _define(project_copy)
    monkeypatch.setenv("NIANBAO_PREVIEW", "1")
    prepare(project_copy, preview=False)
    with pytest.raises(PluginError, match="请先运行 python -m macros prepare --preview"):
        _define(project_copy)


@pytest.mark.parametrize("changed", ["data/organs.yaml", "docs/index.md", "macros/site/tables.py"])
def test_define_env_refuses_a_stale_tree(project_copy: Path, monkeypatch, changed: str):
    """Assert that any change to data/, docs/ or macros/ after prepare makes the macros refuse the tree."""
    monkeypatch.delenv("NIANBAO_PREVIEW", raising=False)
    prepare(project_copy, preview=False)
    path = project_copy / changed
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(PluginError, match="又有改动；请重新运行 python -m macros prepare"):
        _define(project_copy)


def test_the_public_tree_has_no_draft_file(project_copy: Path):
    """Assert that the public tree holds neither a draft's page nor its folder, and the preview tree holds both."""
    add_draft(project_copy)
    project = check_project(project_copy)
    assert project.errors == []
    public, preview = prepared_files(project, preview=False), prepared_files(project, preview=True)
    assert not [uri for uri in public if uri.startswith("zhanyi/")]
    assert {"zhanyi/2025.md", "zhanyi/2025/note.txt"} <= set(preview)
    assert "草稿" in preview["zhanyi/2025.md"].decode("utf-8")
    assert "xiping/2024/first-published/xiping-2024-data.yaml" in public and "data/datapackage.json" in public


def test_a_failed_prepare_leaves_no_tree_to_build(project_copy: Path, capsys):
    """Assert that prepare refuses data with errors, naming them, and removes the stamp of the tree before."""
    assert main(["--root", str(project_copy), "prepare"]) == 0
    assert (project_copy / PREPARED_DIR / STAMP).is_file()
    path = project_copy / data_path("xiping", 2024)
    path.write_text(path.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   ~"), encoding="utf-8")
    assert main(["--root", str(project_copy), "prepare"]) == 1
    out, err = capsys.readouterr()
    assert f"{data_path('xiping', 2024)}:16: [blank]" in out
    assert "\n未准备站点源文件：数据检查未通过，站点不予构建（" in err
    assert not (project_copy / PREPARED_DIR / STAMP).exists()


def test_a_docs_file_in_the_place_of_a_generated_one_is_refused(project_copy: Path):
    """Assert that a file of docs/ where prepare writes a generated file is an error, not silently replaced."""
    (project_copy / "docs/data").mkdir()
    (project_copy / "docs/data/organs.csv").write_text("手写的名录\n", encoding="utf-8")
    with pytest.raises(Refusal, match="docs/data/organs.csv 与自动生成的文件同名"):
        prepare(project_copy, preview=False)


def test_prepare_leaves_unchanged_files_alone_and_removes_the_rest(project_copy: Path):
    """Assert that a second prepare rewrites no unchanged file (`mkdocs serve` watches them) and drops stale ones."""
    prepare(project_copy, preview=False)
    tree = project_copy / PREPARED_DIR
    kept = [tree / "xiping/2024.md", tree / STAMP]
    before = [path.stat().st_mtime_ns for path in kept]
    (tree / "stale.md").write_text("# 旧页面\n", encoding="utf-8")
    prepare(project_copy, preview=False)
    assert [path.stat().st_mtime_ns for path in kept] == before
    assert not (tree / "stale.md").exists()


def _hooks(name: str):
    """The hooks module, loaded from its file as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "macros/site/hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mkdocs_serve_prepares_before_each_rebuild(project_copy: Path, monkeypatch):
    """Assert that under `mkdocs serve` the hook makes the tree again (an error page on errors), but not in a build."""
    monkeypatch.setenv("NIANBAO_PREVIEW", "1")
    config = SimpleNamespace(config_file_path=str(project_copy / "mkdocs.yml"))
    hooks = _hooks("nianbao_hooks_build")
    hooks.on_startup(command="build", dirty=False)
    hooks.on_config(config)
    assert not (project_copy / PREPARED_DIR).exists()
    hooks = _hooks("nianbao_hooks_serve")
    hooks.on_startup(command="serve", dirty=False)
    hooks.on_config(config)
    assert json.loads((project_copy / PREPARED_DIR / STAMP).read_text(encoding="utf-8"))["mode"] == "preview"
    path = project_copy / data_path("xiping", 2024)
    path.write_text(path.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   ~"), encoding="utf-8")
    # Not a failed rebuild (the server would appear stuck): one page listing the errors.
    hooks.on_config(config)
    tree = project_copy / PREPARED_DIR
    assert json.loads((tree / STAMP).read_text(encoding="utf-8"))["mode"] == "broken"
    assert "[blank]" not in (tree / "index.md").read_text(encoding="utf-8")
    assert "blank" in (tree / "index.md").read_text(encoding="utf-8")
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.md")) == ["index.md"]
    # No build takes that tree for a site, in either mode.
    for preview in (False, True):
        assert stamp_problem(tree, project_copy, preview)
    path.write_text(path.read_text(encoding="utf-8").replace("penalty:   ~", "penalty:   287"), encoding="utf-8")
    hooks.on_config(config)
    assert json.loads((tree / STAMP).read_text(encoding="utf-8"))["mode"] == "preview"
