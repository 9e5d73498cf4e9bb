"""Open data files made without a site build: CSV, JSON, the export command, the refusals."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DISTINCT_KEY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opendata_helpers import (
    CORRECTED_2024,
    FEE_2023,
    FEE_2024,
    PUBLISHED_2023,
    PUBLISHED_2024,
    make_distinct_project,
    make_rich_project,
    number,
    read_csv,
)

from macros.check.project import check_project
from macros.cli import main
from macros.format.national import TABLES, Cell, cells
from macros.opendata.catalogue import ALL_REPORTS, DATAPACKAGE, report_file
from macros.opendata.export import build_exports, dump_csv, dump_json, report_json, write_exports
from macros.opendata.longform import (
    LONG_FIELDS,
    exportable_reports,
    labelled_columns,
    labelled_fields,
    long_fields,
    long_records,
    report_document,
)
from macros.site.tree import Sink


@pytest.fixture
def rich(project_copy: Path) -> tuple[Path, dict]:
    return project_copy, make_rich_project(project_copy)


def test_dump_json_writes_decimals_as_in_the_data() -> None:
    """Assert that JSON numbers come from the decimal text, never through a float."""
    text = dump_json({"a": Decimal("0.50"), "b": Decimal("0.0000001"), "c": Decimal("12.3456"), "d": 287, "e": "中"})
    assert text == '{"a": 0.50, "b": 0.0000001, "c": 12.3456, "d": 287, "e": "中"}\n'
    assert json.loads(text, parse_float=Decimal)["c"] == Decimal("12.3456")


def test_dump_json_rejects_what_json_cannot_hold() -> None:
    """Assert that a value of an unknown type is refused, not silently turned into text."""
    with pytest.raises(TypeError):
        dump_json({"a": 1.5})


def test_csv_has_bom_crlf_and_field_names() -> None:
    """Assert that a CSV starts with the BOM, ends lines with CRLF and heads columns with field names."""
    content = dump_csv(LONG_FIELDS[:2], [{"organ": "xiping", "organ_name": "西平"}])
    assert content == "\ufefforgan,organ_name\r\nxiping,西平\r\n".encode()


def test_long_csv_round_trips_the_yaml_numbers_exactly(rich) -> None:
    """Assert that reading the collection's long CSV back gives every YAML number exactly, fee included."""
    root, reports = rich
    files = build_exports(check_project(root))
    rows = read_csv(files[f"{ALL_REPORTS}.csv"])
    assert len(rows) == len(reports) * len(cells())
    got = {
        (r["organ"], int(r["year"]), Cell(r["table"], r["row"], r["column"])): number(r["value"], r["column"])
        for r in rows
    }
    want = {(organ, year, cell): value for (organ, year), values in reports.items() for cell, value in values.items()}
    assert got == want
    fees = {(r["organ"], r["year"]): r["value"] for r in rows if r["row"] == "fees"}
    assert fees == {("xiping", "2024"): "0", ("zhanyi", "2023"): "0.50", ("zhanyi", "2024"): str(FEE_2024)}
    # Types too: a count never comes back as 1.0, a fee never as a float.
    assert all(type(got[k]) is type(want[k]) for k in want)


def test_long_csv_puts_each_number_of_the_distinct_report_on_its_labelled_line(project_copy: Path) -> None:
    """Assert that in the report's CSV and the collection's, and in its JSON, each number of the
    distinct report (every one different) is under its own table, group, row and column labels."""
    values = make_distinct_project(project_copy)
    files = build_exports(check_project(project_copy))
    expected = {
        (
            f"表{table.number} {table.title}",
            " / ".join(((grid.caption,) if grid.caption else ()) + row.groups),
            row.label,
            " / ".join(column.groups),
            column.label,
            column.unit,
        ): values[Cell(table.key, row.key, column.key)]
        for table in TABLES
        for grid in table.grids
        for row in grid.rows
        for column in grid.columns
    }
    for name in (report_file(DISTINCT_KEY, "csv"), f"{ALL_REPORTS}.csv"):
        rows = [r for r in read_csv(files[name]) if (r["organ"], int(r["year"])) == DISTINCT_KEY]
        got = {
            (r["table_title"], r["row_group"], r["row_label"], r["column_group"], r["column_label"], r["unit"]): number(
                r["value"], r["column"]
            )
            for r in rows
        }
        assert len(rows) == len(got) == len(cells()), name
        assert got == expected, name
    document = json.loads(files[report_file(DISTINCT_KEY, "json")], parse_float=Decimal)
    labelled = {
        (
            f"表{t['number']} {t['title']}",
            " / ".join(([g["caption"]] if g["caption"] else []) + row["groups"]),
            row["label"],
            " / ".join(column["groups"]),
            column["label"],
            column["unit"],
        ): row["values"][column["id"]]
        for t in document["tables"]
        for g in t["grids"]
        for row in g["rows"]
        for column in g["columns"]
    }
    assert labelled == expected


def test_long_csv_labels_come_from_the_format(rich) -> None:
    """Assert that each CSV row carries the official labels, groups and unit of its cell."""
    root, _ = rich
    rows = read_csv(build_exports(check_project(root))[report_file(("zhanyi", 2024), "csv")])
    assert [f.name for f in long_fields()] == list(rows[0])
    by_cell = {(r["table"], r["row"], r["column"]): r for r in rows}
    assert [Cell(*k) for k in by_cell] == cells()
    for table in TABLES:
        for grid in table.grids:
            for row in grid.rows:
                for column in grid.columns:
                    record = by_cell[(table.key, row.key, column.key)]
                    assert record["row_label"] == row.label
                    assert record["column_label"] == column.label
                    assert record["unit"] == column.unit
                    assert record["table_title"] == f"表{table.number} {table.title}"
                    assert record["row_group"] == " / ".join(((grid.caption,) if grid.caption else ()) + row.groups)
                    assert record["column_group"] == " / ".join(column.groups)
    refused = by_cell[("requests", "refused_secret", "business")]
    assert refused["row_group"] == "三、本年度办理结果 / （三）不予公开"
    assert refused["column_group"] == "申请人情况 / 法人或其他组织"


def test_json_round_trips_nested_like_the_tables(rich) -> None:
    """Assert that a report's JSON is nested table → sub-table → row and gives back the YAML numbers."""
    root, reports = rich
    files = build_exports(check_project(root))
    content = files[report_file(("zhanyi", 2024), "json")]
    assert not content.startswith(b"\xef\xbb\xbf"), "JSON must not carry a BOM"
    document = json.loads(content.decode("utf-8"), parse_float=Decimal)
    assert (document["organ"], document["organ_name"], document["year"]) == ("zhanyi", "曲靖市沾益区人民政府", 2024)
    assert [t["id"] for t in document["tables"]] == [t.key for t in TABLES]
    got = {
        Cell(t["id"], row["id"], column): value
        for t in document["tables"]
        for grid in t["grids"]
        for row in grid["rows"]
        for column, value in row["values"].items()
    }
    assert got == reports[("zhanyi", 2024)]
    assert (document["published"], document["corrected"]) == (PUBLISHED_2024, CORRECTED_2024)
    assert b'"amount": 12.3456' in content
    collection = json.loads(files[f"{ALL_REPORTS}.json"], parse_float=Decimal)
    assert [(r["organ"], r["year"]) for r in collection["reports"]] == sorted(reports)
    assert collection["reports"][1]["tables"][0]["grids"][3]["rows"][0]["values"] == {"amount": FEE_2023}
    assert b'"amount": 0.50' in files[f"{ALL_REPORTS}.json"]  # the fee's trailing zero is kept


def test_files_are_listed_for_every_report_and_the_collection(rich) -> None:
    """Assert that every public report gets both CSVs, a JSON and an XLSX, besides the collection's files."""
    root, reports = rich
    files = build_exports(check_project(root))
    endings = ("csv", "zh.csv", "json", "xlsx")
    expected = {report_file(key, ending) for key in reports for ending in endings}
    expected |= {f"{ALL_REPORTS}.{ending}" for ending in endings}
    expected |= {"organs.csv", "long-table.schema.json", "long-table-zh.schema.json", "wide-table.schema.json"}
    expected |= {DATAPACKAGE}
    assert set(files) == expected
    assert list(files) == sorted(files)
    assert not any("2025" in path for path in files)  # 沾益区 2025 is a draft


def test_a_project_with_errors_produces_no_file(project_copy: Path) -> None:
    """Assert that a report failing its checks is never exportable, and build_exports refuses the project."""
    make_rich_project(project_copy)
    path = project_copy / "data" / "reports" / "zhanyi" / "2023.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("  penalty:"))
    lines[line - 1] = lines[line - 1].replace("287", "-287")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = check_project(project_copy)
    assert ("data/reports/zhanyi/2023.yaml", line, "negative") in [(f.file, f.line, f.rule) for f in project.errors]
    assert exportable_reports(project) == [("xiping", 2024), ("zhanyi", 2024)]
    with pytest.raises(ValueError, match="数据检查未通过"):
        build_exports(project)


def test_export_command_writes_the_files(rich, capsys) -> None:
    """Assert that `python -m macros export` writes exactly the files build_exports makes."""
    root, _ = rich
    out = root / "out"
    assert main(["--root", str(root), "export", "--out", str(out)]) == 0
    files = build_exports(check_project(root))
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written == files
    assert "已导出 3 份报告的数据" in capsys.readouterr().err


def test_export_command_refuses_failing_data_and_keeps_the_previous_export(rich, capsys) -> None:
    """Assert that a failing check writes nothing and leaves the last good export whole."""
    root, _ = rich
    out = root / "out"
    assert main(["--root", str(root), "export", "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A draft is never exported: its errors (work in progress) do not stop the export of the others.
    draft = root / "data" / "reports" / "zhanyi" / "2025.yaml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("review:       [0, 0, 0, 0, 0]", "review:       [1, 0, 0, 0, 0]"), encoding="utf-8")
    assert main(["--root", str(root), "export", "--out", str(out)]) == 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    capsys.readouterr()
    path = root / "data" / "reports" / "xiping" / "2024.yaml"  # a published report's error stops it
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("review:       [0, 0, 0, 0, 0]", "review:       [1, 0, 0, 0, 0]"), encoding="utf-8")
    assert main(["--root", str(root), "export", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "data/reports/xiping/2024.yaml:" in captured.out and "[t4-total]" in captured.out
    assert "未生成任何数据文件" in captured.err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    fresh = root / "fresh"
    assert main(["--root", str(root), "export", "--out", str(fresh)]) == 1
    assert not fresh.exists()


def _giving(files: dict[str, bytes]):
    """What write_exports calls to fill its folder: these files, given to its sink."""

    def make(sink: Sink) -> None:
        for uri, content in files.items():
            sink.add(uri, content)

    return make


def test_export_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """Assert that write_exports refuses a non-empty folder without a datapackage.json."""
    out = tmp_path / "docs"
    out.mkdir()
    (out / "note.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError, match="不是先前导出的数据"):
        write_exports(_giving({"a.csv": b"x"}), out)
    assert [p.name for p in out.iterdir()] == ["note.txt"]


def test_export_replaces_a_previous_export_entirely(tmp_path: Path) -> None:
    """Assert that a file of a withdrawn report does not survive the next export."""
    out = tmp_path / "data"
    write_exports(_giving({DATAPACKAGE: b"{}", "reports/old-2023.csv": b"x"}), out)
    write_exports(_giving({DATAPACKAGE: b"{}", "reports/new-2024.csv": b"y"}), out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        DATAPACKAGE,
        "reports/new-2024.csv",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no staging folder left behind


def test_every_file_carries_the_publication_record(rich) -> None:
    """Assert that first publication and last correction dates come from each report's record."""
    root, _ = rich
    files = build_exports(check_project(root))
    rows = read_csv(files[f"{ALL_REPORTS}.csv"])
    assert list(rows[0])[:5] == ["organ", "organ_name", "year", "published", "corrected"]
    dates = {(r["organ"], r["year"], r["published"], r["corrected"]) for r in rows}
    assert dates == {
        ("xiping", "2024", "2025-01-20", ""),
        ("zhanyi", "2023", PUBLISHED_2023, ""),
        ("zhanyi", "2024", PUBLISHED_2024, CORRECTED_2024),
    }
    document = json.loads(files[report_file(("zhanyi", 2023), "json")])
    assert (document["published"], document["corrected"]) == (PUBLISHED_2023, None)


# --- the CSV with Chinese headers and official labels ---------------------------------

LABELLED_HEADER = [
    "机关代号",
    "机关名称",
    "年度",
    "发布日期",
    "最近更正日期",
    "表",
    "行所属分组",
    "行",
    "列所属分组",
    "列",
    "数值",
    "单位",
]


def test_labelled_csv_has_chinese_headers_and_each_number_under_its_printed_labels(project_copy: Path) -> None:
    """Assert that the labelled CSV (report's and collection's) heads its columns in Chinese, has no ids,
    and puts each number of the distinct report under its own table, row and column labels as printed."""
    values = make_distinct_project(project_copy)
    files = build_exports(check_project(project_copy))
    expected = {
        (table.caption, " / ".join(((grid.caption,) if grid.caption else ()) + row.groups), row.label)
        + (" / ".join(column.groups), column.label, column.unit): values[Cell(table.key, row.key, column.key)]
        for table in TABLES
        for grid in table.grids
        for row in grid.rows
        for column in grid.columns
    }
    for name in (report_file(DISTINCT_KEY, "zh.csv"), f"{ALL_REPORTS}.zh.csv"):
        rows = read_csv(files[name])
        assert list(rows[0]) == LABELLED_HEADER, name
        mine = [r for r in rows if (r["机关代号"], int(r["年度"])) == DISTINCT_KEY]
        got = {(r["表"], r["行所属分组"], r["行"], r["列所属分组"], r["列"], r["单位"]): r["数值"] for r in mine}
        assert len(mine) == len(got) == len(cells()), name
        assert {k: number(v, _column_of(k)) for k, v in got.items()} == expected, name
    row = next(r for r in read_csv(files[f"{ALL_REPORTS}.zh.csv"]) if r["行"] == "3.危及“三安全一稳定”")
    assert (row["表"], row["行所属分组"], row["列所属分组"]) == (
        "表三 收到和处理政府信息公开申请情况",
        "三、本年度办理结果 / （三）不予公开",
        "申请人情况",
    )


def _column_of(labels: tuple[str, ...]) -> str:
    """The column id of a (table, row group, row, column group, column, unit) label tuple."""
    table = next(t for t in TABLES if t.caption == labels[0])
    return next(c.key for g in table.grids for r in g.rows for c in g.columns if (r.label, c.label) == labels[2:5:2])


def test_labelled_csv_has_the_ids_csv_lines_in_the_same_order(rich) -> None:
    """Assert that line n of the labelled CSV is line n of the ids CSV, its labels and values the same."""
    root, reports = rich
    files = build_exports(check_project(root))
    ids, labelled = read_csv(files[f"{ALL_REPORTS}.csv"]), read_csv(files[f"{ALL_REPORTS}.zh.csv"])
    assert len(ids) == len(labelled) == len(reports) * len(cells())
    pairs = {"organ": "机关代号", "organ_name": "机关名称", "year": "年度", "published": "发布日期"}
    pairs |= {"corrected": "最近更正日期", "table_title": "表", "row_group": "行所属分组", "row_label": "行"}
    pairs |= {"column_group": "列所属分组", "column_label": "列", "value": "数值", "unit": "单位"}
    for a, b in zip(ids, labelled, strict=True):
        assert {k: a[k] for k in pairs} == {k: b[v] for k, v in pairs.items()}
    assert not {"table", "row", "column"} & set(labelled[0])


def test_long_files_are_the_bytes_of_the_record_by_record_writers(rich) -> None:
    """Assert that the CSV lines made once per cell, and the collection JSON made of each report's text,
    are byte for byte what dump_csv over long_records and dump_json over the documents give."""
    root, _ = rich
    project = check_project(root)
    files = build_exports(project)
    keys = exportable_reports(project)
    assert files[f"{ALL_REPORTS}.csv"] == dump_csv(long_fields(), long_records(project, keys))
    for key in keys:
        assert files[report_file(key, "csv")] == dump_csv(long_fields(), long_records(project, [key]))
    labelled = [{f.name: r[source] for source, f in labelled_columns()} for r in long_records(project, keys)]
    assert files[f"{ALL_REPORTS}.zh.csv"] == dump_csv(labelled_fields(), labelled)
    collection = {"reports": [report_document(project, key) for key in keys]}
    assert files[f"{ALL_REPORTS}.json"] == dump_json(collection).encode()


def test_dump_json_keeps_short_containers_on_one_line() -> None:
    """Assert that a container of scalars stays on one line up to 100 characters, and breaks beyond."""
    short = {"values": {"a": 1, "b": Decimal("0.50"), "groups": ["甲", "乙"]}}
    assert dump_json(short) == '{\n  "values": {"a": 1, "b": 0.50, "groups": ["甲", "乙"]}\n}\n'
    long = {"k": "x" * 100, "n": None, "t": True}
    assert dump_json(long) == '{\n  "k": "' + "x" * 100 + '",\n  "n": null,\n  "t": true\n}\n'


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(st.integers(0, 10**9), st.decimals(0, 10**6, places=2, allow_nan=False), st.none()),
        min_size=len(cells()),
        max_size=len(cells()),
    )
)
def test_report_json_is_dump_json_of_the_document(project_copy: Path, numbers: list) -> None:
    """Assert that the template's report JSON is exactly `dump_json` of the report's document, whatever the numbers.

    Wide numbers put a row's values on one line each (beyond ONE_LINE characters), narrow ones
    keep them on one line: both layouts, in any mix, and the head's fields as the generic writer has them.
    """
    project = check_project(project_copy)
    key = exportable_reports(project)[0]
    project.reports[key].values.update(zip(cells(), numbers, strict=True))
    text = report_json(project, key)
    assert text == dump_json(report_document(project, key))
    assert json.loads(text)["organ"] == key[0]
