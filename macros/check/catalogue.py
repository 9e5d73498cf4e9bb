"""Every rule the checks can report, declared once: id, what it protects, level.

A finding is made through its rule (``BLANK.finding(path, line, message)``), so an
id and its level are never typed twice. The rules reference lists them in this order.
"""

from __future__ import annotations

from macros.check.findings import CATALOGUE, declare

__all__ = ["CATALOGUE"]  # complete once this module is loaded: read it from here

YAML_SYNTAX = declare("yaml-syntax", "数据文件必须是合法的 YAML。")
ENCODING = declare("encoding", "文件必须以 UTF-8 编码保存。")
FILE_TYPE = declare(
    "file-type", "数据文件、报告页面和发布记录必须是普通文件：不能是文件夹、符号链接（快捷方式）或设备文件。"
)
INPUT_LIMIT = declare(
    "input-limit",
    "文件大小、嵌套层数、数字位数和同类问题的条数都有上限（数据文件 1 MB、嵌套 64 层、数字 15 位），"
    "超出时检查立即停止并指出位置，而不是耗尽机器。",
)
DUPLICATE_KEY = declare("duplicate-key", "同一位置不能出现两个相同的键，否则其中一个值会悄悄丢失。")
UNKNOWN_KEY = declare("unknown-key", "只允许格式规定的表、行和字段，防止拼错的键被忽略。")
MISSING = declare("missing", "格式规定的每一张表、每一行都必须出现。")
WRONG_SHAPE = declare("wrong-shape", "每一行必须按规定写成数值列表（单列的行写一个数值）。")
WRONG_LENGTH = declare("wrong-length", "每一行的数值个数必须等于该表的列数。")
BLANK = declare("blank", "每个单元格都必须填写；没有发生的事项填 0，空白是缺陷。")
NOT_NUMBER = declare("not-number", "单元格只能填十进制数字，不能是文字、布尔值或带引号的数字。")
NOT_INTEGER = declare("not-integer", "件数必须是整数；只有收费金额（万元）可以有小数。")
NEGATIVE = declare("negative", "数值不能为负数。")
ORGAN_SLUG = declare("organ-slug", "机关代号只能由小写字母、数字和连字符组成。")
ORGAN_LEVEL = declare("organ-level", "机关层级必须是规定的层级之一。")
ORGAN_NAME = declare("organ-name", "机关全称和简称只能由文字、数字和常用标点组成，不能含有网页标记或公式符号。")
REPORT_YEAR = declare("report-year", "报告年度必须在现行格式适用的 2021 年及以后，且不能晚于今年。")
ORGAN_RENAMED = declare(
    "organ-renamed",
    "机关改名不会改动已发布报告的标题：已发布的报告保留发布时的机关全称（登记在发布记录中）。",
    advisory=True,
)
ORGAN_PARENT = declare("organ-parent", "上级机关必须在机关名录中。")
ORGAN_COVERS = declare(
    "organ-covers",
    "机关名录中的 covers_children（本机关的报告是下级机关报告的合计）只能写 true 或 false；"
    "写 true 的机关必须在名录中有下级机关（parent 为它的机关）。",
)
ORGAN_YEARS = declare(
    "organ-years",
    "机关名录中的起始年度、最后年度必须是四位数的年份，最后年度不早于起始年度；"
    "「在本站发布年报」只能写 true 或 false。发布情况页据此判断每个机关哪些年度应当发布年报。",
)
SITE_IDENTITY = declare(
    "site-identity",
    "网站信息（data/site.yaml：主办单位、网站标识码、ICP 备案号、公安机关备案号、电话、邮箱、地址、标识图片）"
    "都是可选的，但写了就必须是规定格式的一行纯文字，长度有上限；"
    "标识图片必须是 docs/ 中的 PNG、JPEG、WebP 或 GIF 图片。",
)
ORGAN_UNKNOWN = declare("organ-unknown", "报告所属机关必须在机关名录中。")
PAGE_WITHOUT_DATA = declare("page-without-data", "每个报告页面都必须有对应的数据文件。")
DATA_WITHOUT_PAGE = declare("data-without-page", "每个数据文件都必须有对应的报告页面。")
FRONT_MATTER = declare(
    "front-matter",
    "页面开头的页面信息（两行 --- 之间）只能写标题、简介等规定的几项，且只能是纯文字；不能关掉本页的宏。",
)
PAGE_TEMPLATE = declare(
    "page-template",
    '页面中只能用 {{ 宏名("参数") }} 调用本站规定的宏；'
    "其他模板写法（变量、属性、过滤器、include 等语句）可能执行程序或泄露内部信息，一律不允许。",
)
SHADOW_PAGE = declare(
    "shadow-page", "docs/ 中不能有与报告页面、首次发布版本或自动生成的文件网址相同的页面，也不能有符号链接。"
)
PAGE_PARTS = declare("page-parts", "报告必须按顺序包含格式规定的六个部分。")
PAGE_TABLE = declare("page-table", "第二、三、四部分必须各自插入对应的统计表。")
PART_BLANK = declare(
    "part-blank", "第一、五、六部分必须写有正文；新建报告时的填写提示和「待填写」「XX」之类的占位文字都不算正文。"
)
NARRATIVE_CONTRADICTION = declare(
    "narrative-contradiction",
    "正文的明确表述不能与表格矛盾：说“未接到申请”时表三不能有新收申请，说“所有申请均已办结”时不能有结转，"
    "写明的行政复议、行政诉讼件数（包括“未发生”）必须与表四一致。",
)
PAGE_HTML = declare(
    "page-html",
    "页面正文只能写文字：不能含脚本、事件属性（onclick 等）、内嵌框架，链接只能指向 http(s)、mailto 或本站页面。",
)
RECORD_STATUS = declare("record-status", "报告必须标明发布状态（草稿、已发布、已撤回），并与发布日期、撤回记录一致。")
RECORD_DATE = declare("record-date", "发布、更正、撤回日期必须写成 YYYY-MM-DD，且是真实的日期。")
RECORD_TEXT = declare("record-text", "更正说明和撤回理由必须用中文写明，不能为空。")
INDEX_NUMBER = declare(
    "index-number", "报告的索引号（可选，index_no）只能由字母、数字和 - / . _ 组成，至多 50 个字符。"
)
REVIEW_ENTRY = declare(
    "review-entry",
    "标注“已核对”的只能是提示，须写对规则编号；数据文件 reviewed: 中每一条都要用中文写明简短的理由。",
)
RECORD_ORDER = declare("record-order", "报告在年度结束后发布；更正和撤回在发布之后，按日期先后排列。")
RECORD_UNLOCKED = declare(
    "record-unlocked", "已发布的报告必须登记在发布记录 data/published.lock 中（由 python -m macros publish 登记）。"
)
RECORD_DELETED = declare("record-deleted", "登记在发布记录中的报告不能删除；撤回须登记为已撤回并写明理由。")
RECORD_SNAPSHOT = declare(
    "record-snapshot", "首次发布的原文必须原样保存在 data/published/ 中，且与发布记录中的指纹一致。"
)
SILENT_EDIT = declare("silent-edit", "已发布报告的数字和正文不能悄悄改动：每一处改动都必须有更正记录，错别字也不例外。")
CORRECTION_ENTRY = declare("correction-entry", "更正记录必须如实列出更正的数字（更正前、更正后）和更正后的正文指纹。")
LOCK_SYNTAX = declare("lock-syntax", "发布记录中的每一项必须含发布日期和两个指纹，只能由命令写入。")
HISTORY_REWRITTEN = declare(
    "history-rewritten", "与目标分支相比，已登记的发布记录、更正记录和撤回只能追加，不能改写或删除。"
)
PART_VARIANT = declare(
    "part-variant", "部分标题使用了真实报告中常见的变体写法，建议改为格式规定的标题。", advisory=True
)
PART6_FEE = declare("part6-fee", "第六部分应说明信息处理费的收取情况（即使未收取）。", advisory=True)
STRAY_LATIN = declare(
    "stray-latin", "中文正文中夹着的小写英文单词（如“程序 and 责任人”）多是编辑遗留，应核对改正。", advisory=True
)
OUTDATED_CITATION = declare(
    "outdated-citation", "2021 年以后的报告应引用国办公开办函〔2021〕30号，而不是〔2019〕60号。", advisory=True
)
T3_BALANCE = declare("t3-balance", "表三每一列的勾稽关系：第一项加第二项之和，等于第三项（七）总计加第四项之和。")
T3_ROW_TOTAL = declare("t3-row-total", "表三每一行的总计等于自然人与五类法人或其他组织之和。")
T3_RESULT_TOTAL = declare("t3-result-total", "表三（七）总计等于 21 个办理结果行之和（每列）。")
T4_TOTAL = declare("t4-total", "表四行政复议、未经复议直接起诉、复议后起诉的总计各等于其四种结果之和。")
T2_RULES_LOCAL = declare(
    "t2-rules-local",
    "只有国务院部门和省、设区的市人民政府制定规章；县级及以下机关表二「规章」通常应为 0。",
    advisory=True,
)
T2_REPEALED_NONE_IN_FORCE = declare(
    "t2-repealed-none-in-force", "表二本年废止件数大于 0 而现行有效件数为 0，较为少见，请核对。", advisory=True
)
ACROSS_CARRY = declare("across-carry", "本年「二、上年结转」每列等于上一年报告的「四、结转下年度继续办理」。")
ACROSS_IN_FORCE = declare(
    "across-in-force", "现行有效件数通常等于上一年现行有效件数加本年制发、减本年废止。", advisory=True
)
# A covering organ's report against its children's of the same year (check/hierarchy.py).
HIERARCHY_TOTAL = declare(
    "hierarchy-total",
    "机关名录中标为 covers_children: true 的机关，其报告是下级机关报告的合计：表二、表三、表四的每个件数和收费金额"
    "都等于全部下级机关同一年报告之和（表三、表四的总计由本报告的其他单元格决定，不再单独比较）。",
)
HIERARCHY_INCOMPLETE = declare(
    "hierarchy-incomplete",
    "合计报告的下级机关中有的还没有同一年的报告、报告仍是草稿或已撤回，暂时无法核对合计。",
    advisory=True,
)
# The narrative against its numbers, its year and last year's report (check/narrative.py).
PROSE_NUMBER = declare(
    "prose-number",
    "正文中关于申请（收到、办结、结转）、复议、诉讼和表二事项的数字，应与所指的表格单元格一致；"
    "建议用表格数字宏（如 new_requests）直接引用表格中的数字。",
    advisory=True,
)
OTHER_YEAR = declare(
    "other-year", "写本年度工作的句子中出现了报告年度和上一年度以外的年份，多是从旧报告复制时遗留的。", advisory=True
)
COPIED_PART = declare(
    "copied-part", "某一部分的正文与同一机关上一年报告的同一部分大半相同，请核对是否照抄。", advisory=True
)
COPIED_TABLES = declare(
    "copied-tables", "三张统计表的数字与上一年报告完全相同（且不全为 0），请核对是否照抄。", advisory=True
)
PART5_CONTENT = declare(
    "part5-content", "第五部分应写明至少一个具体问题和一项改进措施，不能只写“无”或寥寥数字。", advisory=True
)
ART50_RESULTS = declare(
    "art50-results",
    "县级以上人民政府的年度报告应写明政府信息公开工作考核、社会评议和责任追究结果（条例第五十条）。",
    advisory=True,
)
HALFWIDTH_PUNCT = declare(
    "halfwidth-punct", "中文之间的括号、逗号、冒号、分号等应使用全角标点（（）、，、：、；）。", advisory=True
)
DOUBLED_PUNCT = declare("doubled-punct", "标点重复（如“。。”“，，”“，。”）多是编辑遗留。", advisory=True)
DOUBLED_WORD = declare("doubled-word", "同一个词连写两遍（如“公开公开”）多是编辑遗留。", advisory=True)
BROKEN_SENTENCE = declare(
    "broken-sentence", "一个段落没有以句末标点结束，下一段接着同一句话：一句话被拆成了两段。", advisory=True
)
