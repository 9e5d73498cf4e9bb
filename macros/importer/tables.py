"""Placing table rows on the format: which row of which table, which column.

Rows are recognised by their labels (through ``labels.normalise``), not by
their position, so tables split across pages, rows shifted by a lost tab and
headers spread over several lines all land in the right place. Anything that
cannot be placed for certain becomes a finding; nothing is guessed, and a blank
cell stays blank.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from macros.check.findings import Finding
from macros.format.national import AMOUNT, TABLE_4, TABLES, TABLES_BY_KEY, Cell, Column
from macros.format.numbers import Number
from macros.importer.rules import (
    IMPORT_DUPLICATE_ROW,
    IMPORT_GROUP_ROW,
    IMPORT_LABEL_VARIANT,
    IMPORT_MISSING_ROW,
    IMPORT_MISSING_TABLE,
    IMPORT_NOTE,
    IMPORT_NUMBER,
    IMPORT_OUTDATED_FORMAT,
    IMPORT_PLACEHOLDER_HEADER,
    IMPORT_ROW_CELLS,
    IMPORT_RUN_TOGETHER,
    IMPORT_SPLIT_DIGITS,
    IMPORT_TABLE_HEADER,
    IMPORT_UNKNOWN_ROW,
)

from . import digits
from .labels import GROUPS, HEADERS, ROWS, TRIAL_2019, RowTarget, closest, normalise
from .source import Location, TableRow

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# Lines that are part of a table but carry no data: a unit or a note.
_NOISE = re.compile(r"^(?:单位|注|说明|备注)[:：]?")
_COLUMN_WORDS = {normalise(c.label) for t in TABLES for g in t.grids for c in g.columns}
_T4_BLOCKS = {normalise(r.label): r.key for r in TABLE_4.rows}
_T4_COLUMNS = [normalise(c.label) for c in TABLE_4.grids[0].columns]
# A label with its numbers run on: 一、本年新收政府信息公开申请数量120100316.
_GLUED = re.compile(r"^(.*[^0-9０-９\s])\s*([0-9０-９]+)$")
# Column names an OCR program puts in place of a header it could not read: 数据1 … 数据6, 列1, Column1.
_PLACEHOLDER = re.compile(r"^(?:数据|列|栏|字段|column|col)\s*[0-9]+$", re.IGNORECASE)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_number(text: str | None) -> bool:
    if not text:
        return False
    compact = _compact(text)
    return bool(_NUMBER.fullmatch(compact) or _GROUPED.fullmatch(compact))


# A number with a note in brackets after it: 18（其中修订 5 件）, 40（含自然失效 12 件）. The note
# must hold words (a Chinese character), so that nothing in it is taken for digits of the number.
_NOTED = re.compile(r"^\s*([0-9０-９][0-9０-９,，.．]*)\s*([（(][^()（）]*[\u4e00-\u9fff][^()（）]*[)）])\s*$")


def split_note(text: str) -> tuple[str, str | None]:
    """The number of a cell and the note written after it in brackets, if any."""
    match = _NOTED.match(re.sub(r"\s*\n\s*", "", text))
    return (match.group(1), match.group(2)) if match else (text, None)


def parse_number(text: str, column: Column) -> tuple[Number | None, str | None]:
    """The value of one cell, or why it is not a number. Blank is handled by the caller."""
    compact = _compact(text)
    if _GROUPED.fullmatch(compact):
        compact = compact.replace(",", "")
    if not _NUMBER.fullmatch(compact):
        return None, f"「{text.strip()}」不是数字"
    if column.kind == AMOUNT:
        return Decimal(compact), None
    if "." in compact:
        return None, f"「{text.strip()}」不是整数（件数应为整数）"
    return int(compact), None


def _preview(cells: tuple[str | None, ...]) -> str:
    text = " | ".join(c.strip() for c in cells if c and c.strip())
    return text if len(text) <= 60 else text[:59] + "…"


@dataclass
class Placed:
    values: dict[Cell, Number] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Findings that make the whole file unimportable (the 2019 trial layout).
    refusals: list[Finding] = field(default_factory=list)
    # Where each format row was found.
    rows: dict[tuple[str, str], Location] = field(default_factory=dict)
    # Notes written beside numbers, by table number: kept as text of the table's part.
    notes: dict[str, list[str]] = field(default_factory=dict)


def _align(cells: list[str], width: int, exact: bool) -> list[str] | str:
    """`width` cell texts in column order, or why the columns cannot be told apart.

    In a real table a cell's position is its column; extra cells on the right
    are padding if blank. Text copied with tabs also pads on the left (merged
    label cells), so blanks at either end cannot be placed for certain.
    """
    if len(cells) == width:
        return cells
    if len(cells) < width and exact:
        return f"只有 {len(cells)} 个数值单元格，应有 {width} 个"
    start, end = 0, len(cells)
    if not exact:
        while start < end and not cells[start].strip():
            start += 1
    while end > start and not cells[end - 1].strip():
        end -= 1
    # In a real table, empty cells beside the label beyond the format's columns are the label's
    # cell continued (not merged across): （七）总计 | ∅ | 16 | 0 … Only as many as are too many go.
    while exact and end - start > width and not cells[start].strip():
        start += 1
    core = cells[start:end]
    if not core:
        return [""] * width
    if len(core) == width or (exact and len(core) < width):
        return core + [""] * (width - len(core))
    if len(core) > width:
        return f"有 {len(core)} 个数值单元格，多于应有的 {width} 个"
    return f"只有 {len(core)} 个数值、应有 {width} 个，且无法确定空白属于哪一列"


class _Placer:
    def __init__(self, file: str) -> None:
        self.file = file
        self.out = Placed()
        self.context: str | None = None  # number of the table being read
        self.t4_headers: list[tuple[str | None, ...]] = []
        self.first_location: dict[str, Location] = {}
        # Column label → position in the header rows just read, and where those rows were.
        self.header_columns: dict[str, int] = {}
        self.header_location: Location | None = None
        self.after_data = True  # the next header row starts a new header
        self.bad_order: set[str] = set()  # grids already reported for columns out of order
        self.pending: TableRow | None = None  # a row of text alone, perhaps the first line of a label
        # Row groups printed as one row with numbers (2019 style, or a subtotal): where, and as printed.
        self.group_rows: dict[str, tuple[Location, str]] = {}
        self.runs: list[digits.Run] = []  # rows whose numbers ran together

    # -- rows ---------------------------------------------------------------

    def row(self, row: TableRow) -> None:
        texts = _unglue(tuple(None if c is None else c.strip() for c in row.cells))
        keys = tuple(None if t is None else normalise(t) for t in texts)
        outdated = [TRIAL_2019[k] for k in keys if k in TRIAL_2019]
        if outdated:
            self.out.refusals.append(
                row.location.finding(
                    IMPORT_OUTDATED_FORMAT,
                    f"表格使用了已过时的 2019 年试行格式（国办公开办函〔2019〕60号，如「{outdated[0]}」）；"
                    "2021 年起应使用国办公开办函〔2021〕30号格式，旧格式的数字无法对应到新表格，不予导入。",
                )
            )
            return
        numeric = any(is_number(t) for t in texts)
        labels = [i for i, k in enumerate(keys) if k in ROWS]
        label_index = labels[-1] if labels else None
        if self.pending is not None:
            pending, self.pending = self.pending, None
            if label_index is None and self._joined(pending, row, texts):
                return
            self._unknown(pending)
        if not numeric and self._is_header(keys, label_index):
            self._header(keys, row.location)
            return
        if not numeric and self._placeholder(texts, row.location):
            return
        if label_index is not None:
            self._data(row, texts, label_index, ROWS[keys[label_index]])  # type: ignore[index]
            return
        if numeric and self.context == TABLE_4.number:
            self._t4_row(row, texts)
            return
        if not any(texts) or (not numeric and _NOISE.match(next(t for t in texts if t))):
            return
        if numeric and self._variant(row, texts):
            return
        if not numeric:
            self.pending = TableRow(texts, row.location, row.exact)  # perhaps the first line of a split label
            return
        self._unknown(TableRow(texts, row.location, row.exact))

    def _unknown(self, row: TableRow) -> None:
        numeric = any(is_number(t) for t in row.cells)
        what = "其中的数字未导入" if numeric else "未导入"
        self.out.findings.append(
            row.location.finding(
                IMPORT_UNKNOWN_ROW,
                f"无法识别的表格行「{_preview(row.cells)}」：不是格式中的行或表头，{what}；请核对行名。",
            )
        )

    def _joined(self, pending: TableRow, row: TableRow, texts: tuple[str | None, ...]) -> bool:
        """A label split over two lines: the first line alone, the rest and the numbers on the next."""
        head = next((t for t in reversed(pending.cells) if t), "")
        at = next((i for i, t in enumerate(texts) if t and not is_number(t)), None)
        if not head or at is None:
            return False
        joined = head + texts[at]  # type: ignore[operator]
        key = normalise(joined)
        if key not in ROWS and key not in GROUPS and closest(key, self._candidates()) is None:
            return False
        cells = (*pending.cells[: pending.cells.index(head)], *texts[:at], joined, *texts[at + 1 :])
        self.row(TableRow(cells, pending.location, row.exact))
        return True

    def _candidates(self) -> dict[str, object]:
        """Official row labels of the table being read (all tables before the first is known), and row groups."""
        rows = {k: t for k, t in ROWS.items() if self.context in (None, t.table.number)}
        groups = {k: g for k, g in GROUPS.items() if self.context in (None, g[0].number)}
        return {**rows, **groups}

    def _variant(self, row: TableRow, texts: tuple[str | None, ...]) -> bool:
        """A numeric row whose label is close to one official label only, or a group printed as one row."""
        first = next((i for i, t in enumerate(texts) if is_number(t)), len(texts))
        at = next((i for i in range(first - 1, -1, -1) if texts[i]), None)
        if at is None:
            return False
        text = texts[at]
        key = normalise(text)  # type: ignore[arg-type]
        if key in GROUPS:
            self._group_row(row, key, text)  # type: ignore[arg-type]
            return True
        match = closest(key, self._candidates())
        if match is None:
            return False
        if match.key in GROUPS:
            self._group_row(row, match.key, text)  # type: ignore[arg-type]
            return True
        target = ROWS[match.key]
        official = target.table.row(target.row).label
        runner = f"；其次接近的「{match.runner_up[0]}」相差 {match.runner_up[1]} 个字" if match.runner_up else ""
        self.out.findings.append(
            row.location.finding(
                IMPORT_LABEL_VARIANT,
                f"行名「{text}」不是格式中的行名，按最接近的{target.table.name}「{official}」导入"
                f"（相差 {match.edits} 个字，相似度 {match.similarity:.0%}{runner}）；请核对。",
            )
        )
        self._data(row, texts, at, target)
        return True

    def _group_row(self, row: TableRow, key: str, text: str) -> None:
        self.context = GROUPS[key][0].number
        self.group_rows.setdefault(key, (row.location, text))

    def _groups(self) -> None:
        """Report each group printed as one row: the 2019 single row (its items left blank), or a subtotal."""
        for key, (location, text) in self.group_rows.items():
            table, keys = GROUPS[key]
            group = table.row(keys[0]).groups[-1]
            items = "".join(f"「{table.row(k).label}」" for k in keys)
            named = f"「{text}」（即「{group}」）" if normalise(text) != key else f"「{group}」"
            if any((table.key, k) in self.out.rows for k in keys):
                message = (
                    f"{table.name}{named}一行是子项{items}的小计；格式中没有小计行，这一行的数字未导入"
                    "（子项已逐行导入），请核对原文中小计与子项之和是否一致。"
                )
            else:
                message = (
                    f"{table.name}{named}只有一行合计（2019 年试行格式的写法）；2021 年格式把它分为 {len(keys)} 个子项"
                    f"{items}，合计无法拆到子项：这一行的数字未导入，子项留空，请按子项从原文补上。"
                )
            self.out.findings.append(location.finding(IMPORT_GROUP_ROW, message))

    def _placeholder(self, texts: tuple[str | None, ...], location: Location) -> bool:
        """A header row an OCR program renamed (数据1 … 数据6): it says nothing of the columns."""
        words = [t for t in texts if t]
        placeholders = [t for t in words if _PLACEHOLDER.match(t)]
        others = [t for t in words if not _PLACEHOLDER.match(t) and normalise(t) not in HEADERS]
        if len(placeholders) < 2 or len(others) > 1:  # one other word: the row-label column's (项目)
            return False
        self.out.findings.append(
            location.finding(
                IMPORT_PLACEHOLDER_HEADER,
                f"表头「{_preview(texts)}」是识别软件改写的列名，不说明各列的含义；各列按格式规定的顺序读取，请核对原文。",
            )
        )
        return True

    def _is_header(self, keys: tuple[str | None, ...], label_index: int | None) -> bool:
        for i, key in enumerate(keys):
            if key in HEADERS and (label_index is None or i > label_index or key in _COLUMN_WORDS):
                return True
        return False

    def _header(self, keys: tuple[str | None, ...], location: Location) -> None:
        votes: dict[str, int] = {}
        for key in keys:
            tables = HEADERS.get(key or "", set())
            if len(tables) == 1:
                (number,) = tables
                votes[number] = votes.get(number, 0) + 1
        if votes:
            number = max(votes, key=lambda n: votes[n])
            if number != self.context:
                self.t4_headers = []
            self.context = number
        if self.context == TABLE_4.number:
            self.t4_headers.append(keys)
        if self.after_data:
            self.header_columns, self.after_data = {}, False
        for i, key in enumerate(keys):
            if key in _COLUMN_WORDS:
                if not self.header_columns:
                    self.header_location = location  # the first row that names columns
                self.header_columns.setdefault(key, i)

    def _seen(self, target: RowTarget, location: Location) -> bool:
        key = (target.table.key, target.row)
        self.first_location.setdefault(target.table.number, location)
        if key in self.out.rows:
            self.out.findings.append(
                location.finding(
                    IMPORT_DUPLICATE_ROW,
                    f"{target.table.name}「{target.table.row(target.row).label}」重复出现"
                    f"（{self.out.rows[key]} 已有）；这一行未导入，请删去多余的一行。",
                )
            )
            return True
        self.out.rows[key] = location
        return False

    def _data(self, row: TableRow, texts: tuple[str | None, ...], index: int, target: RowTarget) -> None:
        table = target.table
        self.context = table.number
        if self._seen(target, row.location):
            return
        self.after_data = True
        grid = table.grid_of(target.row)
        columns = grid.columns
        if not self._in_order(table, grid, row.location):
            return
        cells = [t for t in texts[index + 1 :] if t is not None]
        label = f"{table.name}「{table.row(target.row).label}」"
        self._put(row, cells, [Cell(table.key, target.row, c.key) for c in columns], columns, label)

    def _in_order(self, table, grid, location: Location) -> bool:
        """Whether the header just read lists this grid's columns in the format's order.

        Values are placed by position, so a header with columns swapped would put
        every number in the wrong column: such rows are not imported.
        """
        seen = [
            (self.header_columns[k], i)
            for i, k in enumerate(normalise(c.label) for c in grid.columns)
            if k in self.header_columns
        ]
        order = [i for _, i in sorted(seen)]
        if order == sorted(order):
            return True
        if grid.key not in self.bad_order:
            self.bad_order.add(grid.key)
            expected = "、".join(c.label for c in grid.columns)
            where = self.header_location or location
            self.out.findings.append(
                where.finding(
                    IMPORT_TABLE_HEADER,
                    f"{table.name}表头中各列的顺序与格式不同（应为：{expected}）；无法确定数字属于哪一列，"
                    "这张表的数字未导入，请核对原文。",
                )
            )
        return False

    def _put(self, row: TableRow, cells: list[str], targets: list[Cell], columns, label: str) -> None:
        filled = [_compact(c) for c in cells if c.strip()]
        if (
            len(targets) > 1
            and len(filled) == 1
            and digits.is_run(filled[0])
            and len(filled[0]) >= len(targets)
            and (len(cells) < len(targets) or not row.exact)
        ):
            run = digits.start(targets[0].table, targets[0].row, label, filled[0], targets, row.location)
            if run is None:
                self.out.findings.append(
                    row.location.finding(
                        IMPORT_RUN_TOGETHER,
                        f"{label}的数字连在一起（「{filled[0]}」），可能的拆分太多；这一行留空，请从原文补上。",
                    )
                )
            else:
                self.runs.append(run)
            return
        aligned = _align(cells, len(targets), row.exact)
        if isinstance(aligned, str):
            self.out.findings.append(
                row.location.finding(IMPORT_ROW_CELLS, f"{label}{aligned}；这一行未导入，请核对原文。")
            )
            return
        for cell, column, text in zip(targets, columns, aligned, strict=True):
            if not text.strip():
                continue  # a blank stays blank: the check reports it
            number, note = split_note(text)
            value, problem = parse_number(number, column)
            if note and not problem:
                source = re.sub(r"\s+", " ", text.replace("\n", "")).strip()
                self.out.notes.setdefault(TABLES_BY_KEY[cell.table].number, []).append(f"{cell.label()}：{source}")
                self.out.findings.append(
                    row.location.finding(
                        IMPORT_NOTE,
                        f"{cell.label()}「{source}」：已导入数字 {number.strip()}，括号中的说明{note}"
                        "作为正文放在表格上方；请核对。",
                    )
                )
            if problem:
                self.out.findings.append(row.location.finding(IMPORT_NUMBER, f"{cell.label()}{problem}，未导入。"))
            else:
                self.out.values[cell] = value  # type: ignore[assignment]

    def _t4_row(self, row: TableRow, texts: tuple[str | None, ...]) -> None:
        """Table 四 printed the official way: one row of 15 numbers under a 3-level header."""
        label = f"{TABLE_4.name}"
        positions: dict[str, int] = {}
        columns: list[str] = []
        for keys in self.t4_headers:
            for i, key in enumerate(keys):
                if key in _T4_BLOCKS:
                    positions.setdefault(_T4_BLOCKS[key], i)
            found = [k for k in keys if k in _T4_COLUMNS]
            if not columns and len(found) >= len(_T4_COLUMNS):
                columns = found[: len(_T4_COLUMNS)]
        missing = [r.label for r in TABLE_4.rows if r.key not in positions]
        if missing or columns != _T4_COLUMNS:
            order = "、".join(c.label for c in TABLE_4.grids[0].columns)
            why = f"找不到「{'」「'.join(missing)}」" if missing else f"各列不是「{order}」的顺序"
            self.out.findings.append(
                row.location.finding(IMPORT_TABLE_HEADER, f"{label}的表头{why}，无法确定各列含义；这一行未导入。")
            )
            return
        blocks = sorted(positions, key=lambda k: positions[k])
        targets = [Cell(TABLE_4.key, b, c.key) for b in blocks for c in TABLE_4.grids[0].columns]
        for block in blocks:
            target = RowTarget(TABLE_4, block)
            if self._seen(target, row.location):
                return
        grid_columns = list(TABLE_4.grids[0].columns) * len(blocks)
        self._put(row, [t for t in texts if t is not None], targets, grid_columns, label)

    # -- the end ------------------------------------------------------------

    def missing(self, anchors: dict[str, Location]) -> None:
        for table in TABLES:
            found = [r for r in table.rows if (table.key, r.key) in self.out.rows]
            where = self.first_location.get(table.number) or anchors.get(table.number) or Location(self.file, 0, "全文")
            if not found:
                self.out.findings.append(
                    where.finding(
                        IMPORT_MISSING_TABLE,
                        f"找不到{table.name}「{table.title}」的任何一行；这张表未导入，请核对原文。",
                    )
                )
                continue
            # A group given as one row, none of its items: the items are blank, said once by _groups.
            grouped = {
                k
                for g, (_, keys) in GROUPS.items()
                if g in self.group_rows and not any((table.key, i) in self.out.rows for i in keys)
                for k in keys
            }
            for r in table.rows:
                if (table.key, r.key) not in self.out.rows and r.key not in grouped:
                    self.out.findings.append(
                        where.finding(
                            IMPORT_MISSING_ROW,
                            f"{table.name}中找不到「{r.label}」这一行；它的数值留空，请从原文补上。",
                        )
                    )


def place_rows(file: str, rows: list[TableRow], anchors: dict[str, Location] | None = None) -> Placed:
    """Values and findings for every table row of a source, in reading order.

    `anchors` maps a table number to where its part starts, to locate a table
    that is missing altogether.
    """
    placer = _Placer(file)
    for row in rows:
        placer.row(row)
    if placer.pending is not None:
        placer._unknown(placer.pending)
    if not placer.out.refusals:
        placer._groups()
        placer.missing(anchors or {})
        digits.resolve(placer.runs, placer.out.values)  # type: ignore[arg-type]
        placer.out.findings += digits.findings(placer.runs, IMPORT_SPLIT_DIGITS, IMPORT_RUN_TOGETHER)
    return placer.out


def _unglue(texts: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """Cells whose label and numbers ran together (…申请数量120100316) split into the label and the digits."""
    out: list[str | None] = []
    for text in texts:
        match = _GLUED.match(text) if text else None
        if match and not is_number(text) and _is_label(normalise(match.group(1))):
            out += [match.group(1).strip(), match.group(2)]
        else:
            out.append(text)
    return tuple(out)


def _is_label(key: str) -> bool:
    return key in ROWS or key in GROUPS or closest(key, {**ROWS, **GROUPS}) is not None


__all__ = ["Placed", "place_rows", "parse_number", "is_number"]
