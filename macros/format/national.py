"""The national format of 政府信息公开工作年度报告, declared once.

国办公开办函〔2021〕30号 fixes six parts and three tables. Everything else in the
package (loader, rules, renderer, schema, scaffold, exports, importer) derives
from the declarations below, so adding or renaming a row is a one-place change.

Keys (``Table.key``, ``Row.key``, ``Column.key``) are the short ASCII names
editors type in the YAML files; labels are the official Chinese text, printed
verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

FORMAT_NAME = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）"

# Parts of the report, in the order the format prescribes.
PARTS: tuple[tuple[str, str], ...] = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)

# Heading variants seen in real reports; accepted with an advisory.
PART_VARIANTS: dict[str, tuple[str, ...]] = {
    "四": ("因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
    "五": ("政府信息公开工作存在的主要问题及改进情况",),
    "六": ("其他需报告的事项",),
}

# The 2021 format applies to the reports for 2021 and later; earlier ones used the 2019 trial format.
FIRST_YEAR = 2021

TITLE_SUFFIX = "年政府信息公开工作年度报告"

# Labels only the 2019 trial format (国办公开办函〔2019〕60号) has: a report whose
# tables carry any of them uses an outdated layout, and its numbers do not fit
# the 2021 tables (the importer refuses it rather than guess).
TRIAL_2019_LABELS: tuple[str, ...] = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "第二十条第（九）项",
    "政府集中采购",
    "其他对外管理服务事项",
    "采购项目数量",
    "采购总金额",
)

COUNT = "count"  # non-negative integer, unit 件
AMOUNT = "amount"  # non-negative decimal, unit 万元


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    unit: str = "件"
    # Header groups above this column, outermost first (for merged headers).
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    # Group labels to the left of this row's own label, outermost first.
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grid:
    """One rectangular block of numbers: a table or a captioned sub-table."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str = ""


@dataclass(frozen=True)
class Table:
    number: str  # 二 / 三 / 四: the part that holds the table
    key: str  # top-level key in the report's YAML
    title: str
    grids: tuple[Grid, ...]
    note: str = ""  # text of the merged top-left cell, where the format has one

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for g in self.grids for r in g.rows)

    @property
    def name(self) -> str:
        """How the format and every message name the table: 表二, 表三, 表四."""
        return f"表{self.number}"

    @property
    def caption(self) -> str:
        return f"{self.name} {self.title}"

    def grid_of(self, row_key: str) -> Grid:
        return next(g for g in self.grids if any(r.key == row_key for r in g.rows))

    def row(self, row_key: str) -> Row:
        return next(r for r in self.rows if r.key == row_key)


# --- 二、主动公开政府信息情况 -------------------------------------------------

_DECISIONS = (Column("decisions", "本年处理决定数量"),)

TABLE_2 = Table(
    number="二",
    key="proactive",
    title="主动公开政府信息情况",
    grids=(
        Grid(
            key="art20_1",
            caption="第二十条第（一）项",
            columns=(
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("in_force", "现行有效件数"),
            ),
            rows=(Row("rules", "规章"), Row("normative", "行政规范性文件")),
        ),
        Grid(
            key="art20_5",
            caption="第二十条第（五）项",
            columns=_DECISIONS,
            rows=(Row("licensing", "行政许可"),),
        ),
        Grid(
            key="art20_6",
            caption="第二十条第（六）项",
            columns=_DECISIONS,
            rows=(Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
        ),
        Grid(
            key="art20_8",
            caption="第二十条第（八）项",
            columns=(Column("amount", "本年收费金额（单位：万元）", kind=AMOUNT, unit="万元"),),
            rows=(Row("fees", "行政事业性收费"),),
        ),
    ),
)
# Header of the row-label column in every sub-table of 二.
TABLE_2_ROW_HEADER = "信息内容"

# --- 三、收到和处理政府信息公开申请情况 ---------------------------------------

_APPLICANT = "申请人情况"
_LEGAL = "法人或其他组织"

_RESULTS = "三、本年度办理结果"
_REFUSED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_IGNORED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _rows(groups: tuple[str, ...], *pairs: tuple[str, str]) -> tuple[Row, ...]:
    return tuple(Row(key, label, groups) for key, label in pairs)


TABLE_3 = Table(
    number="三",
    key="requests",
    title="收到和处理政府信息公开申请情况",
    note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    grids=(
        Grid(
            key="requests",
            columns=(
                Column("natural", "自然人", groups=(_APPLICANT,)),
                Column("business", "商业企业", groups=(_APPLICANT, _LEGAL)),
                Column("research", "科研机构", groups=(_APPLICANT, _LEGAL)),
                Column("nonprofit", "社会公益组织", groups=(_APPLICANT, _LEGAL)),
                Column("legal", "法律服务机构", groups=(_APPLICANT, _LEGAL)),
                Column("other", "其他", groups=(_APPLICANT, _LEGAL)),
                Column("total", "总计", groups=(_APPLICANT,)),
            ),
            rows=(
                Row("new", "一、本年新收政府信息公开申请数量"),
                Row("carried_in", "二、上年结转政府信息公开申请数量"),
                *_rows(
                    (_RESULTS,),
                    ("disclosed", "（一）予以公开"),
                    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                ),
                *_rows(
                    (_RESULTS, _REFUSED),
                    ("refused_secret", "1.属于国家秘密"),
                    ("refused_law", "2.其他法律行政法规禁止公开"),
                    ("refused_safety", "3.危及“三安全一稳定”"),
                    ("refused_third_party", "4.保护第三方合法权益"),
                    ("refused_internal", "5.属于三类内部事务信息"),
                    ("refused_process", "6.属于四类过程性信息"),
                    ("refused_case_file", "7.属于行政执法案卷"),
                    ("refused_inquiry", "8.属于行政查询事项"),
                ),
                *_rows(
                    (_RESULTS, _UNABLE),
                    ("unable_not_held", "1.本机关不掌握相关政府信息"),
                    ("unable_to_create", "2.没有现成信息需要另行制作"),
                    ("unable_unclear", "3.补正后申请内容仍不明确"),
                ),
                *_rows(
                    (_RESULTS, _IGNORED),
                    ("ignored_petition", "1.信访举报投诉类申请"),
                    ("ignored_repeat", "2.重复申请"),
                    ("ignored_publication", "3.要求提供公开出版物"),
                    ("ignored_mass", "4.无正当理由大量反复申请"),
                    ("ignored_confirm", "5.要求行政机关确认或重新出具已获取信息"),
                ),
                *_rows(
                    (_RESULTS, _OTHER),
                    (
                        "other_no_correction",
                        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    ),
                    (
                        "other_no_fee",
                        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    ),
                    ("other_other", "3.其他"),
                ),
                *_rows((_RESULTS,), ("results_total", "（七）总计")),
                Row("carried_over", "四、结转下年度继续办理"),
            ),
        ),
    ),
)

# Row keys that the arithmetic rules of 三 refer to.
T3_NEW, T3_CARRIED_IN, T3_RESULTS_TOTAL, T3_CARRIED_OVER = (
    "new",
    "carried_in",
    "results_total",
    "carried_over",
)
# The 21 leaf result rows: everything under 三、本年度办理结果 except （七）总计.
T3_RESULT_ROWS: tuple[str, ...] = tuple(r.key for r in TABLE_3.rows if r.groups and r.key != T3_RESULTS_TOTAL)
T3_TOTAL_COLUMN = "total"
T3_PART_COLUMNS: tuple[str, ...] = tuple(c.key for c in TABLE_3.grids[0].columns if c.key != T3_TOTAL_COLUMN)

# --- 四、政府信息公开行政复议、行政诉讼情况 -----------------------------------
# Printed as one row of 15 columns; stored as three rows of five so that each
# line of the YAML is one 行政复议/行政诉讼 block with its own 总计.

_LITIGATION = "行政诉讼"

TABLE_4 = Table(
    number="四",
    key="appeals",
    title="政府信息公开行政复议、行政诉讼情况",
    grids=(
        Grid(
            key="appeals",
            columns=(
                Column("upheld", "结果维持"),
                Column("corrected", "结果纠正"),
                Column("other", "其他结果"),
                Column("pending", "尚未审结"),
                Column("total", "总计"),
            ),
            rows=(
                Row("review", "行政复议"),
                Row("direct", "未经复议直接起诉", groups=(_LITIGATION,)),
                Row("after_review", "复议后起诉", groups=(_LITIGATION,)),
            ),
        ),
    ),
)
T4_TOTAL_COLUMN = "total"

# Keys of table 二 that the plausibility and across-years rules refer to.
T2_RULES_ROW = "rules"
T2_ISSUED, T2_REPEALED, T2_IN_FORCE = "issued", "repealed", "in_force"

TABLES: tuple[Table, ...] = (TABLE_2, TABLE_3, TABLE_4)
TABLES_BY_NUMBER: dict[str, Table] = {t.number: t for t in TABLES}
TABLES_BY_KEY: dict[str, Table] = {t.key: t for t in TABLES}

# --- Organs ------------------------------------------------------------------

# Levels of administrative organs in the registry.
LEVELS: tuple[str, ...] = (
    "国务院部门",
    "省级政府",
    "省级部门",
    "设区的市政府",
    "市级部门",
    "县级政府",
    "县级部门",
    "乡镇",
    "街道",
)
# Only State Council departments and governments of provinces and 设区的市 make
# 规章 (立法法 第九十三条); FORMAT.md asks for a warning below that.
LEVELS_WITHOUT_RULES: frozenset[str] = frozenset({"县级政府", "县级部门", "乡镇", "街道"})

# An organ's code: part of every URL and folder name of its reports.
ORGAN_SLUG_PATTERN = r"[a-z0-9][a-z0-9-]*"
# A report's year as written in file names, URLs and titles (which years are
# accepted is the rule ``report-year``, from FIRST_YEAR to the current year).
YEAR_PATTERN = r"(?:19|20)[0-9]{2}"
# The folder of the year overview pages (niandu/<year>/): not an organ's code.
YEARS_SLUG = "niandu"
# Codes the site itself uses at its top level (Material's assets and search,
# the open data, the guide, the status page, the year overviews): an organ there would collide.
RESERVED_SLUGS: frozenset[str] = frozenset({"assets", "search", "data", "guide", "status", YEARS_SLUG})
# Names are printed in titles, pages and spreadsheets: no markup, and no
# leading character a spreadsheet would take for a formula.
ORGAN_NAME_FORBIDDEN = r"[<>&\"'`*_|\[\]{}#\\]|^[=+\-@]"

ORGAN_FIELDS: dict[str, str] = {
    "name": "机关全称",
    "short": "简称",
    "level": "层级",
    "parent": "上级机关",
}
# Yes-or-no fields of an organ (written true or false), apart from the text fields above:
# the command line and the scaffold take only text fields.
COVERS_CHILDREN = "covers_children"
ORGAN_FLAGS: dict[str, str] = {
    # Its report is the total (汇总) of its children's reports (those with parent = it).
    COVERS_CHILDREN: "本机关报告为下级机关报告的合计",
}
# Which years an organ must publish its report on this site (the 发布情况 page and its CSV).
# All optional: by default an organ must report here every year the site covers. An organ
# registered only as a parent (it publishes elsewhere) says reports_here: false; one merged
# away says the last year it had to report.
ORGAN_DUTY_FIELDS: dict[str, str] = {
    "reports_here": "在本站发布年报",
    "reports_from": "起始年度",
    "reports_until": "最后年度",
}


@dataclass(frozen=True)
class Cell:
    """Address of one number in a report."""

    table: str
    row: str
    column: str

    def label(self) -> str:
        return _cell_label(self.table, self.row, self.column)


@cache
def _cell_label(table_key: str, row_key: str, column_key: str) -> str:
    # Cached: the loader names every cell it reads, and a collection has a million cells.
    table = TABLES_BY_KEY[table_key]
    column = next(c for c in table.grid_of(row_key).columns if c.key == column_key)
    return f"{table.name}「{table.row(row_key).label}」「{column.label}」"


def is_total(cell: Cell) -> bool:
    """Whether the format makes this cell the sum of other cells of the same report.

    表三's 总计 column and （七）总计 row, and 表四's three 总计: the table rules
    (check/equations.py) hold them to their parts within the report.
    """
    if cell.table == TABLE_3.key:
        return cell.column == T3_TOTAL_COLUMN or cell.row == T3_RESULTS_TOTAL
    return cell.table == TABLE_4.key and cell.column == T4_TOTAL_COLUMN


def cells() -> list[Cell]:
    """Every number cell of a report, in reading order."""
    return list(_CELLS)


# Built once: the loader, the rules and the fingerprints walk every cell of every report.
_CELLS: tuple[Cell, ...] = tuple(
    Cell(t.key, r.key, c.key) for t in TABLES for g in t.grids for r in g.rows for c in g.columns
)


def report_title(organ_name: str, year: int) -> str:
    return f"{organ_name}{year}{TITLE_SUFFIX}"


def page_title(organ_short: str, year: int) -> str:
    """A report page's title (browser tab, bookmarks): the organ's short name and the year, e.g. 西平街道 2024 年…."""
    return f"{organ_short} {year} {TITLE_SUFFIX}"


# --- Legal deadlines (条例 第四十九条) ------------------------------------------
# A 县级以上 government's own report is due by 3月31日 of the following year;
# departments, and (by local rules) 乡镇/街道, by 1月31日.
DEADLINES: dict[str, tuple[int, int]] = {
    level: ((3, 31) if level in ("省级政府", "设区的市政府", "县级政府") else (1, 31)) for level in LEVELS
}

# --- The report's record: publication status, date, corrections ---------------
# Top-level keys of a report's data file next to the three tables. Declared here
# once: the loader, the JSON Schema, the scaffold and the guide derive from it.

DRAFT = "草稿"
PUBLISHED = "已发布"
WITHDRAWN = "已撤回"
STATUSES: tuple[str, ...] = (DRAFT, PUBLISHED, WITHDRAWN)

# Kinds of a record field, and their YAML shape:
#   choice       one of `choices`, written as plain text
#   date         YYYY-MM-DD (unquoted or quoted)
#   text         non-empty Chinese text
#   fingerprint  64 lowercase hex digits (sha256), copied from the check's message
#   cells        mapping "<table>.<row>.<column>" → [更正前, 更正后]
#   mapping      mapping of `fields`
#   list         list of mappings of `fields`
#   code         an identifier written as it is issued (INDEX_NUMBER_PATTERN)
#   reviews      mapping "<advisory rule id>" → a short reason in Chinese
CHOICE, DATE, TEXT, FINGERPRINT, CELLS, MAPPING, LIST, CODE, REVIEWS = (
    "choice",
    "date",
    "text",
    "fingerprint",
    "cells",
    "mapping",
    "list",
    "code",
    "reviews",
)
# A report's 索引号 (the number the organ's 政府信息公开目录 gives the document, e.g.
# 11530300MB0000000X/2025-00012): letters, digits and - / . _, as catalogues issue them;
# bounded, and nothing that could be markup, since it is printed on the page.
INDEX_NUMBER_PATTERN = r"[0-9A-Za-z][0-9A-Za-z/._-]{0,49}"
# A reviewed advisory's reason is a note for the reviewer, not a second report.
REVIEW_REASON_LIMIT = 100


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()


CORRECTION_FIELDS: tuple[Field, ...] = (
    Field("date", "更正日期", DATE, "更正发布的日期。", required=True),
    Field("reason", "更正说明", TEXT, "用中文说明改了什么、为什么改。", required=True),
    Field(
        "numbers",
        "更正的数字",
        CELLS,
        "每个改动的单元格一行：表.行.列: [更正前, 更正后]，检查未通过时会给出应填写的内容。",
    ),
    Field(
        "page",
        "更正后正文指纹",
        FINGERPRINT,
        "正文有改动时填写：更正后报告页面的 sha256 指纹，检查未通过时会给出应填写的内容。",
    ),
)
WITHDRAWAL_FIELDS: tuple[Field, ...] = (
    Field("date", "撤回日期", DATE, "撤回的日期。", required=True),
    Field("reason", "撤回理由", TEXT, "用中文说明撤回的理由。", required=True),
)
RECORD_FIELDS: tuple[Field, ...] = (
    Field("status", "发布状态", CHOICE, "草稿只在预览中可见；已发布的报告只能更正或撤回。", True, STATUSES),
    Field("published", "发布日期", DATE, "首次发布的日期；由 python -m macros publish 写入。"),
    Field("corrections", "更正记录", LIST, "发布后每次更正一条，按日期先后排列。", fields=CORRECTION_FIELDS),
    Field("withdrawn", "撤回记录", MAPPING, "报告撤回时填写；状态须同时改为已撤回。", fields=WITHDRAWAL_FIELDS),
    Field(
        "index_no",
        "索引号",
        CODE,
        "可选：本机关政府信息公开目录给这份报告的索引号（字母、数字和 - / . _，至多 50 个字符），"
        "报告页面的信息栏显示它。",
    ),
    Field(
        "reviewed",
        "已核对的提示",
        REVIEWS,
        "核对过、确认无误的提示，每条一行「规则编号: 理由」（理由用中文写明，"
        f"不超过 {REVIEW_REASON_LIMIT} 字）；此后本报告不再重复这条提示，审核人仍能看到理由。",
    ),
)
RECORD_FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in RECORD_FIELDS}


def cell_key(cell: Cell) -> str:
    """How a cell is named in a correction entry: <table>.<row>.<column>."""
    return f"{cell.table}.{cell.row}.{cell.column}"


def cell_of_key(key: str) -> Cell | None:
    parts = key.split(".")
    if len(parts) != 3:
        return None
    cell = Cell(*parts)
    return cell if cell in _CELL_SET else None


_CELL_SET = frozenset(cells())
