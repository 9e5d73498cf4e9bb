"""The importer's rules: each names a place in the SOURCE file that could not be imported.

They are not checks of the project (``rules.CATALOGUE`` and the rules reference
list those, each with an example made by breaking the bundled report): they
are reported by ``python -m macros import`` only, about the file being imported.
"""

from __future__ import annotations

from macros.check.rules import Rule

IMPORT_RULES: dict[str, Rule] = {}


def _declare(rule_id: str, title: str, advisory: bool = False) -> None:
    IMPORT_RULES[rule_id] = Rule(rule_id, title, advisory)


for _id, _title in (
    ("import-unreadable", "要导入的文件必须是可读的文本、网页、Word（.docx）或 PDF 文件。"),
    ("import-scanned", "PDF 必须有文字层；扫描件无法读出数字，不予导入。"),
    ("import-outdated-format", "2019 年试行格式的表格不能对应到 2021 年格式，不予导入。"),
    ("import-unknown-row", "表格中每一行都必须是格式中的行或表头；认不出的行不会被悄悄丢弃。"),
    ("import-missing-table", "原文必须包含表二、表三、表四。"),
    ("import-missing-row", "原文表格必须包含格式规定的每一行。"),
    ("import-duplicate-row", "同一行在原文中只能出现一次。"),
    ("import-row-cells", "原文每一行的数值单元格必须能一一对应到格式的各列。"),
    ("import-table-header", "表四的表头必须能确定每一列的含义。"),
    ("import-number", "原文单元格必须是可读的数字；读不出的不会被猜测或当作 0。"),
    ("import-missing-part", "原文必须包含第一、五、六部分的标题，正文才能归入对应部分。"),
    ("import-year", "原文标题中的年份必须与导入的年份一致。"),
    ("import-organ", "原文标题中的机关必须是导入的机关（--organ），不能是名录中的另一个机关或名称以它开头的下属单位。"),
):
    _declare(_id, _title)
_declare("import-title", "原文标题应是机关全称（或简称）加年份的标准标题。", advisory=True)
_declare("import-lead", "第一部分之前的文字会放在页面开头，应核对它是否属于报告。", advisory=True)
