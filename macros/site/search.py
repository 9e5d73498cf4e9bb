"""The site's search: a Pagefind index written after MkDocs, by ``python -m macros search-index``.

Not an MkDocs hook: a site built without hooks gets the same index. Pagefind's
extended build (PyPI ``pagefind-bin-extended``) segments Chinese, and splits the
index into small chunks, so one search downloads a few fragments, not the site.

What is indexed is decided in the page, not here: the page template marks the
content of every page not excluded from search (front matter ``search: exclude``,
which prepare.py writes on the editors' pages, withdrawn reports and the copies as
first published) with ``data-pagefind-body``; a page without it is not indexed.
The menus, header and footer are outside it. Inside it, the parts every report
repeats (the checks note, the downloads, the heading links), the draft banner and
the tables' number cells are left out by SKIPPED.

Results point to the row: every row label cell of the official tables has an id
(row_id) and a weight, so a search for a row's label lands on that row, not on
the section around the table (assets/nianbao-search.js picks the best anchor).

A large site is indexed in parts (plan_parts): Pagefind's memory grows with the
pages it indexes at once (1.6 GB for 3,600 pages in one run), so each run indexes at
most PART_PAGES pages, whole top-level folders (an organ's reports) together. The
first part is the bundle at pagefind/, every other one a bundle of its own at
pagefind/parts/<n>/, listed in pagefind/nianbao-parts.json; the search box merges
them into one search (Pagefind's mergeIndex, as a province's top page merges its
shard sites). A site of at most PART_PAGES pages is one bundle, as before.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from macros.check.findings import Refusal

SEARCH_DIR = "pagefind"  # the bundle's folder in the built site (and in a served preview tree)
INDEX_COMMAND = "python -m macros search-index"
# Pagefind's weights run from 0 to 10; headings get 7 (h1) down to 2 (h6) by default.
ROW_WEIGHT = 8
TITLE_WEIGHT = 7  # an h1's
# Repeated on every report, or not the report's content: never a reason to find a page. The tables'
# number cells (.nb-num) too: a reader searches a row by its label, and the figures were a quarter of
# Pagefind's time at 1,000 reports (a chunk of "0" alone held 153,369 positions), never a useful result.
SKIPPED = (".headerlink", ".nb-checks", ".nb-downloads", ".nb-draft", ".nb-record", ".nb-num")
BODY_MARK = b"data-pagefind-body"
_ATTRIBUTE_END = re.compile(rb"[\s>=/]")
# Pages one Pagefind run indexes at most: one run's memory grows with its pages (570 MB for 1,212 pages,
# 710 MB for 1,500, 1.6 GB for 3,600), so a larger site is indexed in runs of at most this many, one bundle
# each. Not fewer: every part costs each search a chunk of the index per word searched (Pagefind's chunks
# hold a fixed number of word positions), so a site of 1,000 reports (1,212 pages) stays one bundle.
PART_PAGES = 1500
# Every part is one more index to load for each search (its entry, metadata and chunks): a site that would
# need more is a province's, to be split into shard sites (search-stitch).
MAX_PARTS = 20
PARTS_DIR = "parts"  # the other parts' bundles, inside the first one: pagefind/parts/1/, pagefind/parts/2/, ...
PARTS_FILE = "nianbao-parts.json"  # in the first bundle: the other parts, read by assets/nianbao-search.js
# Bounded run: Pagefind indexes 1,000 reports in seconds; a hung binary must not hang CI forever.
TIMEOUT_SECONDS = 1800


def row_id(table_key: str, row_key: str) -> str:
    """The id of a table row's label cell: the data file's keys, so it is stable across years and organs."""
    return f"{table_key}-{row_key}".replace(".", "-").replace("_", "-")


def result_title(organ_short: str, year: int) -> str:
    """A report page's search result title, organ (short name) and year, also indexed with a heading's weight.

    The page's h1 has the organ's full name, which need not contain the short name a
    reader types (西平街道): so a search for it finds the organ's reports. Not shown on
    the page (the title says it), and hidden from screen readers too.
    """
    # Braces escaped too: the page is a template of the macros.
    text = escape(f"{organ_short} {year} 年报告").replace("{", "&#123;").replace("}", "&#125;")
    # A block of its own (a raw HTML block in Markdown).
    return (
        f'<div class="nb-search-meta" aria-hidden="true">'
        f'<span data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}">{text}</span></div>'
    )


def pagefind_executable() -> Path:
    """The extended Pagefind binary installed by requirements.txt."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise Refusal("缺少 Pagefind（带中文分词的扩展版）；请先安装 requirements.txt（make install）。") from None
    try:
        return get_executable()
    except FileNotFoundError:
        raise Refusal("Pagefind 扩展版的程序文件缺失；请重新安装 requirements.txt。") from None


def _is_marked(html: bytes) -> bool:
    """True if the page has the template's mark, an attribute of a tag.

    Not the words in a page's text: the sanitizer strips the attribute from content, and
    a part of pages that only mention it would have Pagefind index its pages whole.
    """
    at = html.find(BODY_MARK)
    while at >= 0:
        inside_tag = html.rfind(b"<", 0, at) > html.rfind(b">", 0, at)
        if inside_tag and html[at - 1 : at].isspace() and _ATTRIBUTE_END.match(html, at + len(BODY_MARK)):
            return True
        at = html.find(BODY_MARK, at + 1)
    return False


def indexable_pages(site: Path) -> list[str]:
    """The pages of `site` marked for indexing, as sorted paths relative to it ('xiping/2024/index.html')."""
    return sorted(page.relative_to(site).as_posix() for page in site.rglob("*.html") if _is_marked(page.read_bytes()))


@dataclass(frozen=True)
class Part:
    """One Pagefind run: the globs (relative to the site) of the files it reads, and how many indexable pages."""

    globs: tuple[str, ...]
    pages: int

    @property
    def glob(self) -> str:
        """The globs as Pagefind's one --glob argument."""
        return self.globs[0] if len(self.globs) == 1 else "{" + ",".join(self.globs) + "}"


def _glob_escape(path: str) -> str:
    # A folder's name is matched literally, whatever characters it has.
    return re.sub(r"([\\*?\[\]{},!])", r"\\\1", path)


def _units(pages: Sequence[str], prefix: str, limit: int) -> list[tuple[str, int]]:
    """Globs covering `pages` (paths below the folder `prefix`), each of at most `limit` pages, in path order.

    A folder of at most `limit` pages is one glob (all its files), so an organ's pages stay in
    one part; a larger folder is split into its subfolders, and its own files listed one by one.
    """
    children: dict[str, list[str]] = {}
    for page in pages:
        head, sep, rest = page.partition("/")
        children.setdefault(head + sep, []).append(rest)
    units: list[tuple[str, int]] = []
    for name in sorted(children):
        below = children[name]
        if not name.endswith("/"):
            units.append((_glob_escape(prefix + name), 1))  # a file of this folder
        elif len(below) <= limit:
            units.append((_glob_escape(prefix + name) + "**/*.html", len(below)))
        else:
            units += _units(below, prefix + name, limit)
    return units


def plan_parts(pages: Sequence[str], limit: int = PART_PAGES) -> list[Part]:
    """The parts to index `pages` (sorted paths of the indexable pages) in: each at most `limit` pages.

    The same pages always give the same parts. At most `limit` pages in all: one part, the whole
    site (Pagefind's own default glob, as a site of one bundle always was). Otherwise about
    equal parts of whole folders taken in path order: as many as the pages need, or one or two
    more where whole folders do not fit (at most MAX_PARTS).
    """
    if limit < 1:
        raise Refusal(f"每部分的页面数应为正整数，实为 {limit}。")
    if len(pages) <= limit:
        return [Part(("**/*.html",), len(pages))]
    count = -(-len(pages) // limit)
    target = -(-len(pages) // count)  # about equal parts, rather than full ones and a small last one
    parts: list[Part] = []
    globs: list[str] = []
    size = 0
    for glob, pages_in in _units(sorted(pages), "", limit):
        if globs and (size >= target or size + pages_in > limit):
            parts.append(Part(tuple(globs), size))
            globs, size = [], 0
        globs.append(glob)
        size += pages_in
    parts.append(Part(tuple(globs), size))
    if len(parts) > MAX_PARTS:
        raise Refusal(
            f"站点有 {len(pages)} 个可检索的页面，按每部分 {limit} 页需要分成 {len(parts)} 部分索引，"
            f"超过上限 {MAX_PARTS}；请按地区分成若干分站点（search-stitch），或用 --part-pages 调大每部分的页面数。"
        )
    return parts


def pagefind_arguments(site: Path, out: Path, glob: str | None = None) -> list[str]:
    return [
        "--site",
        str(site),
        "--output-path",
        str(out),
        *(["--glob", glob] if glob is not None else []),
        "--exclude-selectors",
        ", ".join(SKIPPED),
        "--force-language",
        "zh",
        "--quiet",
    ]


def part_bundle(number: int) -> str:
    """Where part `number` (from 1; part 0 is the first bundle itself) is, relative to the first bundle."""
    return f"{PARTS_DIR}/{number}/"


def bundle_parts(bundle: Path) -> list[str]:
    """The other parts of the index whose first bundle is `bundle`, as listed there (relative paths)."""
    listing = bundle / PARTS_FILE
    return list(json.loads(listing.read_text(encoding="utf-8"))["parts"]) if listing.is_file() else []


def build_index(site: Path, out: Path | None = None, part_pages: int = PART_PAGES) -> Path:
    """Index the built site in `site` into `out` (default: site/pagefind/, replaced whole). Returns `out`.

    One Pagefind run per part (plan_parts), one after another, so the memory is one part's.
    Refuses a folder that is not a built site of this project: without one page
    marked for indexing, Pagefind would index every page whole, the editors' ones included.
    """
    if not (site / "index.html").is_file():
        raise Refusal(f"{site} 不是构建好的站点（没有 index.html）；请先运行 mkdocs build，再生成搜索索引。")
    pages = indexable_pages(site)
    if not pages:
        raise Refusal(
            f"{site} 中没有一页标出可检索的正文（data-pagefind-body）；"
            "请用本项目的 mkdocs.yml（含 overrides/ 模板）构建后再生成搜索索引。"
        )
    parts = plan_parts(pages, part_pages)
    out = out if out is not None else site / SEARCH_DIR
    executable = pagefind_executable()
    staging = out.with_name(out.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for number, part in enumerate(parts):
            # One part: the whole site, with Pagefind's own default glob (a small site's index is unchanged).
            # Every part has a marked page, so Pagefind leaves the unmarked pages of its folders out.
            glob = None if len(parts) == 1 else part.glob
            _run_pagefind(executable, site, staging / part_bundle(number) if number else staging, glob)
    except Refusal:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    listing = {"parts": [part_bundle(number) for number in range(1, len(parts))]}
    (staging / PARTS_FILE).write_text(json.dumps(listing) + "\n", encoding="utf-8")
    # Replaced whole, only once complete: no fragment of an older index stays.
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return out


def _run_pagefind(executable: Path, site: Path, out: Path, glob: str | None) -> None:
    try:
        done = subprocess.run(
            [str(executable), *pagefind_arguments(site, out, glob)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Refusal(f"Pagefind 超过 {TIMEOUT_SECONDS} 秒仍未完成，未生成搜索索引。") from None
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise Refusal("Pagefind 未能生成搜索索引：" + " / ".join(detail))


# --- a province: shard sites stitched into one search ---------------------------------

# A shard's address below the top page: a relative path of plain segments (no scheme, no host, no ..).
_SHARD_PATH = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]{0,62}/){1,4}")
MAX_SHARDS = 200

_TOP_PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{first}pagefind/pagefind-ui.css">
<link rel="stylesheet" href="{first}assets/nianbao.css">
</head>
<body>
<header class="nb-top-header">
<h1>{title}</h1>
<div class="nb-search" role="search" aria-label="站内搜索">
<div id="nb-search" data-nb-search-bundle="{first}pagefind/" data-nb-search-shards="{shards}"></div>
</div>
</header>
<main>
<p>本页的搜索同时检索下列各站点（每个地区一个站点，各自构建、各自的索引）。</p>
<ul>
{links}
</ul>
</main>
<script src="{first}pagefind/pagefind-ui.js"></script>
<script src="{first}assets/nianbao-search.js"></script>
</body>
</html>
"""


def shard_problem(path: str) -> str | None:
    """Why `path` cannot be a shard's address below the top page (one Chinese sentence), or None."""
    if not _SHARD_PATH.fullmatch(path):
        return f"「{path}」不是站点的相对路径：只能由字母、数字、点、连字符和下划线组成，以 / 结尾，例如 east/。"
    return None


def stitched_page(shards: list[tuple[str, str]], title: str = "政府信息公开工作年度报告") -> str:
    """The top page of a province's sites: links to every shard and one search over all their indexes.

    `shards`: (name, relative path) of each shard site, e.g. ("东区", "east/"). Each
    shard is a site built and indexed on its own; the search loads the first shard's
    bundle and merges the others' (Pagefind's multi-site search, mergeIndex), so a
    result links into the shard that holds the page.
    """
    if not shards:
        raise Refusal("至少需要一个分站点。")
    if len(shards) > MAX_SHARDS:
        raise Refusal(f"分站点太多（{len(shards)} 个，最多 {MAX_SHARDS} 个）。")
    for _, path in shards:
        if problem := shard_problem(path):
            raise Refusal(problem)
    links = "\n".join(f'<li><a href="{escape(path)}">{escape(name)}</a></li>' for name, path in shards)
    return _TOP_PAGE.format(
        title=escape(title),
        first=escape(shards[0][1]),
        shards=escape(json.dumps([path for _, path in shards])),
        links=links,
    )
