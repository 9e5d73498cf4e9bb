"""The strict loader: every kind of bad input gives one clear finding with its line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT, seed_values

from macros.authoring.datafile import dump_report
from macros.check.load import load_organs, load_report
from macros.check.reader import DATA_LIMIT
from macros.format.national import Cell, cells

PATH = "data/reports/xiping/2024.yaml"
SEED_TEXT = dump_report(seed_values())


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def replace_line(text: str, needle: str, new: str) -> str:
    lines = text.splitlines()
    index = line_of(text, needle) - 1
    lines[index] = new
    return "\n".join(lines) + "\n"


def findings_of(text: str) -> list[tuple[str, int, str]]:
    _, findings = load_report(PATH, text, "xiping", 2024)
    return [(f.file, f.line, f.rule) for f in findings]


def test_seed_data_loads_without_findings():
    """Assert that the seed's numbers load completely and exactly."""
    report, findings = load_report(PATH, SEED_TEXT, "xiping", 2024)
    assert findings == []
    assert report.values == seed_values()
    assert report.value("proactive", "penalty", "decisions") == 287
    assert len(report.values) == len(cells()) == 10 + 25 * 7 + 15


def test_bundled_data_file_is_the_seed():
    """Assert that the bundled data file holds exactly the seed's numbers."""
    text = (ROOT / PATH).read_text(encoding="utf-8")
    report, findings = load_report(PATH, text, "xiping", 2024)
    assert findings == []
    assert report.values == seed_values()


BAD_CELLS = [
    # (what the editor wrote for 行政处罚, rule, words the message must contain)
    ("penalty:   -3", "negative", "不能为负数"),
    ("penalty:   ~", "blank", "未填写"),
    ("penalty:", "blank", "未填写"),
    ("penalty:   yes", "not-number", "布尔值"),
    ("penalty:   true", "not-number", "布尔值"),
    ("penalty:   287.5", "not-integer", "整数"),
    ('penalty:   "287"', "not-number", "不要加引号"),
    ("penalty:   ２８７", "not-number", "半角数字"),
    ("penalty:   二百八十七", "not-number", "文字"),
    ("penalty:   0x11F", "not-number", "十进制"),
    ("penalty:   1_000", "not-number", "十进制"),
    ("penalty:   .inf", "not-number", "十进制"),
    ("penalty:   [287, 1]", "wrong-length", "应有 1 个数值"),
    ("penalty:   {a: 1}", "not-number", "映射"),
]


@pytest.mark.parametrize("line, rule, words", BAD_CELLS, ids=[b[0] for b in BAD_CELLS])
def test_bad_cell_gives_one_finding_on_its_line(line, rule, words):
    """Assert that each kind of bad value gives exactly one finding, on its own line."""
    text = replace_line(SEED_TEXT, "penalty:", "  " + line)
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.file, f.line, f.rule) for f in findings] == [(PATH, line_of(text, "penalty:"), rule)]
    assert words in findings[0].message
    assert "行政处罚" in findings[0].message


def test_blank_inside_a_row_points_at_the_row():
    """Assert that one null among seven values is reported as 未填写 with its label."""
    text = replace_line(SEED_TEXT, "disclosed:", "  disclosed: [0, 0, null, 0, 0, 0, 0]")
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(line_of(text, "disclosed:"), "blank")]
    assert "「（一）予以公开」「科研机构」未填写" in findings[0].message


def test_float_in_count_cell_and_decimal_fee():
    """Assert that a count must be an integer while the fee keeps its exact decimal."""
    text = replace_line(SEED_TEXT, "fees:", "  fees: 12.3456")
    text = replace_line(text, "licensing:", "  licensing: 1.0")
    report, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(line_of(text, "licensing:"), "not-integer")]
    fee = report.value("proactive", "fees", "amount")
    assert fee == Decimal("12.3456") and isinstance(fee, Decimal)


def test_negative_fee_and_fee_text():
    """Assert that the fee is checked as a non-negative decimal number."""
    text = replace_line(SEED_TEXT, "fees:", "  fees: -0.5")
    assert findings_of(text) == [(PATH, line_of(text, "fees:"), "negative")]
    text = replace_line(SEED_TEXT, "fees:", "  fees: 1e3")
    assert findings_of(text) == [(PATH, line_of(text, "fees:"), "not-number")]


def test_leading_zero_is_not_octal():
    """Assert that 010 is refused rather than read as YAML 1.1 octal 8."""
    text = replace_line(SEED_TEXT, "penalty:", "  penalty: 010")
    assert findings_of(text) == [(PATH, line_of(text, "penalty:"), "not-number")]


def test_duplicate_key_is_lost_data():
    """Assert that a repeated row key is an error naming both lines, not a silent overwrite."""
    text = SEED_TEXT.replace("  coercion:", "  penalty:   5\n  coercion:", 1)
    first, second = line_of(text, "penalty:"), line_of(text, "penalty:   5")
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(second, "duplicate-key")]
    assert f"第 {first} 行" in findings[0].message


def test_duplicate_table_key():
    """Assert that a table given twice is reported at the second one."""
    text = SEED_TEXT + "appeals:\n  review: [0, 0, 0, 0, 0]\n"
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if line.startswith("appeals:")]
    assert findings_of(text) == [(PATH, lines[1], "duplicate-key")]


def test_unknown_keys():
    """Assert that a misspelt row or table key is an error listing the allowed keys."""
    text = SEED_TEXT.replace("  coercion:", "  penalties: 1\n  coercion:", 1)
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(line_of(text, "penalties:"), "unknown-key")]
    assert "penalty" in findings[0].message
    text = SEED_TEXT + "extra: 1\n"
    assert findings_of(text) == [(PATH, line_of(text, "extra:"), "unknown-key")]


def test_a_data_file_past_its_limit_is_not_parsed():
    """Assert that the seed padded with comments loads up to DATA_LIMIT characters and one past it is refused."""
    padding = DATA_LIMIT - len(SEED_TEXT)
    assert findings_of(SEED_TEXT + "#" * (padding - 1) + "\n") == []
    _, findings = load_report(PATH, SEED_TEXT + "#" * padding + "\n", "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(1, "input-limit")]
    assert f"{DATA_LIMIT:,}" in findings[0].message


def test_missing_row_and_missing_table():
    """Assert that a missing row is named with its label at its table, a missing table at line 1."""
    text = "\n".join(line for line in SEED_TEXT.splitlines() if "other_no_fee:" not in line) + "\n"
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(line_of(text, "requests:"), "missing")]
    assert "申请人逾期未按收费通知要求缴纳费用" in findings[0].message
    text = SEED_TEXT[: SEED_TEXT.index("# 四、")]
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(1, "missing")]
    assert "表四" in findings[0].message


def test_row_of_wrong_shape_and_length():
    """Assert that a row must be a list of exactly as many values as the table has columns."""
    text = replace_line(SEED_TEXT, "carried_over:", "  carried_over: [0, 0, 0, 0, 0, 0]")
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [(f.line, f.rule) for f in findings] == [(line_of(text, "carried_over:"), "wrong-length")]
    assert "实有 6 个" in findings[0].message
    text = replace_line(SEED_TEXT, "carried_over:", "  carried_over: 0")
    assert findings_of(text) == [(PATH, line_of(text, "carried_over:"), "wrong-shape")]


def test_yaml_syntax_error_keeps_its_line():
    """Assert that PyYAML's own syntax errors come through with their line."""
    text = replace_line(SEED_TEXT, "new:", "  new: [0, 0, 0, 0, 0, 0, 0")
    findings = findings_of(text)
    assert len(findings) == 1 and findings[0][2] == "yaml-syntax"
    assert line_of(text, "new:") <= findings[0][1] <= line_of(text, "new:") + 2


def test_empty_and_non_mapping_files():
    """Assert that an empty file or a list at the top is a clear error, not a crash."""
    assert findings_of("") == [(PATH, 1, "missing")]
    found = findings_of("- 1\n- 2\n")
    assert (PATH, 1, "wrong-shape") in found


def test_hostile_text_is_just_text():
    """Assert that markup or template syntax in a value is reported as text, never evaluated."""
    text = replace_line(SEED_TEXT, "penalty:", '  penalty: "<script>{{ config }}</script>"')
    _, findings = load_report(PATH, text, "xiping", 2024)
    assert [f.rule for f in findings] == ["not-number"]
    assert "<script>" in findings[0].message


def test_python_tags_are_refused(tmp_path):
    """Assert that a YAML tag that would build a Python object is refused, never run."""
    marker = tmp_path / "ran"
    text = replace_line(SEED_TEXT, "penalty:", f"  penalty: !!python/object/apply:os.system ['touch {marker}']")
    assert findings_of(text) == [(PATH, line_of(text, "penalty:"), "not-number")]
    assert not marker.exists()


def test_every_value_remembers_its_line():
    """Assert that each cell's line is the line where it is written."""
    report, _ = load_report(PATH, SEED_TEXT, "xiping", 2024)
    assert report.line(Cell("requests", "results_total", "total")) == line_of(SEED_TEXT, "results_total:")
    assert report.line(Cell("appeals", "after_review", "pending")) == line_of(SEED_TEXT, "after_review:")


ORGANS = """\
zhanyi:
  name: 曲靖市沾益区人民政府
  short: 沾益区政府
  level: 县级政府
  parent: null
xiping:
  name: 曲靖市沾益区人民政府西平街道办事处
  short: 西平街道
  level: 街道
  parent: zhanyi
"""


def test_registry_loads():
    """Assert that the bundled registry and a minimal one load with parents resolved."""
    organs, findings = load_organs("data/organs.yaml", (ROOT / "data/organs.yaml").read_text(encoding="utf-8"))
    assert findings == [] and organs["xiping"].level == "街道" and organs["xiping"].parent == "zhanyi"
    organs, findings = load_organs("o.yaml", ORGANS)
    assert findings == [] and set(organs) == {"zhanyi", "xiping"}


@pytest.mark.parametrize(
    "old, new, rule",
    [
        ("  level: 街道", "  level: 社区", "organ-level"),
        ("  parent: zhanyi", "  parent: nowhere", "organ-parent"),
        ("  short: 西平街道", "  short: 西平街道\n  short: 西平", "duplicate-key"),
        ("  short: 西平街道", "  short: 西平街道\n  phone: 123", "unknown-key"),
        ("  short: 西平街道\n", "", "missing"),
        ("xiping:", "XiPing:", "organ-slug"),
    ],
)
def test_registry_errors(old, new, rule):
    """Assert that each registry mistake gives its rule."""
    _, findings = load_organs("o.yaml", ORGANS.replace(old, new))
    assert [f.rule for f in findings] == [rule]


@pytest.mark.parametrize(
    "old, new, rule",
    [
        ("xiping:", "data:", "organ-slug"),
        ("xiping:", "guide:", "organ-slug"),
        ("  short: 西平街道", "  short: 西平<script>alert(1)</script>", "organ-name"),
        ("  name: 曲靖市沾益区人民政府西平街道办事处", "  name: 曲靖市*沾益区*西平街道", "organ-name"),
        ("  short: 西平街道", "  short: =HYPERLINK(1)", "organ-name"),
    ],
)
def test_registry_refuses_names_and_codes_that_would_break_the_site(old, new, rule):
    """Assert that a code the site uses, or markup or a formula in a name, is refused when loading."""
    _, findings = load_organs("o.yaml", ORGANS.replace(old, new))
    assert [f.rule for f in findings] == [rule]
