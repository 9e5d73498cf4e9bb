"""Real examples of every rule's message, made by breaking a copy of a bundled report.

The rules reference and the editors' guide print these. Each example is what
the checks themselves report on a deliberately broken copy of the example
report, so the examples can never drift from the code. The example report is
the bundled seed (西平街道 2024, as first published) given to a fictional organ,
示例街道: the public site never says that a real organ's report is broken.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from macros.check.findings import Finding
from macros.check.identity import SITE_FILE
from macros.check.load import load_report
from macros.check.paths import ORGANS_FILE, data_path, page_path
from macros.check.project import check_project
from macros.format.national import TABLES, TITLE_SUFFIX
from macros.record.lock import LOCK_FILE, dump_lock, numbers_fingerprint, page_fingerprint, read_lock, snapshot_paths
from macros.record.since import check_since

# The report every example starts from: the first real report, bundled with the project …
SOURCE_ORGAN, EXAMPLE_YEAR = "xiping", 2024
# … renamed to a fictional organ (and its fictional parent), wherever a name of theirs appears.
EXAMPLE_ORGAN, EXAMPLE_PARENT = "shili", "shiliqu"
FICTIONAL_NAMES = (
    ("曲靖市沾益区人民政府西平街道办事处", "示例市示例区人民政府示例街道办事处"),
    ("曲靖市沾益区人民政府", "示例市示例区人民政府"),
    ("西平街道", "示例街道"),
    ("沾益区", "示例区"),
    ("西平", "示例"),
    ("沾益", "示例"),
    ("曲靖市", "示例市"),
    (SOURCE_ORGAN, EXAMPLE_ORGAN),
)
EXAMPLE_ORGANS = f"""# 机关名录（示例）：规则说明的示例所用的虚构机关。
{EXAMPLE_PARENT}:
  name: 示例市示例区人民政府
  short: 示例区政府
  level: 县级政府
  parent: null

{EXAMPLE_ORGAN}:
  name: 示例市示例区人民政府示例街道办事处
  short: 示例街道
  level: 街道
  parent: {EXAMPLE_PARENT}
"""
DATA = data_path(EXAMPLE_ORGAN, EXAMPLE_YEAR)
PAGE = page_path(EXAMPLE_ORGAN, EXAMPLE_YEAR)
SNAPSHOT_DATA, SNAPSHOT_PAGE = snapshot_paths(EXAMPLE_ORGAN, EXAMPLE_YEAR)
# The fictional district's own report, for the rules across a parent and its children.
PARENT_DATA = data_path(EXAMPLE_PARENT, EXAMPLE_YEAR)
PARENT_PAGE = page_path(EXAMPLE_PARENT, EXAMPLE_YEAR)


def fictional(text: str) -> str:
    """A text of the bundled report with every name of its organ replaced by the fictional one's."""
    for real, fiction in FICTIONAL_NAMES:
        text = text.replace(real, fiction)
    return text


class Folder:
    """In a Files mapping: a folder where a file should be (what the file-type rule refuses)."""


Files = dict[str, "str | bytes | Folder"]  # path relative to the project root → content


@dataclass(frozen=True)
class Breakage:
    how: str  # what was changed, in Chinese, for the reader
    apply: Callable[[Files], None]


@dataclass(frozen=True)
class Example:
    rule: str
    how: str
    finding: Finding
    source: str  # the line the finding points at, as the editor wrote it


def _labels() -> dict[str, str]:
    return {row.key: f"{t.name}「{row.label}」" for t in TABLES for row in t.rows}


def _replace_line(files: Files, path: str, pattern: str, new: str | None) -> None:
    """Replace (or with None, delete) the first line matching `pattern`."""
    lines = str(files[path]).splitlines()
    index = next(i for i, line in enumerate(lines) if re.match(pattern, line))
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    files[path] = "\n".join(lines) + "\n"


def _row_line(key: str, value: str) -> str:
    return f"  {key}: {value}"


def row(key: str, value: str, how: str = "") -> Breakage:
    """Write `value` for one row of the data file (keeping the row's label comment)."""

    def apply(files: Files) -> None:
        comment = re.search(rf"^  {key}:.*?(  # .*)$", str(files[DATA]), re.MULTILINE)
        _replace_line(files, DATA, rf"  {key}:", _row_line(key, value) + (comment[1] if comment else ""))

    return Breakage(how or f"把{_labels()[key]}一行写成 `{key}: {value}`。", apply)


def _steps(*steps: Callable[[Files], None]) -> Callable[[Files], None]:
    """Several edits, applied in order."""

    def apply(files: Files) -> None:
        for step in steps:
            step(files)

    return apply


def rows(how: str, *pairs: tuple[str, str]) -> Breakage:
    steps = [row(key, value) for key, value in pairs]
    return Breakage(how, _steps(*(step.apply for step in steps)))


def edit(how: str, fn: Callable[[Files], None]) -> Breakage:
    return Breakage(how, fn)


def _text_replace(path: str, old: str, new: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        text = str(files[path])
        if old not in text:
            raise ValueError(f"示例报告 {path} 中找不到「{old}」，无法生成示例。")
        files[path] = text.replace(old, new, 1)

    return apply


def _text_append(path: str, text: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[path] = str(files[path]) + text

    return apply


def _move_report(organ: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[data_path(organ, EXAMPLE_YEAR)] = files.pop(DATA)
        files[page_path(organ, EXAMPLE_YEAR)] = files.pop(PAGE)

    return apply


def _copy_report(year: int) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[data_path(EXAMPLE_ORGAN, year)] = files[DATA]
        files[page_path(EXAMPLE_ORGAN, year)] = files[PAGE]

    return apply


def _previous_year(*pairs: tuple[str, str]) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        previous = dict(files)
        for key, value in pairs:
            row(key, value).apply(previous)
        files[data_path(EXAMPLE_ORGAN, EXAMPLE_YEAR - 1)] = previous[DATA]
        files[page_path(EXAMPLE_ORGAN, EXAMPLE_YEAR - 1)] = str(files[PAGE]).replace(
            str(EXAMPLE_YEAR), str(EXAMPLE_YEAR - 1)
        )

    return apply


def _part_body(number: str, body: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[PAGE] = re.sub(
            rf"(^## {number}、[^\n]*\n).*?(?=^## |\Z)", rf"\1\n{body}\n\n", str(files[PAGE]), flags=re.M | re.S
        )

    return apply


def _drop_lock_entry(files: Files) -> None:
    key = f"{EXAMPLE_ORGAN}/{EXAMPLE_YEAR}:"
    lines = str(files[LOCK_FILE]).splitlines()
    start = lines.index(key)
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines))
    files[LOCK_FILE] = "\n".join(lines[:start] + lines[end:]) + "\n"


def _encode_gbk(files: Files) -> None:
    files[DATA] = str(files[DATA]).encode("gbk")


def _folder(path: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[path] = Folder()

    return apply


def _delete(*paths: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        for path in paths:
            files.pop(path)

    return apply


_COVERS_CHILDREN = _text_replace(ORGANS_FILE, "  parent: null\n", "  parent: null\n  covers_children: true\n")


def _district_total(*pairs: tuple[str, str]) -> Callable[[Files], None]:
    """示例区政府 marked as the total of its streets, with a draft report of the street's numbers, `pairs` rewritten."""

    def apply(files: Files) -> None:
        _COVERS_CHILDREN(files)
        district = dict(files)
        for key, value in pairs:
            row(key, value).apply(district)
        files[PARENT_DATA] = str(district[DATA]).replace("status: 已发布\npublished: 2025-01-20\n", "status: 草稿\n")
        files[PARENT_PAGE] = str(files[PAGE]).replace("示例市示例区人民政府示例街道办事处", "示例市示例区人民政府")

    return apply


_SECOND_STREET = "\nshilixi:\n  name: 示例市示例区人民政府示例西街道办事处\n  short: 示例西街道\n  level: 街道\n"
_REASON = "行政处罚决定数量误计，应为 288 件。"
_ONE7 = "[1, 0, 0, 0, 0, 0, 1]"

# How to provoke each rule. Every rule id in rules.CATALOGUE must have one: a test says so.
BREAKAGES: dict[str, Breakage] = {
    "yaml-syntax": row("rules", "[0, 0, 0", "把表二「规章」一行的右方括号删掉：`rules: [0, 0, 0`。"),
    "encoding": edit("把数据文件另存为 GBK 编码（而不是 UTF-8）。", _encode_gbk),
    "duplicate-key": edit(
        "把「行政强制」一行的键误写成 `penalty`，与上一行重复。",
        lambda files: _replace_line(files, DATA, r"  coercion:", "  penalty:   0"),
    ),
    "unknown-key": edit(
        "把键 `penalty` 拼错成 `penalties`。",
        lambda files: _replace_line(files, DATA, r"  penalty:", "  penalties: 287"),
    ),
    "missing": edit("删掉表二「行政处罚」这一行。", lambda files: _replace_line(files, DATA, r"  penalty:", None)),
    "wrong-shape": row("rules", "0"),
    "wrong-length": row("rules", "[0, 0]"),
    "blank": row("penalty", "null", "表二「行政处罚」没有填写：`penalty: null`（新建的报告里每一格都是这样）。"),
    "not-number": row("penalty", '"287"'),
    "not-integer": row("penalty", "287.5"),
    "negative": row("penalty", "-287"),
    "t3-balance": row("new", _ONE7),
    "t3-row-total": rows(
        "表三「一、本年新收」和「四、结转下年度继续办理」的自然人都写 1，但总计写成 2。",
        ("new", "[1, 0, 0, 0, 0, 0, 2]"),
        ("carried_over", "[1, 0, 0, 0, 0, 0, 2]"),
    ),
    "t3-result-total": rows(
        "表三新收 1 件，（七）总计写 1 件，但没有在任何一种办理结果中计入。",
        ("new", _ONE7),
        ("results_total", _ONE7),
    ),
    "t4-total": row("review", "[1, 0, 0, 0, 0]"),
    "t2-rules-local": row("rules", "[1, 0, 1]"),
    "t2-repealed-none-in-force": row("normative", "[0, 2, 0]"),
    "across-carry": edit(
        "上一年（2023 年）报告「四、结转下年度继续办理」自然人为 1，而本年「二、上年结转」为 0。",
        _previous_year(("carried_over", _ONE7), ("new", _ONE7)),
    ),
    "across-in-force": edit(
        "上一年（2023 年）报告行政规范性文件现行有效 5 件，本年没有制发和废止，现行有效却写 0 件。",
        _previous_year(("normative", "[0, 0, 5]")),
    ),
    "record-status": edit("把发布状态写成 `status: 公开`。", _text_replace(DATA, "status: 已发布", "status: 公开")),
    "record-date": edit(
        "把发布日期写成不存在的 2 月 30 日。", _text_replace(DATA, "published: 2025-01-20", "published: 2025-02-30")
    ),
    "record-text": edit(
        "更正记录的说明只写了英文 `fix`。",
        _text_append(DATA, "\ncorrections:\n  - date: 2025-03-02\n    reason: fix\n"),
    ),
    "index-number": edit(
        "把索引号写成带空格和中文的 `示例 2025 第一号`。",
        _text_replace(DATA, "published: 2025-01-20", "published: 2025-01-20\nindex_no: 示例 2025 第一号"),
    ),
    "review-entry": edit(
        "在数据文件中把已核对的提示写错了规则编号：`reviewed:` 下写 `t2-rules-locl: 本年规章为区政府转发。`。",
        _text_replace(DATA, "status: 已发布", "status: 已发布\nreviewed:\n  t2-rules-locl: 本年规章为区政府转发。"),
    ),
    "record-order": edit(
        "把 2024 年报告的发布日期写成 2024 年 12 月 1 日（年度尚未结束）。",
        _text_replace(DATA, "published: 2025-01-20", "published: 2024-12-01"),
    ),
    "record-unlocked": edit("从发布记录 data/published.lock 中删掉这份报告的登记。", _drop_lock_entry),
    "record-deleted": edit("删除已发布报告的数据文件和页面。", _delete(DATA, PAGE)),
    "record-snapshot": edit(
        "改动首次发布时保存的原文（把其中的行政处罚 287 件改成 288 件）。",
        _text_replace(SNAPSHOT_DATA, "penalty:   287", "penalty:   288"),
    ),
    "silent-edit": edit(
        "在已发布的报告里把行政处罚 287 件直接改成 288 件，没有写更正记录。",
        _text_replace(DATA, "penalty:   287", "penalty:   288"),
    ),
    "correction-entry": edit(
        "把行政处罚改成 288 件并写了更正说明，但没有列出更正的数字。",
        _steps(
            _text_replace(DATA, "penalty:   287", "penalty:   288"),
            _text_append(DATA, f"\ncorrections:\n  - date: 2025-03-02\n    reason: {_REASON}\n"),
        ),
    ),
    "lock-syntax": edit(
        "手工编辑发布记录，删掉了正文指纹（page）一行。",
        lambda files: _replace_line(files, LOCK_FILE, r"  page: ", None),
    ),
    "input-limit": row("penalty", "1000000000000000000", "把表二行政处罚写成 19 位的 `1000000000000000000`。"),
    "file-type": edit(f"把数据文件 {DATA} 误建成了一个同名文件夹。", _folder(DATA)),
    "shadow-page": edit(
        f"在 docs/{EXAMPLE_ORGAN}/2024/ 下另建了一个 index.md，它的网址与报告页面 {PAGE} 相同。",
        lambda files: files.__setitem__(f"docs/{EXAMPLE_ORGAN}/2024/index.md", "# 示例街道 2024 年报告\n"),
    ),
    "organ-renamed": edit(
        "报告发布后，把机关名录中示例街道的全称改为「示例市示例区示例街道办事处」。",
        _text_replace(ORGANS_FILE, "name: 示例市示例区人民政府示例街道办事处", "name: 示例市示例区示例街道办事处"),
    ),
    "organ-slug": edit(
        "在机关名录中用大写字母和下划线作机关代号：`Long_Hua:`。",
        _text_append(ORGANS_FILE, "\nLong_Hua:\n  name: 某街道办事处\n  short: 某街道\n  level: 街道\n"),
    ),
    "organ-level": edit("把示例街道的层级写成「社区」。", _text_replace(ORGANS_FILE, "level: 街道", "level: 社区")),
    "organ-parent": edit(
        "把示例街道的上级机关写成名录中没有的 `shilishi`。",
        _text_replace(ORGANS_FILE, f"parent: {EXAMPLE_PARENT}", "parent: shilishi"),
    ),
    "organ-covers": edit(
        "把没有下级机关的示例街道在机关名录中标为 `covers_children: true`（本机关报告为下级机关报告的合计）。",
        _text_replace(ORGANS_FILE, "  level: 街道\n", "  level: 街道\n  covers_children: true\n"),
    ),
    "hierarchy-total": edit(
        "示例区政府在机关名录中标为 `covers_children: true`，它的 2024 年报告（草稿）照抄下级机关示例街道的数字，"
        "但行政处罚写成 288 件，而示例街道是 287 件。",
        _district_total(("penalty", "288")),
    ),
    "hierarchy-incomplete": edit(
        "示例区政府标为 `covers_children: true`，名录中还登记了它的另一个下级机关示例西街道，"
        "但示例西街道还没有 2024 年报告。",
        _steps(_district_total(), _text_append(ORGANS_FILE, _SECOND_STREET + f"  parent: {EXAMPLE_PARENT}\n")),
    ),
    "organ-years": edit(
        "示例街道于 2023 年撤销，最后年度应为 2022，却误写成了早于起始年度（2021）的 2020。",
        _text_replace(
            ORGANS_FILE,
            f"parent: {EXAMPLE_PARENT}",
            f"parent: {EXAMPLE_PARENT}\n  reports_from: 2021\n  reports_until: 2020",
        ),
    ),
    "organ-name": edit(
        "把示例街道的简称写成带网页标记的 `<b>示例街道</b>`。",
        _text_replace(ORGANS_FILE, "short: 示例街道", "short: <b>示例街道</b>"),
    ),
    "site-identity": edit(
        "在网站信息 data/site.yaml 中把 ICP 备案号写成 `ICP备案 00000000`（缺少省份简称和「号」）。",
        lambda files: files.__setitem__(SITE_FILE, "host: 示例市示例区人民政府示例街道办事处\nicp: ICP备案 00000000\n"),
    ),
    "report-year": edit("为 2019 年建了一份报告（那一年适用试行格式）。", _copy_report(2019)),
    "organ-unknown": edit("把报告放到名录中没有的机关代号 `donghai` 下。", _move_report("donghai")),
    "page-without-data": edit("只建了报告页面，没有数据文件。", _delete(DATA)),
    "data-without-page": edit("只建了数据文件，没有报告页面。", _delete(PAGE)),
    "front-matter": edit(
        "在报告页面开头的页面信息中加一行 `render_macros: false`（想让本页的宏不被展开）。",
        _text_replace(PAGE, "---\n", "---\nrender_macros: false\n"),
    ),
    "page-template": edit(
        "在报告页面末尾加上 `{{ config }}`，想显示站点的配置。", _text_append(PAGE, "\n{{ config }}\n")
    ),
    "page-parts": edit(
        "把第五部分的标题写成「五、存在的问题」。",
        _text_replace(PAGE, "## 五、存在的主要问题及改进情况", "## 五、存在的问题"),
    ),
    "page-table": edit('删掉第三部分下的 `{{ table("三") }}`。', _text_replace(PAGE, '{{ table("三") }}', "")),
    "part-blank": edit(
        "第六部分只留下新建报告时的填写提示，没有写正文。", _part_body("六", "{# 填写提示：说明信息处理费收取情况。 #}")
    ),
    "narrative-contradiction": rows(
        "表三新收 1 件申请并结转下年度，正文却仍写着“未接到政府信息公开申请”。",
        ("new", _ONE7),
        ("carried_over", _ONE7),
    ),
    "page-html": edit(
        "在第六部分的正文里写了一段网页脚本 `<script>alert(1)</script>`。",
        _part_body("六", "2024 年未收取信息处理费。<script>alert(1)</script>"),
    ),
    "part-variant": edit(
        "把第六部分的标题写成常见变体「六、其他需报告的事项」。",
        _text_replace(PAGE, "## 六、其他需要报告的事项", "## 六、其他需报告的事项"),
    ),
    "part6-fee": edit("第六部分只写了“无。”，没有提到信息处理费。", _part_body("六", "无。")),
    "stray-latin": edit(
        "第六部分写成“2024 年未收取信息处理费 and 复制费。”。",
        _part_body("六", "2024 年未收取信息处理费 and 复制费。"),
    ),
    "outdated-citation": edit(
        "正文写“按照国办公开办函〔2019〕60号格式编制”。",
        _part_body("六", "本报告按照国办公开办函〔2019〕60号格式编制。2024 年未收取信息处理费。"),
    ),
    "prose-number": edit(
        "正文第一部分写“共收到政府信息公开申请 2 件”，而表三新收申请为 0。",
        _text_replace(PAGE, "示例街道未接到政府信息公开申请。", "示例街道共收到政府信息公开申请 2 件。"),
    ),
    "other-year": edit(
        "2024 年报告的依申请公开一段仍写着旧报告的“2022 年，示例街道未接到政府信息公开申请。”",
        _text_replace(PAGE, "2024 年，示例街道未接到", "2022 年，示例街道未接到"),
    ),
    "copied-part": edit("上一年（2023 年）的报告与本年只差年份：本年照抄了上一年的正文。", _previous_year()),
    "copied-tables": edit("上一年（2023 年）报告的数字与本年完全相同（行政处罚都是 287 件）。", _previous_year()),
    "part5-content": edit("第五部分只写了“无。”。", _part_body("五", "无。")),
    "art50-results": edit(
        "把机关的层级改为县级政府，而正文只写了考核和评议，没有写责任追究（把“问责机制”写成了“监督机制”）。",
        _steps(
            _text_replace(ORGANS_FILE, "level: 街道", "level: 县级政府"),
            _text_replace(PAGE, "问责机制", "监督机制"),
        ),
    ),
    "halfwidth-punct": edit("不需改动：示例报告第五部分的小标题写成了半角括号“(一)”。", lambda files: None),
    "doubled-punct": edit(
        "第六部分写成“2024 年未收取信息处理费。。”。",
        _text_replace(PAGE, "2024 年未收取信息处理费。", "2024 年未收取信息处理费。。"),
    ),
    "doubled-word": edit(
        "第一部分写成“积极推进政府信息公开公开工作”。",
        _text_replace(PAGE, "积极推进政府信息公开工作，建立", "积极推进政府信息公开公开工作，建立"),
    ),
    "broken-sentence": edit(
        "不需改动：示例报告第一部分“……避免出现信息公开‘失控’”与下一段“现象。二是……”本是一句话。",
        lambda files: None,
    ),
}


# The importer's examples break the seed as it was found on the web (a text copy of the published report).
# Rules that compare with a git revision (check --since): (the committed state, the breakage).
def _record_correction(files: Files) -> None:
    _text_replace(DATA, "penalty:   287", "penalty:   288")(files)
    entry = f"  - date: 2025-03-02\n    reason: {_REASON}\n    numbers: {{proactive.penalty.decisions: [287, 288]}}\n"
    _text_append(DATA, "\ncorrections:\n" + entry)(files)


SINCE_BREAKAGES: dict[str, tuple[Callable[[Files], None], Breakage]] = {
    "history-rewritten": (
        _record_correction,
        edit(
            "目标分支上已有一条更正记录（行政处罚 287 件改为 288 件）；拉取请求把数据和这条记录一起改成 289 件。",
            _steps(
                _text_replace(DATA, "penalty:   288", "penalty:   289"),
                _text_replace(DATA, "[287, 288]", "[287, 289]"),
            ),
        ),
    ),
}

IMPORT_SAMPLE = "tests/fixtures/xiping-2024.txt"
_SAMPLE_NAME = fictional(Path(IMPORT_SAMPLE).name)  # shili-2024.txt
# A PDF with one empty page: what a scan without a text layer looks like to the importer.
_SCANNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _source(fn: Callable[[list[str]], None]) -> Callable[[Files], None]:
    """Edit the lines of the source text."""

    def apply(files: Files) -> None:
        lines = str(files[_SAMPLE_NAME]).split("\n")
        fn(lines)
        files[_SAMPLE_NAME] = "\n".join(lines)

    return apply


def _at(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines) if needle in line)


def _set(needle: str, old: str, new: str) -> Callable[[Files], None]:
    def fn(lines: list[str]) -> None:
        i = _at(lines, needle)
        lines[i] = lines[i].replace(old, new, 1)

    return _source(fn)


def _rename(name: str, content: bytes | None = None) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        text = files.pop(_SAMPLE_NAME)
        files[name] = content if content is not None else text

    return apply


_T3_NEW = "一、本年新收政府信息公开申请数量"
_LEAD = "本报告由示例街道办事处编制，统计期限为 2024 年。"
_PART_5 = "五、存在的主要问题及改进情况"
_TRIAL_2019_HEADER = ("本年新制作数量", "本年新公开数量", "对外公开总数量")


def _one_other_row(lines: list[str]) -> None:
    """（六）其他处理 as the 2019 trial format printed it: one row for its three sub-items."""
    at = _at(lines, "(六) 其他处理")
    lines[at : at + 3] = ["\t(六) 其他处理\t" + "\t".join(["0"] * 7)]


# How to provoke each rule of the importer (python -m macros import), on the seed's text.
IMPORT_BREAKAGES: dict[str, Breakage] = {
    "import-unreadable": edit("导入旧版 Word 文件 `shili-2024.doc`。", _rename("shili-2024.doc")),
    "import-scanned": edit("导入一个没有文字层的 PDF（扫描件）。", _rename("shili-2024.pdf", _SCANNED_PDF)),
    "import-outdated-format": edit(
        "原文表二用的是 2019 年试行格式的表头「本年新制作数量」。",
        _set("本年制发件数", "本年制发件数\t本年废止件数\t现行有效件数", "\t".join(_TRIAL_2019_HEADER)),
    ),
    "import-unknown-row": edit(
        "原文表二多出一行「地方性法规」。",
        _source(lambda lines: lines.insert(_at(lines, "规章\t") + 1, "地方性法规\t0\t0\t0")),
    ),
    "import-missing-table": edit(
        "原文缺少表四的全部表格行。",
        _source(lambda lines: lines.__delitem__(slice(_at(lines, "行政复议\t"), _at(lines, "五、存在的主要问题")))),
    ),
    "import-missing-row": edit(
        "原文表二缺少「行政强制」一行。", _source(lambda lines: lines.__delitem__(_at(lines, "行政强制\t")))
    ),
    "import-duplicate-row": edit(
        "原文表二「行政处罚」一行出现了两次。",
        _source(lambda lines: lines.insert(_at(lines, "行政处罚\t"), lines[_at(lines, "行政处罚\t")])),
    ),
    "import-row-cells": edit(
        "原文表三「一、本年新收」一行有 8 个数值。",
        _source(lambda lines: lines.__setitem__(_at(lines, _T3_NEW), f"{_T3_NEW}\t\t" + "\t".join(["0"] * 8))),
    ),
    "import-table-header": edit(
        "原文表四表头中的「复议后起诉」写成了「其他起诉」。", _set("复议后起诉", "复议后起诉", "其他起诉")
    ),
    "import-number": edit("原文表二行政处罚写成汉字「二百八十七」。", _set("行政处罚\t", "287", "二百八十七")),
    "import-note": edit(
        "原文表二行政处罚的数字后写了说明「287（其中简易程序 120 件）」。",
        _set("行政处罚\t", "287", "287（其中简易程序 120 件）"),
    ),
    "import-missing-part": edit("原文第五部分的标题写成了「存在问题」。", _set(_PART_5, _PART_5, "存在问题")),
    "import-lead": edit(
        "原文标题与第一部分之间有一段说明文字。",
        _source(lambda lines: lines.insert(_at(lines, TITLE_SUFFIX) + 1, f"\n{_LEAD}")),
    ),
    "import-year": edit("原文标题是 2023 年的报告，却按 2024 年导入。", _set(TITLE_SUFFIX, "2024", "2023")),
    "import-organ": edit(
        "原文标题是上级机关示例区政府的报告，却按示例街道导入。", _set(TITLE_SUFFIX, "示例街道办事处", "")
    ),
    "import-title": edit("原文标题中的机关名称与名录不符（东海街道）。", _set(TITLE_SUFFIX, "示例街道", "东海街道")),
    "import-label-variant": edit(
        "原文表二「行政规范性文件」简写成「规范性文件」。", _set("行政规范性文件\t", "行政规范性文件", "规范性文件")
    ),
    "import-group-row": edit(
        "原文表三「（六）其他处理」只有一行合计（2019 年试行格式的写法），没有三个子项。",
        _source(_one_other_row),
    ),
    "import-split-digits": edit(
        "网页复制的原文表三「一、本年新收」一行丢了分隔符，数字连成「0000000」。",
        _source(lambda lines: lines.__setitem__(_at(lines, _T3_NEW), f"{_T3_NEW}0000000")),
    ),
    "import-run-together": edit(
        "网页复制的原文表三「一、本年新收」一行丢了分隔符，数字连成「120100316」。",
        _source(lambda lines: lines.__setitem__(_at(lines, _T3_NEW), f"{_T3_NEW}120100316")),
    ),
    "import-placeholder-header": edit(
        "识别软件（OCR）把表三的表头改写成了「数据1」至「数据7」。",
        _source(
            lambda lines: lines.insert(_at(lines, _T3_NEW), "\t".join(["项目", *(f"数据{i}" for i in range(1, 8))]))
        ),
    ),
}


def provoke_import(root: Path, breakage: Breakage, rule: str) -> Example:
    """Import a broken copy of the sample source and return the finding of `rule`."""
    # Imported here: the importer's readers (PDF, Word) are not needed by the check.
    from macros.check.load import load_organs
    from macros.importer import import_source, read_source

    organs, _ = load_organs(ORGANS_FILE, EXAMPLE_ORGANS)
    files: Files = {_SAMPLE_NAME: fictional((root / IMPORT_SAMPLE).read_text(encoding="utf-8"))}
    breakage.apply(files)
    ((name, content),) = files.items()
    assert not isinstance(content, Folder)  # an import breakage replaces the source, never with a folder
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    findings = import_source(read_source(name, data), organs[EXAMPLE_ORGAN], EXAMPLE_YEAR, organs).findings
    finding = next((f for f in findings if f.rule == rule), None)
    if finding is None:
        raise ValueError(f"示例「{breakage.how}」没有触发规则 {rule}；实际为：{[f.rule for f in findings]}。")
    lines = content.split("\n") if isinstance(content, str) else []
    source = lines[finding.line - 1].replace("\t", " ") if 0 < finding.line <= len(lines) else ""
    return Example(rule, breakage.how, finding, source)


def example_files(root: Path) -> Files:
    """The example report as first published, given to the fictional organ, with its registry and record.

    The first publication is kept unchanged (data/published/); the live report
    may since carry corrections, which would make the breakages ambiguous. Its
    publication record is made anew for the renamed page (same date, new fingerprints).
    """

    def read(path: str) -> str | None:
        return (root / path).read_text(encoding="utf-8") if (root / path).is_file() else None

    files: Files = {ORGANS_FILE: EXAMPLE_ORGANS}
    source_data, source_page = snapshot_paths(SOURCE_ORGAN, EXAMPLE_YEAR)
    first_data, first_page = read(source_data), read(source_page)
    entry = read_lock(root)[0].get((SOURCE_ORGAN, EXAMPLE_YEAR))
    if first_data is not None and first_page is not None and entry is not None:
        first_data, first_page = fictional(first_data), fictional(first_page)
        files.update({DATA: first_data, PAGE: first_page, SNAPSHOT_DATA: first_data, SNAPSHOT_PAGE: first_page})
        report, _ = load_report(DATA, first_data, EXAMPLE_ORGAN, EXAMPLE_YEAR)
        fingerprints = numbers_fingerprint(report.values), page_fingerprint(first_page)
        # Only this report's entry: others would be reported as deleted reports.
        files[LOCK_FILE] = dump_lock(
            {
                (EXAMPLE_ORGAN, EXAMPLE_YEAR): replace(
                    entry,
                    organ=EXAMPLE_ORGAN,
                    name=fictional(entry.name) if entry.name else None,
                    numbers=fingerprints[0],
                    page=fingerprints[1],
                )
            }
        )
    else:
        for path, source in (
            (DATA, data_path(SOURCE_ORGAN, EXAMPLE_YEAR)),
            (PAGE, page_path(SOURCE_ORGAN, EXAMPLE_YEAR)),
        ):
            text = read(source)
            if text is not None:
                files[path] = fictional(text)
    return files


def _write(root: Path, files: Files) -> None:
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Folder):
            (root / path).mkdir()
        elif isinstance(content, bytes):
            (root / path).write_bytes(content)
        else:
            (root / path).write_text(content, encoding="utf-8")


def _example(findings: list[Finding], broken: Files, breakage: Breakage, rule: str) -> Example:
    finding = next((f for f in findings if f.rule == rule), None)
    if finding is None:
        raise ValueError(f"示例「{breakage.how}」没有触发规则 {rule}；实际为：{[f.rule for f in findings]}。")
    content = broken.get(finding.file, "")
    text = content.decode("gbk") if isinstance(content, bytes) else content if isinstance(content, str) else ""
    lines = text.splitlines()
    source = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    return Example(rule, breakage.how, finding, source)


def provoke(files: Files, breakage: Breakage, rule: str) -> Example:
    """Apply a breakage to a copy of `files`, check it, and return the finding of `rule`."""
    broken = dict(files)
    breakage.apply(broken)
    with tempfile.TemporaryDirectory(prefix="nianbao-example-") as tmp:
        root = Path(tmp)
        _write(root, broken)
        findings = check_project(root).findings
    return _example(findings, broken, breakage, rule)


def provoke_since(files: Files, prepare: Callable[[Files], None], breakage: Breakage, rule: str) -> Example:
    """Commit `files` changed by `prepare` in a throwaway git repository, break them, `check --since HEAD`."""
    base = dict(files)
    prepare(base)
    broken = dict(base)
    breakage.apply(broken)
    with tempfile.TemporaryDirectory(prefix="nianbao-example-") as tmp:
        root = Path(tmp)
        _write(root, base)
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "示例"]):
            subprocess.run(
                ["git", "-c", "user.name=nianbao", "-c", "user.email=nianbao@example.invalid", *args],
                cwd=root,
                check=True,
                capture_output=True,
                timeout=60,
            )
        _write(root, broken)
        project = check_project(root)
        findings = project.findings + check_since(root, "HEAD", project)
    return _example(findings, broken, breakage, rule)


@lru_cache(maxsize=4)
def examples(root: Path) -> dict[str, Example]:
    """An example for every rule whose breakage provokes it on the project's example report.

    A rule left without an example is shown without one rather than failing the
    public site's build; the tests require an example for every rule.
    """
    files = example_files(root)
    if DATA not in files or PAGE not in files:
        return {}
    found = {}
    for rule, breakage in BREAKAGES.items():
        try:
            found[rule] = provoke(files, breakage, rule)
        except (ValueError, KeyError, StopIteration):
            continue
    for rule, (prepare, breakage) in SINCE_BREAKAGES.items():
        try:
            found[rule] = provoke_since(files, prepare, breakage, rule)
        except (ValueError, KeyError, StopIteration, OSError, subprocess.SubprocessError):
            continue  # e.g. no git on the machine that builds
    if (root / IMPORT_SAMPLE).is_file():
        for rule, breakage in IMPORT_BREAKAGES.items():
            try:
                found[rule] = provoke_import(root, breakage, rule)
            except (ValueError, KeyError, StopIteration, ImportError):
                continue
    return found
