"""The importer's rules: each names a place in the SOURCE file that could not be imported.

They are not checks of the project (``rules.CATALOGUE`` and the rules reference
list those, each with an example made by breaking the bundled report): they
are reported by ``python -m macros import`` only, about the file being imported.
"""

from __future__ import annotations

from macros.check.findings import Rule, declare

IMPORT_RULES: dict[str, Rule] = {}


IMPORT_UNREADABLE = declare(
    "import-unreadable", "要导入的文件必须是可读的文本、网页、Word（.docx）或 PDF 文件。", registry=IMPORT_RULES
)
IMPORT_SCANNED = declare("import-scanned", "PDF 必须有文字层；扫描件无法读出数字，不予导入。", registry=IMPORT_RULES)
IMPORT_OUTDATED_FORMAT = declare(
    "import-outdated-format", "2019 年试行格式的表格不能对应到 2021 年格式，不予导入。", registry=IMPORT_RULES
)
IMPORT_UNKNOWN_ROW = declare(
    "import-unknown-row", "表格中每一行都必须是格式中的行或表头；认不出的行不会被悄悄丢弃。", registry=IMPORT_RULES
)
IMPORT_MISSING_TABLE = declare("import-missing-table", "原文必须包含表二、表三、表四。", registry=IMPORT_RULES)
IMPORT_MISSING_ROW = declare("import-missing-row", "原文表格必须包含格式规定的每一行。", registry=IMPORT_RULES)
IMPORT_DUPLICATE_ROW = declare("import-duplicate-row", "同一行在原文中只能出现一次。", registry=IMPORT_RULES)
IMPORT_ROW_CELLS = declare(
    "import-row-cells", "原文每一行的数值单元格必须能一一对应到格式的各列。", registry=IMPORT_RULES
)
IMPORT_TABLE_HEADER = declare("import-table-header", "表四的表头必须能确定每一列的含义。", registry=IMPORT_RULES)
IMPORT_NUMBER = declare(
    "import-number", "原文单元格必须是可读的数字；读不出的不会被猜测或当作 0。", registry=IMPORT_RULES
)
IMPORT_NOTE = declare(
    "import-note",
    "单元格中数字后的括号说明（如「18（其中修订 5 件）」）不是数值的一部分：只导入数字，"
    "说明作为正文放在表格上方，应核对。",
    advisory=True,
    registry=IMPORT_RULES,
)
IMPORT_MISSING_PART = declare(
    "import-missing-part", "原文必须包含第一、五、六部分的标题，正文才能归入对应部分。", registry=IMPORT_RULES
)
IMPORT_YEAR = declare("import-year", "原文标题中的年份必须与导入的年份一致。", registry=IMPORT_RULES)
IMPORT_ORGAN = declare(
    "import-organ",
    "原文标题中的机关必须是导入的机关（--organ），不能是名录中的另一个机关或名称以它开头的下属单位。",
    registry=IMPORT_RULES,
)
IMPORT_TITLE = declare(
    "import-title", "原文标题应是机关全称（或简称）加年份的标准标题。", advisory=True, registry=IMPORT_RULES
)
IMPORT_LEAD = declare(
    "import-lead", "第一部分之前的文字会放在页面开头，应核对它是否属于报告。", advisory=True, registry=IMPORT_RULES
)
IMPORT_LABEL_VARIANT = declare(
    "import-label-variant",
    "与格式行名只差一两个字的行名（错字、漏字、简称）按最接近的唯一一行导入，应核对。",
    advisory=True,
    registry=IMPORT_RULES,
)
IMPORT_GROUP_ROW = declare(
    "import-group-row",
    "2021 年格式中分为子项的行（如（六）其他处理）只有一行合计时，合计不能拆到子项，子项留空。",
    registry=IMPORT_RULES,
)
IMPORT_SPLIT_DIGITS = declare(
    "import-split-digits",
    "连在一起的数字只在格式的规则只允许一种拆分时才拆分，应核对。",
    advisory=True,
    registry=IMPORT_RULES,
)
IMPORT_RUN_TOGETHER = declare(
    "import-run-together",
    "连在一起的数字有多种拆分（或没有一种满足格式的规则）时不会被猜测，这一行留空。",
    registry=IMPORT_RULES,
)
IMPORT_PLACEHOLDER_HEADER = declare(
    "import-placeholder-header",
    "识别软件改写的表头（数据1、数据2……）不说明列的含义，各列按格式的顺序读取，应核对。",
    advisory=True,
    registry=IMPORT_RULES,
)
