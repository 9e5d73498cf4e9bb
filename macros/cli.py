"""Command line: ``python -m macros <command>``; each command registers in COMMANDS.

Every command follows the same contract. It prints findings on stdout (one
per line, ``file:line: [rule] message``) and what it did on stderr. Exit status:

- 0: done, or the check passed;
- 1: refused (a ``Refusal``: nothing was written) or the check found errors (``check``:
  any error, a draft's too, so that the editor sees them; with ``--allow-drafts``, as
  the pull-request workflow runs it, only errors outside the drafts, which block every build);
- 2: the command line itself is wrong (argparse's own usage message).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from macros.authoring.scaffold import add_organ, check_year, scaffold_report
from macros.authoring.schema import stale_schemas, write_schemas
from macros.check.findings import Finding, Refusal, summarize
from macros.check.load import Organ, read_organs
from macros.check.output import ACKNOWLEDGED_TITLE, FORMATS, format_acknowledged, format_finding, step_summary
from macros.check.paths import ORGANS_FILE, data_path, page_path, report_key_of_path
from macros.check.project import check_project
from macros.check.reader import exists
from macros.format.national import LEVELS, ORGAN_FIELDS, cells
from macros.importer import READERS, identify, import_source, read_source, title_organ_name
from macros.opendata.cache import CACHE_DIR, ReportCache
from macros.opendata.catalogue import EXPORT_DIR
from macros.opendata.export import write_exports, write_open_data
from macros.opendata.longform import exportable_reports
from macros.record.commands import correct, publish, report_errors, withdraw
from macros.record.lock import read_lock
from macros.record.since import check_since
from macros.site.prepare import MODE_NAMES, PREPARED_DIR, hidden_reports, prepare, refused_message
from macros.site.search import INDEX_COMMAND, PART_PAGES, SEARCH_DIR, build_index, bundle_parts, stitched_page
from macros.site.whole import preview_mode, run_mkdocs, timed

# --- check -------------------------------------------------------------------------


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="输出格式：text 每个问题一行（默认）；github 输出 GitHub 工作流命令，问题显示在拉取请求的对应行上",
    )
    parser.add_argument(
        "--since",
        metavar="版本",
        help="再与这个 git 版本（例如 origin/main）比较：其中已登记的发布记录、更正记录和撤回都必须原样保留",
    )
    parser.add_argument(
        "--allow-drafts",
        action="store_true",
        help="草稿中的错误照常列出，但不使检查失败（拉取请求用：草稿可以在主分支上填写多日，公开版不收录草稿）；"
        "已发布的报告和公共文件中的错误仍使检查失败",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="只检查这些文件所属的报告（数据文件或报告页面）及其前后年份；其他文件或不给出时检查全部",
    )


def _relative(root: Path, path: str) -> str | None:
    """A path as the project knows it (relative to the root), or None if outside."""
    given = Path(path)
    if not given.is_absolute():
        return given.as_posix()
    try:
        return given.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def cmd_check(args: argparse.Namespace) -> int:
    """Print every finding of the project; exit 1 if any is an error."""
    root = Path(args.root)
    keys = [report_key_of_path(rel) if (rel := _relative(root, p)) else None for p in args.paths]
    # Anything but a report's own files (the organ registry, …) can affect every report.
    only = set(keys) if keys and all(keys) else None
    project = check_project(root, only=only)  # type: ignore[arg-type]
    if args.since:
        project.findings += check_since(root, args.since, project)
    for finding in project.findings:
        print(format_finding(finding, args.format))
    # Reviewed advisories no longer repeat as findings, but the reviewer still reads each, with its reason.
    for item in project.acknowledged:
        print(format_acknowledged(item, args.format))
    scope = f"（{len(project.reports)} 份报告）" if only is not None else ""
    failing = project.blocking_errors if args.allow_drafts else project.errors
    verdict = "检查未通过" if failing else "检查通过"
    in_drafts = len(project.errors) - len(project.blocking_errors)
    drafts = f"；其中 {in_drafts} 个错误在草稿中，草稿不收录进公开版，改正之前不能发布" if in_drafts else ""
    reviewed = (
        f"；另有 {len(project.acknowledged)} 条{ACKNOWLEDGED_TITLE}（标「已核对」的行）" if project.acknowledged else ""
    )
    print(f"{verdict}{scope}：{summarize(project.findings)}{drafts}{reviewed}", file=sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        # The diff shows the first few annotations; the run's summary page lists them all.
        with open(summary_file, "a", encoding="utf-8") as handle:
            verdict_line = f"{verdict}，{summarize(project.findings)}{drafts}{reviewed}"
            handle.write(step_summary(project.findings, verdict_line, project.acknowledged))
    return 1 if failing else 0


# --- new ---------------------------------------------------------------------------


def _add_new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("organ", help="机关代号，例如 xiping（见 data/organs.yaml）")
    parser.add_argument("year", type=int, help="报告年度，例如 2024")
    parser.add_argument("--add-organ", action="store_true", help="机关不在名录中时，把它加入 data/organs.yaml")
    for key, label in ORGAN_FIELDS.items():
        choices = LEVELS if key == "level" else None  # None: argparse's default, any value
        parser.add_argument(f"--{key}", help=f"（与 --add-organ 一起用）{label}", choices=choices)


def cmd_new(args: argparse.Namespace) -> int:
    """Create a new report's blank data file and page."""
    new_organ = {key: getattr(args, key) for key in ORGAN_FIELDS} if args.add_organ else None
    data, page = scaffold_report(Path(args.root), args.organ, args.year, new_organ)
    print(f"已新建：\n  {data}（数字，全部空白）\n  {page}（正文）")
    print(
        "下一步：在数据文件中把每个 null 改为实际数字（没有发生的填 0），在页面中写入第一、五、六部分的正文；"
        "然后运行 python -m macros check，直到没有「未填写」。报告现在是草稿，定稿后运行 "
        f"python -m macros publish {args.organ} {args.year} 发布。"
    )
    return 0


# --- schema ------------------------------------------------------------------------


def _add_schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="只检查已提交的 schema 是否为最新，不写文件")


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas generated from the format declaration (or check they are current)."""
    root = Path(args.root)
    if args.check:
        stale = stale_schemas(root)
        for path in stale:
            print(f"{path}: 与格式定义不一致，请运行 python -m macros schema 重新生成。", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(root):
        print(f"已更新 {path}")
    return 0


# --- prepare -----------------------------------------------------------------------


def _add_prepare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preview",
        action="store_true",
        # Only by this flag, never by the environment: a preview tree holds drafts.
        help="准备预览版：草稿也收录，页首标有「草稿」；构建时须设置环境变量 NIANBAO_PREVIEW=1",
    )


def cmd_prepare(args: argparse.Namespace) -> int:
    """Check the project and write the site's source tree (build/docs/); refuse, leaving no valid tree, on errors."""
    _prepare_and_tell(Path(args.root), args.preview, record=True)
    return 0


def _prepare_and_tell(root: Path, preview: bool, record: bool) -> None:
    """prepare, its findings printed; a Refusal on errors, else a line saying what the tree holds."""
    project = prepare(root, preview, record=record)
    for finding in project.findings:
        print(finding)
    if project.blocking_errors:
        raise Refusal(refused_message(project))
    drafts = len(hidden_reports(project, preview))
    left_out = f"，{drafts} 份草稿不收录" if drafts else ""
    if in_drafts := len(project.errors) - len(project.blocking_errors):
        shown = "预览中标在草稿页面上" if preview else "草稿不收录，不影响公开版"
        left_out += f"；草稿中有 {in_drafts} 个错误（{shown}，改正之前不能发布）"
    print(f"已准备站点源文件 {PREPARED_DIR}/（{MODE_NAMES[preview]}{left_out}）。", file=sys.stderr)


# --- build ---------------------------------------------------------------------------


def _add_build_arguments(parser: argparse.ArgumentParser) -> None:
    _add_prepare_arguments(parser)
    parser.add_argument("--site-dir", default=None, help="站点写到这个文件夹（默认 site；预览版为 site-preview）")
    parser.add_argument(
        "--timings",
        default=None,
        metavar="文件",
        help="把每一步的用时（墙钟与 CPU 秒数）写入这个 JSON 文件（基准用）",
    )


def cmd_build(args: argparse.Namespace) -> int:
    """prepare, `mkdocs build --strict` and search-index, in one process (site/whole.py)."""
    root = Path(args.root)
    site = Path(args.site_dir or ("site-preview" if args.preview else "site"))
    site = site if site.is_absolute() else root / site
    times: dict[str, float] = {}
    with preview_mode(args.preview):
        # No sealed record: the build below takes the checked project from this process.
        timed(lambda: _prepare_and_tell(root, args.preview, record=False), times, "prepare")
        timed(lambda: run_mkdocs(root, site), times, "mkdocs")
    timed(lambda: build_index(site), times, "search")
    if args.timings:
        Path(args.timings).write_text(json.dumps(times) + "\n", encoding="utf-8")
    print(
        f"已构建站点 {site}（检查与准备 {times['prepare_wall']:.1f} 秒，页面 {times['mkdocs_wall']:.1f} 秒，"
        f"搜索索引 {times['search_wall']:.1f} 秒）。",
        file=sys.stderr,
    )
    return 0


# --- search-index ------------------------------------------------------------------


def _add_search_index_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "site", nargs="?", default="site", help="构建好的站点文件夹（默认 site；预览版为 site-preview）"
    )
    parser.add_argument(
        "--out",
        default=None,
        help=f"索引写到这个文件夹（默认 <站点>/{SEARCH_DIR}）；make serve 用它把索引放进预览的站点源文件",
    )
    parser.add_argument(
        "--part-pages",
        type=int,
        default=PART_PAGES,
        metavar="页数",
        help=f"大站点分部分建索引，每部分最多这么多个可检索页面（默认 {PART_PAGES}）；测试用小数值",
    )


def cmd_search_index(args: argparse.Namespace) -> int:
    """Index the built site with Pagefind (after `mkdocs build`): only the pages' public content."""
    root = Path(args.root)
    site = Path(args.site) if Path(args.site).is_absolute() else root / args.site
    out = None if args.out is None else (Path(args.out) if Path(args.out).is_absolute() else root / args.out)
    written = build_index(site, out, args.part_pages)
    parts = len(bundle_parts(written)) + 1
    shown = f"（分 {parts} 部分建立，搜索时合并）" if parts > 1 else ""
    print(f"已生成站内搜索索引 {written}{shown}。", file=sys.stderr)
    return 0


def _add_search_stitch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="顶层站点文件夹：在其中写 index.html（各分站点放在它下面，例如 out/east/）")
    parser.add_argument("shards", nargs="+", metavar="名称=路径", help="每个分站点的名称和相对路径，例如 东区=east/")
    parser.add_argument("--title", default="政府信息公开工作年度报告", help="顶层页面的标题")


def cmd_search_stitch(args: argparse.Namespace) -> int:
    """Write a province's top page: links to every shard site and one search over all their indexes."""
    shards = []
    for given in args.shards:
        name, sep, path = given.partition("=")
        if not sep or not name.strip():
            raise Refusal(f"「{given}」应写成 名称=路径，例如 东区=east/。")
        shards.append((name.strip(), path))
    root = Path(args.root)
    out = Path(args.out) if Path(args.out).is_absolute() else root / args.out
    page = stitched_page(shards, args.title)
    missing = [path for _, path in shards if not (out / path / SEARCH_DIR / "pagefind.js").is_file()]
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(page, encoding="utf-8")
    print(f"已写出顶层页面 {out / 'index.html'}，合并 {len(shards)} 个分站点的搜索。", file=sys.stderr)
    for path in missing:
        print(f"提示：{out / path} 下还没有搜索索引（先把分站点构建到这里，再运行 {INDEX_COMMAND}）。", file=sys.stderr)
    return 0


# --- publish, correct, withdraw ----------------------------------------------------


def _add_record_arguments(parser: argparse.ArgumentParser, reason: str | None = None, required: bool = False) -> None:
    parser.add_argument("organ", help="机关代号，例如 xiping")
    parser.add_argument("year", type=int, help="报告年度，例如 2024")
    parser.add_argument("--date", type=date.fromisoformat, default=None, help="日期 YYYY-MM-DD（默认今天）")
    if reason:
        parser.add_argument("--reason", required=required, help=reason)


def _record_command(change: Callable[[Path, argparse.Namespace], str]) -> Callable[[argparse.Namespace], int]:
    """Run a record command; then print any error the report still has (not made by the command)."""

    def run(args: argparse.Namespace) -> int:
        root = Path(args.root)
        print(change(root, args), file=sys.stderr)
        # `correct` may run on a report with other errors (it adds none): they still need fixing.
        errors = report_errors(check_project(root, only={(args.organ, args.year)}), args.organ, args.year)
        for finding in errors:
            print(finding, file=sys.stderr)
        if errors:
            print("报告仍有上面的问题（不是本次命令造成的），请按提示修改。", file=sys.stderr)
        return 1 if errors else 0

    return run


# --- import ------------------------------------------------------------------------


def _add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="file",
        help=f"报告文件（{'、'.join(READERS)}），或一个文件夹（导入其中每个文件）；可给出多个",
    )
    parser.add_argument(
        "--organ",
        help="机关代号（data/organs.yaml 中的键）；不给出时，从文件名（机关代号-年份.扩展名）或原文标题中读出",
    )
    parser.add_argument("--year", type=int, help="报告年份，如 2024；不给出时，从文件名或原文标题中读出")
    parser.add_argument("--force", action="store_true", help="覆盖已有的数据文件和报告页面")
    parser.add_argument(
        "--add-organ", action="store_true", help="--organ 不在名录中时，先把它加入 data/organs.yaml（同 new）"
    )
    for key, label in ORGAN_FIELDS.items():
        choices = LEVELS if key == "level" else None
        parser.add_argument(f"--{key}", help=f"（与 --add-organ 一起用）{label}", choices=choices)


# A scanned annual report in PDF runs to a few MB; nothing the importer reads is larger.
IMPORT_LIMIT = 50_000_000


def _import_files(paths: list[str]) -> list[Path]:
    """The files to import: each file given, and every file in a folder given (not hidden ones), in name order."""
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            files += sorted(
                p for p in given.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
            )
        else:
            files.append(given)
    return files


@dataclass
class _ImportRow:
    """One line of the summary of an import of several files."""

    file: str
    organ: str = ""
    year: str = ""
    cells: int = 0
    blanks: int = 0
    advisories: int = 0
    refused_rows: int = 0  # importer findings that are errors: rows (or the file) not imported
    outcome: str = ""
    findings: list[Finding] = field(default_factory=list)


def _register(root: Path, args: argparse.Namespace, organs: dict[str, Organ], title_name: str) -> Organ:
    """The organ of --organ, registered first with --add-organ; a refusal that says how when it is unknown."""
    organ = organs.get(args.organ)
    if organ is not None:
        return organ
    if not args.add_organ:
        name = args.name or title_name or "机关全称"
        raise Refusal(
            f"机关代号「{args.organ}」不在机关名录 {ORGANS_FILE} 中。可一步登记并导入：加上 "
            f"--add-organ --name {name} --short 简称 --level 层级 [--parent 上级机关代号]"
            f"（层级可选：{'、'.join(LEVELS)}）。"
        )
    fields = {key: getattr(args, key) for key in ORGAN_FIELDS}
    if not fields.get("name") and title_name:
        fields["name"] = title_name  # the title names the organ: as printed on its report
    organ = add_organ(root, args.organ, fields)
    organs[organ.slug] = organ
    print(f"已在 {ORGANS_FILE} 中登记机关「{organ.name}」（{organ.slug}）。", file=sys.stderr)
    return organ


def _import_one(
    root: Path,
    path: Path,
    args: argparse.Namespace,
    organs: dict[str, Organ],
    row: _ImportRow,
    done: dict[tuple[str, int], str],
) -> None:
    """Import one file (organ and year from the arguments, else its name or title); Refusal if nothing is written."""
    if not path.is_file():
        raise Refusal(f"找不到要导入的文件：{path}")
    if path.stat().st_size > IMPORT_LIMIT:
        raise Refusal(f"{path.name} 有 {path.stat().st_size:,} 字节，超过导入上限 {IMPORT_LIMIT // 1_000_000} MB。")
    source = read_source(path.name, path.read_bytes())
    found = identify(path, source, organs)
    if args.organ:
        organ = _register(root, args, organs, title_organ_name(source))
    elif found.organ is not None:
        organ = found.organ
    elif title_name := title_organ_name(source):
        raise Refusal(
            f"{path.name}：原文标题中的机关「{title_name}」不在机关名录 {ORGANS_FILE} 中。可一步登记并导入："
            f"--organ 代号 --add-organ --short 简称 --level 层级 [--parent 上级机关代号]（机关全称取自标题）。"
        )
    else:
        raise Refusal(
            f"{path.name}：从文件名和原文标题中认不出机关；请用 --organ 给出机关代号，或把文件命名为“机关代号-年份”"
            f"（如 xiping-2024{path.suffix}）。机关不在名录中时，加 --organ 代号 --add-organ 登记。"
        )
    year = args.year or found.year
    if year is None:
        raise Refusal(f"{path.name}：从文件名和原文标题中读不出年份；请用 --year 给出。")
    row.organ, row.year = organ.slug, str(year)
    check_year(year)
    if (organ.slug, year) in done:
        raise Refusal(f"{path.name} 与 {done[(organ.slug, year)]} 是同一份报告（{organ.slug} {year}），只导入前一个。")
    lock, problems = read_lock(root)
    if problems and not lock:
        raise Refusal("发布记录无法读取：\n" + "\n".join(str(f) for f in problems))
    published = lock.get((organ.slug, year))
    if published is not None:
        # Not even with --force: a published report changes only by a registered correction.
        raise Refusal(
            f"{organ.short} {year} 年的报告已于 {published.published.isoformat()} 发布，导入不能覆盖已发布的报告；"
            "如需更正，请直接修改数据文件或页面，再用 python -m macros correct 登记更正。"
        )
    targets = [data_path(organ.slug, year), page_path(organ.slug, year)]
    existing = [t for t in targets if exists(root, t)]
    if existing and not args.force:
        raise Refusal(f"{'、'.join(existing)} 已存在；导入不会覆盖已有的报告。确需用导入结果替换时，请加 --force。")

    imported = import_source(source, organ, year, organs)
    row.findings = imported.findings
    for finding in imported.findings:
        print(finding)
    row.advisories = sum(f.advisory for f in imported.findings)
    row.refused_rows = sum(not f.advisory for f in imported.findings)
    if imported.refused:
        raise Refusal(f"{path.name} 无法导入，没有写入任何文件。")
    row.cells = len(imported.values)
    row.blanks = len(cells()) - row.cells
    for target, text in zip(targets, (imported.data_text, imported.page_text), strict=True):
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_text(text, encoding="utf-8")
        print(f"已写入 {target}", file=sys.stderr)
    done[(organ.slug, year)] = path.name


def _summary(rows: list[_ImportRow]) -> str:
    head = ("文件", "机关", "年份", "读出的数字", "空白", "提示", "未导入的行", "结果")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        values = (r.file, r.organ, r.year, r.cells, r.blanks, r.advisories, r.refused_rows, r.outcome)
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in values) + " |")
    return "\n".join(lines)


def cmd_import(args: argparse.Namespace) -> int:
    """Import existing reports into data files and pages, then check them."""
    root = Path(args.root)
    organs, problems = read_organs(root)
    if not organs and problems and exists(root, ORGANS_FILE):
        raise Refusal("机关名录无法读取：\n" + "\n".join(str(f) for f in problems))
    if args.add_organ and not args.organ:
        raise Refusal("--add-organ 需要和 --organ（新机关的代号）一起使用。")
    files = _import_files(args.files)
    if not files:
        raise Refusal(f"{'、'.join(args.files)} 中没有要导入的文件。")
    if args.year is not None:
        check_year(args.year)
    single = len(files) == 1
    rows: list[_ImportRow] = []
    done: dict[tuple[str, int], str] = {}  # report → the file of this run that imports it
    for path in files:
        row = _ImportRow(path.name)
        rows.append(row)
        try:
            _import_one(root, path, args, organs, row, done)
        except Refusal as exc:
            if single:
                raise
            row.outcome = "未导入"
            print(f"未导入：{exc}", file=sys.stderr)

    project = check_project(root)
    failed = False
    found: list[Finding] = []
    for row in rows:
        if row.outcome:
            failed = True
            continue
        checked: list[Finding] = project.findings_for((row.organ, int(row.year)))
        for finding in checked:
            print(finding)
        row.advisories += sum(f.advisory for f in checked)
        errors = any(not f.advisory for f in row.findings + checked)
        row.outcome = "需核对" if errors else "检查通过"
        failed = failed or errors
        found += row.findings + checked
    if single:
        verdict = "导入完成，但有问题需要核对原文并修正：" if failed else "导入完成，检查通过："
        print(verdict + summarize(found), file=sys.stderr)
    else:
        print(_summary(rows), file=sys.stderr)
        imported = sum(r.outcome != "未导入" for r in rows)
        print(f"共 {len(rows)} 个文件，导入 {imported} 个：{summarize(found)}", file=sys.stderr)
    return 1 if failed else 0


# --- export ------------------------------------------------------------------------


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default=EXPORT_DIR, help=f"输出目录（默认 {EXPORT_DIR}，相对于项目根目录）")


def cmd_export(args: argparse.Namespace) -> int:
    """Check the project; if every check passes, write the open data files."""
    root = Path(args.root)
    project = check_project(root)
    if project.blocking_errors:  # a draft is never exported: its errors do not stop the others'
        for finding in project.blocking_errors:
            print(finding)
        raise Refusal(f"检查未通过，未生成任何数据文件：{summarize(project.findings)}")
    out = Path(args.out) if Path(args.out).is_absolute() else root / args.out
    cache = ReportCache(root / CACHE_DIR)
    try:
        count = write_exports(lambda sink: write_open_data(project, sink, cache), out)
    except FileExistsError as exc:
        raise Refusal(str(exc)) from exc
    reports = len(exportable_reports(project))
    print(f"已导出 {reports} 份报告的数据，共 {count} 个文件，写入 {out}。", file=sys.stderr)
    return 0


# --- the table of commands ---------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    refused: str  # how a refusal starts, e.g. 「未导入：」


COMMANDS: list[Command] = [
    Command("check", "检查全部数据与报告页面，不构建站点", _add_check_arguments, cmd_check, "检查未完成："),
    Command("new", "新建一份报告：生成空白数据文件和报告页面", _add_new_arguments, cmd_new, "未新建报告："),
    Command("schema", "根据格式定义重新生成数据文件的 JSON Schema", _add_schema_arguments, cmd_schema, "未执行："),
    Command(
        "prepare",
        "构建前的一步：检查全部数据，写出站点源文件 build/docs/（公开版不含草稿）；检查未通过时不写",
        _add_prepare_arguments,
        cmd_prepare,
        "未准备站点源文件：",
    ),
    Command(
        "build",
        "构建整个站点：检查并准备站点源文件、MkDocs 构建（严格模式）、生成搜索索引，一步完成（make build）",
        _add_build_arguments,
        cmd_build,
        "未构建站点：",
    ),
    Command(
        "search-index",
        "构建后的一步：为构建好的站点生成站内搜索索引（Pagefind，中文分词）；只收录公开的正文",
        _add_search_index_arguments,
        cmd_search_index,
        "未生成搜索索引：",
    ),
    Command(
        "search-stitch",
        "省级等多站点：写出顶层页面，链接各分站点（每个地区一个站点），一次搜索检索全部分站点的索引",
        _add_search_stitch_arguments,
        cmd_search_stitch,
        "未写出顶层页面：",
    ),
    Command(
        "publish",
        "发布一份草稿：登记指纹并保存首次发布的原文",
        _add_record_arguments,
        _record_command(publish),
        "未执行：",
    ),
    Command(
        "correct",
        "登记已发布报告的更正：列出更正前后的数字和正文指纹",
        lambda p: _add_record_arguments(
            p, "更正说明（中文）；不写时，补全数据文件中最后一条只写了日期和说明的更正记录"
        ),
        _record_command(correct),
        "未执行：",
    ),
    Command(
        "withdraw",
        "撤回已发布的报告：保留页面并注明撤回日期和理由",
        lambda p: _add_record_arguments(p, "撤回理由（中文）", required=True),
        _record_command(withdraw),
        "未执行：",
    ),
    Command(
        "import",
        "导入已有的年度报告（文本、Markdown、网页、Word、PDF；可一次导入一个文件夹），写出数据文件和报告页面，并运行检查",
        _add_import_arguments,
        cmd_import,
        "未导入：",
    ),
    Command(
        "export",
        "导出开放数据（CSV、JSON、Excel、datapackage.json）；检查未通过时不导出",
        _add_export_arguments,
        cmd_export,
        "未导出：",
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description="政府信息公开工作年度报告：检查与维护工具")
    parser.add_argument("--root", default=".", help="项目根目录（默认当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        part = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(part)
        part.set_defaults(command_entry=command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command: Command = args.command_entry
    try:
        return command.run(args)
    except Refusal as exc:
        print(f"{command.refused}{exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the last resort: every project file is read through check/reader.py
        where = f" {exc.filename}" if exc.filename else ""
        print(f"{command.refused}无法读写文件{where}：{exc.strerror or exc}。", file=sys.stderr)
        return 1
