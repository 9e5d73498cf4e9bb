"""Checking a whole project at once: the registry, every report and page, the record.

Where each file lives is declared in ``paths.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from macros.check.acknowledge import Acknowledged, Acknowledgements, data_comment_findings, read_page_acknowledgements
from macros.check.catalogue import DATA_WITHOUT_PAGE, ORGAN_UNKNOWN, PAGE_WITHOUT_DATA, REPORT_YEAR
from macros.check.findings import Finding, capped
from macros.check.frontmatter import check_front_matter, split
from macros.check.hierarchy import check_hierarchy, hierarchy_scope
from macros.check.identity import Identity, read_identity
from macros.check.load import Organ, Report, load_report, read_organs
from macros.check.memo import Memo, digest
from macros.check.narrative import check_narrative
from macros.check.pages import check_page
from macros.check.pagetext import active_files, check_page_text
from macros.check.paths import (
    DOCS_DIR,
    ORGANS_FILE,
    REPORTS_DIR,
    ReportKey,
    data_path,
    page_path,
    report_key_of_page,
    report_key_of_path,
    scan,
)
from macros.check.reader import read_text
from macros.check.rules import check_across_years, check_report, year_problem
from macros.check.template import check_template
from macros.check.tree import check_tree
from macros.format.national import DRAFT, PUBLISHED, report_title
from macros.record.lock import History, check_ledger, read_lock, snapshot_paths

# What MkDocs renders as a page (mkdocs.utils.markdown_extensions): every one goes through mkdocs-macros.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


@dataclass
class Project:
    root: Path
    organs: dict[str, Organ] = field(default_factory=dict)
    # Who runs the site (data/site.yaml, optional): the header, the footer, the site title.
    identity: Identity = field(default_factory=Identity)
    reports: dict[ReportKey, Report] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Published (and withdrawn) reports: first publication and corrections.
    histories: dict[ReportKey, History] = field(default_factory=dict)
    # Reports being written: never published (not in the lock), status 草稿 or not yet readable.
    drafts: set[ReportKey] = field(default_factory=set)
    # Advisories an editor marked as reviewed (check/acknowledge.py): out of `findings`, listed for reviewers.
    acknowledged: list[Acknowledged] = field(default_factory=list)
    _by_file: tuple[int, dict[str, list[Finding]]] | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if not f.advisory]

    def draft_files(self) -> set[str]:
        """The data files and pages of the drafts: their findings are the editors' work in progress."""
        return {path for key in self.drafts for path in (data_path(*key), page_path(*key))}

    @property
    def blocking_errors(self) -> list[Finding]:
        """The errors that stop every build: all but those in a draft's own files.

        A draft stays out of the public site, and a preview shows it with its
        findings; `publish` refuses it while it has any error. Errors in a
        published report, the registry, the lock or any other page block all.
        """
        drafts = self.draft_files()
        return [f for f in self.errors if f.file not in drafts]

    def public_reports(self) -> dict[ReportKey, Report]:
        """Reports the public may see: what overviews, downloads and lists use.

        Only 已发布 reports: drafts are seen in previews only, and a withdrawn
        report keeps its page (saying so) but leaves every list and download.
        """
        return {k: r for k, r in self.reports.items() if r.record.status == PUBLISHED}

    def title_of(self, key: ReportKey) -> str:
        """A report's title: for a published (or withdrawn) report, with the organ's 全称 as published.

        The lock file records the name at publication, so renaming an organ in the
        registry changes no published title; drafts take the registry's name.
        """
        return report_title(self.organ_name_of(key), key[1])

    def organ_name_of(self, key: ReportKey) -> str:
        """The 全称 of the organ that published a report: as recorded at publication, else the registry's."""
        history = self.histories.get(key)
        return history.lock.name if history is not None and history.lock.name else self.organs[key[0]].name

    def findings_for(self, key: ReportKey) -> list[Finding]:
        """The findings in a report's data file and page.

        Asked once per report and page: the findings are indexed by file once,
        and again only if findings were added since.
        """
        if self._by_file is None or self._by_file[0] != len(self.findings):
            by_file: dict[str, list[Finding]] = {}
            for finding in self.findings:
                by_file.setdefault(finding.file, []).append(finding)
            self._by_file = (len(self.findings), by_file)
        by_file = self._by_file[1]
        return by_file.get(data_path(*key), []) + by_file.get(page_path(*key), [])

    def acknowledged_for(self, key: ReportKey) -> list[Acknowledged]:
        """The acknowledgements written in a report's data file and page, with what each silenced."""
        files = (data_path(*key), page_path(*key))
        return [item for item in self.acknowledged if item.by.file in files]


def check_project(root: Path, only: Iterable[ReportKey] | None = None, keep: bool = True) -> Project:
    """Load and check every organ, report and report page; collect every finding.

    With `only`, check just those reports and their neighbours in time (the
    across-years rules compare a report with the year before and after), and
    the covering reports they take part in with all their children's of that
    year (hierarchy-total): what a pre-commit hook needs for one changed report
    in a large collection.

    Each file's own checks are made once for the same inputs (check/memo.py); `keep=False`
    makes every one afresh and keeps nothing.
    """
    project = Project(root=root)
    memo = Memo(root if keep else None)
    # Each data file's text, hashed: what the checks of its page and of the year after read of it.
    data_digest: dict[ReportKey, str] = {}
    findings = project.findings
    acknowledgements = Acknowledgements()
    project.organs, found = read_organs(root)
    findings += found
    project.identity, found = read_identity(root)
    findings += found

    data_keys = scan(root, REPORTS_DIR, ".yaml")
    page_keys = set(scan(root, DOCS_DIR, ".md"))
    every_key = {*data_keys, *page_keys}  # what the tree check needs, whatever the scope
    wanted: set[ReportKey] | None = None
    covering: set[ReportKey] | None = None
    if only is not None:
        covering, siblings = hierarchy_scope(project.organs, only)
        wanted = {(organ, year + step) for organ, year in only for step in (-1, 0, 1)} | siblings
        data_keys = [key for key in data_keys if key in wanted]
        page_keys = {key for key in page_keys if key in wanted}
    for key in data_keys:
        organ_slug, year = key
        path = data_path(*key)
        text, found = read_text(root, path)
        if text is None:
            report = Report(organ_slug, year, path)
        else:
            data_digest[key] = made = digest("report", path, str(year), organ_slug, text)
            report, found = memo.get(made, partial(load_report, path, text, organ_slug, year))
        findings += found
        project.reports[key] = report
        if problem := year_problem(year, datetime.date.today().year):
            findings.append(REPORT_YEAR.finding(path, 1, problem))
        organ = project.organs.get(organ_slug)
        if organ is None and project.organs:
            findings.append(ORGAN_UNKNOWN.finding(path, 1, f"机关代号「{organ_slug}」不在机关名录 {ORGANS_FILE} 中。"))
        # Advisories the editor reviewed (the data file's reviewed:) are dropped, for the whole report.
        reviewed, files = report.record.reviewed, (path, page_path(*key))
        rules = partial(check_report, report, organ)
        judged = rules() if key not in data_digest else memo.get(digest("rules", data_digest[key], repr(organ)), rules)
        findings += acknowledgements.drop(judged, reviewed, files)
        findings += data_comment_findings(path, text or "")  # what cannot be read has no comments
        if key not in page_keys:
            findings.append(DATA_WITHOUT_PAGE.finding(path, 1, f"有数据文件但没有报告页面 {page_path(*key)}。"))
        previous = project.reports.get((organ_slug, year - 1))
        if previous is not None:
            findings += acknowledgements.drop(check_across_years(previous, report), reviewed, files)
    page_of: dict[ReportKey, tuple[str, str | None]] = {}
    for key in sorted(page_keys):
        path = page_path(*key)
        if key not in project.reports:
            findings.append(PAGE_WITHOUT_DATA.finding(path, 1, f"报告页面没有对应的数据文件 {data_path(*key)}。"))
        text, found = read_text(root, path)
        findings += found
        if text is None:
            continue
        page_of[key] = (path, text)
        # The narrative (check/narrative.py) against this report, the year before and its page;
        # then the advisories an editor acknowledged (check/acknowledge.py) are dropped.
        organ_slug, year = key
        last_year = (organ_slug, year - 1)
        last_text = page_of.get(last_year, ("", None))[1]
        # What they read: this page, its report's data, the organ's entry, last year's data and page.
        organ_entry = repr(project.organs.get(organ_slug))
        inputs = (path, text, data_digest.get(key), organ_entry, data_digest.get(last_year), last_text)
        on_page = memo.get(digest("page", *inputs), partial(_page_checks, project, path, text, key, last_text))
        page_acks, found = read_page_acknowledgements(path, text)
        findings += found
        reviewed = project.reports[key].record.reviewed if key in project.reports else ()
        findings += acknowledgements.drop(on_page, reviewed, (data_path(*key), path), page_acks)
    locked = set(read_lock(root)[0])
    project.drafts = {
        key
        for key in {*project.reports, *page_keys}
        if key not in locked and (key not in project.reports or project.reports[key].record.status in (DRAFT, None))
    }
    # A child's draft or missing report leaves its parent's sums unchecked (an advisory), never wrong.
    found = list(check_hierarchy(project.organs, project.reports, covering))
    # Each advisory is silenced by the reviewed: of the report it is about (its data file).
    for finding in found:
        about = report_key_of_path(finding.file)
        reviewed = project.reports[about].record.reviewed if about in project.reports else ()
        findings += acknowledgements.drop([finding], reviewed, (finding.file,))
    project.histories, found = check_ledger(root, project.reports, project.organs, page_of, wanted, memo, data_digest)
    findings += found
    found, docs_files = check_tree(root, every_key)
    findings += found
    pages = {p: text for p, text in page_of.values() if text is not None}
    findings += check_sources(root, pages, docs_files, memo)
    for key, history in project.histories.items():
        # The page as first published is rendered too (its own page beside the report's).
        findings += check_source(snapshot_paths(*key)[1], history.first_page, report_page=True, memo=memo)
    memo.save(prune=only is None)  # a check of a few reports keeps the others' results
    project.findings = capped(findings)
    project.acknowledged = acknowledgements.listing()
    return project


def _page_checks(project: Project, path: str, text: str, key: ReportKey, last_text: str | None) -> list[Finding]:
    """A report page's own checks: against its report, its organ and the year before's report and page."""
    organ_slug, year = key
    report, organ, last_year = project.reports.get(key), project.organs.get(organ_slug), (organ_slug, year - 1)
    return [
        *check_page(path, text, report),
        *check_narrative(path, text, report, organ, project.reports.get(last_year), last_text),
    ]


def check_source(path: str, text: str, report_page: bool, memo: Memo | None = None) -> list[Finding]:
    """A page's front matter and template, as MkDocs and mkdocs-macros will read them."""

    def checks() -> list[Finding]:
        parts = split(text)
        return [*check_front_matter(path, text), *check_template(path, parts.body, report_page, parts.body_line)]

    if memo is None:
        return checks()
    # Kept by the text alone: a report as first published is checked again under its kept copy's
    # name, and a page without findings has none under any name.
    key = digest("source", text, str(report_page))
    kept = memo.lookup(key)
    if kept is not None and (kept[0] == path or not kept[1]):
        return kept[1]
    found = checks()
    memo.store(key, (path, found))
    return found


def check_sources(
    root: Path, report_pages: dict[str, str], docs_files: list[str], memo: Memo | None = None
) -> list[Finding]:
    """Every page under docs/: the report pages already read (`report_pages`, path → text), and all the others.

    `docs_files` are the ordinary files under docs/ (check_tree: links, devices and
    pipes are refused there, never read). A report page not given (not asked for,
    or unreadable) is left to the report checks.
    """
    findings: list[Finding] = []
    for path in docs_files:
        if not path.endswith(MARKDOWN_SUFFIXES):
            continue
        report_page = report_key_of_page(path.removeprefix(f"{DOCS_DIR}/")) is not None
        if report_page:
            text = report_pages.get(path)
            if text is None:
                continue
        else:
            text, found = read_text(root, path)
            findings += found
            if text is None:
                continue
        findings += check_source(path, text, report_page, memo)
        # Not in check_source: a first publication's kept page cannot change, the site's sanitizer serves it.
        findings += check_page_text(path, text)
    return findings + active_files(root)
