"""The catalogue of open data files: their names, kinds, encodings and notes.

Declared once, here, for the files (``export.py``), the data package that
describes them (``datapackage.py``) and the page that offers them (``page.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.check.paths import ReportKey

DATA_DIR = "data"  # the data's folder in the site, beside the 数据下载 page
ALL_REPORTS = "all-reports"  # base name of the collection's files
ORGANS_CSV = "organs.csv"
ORGANS_TITLE = "机关名录"
ORGANS_DESCRIPTION = "发布报告的机关：代号、全称、简称、层级和上级机关。"
DATAPACKAGE = "datapackage.json"
LONG_SCHEMA = "long-table.schema.json"
DATAPACKAGE_NOTE = "数据包描述（Frictionless Data Package）：每个文件的字段、类型、约束、大小和 SHA-256 校验值"
LONG_SCHEMA_NOTE = "长表（CSV）的表结构（Table Schema）"
EXPORT_DIR = "dist/data"  # where `python -m macros export` writes by default

# Excel on Windows reads a CSV without a byte order mark as the local code page
# (GBK) and garbles every Chinese label; with the mark it reads UTF-8. JSON is
# read by programs, and RFC 8259 forbids the mark there.
CSV_ENCODING = "utf-8-sig"
JSON_ENCODING = "utf-8"
CSV_NOTE = (
    "CSV 文件为 UTF-8 编码并带字节顺序标记（BOM），以便在 Windows 上用 Excel 直接打开时中文不乱码；"
    "逗号分隔，行尾为 CRLF，第一行为字段名。JSON 文件为 UTF-8 编码，不带 BOM。"
)


@dataclass(frozen=True)
class Kind:
    """One kind of data file, as offered for download and described in the data package."""

    suffix: str  # the file's format, as the data package names it
    name: str  # as offered to people
    layout: str  # what one file of this kind holds, in Chinese
    mediatype: str
    ending: str = ""  # how the file's name ends, after the dot (the format, unless two kinds share it)
    key: str = ""  # how the data package's resource names tell the kind (the format, unless shared)

    @property
    def file_ending(self) -> str:
        return self.ending or self.suffix

    @property
    def resource_key(self) -> str:
        return self.key or self.suffix


CSV = Kind(
    "csv",
    "CSV",
    "长表，每个数字一行（机关、年度、表、行、列、数值、单位），字段名和代号为英文，便于程序处理",
    "text/csv",
)
# The same lines for people: Chinese headers and the official labels only (no ids), for Excel.
LABELLED_CSV = Kind(
    "csv",
    "CSV（中文表头）",
    "长表，每个数字一行，表头为中文（机关代号、机关名称、年度、表、行、列、数值、单位等），"
    "表、行、列为官方格式的标签，可直接用 Excel 打开、筛选",
    "text/csv",
    ending="zh.csv",
    key="zh",
)
JSON = Kind("json", "JSON", "按表格嵌套：表、子表、行，每行的数值按列代号给出", "application/json")
XLSX = Kind(
    "xlsx",
    "Excel",
    "Excel 工作簿，按官方格式排版（合并表头，标签与报告一致），每张表一个工作表",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
KINDS: tuple[Kind, ...] = (CSV, LABELLED_CSV, JSON, XLSX)
COLLECTION_XLSX_LAYOUT = (
    "Excel 工作簿，每张表一个工作表、每份报告一行，表头依次为行和列的标签；"
    "另有「宽表」工作表：只有一行表头，每份报告一行、每个数字一列，便于分析"
)
WIDE_SHEET = "宽表"  # the collection workbook's sheet for analysis
WIDE_TITLE = "全部报告的宽表（Excel 工作簿中的「宽表」工作表）"
WIDE_NOTE = (
    "每份报告一行（机关代号、机关名称、层级、年度、发布日期、最近更正日期），每个数字一列；"
    "列名为该数字的官方标签路径，如「表三 / （三）不予公开 / 3.危及“三安全一稳定” / 自然人」"
)
LABELLED_SCHEMA = "long-table-zh.schema.json"
LABELLED_SCHEMA_NOTE = "中文表头长表（CSV）的表结构（Table Schema）"
WIDE_SCHEMA = "wide-table.schema.json"
WIDE_SCHEMA_NOTE = "宽表（Excel「宽表」工作表）的表结构（Table Schema）"


def report_file(key: ReportKey, ending: str) -> str:
    """Path of a report's data file under the data folder, e.g. reports/xiping-2024.csv."""
    organ, year = key
    return f"reports/{organ}-{year}.{ending}"
