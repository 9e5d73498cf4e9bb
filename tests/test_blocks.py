"""The report tables reach the page through placeholders (macros/site/blocks.py), still sanitized."""

from __future__ import annotations

import markdown

from macros.site import blocks

EXTENSIONS = ["tables", "md_in_html", "macros.site.sanitize"]


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_a_kept_block_comes_back_in_place():
    """Assert that a kept block stands where its placeholder was, between the paragraphs around it."""
    table = '<table class="nb-table"><tbody><tr><th scope="row">行</th><td>287</td></tr></tbody></table>'
    html = _html("前文。\n" + blocks.keep(table) + "\n后文。")
    assert html.index("<p>前文。</p>") < html.index(table) < html.index("<p>后文。</p>")
    assert "nianbao-block" not in html


def test_a_kept_block_passes_the_allow_list():
    """Assert that a script inside a kept block is removed like any other markup of the page."""
    html = _html(blocks.keep('<div class="nb-x"><script>alert(1)</script><p onclick="x()">文字</p></div>'))
    assert "<script" not in html and "onclick" not in html and "文字" in html


def test_a_placeholder_written_in_a_page_stays_text():
    """Assert that a page cannot stand in for a table: a placeholder it writes itself (wrong token) is only text."""
    blocks.keep("<table><tr><td>秘密</td></tr></table>")
    html = _html("nianbao-block-00000000000000000000000000000000-1")
    assert "秘密" not in html and "nianbao-block-00000000000000000000000000000000-1" in html


def test_the_passed_note_is_the_html_its_collapsible_markdown_makes():
    """Assert that the 「已通过」 note, written once as HTML, is what `??? success` Markdown converts to."""
    from macros.check.rules import REPORT_RULES
    from macros.site.env import _passed_note

    passed = [rule.title for rule, _ in REPORT_RULES if not rule.advisory]
    lines = [f'??? success nb-checks "本报告数据已通过构建时检查（{len(passed)} 条表内规则及数据完整性检查）"', ""]
    lines += [f"    - {text}" for text in [*passed, "每个单元格均已填写，且为非负的十进制数字；件数为整数。"]]
    assert markdown.markdown("\n".join(lines), extensions=["pymdownx.details"]) == _passed_note()


# What the site's pages hold: a generated block on its own line, and the cases it must not touch.
_PAGE = """# 标题

<div class="nb-scroll" tabindex="0"><table id="nb-figures"><tr><th>项目</th><td>1</td></tr></table></div>

段落紧接着一行 HTML：
<div class="nb-a">不单独成块</div>

<dl class="nb-facts"><div><dt>年度</dt><dd>2024 年</dd></div></dl>

<div class="nb-open">没有闭合
</div>

```html
<div class="nb-code">代码里的不是 HTML</div>
```

!!! note "说明"

    <div class="nb-indented">缩进的</div>

<div><script>alert(1)</script>文字</div>
"""


def _converted(stash: bool) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=["admonition", "tables", "pymdownx.superfences", "macros.site.sanitize"])
    if not stash:
        md.preprocessors.deregister("nianbao_blocks")
    return md.convert(_PAGE), md


def test_a_one_line_block_goes_to_the_stash_unscanned_and_the_page_is_the_same():
    """Assert that one-line HTML blocks skip Markdown's HTML scan and the page's HTML is unchanged by it."""
    md = markdown.Markdown(extensions=["pymdownx.superfences", "macros.site.sanitize"])
    lines = _PAGE.split("\n")
    stashed = md.preprocessors["nianbao_blocks"].run(list(lines))
    taken = [line for line, after in zip(lines, stashed, strict=True) if line != after]
    assert taken == [lines[2], lines[7], lines[-2]]
    assert [md.htmlStash.rawHtmlBlocks[i] for i in range(3)] == [f"{line}\n" for line in taken]
    with_stash, _ = _converted(True)
    assert with_stash == _converted(False)[0]
    assert "<script" not in with_stash and "文字" in with_stash
    assert '<div class="nb-code">' not in with_stash and "代码里的不是 HTML" in with_stash  # still code


def test_a_block_kept_clean_comes_back_after_the_page_is_sanitized(monkeypatch):
    """Assert that a block already through the allow-list is put back after the page's sanitizing, others before."""
    import macros.site.sanitize as sanitize_module

    table = sanitize_module.sanitize('<table class="nb-table"><tr><th scope="row">行</th><td>287</td></tr></table>')
    sanitized: list[str] = []
    real = sanitize_module.sanitize
    monkeypatch.setattr(sanitize_module, "sanitize", lambda html: sanitized.append(html) or real(html))
    html = _html("前文。\n" + blocks.keep(table, clean=True) + blocks.keep("<p onclick='x()'>注</p>"))
    assert html.index("<p>前文。</p>") < html.index(table) and "onclick" not in html and "注" in html
    assert any("onclick" in text for text in sanitized) and not any(table in text for text in sanitized)
