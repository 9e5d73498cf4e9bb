"""Text from the data placed into Markdown pages is shown, never interpreted."""

from __future__ import annotations

import markdown

from macros.markup import plain


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
