"""Tables 三 and 四 read on a phone (375 × 812): every figure reachable, readable, and labelled.

The figures scroll sideways inside the table's box; 三's row labels are frozen at
the left (position: sticky) and its header rows at the top of its box (which scrolls
both ways, at most a screen high), and the group labels of the column headers (申请人情况,
行政诉讼 …) slide along with their columns. For every figure the test scrolls it into
view inside the box as a reader would, then asks the browser what is drawn at its
centre (elementFromPoint: not covered by the frozen column), reads its computed font
size, and checks that the labels that name it are on screen beside or above it.
"""

from __future__ import annotations

import pytest

from macros.format.national import TABLE_3, TABLE_4

from .conftest import PHONE, REPORT_PATH, OpenPage

MIN_TEXT_PX = 16

# For each figure of the table in `box`: scrolled into view (三: at the right edge of the
# box, as far as it goes, clear of the frozen labels; 四: in the middle of the box), where
# it is, what is drawn at its centre, its font size, and the same for the labels that name
# it: 三's row labels (its own and the merged groups to the left) and its column's header
# (三's header rows stay at the top of its box), 四's column headers above it (a group
# header's sliding label, not its whole cell).
FIGURES_JS = """
(box) => {
  const table = box.querySelector('table');
  const inBox = (r) => {
    const b = box.getBoundingClientRect();
    const left = b.left + box.clientLeft, right = left + box.clientWidth;
    return r.left >= left - 0.5 && r.right <= right + 0.5;
  };
  const drawnAt = (el, x, y) => {
    const at = document.elementFromPoint(x, y);
    return at !== null && (at === el || el.contains(at));
  };
  const centre = (r) => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const label = (el, y) => {
    const r = el.getBoundingClientRect();
    const [x, cy] = centre(r);
    return {text: el.textContent.trim(), left: r.left, inBox: inBox(r),
            drawn: drawnAt(el, x, y === undefined ? cy : y),
            font: parseFloat(getComputedStyle(el).fontSize)};
  };
  const out = [];
  for (const td of table.querySelectorAll('tbody td')) {
    const three = table.classList.contains('nb-table-3');
    td.scrollIntoView({block: 'center', inline: three ? 'end' : 'center', behavior: 'instant'});
    // The whole box on screen (三's box scrolls inside, at most a screen high): the page moves, not the box.
    box.scrollIntoView({block: 'center', behavior: 'instant'});
    const r = td.getBoundingClientRect();
    const [x, y] = centre(r);
    const labels = [];
    if (three) {
      // Merged group labels span many rows: looked at on the figure's own line.
      for (const th of table.querySelectorAll('tbody th')) {
        const t = th.getBoundingClientRect();
        if (t.top <= y && y <= t.bottom) labels.push(label(th, y));
      }
      // The column's own header: the header rows stay at the top of the box.
      for (const th of table.tHead.querySelectorAll('th[scope=col]')) {
        const t = th.getBoundingClientRect();
        if (t.left <= x && x <= t.right) labels.push(label(th));
      }
    } else {
      for (const th of table.tHead.querySelectorAll('th')) {
        const t = th.getBoundingClientRect();
        if (t.left <= x && x <= t.right) labels.push(label(th.querySelector('.nb-stick') || th));
      }
    }
    out.push({text: td.textContent.trim(), inBox: inBox(r), drawn: drawnAt(td, x, y),
              font: parseFloat(getComputedStyle(td).fontSize), scrolled: box.scrollLeft, labels});
  }
  return {figures: out, maxScroll: box.scrollWidth - box.clientWidth};
}
"""

# The labels that must stay put while the figures scroll: 三's row labels, 四's group labels.
FROZEN_JS = """
(box) => {
  const table = box.querySelector('table');
  const labels = table.classList.contains('nb-table-3')
    ? [...table.querySelectorAll('tbody tr:first-child th, td.nb-note')]
    : [...table.querySelectorAll('.nb-stick')];
  const where = () => labels.map(el => {
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    // A group's cell with room in the box for its label (inside the cell's padding and the
    // label's sticky insets): enough of its columns are in view.
    const th = el.closest('th, td'), cell = th.getBoundingClientRect();
    const px = (element, name) => parseFloat(getComputedStyle(element)[name]) || 0;
    const room = Math.min(cell.right - px(th, 'paddingRight'), b.right - px(el, 'right'))
               - Math.max(cell.left + px(th, 'paddingLeft'), b.left + px(el, 'left'));
    const at = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {text: el.textContent.trim(), left: Math.round(r.left),
            inView: room >= r.width + 1,
            drawn: at !== null && (at === el || el.contains(at)) && r.left >= b.left - 0.5 && r.right <= b.right + 0.5};
  });
  box.scrollIntoView({block: 'start', behavior: 'instant'});
  window.scrollBy(0, -120);  // below Material's fixed header
  box.scrollLeft = 0;
  const start = where();
  box.scrollLeft = box.scrollWidth;
  return {start, end: where(), scrolled: box.scrollLeft};
}
"""

TABLES = {"三": (TABLE_3, "table.nb-table-3"), "四": (TABLE_4, "table.nb-table-4")}


def _box(page, number: str):
    return page.locator(f".nb-table-box:has({TABLES[number][1]})")


def _figure_count(number: str) -> int:
    table = TABLES[number][0]
    return sum(len(g.rows) * len(g.columns) for g in table.grids)


@pytest.mark.parametrize("number", list(TABLES))
def test_phone_every_figure_reachable_visible_and_large(open_page: OpenPage, number: str) -> None:
    """Assert that at 375 px each figure of 三 and 四 scrolls into view inside its box, is drawn there (not under
    the frozen labels), is at least 16 px, and has the labels that name it on screen and drawn beside it."""
    page = open_page(REPORT_PATH, viewport=PHONE).page
    state = _box(page, number).evaluate(FIGURES_JS)
    figures = state["figures"]
    assert len(figures) == _figure_count(number)
    assert state["maxScroll"] > 0, "the table fits a phone: nothing tested scrolling"
    # Figures beyond the first screen really needed the box scrolled to be seen.
    assert max(f["scrolled"] for f in figures) > 0
    problems = [f for f in figures if not (f["inBox"] and f["drawn"] and f["font"] >= MIN_TEXT_PX)]
    assert problems == [], problems
    # 三: one to three row labels and the column's header; 四: its header and one or two groups.
    expected_labels = (2, 4) if number == "三" else (2, 3)
    for figure in figures:
        labels = figure["labels"]
        assert expected_labels[0] <= len(labels) <= expected_labels[1], figure
        hidden = [lab for lab in labels if not (lab["inBox"] and lab["drawn"] and lab["font"] >= MIN_TEXT_PX)]
        assert hidden == [], figure


@pytest.mark.parametrize("number", list(TABLES))
def test_phone_labels_stay_in_view_while_scrolling(open_page: OpenPage, number: str) -> None:
    """Assert that at 375 px 三's row labels and note stay at the same place, drawn, when the figures scroll to
    the far end, and that 四's group labels are still drawn there (they slide along with their columns)."""
    page = open_page(REPORT_PATH, viewport=PHONE).page
    state = _box(page, number).evaluate(FROZEN_JS)
    assert state["scrolled"] > 0
    start, end = state["start"], state["end"]
    if number == "三":
        assert start and all(lab["drawn"] for lab in start), start
        assert end == start
    else:
        # Whatever the scroll, a group with room in view for its label has it drawn there in full.
        for where in (start, end):
            assert all(lab["drawn"] for lab in where if lab["inView"]), where
        # At the far end the figures of 复议后起诉 are in view: its groups' labels are drawn above them.
        drawn = {lab["text"] for lab in end if lab["drawn"]}
        assert {"行政诉讼", TABLE_4.grids[0].rows[-1].label} <= drawn, end
