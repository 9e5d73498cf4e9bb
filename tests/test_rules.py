"""Each rule of the national format: a passing and a failing case, as (file, line, rule)."""

from __future__ import annotations

from conftest import seed_values

from macros.authoring.datafile import dump_report
from macros.check.catalogue import CATALOGUE
from macros.check.load import Organ, Report, load_report
from macros.check.rules import REPORT_RULES, check_across_years, check_report
from macros.format.national import Cell

PATH = "data/reports/xiping/2024.yaml"
STREET = Organ("xiping", "曲靖市沾益区人民政府西平街道办事处", "西平街道", "街道", "zhanyi")
CITY = Organ("qujing", "曲靖市人民政府", "曲靖市政府", "设区的市政府", None)


def make(changes: dict[tuple[str, str], list[int] | int], path: str = PATH, year: int = 2024) -> Report:
    """A report from the seed's numbers with whole rows replaced, loaded from real YAML text."""
    values = seed_values()
    for (table, row), new in changes.items():
        columns = [c for c in values if c.table == table and c.row == row]
        for cell, value in zip(columns, new if isinstance(new, list) else [new], strict=True):
            values[cell] = value
    report, findings = load_report(path, dump_report(values), "xiping", year)
    assert findings == []
    return report


def found(report: Report, organ: Organ | None = STREET) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in check_report(report, organ)]


def row_line(report: Report, table: str, row: str) -> int:
    return report.row_line(table, row)


ONE = [1, 0, 0, 0, 0, 0, 1]
# One application received this year and disclosed: consistent in every rule.
VALID = {("requests", "new"): ONE, ("requests", "disclosed"): ONE, ("requests", "results_total"): ONE}


def test_seed_and_valid_report_pass_every_rule():
    """Assert that the seed and a non-trivial consistent report give no finding."""
    assert found(make({})) == []
    assert found(make(VALID)) == []
    carried = {
        **VALID,
        ("requests", "carried_in"): [2, 1, 0, 0, 0, 0, 3],
        ("requests", "carried_over"): [2, 1, 0, 0, 0, 0, 3],
    }
    assert found(make(carried)) == []


def test_t3_balance_per_column():
    """Assert that 一 + 二 ≠ （七）总计 + 四 is reported per column on the 一 row, with both sides."""
    report = make({("requests", "new"): ONE})
    line = row_line(report, "requests", "new")
    assert found(report) == [(PATH, line, "t3-balance")] * 2
    messages = [f.message for f in check_report(report, STREET)]
    assert "「自然人」列" in messages[0] and "「总计」列" in messages[1]
    assert "应为 0，实为 1" in messages[0]


def test_t3_balance_with_carry_over():
    """Assert that 结转下年度 counts on the right-hand side of the balance."""
    report = make({**VALID, ("requests", "carried_over"): ONE})
    assert found(report) == [(PATH, row_line(report, "requests", "new"), "t3-balance")] * 2


def test_t3_row_total():
    """Assert that a row whose 总计 is not the sum of the six applicant columns is reported on that row."""
    two = [1, 0, 0, 0, 0, 0, 2]
    report = make({("requests", "new"): two, ("requests", "disclosed"): two, ("requests", "results_total"): two})
    rows = ["new", "disclosed", "results_total"]
    assert found(report) == [(PATH, row_line(report, "requests", r), "t3-row-total") for r in rows]
    assert "应为 1，实为 2" in check_report(report, STREET)[0].message


def test_t3_result_total():
    """Assert that （七）总计 must be the sum of the 21 result rows, per column."""
    report = make({**VALID, ("requests", "refused_secret"): ONE})
    line = row_line(report, "requests", "results_total")
    assert found(report) == [(PATH, line, "t3-result-total")] * 2
    assert "应为 2，实为 1" in check_report(report, STREET)[0].message
    # The leaf rows of every group count: the last one of （六） too.
    report = make({("requests", "new"): ONE, ("requests", "other_other"): ONE, ("requests", "results_total"): ONE})
    assert found(report) == []


def test_t4_totals():
    """Assert that each of the three 总计 of table 四 is checked on its own line."""
    good = {("appeals", "review"): [1, 1, 0, 1, 3], ("appeals", "direct"): [0, 0, 1, 0, 1]}
    assert found(make(good)) == []
    report = make({**good, ("appeals", "after_review"): [0, 2, 0, 0, 1]})
    assert found(report) == [(PATH, row_line(report, "appeals", "after_review"), "t4-total")]
    message = check_report(report, STREET)[0].message
    assert "行政诉讼复议后起诉" in message and "应为 2，实为 1" in message


def test_t2_rules_at_a_street_is_an_advisory():
    """Assert that 规章 at a 街道 is shown as an advisory, and not at a 设区的市 government."""
    report = make({("proactive", "rules"): [1, 0, 1]})
    findings = check_report(report, STREET)
    line = row_line(report, "proactive", "rules")
    assert [(f.file, f.line, f.rule, f.advisory) for f in findings] == [(PATH, line, "t2-rules-local", True)] * 2
    assert found(report, CITY) == []


def test_t2_repealed_without_any_in_force_is_an_advisory():
    """Assert that 本年废止 > 0 with 现行有效 0 is an advisory on that row."""
    report = make({("proactive", "normative"): [0, 2, 0]})
    findings = check_report(report, CITY)
    assert [(f.line, f.rule, f.advisory) for f in findings] == [
        (row_line(report, "proactive", "normative"), "t2-repealed-none-in-force", True)
    ]
    assert found(make({("proactive", "normative"): [0, 2, 5]}), CITY) == []


def test_across_years_carry_over():
    """Assert that this year's 上年结转 must equal last year's 结转下年度, per column."""
    last = make(
        {
            **VALID,
            ("requests", "disclosed"): [0] * 7,
            ("requests", "results_total"): [0] * 7,
            ("requests", "carried_over"): ONE,
        },
        path="data/reports/xiping/2023.yaml",
        year=2023,
    )
    now = make({})
    found_now = [(f.file, f.line, f.rule) for f in check_across_years(last, now)]
    assert found_now == [(PATH, row_line(now, "requests", "carried_in"), "across-carry")] * 2
    now = make({("requests", "carried_in"): ONE, ("requests", "disclosed"): ONE, ("requests", "results_total"): ONE})
    assert list(check_across_years(last, now)) == []


def test_across_years_in_force_is_an_advisory():
    """Assert that 现行有效 not moving by 制发 − 废止 is an advisory, and silent when it does."""
    last = make({("proactive", "normative"): [3, 0, 5]}, path="data/reports/xiping/2023.yaml", year=2023)
    now = make({("proactive", "normative"): [1, 0, 5]})
    findings = list(check_across_years(last, now))
    assert [(f.line, f.rule, f.advisory) for f in findings] == [
        (row_line(now, "proactive", "normative"), "across-in-force", True)
    ]
    assert list(check_across_years(last, make({("proactive", "normative"): [1, 0, 6]}))) == []


def test_rules_skip_cells_the_loader_rejected():
    """Assert that a blank cell is reported once (未填写), not again as broken arithmetic."""
    text = dump_report(seed_values()).replace(
        "  new:                 [0, 0, 0", "  new:                 [null, 0, 0", 1
    )
    report, findings = load_report(PATH, text, "xiping", 2024)
    assert [f.rule for f in findings] == ["blank"]
    assert check_report(report, STREET) == []
    assert Cell("requests", "new", "natural") not in report.values


def test_every_rule_is_catalogued_with_a_chinese_title():
    """Assert that every report rule has a stable id in the catalogue and a Chinese title."""
    ids = [rule.id for rule, _ in REPORT_RULES]
    assert len(ids) == len(set(ids)) >= 6
    for rule_id, rule in CATALOGUE.items():
        assert rule.id == rule_id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.title), rule_id
