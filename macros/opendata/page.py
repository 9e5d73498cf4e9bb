"""What the site says about its open data: the 数据下载 page and each report's download links.

All of it is generated from the declarations of the files (``export.py``) and
of the format (``longform.py`` ← ``format.py``); nothing here is typed twice.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from macros.check.paths import DOCS_DIR, ReportKey, page_path
from macros.check.project import Project
from macros.format.national import TABLES, cell_key
from macros.opendata.catalogue import (
    ALL_REPORTS,
    COLLECTION_XLSX_LAYOUT,
    CSV_NOTE,
    DATA_DIR,
    DATAPACKAGE,
    DATAPACKAGE_NOTE,
    KINDS,
    LABELLED_CSV,
    LABELLED_SCHEMA,
    LABELLED_SCHEMA_NOTE,
    LONG_SCHEMA,
    LONG_SCHEMA_NOTE,
    ORGANS_CSV,
    ORGANS_DESCRIPTION,
    WIDE_NOTE,
    WIDE_SCHEMA,
    WIDE_SCHEMA_NOTE,
    WIDE_SHEET,
    XLSX,
    report_file,
)
from macros.opendata.longform import (
    GROUP_SEPARATOR,
    ORGAN_TABLE_FIELDS,
    SchemaField,
    exportable_reports,
    grid_path,
    labelled_columns,
    long_fields,
    wide_cells,
    wide_report_fields,
)
from macros.site.markup import plain

DOWNLOADS_TITLE = "数据下载"
DATA_PAGE = "data.md"  # the 数据下载 page, relative to docs/
TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值", "year": "年份", "date": "日期"}
_TABLES = "、".join(f"{t.name}" for t in TABLES)


def _cell(text: str) -> str:
    # Markdown table cells: a pipe would end the cell.
    return text.replace("|", "\\|") if text else "—"


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _link_from(page: str, target: str) -> str:
    """Relative Markdown link from a page (relative to docs/) to a file relative to docs/."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def report_downloads(key: ReportKey) -> str:
    """The 数据下载 block appended to a report page (Markdown)."""
    page = page_path(*key)[len(DOCS_DIR) + 1 :]
    lines = [f'!!! abstract nb-downloads "{DOWNLOADS_TITLE}"', "", f"    本报告{_TABLES}的全部数字：", ""]
    for kind in KINDS:
        target = _link_from(page, f"{DATA_DIR}/{report_file(key, kind.file_ending)}")
        lines.append(f"    - [{kind.name}]({target})：{kind.layout}")
    lines += ["", f"    全部报告的数据与数据字典见「[{DOWNLOADS_TITLE}]({_link_from(page, DATA_PAGE)})」。"]
    return "\n".join(lines) + "\n"


def render_downloads(project: Project, page: str) -> str:
    """Markdown: the collection's files, then every report's files, linked from `page`."""

    def link(path: str, text: str | None = None) -> str:
        return f"[{text or path}]({_link_from(page, f'{DATA_DIR}/{path}')})"

    keys = exportable_reports(project)
    collection = [
        (link(f"{ALL_REPORTS}.{kind.file_ending}"), COLLECTION_XLSX_LAYOUT if kind is XLSX else kind.layout)
        for kind in KINDS
    ]
    collection += [
        (link(ORGANS_CSV), ORGANS_DESCRIPTION),
        (link(DATAPACKAGE), DATAPACKAGE_NOTE),
        (link(LONG_SCHEMA), LONG_SCHEMA_NOTE),
        (link(LABELLED_SCHEMA), LABELLED_SCHEMA_NOTE),
        (link(WIDE_SCHEMA), WIDE_SCHEMA_NOTE),
    ]
    by_report = []
    for key in sorted(keys, key=lambda k: (k[0], -k[1])):
        organ, year = key
        report_link = f"[{year}]({_link_from(page, page_path(organ, year)[len(DOCS_DIR) + 1 :])})"
        files = " · ".join(link(report_file(key, kind.file_ending), kind.name) for kind in KINDS)
        by_report.append((plain(project.organs[organ].name), report_link, files))
    return "\n\n".join(
        [
            f"### 全部报告（{len(keys)} 份）",
            _table(("文件", "内容"), collection),
            "### 各份报告",
            _table(("机关", "年度", "数据"), by_report) if by_report else "暂无已发布的报告。",
        ]
    )


def _fields_table(fields: tuple[SchemaField, ...]) -> str:
    rows = [(f"`{f.name}`", f.title, TYPE_NAMES.get(f.type, f.type), f.description) for f in fields]
    return _table(("字段名", "中文名", "类型", "说明"), rows)


def _labelled_table() -> str:
    rows = [(f.name, f"`{source}`", TYPE_NAMES.get(f.type, f.type)) for source, f in labelled_columns()]
    return _table(("表头", "对应长表字段", "类型"), rows)


def _wide_table() -> str:
    rows = [(header, f"`{cell_key(cell)}`", column.unit) for cell, header, column in wide_cells()]
    return _table(("列名", "表.行.列 代号", "单位"), rows)


def render_dictionary() -> str:
    """Markdown: file conventions, the fields of each CSV, every table's rows and columns."""
    parts = [
        "### 文件格式",
        CSV_NOTE
        + "数字不带千位分隔符；件数为整数，金额按报告填报的小数位原样给出。"
        + "各文件按机关代号、年度排序，每份报告内按表格的阅读顺序（表、行、列）排列。",
        f"### 长表字段（{ALL_REPORTS}.csv 及各份报告的 CSV）",
        _fields_table(long_fields()),
        f"### 中文表头长表字段（{ALL_REPORTS}.{LABELLED_CSV.file_ending} 及各份报告的 .{LABELLED_CSV.file_ending}）",
        "与长表的行一一对应、顺序相同，只是表头为中文，并且只有官方标签、没有代号："
        "「表」「行」「列」分别是长表的 table_title、row_label、column_label。",
        _labelled_table(),
        f"### 宽表（{ALL_REPORTS}.{XLSX.file_ending} 的「{WIDE_SHEET}」工作表）",
        f"{WIDE_NOTE}。只有一行表头，没有合并单元格，可直接筛选、做数据透视表或用程序读取。前几列：",
        _table(
            ("列名", "类型", "说明"),
            [(f.title, TYPE_NAMES.get(f.type, f.type), f.description) for f in wide_report_fields()],
        ),
        "其后每个数字一列，列名与长表中的代号对应如下：",
        _wide_table(),
        f"### 机关名录字段（{ORGANS_CSV}）",
        _fields_table(ORGAN_TABLE_FIELDS),
    ]
    for table in TABLES:
        parts.append(f"### {table.caption}（`{table.key}`）")
        for grid in table.grids:
            if grid.caption:
                parts.append(f"#### {grid.caption}")
            rows = [(f"`{r.key}`", r.label, GROUP_SEPARATOR.join(grid_path(grid, r))) for r in grid.rows]
            parts.append(_table(("行代号", "行标签", "所属分组"), rows))
            columns = [(f"`{c.key}`", c.label, c.unit, GROUP_SEPARATOR.join(c.groups)) for c in grid.columns]
            parts.append(_table(("列代号", "列标签", "单位", "所属分组"), columns))
    return "\n\n".join(parts)


def define_data_macros(env, project: Project) -> None:
    """Bind the 数据下载 page's macros."""

    @env.macro
    def data_downloads() -> str:
        """The list of every open data file, linked from the current page."""
        return render_downloads(project, env.page.file.src_uri)

    @env.macro
    def data_dictionary() -> str:
        """Every field, table, row and column of the open data, with its id and label."""
        return render_dictionary()
