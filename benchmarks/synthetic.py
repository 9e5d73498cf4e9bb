"""A region of valid synthetic published reports, for the site benchmarks.

Fictional organs of several levels under several parents (a 区 government with
its departments, 街道 and 乡镇), each with a published report every year: the
numbers pass every rule and carry over from year to year (check_speed.report_values),
the narrative is of a real report's length (about 2,000 characters) and varies
from organ to organ and year to year, every entry is in the publication record
with its kept first copy. Written fresh under a temporary folder; nothing of it
is committed.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from datetime import date
from pathlib import Path

from check_speed import FIRST_YEAR, report_values, write_published

from macros.authoring.scaffold import render_page
from macros.check.load import Organ
from macros.check.paths import ORGANS_FILE
from macros.format.national import TABLE_2, Cell
from macros.record.lock import LOCK_FILE, LockEntry, dump_lock

ROOT = Path(__file__).resolve().parent.parent
# What a site needs besides its reports: configuration, code, theme overrides, the pages that are not reports.
SITE_FILES = ("mkdocs.yml", "macros", "overrides", "schema")
SITE_PAGES = ("index.md", "status.md", "data.md", "assets", "guide")

DISTRICTS = ("青梧", "临川", "白石", "东湖", "望江", "云岭", "松源", "北塘", "南屏", "西林")
DEPARTMENTS = ("发展和改革局", "教育体育局", "公安分局", "民政局", "司法局", "财政局", "人力资源和社会保障局")
DEPARTMENTS += ("自然资源局", "住房和城乡建设局", "交通运输局", "农业农村局", "卫生健康局", "应急管理局")
DEPARTMENTS += ("市场监督管理局", "医疗保障局", "退役军人事务局", "城市管理综合执法局", "生态环境分局")
TOWNS = ("清水", "石桥", "安和", "长岭", "新田", "河口", "柳塘", "凤鸣", "金沙", "双溪", "龙泉", "桃源")

# A small grammar of the sentences every report has: clauses drawn anew for each report, with
# their own figures, so that a report shares little text with its organ's report of the year before
# (as the copied-part advisory wants) while reading like one.
TOPICS = ("财政预决算", "重大建设项目", "公共资源配置", "社会救助", "义务教育", "医疗卫生", "生态环境", "安全生产")
TOPICS += ("食品药品监管", "征地拆迁", "就业创业", "养老服务", "城乡规划", "乡村振兴", "优化营商环境", "行政执法")
VERBS = ("集中公开", "逐项梳理", "及时发布", "分类编目", "动态更新", "专题发布", "规范公开", "全面公开")
CHANNELS = (
    "门户网站",
    "政务新媒体",
    "政务公开栏",
    "便民服务中心查阅点",
    "新闻发布会",
    "政策解读专栏",
    "村（居）务公开栏",
)
MEASURES = ("健全了发布前审核流程", "完善了公开目录", "开展了专题培训", "建立了工作台账", "落实了专人负责制")
MEASURES += ("修订了依申请公开办理规范", "组织了交叉检查", "更新了政府信息公开指南", "开展了满意度调查")
PROBLEMS = ("栏目更新不够及时", "政策解读形式较为单一", "基层公开标准化程度不高", "答复文书的规范性有待加强")
PROBLEMS += ("公开内容与群众需求契合度不高", "新媒体运用不够充分", "业务人员调整较频繁", "历史文件清理不够彻底")


def _clause(rng: random.Random, short: str) -> str:
    kind = rng.randrange(6)
    n, m = rng.randint(3, 900), rng.randint(2, 60)
    if kind == 0:
        return f"在{rng.choice(TOPICS)}领域{rng.choice(VERBS)}信息{n}条，通过{rng.choice(CHANNELS)}同步推送{m}次"
    if kind == 1:
        return f"{short}{rng.choice(MEASURES)}，全年{rng.choice(VERBS)}{rng.choice(TOPICS)}相关文件{m}件"
    if kind == 2:
        return f"围绕{rng.choice(TOPICS)}和{rng.choice(TOPICS)}，在{rng.choice(CHANNELS)}发布解读材料{m}篇、答问{n}条"
    if kind == 3:
        return f"{rng.choice(MEASURES)}，{rng.choice(MEASURES)}，覆盖工作人员{n}人次"
    if kind == 4:
        return f"针对{rng.choice(PROBLEMS)}的问题，{rng.choice(MEASURES)}，整改事项{m}项"
    return f"{rng.choice(CHANNELS)}累计访问{n * 37}人次，{rng.choice(TOPICS)}栏目新增条目{m}条"


def _paragraph(rng: random.Random, short: str, clauses: int) -> str:
    return "；".join(_clause(rng, short) for _ in range(clauses)) + "。"


def registry(n_organs: int) -> list[Organ]:
    """Districts, each with its departments, 街道 and 乡镇, until there are `n_organs` organs."""
    organs: list[Organ] = []
    per_district = max(2, min(40, n_organs // max(1, len(DISTRICTS))))
    district = 0
    while len(organs) < n_organs:
        place = DISTRICTS[district % len(DISTRICTS)] + (str(district // len(DISTRICTS) + 1) if district >= 10 else "")
        slug = f"d{district:03d}"
        organs.append(Organ(slug, f"示例市{place}区人民政府", f"{place}区政府", "县级政府", None))
        for i in range(per_district - 1):
            if len(organs) >= n_organs:
                break
            if i % 3 == 2:
                town = TOWNS[i // 3 % len(TOWNS)] + (str(i // 36 + 1) if i >= 36 else "")
                level, name, short = "乡镇", f"示例市{place}区{town}镇人民政府", f"{place}区{town}镇"
            elif i % 3 == 1:
                town = TOWNS[(i // 3 + 5) % len(TOWNS)] + (str(i // 36 + 1) if i >= 36 else "")
                level, name, short = "街道", f"示例市{place}区人民政府{town}街道办事处", f"{place}区{town}街道"
            else:
                dept = DEPARTMENTS[i // 3 % len(DEPARTMENTS)] + (str(i // 54 + 1) if i >= 54 else "")
                level, name, short = "县级部门", f"示例市{place}区{dept}", f"{place}区{dept}"
            organs.append(Organ(f"{slug}-{i:03d}", name, short, level, slug))
        district += 1
    return organs


def narrative(organ: Organ, year: int, rng: random.Random, values: dict[Cell, object]) -> dict[str, str]:
    """Parts 一, 五 and 六 of one report, about 2,000 characters in all."""
    short = organ.short
    one = [
        f"{year} 年，{short}深入贯彻落实《中华人民共和国政府信息公开条例》。" + _paragraph(rng, short, 7),
        "### （一）主动公开",
        _paragraph(rng, short, 12),
        "### （二）依申请公开",
        f"{year} 年，{short}严格按照法定时限答复政府信息公开申请。" + _paragraph(rng, short, 5),
        "### （三）政府信息管理",
        _paragraph(rng, short, 9),
        "### （四）政府信息公开平台建设",
        _paragraph(rng, short, 7),
        "### （五）监督保障",
        _paragraph(rng, short, 5),
    ]
    problems = "；".join(f"{i}是{p}" for i, p in zip("一二三", rng.sample(PROBLEMS, 3), strict=True))
    five = ["### （一）存在的主要问题", problems + "。", "### （二）改进情况", "下一步，" + _paragraph(rng, short, 7)]
    fee = values[Cell(TABLE_2.key, "fees", "amount")]
    six = [
        f"{year} 年，{short}收取信息处理费 {fee} 万元。" + _paragraph(rng, short, 3),
        f"政府信息公开工作考核、社会评议和责任追究结果：考核得分{rng.randint(80, 99)}分，"
        f"社会评议满意率{rng.randint(85, 99)}%，责任追究{rng.randint(0, 2)}人次。",
    ]
    return {"一": "\n\n".join(one), "五": "\n\n".join(five), "六": "\n\n".join(six)}


def page_text(organ: Organ, year: int, rng: random.Random, values: dict[Cell, object]) -> str:
    text = render_page(organ, year)
    for number, body in narrative(organ, year, rng, values).items():
        start = text.index(f"## {number}、")
        hint_start = text.index("{#", start)
        hint_end = text.index("#}", hint_start) + 2
        text = text[:hint_start] + body + text[hint_end:]
    return text


def generate(root: Path, reports: int, years: int = 5, seed: int = 2024) -> int:
    """Write a region's project of about `reports` published reports (organs x years) under `root`."""
    rng = random.Random(seed)
    organs = registry(max(1, reports // years))
    lines = []
    for o in organs:
        parent = o.parent or "null"
        lines.append(f"{o.slug}:\n  name: {o.name}\n  short: {o.short}\n  level: {o.level}\n  parent: {parent}\n")
    (root / ORGANS_FILE).parent.mkdir(parents=True, exist_ok=True)
    (root / ORGANS_FILE).write_text("\n".join(lines), encoding="utf-8")
    lock: dict[tuple[str, int], LockEntry] = {}
    for organ in organs:
        previous = None
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            values = previous = report_values(rng, organ.level, previous)
            when = date(year + 1, 1, rng.randint(5, 28))
            page = page_text(organ, year, rng, values)
            lock[(organ.slug, year)] = write_published(root, organ, year, values, page, when)
    (root / LOCK_FILE).write_text(dump_lock(lock), encoding="utf-8")
    return len(lock)


def make_site(root: Path, reports: int, years: int = 5) -> int:
    """A buildable project: the site's own files and pages, the generated reports, committed in git."""
    for name in SITE_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for name in SITE_PAGES:
        (shutil.copytree if (ROOT / "docs" / name).is_dir() else shutil.copy)(
            ROOT / "docs" / name, root / "docs" / name
        )
    count = generate(root, reports, years)
    # Committed, as on the host: the build date is the last commit's.
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "reports", "--date", "2026-06-01T00:00:00Z"], cwd=root, check=True)
    return count
