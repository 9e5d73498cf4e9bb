"""The narrative checked too: its numbers against the tables, its years, last year's report, what parts say.

Called by the project check for every page, after the page checks (pages.py):
numbers the prose states about applications, 复议, 诉讼 and the table-二 items
are compared with the cell they name (figures.py); a year other than the
report's and the one before is flagged; a part mostly copied from the same
organ's previous report, or tables identical to it, are flagged; parts 五 and
六 must say something; 县级以上人民政府 report 考核、评议、责任追究 (条例 第五十条);
and the prose lint (prose.py) finds half-width punctuation, doubled
punctuation and words, and sentences broken across two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from macros.check.catalogue import (
    ART50_RESULTS,
    BROKEN_SENTENCE,
    COPIED_PART,
    COPIED_TABLES,
    DOUBLED_PUNCT,
    DOUBLED_WORD,
    HALFWIDTH_PUNCT,
    NARRATIVE_CONTRADICTION,
    OTHER_YEAR,
    PART5_CONTENT,
    PROSE_NUMBER,
)
from macros.check.findings import Finding
from macros.check.load import Organ, Report
from macros.check.pages import _NO_REQUESTS, Section, prose, split_parts
from macros.check.prose import CJK, Paragraph, Sentence, lines, paragraphs, sentences
from macros.format.figures import FIGURES, Figure, figure_value
from macros.format.national import TABLES_BY_NUMBER, YEAR_PATTERN, cells
from macros.format.numbers import Number, format_number

# --- Numbers in prose -------------------------------------------------------------

# What a sentence can state a figure about. A number belongs to the nearest topic
# before it in the sentence; the longer wordings come first.
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("after_review_total", r"复议后(?:向人民法院)?(?:提起)?(?:行政)?(?:诉讼|起诉)"),
        ("direct_total", r"(?:未经复议)?直接(?:向人民法院)?(?:提起)?(?:行政)?(?:诉讼|起诉)"),
        ("review_total", r"行政复议|复议"),
        ("litigation_total", r"行政诉讼|诉讼|起诉"),
        ("carried_in", r"上一?年度?结转"),
        ("carried_over", r"结转(?:至|到)?(?:下一?年度?|\d{4}\s*年度?)(?:继续办理)?"),
        ("new_requests", r"(?:新收|收到|接到|接收|受理)[^，。；：,]{0,15}?申请"),
        ("results_total", r"办结|答复|办理完毕"),
        ("penalty_total", r"行政处罚"),
        ("licensing_total", r"行政许可"),
        ("coercion_total", r"行政强制"),
        ("fees_total", r"行政事业性收费"),
        ("normative", r"(?:行政)?规范性文件"),
        ("rules", r"规章(?!制度)"),
    )
)
# Any topic at all: most sentences name none, and need not be searched for each one.
_ANY_TOPIC = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _TOPICS))
# 规范性文件 and 规章 name three columns: which one, by the verb between topic and number.
_COLUMN_VERBS = (
    ("issued", r"制发|印发|出台|发布|制定|新制"),
    ("repealed", r"废止|失效"),
    ("in_force", r"现行有效|有效"),
)
_NUMBER = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)\s*(?P<unit>件|起|宗|项|个|次|条|份|万元)"
)
# Between a topic and its number: a breakdown (其中, an applicant, a channel, a result), a change or an estimate.
_NOT_THE_TOTAL = re.compile(
    r"其中|自然人|法人|企业|公民|组织|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|当面|网络|网上|信函|邮寄|传真|电子邮件"
    r"|同比|增加|减少|增长|下降|较|比|约|近|超过|逾|不足|率|平均|各|分别|每"
)
# After the number: an estimate, or a total that includes another row (13 件（含上年结转 1 件）).
_APPROXIMATE_AFTER = re.compile(r"^\s*(?:以上|以下|左右|余|多|[（(，,]?\s*(?:含|包括|包含))")
# A sentence about another organ or a wider area, another period, or a breakdown of cases.
_OTHER_SCOPE = re.compile(
    r"代表|全区|全县|全市|全省|全州|全旗|全镇|各(?:部门|单位|乡镇|街道|科室|县|区|市|级)|下属|所属|辖区|备案|转办|转交|协助|汇总|累计|历年"
    r"|近[一二三四五两]年|上一?年(?!度?结转)|去年|同期"
)
_YEAR = re.compile(rf"(?<![\d〔\[［(（])({YEAR_PATTERN})\s*年")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_APPEALS = {"review_total", "litigation_total", "direct_total", "after_review_total"}
# A 复议/诉讼 count is table 四's (an error when it differs) only where the organ is the respondent in a case
# about 政府信息公开; elsewhere (办理行政复议案件 as the reviewing body, 公开复议决定书) it is an advisory.
_RESPONDENT = re.compile(
    r"被申请|被提起|被诉|被起诉|因政府信息公开|政府信息公开[^，。；]{0,4}(?:复议|诉讼|起诉)|涉及政府信息公开"
)
# Results, not totals: 未发生行政复议纠错案件 says nothing about how many cases there were.
_APPEAL_RESULTS = re.compile(r"纠错|纠正|败诉|撤销|维持|确认违法|被告")

_NONE_RECEIVED = re.compile(
    r"(?:未|没有)(?:接到|收到|受理|接收|发生)[^，。；]{0,10}?(?<!被)申请(?!行政复议|复议)"
    r"|零申请|(?:无|没有)(?:政府信息公开|依申请公开)申请"
)
_ALL_DONE = re.compile(
    r"(?:所有|全部|均已?|全都|一律)[^，。；]{0,8}?(?:办结|办理完毕|答复完毕)|(?:无|没有|不存在)(?:结转|转入下一?年)"
)
_NO_APPEALS = re.compile(r"(?:未(?!经)|没有|无)(?:发生|出现|被|收到|接到|涉及|因)[^，。；]{0,16}?(?:复议|诉讼|起诉)")


def _chinese_number(text: str) -> int | None:
    if text in ("十",):
        return 10
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    if len(text) > 1 and all(c in _CN_DIGITS for c in text):
        return None  # 一二 is not a number a sentence writes
    return total + current


def _parse(text: str) -> Number | None:
    if text[0].isdigit():
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
        return int(value) if value == value.to_integral_value() and "." not in text else value
    return _chinese_number(text)


def _figure(name: str, between: str) -> Figure | None:
    if name in ("normative", "rules"):
        column = next((c for c, verbs in _COLUMN_VERBS if re.search(verbs, between)), None)
        return FIGURES[f"{name}_{column}"] if column else None
    return FIGURES[name]


def _other_year(sentence: str, year: int) -> bool:
    """Whether the sentence names a year other than the report's (结转至下一年 aside)."""
    for match in _YEAR.finditer(sentence):
        if int(match.group(1)) != year and not re.search(r"结转(?:至|到)?\s*$", sentence[: match.start()]):
            return True
    return False


def _stated_numbers(sentence: Sentence) -> Iterator[tuple[Figure, Number, str, int]]:
    """(figure, number, how written, column) for each number the sentence states about a figure."""
    text = sentence.text
    if not _ANY_TOPIC.search(text):
        return
    topics = [(m.start(), m.end(), name) for name, pattern in _TOPICS for m in pattern.finditer(text)]
    previous_end = 0
    for match in _NUMBER.finditer(text):
        before = [t for t in topics if t[1] <= match.start() and t[1] > previous_end]
        previous_end = match.end()
        if not before:
            continue
        start, end, name = max(before, key=lambda t: (t[1], t[1] - t[0]))
        if any(t[1] <= start and re.fullmatch(r"\s*[和与及、]\s*", text[t[1] : start]) for t in topics):
            continue  # 行政处罚和行政强制信息 287 条: a number of two topics together
        between = text[end : match.start()]
        if len(between) > 12 or _NOT_THE_TOTAL.search(between) or _APPROXIMATE_AFTER.match(text[match.end() :]):
            continue
        figure = _figure(name, between)
        if figure is None or (match.group("unit") == "万元") != (figure.name == "fees_total"):
            continue
        written = _parse(match.group("num"))
        if written is not None:
            yield figure, written, match.group(0), sentence.column + start


def _check_numbers(path: str, read: list[Sentence], report: Report) -> Iterator[Finding]:
    values = report.values
    for sentence in read:
        if _OTHER_SCOPE.search(sentence.text) or _other_year(sentence.text, report.year):
            continue
        for figure, written, shown, column in _stated_numbers(sentence):
            value = figure_value(values, figure)
            if value is None or value == written:
                continue
            respondent = figure.name in _APPEALS and _RESPONDENT.search(sentence.text)
            rule = NARRATIVE_CONTRADICTION if respondent else PROSE_NUMBER
            yield rule.finding(
                path,
                sentence.line,
                f"第 {column} 列：正文「{sentence.quoted()}」写的是「{shown}」，"
                f"对照的是{figure.label}（{figure.key()}），为 {format_number(value)}。"
                + (
                    "本机关被申请复议、被起诉的件数必须与表四一致：请改正正文或数据文件。"
                    if respondent
                    else "请以表格为准改正正文；如果句子说的是另一范围（如代表上级机关受理、备案），可标注已核对。"
                ),
            )
        yield from _check_statements(path, sentence, report)


def _check_statements(path: str, sentence: Sentence, report: Report) -> Iterator[Finding]:
    """「未接到申请」「所有申请均已办结」「未发生行政复议、行政诉讼」against tables 三 and 四."""
    values = report.values
    text = sentence.text

    def value(name: str) -> Number:
        return figure_value(values, FIGURES[name]) or 0

    where = f"第 {sentence.column} 列：正文「{sentence.quoted()}」"
    # The narrow wording (未接到…政府信息公开申请) is pages.py's narrative check, on the same rule.
    if _NONE_RECEIVED.search(text) and not _NO_REQUESTS.search(text) and value("new_requests"):
        label = FIGURES["new_requests"].label
        yield NARRATIVE_CONTRADICTION.finding(
            path, sentence.line, f"{where}称没有收到申请，但{label}为 {format_number(value('new_requests'))}。"
        )
    if _ALL_DONE.search(text) and "上年" not in text and value("carried_over"):
        label = FIGURES["carried_over"].label
        yield NARRATIVE_CONTRADICTION.finding(
            path, sentence.line, f"{where}称申请均已办结，但{label}为 {format_number(value('carried_over'))}。"
        )
    if match := _NO_APPEALS.search(text):
        clause = re.split(r"[，。；]", text[match.start() :])[0]
        kinds = (("review_total", r"复议(?!后)"), ("litigation_total", r"诉讼|起诉"))
        for name, pattern in () if _APPEAL_RESULTS.search(clause) else kinds:
            if re.search(pattern, clause) and value(name):
                label = FIGURES[name].label
                yield NARRATIVE_CONTRADICTION.finding(
                    path, sentence.line, f"{where}称没有此类案件，但{label}为 {format_number(value(name))}。"
                )


# --- Years ------------------------------------------------------------------------

_CITING_AFTER = re.compile(r"^[^，。；]{0,12}?(?:修订|修正|颁布|印发|施行|实施|发布|出台|制定|通过|以来|起|至|—|-|～)")
_RANGE_BEFORE = re.compile(r"(?:—|-|～|至|到|自|从)\s*$")


def _check_years(path: str, read: list[Sentence], year: int) -> Iterator[Finding]:
    for sentence in read:
        for match in _YEAR.finditer(sentence.text):
            found = int(match.group(1))
            if year - 1 <= found <= year + 1:
                continue
            before, after = sentence.text[: match.start()], sentence.text[match.end() :]
            if before.count("《") > before.count("》") or _CITING_AFTER.match(after) or _RANGE_BEFORE.search(before):
                continue  # a title, a law's date, a period since: not this year's work
            yield OTHER_YEAR.finding(
                path,
                sentence.line,
                f"第 {sentence.column + match.start()} 列：这是 {year} 年度的报告，"
                f"句子「{sentence.quoted()}」却写着 {found} 年；如果是从旧报告复制来的，请改写为本年度的情况。",
            )


# --- Copied from last year ---------------------------------------------------------

_SHINGLE = 8
_COPIED_SHARE = 0.5
_MIN_COMPARED = 50  # characters: a one-line part (未收取信息处理费) is the same every year


def _compact(body: str) -> str:
    return re.sub(r"\s+", "", _mask_macros(prose(body)))


def _mask_macros(text: str) -> str:
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text)


def copied_share(previous: str, current: str) -> float:
    """The share of `current`'s characters inside a run of 8 or more found in `previous` too."""
    if len(current) < _SHINGLE or len(previous) < _SHINGLE:
        return 0.0
    grams = {previous[i : i + _SHINGLE] for i in range(len(previous) - _SHINGLE + 1)}
    covered = end = 0  # characters covered so far, and where the runs found so far end
    for i in range(len(current) - _SHINGLE + 1):
        if current[i : i + _SHINGLE] in grams:
            covered += i + _SHINGLE - max(i, end)
            end = i + _SHINGLE
    return covered / len(current)


@lru_cache(maxsize=2)
def _compact_parts(text: str) -> tuple[tuple[Section, str], ...]:
    """Each part with its body compacted; kept, as the next year's page is compared with it."""
    return tuple((section, _compact(section.body)) for section in split_parts(text))


def _check_copied(path: str, text: str, previous_text: str, year: int) -> Iterator[Finding]:
    before = {section.number: compact for section, compact in _compact_parts(previous_text)}
    for section, now in _compact_parts(text):
        if len(now) < _MIN_COMPARED or section.number not in before:
            continue
        share = copied_share(before[section.number], now)
        if share > _COPIED_SHARE:
            yield COPIED_PART.finding(
                path,
                section.line,
                f"第{section.number}部分「{section.title}」的正文约 {round(share * 100)}% "
                f"与 {year - 1} 年报告的同一部分相同；"
                "请按本年度的实际情况改写，核对无误的可标注已核对。",
            )


def _check_copied_tables(report: Report, previous: Report) -> Iterator[Finding]:
    all_cells = cells()
    if any(c not in report.values for c in all_cells):
        return
    same = all(report.values.get(c) == previous.values.get(c) for c in all_cells)
    if same and any(report.values[c] for c in all_cells):
        table = next(iter(TABLES_BY_NUMBER.values()))
        yield COPIED_TABLES.finding(
            report.path,
            report.row_line(table.key, table.rows[0].key),
            f"表二、表三、表四的每一个数字都与 {previous.year} 年报告相同；请核对是否照抄了上一年的数据。",
        )


# --- Parts that say something ------------------------------------------------------

_EMPTY = re.compile(r"^(?:无|暂无|没有|无问题|不存在问题|无相关情况)[。.]?$")
_PROBLEM = re.compile(
    r"问题|不足|短板|薄弱|欠缺|缺乏|不够|有待|不到位|差距|不及时|不完善|不规范|不全面|不高|不强|单一|滞后|困难"
)
_MEASURE = re.compile(
    r"改进|整改|加强|完善|提升|提高|推进|健全|强化|优化|规范|落实|拓展|拓宽|丰富|增强|建立|下一步|措施|将"
)
_MIN_PART5 = 20  # characters of text, punctuation aside
_ART50 = (("工作考核", r"考核"), ("社会评议", r"评议"), ("责任追究", r"责任追究|追责|问责"))
_LEVELS_ART50 = ("省级政府", "设区的市政府", "县级政府")


def _check_parts(path: str, text: str, organ: Organ | None) -> Iterator[Finding]:
    sections = {s.number: s for s in split_parts(text)}
    five = sections.get("五")
    if five is not None:
        body = _mask_macros(prose(five.body))
        letters = re.sub(rf"[^{CJK}A-Za-z0-9]", "", body)
        if body.strip():  # an empty part is part-blank's
            missing = [
                what for what, pattern in (("具体问题", _PROBLEM), ("改进措施", _MEASURE)) if not pattern.search(body)
            ]
            if _EMPTY.match(re.sub(r"\s+", "", body)) or len(letters) < _MIN_PART5:
                yield PART5_CONTENT.finding(
                    path,
                    five.line,
                    f"第五部分只有 {len(letters)} 个字；应写明本年度工作存在的具体问题和相应的改进措施，不能只写“无”。",
                )
            elif missing:
                yield PART5_CONTENT.finding(
                    path, five.line, f"第五部分没有写出{'和'.join(missing)}；应至少写明一个具体问题和一项改进措施。"
                )
    if organ is not None and organ.level in _LEVELS_ART50:
        body = "\n".join(_mask_macros(prose(s.body)) for s in sections.values())
        missing = [what for what, pattern in _ART50 if not re.search(pattern, body)]
        if missing:
            at = sections.get("六") or sections.get("一")
            yield ART50_RESULTS.finding(
                path,
                at.line if at else 1,
                f"{organ.level}的年度报告应写明政府信息公开工作考核、社会评议和责任追究结果（条例第五十条），"
                f"正文未提到：{'、'.join(missing)}。",
            )


# --- Prose lint ----------------------------------------------------------------------

_HALF_PUNCT = re.compile(rf"(?<=[{CJK}])[,:;!?](?=\s?[{CJK}“‘《（])")
_HALF_BRACKETS = re.compile(rf"(?<!\])\((?=[^()\n]*[{CJK}])[^()\n]*\)")
_DOUBLE_PUNCT = re.compile(r"[，。、；：][，。、；：！？]|[！？][，。、；：！？]")
_DOUBLE_WORD = re.compile(rf"([{CJK}]{{2,4}})\1")
# ABAB forms that are words (研究研究), and 区政府 followed by 政府信息公开.
_WORD_REPEATS = frozenset({"研究", "讨论", "商量", "学习", "检查", "整理", "比较", "了解", "政府"})
_ENDS_SENTENCE = re.compile(r"[。！？；：…!?;:]$")
_CLOSING = "”’」』）)】》*_ "
_ENUMERATION = re.compile(r"^\s*(?:[-*+]\s|\d+[.、．)]|（?[一二三四五六七八九十]+[）、]|[一二三四五六七八九十]+是)")
_SUBTITLE = 25  # characters: a short line without 。 is a subtitle, not a sentence


def _check_prose_lint(path: str, text: str) -> Iterator[Finding]:
    for line in lines(text):
        for match in _HALF_PUNCT.finditer(line.text):
            yield HALFWIDTH_PUNCT.finding(
                path,
                line.number,
                f"第 {match.start() + 1} 列：中文之间用了半角标点「{match.group(0)}」，应为全角"
                f"「{'，：；！？'[',:;!?'.index(match.group(0))]}」。",
            )
        for match in _HALF_BRACKETS.finditer(line.text):
            yield HALFWIDTH_PUNCT.finding(
                path,
                line.number,
                f"第 {match.start() + 1} 列：中文用了半角括号「{match.group(0)}」，应为全角括号（）。",
            )
        for match in _DOUBLE_PUNCT.finditer(line.text):
            yield DOUBLED_PUNCT.finding(
                path, line.number, f"第 {match.start() + 1} 列：标点「{match.group(0)}」重复，请删去多余的一个。"
            )
        for match in _DOUBLE_WORD.finditer(line.text):
            if match.group(1) not in _WORD_REPEATS:
                yield DOUBLED_WORD.finding(
                    path,
                    line.number,
                    f"第 {match.start() + 1} 列：「{match.group(1)}」连写了两遍（「{match.group(0)}」），请核对。",
                )
    blocks = paragraphs(text)
    for this, following in zip(blocks, blocks[1:], strict=False):
        if not (_is_text(this) and _is_text(following)) or following.first != _next_block_line(text, this.last):
            continue
        last_line = this.text.splitlines()[-1].rstrip()
        end = last_line.rstrip(_CLOSING)
        if _is_subtitle(this.text.strip()):
            continue
        if end and re.match(rf"[{CJK}]", end[-1]) and not _ENDS_SENTENCE.search(end):
            start = following.text.lstrip()
            if re.match(rf"[{CJK}]", start[:1]) and not _ENUMERATION.match(start):
                yield BROKEN_SENTENCE.finding(
                    path,
                    this.last,
                    f"第 {len(last_line) + 1} 列：这一段以「{last_line.strip()[-12:]}」结束，没有句末标点，"
                    f"下一段（第 {following.first} 行）以「{start[:12]}」接着写：一句话被拆成了两段，请合并。",
                )


def _is_subtitle(text: str) -> bool:
    """A subtitle written as a paragraph: bold throughout, or short and numbered, or short without a comma."""
    if "。" in text:
        return False
    bold = text.startswith("**") and text.endswith("**")
    short = len(text) <= _SUBTITLE
    return bold or (short and bool(_ENUMERATION.match(text))) or (short and not re.search(r"[，、,]", text))


def _is_text(block: Paragraph) -> bool:
    """Running text: not a heading (a heading is a block of its own)."""
    first = block.text.lstrip()
    return bool(first) and not first.startswith("#")


def _next_block_line(text: str, last: int) -> int:
    """The first non-blank line after `last` (1-based), or 0."""
    raw = text.splitlines()
    for number in range(last + 1, len(raw) + 1):
        if raw[number - 1].strip():
            return number
    return 0


# --- Entry point ---------------------------------------------------------------------


def check_narrative(
    path: str,
    text: str,
    report: Report | None,
    organ: Organ | None = None,
    previous: Report | None = None,
    previous_text: str | None = None,
) -> list[Finding]:
    """Every finding of the narrative rules on one page (and, for copied tables, its data file)."""
    found: list[Finding] = []
    if report is not None:
        read = list(sentences(text))  # both rules read the same sentences
        found += _check_numbers(path, read, report)
        found += _check_years(path, read, report.year)
        if previous is not None:
            found += _check_copied_tables(report, previous)
        if previous_text is not None:
            found += _check_copied(path, text, previous_text, report.year)
    found += _check_parts(path, text, organ)
    found += _check_prose_lint(path, text)
    return found
