"""The supervising office's view: who must report, on time, late, not at all, drafts, withdrawals, the CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from conftest import build_site
from test_records_site import html

from macros.authoring.scaffold import scaffold_report
from macros.check.load import Organ, load_organs
from macros.check.paths import ORGANS_FILE
from macros.check.project import Project, check_project
from macros.cli import main
from macros.format.national import WITHDRAWN
from macros.site.builddate import ENV, BuildDate, current_build_date
from macros.site.supervision import (
    CSV_COLUMNS,
    IN_PROGRESS,
    LATE,
    MISSING,
    NOT_DUE,
    ON_TIME,
    STATUS_CSV,
    by_level,
    by_parent,
    render_supervision,
    standings,
    status_csv,
    tally,
)

# Fictional organs beside the seed's 西平街道: one with no report at all, one that
# must report only from 2025, one that reported 2022-2023 and was merged away (a 县级部门).
EXTRA_ORGANS = """
qingsong:
  name: 示例市示例区人民政府青松街道办事处
  short: 青松街道
  level: 街道
  parent: zhanyi

hebin:
  name: 示例市示例区河滨镇人民政府
  short: 河滨镇
  level: 乡镇
  parent: zhanyi
  reports_from: 2025

jiuju:
  name: 示例市示例区旧城改造办公室
  short: 区旧改办
  level: 县级部门
  parent: zhanyi
  reports_from: 2022
  reports_until: 2023
"""


def with_organs(root: Path, extra: str = EXTRA_ORGANS) -> Project:
    registry = root / ORGANS_FILE
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    project = check_project(root)
    assert project.blocking_errors == []
    return project


def by_slug(project: Project, as_of: date, year: int, preview: bool = False) -> dict:
    return {row.organ.slug: row for row in standings(project, as_of, preview)[year]}


def test_registered_organ_without_a_report_is_missing_after_the_deadline_not_due_before(project_copy: Path):
    """Assert that a registered organ with no report is 未到期限 up to its deadline and 未发布 the day after."""
    project = with_organs(project_copy)
    before = by_slug(project, date(2025, 1, 31), 2024)["qingsong"]
    assert (before.verdict, before.deadline, before.days_late, before.linked) == (NOT_DUE, date(2025, 1, 31), 0, False)
    after = by_slug(project, date(2025, 3, 2), 2024)["qingsong"]
    assert (after.verdict, after.days_late, after.published) == (MISSING, 30, None)


def test_who_must_report_comes_from_the_registry(project_copy: Path):
    """Assert reports_here: false (the parent), reports_from and reports_until decide which organ-years are listed."""
    project = with_organs(project_copy)
    as_of = date(2026, 4, 1)
    table = {year: {r.organ.slug for r in rows} for year, rows in standings(project, as_of).items()}
    # The site's first year is its earliest report or reports_from (jiuju's 2022); every organ is due from then.
    assert list(table) == [2025, 2024, 2023, 2022]
    assert table[2025] == {"xiping", "qingsong", "hebin"}
    assert table[2024] == {"xiping", "qingsong"}
    assert table[2023] == {"xiping", "qingsong", "jiuju"}
    assert all("zhanyi" not in organs for organs in table.values())


def test_site_years_start_at_the_first_report_without_reports_from(project_copy: Path):
    """Assert that, no organ saying reports_from, the years run from the first report to the last one due."""
    project = with_organs(project_copy, EXTRA_ORGANS.split("\nhebin:")[0])
    assert list(standings(project, date(2026, 2, 1))) == [2025, 2024]
    assert list(standings(project, date(2026, 1, 31))) == [2024]


def test_deadlines_by_level_and_days_late(project_copy: Path):
    """Assert 1月31日 for a 街道 and 县级部门, 3月31日 for a 县级政府, and the days late of a publication."""
    project = with_organs(project_copy)
    project.organs["zhanyi"] = Organ("zhanyi", "示例市示例区人民政府", "示例区政府", "县级政府", None)
    rows = by_slug(project, date(2025, 3, 31), 2024)
    assert (rows["zhanyi"].deadline, rows["zhanyi"].verdict) == (date(2025, 3, 31), NOT_DUE)
    assert by_slug(project, date(2025, 4, 10), 2024)["zhanyi"].days_late == 10
    assert by_slug(project, date(2024, 4, 10), 2023)["jiuju"].deadline == date(2024, 1, 31)
    project.reports[("xiping", 2024)].record.published = date(2025, 2, 2)
    xiping = by_slug(project, date(2025, 4, 10), 2024)["xiping"]
    assert (xiping.verdict, xiping.days_late, xiping.corrections, xiping.linked) == (LATE, 2, 0, True)


def test_a_draft_is_in_progress_in_a_preview_and_missing_in_public(project_copy: Path):
    """Assert that a draft shows as 草稿编写中 (linked) only in a preview; in public it is 未发布, and no link."""
    with_organs(project_copy)
    scaffold_report(project_copy, "qingsong", 2024)
    project = check_project(project_copy)
    public = by_slug(project, date(2025, 3, 2), 2024)["qingsong"]
    assert (public.verdict, public.linked, public.days_late) == (MISSING, False, 30)
    preview = by_slug(project, date(2025, 3, 2), 2024, preview=True)["qingsong"]
    assert (preview.verdict, preview.linked, preview.days_late, preview.decided) == (IN_PROGRESS, True, 30, True)
    when = BuildDate(1740873600, True)  # 2025-03-02 in Beijing
    public_page = render_supervision(project, when)
    assert IN_PROGRESS not in public_page and "qingsong/2024" not in public_page
    preview_page = render_supervision(project, when, preview=True)
    assert f'nb-verdict--draft">{IN_PROGRESS}</span>' in preview_page and 'href="../qingsong/2024/"' in preview_page
    # A draft of a year not yet due adds no year to the public view.
    scaffold_report(project_copy, "qingsong", 2025)
    project = check_project(project_copy)
    assert list(standings(project, date(2025, 3, 2))) == [2024, 2023, 2022]
    assert 2025 in standings(project, date(2025, 3, 2), preview=True)


def test_a_withdrawn_report_is_withdrawn_and_not_on_time(project_copy: Path):
    """Assert that a withdrawn report keeps its publication date, gives its withdrawal date, and is not on time."""
    args = ["--root", str(project_copy), "withdraw", "xiping", "2024", "--date", "2025-06-01"]
    assert main([*args, "--reason", "误将未经审核的版本发布。"]) == 0
    project = with_organs(project_copy)
    rows = standings(project, date(2025, 7, 1))[2024]
    xiping = next(r for r in rows if r.organ.slug == "xiping")
    assert (xiping.verdict, xiping.published, xiping.withdrawn, xiping.linked) == (
        WITHDRAWN,
        date(2025, 1, 20),
        date(2025, 6, 1),
        True,
    )
    counted = tally("2024", rows)
    assert (counted.total, counted.decided, counted.on_time) == (2, 2, 0)
    assert counted.counts[WITHDRAWN] == 1 and counted.counts[MISSING] == 1


def test_on_time_rate_per_level_and_per_parent(project_copy: Path):
    """Assert counts and rates per level and per parent, with undecided (not yet due) reports left out of the rate."""
    project = with_organs(project_copy)
    rows = standings(project, date(2025, 2, 1))[2024]
    (street,) = by_level(rows)
    assert (street.label, street.total, street.on_time, street.decided) == ("街道", 2, 1, 2)
    assert street.rate() == "按时发布率 50.0%（已到期限的 2 个中按时发布 1 个）"
    (parent,) = by_parent(project, rows)
    assert (parent.label, parent.total) == ("曲靖市沾益区人民政府", 2)
    early = tally("2024", standings(project, date(2025, 1, 25))[2024])
    # Published before the deadline counts; the organ with nothing yet does not.
    assert (early.decided, early.on_time, early.counts[NOT_DUE]) == (1, 1, 1)
    # As of a day before its publication, the report was not yet published.
    before = by_slug(project, date(2025, 1, 15), 2024)["xiping"]
    assert (before.verdict, before.published, before.linked) == (NOT_DUE, None, False)
    assert tally("空", []).rate() == "按时发布率：尚无到期的报告"


def test_status_csv_has_one_row_per_organ_year(project_copy: Path):
    """Assert the CSV's BOM, Chinese headers, and the values of an on-time, a missing and a not-yet-due row."""
    project = with_organs(project_copy)
    content = status_csv(project, date(2026, 2, 10))
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[:12] == (
        *("机关代号", "机关名称", "层级", "上级机关代号", "上级机关", "年度"),
        *("期限", "状态", "发布日期", "逾期天数", "更正次数", "撤回日期"),
    )
    records = {(r[0], r[5]): dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert len(records) == len(rows) - 1 == sum(len(v) for v in standings(project, date(2026, 2, 10)).values())
    on_time = records[("xiping", "2024")]
    assert on_time == {
        "机关代号": "xiping",
        "机关名称": "曲靖市沾益区人民政府西平街道办事处",
        "层级": "街道",
        "上级机关代号": "zhanyi",
        "上级机关": "曲靖市沾益区人民政府",
        "年度": "2024",
        "期限": "2025-01-31",
        "状态": ON_TIME,
        "发布日期": "2025-01-20",
        "逾期天数": "0",
        "更正次数": "0",
        "撤回日期": "",
        "统计日期": "2026-02-10",
    }
    missing = records[("qingsong", "2025")]
    assert (missing["状态"], missing["逾期天数"], missing["发布日期"], missing["更正次数"]) == (MISSING, "10", "", "")
    jiuju = records[("jiuju", "2023")]
    assert jiuju["状态"] == MISSING and ("jiuju", "2024") not in records


def test_build_date_is_today_unless_source_date_epoch_says(monkeypatch):
    """Assert that the build date is today's (Beijing) without SOURCE_DATE_EPOCH, and says which it is."""
    monkeypatch.delenv(ENV, raising=False)
    now = current_build_date()
    assert not now.given and "当天" in now.explained()
    monkeypatch.setenv(ENV, "1737331200")  # 2025-01-20 00:00 UTC, 08:00 in Beijing
    given = current_build_date()
    assert given.given and given.day == date(2025, 1, 20) and ENV in given.explained()
    # 16:00 UTC on 31 January is 1 February in Beijing: the day deadlines are counted in.
    assert BuildDate(1738339200, True).day == date(2025, 2, 1)


def test_registry_years_are_validated_with_their_line():
    """Assert located organ-years findings: a year that is text, until before from, reports_here not a boolean."""
    text = """a:
  name: 示例县甲局
  short: 甲局
  level: 县级部门
  reports_from: 二〇二一
b:
  name: 示例县乙局
  short: 乙局
  level: 县级部门
  reports_from: 2023
  reports_until: 2022
c:
  name: 示例县丙局
  short: 丙局
  level: 县级部门
  reports_here: 否
d:
  name: 示例县丁局
  short: 丁局
  level: 县级部门
  reports_here: false
  reports_from: 2022
  reports_until: 2024
"""
    organs, findings = load_organs(ORGANS_FILE, text)
    assert [(f.file, f.line, f.rule) for f in findings] == [
        (ORGANS_FILE, 5, "organ-years"),
        (ORGANS_FILE, 11, "organ-years"),
        (ORGANS_FILE, 16, "organ-years"),
    ]
    assert "最后年度 2022 年早于起始年度 2023 年" in findings[1].message
    d = organs["d"]
    assert (d.reports_here, d.reports_from, d.reports_until) == (False, 2022, 2024)
    assert not d.must_report(2023, 2021) and organs["a"].must_report(2021, 2021)
    # Still registered (its reports are not orphaned), the contradicting year left out.
    assert (organs["b"].reports_from, organs["b"].reports_until) == (2023, None)


def test_public_and_preview_pages_state_the_date_and_link_the_csv(project_copy: Path, tmp_path: Path):
    """Assert that the built status page lists the organ without a report, states the date and links the CSV."""
    with_organs(project_copy)
    scaffold_report(project_copy, "qingsong", 2024)
    env = {ENV: "1740873600"}  # 2025-03-02
    public = tmp_path / "public"
    result = build_site(project_copy, public, env=env)
    assert result.returncode == 0, result.stderr
    article = html(public, "status/index.html").find("article")
    text = article.get_text()
    assert "统计截至 2025-03-02" in text and ENV in text
    cards = {li.find("strong").get_text(): li for li in article.select(".nb-standings li")}
    assert "未发布" in cards["示例市示例区人民政府青松街道办事处"].get_text()
    assert cards["示例市示例区人民政府青松街道办事处"].find("a") is None
    link = article.find("a", string=lambda s: s and "CSV" in s)
    assert link["href"] == f"../{STATUS_CSV}"
    served = (public / STATUS_CSV).read_bytes().decode("utf-8-sig")
    assert "qingsong,示例市示例区人民政府青松街道办事处,街道,zhanyi" in served and IN_PROGRESS not in served
    preview = tmp_path / "preview"
    result = build_site(project_copy, preview, preview=True, env=env)
    assert result.returncode == 0, result.stderr
    article = html(preview, "status/index.html").find("article")
    card = next(li for li in article.select(".nb-standings li") if "青松街道" in li.get_text())
    assert IN_PROGRESS in card.get_text() and card.find("a")["href"] == "../qingsong/2024/"
    assert IN_PROGRESS in (preview / STATUS_CSV).read_bytes().decode("utf-8-sig")
