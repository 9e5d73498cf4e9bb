"""Text is text: whatever a page, its front matter or the data says, the built site runs no script of it.

Every payload of tests/fixtures/xss.txt goes through every way text reaches the
site (narrative, headings, front-matter titles and descriptions, organ names,
correction and withdrawal reasons, imported text, web pages and Word files) in
one real build, whose every HTML file is then parsed and searched for live script.
"""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, build_site, copy_project
from importing import bundled_page, bundled_report, import_file, organ, seed_lines
from report_writers import report_docx, report_html

from macros.record.lock import LOCK_FILE, dump_lock, read_lock

MARK = "nbxss"
# Where an element can carry an address the browser follows or loads.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background", "cite"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def payloads() -> list[str]:
    lines = (FIXTURES / "xss.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _scheme(value: str) -> str | None:
    match = _SCHEME.match(_NOISE.sub("", html.unescape(value)).lower())
    return match.group(1) if match else None


def _relative(text: str) -> str:
    """A script's text or address with the page's relative path to the site root taken out."""
    return re.sub(r'"[./]*"', '""', re.sub(r'"(?:\.\./|\./|/)+', '"', text))


def _script_key(script) -> tuple:
    attrs = {k: (" ".join(v) if isinstance(v, list) else v) for k, v in script.attrs.items()}
    if "src" in attrs:
        attrs["src"] = re.sub(r"^(?:\.\./|\./|/)+", "", attrs["src"])
    return tuple(sorted(attrs.items())), _relative(script.string or "")


def _pages(site: Path) -> list[tuple[str, BeautifulSoup]]:
    return [
        (p.relative_to(site).as_posix(), BeautifulSoup(p.read_text(encoding="utf-8"), "lxml"))
        for p in sorted(site.rglob("*.html"))
    ]


def known_scripts(site: Path) -> set[tuple]:
    """The site's own scripts (Material's bundle and inline setup, assets/nianbao.js), as a clean build has them."""
    return {_script_key(s) for _, soup in _pages(site) for s in soup.find_all("script")}


def live_script(site: Path, known: set[tuple]) -> list[str]:
    """What in the built site could run a script: unknown <script>, on* attributes, javascript: addresses, frames."""
    problems = []
    for name, soup in _pages(site):
        for script in soup.find_all("script"):
            if _script_key(script) not in known:
                problems.append(f"{name}: unknown script {str(script)[:120]}")
        for element in soup.find_all(True):
            if element.name in FORBIDDEN_ELEMENTS:
                problems.append(f"{name}: <{element.name}>")
            if element.name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
                problems.append(f"{name}: {element}")
            for attr, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if attr.lower().startswith("on"):
                    problems.append(f"{name}: <{element.name} {attr}={value[:60]!r}>")
                scheme = _scheme(value)
                if scheme in ("javascript", "vbscript") or (
                    attr.lower() in URL_ATTRIBUTES and scheme is not None and scheme not in SAFE_SCHEMES
                ):
                    problems.append(f"{name}: <{element.name} {attr}={value[:60]!r}>")
    return problems


def text_of(site: Path, page: str) -> str:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml").get_text()


# --- the parts, without a build ----------------------------------------------------------------


def test_sanitizer_leaves_nothing_live(tmp_path: Path):
    """Assert that every payload, through the sanitizer, leaves no script, handler, javascript: link or frame."""
    from macros.site.sanitize import sanitize

    site = tmp_path / "site"
    site.mkdir()
    body = "\n".join(sanitize(markdown.markdown(p, extensions=["attr_list", "md_in_html"])) for p in payloads())
    (site / "page.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert live_script(site, set()) == []


def test_sanitizer_keeps_what_the_site_writes():
    """Assert that the markup of the site's own macros passes unchanged: table boxes, th scope/rowspan, anchors."""
    from macros.site.sanitize import sanitize

    ours = (
        '<div class="nb-table-box" role="region" aria-label="表三" tabindex="0"><table class="nb-table">'
        '<caption class="nb-sr-only">表三</caption><thead><tr><th scope="col" rowspan="2" colspan="3">件数</th>'
        '</tr></thead><tbody><tr><td class="nb-num" style="text-align:right">1</td></tr></tbody></table></div>'
        '<details class="success nb-checks"><summary>检查</summary><ul><li>通过</li></ul></details>'
        '<h2 id="更正记录">更正记录<a class="headerlink" href="#更正记录" title="本节链接">¶</a></h2>'
        '<p class="nb-record">首次发布：<time datetime="2025-01-20">2025-01-20</time>，'
        '<a href="../data/">数据</a>、<a href="https://datapackage.org/">Data Package</a>、'
        '<a href="mailto:gk@example.gov.cn">来信</a></p>'
    )
    assert sanitize(ours) == ours


def test_sanitizer_keeps_the_themes_ids_its_own():
    """Assert that a page cannot give an element the id of one of Material's (its config is read by id)."""
    from macros.site.sanitize import sanitize

    assert sanitize('<h2 id="__config">x</h2><p id="一总体情况">y</p>') == '<h2>x</h2><p id="一总体情况">y</p>'


def test_check_locates_every_payload(tmp_path: Path):
    """Assert that the check names file and line of every payload written as markup in a page."""
    from macros.check.pagetext import check_page_text

    lines = payloads()
    page = "---\ntitle: 测试\n---\n\n# 测试\n\n" + "\n\n".join(lines) + "\n"
    found = {f.line for f in check_page_text("docs/x.md", page) if f.rule == "page-html"}
    expected = {
        7 + 2 * i for i, p in enumerate(lines) if "<" in p or "](" in p or "{:" in p
    }  # a bare quote is text in a paragraph
    assert found == expected


def test_check_does_not_flag_text_or_code():
    """Assert that markup shown as text (escaped, in code) and safe links are not findings."""
    from macros.check.pagetext import check_page_text

    page = (
        "# 页\n\n`<script>alert(1)</script>` 与 &lt;script&gt; 都是文字，\\[x](javascript:alert(1)) 也是。\n\n"
        "```html\n<img src=x onerror=alert(1)>\n```\n\n<!-- <script> -->\n\n"
        "[网站](https://example.gov.cn/) [下载](../data/) [来信](mailto:gk@example.gov.cn) [节](#一总体情况)\n\n"
        "本报告 on 时发布，onerror= 只是文字。\n"
    )
    assert list(check_page_text("docs/x.md", page)) == []


def test_check_refuses_web_pages_and_scripts_in_docs(project_copy: Path):
    """Assert that an HTML page, an SVG image or a script dropped into docs/ (published as is) is an error."""
    from macros.check.project import check_project

    for name in ("docs/xiping/report.html", "docs/assets/logo.SVG", "docs/assets/extra.js"):
        (project_copy / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    (project_copy / "docs/assets/photo.png").write_bytes(b"\x89PNG")
    found = [(f.file, f.rule) for f in check_project(project_copy).errors]
    assert found == [
        ("docs/assets/extra.js", "page-html"),
        ("docs/assets/logo.SVG", "page-html"),
        ("docs/xiping/report.html", "page-html"),
    ]


def test_reasons_render_as_text():
    """Assert that correction and withdrawal reasons reach the page as text: no tag, no link, one line."""
    from macros.record import history
    from macros.site.markup import plain

    for payload in payloads():
        rendered = history._text(payload + '\n\n!!! note "伪造"\n    假横幅')
        assert "<" not in rendered and "](" not in rendered and "\n" not in rendered
        assert html.unescape(rendered) == " ".join((payload + ' !!! note "伪造" 假横幅').split())
        assert html.unescape(plain(payload)) == payload


def test_front_matter_text_is_escaped():
    from macros.site.markup import escape_page_meta

    meta = {"title": "规则<script>alert(1)</script>", "description": '" onmouseover="alert(1)', "hide": ["toc"]}
    escape_page_meta(meta)
    assert meta == {
        "title": "规则&lt;script&gt;alert(1)&lt;/script&gt;",
        "description": "&quot; onmouseover=&quot;alert(1)",
        "hide": ["toc"],
    }


def _seed_with_payloads(year: int) -> list[str]:
    lines = [line.replace("2024 年政府信息公开", f"{year} 年政府信息公开") for line in seed_lines()]
    at = lines.index("一、总体情况") + 1
    lines[at:at] = [line for p in payloads() for line in ("", p)]
    return lines


def _html_with_payloads(year: int) -> str:
    # Each payload as text a government page would show, and as live markup inside a paragraph.
    shown = "\n\n".join(f"{html.escape(p)}\n\n段落 {p}" for p in payloads())
    page = bundled_page().replace("## 一、总体情况\n", f"## 一、总体情况\n\n{shown}\n", 1)
    source = report_html(page, bundled_report(), organ().name)
    return source.replace("2024年政府信息公开", f"{year}年政府信息公开")


def imported_reports(tmp_path: Path) -> dict[int, tuple[str, str]]:
    """xiping 2021 (text), 2022 (web page), 2023 (Word) imported from sources full of payloads: year → (data, page)."""
    text = tmp_path / "seed.txt"
    text.write_text("\n".join(_seed_with_payloads(2021)), encoding="utf-8")
    web = tmp_path / "report.html"
    web.write_text(_html_with_payloads(2022), encoding="utf-8")
    word = tmp_path / "report.docx"
    # Word holds text only: the payloads as the words of its paragraphs.
    report_docx(_html_with_payloads(2023), word)
    out = {}
    for year, path in ((2021, text), (2022, web), (2023, word)):
        imported = import_file(path, organ(), year)
        assert not imported.refused, [str(f) for f in imported.findings]
        out[year] = (imported.data_text, imported.page_text)
    return out


def test_imported_text_stays_text(tmp_path: Path):
    """Assert that imported pages, rendered by plain Markdown (no sanitizer), carry the payloads as text only."""
    from macros.check.pagetext import check_page_text

    for year, (_, page) in imported_reports(tmp_path).items():
        rendered = markdown.markdown(re.sub(r"\{\{.*?\}\}", "", page), extensions=["attr_list", "md_in_html"])
        site = tmp_path / f"site{year}"
        site.mkdir()
        (site / "page.html").write_text(f"<html><body>{rendered}</body></html>", encoding="utf-8")
        assert live_script(site, set()) == [], year
        assert "<script>alert('nbxss')</script>" in text_of(site, "page.html"), year
        assert [str(f) for f in check_page_text(f"docs/xiping/{year}.md", page)] == []


# --- one real build with every payload everywhere ------------------------------------------------


def _neuter_checks(root: Path) -> None:
    """Switch off, in the copy only, every check that refuses markup, so that the rendering itself is tested.

    The page-html check, the organ-name check, and the front matter's plain-text rule (at check and render time).
    """
    appended = {
        "macros/check/pagetext.py": "def check_page_text(path, text):\n    return iter(())\n\n\n"
        "def active_files(root):\n    return []\n",
        "macros/check/frontmatter.py": '_NOT_PLAIN = re.compile(r"(?!)")\n',
    }
    for name, code in appended.items():
        if (root / name).is_file():
            (root / name).write_text((root / name).read_text(encoding="utf-8") + "\n\n" + code, encoding="utf-8")
    national = root / "macros/format/national.py"
    source = national.read_text(encoding="utf-8")
    national.write_text(re.sub(r"(?m)^ORGAN_NAME_FORBIDDEN = .*$", 'ORGAN_NAME_FORBIDDEN = r"(?!)"', source), "utf-8")


def _set_front_matter(path: Path, **fields: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head) or {}
    meta.update(fields)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")


def _command(root: Path, *args: str) -> None:
    """A record command of the copy's own package (its checks switched off)."""
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(root), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def build_hostile_site(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A project copy with the payloads everywhere, built (preview: the imported drafts too) into tmp/site.

    Returns the site and the hostile texts that must be shown as written.
    """
    root = copy_project(tmp / "project")
    _neuter_checks(root)
    lines = payloads()
    narrative = "\n\n" + "\n\n".join(lines) + "\n"
    said = {
        "guide_title": f"编辑指南 {lines[0]}",
        "guide_description": f"指南 {lines[-3]}",
        "report_title": f"2024 年报告 {lines[-4]}",
        "report_description": f"报告 {lines[-2]}",
        "organ_short": f"西平 {lines[3]}",
        "organ_name": f"曲靖市沾益区人民政府西平街道办事处 {lines[-1]}",
        "correction": f'更正说明：{lines[0]} {lines[33]}\n\n!!! note "伪造"\n    伪造的横幅 {lines[4]}',
        "withdrawal": f"撤回理由：{lines[19]} {lines[35]}",
    }
    # Narrative: a report page (at its end, after 六), the guide, two pages titled by a heading.
    # On the report page without the unclosed comment, which would hide the 更正记录 that follows.
    page = root / "docs/xiping/2024.md"
    closed = "\n\n" + "\n\n".join(p for p in lines if "<!--" not in p) + "\n"
    page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + closed, encoding="utf-8")
    _set_front_matter(page, title=said["report_title"], description=said["report_description"])
    guide = root / "docs/guide/index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + narrative, encoding="utf-8")
    _set_front_matter(guide, title=said["guide_title"], description=said["guide_description"])
    for i, name in enumerate(("data.md", "status.md", "guide/rules.md")):
        _set_front_matter(root / "docs" / name, title=f"页 {lines[5 + i]}", description=f"页 {lines[8 + i]}")
    (root / "docs/xss-entity.md").write_text(
        "# 标题 &lt;/title&gt;&lt;script&gt;alert('nbxss')&lt;/script&gt;\n" + narrative, encoding="utf-8"
    )
    (root / "docs/xss-markup.md").write_text(f"# 标题 {lines[3]} {lines[19]}\n" + narrative, encoding="utf-8")
    # Organ names: the menu, report titles, the status and data pages.
    organs = root / "data/organs.yaml"
    registry = yaml.safe_load(organs.read_text(encoding="utf-8"))
    registry["xiping"].update(short=said["organ_short"], name=said["organ_name"])
    registry["zhanyi"].update(short=f"沾益 {lines[6]}", name=f"沾益区 {lines[20]}")
    organs.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    # A published report keeps the name it was published under (the lock's): as if published under this one.
    lock, _ = read_lock(root)
    (root / LOCK_FILE).write_text(
        dump_lock({k: dataclasses.replace(e, name=said["organ_name"]) for k, e in lock.items()}), encoding="utf-8"
    )
    # The record: a correction of the page just changed, then the withdrawal.
    _command(root, "correct", "xiping", "2024", "--date", "2025-03-01", "--reason", said["correction"])
    _command(root, "withdraw", "xiping", "2024", "--date", "2025-04-01", "--reason", said["withdrawal"])
    # Imported reports (drafts, shown by the preview build).
    for year, (data, text) in imported_reports(tmp).items():
        (root / f"data/reports/xiping/{year}.yaml").write_text(data, encoding="utf-8")
        (root / f"docs/xiping/{year}.md").write_text(text, encoding="utf-8")
    site = tmp / "site"
    result = build_site(root, site, preview=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return site, said


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


def test_built_site_runs_no_payload(hostile_site: tuple[Path, dict[str, str]], built_site: Path):
    """Assert that no built page carries a script, handler, javascript: address or frame the site did not write."""
    site, _ = hostile_site
    assert live_script(site, known_scripts(built_site)) == []


def test_built_site_shows_data_and_front_matter_as_text(hostile_site: tuple[Path, dict[str, str]]):
    """Assert that titles, descriptions, organ names and reasons are shown as the words written, not dropped."""
    site, said = hostile_site
    guide = BeautifulSoup((site / "guide/index.html").read_text(encoding="utf-8"), "lxml")
    assert guide.title.get_text() == f"{said['guide_title']} - 政府信息公开工作年度报告"
    assert guide.find("meta", attrs={"name": "description"})["content"] == said["guide_description"]
    menu = guide.select_one("nav.md-nav--primary").get_text()
    assert said["guide_title"] in menu
    report = BeautifulSoup((site / "xiping/2024/index.html").read_text(encoding="utf-8"), "lxml")
    # The menu lists no organ (it is the same few pages on a region's site): the tab title names it.
    assert report.title.get_text().startswith(said["organ_short"])
    assert report.find("meta", attrs={"name": "description"})["content"] == said["report_description"]
    article = " ".join(report.select_one("article").get_text().split())
    for key in ("organ_name", "correction", "withdrawal"):
        assert " ".join(said[key].split()) in article, key
    entity = BeautifulSoup((site / "xss-entity/index.html").read_text(encoding="utf-8"), "lxml")
    assert entity.title.get_text().startswith("标题 </title><script>alert('nbxss')</script> - ")
    for year in (2021, 2022, 2023):
        assert "<script>alert('nbxss')</script>" in text_of(site, f"xiping/{year}/index.html"), year
