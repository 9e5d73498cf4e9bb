"""PDF with a text layer: tables drawn with lines, paragraphs rebuilt from lines of text.

A scanned PDF has no text to read; it is refused with a clear message rather
than imported empty.
"""

from __future__ import annotations

import io
import re

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from .labels import part_heading
from .source import Location, Paragraph, Source, TableRow

_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_SENTENCE_END = ("。", "！", "？", "；", "：", ":")


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _join(left: str, right: str) -> str:
    # Chinese wraps anywhere; only between two Latin letters or digits was there a space.
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def _starts_paragraph(line: dict, previous: dict | None, left: float, right: float) -> bool:
    if previous is None:
        return True
    text, before = line["text"], previous["text"]
    height = max(1.0, previous["bottom"] - previous["top"])
    if part_heading(text) or _SUBHEAD.match(text) or part_heading(before) or _SUBHEAD.match(before):
        return True
    if line["top"] - previous["bottom"] > 0.8 * height:  # a paragraph gap
        return True
    if line["x0"] - left > 1.5 * height:  # a first-line indent
        return True
    return before.endswith(_SENTENCE_END) and right - previous["x1"] > 2 * height


def _paragraphs(lines: list[dict], name: str, page: int, left: float, right: float) -> list[Paragraph]:
    out: list[Paragraph] = []
    previous = None
    for line in lines:
        text = line["text"].strip(" \u3000")
        if not text:
            continue
        line = {**line, "text": text}
        if _starts_paragraph(line, previous, left, right) or not out:
            out.append(Paragraph(text, text, Location(name, 0, f"第{page}页")))
        else:
            joined = _join(out[-1].plain, text)
            out[-1] = Paragraph(joined, joined, out[-1].location)
        previous = line
    return out


def read_pdf(name: str, data: bytes) -> Source:
    source = Source(name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, PdfminerException, ValueError):
        where = Location(name, 0, "全文")
        source.refusals.append(where.finding("import-unreadable", "不是有效的 PDF 文件，无法读取。"))
        return source
    with pdf:
        has_text = False
        pending: list[dict] = []
        bounds: list[tuple[float, float]] = []
        for number, page in enumerate(pdf.pages, start=1):
            has_text = has_text or bool(page.chars)
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda obj, boxes=boxes: not any(_inside(obj, b) for b in boxes))
            lines = outside.extract_text_lines(strip=True)
            items: list[tuple[float, object]] = [(line["top"], line) for line in lines]
            items += [(t.bbox[1], t) for t in tables]
            items.sort(key=lambda item: item[0])
            if lines:
                bounds.append((min(line["x0"] for line in lines), max(line["x1"] for line in lines)))
            left, right = bounds[-1] if bounds else (0.0, float(page.width))
            for index, (_, item) in enumerate(items):
                if isinstance(item, dict):
                    pending.append(item)
                    continue
                source.items.extend(_paragraphs(pending, name, number, left, right))
                pending = []
                table_number = sum(1 for _, other in items[: index + 1] if not isinstance(other, dict))
                for row_number, cells in enumerate(item.extract(), start=1):
                    where = Location(name, 0, f"第{number}页 表{table_number} 第{row_number}行")
                    source.items.append(TableRow(tuple(cells), where, exact=True))
            source.items.extend(_paragraphs(pending, name, number, left, right))
            pending = []
    if not has_text:
        source.refusals.append(
            Location(name, 0, "全文").finding(
                "import-scanned",
                "这个 PDF 没有文字层（多半是扫描件或图片），无法读出其中的文字和数字；"
                "请改用报告的 Word 文件或网页，或先做文字识别（OCR）后再导入。",
            )
        )
    return source
