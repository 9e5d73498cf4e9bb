"""Benchmark: bytes one search downloads from the site's Pagefind index, at 1,000 reports.

Generates valid published reports (benchmarks/check_speed.py ``generate``: 200
organs x 5 years by default), renders each report page's content the way the site
does (the page's Markdown with Python-Markdown and the site's heading anchors, the
official tables from macros/site/tables.py with their row ids and weights, every
page's HTML through the site's sanitizer) into a plain page template that marks the
content ``data-pagefind-body`` as overrides/main.html does, without MkDocs and
Material (a full build of 1,000 reports takes many minutes; the indexed content
is the same, the menu is not indexed). Then indexes it with
``python -m macros search-index``'s own code (macros/site/search.py) and searches
in Debian's Chromium through the site's own search box (Pagefind's UI and
docs/assets/nianbao-search.js), recording every byte the search fetched.

Run:  .venv/bin/python benchmarks/search_size.py [--organs 200] [--years 5] [--write]
With --write the figures replace the section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import shutil
import sys
import tempfile
import threading
import time
from datetime import date
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import markdown  # noqa: E402
from check_speed import generate, machine  # noqa: E402
from pymdownx.slugs import slugify  # noqa: E402
from sections import replace_section  # noqa: E402

from macros.check.project import check_project  # noqa: E402
from macros.format.national import TABLES  # noqa: E402
from macros.site.sanitize import sanitize  # noqa: E402
from macros.site.search import PART_PAGES, SEARCH_DIR, build_index, bundle_parts, result_title  # noqa: E402
from macros.site.tables import render_table  # noqa: E402

HEADING = "搜索一次的下载量"
TARGET_BYTES = 300 * 1024
CHROMIUM = "/usr/bin/chromium"
_MACRO = re.compile(r"\{\{.*?\}\}|\{#.*?#\}", re.S)

PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{base}pagefind/pagefind-ui.css"></head>
<body><header><nav>{menu}</nav><div class="nb-search" role="search" aria-label="站内搜索">
<div id="nb-search" data-nb-search-bundle="{base}pagefind/"></div></div></header>
<main><article><div data-pagefind-body>{content}</div></article></main>
<footer>政府信息公开工作年度报告</footer>
<script src="{base}pagefind/pagefind-ui.js"></script>
<script src="{base}assets/nianbao-search.js"></script></body></html>
"""


def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html", "tables", "admonition"],
        extension_configs={"toc": {"permalink": True, "slugify": slugify(case="lower")}},
    )


def render_site(root: Path, site: Path) -> int:
    """Write every published report's page (and a home page) as HTML into `site`; returns the page count."""
    project = check_project(root)
    converter = _converter()
    menu = "".join(f'<a href="/{o}/">{escape(organ.short)}</a>' for o, organ in sorted(project.organs.items())[:40])
    pages = 0
    for key in sorted(project.public_reports()):
        report, organ = project.reports[key], project.organs[key[0]]
        text = (root / "docs" / key[0] / f"{key[1]}.md").read_text(encoding="utf-8").split("---", 2)[2]
        text = text.replace("{{ full_title() }}", project.title_of(key), 1)
        for table in TABLES:
            text = text.replace(f'{{{{ table("{table.number}") }}}}', f"NBTABLE{table.number}")
        text = _MACRO.sub("", text)
        html = converter.reset().convert(text)
        for table in TABLES:
            html = html.replace(f"<p>NBTABLE{table.number}</p>", render_table(table.number, report))
        # Under the title, where prepare.py puts it.
        content = sanitize(html.replace("</h1>", "</h1>" + result_title(organ.short, key[1]), 1))
        out = site / key[0] / str(key[1]) / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(PAGE.format(title=escape(project.title_of(key)), base="../../", menu=menu, content=content))
        pages += 1
    home = "<h1>政府信息公开工作年度报告</h1><p>各机关的年度报告。</p>"
    (site / "index.html").write_text(PAGE.format(title="首页", base="", menu=menu, content=home), encoding="utf-8")
    (site / "assets").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "docs/assets/nianbao-search.js", site / "assets/nianbao-search.js")
    return pages + 1


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


# Loaded with every page (then cached), not by the search: counted apart.
ON_LOAD = (f"{SEARCH_DIR}/pagefind-ui.js", f"{SEARCH_DIR}/pagefind-ui.css", "assets/nianbao-search.js")


def measure(site: Path, terms: list[str]) -> list[dict]:
    """For each term, in a fresh browser: the bytes of every file the search fetched, and the first result."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for term in terms:
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                fetched: dict[str, int] = {}

                def record(response, fetched=fetched) -> None:
                    path = response.url.removeprefix(base).split("?")[0]
                    if path.startswith(f"{SEARCH_DIR}/") and path not in ON_LOAD and response.ok:
                        fetched[path] = len(response.body())

                # From the page's load: the list of the index's parts is read then, counted with the search.
                page.on("response", record)
                page.goto(base)
                page.wait_for_load_state("networkidle")
                page.keyboard.press("/")
                page.keyboard.insert_text(term)
                page.locator(".pagefind-ui__result a.pagefind-ui__result-link").first.wait_for(timeout=60000)
                page.wait_for_function("() => !document.querySelector('#nb-search .pagefind-ui__loading')")
                page.wait_for_load_state("networkidle")
                first = page.locator(".pagefind-ui__result a.pagefind-ui__result-link").first
                ui = sum((site / name).stat().st_size for name in ON_LOAD)
                out.append(
                    {
                        "term": term,
                        "files": dict(sorted(fetched.items())),
                        "bytes": sum(fetched.values()),
                        "gzip": sum(_gzip_size(site / p) for p in fetched),
                        "ui_bytes": ui,
                        "first": f"{first.inner_text()} → {first.get_attribute('href')}",
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def _gzip_size(path: Path) -> int:
    """What a server compressing its responses sends (Pagefind's index files are compressed already)."""
    content = path.read_bytes()
    return min(len(content), len(gzip.compress(content, 6)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organs", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--part-pages", type=int, default=PART_PAGES, help="pages of one part of the index")
    parser.add_argument("--write", action="store_true", help="record the figures in benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root, site = Path(tmp) / "project", Path(tmp) / "site"
        root.mkdir()
        count = generate(root, args.organs, args.years)
        # One organ's short name is the one the browser tests search for (its full name does not contain it).
        organs = root / "data/organs.yaml"
        text = organs.read_text(encoding="utf-8").replace("short: 第17号机关\n", "short: 西平街道\n")
        organs.write_text(text.replace("short: 第42号机关\n", "short: 青梧区政府\n"), encoding="utf-8")
        start = time.perf_counter()
        pages = render_site(root, site)
        rendered = time.perf_counter() - start
        start = time.perf_counter()
        build_index(site, part_pages=args.part_pages)
        indexed = time.perf_counter() - start
        parts = len(bundle_parts(site / SEARCH_DIR)) + 1
        index_files = [p for p in (site / SEARCH_DIR).rglob("*") if p.is_file()]
        index_bytes = sum(p.stat().st_size for p in index_files if p.parent.name in ("index", "fragment"))
        results = measure(site, ["行政处罚", "西平街道", "青梧区政府", "处罚"])
    print(
        f"{count} reports, {pages} pages: rendered in {rendered:.1f} s, indexed in {parts} part(s) in {indexed:.1f} s"
    )
    for r in results:
        print(f"{r['term']}: {r['bytes']} bytes ({r['gzip']} compressed), first: {r['first']}")
    if args.write:
        write_results(count, pages, indexed, parts, index_bytes, len(index_files), results)
    return 0 if all(r["bytes"] <= TARGET_BYTES for r in results) else 1


def _kb(n: int) -> str:
    return f"{n / 1024:.0f}"


def write_results(
    count: int, pages: int, indexed: float, parts: int, index_bytes: int, files: int, results: list[dict]
) -> None:
    body = [
        "由 `benchmarks/search_size.py --write` 生成。站点的搜索是 Pagefind（扩展版，中文分词），"
        "`python -m macros search-index` 在 MkDocs 之后建立索引，索引分块存放，一次搜索只下载用到的块。",
        "",
        f"- 日期：{date.today().isoformat()}",
        f"- 机器：{machine()}",
        f"- 数据：`benchmarks/check_speed.py` 的生成器，{count} 份已发布报告（{pages} 个页面）",
        "- 页面：报告的 Markdown 经 Python-Markdown（站点的标题锚点）与站点的表格代码、净化器渲染，"
        "放进标出 `data-pagefind-body` 的简单页面模板；未经 MkDocs 与 Material 完整构建（1,000 份报告需要十几分钟），"
        "被索引的正文与真实站点相同，菜单本来就不进索引",
        f"- 索引：分 {parts} 部分建立（`search-index` 每次运行 Pagefind 最多索引若干页，搜索时合并），{files} 个文件，"
        f"分块与页面片段共 {_kb(index_bytes)} KB；Pagefind 建索引用时 {indexed:.1f} 秒",
        "- 测量：Debian 的 Chromium 在首页用站点自己的搜索框（Pagefind 界面与 nianbao-search.js）输入搜索词，"
        "记录页面载入起从 pagefind/ 下载的每个文件（各部分的列表、脚本、WebAssembly、每一部分的索引块、"
        "前几条结果的页面片段），页面本身加载的搜索框文件除外",
        f"- 目标：一次搜索下载 ≤ {_kb(TARGET_BYTES)} KB",
        "",
        "| 搜索词 | 下载（KB） | 服务器压缩后（KB） | 其中脚本、WebAssembly 与各部分元数据（KB） | 索引块（KB） "
        "| 页面片段（KB） | 文件数 | 第一条结果 |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        first = unquote(r["first"]).replace("|", "\\|").replace("\n", " ")
        kinds = {"index": 0, "fragment": 0, "code": 0}
        for path, size in r["files"].items():
            # pagefind/index/…, pagefind/parts/1/fragment/…: the folder a file is in says its kind.
            folder = path.split("/")[-2]
            kinds[folder if folder in ("index", "fragment") else "code"] += size
        body.append(
            f"| {r['term']} | {_kb(r['bytes'])} | {_kb(r['gzip'])} | {_kb(kinds['code'])} | {_kb(kinds['index'])} "
            f"| {_kb(kinds['fragment'])} | {len(r['files'])} | {first} |"
        )
    ui = results[0]["ui_bytes"] if results else 0
    body += [
        "",
        f"另外，每个页面都加载搜索框本身（pagefind-ui.js、pagefind-ui.css、nianbao-search.js，共 {_kb(ui)} KB，"
        "服务器压缩后约三分之一），浏览器缓存后各页共用，不计入上表。"
        "生成数据中第 17、42 号机关的简称改为「西平街道」「青梧区政府」（全称仍为「某市某区第17号机关」等，不含简称），"
        "搜索这两个简称，第一条结果应是这两个机关（o0017、o0042）的报告。",
        "此前 Material 自带的搜索（jieba 分词）把整个索引作为一个文件下载：100 份报告时 3.9 MB（压缩后 0.56 MB），"
        "1,000 份报告时约 40 MB（issue 13 的测量）。",
    ]
    replace_section(HEADING, body)


if __name__ == "__main__":
    raise SystemExit(main())
