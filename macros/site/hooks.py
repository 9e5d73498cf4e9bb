"""MkDocs hooks (mkdocs.yml `hooks:`): build steps that are not page macros.

Loaded by MkDocs from its file path, not as part of the package, hence the
absolute imports after making the project root importable.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from macros.check.paths import report_key_of_page
from macros.check.project import Project
from macros.format.national import DRAFT, WITHDRAWN  # noqa: E402
from macros.opendata.catalogue import DATA_DIR, report_file
from macros.opendata.export import build_exports
from macros.opendata.page import report_downloads  # noqa: E402
from macros.record.history import (  # noqa: E402
    CORRECTIONS_HEADING,
    first_published_files,
    first_published_key,
    first_published_markdown,
    first_published_uri,
    insert_after_title,
    is_preview,
    render_banner,
    render_corrections,
    render_first_published_banner,
)
from macros.record.lock import snapshot_paths  # noqa: E402
from macros.site.builddate import pin_build_date  # noqa: E402
from macros.site.env import take_checked_project  # noqa: E402
from macros.site.markup import join_cjk_lines  # noqa: E402

# The project as checked for this build (set in on_config from the macros
# plugin's check, which stops the build on any error before a page is rendered).
_BUILD: dict[str, Project] = {}


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_config(config):
    """Pin the build date (reproducible builds) and read the reports' records once."""
    root = _root(config)
    pin_build_date(root)
    _BUILD["project"] = take_checked_project(root)
    return config


def on_files(files, *, config):
    """Public build: drop drafts. Every published report: add the page of the report as first published."""
    project = _BUILD["project"]
    if not is_preview():
        for file in list(files):
            key = report_key_of_page(file.src_uri)
            report = project.reports.get(key) if key else None
            if report is not None and report.record.status == DRAFT:
                files.remove(file)
    for key, history in sorted(project.histories.items()):
        files.append(
            File.generated(
                config,
                first_published_uri(key),
                content=first_published_markdown(history),
                # Reached from the report's 更正记录, not from the menu.
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
        # The kept originals themselves, byte for byte, for anyone to compare.
        for uri, kept in zip(first_published_files(key), snapshot_paths(*key), strict=True):
            files.append(File.generated(config, uri, content=(_root(config) / kept).read_bytes()))
    _add_data_files(files, config, project)
    return files


def _add_data_files(files, config, project: Project) -> None:
    """The open data files, made from the checked data, under data/ (see export.py)."""
    if project.errors:
        # The macros plugin refuses the build; make nothing from bad data.
        return
    for relpath, content in build_exports(project).items():
        uri = f"{DATA_DIR}/{relpath}"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} 与自动生成的数据文件同名；请删除或改名，数据文件由构建生成。")
        files.append(File.generated(config, uri, content=content))


def on_page_markdown(markdown, *, page, config, files):
    """Tell the reader the report's status and dates; list its corrections at the end."""
    project = _BUILD["project"]
    first = first_published_key(page.file.src_uri)
    if first is not None and first in project.histories:
        return insert_after_title(markdown, render_first_published_banner(project.histories[first]))
    key = report_key_of_page(page.file.src_uri)
    report = project.reports.get(key) if key else None
    if key is None or report is None:
        return markdown
    history = project.histories.get(key)
    if report.record.status == WITHDRAWN:
        # Withdrawn: the page stays as a record but search does not offer it.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    markdown = insert_after_title(markdown, render_banner(report, history))
    if history is not None and f"## {CORRECTIONS_HEADING}" not in markdown:
        markdown = markdown.rstrip("\n") + "\n\n" + render_corrections(history)
    return _with_downloads(markdown, key, files)


def _with_downloads(markdown: str, key, files) -> str:
    """End a report page with links to its data files, when they were made (public reports only)."""
    if files.get_file_from_path(f"{DATA_DIR}/{report_file(key, 'csv')}") is None:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + report_downloads(key)


def _title_by_index(item, docs_dir: Path) -> bool:
    """Title a section that is not an organ's by its index page's front matter.

    Returns whether the item is such a section (the editors' guide, …).
    """
    index = next((c for c in getattr(item, "children", None) or [] if getattr(c, "file", None) and c.is_index), None)
    if index is None or report_key_of_page(index.file.src_uri):
        return False
    _, meta = get_data((docs_dir / index.file.src_uri).read_text(encoding="utf-8"))
    if meta.get("title"):
        item.title = str(meta["title"])
    return True


def _report_year(page) -> int:
    """The year of a page that is known to be a report's."""
    key = report_key_of_page(page.file.src_uri)
    assert key is not None
    return key[1]


def on_page_content(html, *, page, config, files):
    """No stray spaces where a Chinese paragraph was wrapped in the Markdown source."""
    return join_cjk_lines(html)


def on_nav(nav, *, config, files):
    """Title each organ's section by its short name, newest report first; help pages last."""
    help_sections = [item for item in nav.items if _title_by_index(item, Path(config.docs_dir))]
    # Readers come for the reports: the editors' pages follow them.
    nav.items = [item for item in nav.items if item not in help_sections] + help_sections
    organs = _BUILD["project"].organs
    for item in nav.items:
        pages = [c for c in getattr(item, "children", None) or [] if getattr(c, "file", None)]
        keys = [key for p in pages if (key := report_key_of_page(p.file.src_uri))]
        if pages and len(keys) == len(pages) and len({k[0] for k in keys}) == 1 and keys[0][0] in organs:
            item.title = organs[keys[0][0]].short
            item.children.sort(key=lambda c: -_report_year(c))
    return nav
