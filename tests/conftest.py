"""Shared fixtures: the project root, a disposable copy of it, a real build."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from macros.check.load import Organ, Report, load_organs, load_report
from macros.check.paths import report_key_of_page
from macros.check.project import check_project
from macros.format.national import DRAFT, TABLES, YEARS_SLUG, Cell, cells
from macros.opendata.catalogue import DATA_DIR
from macros.opendata.export import build_exports
from macros.record.lock import LOCK_FILE, dump_lock, read_lock, snapshot_paths
from macros.site.search import SEARCH_DIR
from macros.site.tables import render_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# What a copy of the project needs to build on its own.
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides")


def seed_values() -> dict[Cell, int | Decimal]:
    """The numbers of the 西平街道 2024 seed report: 行政处罚 287, all else 0."""
    values: dict[Cell, int | Decimal] = {c: (Decimal(0) if c.column == "amount" else 0) for c in cells()}
    values[Cell("proactive", "penalty", "decisions")] = 287
    return values


# A fictional report whose every cell holds a different number (tests/fixtures/distinct/):
# a report file and page laid out as in a project, and its organ's registry entry.
DISTINCT = FIXTURES / "distinct"
DISTINCT_KEY = ("hechuan", 2024)
DISTINCT_DATA = "data/reports/hechuan/2024.yaml"
DISTINCT_PAGE = "docs/hechuan/2024.md"
# Pairs of cells the format's arithmetic forces to hold the same number in the
# distinct report. None: every rule is a sum with free parts (see its data file).
DISTINCT_FORCED_EQUALITIES: tuple[tuple[Cell, Cell], ...] = ()


def distinct_organ() -> Organ:
    """The fictional organ of the distinct report: a 设区的市 government."""
    organs, findings = load_organs("organ.yaml", (DISTINCT / "organ.yaml").read_text(encoding="utf-8"))
    assert not findings, findings
    return organs[DISTINCT_KEY[0]]


def distinct_report() -> Report:
    """The distinct report as the loader reads it (refusing any shape problem)."""
    text = (DISTINCT / DISTINCT_DATA).read_text(encoding="utf-8")
    report, findings = load_report(DISTINCT_DATA, text, *DISTINCT_KEY)
    assert not findings, findings
    return report


def add_distinct_report(root: Path) -> None:
    """Put the distinct report (a draft), its page and its organ into the project at `root`."""
    for path in (DISTINCT_DATA, DISTINCT_PAGE):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DISTINCT / path, root / path)
    organs = root / "data" / "organs.yaml"
    entry = (DISTINCT / "organ.yaml").read_text(encoding="utf-8")
    organs.write_text(organs.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + entry, encoding="utf-8")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project in tmp_path, safe to break."""
    return copy_project(tmp_path / "project")


def build_site(
    root: Path,
    site_dir: Path,
    *extra: str,
    preview: bool = False,
    env: dict[str, str] | None = None,
    prepare: bool = True,
    config: Path | None = None,
    index: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m macros prepare` (same mode), a real `mkdocs build --strict`, then
    `python -m macros search-index`, as `make build` does.

    The public site unless `preview`; `prepare=False` runs MkDocs alone; `config` is another mkdocs.yml;
    `index=False` leaves the search index out.
    Returns the failed step, or the build; `stderr` holds all prepare printed (its findings too), then MkDocs' log.
    """
    env = {**os.environ, **(env or {}), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("NIANBAO_PREVIEW", None)
    if preview:
        env["NIANBAO_PREVIEW"] = "1"

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", *command], cwd=root, capture_output=True, text=True, env=env, timeout=300
        )

    prepared = None
    if prepare:
        prepared = run("macros", "--root", str(root), "prepare", *(["--preview"] if preview else []))
        # Its findings are on stdout (the CLI's contract): shown with its log, as a terminal shows them.
        prepared.stderr, prepared.stdout = prepared.stdout + prepared.stderr, ""
        if prepared.returncode != 0:
            return prepared
    config = config or root / "mkdocs.yml"
    built = run("mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir), *extra)
    if index and built.returncode == 0:
        indexed = run("macros", "--root", str(root), "search-index", str(site_dir))
        built.returncode, built.stderr = indexed.returncode, built.stderr + indexed.stdout + indexed.stderr
    if prepared is not None:
        built.stdout, built.stderr = prepared.stdout + built.stdout, prepared.stderr + built.stderr
    return built


def indexed_pages(site: Path, bundle: str = SEARCH_DIR) -> dict[str, dict]:
    """The pages in a bundle of the site's search index (Pagefind's fragments), by address relative to the site:
    'xiping/2024/'. The first bundle unless `bundle` names another part's ('pagefind/parts/1/')."""
    pages = {}
    for fragment in sorted((site / bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment  # Pagefind's signature of a decompressed file
        page = json.loads(data[len(b"pagefind_dcd") :])
        pages[page["url"].lstrip("/")] = page
    return pages


def indexed_text(page: dict) -> str:
    """A page's indexed text, without the zero-width spaces Pagefind puts between Chinese words."""
    return page["content"].replace("\u200b", "")


# `NIANBAO_SITE_DIR=site make test` runs the tests on a site already built (CI
# tests the very site/ it then deploys) instead of building one of its own.
SITE_DIR_ENV = "NIANBAO_SITE_DIR"


def built_page(source: str) -> str:
    """Where the build writes the page of a docs/ source: 'a/b.md' → 'a/b/index.html'."""
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def site_problems(site: Path, root: Path = ROOT) -> list[str]:
    """Why `site` is not the public build of the project at `root`; empty if it is.

    The build of this tree has a page for every page source, no draft (a preview
    build has them), no report page of another tree, each report's tables as
    this tree renders them, and open data files equal, byte for byte, to those
    made from this tree's data (they are reproducible).
    """
    if not (site / "index.html").is_file():
        return [f"{site} 不是构建好的站点（没有 index.html）；请先运行 make build。"]
    project = check_project(root)
    if project.errors:
        return [f"{root} 的数据检查未通过，不能构建站点；请先运行 make check。"]
    problems = []
    sources = sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md"))
    for source in sources:
        key = report_key_of_page(source)
        draft = key in project.reports and project.reports[key].record.status == DRAFT
        page = built_page(source)
        if draft and (site / page).exists():
            problems.append(f"{page}：草稿出现在站点中，这是含草稿的预览版（make preview），不是公开版（make build）。")
        elif not draft and not (site / page).is_file():
            problems.append(f"缺少页面 {page}（来自 docs/{source}）。")
        elif key in project.reports and not draft:
            html = (site / page).read_text(encoding="utf-8")
            for table in TABLES:
                if render_table(table.number, project.reports[key]) not in html:
                    problems.append(f"{page}：表{table.number}与本目录树的数据和代码渲染的不一致。")
    expected = {built_page(s) for s in sources}
    for page in sorted(site.glob("*/[0-9][0-9][0-9][0-9]/index.html")):
        rel = page.relative_to(site).as_posix()
        # niandu/<year>/ is a year's overview page, not a report.
        if rel not in expected and not rel.startswith(f"{YEARS_SLUG}/"):
            problems.append(f"{rel}：本目录树中没有这份报告，站点是用别的数据构建的。")
    for relpath, content in build_exports(project).items():
        file = site / DATA_DIR / relpath
        if not file.is_file() or file.read_bytes() != content:
            problems.append(f"{DATA_DIR}/{relpath} 与本目录树的数据生成的文件不一致，站点是用别的数据构建的。")
    return problems


def given_site(value: str, root: Path = ROOT) -> Path:
    """The built site named by NIANBAO_SITE_DIR (relative to the project root), refused unless it is this tree's."""
    site = Path(value)
    site = site if site.is_absolute() else root / site
    if not site.is_dir():
        pytest.fail(
            f"{SITE_DIR_ENV}={value}：找不到文件夹 {site}；请先运行 make build，或不设 {SITE_DIR_ENV}。", pytrace=False
        )
    problems = site_problems(site, root)
    if problems:
        pytest.fail(
            f"{SITE_DIR_ENV}={value}：{site} 不是本目录树的公开版构建，测试不能用它：\n"
            + "\n".join(f"  - {p}" for p in problems)
            + f"\n请重新运行 make build，或不设 {SITE_DIR_ENV}（测试自行构建）。",
            pytrace=False,
        )
    return site


def session_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site the session's tests look at: the one named by NIANBAO_SITE_DIR, or a fresh build.

    A given site is used only once shown to be this tree's public build (see
    site_problems): the tests then judge the very files that will be deployed.
    """
    if value := os.environ.get(SITE_DIR_ENV):
        return given_site(value)
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real public site, once per test session; the browser tests serve it too.

    A given site is what CI then deploys: the session must leave it as it found it.
    """
    site = session_site(tmp_path_factory)
    before = file_digests(site) if os.environ.get(SITE_DIR_ENV) else None
    yield site
    if before is not None:
        after = file_digests(site)
        changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
        assert not changed, f"the tests changed the site in {SITE_DIR_ENV}, which would be deployed so: {changed}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden HTML files under tests/golden/ from the current renderer",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def edit(root: Path, path: str, old: str, new: str) -> int:
    """Replace text in a file of the project; return the 1-based line of the replacement."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def unpublish(root: Path, organ: str = "xiping", year: int = 2024) -> None:
    """Turn a report of a project copy back into a draft never published.

    For tests of other rules, which edit the bundled report freely: a published
    report would (rightly) add silent-edit findings to every such edit.
    """
    lock, _ = read_lock(root)
    del lock[(organ, year)]
    (root / LOCK_FILE).write_text(dump_lock(lock), encoding="utf-8")
    for path in snapshot_paths(organ, year):
        (root / path).unlink()
    data = root / f"data/reports/{organ}/{year}.yaml"
    text = re.sub(r"^status: .*\npublished: .*$", "status: 草稿", data.read_text(encoding="utf-8"), flags=re.M)
    data.write_text(text, encoding="utf-8")


def record_correction(root: Path, organ: str = "xiping", year: int = 2024, reason: str = "测试用更正。") -> int:
    """Record the edits made to a published report as a correction, as `python -m macros correct` does."""
    from macros.cli import main

    return main(["--root", str(root), "correct", organ, str(year), "--date", "2025-03-01", "--reason", reason])


def copy_project(root: Path) -> Path:
    """A copy of the project at `root` (made), safe to break."""
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, root / part)
    return root


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The overview tests' region (tests/overview_fixture.py): organs of four levels and two years.

    Not to be changed by a test: shared by the session. Its pages are made as of
    overview_fixture.AS_OF (set SOURCE_DATE_EPOCH to AS_OF_EPOCH).
    """
    from overview_fixture import make_region

    root = copy_project(tmp_path_factory.mktemp("region") / "project")
    make_region(root)
    return root


@pytest.fixture(scope="session")
def region_site(region: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The region's public site, built for real once per session."""
    from overview_fixture import AS_OF_EPOCH

    site = tmp_path_factory.mktemp("region-site")
    result = build_site(region, site, env={"SOURCE_DATE_EPOCH": AS_OF_EPOCH})
    assert result.returncode == 0, result.stderr
    return site
