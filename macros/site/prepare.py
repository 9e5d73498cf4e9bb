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

import hashlib
import json
from pathlib import Path

from macros.check.findings import Refusal, summarize
from macros.check.load import Report
from macros.check.paths import DOCS_DIR, ReportKey, page_path, report_key_of_page
from macros.check.project import Project, check_project
from macros.format.national import DRAFT, WITHDRAWN
from macros.opendata.catalogue import DATA_DIR
from macros.opendata.export import build_exports
from macros.opendata.longform import exportable_reports
from macros.opendata.page import report_downloads
from macros.record.history import (
    CORRECTIONS_HEADING,
    SEARCH_EXCLUDED,
    History,
    first_published_files,
    first_published_markdown,
    first_published_uri,
    insert_after_title,
    render_banner,
    render_corrections,
    split_front_matter,
    with_meta,
)
from macros.record.lock import snapshot_paths
from macros.site.form import DATA_URI as FORM_DATA_URI
from macros.site.form import form_script

PREPARED_DIR = "build/docs"  # mkdocs.yml's docs_dir; ignored by git
STAMP = ".nianbao-prepared.json"  # in the tree; a dot file, which MkDocs does not publish
# What the tree is made from: a change to any of these makes it stale.
INPUTS = ("data", DOCS_DIR, "macros")
PREPARE = "python -m macros prepare"
MODES = {False: "public", True: "preview"}
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


def _stamp(root: Path, preview: bool) -> bytes:
    return (json.dumps({"mode": MODES[preview], "inputs": fingerprint(root)}, indent=2) + "\n").encode()


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
    """Reports whose files stay out of the tree: drafts, except in a preview."""
    return set() if preview else {k for k, r in project.reports.items() if r.record.status == DRAFT}


def _report_of(uri: str) -> ReportKey | None:
    """The report a file of docs/ belongs to: its page, or anything in its folder <organ>/<year>/."""
    parts = uri.split("/")
    return report_key_of_page(uri) or (report_key_of_page(f"{parts[0]}/{parts[1]}.md") if len(parts) > 2 else None)


def _page_uri(key: ReportKey) -> str:
    return page_path(*key)[len(DOCS_DIR) + 1 :]


def report_page(text: str, report: Report, history: History | None, downloads: bool) -> str:
    """A report page as the site shows it: status banner or dates, 更正记录, data downloads."""
    text = text.replace("\r\n", "\n")
    if report.record.status == WITHDRAWN:
        # Withdrawn: the page stays as a record but search does not offer it.
        text = with_meta(text, {"search": SEARCH_EXCLUDED})
    front, body = split_front_matter(text)
    body = insert_after_title(body, render_banner(report, history))
    if history is not None and f"## {CORRECTIONS_HEADING}" not in body:
        body = body.rstrip("\n") + "\n\n" + render_corrections(history)
    if downloads:
        body = body.rstrip("\n") + "\n\n" + report_downloads((report.organ, report.year))
    return front + body


def refused_message(project: Project) -> str:
    return f"数据检查未通过，站点不予构建（{summarize(project.findings)}）。"


def prepared_files(project: Project, preview: bool) -> dict[str, bytes]:
    """Every file of the tree, by path relative to it. Refuses a project with errors."""
    if project.errors:
        raise Refusal(refused_message(project))
    root, hidden = project.root, hidden_reports(project, preview)
    files: dict[str, bytes] = {}
    for path in sorted((root / DOCS_DIR).rglob("*")):
        uri = path.relative_to(root / DOCS_DIR).as_posix()
        if path.is_file() and _report_of(uri) not in hidden:
            files[uri] = path.read_bytes()
    exported = set(exportable_reports(project))
    for key, report in project.reports.items():
        uri = _page_uri(key)
        if key not in hidden and uri in files:
            page = report_page(files[uri].decode("utf-8"), report, project.histories.get(key), key in exported)
            files[uri] = page.encode("utf-8")
    generated: dict[str, bytes] = {}
    for key, history in sorted(project.histories.items()):
        generated[first_published_uri(key)] = first_published_markdown(history).encode("utf-8")
        # The kept originals themselves, byte for byte, for anyone to compare.
        for uri, kept in zip(first_published_files(key), snapshot_paths(*key), strict=True):
            generated[uri] = (root / kept).read_bytes()
    for relpath, content in build_exports(project).items():
        generated[f"{DATA_DIR}/{relpath}"] = content
    # What the 填报 page's script reads: the tables, the rules as data, the registry.
    generated[FORM_DATA_URI] = form_script(project.organs)
    if clashes := sorted(set(generated) & set(files)):
        name = f"{DOCS_DIR}/{clashes[0]}"
        raise Refusal(f"{name} 与自动生成的文件同名；请删除或改名，这个文件由 {PREPARE} 生成。")
    return {**files, **generated}


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Make `out` hold exactly `files`; unchanged files are not touched (`mkdocs serve` watches them)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(out.rglob("*"), reverse=True):
        uri = path.relative_to(out).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif uri not in files:
            path.unlink()
    for uri, content in files.items():
        target = out / uri
        if not (target.is_file() and target.read_bytes() == content):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)


def prepare(root: Path, preview: bool) -> Project:
    """Check the project and, if no check fails, write the tree for this mode.

    Returns the checked project: with errors, nothing is written and no valid
    stamp is left (nor on any other failure); the caller tells which.
    """
    out = root / PREPARED_DIR
    # Taken before reading the inputs: an edit made meanwhile makes the tree stale, never wrongly fresh.
    stamp = _stamp(root, preview)
    try:
        old = (out / STAMP).read_bytes()
    except OSError:
        old = None
    try:
        # A tree half made must never look ready. The same stamp may stay: the same
        # inputs make the same files (and `mkdocs serve` would see a change in it).
        if old != stamp:
            (out / STAMP).unlink(missing_ok=True)
        project = check_project(root)
        if project.errors:
            (out / STAMP).unlink(missing_ok=True)
            return project
        write_tree(out, {**prepared_files(project, preview), STAMP: stamp})
    except BaseException:
        (out / STAMP).unlink(missing_ok=True)
        raise
    return project
