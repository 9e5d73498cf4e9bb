"""The tree the site is built from: ``python -m macros prepare`` writes it, MkDocs only reads it.

mkdocs.yml's ``docs_dir`` is ``build/docs/``, which this step fills from the
checked project: docs/ without the drafts (in the public mode), every report
page with its banner, dates, 更正记录 and download links written in, and every
generated file (the pages of the reports as first published, the kept
originals, the open data files under data/). So no public-safety property
depends on an MkDocs hook: what is not in the tree cannot be published, and
what the reader must be told is in the page's text.

A stamp beside the files records the mode and a fingerprint of the inputs;
``define_env`` refuses to build from a tree that is missing, made from other
inputs, or made for the other mode (a preview tree holds drafts).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from macros.check.catalogue import ENCODING, FRONT_MATTER, PAGE_TEMPLATE, PAGE_WITHOUT_DATA
from macros.check.findings import Finding, Refusal
from macros.check.identity import SITE_FILE
from macros.check.load import Report
from macros.check.paths import DOCS_DIR, ORGANS_FILE, ReportKey, data_path, page_path, report_key_of_page
from macros.check.project import Project, check_project
from macros.format.national import DRAFT, WITHDRAWN, page_title
from macros.opendata.cache import CACHE_DIR, ReportCache
from macros.opendata.catalogue import DATA_DIR
from macros.opendata.export import write_open_data
from macros.opendata.longform import exportable_reports
from macros.opendata.page import report_downloads
from macros.overview.model import collect
from macros.overview.organ import neighbour_lines
from macros.overview.pages import overview_files
from macros.record.history import (
    CORRECTIONS_HEADING,
    REPORT_TITLE_CLASS,
    SEARCH_EXCLUDED,
    History,
    first_published_files,
    first_published_markdown,
    first_published_uri,
    has_first_published_page,
    insert_after_title,
    render_banner,
    render_corrections,
    split_front_matter,
    with_meta,
)
from macros.record.lock import snapshot_paths
from macros.site import collector
from macros.site.builddate import STAMP_KEY, BuildDate, current_build_date
from macros.site.draftview import render_broken_site, render_findings, repo_url
from macros.site.form import DATA_URI as FORM_DATA_URI
from macros.site.form import form_script
from macros.site.search import SEARCH_DIR, result_title
from macros.site.supervision import STATUS_CSV, status_csv
from macros.site.tree import MemoryTree, Sink, TreeWriter
from macros.store.signed import load_sealed, signing_key, write_sealed

PREPARED_DIR = "build/docs"  # mkdocs.yml's docs_dir; ignored by git
STAMP = ".nianbao-prepared.json"  # in the tree; a dot file, which MkDocs does not publish
# Beside it: the project as prepare checked it, sealed, for the build of this tree (see prepared_project).
CHECKED = ".nianbao-checked.pickle"
# What the tree is made from: a change to any of these makes it stale.
INPUTS = ("data", DOCS_DIR, "macros")
PREPARE = "python -m macros prepare"
MODES = {False: "public", True: "preview"}
# The editors' pages (guide, rules reference): for editors, not readers. The public
# site keeps them reachable by their address but out of its search (and, by the
# hooks, of its menu); a preview shows them as any page.
EDITORS_DIR = "guide"

# The stamp of the tree `mkdocs serve` shows while an error stops the build: one error page, never built.
BROKEN = "broken"
MODE_NAMES = {False: "公开版", True: "预览版（含草稿）"}


def fingerprint(root: Path) -> str:
    """sha256 over the path and bytes of every input file, in a stable order."""
    digest = hashlib.sha256()
    for base in INPUTS:
        for path in sorted((root / base).rglob("*")):
            # Not through a link: the check refuses links under data/ and docs/ (check/tree.py), never read them.
            if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


# Besides the code, what shapes every page's HTML: the theme's templates and MkDocs' configuration.
THEME_INPUTS = ("overrides", "mkdocs.yml")


def code_digest(root: Path) -> bytes:
    """sha256 over the package's code, the theme's templates and mkdocs.yml: how every page is rendered."""
    paths = sorted((root / "macros").rglob("*.py"))
    for name in THEME_INPUTS:
        paths += sorted(p for p in (root / name).rglob("*") if p.is_file()) if (root / name).is_dir() else [root / name]
    return b"".join(
        path.relative_to(root).as_posix().encode() + hashlib.sha256(_read_or_empty(path)).digest()
        for path in paths
        if "__pycache__" not in path.parts
    )


def with_render_inputs(text: str, digest: str) -> str:
    """The page with a template comment naming what its macros read (no trace in the HTML).

    A page's Markdown alone does not say what it shows: its tables come from the
    data file. With this line it changes whenever they do, so an incremental build
    (`mkdocs build --dirty`, what `make serve` runs) renders exactly the pages whose
    output can have changed, and no stale table survives an edit.
    """
    return text.rstrip("\n") + f"\n\n{{# 渲染依据 sha256:{digest} #}}\n"


def _stamp(root: Path, preview: bool, when: BuildDate) -> bytes:
    # The build date too: the status page, its CSV and the sitemap of one build say the same day.
    stamp = {"mode": MODES[preview], "inputs": fingerprint(root), STAMP_KEY: when.as_stamp()}
    return (json.dumps(stamp, indent=2) + "\n").encode()


def stamp_problem(docs_dir: Path, root: Path, preview: bool) -> str | None:
    """Why the site must not be built from `docs_dir` in this mode (one Chinese sentence), or None."""
    command = f"{PREPARE} --preview" if preview else PREPARE
    try:
        stamp = json.loads((docs_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    if not isinstance(stamp, dict):
        return f"{docs_dir} 不是 {PREPARE} 准备的站点源文件；请先运行 {command}，再构建。"
    if stamp.get("mode") != MODES[preview]:
        made = MODE_NAMES[stamp.get("mode") == MODES[True]]
        return f"站点源文件是按{made}准备的，本次构建的是{MODE_NAMES[preview]}；请先运行 {command}，再构建。"
    if stamp.get("inputs") != fingerprint(root):
        return f"站点源文件准备之后，data/、docs/ 或 macros/ 又有改动；请重新运行 {command}，再构建。"
    return None


def hidden_reports(project: Project, preview: bool) -> set[ReportKey]:
    """Reports whose files stay out of the tree: drafts (whatever their errors), except in a preview."""
    if preview:
        return set()
    return project.drafts | {k for k, r in project.reports.items() if r.record.status == DRAFT}


# Errors of a draft's page that make it unfit to render at all: the preview shows only its findings.
UNRENDERABLE = {ENCODING.id, FRONT_MATTER.id, PAGE_TEMPLATE.id, PAGE_WITHOUT_DATA.id}


def draft_page(key: ReportKey, project: Project, url: str | None) -> str:
    """A draft's page the preview cannot render (no data, a page the checks reject): its findings only."""
    title = f"{key[1]} 年报告（草稿）"
    findings = project.findings_for(key)
    return (
        f"---\ntitle: {title}\n---\n\n# {title}\n\n{render_banner(Report(key[0], key[1], ''), None, draft=True)}\n\n"
        "这一页有下列问题，改正之前预览不显示它的正文和表格。\n\n"
        + render_findings(findings, url, project.acknowledged_for(key))
        + "\n"
    )


def _report_of(uri: str) -> ReportKey | None:
    """The report a file of docs/ belongs to: its page, or anything in its folder <organ>/<year>/."""
    parts = uri.split("/")
    return report_key_of_page(uri) or (report_key_of_page(f"{parts[0]}/{parts[1]}.md") if len(parts) > 2 else None)


def _page_uri(key: ReportKey) -> str:
    return page_path(*key)[len(DOCS_DIR) + 1 :]


def report_page(
    text: str,
    report: Report,
    history: History | None,
    downloads: bool,
    draft_findings: str | None = None,
    organ: tuple[str, str] | None = None,
    neighbours: str | None = None,
) -> str:
    """A report page as the site shows it: its title, status banner and facts, 更正记录, data downloads.

    A draft (in a preview) has `draft_findings`, the listing of its findings under its banner.
    `organ`: the publishing organ's (全称, 简称); its short name and the year make the page's
    title (the browser tab, bookmarks, search results), whatever the page's front matter said.
    `neighbours` is the line to the same organ's previous and next year (overview/organ.py).
    """
    text = text.replace("\r\n", "\n")
    name, short = organ or (report.organ, report.organ)
    # Quoted as JSON (a YAML double-quoted scalar): a name is one line of text, whatever it holds.
    meta = {"title": [f"title: {json.dumps(page_title(short, report.year), ensure_ascii=False)}"]}
    if report.record.status == WITHDRAWN:
        # Withdrawn: the page stays as a record but search does not offer it.
        meta["search"] = SEARCH_EXCLUDED
    front, body = split_front_matter(with_meta(text, meta))
    banner = render_banner(report, history, draft=draft_findings is not None, organ_name=name)
    if draft_findings is not None:
        banner += "\n\n" + draft_findings
    if neighbours is not None:
        banner += "\n\n" + neighbours
    # The search result's title: the registry's 简称 and the year (site/search.py).
    banner += "\n\n" + result_title(short, report.year)
    body = insert_after_title(body, banner, REPORT_TITLE_CLASS)
    if history is not None and f"## {CORRECTIONS_HEADING}" not in body:
        body = body.rstrip("\n") + "\n\n" + render_corrections(history)
    if downloads:
        body = body.rstrip("\n") + "\n\n" + report_downloads((report.organ, report.year))
    return front + body


def report_organ(project: Project, key: ReportKey) -> tuple[str, str]:
    """(全称 as published, 简称) of a report's organ; a draft's unregistered organ is named by its code."""
    organ = project.organs.get(key[0])
    if organ is None:
        return key[0], key[0]
    return (project.organ_name_of(key) if key in project.histories else organ.name), organ.short


def refused_message(project: Project) -> str:
    blocking = project.blocking_errors
    drafts = len(project.errors) - len(blocking)
    in_drafts = f"；另有 {drafts} 个错误在草稿中，不影响构建" if drafts else ""
    return f"数据检查未通过，站点不予构建（{len(blocking)} 个错误在已发布的报告或公共文件中{in_drafts}）。"


def prepared_files(project: Project, preview: bool, when: BuildDate | None = None) -> dict[str, bytes]:
    """Every file of the tree, by path relative to it (`write_prepared` into memory, for a look at a small project)."""
    tree = MemoryTree(clash=docs_clash)
    write_prepared(project, preview, tree, when)
    return tree.files


def write_prepared(project: Project, preview: bool, sink: Sink, when: BuildDate | None = None) -> None:
    """Give `sink` every file of the tree, by path relative to it, one by one; `when` is the build date (default: now).

    Refuses a project with errors outside the drafts. The drafts' errors never
    block: the public tree leaves the drafts out, a preview shows them with their findings.
    No file is held once given: a region's tree is far larger than its project.
    """
    if project.blocking_errors:
        raise Refusal(refused_message(project))
    root, hidden = project.root, hidden_reports(project, preview)
    url = repo_url() if preview else None
    docs: dict[str, Path] = {}
    for path in sorted((root / DOCS_DIR).rglob("*")):
        uri = path.relative_to(root / DOCS_DIR).as_posix()
        if path.is_file() and _report_of(uri) not in hidden:
            docs[uri] = path
    exported = set(exportable_reports(project))
    # What the macros of a page read besides its own text: the code, the registry (names), its report's data;
    # and the site's identity, which every page's header and footer show.
    shared = code_digest(root) + _read_or_empty(root / ORGANS_FILE) + _read_or_empty(root / SITE_FILE)
    # The reports whose page the tree holds: what the overviews and the year-to-year links point to.
    pages = {_page_uri(key): key for key in {*project.reports, *project.drafts} - hidden}
    shown = {key for uri, key in pages.items() if uri in docs}
    when = when or current_build_date()
    overview = collect(project, when.day, preview, shown)
    listed = {k for k in shown if k not in project.reports or project.reports[k].record.status != WITHDRAWN}
    neighbours = neighbour_lines(shown, listed, overview.with_page)
    # Every other page of docs/: the editors' pages show the code's examples only, the rest may show any
    # report. And the build's day: the 发布情况 page (and any view of who is late) changes with it.
    everything = shared + fingerprint(root).encode() + json.dumps(when.as_stamp()).encode()

    def page(uri: str, text: str) -> bytes:
        inputs = _digest(shared if uri.startswith(f"{EDITORS_DIR}/") else everything, MODES[preview].encode())
        return with_render_inputs(text, inputs).encode("utf-8")

    # The files of docs/ first: a generated file of the same name then finds its place taken.
    for uri, path in docs.items():
        key = pages.get(uri)
        unrenderable = key is not None and bool(UNRENDERABLE & {f.rule for f in project.findings_for(key)})
        if key is not None and key in project.drafts and (key not in project.reports or unrenderable):
            sink.add(uri, page(uri, draft_page(key, project, url)))
        elif key is not None and key in project.reports:
            draft = None
            if key in project.drafts:
                draft = render_findings(project.findings_for(key), url, project.acknowledged_for(key))
            report, history = project.reports[key], project.histories.get(key)
            text = report_page(
                path.read_bytes().decode("utf-8"),
                report,
                history,
                key in exported,
                draft,
                report_organ(project, key),
                neighbours.get(key),
            )
            inputs = _digest(shared, _read_or_empty(root / data_path(*key)), MODES[preview].encode())
            sink.add(uri, with_render_inputs(text, inputs).encode("utf-8"))
        elif uri.endswith(".md"):
            text = path.read_bytes().decode("utf-8")
            if not preview and uri.startswith(f"{EDITORS_DIR}/"):
                text = with_meta(text.replace("\r\n", "\n"), {"search": SEARCH_EXCLUDED})
            sink.add(uri, page(uri, text))
        else:
            sink.add(uri, path.read_bytes())
    for key, history in sorted(project.histories.items()):
        if has_first_published_page(history):
            short = report_organ(project, key)[1]
            page_text = first_published_markdown(history, short)
            # Its macros read the kept data, which the lock keeps as it was: the page and the code decide it.
            inputs = _digest(shared, _read_or_empty(root / snapshot_paths(*key)[0]), MODES[preview].encode())
            sink.add(first_published_uri(key), with_render_inputs(page_text, inputs).encode("utf-8"))
        # The kept originals themselves, byte for byte, for anyone to compare.
        for uri, kept in zip(first_published_files(key), snapshot_paths(*key), strict=True):
            sink.add(uri, (root / kept).read_bytes())
    # Each report's files kept across builds: an unchanged report is not made again (same bytes).
    write_open_data(project, sink, ReportCache(root / CACHE_DIR), under=f"{DATA_DIR}/")
    # The overview pages call no macro: their own text (and the code, the theme's identity) is all they show.
    for uri, content in overview_files(overview).items():
        text = content.decode("utf-8")
        sink.add(uri, with_render_inputs(text, _digest(shared, MODES[preview].encode())).encode("utf-8"))
    # What the 填报 page's script reads: the tables, the rules as data, the registry.
    sink.add(FORM_DATA_URI, form_script(project.organs))
    # The 发布情况 page's download (docs/status.md), as of the same date as the page.
    sink.add(STATUS_CSV, status_csv(project, when.day, preview))


def docs_clash(uri: str) -> str:
    """Why a tree cannot hold `uri` twice: prepare gives docs/ first, so the second is a generated file."""
    return f"{DOCS_DIR}/{uri} 与自动生成的文件同名；请删除或改名，这个文件由 {PREPARE} 生成。"


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# The project prepare checked last in this process, with the stamp of the tree it wrote: `mkdocs serve`
# prepares in the process that then builds (hooks.py), which takes it from here, not from the sealed record.
_IN_PROCESS: dict[str, object] = {}


def prepare(root: Path, preview: bool, record: bool = True) -> Project:
    """Check the project and, if no check fails, write the tree for this mode.

    Returns the checked project: with errors, nothing is written and no valid
    stamp is left (nor on any other failure); the caller tells which.
    `record=False`: no sealed record of the check in the tree (a build in this process takes the
    project from memory; a later build in another process checks again, as for a missing record).
    """
    out = root / PREPARED_DIR
    # Taken before reading the inputs: an edit made meanwhile makes the tree stale, never wrongly fresh.
    when = current_build_date()
    stamp = _stamp(root, preview, when)
    try:
        old = (out / STAMP).read_bytes()
    except OSError:
        old = None
    # The stamp of the error page `mkdocs serve` shows may stay: no build takes it for a site
    # (and rewriting it would make the server rebuild again and again).
    broken = old is not None and is_broken_tree(out)
    try:
        # A tree half made must never look ready. The same stamp may stay: the same
        # inputs make the same files (and `mkdocs serve` would see a change in it).
        if old != stamp and not broken:
            (out / STAMP).unlink(missing_ok=True)
        with collector.paused():
            project = check_project(root)
            if project.blocking_errors:
                if not broken:
                    (out / STAMP).unlink(missing_ok=True)
                return project
            # The stamp last: the tree looks ready only once everything else is written. A preview under
            # `make serve` keeps the index made at its start; the public tree never holds one (it would be
            # a preview's, with drafts): `make build` indexes the built site.
            _IN_PROCESS.clear()
            tree = TreeWriter(out, keep=SEARCH_DIR if preview else None, clash=docs_clash)
            write_prepared(project, preview, tree, when)
            if record:
                _write_checked_record(tree, stamp, project)
            tree.finish(last=(STAMP, stamp))
            _IN_PROCESS.update(stamp=stamp, out=out.resolve(), date=datetime.date.today(), project=project)
    except BaseException:
        (out / STAMP).unlink(missing_ok=True)
        raise
    return project


def _write_checked_record(tree: Sink, stamp: bytes, project: Project) -> None:
    """The checked project, for this tree's inputs and today, sealed with this machine's key (nothing without one).

    Pickled straight into the tree: a region's record is tens of megabytes.
    """
    key = signing_key()
    if key is None:
        return
    record = {"inputs": json.loads(stamp)["inputs"], "date": datetime.date.today().isoformat(), "project": project}
    with tree.open(CHECKED) as out:
        write_sealed(out, record, key)


def prepared_project(docs_dir: Path, root: Path) -> Project | None:
    """The project as prepare checked it for this very tree's inputs today, or None.

    The build renders what prepare checked: checking every report and page a
    second time, in MkDocs, would only give the same findings. The record is
    used only if this machine sealed it (a pull request cannot plant one), it
    was made from the inputs the tree's stamp names (define_env has checked
    that they are the project's), and today: the report year depends on the
    day (a report for a year not yet begun).
    """
    kept = _IN_PROCESS.get("project")
    if isinstance(kept, Project) and _IN_PROCESS["out"] == docs_dir.resolve() and kept.root.resolve() == root.resolve():
        try:
            fresh = (docs_dir / STAMP).read_bytes() == _IN_PROCESS["stamp"]
        except OSError:
            fresh = False
        if fresh and _IN_PROCESS["date"] == datetime.date.today():
            return kept
    record = load_sealed(docs_dir / CHECKED, signing_key())
    if not isinstance(record, dict):
        return None
    try:
        stamp = json.loads((docs_dir / STAMP).read_text(encoding="utf-8"))
        if record["inputs"] != stamp["inputs"] or record["date"] != datetime.date.today().isoformat():
            return None
        project = record["project"]
    except (OSError, ValueError, TypeError, KeyError):  # no record, or not one of ours: only costs a check
        return None
    if not isinstance(project, Project) or project.root.resolve() != root.resolve():
        return None
    project.root = root
    return project


def write_broken_tree(root: Path, findings: list[Finding], reason: str) -> None:
    """Under `mkdocs serve`, when the site cannot be prepared: a tree of one page listing why.

    Its stamp names no mode, so no build takes it for the site (define_env accepts
    it only for the rebuild under way of a serving MkDocs, hooks.py).
    """
    stamp = (json.dumps({"mode": BROKEN}, indent=2) + "\n").encode()
    tree = TreeWriter(root / PREPARED_DIR)
    tree.add("index.md", render_broken_site(findings, reason).encode("utf-8"))
    assets = root / DOCS_DIR / "assets"  # the site's own styles, for mkdocs.yml's extra_css
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            tree.add(path.relative_to(root / DOCS_DIR).as_posix(), path.read_bytes())
    tree.finish(last=(STAMP, stamp))


def is_broken_tree(docs_dir: Path) -> bool:
    try:
        return json.loads((docs_dir / STAMP).read_text(encoding="utf-8")).get("mode") == BROKEN
    except (OSError, ValueError, AttributeError):
        return False
