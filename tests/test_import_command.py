"""The editor's path through `import`: an unknown organ, a file with no tables, a folder of files."""

from __future__ import annotations

from pathlib import Path

from import_corpus import ORGAN, fixtures
from importing import SEED

from macros.check.load import load_organs
from macros.check.project import check_project
from macros.cli import main

_FIXTURES = {f.name: f for f in fixtures()}


def _run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "import", *args])


def _organs(root: Path) -> dict:
    return load_organs("data/organs.yaml", (root / "data/organs.yaml").read_text(encoding="utf-8"))[0]


def test_unknown_organ_is_refused_with_the_one_step_to_register_it(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that an unknown --organ writes nothing and the message gives --add-organ with the title's name."""
    source = _FIXTURES["clean.txt"].build(tmp_path)
    assert _run(project_copy, str(source), "--organ", "qingwu") == 1
    err = capsys.readouterr().err
    assert "qingwu" in err and "--add-organ --name 示例市青梧区人民政府" in err and "--level" in err
    assert "qingwu" not in _organs(project_copy)
    assert not (project_copy / "data/reports/qingwu").exists()


def test_add_organ_registers_the_organ_and_imports_in_one_step(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that --add-organ registers the organ (its name read from the title), imports, and the check passes."""
    source = _FIXTURES["clean.txt"].build(tmp_path)
    args = ("--organ", "qingwu", "--add-organ", "--short", "青梧区政府", "--level", "县级政府")
    assert _run(project_copy, str(source), *args) == 0
    assert _organs(project_copy)["qingwu"] == ORGAN
    assert "已在 data/organs.yaml 中登记机关「示例市青梧区人民政府」" in capsys.readouterr().err
    assert check_project(project_copy).errors == []
    assert (project_copy / "data/reports/qingwu/2024.yaml").is_file()


def test_a_file_without_any_of_the_three_tables_writes_nothing(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that a file with no row of 表二, 表三 or 表四 is refused, with the three tables named."""
    source = tmp_path / "notes.txt"
    text = SEED.read_text(encoding="utf-8")
    source.write_text("\n".join(line for line in text.split("\n") if "\t" not in line), encoding="utf-8")
    before = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*"))
    assert _run(project_copy, str(source), "--organ", "zhanyi", "--year", "2025") == 1
    assert sorted(p.relative_to(project_copy) for p in project_copy.rglob("*")) == before
    captured = capsys.readouterr()
    assert captured.out.count("[import-missing-table]") == 3
    assert "没有写入任何文件" in captured.err


def test_a_folder_is_imported_file_by_file_with_one_summary(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that each file's organ and year come from its name or title, and one summary table lists them all."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _FIXTURES["glued-open.txt"].build(inbox)  # its title names 示例市青梧区人民政府 2024
    (inbox / "zhanyi-2025.txt").write_text(
        SEED.read_text(encoding="utf-8").replace("西平街道办事处 2024", "2025", 1).replace("2024", "2025"),
        encoding="utf-8",
    )
    (inbox / "notes.txt").write_text("会议纪要\n\n本文件没有表格。\n", encoding="utf-8")
    assert _run(project_copy, str(inbox), "--organ", "qingwu", "--add-organ", "--short", "青梧区政府") == 1
    assert "--level" in capsys.readouterr().err  # the registry needs the level: nothing at all was written
    assert _run(project_copy, str(inbox)) == 1
    captured = capsys.readouterr()
    lines = captured.err.split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("| 文件 |"))
    table = lines[head : head + 5]
    assert table[0] == "| 文件 | 机关 | 年份 | 读出的数字 | 空白 | 提示 | 未导入的行 | 结果 |"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table[2:]}
    assert set(rows) == {"glued-open.txt", "notes.txt", "zhanyi-2025.txt"}
    assert "| 未导入 |" in rows["glued-open.txt"]  # qingwu is not registered
    assert "原文标题中的机关「示例市青梧区人民政府」不在机关名录 data/organs.yaml 中" in captured.err
    assert "| 未导入 |" in rows["notes.txt"]
    assert rows["zhanyi-2025.txt"].startswith("| zhanyi-2025.txt | zhanyi | 2025 | 200 | 0 |")
    assert (project_copy / "data/reports/zhanyi/2025.yaml").is_file()
    assert "共 3 个文件，导入 1 个" in captured.err


def test_organ_and_year_given_apply_to_every_file(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Assert that --organ and --year apply to all files, and a second file for the same report is not imported."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _FIXTURES["clean.txt"].build(inbox)
    _FIXTURES["labels.html"].build(inbox)
    args = ("--organ", "qingwu", "--year", "2024", "--add-organ", "--short", "青梧区政府", "--level", "县级政府")
    assert _run(project_copy, str(inbox / "clean.txt"), str(inbox / "labels.html"), *args) == 1
    err = capsys.readouterr().err
    assert "labels.html 与 clean.txt 是同一份报告（qingwu 2024）" in err
    # One advisory, on the text: a 县级政府's report says nothing of 考核、评议、责任追究 (art50-results).
    assert "| clean.txt | qingwu | 2024 | 200 | 0 | 1 | 0 | 检查通过 |" in err
