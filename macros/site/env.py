"""nianbao: the mkdocs-macros entry point.

Kept thin on purpose: it checks the whole project once per build and binds a
few functions for the pages. All the work lives in modules that run without
MkDocs (format, load, rules, pages, render, project). It builds only from the
tree ``python -m macros prepare`` made for these inputs and this mode, and its
macros never show a draft outside a preview: neither depends on an MkDocs hook.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from jinja2.filters import do_indent

try:
    from mkdocs.exceptions import PluginError
except ImportError:  # `python -m macros check` (and the pre-commit hook) need only PyYAML and Jinja2

    class PluginError(Exception):  # type: ignore[no-redef]
        """Stands in for MkDocs' error where MkDocs is not installed; never raised there."""


from macros.check.frontmatter import meta_problem
from macros.check.paths import ReportKey, data_path, report_key_of_page
from macros.check.project import Project, check_project
from macros.check.rules import REPORT_RULES
from macros.check.template import PAGE_MACROS
from macros.format.figures import figure_of, figure_value
from macros.format.national import DRAFT, report_title
from macros.format.numbers import format_number
from macros.opendata.page import define_data_macros
from macros.overview.matrix import render_matrix
from macros.overview.model import collect
from macros.record.history import first_published_key, is_preview
from macros.site import collector, reference
from macros.site.blocks import forget, keep
from macros.site.builddate import pin_build_date, stamped_build_date
from macros.site.draftview import cell_flags
from macros.site.form import form_markdown
from macros.site.markup import plain
from macros.site.prepare import STAMP, hidden_reports, is_broken_tree, prepared_project, refused_message, stamp_problem
from macros.site.sandbox import PageEnvironment, option_problems, page_environment
from macros.site.supervision import render_supervision
from macros.site.tables import render_table

# Roots whose rebuild under `mkdocs serve` shows the error page (hooks.py wrote it) instead of the site.
_serving_broken: set[Path] = set()


def serve_broken(root: Path, broken: bool) -> None:
    """Set by the serve hook before each rebuild: whether this one shows only the error page."""
    (_serving_broken.add if broken else _serving_broken.discard)(root.resolve())


def _report_key(env) -> ReportKey:
    src = env.page.file.src_uri
    key = report_key_of_page(src) or first_published_key(src)
    if key is None:
        raise PluginError(f"{env.page.file.src_path}: 只有报告页面（docs/<机关>/<年份>.md）可以插入报告表格。")
    return key


def _checked(project: Project, key: ReportKey, env=None):
    """The report a page shows: its current data, or on the first-published page the data as first published.

    Never a draft outside a preview, whatever put its page in front of MkDocs.
    """
    report = project.reports.get(key)
    if report is None:
        raise PluginError(f"找不到报告数据 {data_path(*key)}。")
    if (report.record.status == DRAFT or key in project.drafts) and not is_preview():
        raise PluginError(f"{data_path(*key)} 是草稿，草稿只出现在预览中，不能构建到公开网站。")
    if env is not None and first_published_key(env.page.file.src_uri) == key and key in project.histories:
        return project.histories[key].first
    return report


def _require_prepared(env) -> None:
    # Without this, a build from a stale or missing tree (or from docs/ itself)
    # could publish drafts and lack the generated pages and data files.
    problem = stamp_problem(Path(env.conf["docs_dir"]), Path(env.project_dir), is_preview())
    if problem:
        raise PluginError(problem)


def _unavailable(*args, **kwargs) -> str:
    raise PluginError("数据检查未通过，站点暂不构建。")


def _apply_identity(env, project: Project) -> None:
    """The checked identity (data/site.yaml) to the theme: the site title, the header's logo, the footer.

    Here, in the macros plugin's configuration step, not a hook: the templates
    (overrides/) read ``config.site_name`` and ``config.extra.identity``. Only
    checked values arrive (a refused one is a blocking finding), and the
    templates escape them all the same.
    """
    env.conf["site_name"] = project.identity.site_name
    extra = env.conf.get("extra")
    if extra is not None:
        extra["identity"] = project.identity.theme_extra()


@cache
def _passed_note() -> str:
    """The collapsible 「已通过」 note (as pymdownx.details writes `??? success`), listing the rules passed.

    Only the rules passed: advisories are editing hints for editors and reviewers
    (check output, the preview's draft findings), never part of what the public reads.
    """
    passed = [rule.title for rule, _ in REPORT_RULES if not rule.advisory]
    passed.append("每个单元格均已填写，且为非负的十进制数字；件数为整数。")
    items = "".join(f"<li>{escape(text)}</li>\n" for text in passed)
    summary = f"本报告数据已通过构建时检查（{len(passed) - 1} 条表内规则及数据完整性检查）"
    return f'<details class="success nb-checks">\n<summary>{summary}</summary>\n<ul>\n{items}</ul>\n</details>'


def define_env(env) -> None:
    if problems := option_problems(env.config):
        raise PluginError("\n".join(problems))
    root = Path(env.project_dir)
    if root.resolve() in _serving_broken and is_broken_tree(Path(env.conf["docs_dir"])):
        # `mkdocs serve` while an error stops the site: the one page says why, and uses no macro.
        for name in PAGE_MACROS:
            env.macro(_unavailable, name)
        return
    _require_prepared(env)
    forget()
    # Here, not in a hook: the sitemap's date is prepare's, even where hooks are not run.
    when = stamped_build_date(Path(env.conf["docs_dir"]), STAMP)
    pin_build_date(when)
    # What prepare checked for this tree, else checked here (nothing broken is ever rendered,
    # but a draft in a preview, marked).
    with collector.paused():  # site/collector.py
        project = prepared_project(Path(env.conf["docs_dir"]), root) or check_project(root)
    if project.blocking_errors:
        listing = "\n".join(str(f) for f in project.blocking_errors)
        raise PluginError(f"{refused_message(project)}\n{listing}")

    _apply_identity(env, project)
    define_data_macros(env, project)

    @env.macro
    def table(number: str) -> str:
        """Insert table 二, 三 or 四 of this page's report; a draft's (in a preview) with its errors marked."""
        key = _report_key(env)
        report = _checked(project, key, env)
        flags = cell_flags(report, project.findings_for(key)) if key in project.drafts else None
        if flags:
            return keep(render_table(number, report, flags))
        return keep(render_table(number, report, clean=True), clean=True)

    # Table figures in sentences (macros/format/figures.py): figure("<表>.<行>.<列>") or one named macro per
    # figure, so that a number in the prose is the number in the table.
    @env.macro
    def figure(name: str) -> str:
        """One figure of this page's report, e.g. figure("requests.new.total") or figure("new_requests")."""
        try:
            found = figure_of(name)
        except KeyError:
            raise PluginError(f"{env.page.file.src_path}: 没有名为「{name}」的表格数字。") from None
        value = figure_value(_checked(project, _report_key(env), env).values, found)
        return "（未填写）" if value is None else format_number(value)

    @env.macro
    def new_requests() -> str:
        return figure("new_requests")

    @env.macro
    def carried_in() -> str:
        return figure("carried_in")

    @env.macro
    def results_total() -> str:
        return figure("results_total")

    @env.macro
    def carried_over() -> str:
        return figure("carried_over")

    @env.macro
    def review_total() -> str:
        return figure("review_total")

    @env.macro
    def litigation_total() -> str:
        return figure("litigation_total")

    @env.macro
    def penalty_total() -> str:
        return figure("penalty_total")

    @env.macro
    def licensing_total() -> str:
        return figure("licensing_total")

    @env.macro
    def coercion_total() -> str:
        return figure("coercion_total")

    @env.macro
    def full_title() -> str:
        """The report's conventional title: <机关全称><年份>年政府信息公开工作年度报告."""
        key = _report_key(env)
        _checked(project, key)
        if key[0] not in project.organs and key not in project.histories:  # a draft's organ, not yet registered
            return plain(report_title(key[0], key[1]))
        return plain(project.title_of(key))

    @env.macro
    def check_summary() -> str:
        """A collapsible note telling the reader which checks this report passed."""
        key = _report_key(env)
        _checked(project, key)
        errors = [f for f in project.findings_for(key) if not f.advisory]
        if errors:  # a draft in a preview: never the note of a report that passed
            return (
                f'!!! failure nb-checks "本报告数据尚未通过检查（{len(errors)} 个错误）"\n\n'
                "    错误列在页首，表格中有错误的单元格已标出；全部改正之前不能发布。"
            )
        # The same note on every report that passed: made once, and kept out of Markdown (blocks.py),
        # whose collapsible-note parsing cost more than the rest of a page's narrative.
        return keep(_passed_note())

    @env.macro
    def report_list() -> str:
        """Markdown list of every published report, newest year first."""
        lines = []
        for organ, year in sorted(project.public_reports(), key=lambda k: (-k[1], k[0])):
            name = plain(project.title_of((organ, year)))
            lines.append(f"- [{name}]({organ}/{year}.md)")
        return "\n".join(lines)

    @env.macro
    def report_matrix() -> str:
        """The home page's organs × years matrix (overview/matrix.py): every report's standing, each a link."""
        preview = is_preview()
        pages = {k for k in {*project.reports, *project.drafts} - hidden_reports(project, preview)}
        overview = collect(project, when.day, preview, pages)
        # Kept out of Markdown's HTML parser (blocks.py): on a region's site the matrix is large.
        return keep(render_matrix(overview, env.page.file.src_uri))

    @env.macro
    def rules_reference() -> str:
        """Every rule with what it protects and a real example of its message (规则说明)."""
        return reference.rules_reference(project.root)

    @env.macro
    def rule_example(rule_id: str) -> str:
        """One rule's real message, made by breaking a copy of the example report (编辑指南)."""
        return reference.rule_example(project.root, rule_id)

    @env.macro
    def blank_report(part: str, indent: int = 0) -> str:
        """What `python -m macros new` writes: part "data" (the YAML) or "page" (the Markdown).

        `indent` spaces before every line but the first: for a template inside an admonition.
        """
        return do_indent(reference.blank_report(project.root, part), indent)

    @env.macro
    def publication_status() -> str:
        """The supervisory view: per year, every organ that must report, on time, late, not at all."""
        return render_supervision(project, when, env.page.file.src_uri, is_preview())

    @env.macro
    def data_form() -> str:
        """Where the 填报 page's script builds the form (docs/guide/form.md), and the web editor's link if set."""
        return form_markdown(env.conf.get("extra") or {})

    if missing := sorted(set(PAGE_MACROS) - set(env.macros)):
        raise PluginError(f"check/template.py 声明的宏没有实现：{'、'.join(missing)}。")


def on_pre_page_macros(env) -> None:
    """Before each page: render it in the sandbox (macros/site/sandbox.py), and never leave it unrendered."""
    if not isinstance(env.env, PageEnvironment):
        env._env = page_environment(env.macros)  # mkdocs-macros has no setter; it builds its own in on_config
    src = env.page.file.src_uri
    env.env.for_page(bool(report_key_of_page(src) or first_published_key(src)))
    if problem := meta_problem(env.page.meta or {}):  # render_macros among them: it would leave the page unrendered
        raise PluginError(f"{env.page.file.src_path}: {problem}")
