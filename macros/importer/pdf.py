"""PDF with a text layer: tables drawn with lines, paragraphs rebuilt from lines of text.

A scanned PDF has no text to read; it is refused with a clear message rather
than imported empty.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections.abc import Callable

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from macros.importer.rules import IMPORT_SCANNED, IMPORT_UNREADABLE

from .labels import HEADERS, ROWS, TRIAL_2019, normalise, part_heading
from .markdown import bold, escape
from .source import Location, Paragraph, Source, TableRow
from .tables import is_number

# pdfminer logs every font it cannot measure; the reader's findings say what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# PDF fonts often map common characters to radical code points (⼈ U+2F08 for 人,
# ⺠ U+2EA0 for 民). Kangxi radicals fold under NFKC; the radicals supplement does
# not, so the ones that stand for whole simplified characters are listed here.
_RADICALS = str.maketrans(
    "⺠⻅⻓⻔⻛⻜⻢⻬⻩⻮⻰⻚⻙⻋⻉⻆⻄⻝⻘⻣⻤⻥⻦⻧⻨⻪⻭⻯⻳⺟⺁⺇⺌⺕",
    "民见长门风飞马齐黄齿龙页韦车贝角西食青骨鬼鱼鸟卤麦黾齿龙龟母厂几小彐",
)


# NFKC folds a few Kangxi radicals to their traditional form; a 简体 font meant the simplified one.
_FOLDED_TRADITIONAL = str.maketrans("戶靑", "户青")
_BOLD_FONT = re.compile(r"Bold|Black|Heavy", re.IGNORECASE)


def text_of(raw: str) -> str:
    """Text as written, with radical code points replaced by the characters they stand for."""
    return "".join(
        unicodedata.normalize("NFKC", c).translate(_FOLDED_TRADITIONAL) if "\u2f00" <= c <= "\u2fdf" else c for c in raw
    ).translate(_RADICALS)


def _line_markdown(line: dict) -> str:
    """A line of text as Markdown: characters set in a bold font become **bold**."""
    text, i = line["text"], 0
    segments: list[tuple[str, bool]] = []
    for char in line.get("chars", []):
        piece = char["text"]
        while i < len(text) and not text.startswith(piece, i):
            segments.append((text[i], segments[-1][1] if segments else False))  # a space pdfplumber inserted
            i += 1
        segments.append((piece, bool(_BOLD_FONT.search(char.get("fontname", "")))))
        i += len(piece)
    segments += [(c, segments[-1][1] if segments else False) for c in text[i:]]
    runs: list[tuple[str, bool]] = []
    for piece, strong in segments:
        if runs and runs[-1][1] == strong:
            runs[-1] = (runs[-1][0] + piece, strong)
        else:
            runs.append((piece, strong))
    return "".join(bold(escape(text_of(t))) if strong else escape(text_of(t)) for t, strong in runs)


_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_SENTENCE_END = ("。", "！", "？", "；", "：", ":")
# Page numbers as printed in headers and footers: 3, - 3 -, 第3页, 第 3 页 共 9 页, 3/9.
_PAGE_NUMBER = re.compile(r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _join(left: str, right: str, spaced: bool = False) -> str:
    """Two wrapped lines as one text. Chinese wraps anywhere, but the space between two Latin
    words, and (where the document writes 2024 年) between a number and Chinese, fell at the break."""
    if not (left and right):
        return left + right
    a, b = _latin(left[-1]), _latin(right[0])
    if (a and b) or (spaced and a != b and not (_PUNCTUATION.match(left[-1]) or _PUNCTUATION.match(right[0]))):
        return f"{left} {right}"
    return left + right


_PUNCTUATION = re.compile(r"[\s\W]")
_SPACED = re.compile(r"[A-Za-z0-9] [\u4e00-\u9fff]|[\u4e00-\u9fff] [A-Za-z0-9]")
_TIGHT = re.compile(r"[A-Za-z0-9][\u4e00-\u9fff]|[\u4e00-\u9fff][A-Za-z0-9]")


def spaced_style(texts: list[str]) -> bool:
    """Whether the document puts a space between numbers and Chinese (2024 年), judged by its own lines."""
    text = "\n".join(texts)
    return len(_SPACED.findall(text)) > len(_TIGHT.findall(text))


def _starts_paragraph(line: dict, previous: dict | None, pitch: float) -> bool:
    if previous is None:
        return True
    text, before = line["text"], previous["text"]
    height = max(1.0, previous["bottom"] - previous["top"])
    if part_heading(text) or _SUBHEAD.match(text) or part_heading(before) or _SUBHEAD.match(before):
        return True
    if line["x0"] - line["left"] > 1.5 * height:  # a first-line indent
        return True
    if line["page"] != previous["page"]:
        # Over a page break only the sentence tells: a paragraph that ended at the foot of the page.
        return before.endswith(_SENTENCE_END)
    # A gap wider than the usual line spacing (or, for large type such as a title, than its own).
    if line["top"] - previous["top"] > 1.4 * max(pitch, 1.25 * height):
        return True
    return before.endswith(_SENTENCE_END) and previous["right"] - previous["x1"] > 2 * height


def _join_markdown(left: str, right: str, spaced: bool) -> str:
    if left.endswith("**") and right.startswith("**"):  # one bold phrase wrapped over two lines
        return _join(left[:-2], right[2:], spaced)
    return _join(left, right, spaced)


def _paragraphs(lines: list[dict], name: str, spaced: bool, pitch: float) -> list[Paragraph]:
    """Paragraphs from lines of text in reading order (possibly over several pages)."""
    out: list[Paragraph] = []
    previous = None
    for line in lines:
        text = text_of(line["text"]).strip(" \u3000")
        if not text:
            continue
        markdown = _line_markdown(line).strip(" \u3000")
        line = {**line, "text": text}
        if _starts_paragraph(line, previous, pitch) or not out:
            out.append(Paragraph(markdown, text, Location(name, 0, f"第{line['page']}页")))
        else:
            last = out[-1]
            joined = _join(last.plain, text, spaced)
            out[-1] = Paragraph(_join_markdown(last.markdown, markdown, spaced), joined, last.location)
        previous = line
    return out


def line_pitch(items: list) -> float:
    """The document's usual distance from one line to the next (median), to tell paragraph gaps."""
    steps = [
        b["top"] - a["top"]
        for a, b in zip(items, items[1:], strict=False)
        if isinstance(a, dict) and isinstance(b, dict) and a["page"] == b["page"] and b["top"] > a["top"]
    ]
    return statistics.median(steps) if steps else 12.0


def _furniture(line: dict, height: float) -> bool:
    """A page number in the header or footer zone: not part of the report's text."""
    margin = 0.08 * height
    return (line["top"] < margin or line["bottom"] > height - margin) and bool(_PAGE_NUMBER.match(line["text"]))


Rows = list[list[str | None]]


def _statistical(rows: Rows) -> bool:
    """Whether what the table finder found is a table of figures rather than text in a frame.

    Ruled lines also frame text: a page border, a paragraph per row of a one-column layout
    table. Such a "table" holds no row or header label of the format and no row of numbers;
    its text is read as paragraphs, in reading order, like the rest of the page.
    """
    for cells in rows:
        texts = [text_of(c) for c in cells if c and c.strip()]
        if len(texts) < 2:
            continue
        keys = [normalise(t) for t in texts]
        if any(k in ROWS or k in HEADERS or k in TRIAL_2019 for k in keys) or sum(map(is_number, texts)) >= 2:
            return True
    return False


_PROSE_END = ("。", "！", "？", "；")


def _prose(texts: tuple[str | None, ...]) -> str | None:
    """The text of a table row that is a paragraph of the report, not a row of figures.

    Where a frame around the text touches a table of figures, the finder returns both as
    one table. A row that is one cell across the whole table (it has no cells for values),
    or a single cell of prose (a sentence, a part heading), is narrative, unless it is one
    of the format's labels or captions.
    """
    filled = [t for t in texts if t and t.strip()]
    if len(filled) != 1:
        return None
    text = filled[0]
    key = normalise(text)
    if key in ROWS or key in HEADERS or key in TRIAL_2019 or is_number(text):
        return None
    flat = text.replace("\n", "").strip()
    across = sum(t is not None for t in texts) == 1
    return text if across or part_heading(flat) or flat.endswith(_PROSE_END) or len(flat) > 40 else None


Box = tuple[float, float, float, float]
# Consecutive rows of figures of one table: its number on the page, and each row's number and cells.
Run = tuple[int, list[tuple[int, tuple[str | None, ...]]]]


def _tables(page) -> tuple[list[tuple[float, Run]], list[Box], list[Box]]:
    """The page's tables of figures as runs of rows (with where each run starts), the boxes of those
    tables, and the boxes of rows in them that are text (read with the page's lines, in their place)."""
    figures: list[tuple[float, Run]] = []
    boxes: list[Box] = []
    prose: list[Box] = []
    found = [(t, rows) for t in page.find_tables() if _statistical(rows := t.extract())]
    for ordinal, (table, rows) in enumerate(found, start=1):
        boxes.append(table.bbox)
        run: list[tuple[int, tuple[str | None, ...]]] = []
        top = 0.0
        for row_number, (row, cells) in enumerate(zip(table.rows, rows, strict=True), start=1):
            texts = tuple(None if c is None else text_of(c) for c in cells)
            if _prose(texts) is not None:
                prose.append(row.bbox)
                if run:
                    figures.append((top, (ordinal, run)))
                    run = []
                continue
            if not run:
                top = row.bbox[1]
            run.append((row_number, texts))
        if run:
            figures.append((top, (ordinal, run)))
    return figures, boxes, prose


def _text_of_page(boxes: list[Box], prose: list[Box]) -> Callable[[dict], bool]:
    """The test that keeps a page's text: outside its tables of figures, or in their rows of text."""
    return lambda obj: not any(_inside(obj, b) for b in boxes) or any(_inside(obj, b) for b in prose)


def read_pdf(name: str, data: bytes) -> Source:
    source = Source(name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, PdfminerException, ValueError):
        where = Location(name, 0, "全文")
        source.refusals.append(where.finding(IMPORT_UNREADABLE, "不是有效的 PDF 文件，无法读取。"))
        return source
    with pdf:
        has_text = False
        # First the whole document in reading order (lines and tables), then paragraphs:
        # a paragraph may run on over a page break, and the spacing style is the document's.
        sequence: list[tuple[int, dict | Run]] = []
        for number, page in enumerate(pdf.pages, start=1):
            has_text = has_text or bool(page.chars)
            figures, boxes, prose = _tables(page)
            keep = page.filter(_text_of_page(boxes, prose))
            lines = [
                line
                for line in keep.extract_text_lines(strip=True, return_chars=True)
                if not _furniture(line, float(page.height))
            ]
            left = min((line["x0"] for line in lines), default=0.0)
            right = max((line["x1"] for line in lines), default=float(page.width))
            items: list[tuple[float, dict | Run]] = [
                (line["top"], {**line, "page": number, "left": left, "right": right}) for line in lines
            ]
            items += figures
            items.sort(key=lambda item: item[0])
            sequence += [(number, item) for _, item in items]
        spaced = spaced_style([text_of(item["text"]) for _, item in sequence if isinstance(item, dict)])
        pitch = line_pitch([item for _, item in sequence])
        pending: list[dict] = []
        for number, item in sequence:
            if isinstance(item, dict):
                pending.append(item)
                continue
            source.items.extend(_paragraphs(pending, name, spaced, pitch))
            pending = []
            ordinal, rows = item
            for row_number, texts in rows:
                where = Location(name, 0, f"第{number}页 表{ordinal} 第{row_number}行")
                source.items.append(TableRow(texts, where, exact=True))
        source.items.extend(_paragraphs(pending, name, spaced, pitch))
    if not has_text:
        source.refusals.append(
            Location(name, 0, "全文").finding(
                IMPORT_SCANNED,
                "这个 PDF 没有文字层（多半是扫描件或图片），无法读出其中的文字和数字；"
                "请改用报告的 Word 文件或网页，或先做文字识别（OCR）后再导入。",
            )
        )
    return source
