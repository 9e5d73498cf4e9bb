"""A minimal SpreadsheetML (.xlsx) writer: exactly what the open data's workbooks use, and fast.

openpyxl builds an object per cell and per style and serialises them through
lxml: about 50 ms a report workbook, most of the open data's build time. The
workbooks here need little of it (text and number cells, a few styles, merged
cells, column widths and row heights, frozen panes, print setup, document
properties), so this module writes the parts' XML and the zip container directly.

Reproducible by construction: parts are written in a fixed order, every zip
entry carries the workbook's own ``modified`` date (the data's, never the
build's), styles are numbered in the order they are first asked for, and
nothing reads the clock, the locale or the machine. The result is read back
with openpyxl in the tests.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import NamedTuple
from xml.sax.saxutils import escape

# The zip format cannot date a file before 1980.
EARLIEST = datetime(1980, 1, 1)
# Part of the cache key of files made here: another zlib may deflate to other bytes.
WRITER_VERSION = f"spreadsheetml 1; zlib {zlib.ZLIB_RUNTIME_VERSION}"

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot hold at all; text is text, so they become U+FFFD rather than markup.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Number formats Excel knows by id (ECMA-376 §18.8.30); others are declared from 164 on.
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2}
A4 = 9  # paperSize code of A4
ROWS_AT_ONCE = 256  # rows of a sheet's XML joined into one piece


def xml_text(text: str) -> str:
    """Text as XML character data (or an attribute value between double quotes)."""
    return escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;"})


@cache
def column_letter(col: int) -> str:
    """1 → A, 27 → AA (cached: every cell's reference asks)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass(frozen=True)
class Font:
    name: str
    size: float
    bold: bool = False


class Style(NamedTuple):
    """A cell format: font, horizontal alignment (wrapping, centred vertically), border, number format.

    A tuple, not a dataclass: every cell asks for its style id, and tuples hash fast.
    """

    font: Font
    align: str = "center"  # "center" or "left"
    border: bool = True
    number_format: str = "General"


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else repr(float(value))


class Styles:
    """The workbook's cell formats, numbered by first use (index 0 is Excel's default)."""

    def __init__(self, default: Font) -> None:
        self.default = default
        self.ids: dict[Style, int] = {}

    def copy(self) -> Styles:
        """The same numbering, to be extended independently (a workbook made from a template)."""
        other = Styles(self.default)
        other.ids = dict(self.ids)
        return other

    def id(self, style: Style) -> int:
        found = self.ids.get(style)
        if found is None:
            found = self.ids[style] = len(self.ids) + 1
        return found

    def xml(self) -> bytes:
        fonts = [self.default] + list(dict.fromkeys(s.font for s in self.ids if s.font != self.default))
        font_ids = {f: i for i, f in enumerate(fonts)}
        custom = list(dict.fromkeys(s.number_format for s in self.ids if s.number_format not in _BUILTIN_FORMATS))
        format_ids = {**_BUILTIN_FORMATS, **{code: 164 + i for i, code in enumerate(custom)}}
        parts = [_DECL, f'<styleSheet xmlns="{_NS}">']
        if custom:
            parts.append(f'<numFmts count="{len(custom)}">')
            parts += [f'<numFmt numFmtId="{format_ids[c]}" formatCode="{xml_text(c)}"/>' for c in custom]
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(fonts)}">')
        for font in fonts:
            bold = "<b/>" if font.bold else ""
            parts.append(f'<font>{bold}<sz val="{_number(font.size)}"/><name val="{xml_text(font.name)}"/>')
            parts.append('<family val="3"/><charset val="134"/></font>')  # 3: modern; 134: GB2312
        parts.append("</fonts>")
        parts.append('<fills count="2"><fill><patternFill patternType="none"/></fill>')
        parts.append('<fill><patternFill patternType="gray125"/></fill></fills>')
        thin = "".join(
            f'<{side} style="thin"><color auto="1"/></{side}>' for side in ("left", "right", "top", "bottom")
        )
        parts.append('<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>')
        parts.append(f"<border>{thin}<diagonal/></border></borders>")
        parts.append('<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>')
        parts.append(
            f'<cellXfs count="{len(self.ids) + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        )
        for style in self.ids:
            number = format_ids[style.number_format]
            border = 1 if style.border else 0
            applied = (' applyNumberFormat="1"' if number else "") + ' applyFont="1"'
            applied += (' applyBorder="1"' if border else "") + ' applyAlignment="1"'
            parts.append(
                f'<xf numFmtId="{number}" fontId="{font_ids[style.font]}" fillId="0" borderId="{border}" xfId="0"'
                f'{applied}><alignment horizontal="{style.align}" vertical="center" wrapText="1"/></xf>'
            )
        parts.append("</cellXfs>")
        parts.append('<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>')
        parts.append("</styleSheet>")
        return "".join(parts).encode("utf-8")


def text_cell(row: int, col: int, text: str, style: int) -> str:
    """A cell holding text (an inline string: no shared table to keep in step)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref(row, col)}" s="{style}" t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'


def number_cell(row: int, col: int, number: str, style: int) -> str:
    """A cell holding a number, given as its decimal text (written as is: no float in between)."""
    return f'<c r="{ref(row, col)}" s="{style}" t="n"><v>{number}</v></c>'


def blank_cell(row: int, col: int, style: int) -> str:
    return f'<c r="{ref(row, col)}" s="{style}"/>'


@dataclass
class Sheet:
    """One worksheet: its cells as XML fragments by (row, column), and how it is shown and printed."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)  # column → width in characters
    heights: dict[int, float] = field(default_factory=dict)  # row → height in points
    freeze: tuple[int, int] | None = None  # the first cell that scrolls (row, column)
    landscape: bool = False
    fit_width: bool = False  # print every column on one page's width
    print_title_rows: tuple[int, int] | None = None  # rows repeated on every printed page
    centered: bool = True
    footer: str = ""
    last_col: int = 0  # the last column of a run of cells kept as one fragment (its key is its first)

    def rows(self) -> Iterator[str]:
        """Each row's element, in order: every row that has cells or a height."""
        rows: dict[int, list[tuple[int, str]]] = {}
        for (row, col), fragment in self.cells.items():
            rows.setdefault(row, []).append((col, fragment))
        for row in sorted(set(rows) | set(self.heights)):
            height = self.heights.get(row)
            attrs = f' ht="{_number(height)}" customHeight="1"' if height is not None else ""
            cells = rows.get(row)
            if cells:
                cells.sort()
                yield f'<row r="{row}"{attrs}>{"".join(f for _, f in cells)}</row>'
            else:
                yield f'<row r="{row}"{attrs}/>'

    def xml(self) -> Iterator[bytes]:
        """The sheet's XML, in pieces (a collection's sheet is tens of megabytes: never one string)."""
        rows_used = sorted({row for row, _ in self.cells} | set(self.heights))
        max_col = max(max((c for _, c in self.cells), default=1), self.last_col)
        dimension = f"A1:{ref(rows_used[-1], max_col)}" if rows_used else "A1"
        parts = [_DECL, f'<worksheet xmlns="{_NS}" xmlns:r="{_REL_NS}">']
        if self.fit_width:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        parts.append(f'<dimension ref="{dimension}"/>')
        parts.append('<sheetViews><sheetView workbookViewId="0">')
        if self.freeze:
            row, col = self.freeze
            split = "".join([f' xSplit="{col - 1}"' if col > 1 else "", f' ySplit="{row - 1}"' if row > 1 else ""])
            pane = "bottomRight" if row > 1 and col > 1 else ("bottomLeft" if row > 1 else "topRight")
            parts.append(f'<pane{split} topLeftCell="{ref(row, col)}" activePane="{pane}" state="frozen"/>')
            parts.append(f'<selection pane="{pane}" activeCell="{ref(row, col)}" sqref="{ref(row, col)}"/>')
        parts.append("</sheetView></sheetViews>")
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            parts.append("<cols>")
            for col in sorted(self.widths):
                parts.append(f'<col min="{col}" max="{col}" width="{_number(self.widths[col])}" customWidth="1"/>')
            parts.append("</cols>")
        parts.append("<sheetData>")
        for row_element in self.rows():
            parts.append(row_element)
            if len(parts) >= ROWS_AT_ONCE:  # given out (and dropped) as made: the rows are most of the text
                yield "".join(parts).encode("utf-8")
                parts = []
        parts.append("</sheetData>")
        if self.merged:
            parts.append(f'<mergeCells count="{len(self.merged)}">')
            parts += [f'<mergeCell ref="{m}"/>' for m in self.merged]
            parts.append("</mergeCells>")
        if self.centered:
            parts.append('<printOptions horizontalCentered="1"/>')
        parts.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
        fit = ' fitToWidth="1" fitToHeight="0"' if self.fit_width else ""
        orientation = "landscape" if self.landscape else "portrait"
        parts.append(f'<pageSetup paperSize="{A4}" orientation="{orientation}"{fit}/>')
        if self.footer:
            parts.append(f"<headerFooter><oddFooter>{xml_text(self.footer)}</oddFooter></headerFooter>")
        parts.append("</worksheet>")
        yield "".join(parts).encode("utf-8")


class Entry(NamedTuple):
    """A part's content as a zip entry holds it: deflated, with the CRC-32 and size of the original."""

    crc: int
    size: int
    data: bytes


def deflate(pieces: Iterable[bytes]) -> Entry:
    """Raw deflate at zlib's default level, as ``zipfile`` does; the same bytes however the text is cut."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    crc = size = 0
    out = []
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        out.append(compressor.compress(piece))
    out.append(compressor.flush())
    return Entry(crc, size, b"".join(out))


# The zip container, byte for byte as ``zipfile`` wrote it to a seekable file before this writer
# (format version 2.0, no extra fields, rw------- permissions): its per-entry bookkeeping cost more
# than the small parts' deflating.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20
_DEFLATED = 8
_UTF8_NAME = 0x800
_PERMISSIONS = 0o600 << 16
_SIZE_LIMIT = (1 << 31) - 1  # beyond it zipfile used ZIP64 records, which this writer does not write


def zip_archive(entries: Iterable[tuple[str, Entry]], modified: datetime) -> bytes:
    """A zip file of these entries in this order, every one dated `modified` (no earlier than 1980)."""
    year, month, day, hour, minute, second = max(modified, EARLIEST).timetuple()[:6]
    dos_date = (year - 1980) << 9 | month << 5 | day
    dos_time = hour << 11 | minute << 5 | second // 2
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, entry in entries:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        if max(entry.size, len(entry.data), offset) > _SIZE_LIMIT:
            raise ValueError(f"{name}: 文件过大，超出 zip 格式（非 ZIP64）的上限。")
        common = (flags, _DEFLATED, dos_time, dos_date, entry.crc, len(entry.data), entry.size, len(encoded))
        header = _LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, *common, 0)
        directory.append(
            _CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, *common, 0, 0, 0, 0, _PERMISSIONS, offset)
        )
        directory.append(encoded)
        out += (header, encoded, entry.data)
        offset += len(header) + len(encoded) + len(entry.data)
    central = b"".join(directory)
    if offset > _SIZE_LIMIT or len(out) // 3 > 0xFFFF:
        raise ValueError("文件过大，超出 zip 格式（非 ZIP64）的上限。")
    count = len(out) // 3
    out += (central, _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central), offset, 0))
    return b"".join(out)


def sheet_part(number: int) -> str:
    """The part name of the workbook's `number`-th sheet (from 1)."""
    return f"xl/worksheets/sheet{number}.xml"


def _w3cdtf(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_CORE_PART = "docProps/core.xml"


@dataclass
class Workbook:
    """Sheets and document properties; `to_bytes` gives the .xlsx file."""

    title: str
    creator: str
    created: datetime
    modified: datetime
    styles: Styles
    language: str = "zh-CN"
    sheets: list[Sheet] = field(default_factory=list)

    def _parts(self) -> Iterator[tuple[str, Iterable[bytes]]]:
        """Each part's name and text in pieces, in the order of the file; a part is made only as it is read."""
        yield "[Content_Types].xml", self._content_types()
        yield "_rels/.rels", self._root_rels()
        yield "docProps/app.xml", self._app()
        yield _CORE_PART, self._core()
        yield "xl/workbook.xml", self._workbook()
        yield "xl/_rels/workbook.xml.rels", self._workbook_rels()
        for i, sheet in enumerate(self.sheets, 1):
            yield sheet_part(i), sheet.xml()
        yield "xl/styles.xml", self._styles()

    def _content_types(self) -> Iterator[bytes]:
        sheet_types = "".join(
            f'<Override PartName="/{sheet_part(i)}" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        yield (
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{sheet_types}"
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/{_CORE_PART}" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        ).encode()

    def _root_rels(self) -> Iterator[bytes]:
        yield (
            f'{_DECL}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            f'core-properties" Target="{_CORE_PART}"/>'
            f'<Relationship Id="rId3" Type="{_OFFICE_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ).encode()

    def _app(self) -> Iterator[bytes]:
        yield (
            f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>nianbao</Application></Properties>"
        ).encode()

    def _core(self) -> Iterator[bytes]:
        yield (
            f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_text(self.title)}</dc:title><dc:creator>{xml_text(self.creator)}</dc:creator>"
            f"<dc:language>{xml_text(self.language)}</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{_w3cdtf(self.created)}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_w3cdtf(self.modified)}</dcterms:modified>'
            "</cp:coreProperties>"
        ).encode()

    def _workbook(self) -> Iterator[bytes]:
        sheets = "".join(
            f'<sheet name="{xml_text(s.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(self.sheets, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"{xml_text(_quoted(s.name))}!${s.print_title_rows[0]}:${s.print_title_rows[1]}</definedName>"
            for i, s in enumerate(self.sheets)
            if s.print_title_rows
        )
        yield (
            f'{_DECL}<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>"
        ).encode()

    def _workbook_rels(self) -> Iterator[bytes]:
        n = len(self.sheets)
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_OFFICE_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        yield (
            f'{_DECL}<Relationships xmlns="{_PKG_REL_NS}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_OFFICE_REL}/styles" Target="styles.xml"/></Relationships>'
        ).encode()

    def _styles(self) -> Iterator[bytes]:
        yield self.styles.xml()

    def shared_parts(self) -> dict[str, Entry]:
        """Every part but the sheets and the document properties, deflated: what workbooks laid out alike share."""
        sheets = {sheet_part(i) for i in range(1, len(self.sheets) + 1)}
        return {name: deflate(text) for name, text in self._parts() if name != _CORE_PART and name not in sheets}

    def to_bytes(self, made: Mapping[str, Entry] | None = None) -> bytes:
        """The .xlsx file: the same sheets, styles and properties always give the same bytes.

        `made` holds parts already deflated, by name, taken as they are: a template's `shared_parts`,
        sheets filled in from a template (the caller answers for their being this workbook's).
        """
        made = made or {}
        entries = ((name, made[name] if name in made else deflate(text)) for name, text in self._parts())
        return zip_archive(entries, self.modified)


def _quoted(sheet_name: str) -> str:
    """A sheet's name as a formula refers to it: in single quotes, a quote doubled."""
    return "'" + sheet_name.replace("'", "''") + "'"
