"""Label recognition is derived from the format declaration, and folds the variants of real reports."""

from __future__ import annotations

import pytest

from macros.format.national import PARTS, TABLES, TRIAL_2019_LABELS
from macros.importer.labels import _PAIRS, HEADERS, ROWS, TRIAL_2019, normalise, part_heading
from macros.importer.tables import parse_number


def _label_characters() -> set[str]:
    text = ""
    for table in TABLES:
        text += table.title + table.note
        for grid in table.grids:
            text += grid.caption + "".join(c.label + "".join(c.groups) for c in grid.columns)
            text += "".join(r.label + "".join(r.groups) for r in grid.rows)
    return set(text + "".join(title for _, title in PARTS))


def test_every_format_row_is_recognised_by_its_own_label() -> None:
    """Assert that every row label of the format maps to its own row (no alias clash hides one)."""
    for table in TABLES:
        for row in table.rows:
            target = ROWS[normalise(row.label)]
            assert (target.table.key, target.row) == (table.key, row.key)


def test_traditional_map_covers_only_label_characters() -> None:
    """Assert that every 繁体 pair maps to a character that occurs in the format's labels."""
    characters = _label_characters()
    assert all(pair[1] in characters and pair[0] not in characters for pair in _PAIRS)


_PARTIAL = TABLES[1].row("partial").label


@pytest.mark.parametrize(
    ("variant", "label"),
    [
        (
            "(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("（二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ('3、危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("行政處罰", "行政处罚"),
        ("四、結轉下年度繼續辦理", "四、结转下年度继续办理"),
        ("一、2023年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("二、上年結轉政府信息公開申請數量", "二、上年结转政府信息公开申请数量"),
    ],
)
def test_row_label_variants(variant: str, label: str) -> None:
    """Assert that brackets, spaces, 繁体 and years in a label still find the row."""
    assert ROWS[normalise(variant)] == ROWS[normalise(label)]


@pytest.mark.parametrize(
    "variant",
    ["本年(2023)制发件数", "本年（2023年）制发件数", "本年 制发 件数", "结果 维持", "本年收费金额(单位:万元)"],
)
def test_header_variants(variant: str) -> None:
    """Assert that column labels edited with a year or spaces are still header words."""
    assert normalise(variant) in HEADERS


def test_2019_labels_are_not_2021_labels() -> None:
    """Assert that no 2019 trial label is mistaken for a label of the current format."""
    assert len(TRIAL_2019) == len(TRIAL_2019_LABELS)
    assert not set(TRIAL_2019) & (set(ROWS) | set(HEADERS))


def test_part_headings() -> None:
    """Assert that the six headings and their variants are recognised, and table rows are not headings."""
    assert [part_heading(f"{n}、{t}") for n, t in PARTS] == [n for n, _ in PARTS]
    assert part_heading("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况") == "四"
    assert part_heading("六.其他需报告的事项") == "六"
    assert part_heading("四、结转下年度继续办理") is None
    assert part_heading("三、本年度办理结果") is None


def test_numbers() -> None:
    """Assert that counts are integers, the fee keeps its decimals, and nothing else is a number."""
    from decimal import Decimal

    count, fee = TABLES[0].grids[0].columns[0], TABLES[0].grids[3].columns[0]
    assert parse_number("1,234", count) == (1234, None)
    assert parse_number("１２", count) == (12, None)
    assert parse_number("0.50", fee) == (Decimal("0.50"), None)
    assert parse_number("1.5", count)[0] is None
    assert parse_number("—", count)[0] is None
    assert parse_number("-3", count)[0] is None


def test_every_importer_rule_is_declared() -> None:
    """Assert that every rule id the importer can report is declared once, and none is left unused."""
    import re
    from pathlib import Path

    import macros.importer as importer
    from macros.check.catalogue import CATALOGUE
    from macros.importer.rules import IMPORT_RULES

    source = "".join(p.read_text(encoding="utf-8") for p in Path(importer.__file__).parent.glob("*.py"))
    used = set(re.findall(r'"(import-[a-z-]+)"', source))
    assert used == set(IMPORT_RULES)
    assert not set(IMPORT_RULES) & set(CATALOGUE)
    assert all(rule.title for rule in IMPORT_RULES.values())
