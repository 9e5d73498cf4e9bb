"""The rules reference (规则说明) and the editors' guide (编辑指南) on the built site."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, record_correction

from macros.check.catalogue import CATALOGUE
from macros.importer.rules import IMPORT_RULES
from macros.site.examples import (
    BREAKAGES,
    IMPORT_BREAKAGES,
    SINCE_BREAKAGES,
    example_files,
    examples,
    provoke,
    provoke_import,
    provoke_since,
)


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_every_rule_has_a_real_example():
    """Assert that every catalogued rule is provoked by its breakage of the example report."""
    assert set(BREAKAGES) | set(SINCE_BREAKAGES) == set(CATALOGUE), "add a breakage to macros/site/examples.py"
    assert not set(BREAKAGES) & set(SINCE_BREAKAGES)
    assert set(IMPORT_BREAKAGES) == set(IMPORT_RULES), "add an import breakage to macros/site/examples.py"
    files = example_files(ROOT)
    for rule_id, rule in {**CATALOGUE, **IMPORT_RULES}.items():
        # Each raises, saying why, if its breakage does not provoke the rule.
        if rule_id in IMPORT_BREAKAGES:
            finding = provoke_import(ROOT, IMPORT_BREAKAGES[rule_id], rule_id).finding
        elif rule_id in SINCE_BREAKAGES:
            finding = provoke_since(files, *SINCE_BREAKAGES[rule_id], rule_id).finding
        else:
            finding = provoke(files, BREAKAGES[rule_id], rule_id).finding
        assert finding.rule == rule_id
        assert finding.advisory == rule.advisory
        assert finding.message and finding.line >= 0


def test_examples_start_from_the_first_publication(project_copy):
    """Assert that a correction of the live example report changes no example: they break the first publication."""
    data = project_copy / "data/reports/xiping/2024.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   288"), encoding="utf-8")
    assert record_correction(project_copy) == 0
    assert "corrections:" in data.read_text(encoding="utf-8")
    ours, theirs = examples(project_copy), examples(ROOT)
    # The copy has no tests/ folder, hence no import sample: the import rules are compared elsewhere.
    assert set(ours) == set(BREAKAGES) | set(SINCE_BREAKAGES)
    assert {k: e.finding for k, e in ours.items()} == {k: theirs[k].finding for k in ours}


def test_examples_point_at_the_line_that_was_broken():
    """Assert that an example of a cell rule quotes the very line that was changed."""
    found = examples(ROOT)
    assert found["negative"].source.startswith("  penalty: -287")
    assert found["t3-balance"].source.startswith("  new: [1, 0, 0, 0, 0, 0, 1]")
    assert found["page-parts"].source == "## 五、存在的问题"


def test_rules_page_lists_every_rule_with_its_example(built_site):
    """Assert that the rules page has a section per rule: id anchor, what it protects, level, real message."""
    soup = page(built_site, "guide/rules/index.html")
    article = soup.find("article")
    assert soup.find("h1").get_text(strip=True).startswith("规则说明")
    found = examples(ROOT)
    for rule_id, rule in {**CATALOGUE, **IMPORT_RULES}.items():
        heading = article.find(id=rule_id)
        assert heading is not None, f"规则 {rule_id} 不在规则说明页上"
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(text_of(sibling))
        body = " ".join(section)
        assert rule.title in body
        assert ("提示" if rule.advisory else "错误") in body
        assert str(found[rule_id].finding) in body
    # The summary table links every rule to its section.
    links = {a["href"] for a in article.find("table").find_all("a")}
    assert links == {f"#{rule_id}" for rule_id in {**CATALOGUE, **IMPORT_RULES}}


def test_guide_shows_real_messages_and_the_blank_templates(built_site):
    """Assert that the guide quotes real messages and both templates of `new`, with no Jinja left over."""
    soup = page(built_site, "guide/index.html")
    article = soup.find("article")
    text = text_of(article)
    assert soup.find("h1").get_text(strip=True).startswith("编辑指南")
    found = examples(ROOT)
    shown = ("blank", "not-number", "t3-balance", "t3-row-total", "t3-result-total", "t4-total", "across-carry")
    for rule_id in (*shown, "silent-edit"):
        assert str(found[rule_id].finding) in text
    summaries = [d.find("summary").get_text(strip=True) for d in article.find_all("details")]
    assert summaries == ["空白数据文件", "空白报告页面"]
    templates = [d.find("pre").get_text() for d in article.find_all("details")]
    assert "penalty:   null" in templates[0] and "# yaml-language-server: $schema=" in templates[0]
    assert '{{ table("三") }}' in templates[1] and "## 六、其他需要报告的事项" in templates[1]
    assert "Actions → 新建报告" in text
    assert "年报：检查当前报告" in text
    # What the guide says about hints survives the macro engine.
    assert "{# 填写提示：… #}" in text
    assert article.find("a", href=re.compile(r"^rules/?$|^rules/index.html$|\.\./rules/?"))


@pytest.mark.parametrize("section", ["新建一份报告", "填写数字", "写正文", "读懂并修正错误", "预览", "发布与更正"])
def test_guide_covers_the_editors_workflow(built_site, section):
    """Assert that the guide has a part for each step of an editor's work."""
    headings = [h.get_text(strip=True) for h in page(built_site, "guide/index.html").find_all("h2")]
    assert any(section in h for h in headings), headings


def test_public_navigation_offers_the_overviews_not_the_guide(built_site):
    """Assert that the public menu offers the overview pages, neither the editors' guide nor each report."""
    nav = page(built_site, "index.html").select_one("nav.md-nav--primary > ul")
    titles = [text_of(li).split(" ")[0] for li in nav.find_all("li", recursive=False)]
    assert "编辑指南" not in titles, titles
    assert {"首页", "发布情况", "数据下载"} <= set(titles) and "西平街道" not in titles, titles


def test_readme_links_the_guide():
    """Assert that the README points editors to the guide's source."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/guide/index.md" in readme and "docs/guide/rules.md" in readme
