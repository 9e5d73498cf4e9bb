"""Recognising the format's labels as real reports print them.

Copies of reports change labels in small ways: full-width or half-width
brackets, spaces inside labels (结果 维持), 繁体 characters, a year written
into a label (本年(2023)制发件数, 2023年新收…). ``normalise`` folds all of that
away; the indexes below are built from ``macros.format.national`` so that no label is
typed twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from macros.format.national import (
    PART_VARIANTS,
    PARTS,
    TABLE_2_ROW_HEADER,
    TABLES,
    TITLE_SUFFIX,
    TRIAL_2019_LABELS,
    YEAR_PATTERN,
    Table,
)

# 繁体 → 简体 for the characters that occur in the format's labels (tests check
# that every simplified character here really occurs in a label).
_PAIRS = " ".join(
    (
        "萬万 業业 為为 舉举 於于 會会 體体 關关 決决 況况 辦办 務务 動动 區区 單单 發发 後后 國国 處处 復复",
        "覆复 審审 屬属 廢废 開开 強强 當当 總总 執执 護护 報报 據据 數数 無无 機机 權权 條条 構构 沒没 現现",
        "確确 穩稳 類类 係系 糾纠 納纳 組组 織织 經经 結结 繼继 續续 維维 繳缴 罰罚 範范 獲获 補补 規规 計计",
        "認认 議议 許许 訟讼 訪访 訴诉 詢询 請请 費费 轉转 過过 這这 進进 問问 項项 題题 額额 製制",
    )
).split()
TRADITIONAL_TO_SIMPLIFIED = str.maketrans("".join(p[0] for p in _PAIRS), "".join(p[1] for p in _PAIRS))

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
# A year edited into a label: 本年(2023)制发件数, （2023年度）…
_YEAR_IN_BRACKETS = re.compile(r"\(" + YEAR_PATTERN + r"年?度?\)")
# 本年 / 上年 / 2023年 / 本年度 all name "the year" of a label; folding them lets
# 2023年新收… match 本年新收… while labels stay distinct from one another.
_YEAR_WORD = re.compile(r"(?:本|上|" + YEAR_PATTERN + r")年度?")
_LEAD_NUMBER = re.compile(r"^(\d+)[.、,]")
_LEAD_CHINESE = re.compile(r"^([一二三四五六七八九十]+)[、.,]")


def normalise(text: str) -> str:
    """The comparable form of a label: no spaces, one kind of bracket, 简体, no year."""
    text = unicodedata.normalize("NFKC", text).translate(TRADITIONAL_TO_SIMPLIFIED).translate(_QUOTES)
    text = _SPACE.sub("", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    text = _YEAR_IN_BRACKETS.sub("", text)
    text = _YEAR_WORD.sub("〇年", text)
    text = _LEAD_NUMBER.sub(r"\1.", text)
    text = _LEAD_CHINESE.sub(r"\1、", text)
    return text


_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def _aliases(label: str) -> set[str]:
    """The label itself and, if it ends in a bracketed note, the label without it."""
    key = normalise(label)
    short = _TRAILING_NOTE.sub("", key)
    return {key, short} if short else {key}


@dataclass(frozen=True)
class RowTarget:
    table: Table
    row: str  # Row.key


def _build_rows() -> dict[str, RowTarget]:
    index: dict[str, RowTarget] = {}
    clashes: set[str] = set()
    for table in TABLES:
        for row in table.rows:
            for alias in _aliases(row.label):
                if alias in index and index[alias] != RowTarget(table, row.key):
                    clashes.add(alias)
                index[alias] = RowTarget(table, row.key)
    # An alias shared by two rows identifies neither.
    return {k: v for k, v in index.items() if k not in clashes}


def _build_headers() -> dict[str, set[str]]:
    """Header words (column labels, groups, captions, notes) → numbers of the tables using them."""
    index: dict[str, set[str]] = {}

    def add(text: str, table: Table) -> None:
        for alias in _aliases(text):
            index.setdefault(alias, set()).add(table.number)

    for table in TABLES:
        add(table.title, table)
        if table.note:
            add(table.note, table)
        for grid in table.grids:
            if grid.caption:
                add(grid.caption, table)
            for column in grid.columns:
                add(column.label, table)
                for group in column.groups:
                    add(group, table)
            for row in grid.rows:
                for group in row.groups:
                    add(group, table)
    add(TABLE_2_ROW_HEADER, TABLES[0])
    return index


ROWS: dict[str, RowTarget] = _build_rows()
HEADERS: dict[str, set[str]] = _build_headers()
TRIAL_2019: dict[str, str] = {normalise(label): label for label in TRIAL_2019_LABELS}

_PART_PREFIX = re.compile(r"^(?:第([一二三四五六])部分|([一二三四五六])、)")


def _part_titles() -> dict[str, str]:
    titles: dict[str, str] = {}
    for number, title in PARTS:
        titles[normalise(title)] = number
        for variant in PART_VARIANTS.get(number, ()):
            titles[normalise(variant)] = number
    return titles


_PART_TITLES = _part_titles()


def part_heading(text: str) -> str | None:
    """The part number (一 … 六) if `text` is one of the six part headings, else None."""
    key = normalise(text).strip("*#:：")
    match = _PART_PREFIX.match(key)
    if not match:
        # Word's automatic numbering leaves the title without its 一、 in the text.
        return _PART_TITLES.get(key)
    number = match.group(1) or match.group(2)
    return number if _PART_TITLES.get(key[match.end() :].lstrip("、:")) == number else None


def is_report_title(text: str) -> bool:
    return normalise(text).endswith(normalise(TITLE_SUFFIX))
