"""PDF with a text layer: tables drawn with lines, paragraphs rebuilt from lines of text.

A scanned PDF has no text to read; it is refused with a clear message rather
than imported empty.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from .labels import part_heading
from .markdown import bold, escape
from .source import Location, Paragraph, Source, TableRow

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
    text, segments, i = line["text"], [], 0
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


def _join_markdown(left: str, right: str) -> str:
    if left.endswith("**") and right.startswith("**"):  # one bold phrase wrapped over two lines
        return _join(left[:-2], right[2:])
    return _join(left, right)


def _paragraphs(lines: list[dict], name: str, page: int, left: float, right: float) -> list[Paragraph]:
    out: list[Paragraph] = []
    previous = None
    for line in lines:
        text = text_of(line["text"]).strip(" \u3000")
        if not text:
            continue
        markdown = _line_markdown(line).strip(" \u3000")
        line = {**line, "text": text}
        if _starts_paragraph(line, previous, left, right) or not out:
            out.append(Paragraph(markdown, text, Location(name, 0, f"第{page}页")))
        else:
            last = out[-1]
            out[-1] = Paragraph(_join_markdown(last.markdown, markdown), _join(last.plain, text), last.location)
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
            lines = outside.extract_text_lines(strip=True, return_chars=True)
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
                    texts = tuple(None if c is None else text_of(c) for c in cells)
                    source.items.append(TableRow(texts, where, exact=True))
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
