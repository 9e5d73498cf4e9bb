"""`python -m macros new`: a blank report that cannot publish until filled, never over an existing one."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, seed_values, unpublish

from macros.authoring.scaffold import HINTS
from macros.authoring.schema import report_schema
from macros.check.load import load_organs
from macros.check.pages import check_page, split_parts
from macros.check.paths import ORGANS_FILE, data_path, page_path
from macros.check.project import check_project
from macros.cli import main
from macros.format.national import PARTS, TABLES_BY_NUMBER, cells
from macros.format.numbers import format_number

# A past year, so the test never depends on today's date.
YEAR = 2025
_HINT = re.compile(r"^\{#.*#\}$", re.MULTILINE)


def new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", *args])


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fill_numbers(text: str, values) -> str:
    """Replace the blanks in reading order, as an editor copying a spreadsheet would."""
    numbers = iter(format_number(values[c]) for c in cells())
    lines = []
    for line in text.splitlines():
        code, hash_, comment = line.partition("#")  # comments may say "null" too
        lines.append(re.sub(r"\bnull\b", lambda _: next(numbers), code) + hash_ + comment)
    assert next(numbers, None) is None
    return "\n".join(lines) + "\n"


def fill_narrative(page: str, bundled: str) -> str:
    """Replace each part's hint by the bundled report's text of that part."""
    bodies = iter(s.body.strip("\n") for s in split_parts(bundled) if s.number not in TABLES_BY_NUMBER)
    return _HINT.sub(lambda _: next(bodies), page)


def test_new_report_is_blank_valid_and_fails_only_as_unfilled(project_copy, capsys):
    """Assert that `new` writes a schema-valid data file whose only errors are 「未填写」, one per cell and part."""
    assert new(project_copy, "xiping", str(YEAR)) == 0
    assert "已新建" in capsys.readouterr().out
    data, page = data_path("xiping", YEAR), page_path("xiping", YEAR)
    text = (project_copy / data).read_text(encoding="utf-8")
    jsonschema.Draft7Validator(report_schema()).validate(yaml.safe_load(text))
    assert text.startswith("# yaml-language-server: $schema=../../../schema/report.schema.json\n")
    project = check_project(project_copy)
    errors = [(f.file, f.rule) for f in project.errors]
    assert all("未填写" in f.message for f in project.errors)
    assert errors.count((data, "blank")) == len(cells())
    narrative = [n for n, _ in PARTS if n not in TABLES_BY_NUMBER]
    assert errors.count((page, "part-blank")) == len(narrative)
    assert set(errors) == {(data, "blank"), (page, "part-blank")}
    # Each blank points at its own row, each part at its own heading.
    lines = text.splitlines()
    for finding in project.errors:
        if finding.file == data:
            assert "null" in lines[finding.line - 1]
        else:
            assert (project_copy / page).read_text(encoding="utf-8").splitlines()[finding.line - 1].startswith("## ")


def test_every_row_carries_its_official_label(project_copy):
    """Assert that every row of the blank data file has its label in a comment."""
    assert new(project_copy, "xiping", str(YEAR)) == 0
    text = (project_copy / data_path("xiping", YEAR)).read_text(encoding="utf-8")
    for table in TABLES_BY_NUMBER.values():
        for row in table.rows:
            line = next(line for line in text.splitlines() if line.lstrip().startswith(row.key + ":"))
            assert line.endswith(row.label) and "# " in line


def test_filled_report_builds_the_bundled_page(project_copy, built_site, tmp_path):
    """Assert that a new report filled with the seed's numbers and text is the bundled report."""
    bundled_page = (ROOT / page_path("xiping", 2024)).read_text(encoding="utf-8")
    unpublish(project_copy)
    for path in (data_path("xiping", 2024), page_path("xiping", 2024)):
        (project_copy / path).unlink()
    assert new(project_copy, "xiping", "2024") == 0
    data, page = project_copy / data_path("xiping", 2024), project_copy / page_path("xiping", 2024)
    data.write_text(fill_numbers(data.read_text(encoding="utf-8"), seed_values()), encoding="utf-8")
    scaffolded = page.read_text(encoding="utf-8")
    # Apart from the narrative, the page is the bundled page, character for character.
    assert _HINT.sub("", scaffolded) == _HINT.sub(
        "", re.sub(r"(## [一五六]、[^\n]*\n\n).*?(?=\n## |\Z)", r"\1{# x #}\n", bundled_page, flags=re.DOTALL)
    )
    page.write_text(fill_narrative(scaffolded, bundled_page), encoding="utf-8")
    project = check_project(project_copy)
    assert project.errors == []
    assert project.reports[("xiping", 2024)].values == seed_values()
    # Published on the bundled report's date, it is the bundled page.
    assert main(["--root", str(project_copy), "publish", "xiping", "2024", "--date", "2025-01-20"]) == 0
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    ours = BeautifulSoup((tmp_path / "site/xiping/2024/index.html").read_text(encoding="utf-8"), "html.parser")
    theirs = BeautifulSoup((built_site / "xiping/2024/index.html").read_text(encoding="utf-8"), "html.parser")
    assert str(ours.find("article")) == str(theirs.find("article"))
    assert len(ours.find("article").find_all("table")) == len(theirs.find("article").find_all("table")) > 0


def test_new_never_overwrites_a_report(project_copy, capsys):
    """Assert that `new` refuses when the data file or the page exists, and changes nothing."""
    before = snapshot(project_copy)
    assert new(project_copy, "xiping", "2024") == 1
    assert "不会覆盖" in capsys.readouterr().err
    (project_copy / data_path("xiping", 2024)).unlink()  # the page alone still blocks
    before = snapshot(project_copy)
    assert new(project_copy, "xiping", "2024") == 1
    err = capsys.readouterr().err
    assert page_path("xiping", 2024) in err and data_path("xiping", 2024) not in err
    assert snapshot(project_copy) == before


def test_a_deleted_published_report_is_not_recreated_blank(project_copy, capsys):
    """Assert that `new` refuses a report the lock file says was published, pointing at the kept copy."""
    for path in (data_path("xiping", 2024), page_path("xiping", 2024)):
        (project_copy / path).unlink()
    before = snapshot(project_copy)
    assert new(project_copy, "xiping", "2024") == 1
    err = capsys.readouterr().err
    assert "已于 2025-01-20 发布" in err and "data/published/xiping/2024.yaml" in err
    assert snapshot(project_copy) == before


def test_unknown_organ_is_refused_with_the_known_ones(project_copy, capsys):
    """Assert that an unknown organ is refused, naming every organ of the registry, and nothing is written."""
    before = snapshot(project_copy)
    assert new(project_copy, "donghai", str(YEAR)) == 1
    err = capsys.readouterr().err
    organs, _ = load_organs(ORGANS_FILE, (ROOT / ORGANS_FILE).read_text(encoding="utf-8"))
    assert organs
    for organ in organs.values():
        assert f"{organ.slug}：{organ.name}" in err
    assert "--add-organ" in err
    assert snapshot(project_copy) == before


def test_add_organ_appends_to_the_registry(project_copy):
    """Assert that --add-organ adds a valid entry, keeps the registry's comments, and scaffolds the report."""
    registry = project_copy / ORGANS_FILE
    before = registry.read_text(encoding="utf-8")
    args = ["--add-organ", "--name", "曲靖市沾益区人民政府龙华街道办事处", "--short", "龙华街道"]
    assert new(project_copy, "longhua", str(YEAR), *args, "--level", "街道", "--parent", "zhanyi") == 0
    after = registry.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    organs, findings = load_organs(ORGANS_FILE, after)
    assert findings == []
    assert organs["longhua"].short == "龙华街道" and organs["longhua"].parent == "zhanyi"
    project = check_project(project_copy)
    assert {f.rule for f in project.errors} == {"blank", "part-blank"}
    assert not any(f.rule == "organ-unknown" for f in project.findings)


@pytest.mark.parametrize(
    "args, words",
    [
        (["Long_Hua", "--name", "某街道办事处", "--short", "某街道", "--level", "街道"], "小写字母"),
        (["longhua", "--name", "某街道办事处", "--level", "街道"], "--short"),
        (["longhua", "--name", "某街道办事处", "--short", "某街道", "--level", "街道", "--parent", "nowhere"], "上级"),
        (["xiping", "--name", "某街道办事处", "--short", "某街道", "--level", "街道"], "已在名录"),
    ],
    ids=["bad-slug", "missing-field", "unknown-parent", "already-known"],
)
def test_add_organ_refuses_a_bad_entry(project_copy, capsys, args, words):
    """Assert that a bad --add-organ entry is refused with the reason, and nothing is written."""
    before = snapshot(project_copy)
    slug, *rest = args
    assert new(project_copy, slug, str(YEAR), "--add-organ", *rest) == 1
    assert words in capsys.readouterr().err
    assert snapshot(project_copy) == before


@pytest.mark.parametrize("year, words", [(2019, "2019 年试行格式"), (datetime.date.today().year + 1, "尚未开始")])
def test_years_outside_the_format_are_refused(project_copy, capsys, year, words):
    """Assert that a year before the 2021 format or in the future is refused."""
    before = snapshot(project_copy)
    assert new(project_copy, "xiping", str(year)) == 1
    assert words in capsys.readouterr().err
    assert snapshot(project_copy) == before


def test_every_narrative_part_has_a_hint():
    """Assert that the hints cover exactly the parts that have no table."""
    assert set(HINTS) == {n for n, _ in PARTS if n not in TABLES_BY_NUMBER}


def test_a_hint_is_not_prose():
    """Assert that a part holding only its hint (or headings) is 「未填写」, and any sentence fills it."""
    page = (ROOT / page_path("xiping", 2024)).read_text(encoding="utf-8")
    hint_only = r"\1\n{# 填写提示：写问题。 #}\n\n### （一）问题\n"
    blank = re.sub(r"(## 五、[^\n]*\n).*?(?=\n## 六)", hint_only, page, flags=re.S)
    found = [(f.line, f.rule) for f in check_page("p.md", blank, None) if not f.advisory]
    heading = next(i for i, line in enumerate(blank.splitlines(), start=1) if line.startswith("## 五、"))
    assert found == [(heading, "part-blank")]
    filled = blank.replace("### （一）问题", "### （一）问题\n\n本年度无。")
    assert [f for f in check_page("p.md", filled, None) if not f.advisory] == []


def test_hint_mentioning_the_fee_does_not_count_as_stating_it():
    """Assert that part 六 must state the fee in prose: the hint's 信息处理费 does not satisfy the advisory."""
    page = (ROOT / page_path("xiping", 2024)).read_text(encoding="utf-8")
    text = page.replace("2024 年未收取信息处理费。", "{# 信息处理费 #}\n\n其他事项无。")
    assert "part6-fee" in {f.rule for f in check_page("p.md", text, None)}
    assert "part6-fee" not in {f.rule for f in check_page("p.md", page, None)}


def test_scaffold_and_importer_use_no_private_name_of_another_module() -> None:
    """Assert that scaffold.py and the importer import only public names from the project's other modules."""
    private = []
    for path in [ROOT / "macros/authoring/scaffold.py", *sorted((ROOT / "macros/importer").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:  # a relative import: one of ours
                private += [f"{path.name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert private == []


def test_year_that_is_not_four_digits_is_refused(project_copy: Path, capsys) -> None:
    """Assert that a two-digit year is refused as a typo, not as a year of the 2019 format."""
    before = snapshot(project_copy)
    assert new(project_copy, "xiping", "24") == 1
    assert "年份「24」应为四位数字" in capsys.readouterr().err
    assert snapshot(project_copy) == before
