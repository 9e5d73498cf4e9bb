"""The seed text imports to the bundled report; the command writes, checks and never overwrites."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import build_site
from importing import (
    SEED,
    bundled_page,
    bundled_report,
    import_text,
    line_of,
    loaded,
    narrative,
    organ,
    seed_lines,
)

from macros.authoring.scaffold import render_data
from macros.check.pages import check_page
from macros.check.project import check_project
from macros.cli import main
from macros.format.national import Cell, report_title
from macros.importer import import_file
from macros.record.lock import LOCK_FILE, SNAPSHOT_DIR, dump_lock


def test_seed_imports_to_bundled_data(tmp_path: Path) -> None:
    """Assert that the seed text, messy rows included, imports to the bundled data with no finding."""
    imported = import_file(SEED, organ(), 2024)
    assert imported.findings == []
    assert not imported.refused
    assert loaded(imported).values == bundled_report().values
    assert imported.values[Cell("proactive", "penalty", "decisions")] == 287


def test_seed_page_narrative_equals_bundled(tmp_path: Path) -> None:
    """Assert that parts 一, 五 and 六 of the imported page equal the bundled page's, wording untouched."""
    imported = import_text(tmp_path, seed_lines())
    assert narrative(imported.page_text) == narrative(bundled_page())
    text = narrative(imported.page_text)
    assert "明确审查程序 and 责任人" in text["一"]  # stray words are kept, not corrected
    assert "信息公开“失控”\n\n现象。二是**建立健全" in text["一"]  # the broken paragraph stays broken
    assert "### （一）主动公开" in text["一"] and "### (一) 存在的主要问题" in text["五"]


def test_seed_page_has_the_report_page_shape(tmp_path: Path) -> None:
    """Assert that the imported page is a valid report page: front matter, macros, six parts in order."""
    page = import_text(tmp_path, seed_lines()).page_text
    assert page.startswith("---\ntitle: 2024 年报告\ndescription: 曲靖市沾益区人民政府西平街道办事处2024年")
    assert "# {{ full_title() }}" in page and "{{ check_summary() }}" in page
    assert [f for f in check_page("docs/xiping/2024.md", page, bundled_report()) if not f.advisory] == []
    assert page == bundled_page()


def _remove_bundled(root: Path) -> None:
    """Take the bundled report out of the copy, publication record included: a clean slate to import into."""
    (root / "data/reports/xiping/2024.yaml").unlink()
    (root / "docs/xiping/2024.md").unlink()
    (root / LOCK_FILE).write_text(dump_lock({}), encoding="utf-8")
    shutil.rmtree(root / SNAPSHOT_DIR / "xiping")


def _run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "import", *args])


def test_command_writes_data_and_page_and_checks(project_copy: Path, capsys) -> None:
    """Assert that `import` writes both files, the project then checks clean, and it exits 0."""
    _remove_bundled(project_copy)
    assert _run(project_copy, str(SEED), "--organ", "xiping", "--year", "2024") == 0
    assert (project_copy / "docs/xiping/2024.md").read_text(encoding="utf-8") == bundled_page()
    project = check_project(project_copy)
    assert project.errors == []
    assert project.reports[("xiping", 2024)].values == bundled_report().values
    err = capsys.readouterr().err
    assert "已写入 data/reports/xiping/2024.yaml" in err and "检查通过" in err


def test_command_never_overwrites_without_force(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that an existing draft is left byte for byte unless --force is given."""
    _remove_bundled(project_copy)
    data = project_copy / "data/reports/xiping/2024.yaml"
    blank = tmp_path / "blank.txt"
    blank.write_text("\n".join(line.replace("行政处罚\t287", "行政处罚\t") for line in seed_lines()), encoding="utf-8")
    assert _run(project_copy, str(blank), "--organ", "xiping", "--year", "2024") == 1
    before = data.read_bytes()
    assert _run(project_copy, str(SEED), "--organ", "xiping", "--year", "2024") == 1
    assert data.read_bytes() == before
    assert "--force" in capsys.readouterr().err
    assert _run(project_copy, str(SEED), "--organ", "xiping", "--year", "2024", "--force") == 0
    assert "由 xiping-2024.txt 导入" in data.read_text(encoding="utf-8")
    assert check_project(project_copy).errors == []


def test_command_never_overwrites_a_published_report(project_copy: Path, capsys) -> None:
    """Assert that a published report is not replaced by an import, not even with --force."""
    data = project_copy / "data/reports/xiping/2024.yaml"
    before = data.read_bytes()
    assert _run(project_copy, str(SEED), "--organ", "xiping", "--year", "2024", "--force") == 1
    assert data.read_bytes() == before
    assert "已发布" in capsys.readouterr().err
    assert check_project(project_copy).errors == []


def test_command_refuses_a_year_before_the_format(project_copy: Path, capsys) -> None:
    """Assert that a year before 2021 (the 2019 trial format's years) is refused before reading the file."""
    assert _run(project_copy, str(SEED), "--organ", "xiping", "--year", "2020") == 1
    assert "2019 年试行格式" in capsys.readouterr().err
    assert not (project_copy / "data/reports/xiping/2020.yaml").exists()


def test_command_refuses_unknown_organ_and_missing_file(project_copy: Path, capsys) -> None:
    """Assert that an organ not in the registry or a missing file stops before anything is written."""
    _remove_bundled(project_copy)
    assert _run(project_copy, str(SEED), "--organ", "nowhere", "--year", "2024") == 1
    assert "nowhere" in capsys.readouterr().err
    assert _run(project_copy, str(project_copy / "none.txt"), "--organ", "xiping", "--year", "2024") == 1
    assert not (project_copy / "data/reports/xiping/2024.yaml").exists()


def test_command_fails_on_a_finding_and_leaves_blank_as_null(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that a blank cell is written as null, the check reports it at its line, and the exit is 1."""
    _remove_bundled(project_copy)
    lines = [line.replace("行政处罚\t287", "行政处罚\t") for line in seed_lines()]
    source = tmp_path / "blank.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    assert _run(project_copy, str(source), "--organ", "xiping", "--year", "2024") == 1
    data = (project_copy / "data/reports/xiping/2024.yaml").read_text(encoding="utf-8")
    penalty_line = next(i for i, line in enumerate(data.split("\n"), start=1) if line.startswith("  penalty:"))
    assert data.split("\n")[penalty_line - 1].split("#")[0].split(":")[1].strip() == "null"
    out = capsys.readouterr().out
    assert f"data/reports/xiping/2024.yaml:{penalty_line}: [blank]" in out


def test_command_refusal_writes_nothing(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that a refused file (2019 layout) writes no file and exits 1."""
    _remove_bundled(project_copy)
    lines = [
        line.replace("本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
        for line in seed_lines()
    ]
    source = tmp_path / "old.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    assert _run(project_copy, str(source), "--organ", "xiping", "--year", "2024") == 1
    assert not (project_copy / "data/reports/xiping/2024.yaml").exists()
    assert not (project_copy / "docs/xiping/2024.md").exists()
    assert "[import-outdated-format]" in capsys.readouterr().out


def test_command_refuses_a_report_under_its_parent_organ(project_copy: Path, capsys) -> None:
    """Assert that the 街道's seed imported as its parent 区政府 is refused at its title and nothing is written."""
    before = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*"))
    assert _run(project_copy, str(SEED), "--organ", "zhanyi", "--year", "2024") == 1
    assert sorted(p.relative_to(project_copy) for p in project_copy.rglob("*")) == before
    out = capsys.readouterr().out
    assert out.startswith(f"xiping-2024.txt:{line_of(seed_lines(), '曲靖市沾益区')}: [import-organ] ")
    assert "西平街道办事处（xiping）" in out


def test_data_file_header_is_the_report_title(tmp_path: Path) -> None:
    """Assert that imported and new data files open with the same header, built on the report's official title."""
    imported = import_file(SEED, organ(), 2024)
    title = report_title(organ().name, 2024)
    assert imported.data_text.split("\n")[1] == f"# {title}：表二、三、四的数据（由 xiping-2024.txt 导入）。"
    assert render_data(organ(), 2024).split("\n")[1] == f"# {title}：表二、三、四的数据。"


def test_imported_report_builds(project_copy: Path, tmp_path: Path) -> None:
    """Assert that the site builds strictly with an imported (draft) report next to the published one."""
    # The seed retitled as the 区政府's own report: a fresh organ and year, the published example untouched.
    source = tmp_path / "zhanyi-2024.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace("西平街道办事处 2024", "2024", 1), encoding="utf-8")
    assert _run(project_copy, str(source), "--organ", "zhanyi", "--year", "2024") == 0
    # An imported report is a draft until published: the preview build shows it.
    result = build_site(project_copy, tmp_path / "site", preview=True)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/zhanyi/2024/index.html").read_text(encoding="utf-8")
    assert "287" in html and "建立健全政府信息公开的保密审查机制</strong>" in html


def test_page_writer_keeps_text_of_table_parts_and_hints_missing_parts(tmp_path: Path) -> None:
    """Assert that text in a table part stays above its macro and a part missing in the source keeps its hint."""
    lines = seed_lines()
    lines.insert(line_of(lines, "第二十条第（一）项"), "注：本表数据截至 2024 年 12 月 31 日。")
    del lines[line_of(lines, "六、其他需要报告的事项") - 1 :]
    page = import_text(tmp_path, lines).page_text
    part2 = page.split("## 二、")[1].split("## 三、")[0]
    assert part2.index("注：本表数据截至 2024 年 12 月 31 日。") < part2.index('{{ table("二") }}')
    assert "{# 填写提示：" in page.split("## 六、")[1]
    assert "{# 填写提示：" not in page.split("## 六、")[0]
