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

# A report may number its parts its own way (the tables under 一、主动公开政府信息情况 …, the
# last part 五、其他需要报告的事项): the title names the part, whatever its number.
_PART_PREFIX = re.compile(r"^(?:第[一二三四五六七八九十]{1,2}部分|[一二三四五六七八九十]{1,2}、)")


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
    return _PART_TITLES.get(key[match.end() :].lstrip("、:"))


def is_report_title(text: str) -> bool:
    return normalise(text).endswith(normalise(TITLE_SUFFIX))


# --- Labels that are not quite the format's ------------------------------------------
# A typo drops or swaps a character (3.危及三安全稳定), an office shortens a label
# (规范性文件). Such a label is matched to the one official label it is closest
# to, when that label is close (at most MAX_EDITS edits, and at least
# MIN_SIMILARITY of the longer label kept) and no other label is nearly as close.
MAX_EDITS = 3
MIN_SIMILARITY = 0.7
# The runner-up must need at least this many more edits than the best match.
MARGIN = 2


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, an adjacent swap counting as one edit (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class Closest:
    key: str  # the normalised official label (or alias) matched
    edits: int
    similarity: float  # 1 − edits / length of the longer label
    runner_up: tuple[str, int] | None  # the next closest official label and its edits


_NUMBERING = re.compile(r"^(?:[0-9]+\.|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")


def _numbering(key: str) -> str:
    match = _NUMBERING.match(key)
    return match.group(0) if match else ""


def closest(key: str, candidates: dict[str, object]) -> Closest | None:
    """The candidate key nearest to `key`, if it is close and the only one that close.

    A label's numbering (3. / (六) / 一、) is kept by every variant seen: where
    `key` has one, only labels with the same numbering are candidates.
    """
    if not key or len(key) < 2:
        return None
    number = _numbering(key)
    scored = sorted(
        (edit_distance(key, other), other)
        for other in candidates
        if abs(len(other) - len(key)) <= MAX_EDITS and (not number or _numbering(other) == number)
    )
    if not scored:
        return None
    edits, best = scored[0]
    similarity = 1 - edits / max(len(key), len(best))
    if edits > MAX_EDITS or similarity < MIN_SIMILARITY:
        return None
    # Aliases of the same row (with and without its bracketed note) are one candidate.
    rivals = [(d, o) for d, o in scored[1:] if candidates[o] != candidates[best]]
    if rivals and rivals[0][0] < edits + MARGIN:
        return None
    return Closest(best, edits, round(similarity, 2), (rivals[0][1], rivals[0][0]) if rivals else None)


def _build_groups() -> dict[str, tuple[Table, tuple[str, ...]]]:
    """Innermost row groups ((三)不予公开 … (六)其他处理) → their table and the keys of their rows.

    The 2019 trial format printed each as one row; the 2021 format splits it into sub-items.
    """
    groups: dict[str, tuple[Table, tuple[str, ...]]] = {}
    for table in TABLES:
        for row in table.rows:
            if len(row.groups) >= 2:
                key = normalise(row.groups[-1])
                keys = groups.get(key, (table, ()))[1]
                groups[key] = (table, (*keys, row.key))
    return groups


GROUPS: dict[str, tuple[Table, tuple[str, ...]]] = _build_groups()
