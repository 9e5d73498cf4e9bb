"""What may lie under data/ and docs/: ordinary files only, and no page in a report's place.

MkDocs copies every file under docs/ into the site and follows symbolic links:
a link there would publish any file of the machine that builds (``/etc/hostname``,
``/proc/self/environ``). Under data/ a link would let a report's numbers come
from outside the repository. Both are refused, as are devices and pipes.

A page whose address is a report page's (``docs/<organ>/<year>/index.md`` beside
``docs/<organ>/<year>.md``), or that of a page or file the build generates for
a report (its first publication) or an overview (an organ's page, the year
pages under niandu/), would silently replace it or break the build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from macros.check.catalogue import FILE_TYPE, SHADOW_PAGE
from macros.check.findings import Finding
from macros.check.paths import DOCS_DIR, ReportKey
from macros.check.reader import file_kind
from macros.format.national import YEARS_SLUG
from macros.overview.urls import organ_page
from macros.record.history import first_published_files, first_published_uri

WALKED = ("data", DOCS_DIR)
# MkDocs takes README.md as a folder's index page, like index.md.
_INDEX_NAMES = ("index.md", "README.md")


def site_address(src: str) -> str:
    """Where MkDocs puts a file of docs/ in the site (use_directory_urls, its default)."""
    if not src.endswith(".md"):
        return src
    folder, _, name = src.rpartition("/")
    if name in _INDEX_NAMES:
        return f"{folder}/index.html" if folder else "index.html"
    return f"{src[:-3]}/index.html"


def walk(root: Path, top: str) -> tuple[list[str], list[Finding]]:
    """The ordinary files under `top` (relative to root), and a finding for anything else met.

    Links are never followed, so a link to a folder is reported, not entered.
    The file types come from the directory listing itself: no stat per file.
    """
    files: list[str] = []
    findings: list[Finding] = []
    base = os.path.join(root, top)
    if os.path.islink(base):
        findings.append(FILE_TYPE.finding(top, 1, f"{top}/ 是符号链接（快捷方式）；它必须是项目中的普通文件夹。"))
        return files, findings
    folders = [(base, top)]
    while folders:
        folder, rel_folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, rel))
                    continue
                if entry.is_file(follow_symlinks=False):
                    files.append(rel)
                    continue
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            findings.append(
                FILE_TYPE.finding(
                    rel,
                    1,
                    f"{top}/ 中不能有{file_kind(mode)}：构建会把它指向的内容当作项目文件"
                    "（符号链接可能把本机的任何文件发布到网站上）。请删除它，或换成文件本身。",
                )
            )
    return sorted(files), findings


def generated_addresses(keys: Iterable[ReportKey]) -> dict[str, str]:
    """Site address → what the build puts there, for every report's page and first publication."""
    made: dict[str, str] = {}
    for organ, year in keys:
        made[site_address(f"{organ}/{year}.md")] = f"报告页面「{DOCS_DIR}/{organ}/{year}.md」"
        made[site_address(first_published_uri((organ, year)))] = "构建生成的首次发布版本页面"
        for uri in first_published_files((organ, year)):
            made[uri] = "构建生成的首次发布原始文件"
        made[site_address(organ_page(organ))] = "构建生成的机关页面（历年报告与主要数字）"
    return made


def check_tree(root: Path, keys: Iterable[ReportKey]) -> tuple[list[Finding], list[str]]:
    """Findings for every link, device or pipe under data/ and docs/, and every page in a report's place.

    Also returns the ordinary files under docs/: the pages the other checks may read.
    """
    findings: list[Finding] = []
    pages: list[str] = []
    for top in WALKED:
        files, found = walk(root, top)
        findings += found
        if top == DOCS_DIR:
            pages = files
    keys = sorted(set(keys))
    made = generated_addresses(keys)
    own = {f"{DOCS_DIR}/{organ}/{year}.md" for organ, year in keys}
    seen: dict[str, str] = {}
    for rel in pages:
        src = rel.removeprefix(f"{DOCS_DIR}/")
        address = site_address(src)
        if src.split("/")[0] == YEARS_SLUG:
            findings.append(
                SHADOW_PAGE.finding(
                    rel, 1, f"{DOCS_DIR}/{YEARS_SLUG}/ 是构建生成的年度概览页面的位置，不能放文件；请删除或改名。"
                )
            )
        elif rel not in own and address in made:
            findings.append(
                SHADOW_PAGE.finding(
                    rel,
                    1,
                    f"此文件在网站上的地址 {address} 与{made[address]}相同，会顶替或破坏它；请删除或改名。",
                )
            )
        elif address in seen:
            findings.append(
                SHADOW_PAGE.finding(
                    rel, 1, f"此文件与 {seen[address]} 在网站上的地址相同（{address}），只能保留一个；请删除或改名。"
                )
            )
        seen.setdefault(address, rel)
    return findings, pages
