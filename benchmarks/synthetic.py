"""A region of valid synthetic published reports, for the site benchmarks.

Fictional organs of several levels under several parents (a 区 government with
its departments, 街道 and 乡镇), each with a published report every year: the
numbers pass every rule and carry over from year to year (check_speed.report_values),
the narrative is of a real report's length (about 3,000 characters) and varies
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

from check_speed import FIRST_YEAR, report_values

from macros.authoring.datafile import dump_report
from macros.authoring.scaffold import render_page
from macros.check.load import Organ
from macros.check.paths import ORGANS_FILE, data_path, page_path
from macros.format.national import PUBLISHED, TABLE_2, Cell
from macros.record.lock import LOCK_FILE, LockEntry, dump_lock, numbers_fingerprint, page_fingerprint, snapshot_paths

ROOT = Path(__file__).resolve().parent.parent
# What a site needs besides its reports: configuration, code, theme overrides, the pages that are not reports.
SITE_FILES = ("mkdocs.yml", "macros", "overrides", "schema")
SITE_PAGES = ("index.md", "status.md", "data.md", "assets", "guide")

DISTRICTS = ("青梧", "临川", "白石", "东湖", "望江", "云岭", "松源", "北塘", "南屏", "西林")
DEPARTMENTS = ("发展和改革局", "教育体育局", "公安分局", "民政局", "司法局", "财政局", "人力资源和社会保障局")
DEPARTMENTS += ("自然资源局", "住房和城乡建设局", "交通运输局", "农业农村局", "卫生健康局", "应急管理局")
DEPARTMENTS += ("市场监督管理局", "医疗保障局", "退役军人事务局", "城市管理综合执法局", "生态环境分局")
TOWNS = ("清水", "石桥", "安和", "长岭", "新田", "河口", "柳塘", "凤鸣", "金沙", "双溪", "龙泉", "桃源")

# Sentences of the kind every report has, recombined per report so that no two narratives are the same.
OPENINGS = (
    "{year} 年，{short}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，",
    "{year} 年以来，{short}认真落实上级关于政务公开工作的部署要求，",
    "{year} 年，{short}把政府信息公开工作纳入重要议事日程，",
)
MIDDLES = (
    "健全主动公开目录，规范依申请公开办理流程，及时回应社会关切。",
    "围绕重点领域信息公开，持续提升政务公开质量和实效。",
    "建立信息发布前的保密审查机制，做到应公开尽公开、应审查尽审查。",
    "加强政府信息公开平台建设，推动公开内容标准化、规范化。",
)
ACTIVE = (
    "全年通过门户网站主动公开政府信息 {n} 条，其中机构职能、政策文件、规划计划、财政预决算等信息 {m} 条。",
    "通过政务新媒体发布工作动态、政策解读 {m} 篇，在政务公开栏张贴公示信息 {k} 期。",
    "围绕群众关心的社会保障、教育医疗、就业创业等事项，制作图文解读 {k} 件，开展政策宣讲 {k} 场次。",
)
MANAGEMENT = (
    "落实政府信息公开属性源头认定，公文在拟稿时即明确公开方式；",
    "定期清理已公开的政策文件，对失效、废止的文件及时标注；",
    "严格执行“三审三校”制度，信息发布前逐条核对数据和表述；",
    "建立政务公开工作台账，对重点事项的公开情况实行清单化管理；",
)
PLATFORM = (
    "持续优化门户网站政府信息公开专栏，规范栏目设置，提升信息检索的便利性。",
    "在便民服务中心设置政府信息公开查阅点，为群众查阅提供便利。",
    "用好政务新媒体矩阵，做到重要政策同步发布、同步解读。",
)
SUPERVISION = (
    "将政务公开工作纳入年度绩效考核，定期开展自查自纠，对发现的问题建立台账、限期整改。",
    "设立监督举报电话和意见箱，主动接受社会监督，未发生因政府信息公开引发的责任追究。",
)
PROBLEMS = (
    "一是部分栏目信息更新不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用不足；三是工作人员业务能力有待进一步提升。",
    "一是重点领域信息公开的深度和广度还不够；二是依申请公开答复的规范性有待加强；三是公开内容与群众需求的契合度有待提高。",
)
IMPROVEMENTS = (
    "下一步，将进一步完善信息发布审核机制，加强栏目日常维护，确保信息及时准确；丰富政策解读形式，提升解读质量；加强业务培训，提高工作人员的专业能力。",
    "下一步，将围绕群众关切加大重点领域信息公开力度，规范依申请公开办理流程，定期开展业务培训和案例交流，推动政务公开工作提质增效。",
)


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
    """Parts 一, 五 and 六 of one report, about 3,000 characters in all."""

    def pick(options: tuple[str, ...], k: int = 1) -> str:
        return "".join(rng.sample(options, k))

    fields = {"year": year, "short": organ.short, "n": rng.randint(80, 3000), "m": rng.randint(10, 600)}
    fields["k"] = rng.randint(2, 60)
    one = [
        pick(OPENINGS).format(**fields) + pick(MIDDLES, 3),
        "### （一）主动公开",
        pick(ACTIVE, 3).format(**fields) + pick(MIDDLES, 2),
        "### （二）依申请公开",
        f"{year} 年，{organ.short}严格按照法定时限答复政府信息公开申请，做到依法受理、规范答复。" + pick(MIDDLES, 2),
        "### （三）政府信息管理",
        pick(MANAGEMENT, 3) + pick(MIDDLES, 2),
        "### （四）政府信息公开平台建设",
        pick(PLATFORM, 2) + pick(MIDDLES, 2),
        "### （五）监督保障",
        pick(SUPERVISION, 2) + pick(MIDDLES, 1),
    ]
    five = ["### （一）存在的主要问题", pick(PROBLEMS), "### （二）改进情况", pick(IMPROVEMENTS)]
    fee = values[Cell(TABLE_2.key, "fees", "amount")]
    six = [f"{year} 年，{organ.short}收取信息处理费 {fee} 万元。政府信息公开工作已纳入年度考核，未发生责任追究情况。"]
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
            data = dump_report(values, header=f"{organ.name}{year}年报告的数据。").replace(
                "status: 草稿", f"status: {PUBLISHED}\npublished: {when.isoformat()}"
            )
            page = page_text(organ, year, rng, values)
            for path, text in zip(
                (data_path(organ.slug, year), page_path(organ.slug, year), *snapshot_paths(organ.slug, year)),
                (data, page, data, page),
                strict=True,
            ):
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_text(text, encoding="utf-8")
            lock[(organ.slug, year)] = LockEntry(
                organ.slug, year, when, numbers_fingerprint(values), page_fingerprint(page), name=organ.name
            )
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
