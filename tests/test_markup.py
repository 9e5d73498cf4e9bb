"""Text from the data placed into Markdown pages is shown, never interpreted."""

from __future__ import annotations

import markdown

from macros.site.markup import join_cjk_lines, plain


def test_markup_in_data_text_renders_as_text():
    """Assert that HTML, emphasis, links and table pipes in a name come out as the same visible text."""
    hostile = "数据局<script>alert(1)</script> *要* [链接](javascript:x) a|b `c` _d_"
    html = markdown.markdown(f"| 机关 |\n|---|\n| {plain(hostile)} |", extensions=["tables"])
    assert "<script>" not in html and "<em>" not in html and "<a " not in html and "<code>" not in html
    assert html.count("<td>") == 1
    text = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for entity, char in (
        ("&#124;", "|"),
        ("&#42;", "*"),
        ("&#95;", "_"),
        ("&#91;", "["),
        ("&#93;", "]"),
        ("&#96;", "`"),
    ):
        text = text.replace(entity, char)
    assert hostile in text


def test_wrapped_chinese_lines_join_without_a_space():
    """Assert that a line break between Chinese characters is dropped, but not in code or beside Latin text."""
    html = "<p>年度报告。\n报告中的统计表，\n每一个数字\n2024 年\nPDF\n文件</p><pre><code>甲\n乙</code></pre>"
    assert (
        join_cjk_lines(html)
        == "<p>年度报告。报告中的统计表，每一个数字\n2024 年\nPDF\n文件</p><pre><code>甲\n乙</code></pre>"
    )


def test_home_page_has_no_stray_spaces(built_site):
    """Assert that the home page's wrapped Chinese paragraph reads without spaces between sentences."""
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert "年度报告。报告中的统计表" in text and "年度报告。\\n报告" not in text
