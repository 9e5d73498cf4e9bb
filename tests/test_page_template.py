"""Pages are not programs: only the site's macros with literal arguments, front matter held to a small schema."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import build_site
from jinja2 import TemplateAssertionError, TemplateNotFound, UndefinedError
from jinja2.sandbox import SecurityError

from macros.check.template import PAGE_MACROS, macros_for
from macros.cli import main
from macros.site import sandbox
from macros.site.sandbox import PageEnvironment, option_problems, page_environment

INDEX = "docs/index.md"
REPORT = "docs/xiping/2024.md"


def check(root: Path, capsys) -> tuple[int, list[str]]:
    status = main(["--root", str(root), "check"])
    return status, capsys.readouterr().out.splitlines()


def append(root: Path, path: str, text: str) -> int:
    """Append `text` to a page; the line it starts at."""
    file = root / path
    old = file.read_text(encoding="utf-8")
    file.write_text(old + "\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 2


def findings(lines: list[str], path: str, rule: str) -> list[str]:
    return [line for line in lines if line.startswith(f"{path}:") and f"[{rule}]" in line]


PAYLOADS = {
    "python": ('{{ lipsum.__globals__.os.popen("id").read() }}', "不允许读取属性"),
    "config": ("{{ config }}", "不允许直接输出「config」"),
    "macros_info": ("{{ macros_info() }}", "「macros_info」不是本站的宏"),
    "subclasses": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "不允许读取属性"),
    "expression": ("{{ 1 + 1 }}", "不允许写表达式"),
    "number": ("{{ 1 }}", "不允许写表达式"),
    "call of a result": ("{{ report_list()() }}", "不允许再调用宏的结果"),
    "long chain": ("{{ f" + "()" * 5000 + " }}", "「f」不是本站的宏"),
    "include": ("{% include 'xiping/2024.md' %}", "{% include %}"),
    "range": ("{% for i in range(10**8) %}x{% endfor %}", "{% for %}"),
    "filter": ("{{ report_list() | safe }}", "过滤器「| safe」"),
    "set": ("{% set x = 1 %}", "{% set %}"),
    "macro": ("{% macro m() %}x{% endmacro %}", "{% macro %}"),
    "import": ("{% import 'x.md' as x %}", "{% import %}"),
    "extends": ("{% extends 'x.md' %}", "{% extends %}"),
    "if": ("{% if true %}x{% endif %}", "{% if %}"),
    "test": ("{{ report_list is defined }}", "测试「is defined」"),
    "variable argument": ("{{ rule_example(config) }}", "只能是直接写出的文字或数字"),
    "keyword argument": ('{{ rule_example(rule_id="blank") }}', "不能写成「名称=值」"),
    "report macro elsewhere": ('{{ table("三") }}', "只有报告页面"),
    "syntax": ("{{ report_list( }}", "模板语法错误"),
}


@pytest.mark.parametrize("payload, says", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_page_may_only_call_the_sites_macros(project_copy: Path, capsys, payload: str, says: str):
    """Assert that anything but a declared macro call with literal arguments is a located error on any page."""
    line = append(project_copy, INDEX, payload)
    status, out = check(project_copy, capsys)
    assert status == 1
    found = findings(out, INDEX, "page-template")
    assert len(found) == 1 and found[0].startswith(f"{INDEX}:{line}: [page-template] "), out
    assert says in found[0]
    assert "本页可用：report_list" in found[0] or "只能是" in found[0] or "名称=值" in found[0]


def test_a_report_page_is_checked_with_its_own_macros(project_copy: Path, capsys):
    """Assert that a report page may call table but not the other pages' macros, nor bad table numbers."""
    first = append(project_copy, REPORT, '{{ publication_status() }}\n{{ table("五") }}\n{{ config.extra }}')
    status, out = check(project_copy, capsys)
    found = findings(out, REPORT, "page-template")
    assert status == 1
    assert [f.split(" [")[0] for f in found] == [f"{REPORT}:{first + i}:" for i in range(3)]
    assert "报告页面以外的页面才可以使用" in found[0] and "二、三、四 之一" in found[1]


def test_every_markdown_page_is_checked(project_copy: Path, capsys):
    """Assert that pages MkDocs renders under any Markdown suffix or folder are checked too."""
    (project_copy / "docs/about").mkdir()
    (project_copy / "docs/about/x.markdown").write_text("# 关于\n\n{{ config }}\n", encoding="utf-8")
    status, out = check(project_copy, capsys)
    assert status == 1 and findings(out, "docs/about/x.markdown", "page-template")[0].startswith(
        "docs/about/x.markdown:3:"
    )


def test_the_bundled_pages_pass(capsys):
    """Assert that every bundled page is only text and allowed macro calls."""
    status, out = check(Path(__file__).parent.parent, capsys)
    assert status == 0 and not [line for line in out if "[page-template]" in line or "[front-matter]" in line]


def _front(root: Path, path: str, lines: str) -> None:
    file = root / path
    file.write_text(file.read_text(encoding="utf-8").replace("---\n", "---\n" + lines + "\n", 1), encoding="utf-8")


_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol]"] + [f"{x}: &{x} [*{p}, *{p}, *{p}]" for p, x in zip("abcdefgh", "bcdefghi", strict=True)]
)
FRONT_MATTER = {
    "render_macros": ("render_macros: false", 2, "不允许写 render_macros"),
    "aliases": (_LAUGHS, 2, "锚点和引用"),
    "nesting": ("search: {exclude: {a: {b: {c: [1]}}}}", 2, "嵌套超过"),
    "script title": ("title: <script>alert(1)</script>", 2, "「<」"),
    "meta breakout": ('description: 年报" onload="alert(1)', 2, '「"」'),
    "template in title": ('title: "{{ config }}"', 2, "「{」"),
    "unknown key": ("template: main.html", 2, "不允许写「template」"),
    "python tag": ('extra: !!python/object/apply:os.system ["id"]', 2, "类型标记"),
    "syntax": ("title: 发布情况: 2025", 2, "不是合法的 YAML"),
    "too big": ("hide: [" + ", ".join(["toc"] * 1500) + "]", 2, "超过 4 KB"),
    "hide": ("hide: [header]", 2, "hide"),
}


@pytest.mark.parametrize("lines, line, says", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_front_matter_is_plain_and_known(project_copy: Path, capsys, lines: str, line: int, says: str):
    """Assert that front matter beyond the small schema is a located error, before MkDocs would read it."""
    path = "docs/status.md"
    text = (project_copy / path).read_text(encoding="utf-8")
    # The new lines come first; a replaced key must not be written twice.
    key = lines.split(":")[0]
    (project_copy / path).write_text(re.sub(rf"(?m)^{key}:.*\n", "", text, count=1), encoding="utf-8")
    _front(project_copy, path, lines)
    status, out = check(project_copy, capsys)
    found = findings(out, path, "front-matter")
    assert status == 1 and len(found) == 1, out
    assert found[0].startswith(f"{path}:{line}: [front-matter] ") and says in found[0], found


def test_render_macros_is_refused_on_a_report_page(project_copy: Path, capsys):
    """Assert that a report cannot switch its own macros off (its page would show {{ table("三") }} raw)."""
    _front(project_copy, REPORT, "render_macros: false")
    status, out = check(project_copy, capsys)
    assert status == 1 and findings(out, REPORT, "front-matter")[0].startswith(f"{REPORT}:2: [front-matter] ")


def test_multimarkdown_front_matter_is_refused(project_copy: Path, capsys):
    """Assert that a first line MkDocs would read as front matter (no --- lines) is refused."""
    path = project_copy / "docs/about.md"
    path.write_text("title: <b>关于</b>\n\n# 关于\n", encoding="utf-8")
    status, out = check(project_copy, capsys)
    assert status == 1 and findings(out, "docs/about.md", "front-matter")[0].startswith("docs/about.md:1: ")


def test_template_lines_count_from_the_top_of_the_file(project_copy: Path, capsys):
    """Assert that a finding in the body points at the file's line, past the front matter MkDocs strips."""
    path = project_copy / "docs/about.md"
    path.write_text("---\ntitle: 关于\n---\n\n\n# 关于\n\n{{ config }}\n", encoding="utf-8")
    _, out = check(project_copy, capsys)
    assert findings(out, "docs/about.md", "page-template")[0].startswith("docs/about.md:8: ")


# --- The render-time sandbox ----------------------------------------------------------------------


def _macros() -> dict:
    registered = {name: (lambda *args, name=name: f"<{name}{args}>") for name in PAGE_MACROS}
    return {**registered, "macros_info": lambda: "INTERNALS"}


@pytest.fixture
def sandboxed() -> PageEnvironment:
    return page_environment(_macros())


def test_the_sandbox_renders_the_declared_macros(sandboxed: PageEnvironment):
    """Assert that allowed calls render, and the page's variables do not reach the template."""
    sandboxed.for_page(True)
    assert sandboxed.from_string('{{ table("三") }}').render(table="front matter") == "<table('三',)>"
    sandboxed.for_page(False)
    assert sandboxed.from_string('x{{ blank_report("data", 4) }}').render() == "x<blank_report('data', 4)>"


UNSAFE = [
    "{{ lipsum.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{% include 'xiping/2024.md' %}",
    "{{ config }}",
    "{{ macros_info() }}",
    "{{ range(10**8) | list }}",
    '{{ table("三") }}',
]


@pytest.mark.parametrize("source", UNSAFE)
def test_the_sandbox_compiles_nothing_else(sandboxed: PageEnvironment, source: str):
    """Assert that the sandbox re-checks every template before compiling it."""
    with pytest.raises(SecurityError):
        sandboxed.from_string(source)


@pytest.mark.parametrize("source", UNSAFE)
def test_the_sandbox_holds_without_the_check(sandboxed: PageEnvironment, monkeypatch: pytest.MonkeyPatch, source: str):
    """Assert that with the compile-time check gone, the sandbox still prints nothing of Python or the build."""
    monkeypatch.setattr(sandbox, "template_problems", lambda tree, report_page: iter(()))
    with pytest.raises((SecurityError, UndefinedError, TemplateNotFound, TemplateAssertionError)):
        out = sandboxed.from_string(source).render(config={"secret": 1}, lipsum=print)
        pytest.fail(f"rendered {out!r}")


def test_no_jinja_globals_filters_or_tests(sandboxed: PageEnvironment):
    """Assert that the sandbox offers only the declared macros: no lipsum, range, dict, filters or tests."""
    for report_page in (True, False):
        sandboxed.for_page(report_page)
        assert set(sandboxed.globals) == set(macros_for(report_page))
    assert not sandboxed.filters and not sandboxed.tests


def test_macros_options_that_would_leave_pages_unrendered_are_refused():
    """Assert that render_by_default: false or on_error_fail: false in mkdocs.yml stops the build."""
    assert option_problems({"render_by_default": True, "on_error_fail": True}) == []
    assert len(option_problems({"render_by_default": False, "on_error_fail": True})) == 1
    assert len(option_problems({"render_by_default": True})) == 1


def _plugin(src: str, meta: dict) -> SimpleNamespace:
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src, src_path=src), meta=meta)
    return SimpleNamespace(_env=object(), macros=_macros(), page=page, env=None)


def test_each_page_renders_in_the_sandbox_and_cannot_switch_it_off():
    """Assert that the per-page hook installs the sandbox with the page's macros and refuses render_macros."""
    from macros.site.env import PluginError, on_pre_page_macros

    class Plugin(SimpleNamespace):
        env = property(lambda self: self._env)

    plugin = Plugin(**vars(_plugin("xiping/2024.md", {})))
    on_pre_page_macros(plugin)
    assert isinstance(plugin.env, PageEnvironment) and "table" in plugin.env.globals
    plugin.page.file.src_uri = "index.md"
    on_pre_page_macros(plugin)
    assert "table" not in plugin.env.globals and "report_list" in plugin.env.globals
    for meta in ({"render_macros": False}, {"title": "<script>"}, {"template": "main.html"}):
        plugin.page.meta = meta
        with pytest.raises(PluginError, match=r"页面信息中不允许写「render_macros」|纯文字|「template」"):
            on_pre_page_macros(plugin)
    plugin.page.meta = {"title": "2024 年报告", "search": {"exclude": True}}
    on_pre_page_macros(plugin)


def test_the_build_refuses_to_leave_pages_unrendered(project_copy: Path, tmp_path: Path):
    """Assert that mkdocs.yml cannot switch rendering off for every page (render_by_default: false)."""
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "render_by_default: true" in text
    config.write_text(text.replace("render_by_default: true", "render_by_default: false"), encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "render_by_default 必须为 true" in result.stderr


def test_define_env_registers_exactly_the_declared_macros(project_copy: Path):
    """Assert that the macros the site defines are the ones the check allows (one declaration, no drift)."""
    from macros.site.env import define_env
    from macros.site.prepare import PREPARED_DIR, prepare

    prepare(project_copy, preview=False)

    class Env:
        project_dir = str(project_copy)
        conf = {"docs_dir": str(project_copy / PREPARED_DIR)}
        config = {"render_by_default": True, "on_error_fail": True}
        macros: dict = {}

        def macro(self, function):
            self.macros[function.__name__] = function
            return function

    env = Env()
    define_env(env)
    assert set(env.macros) == set(PAGE_MACROS)


def test_quoted_text_prints_itself(project_copy: Path, capsys, sandboxed: PageEnvironment):
    """Assert that the importer's escape for a literal "{{" in a report ({{ '{{' }}) passes and renders as text."""
    append(project_copy, INDEX, "原文写有 {{ '{{' }} 和 {{ '{%' }}。")
    status, out = check(project_copy, capsys)
    assert status == 0, out
    assert sandboxed.from_string("{{ '{{' }}x{{ '}}' }}").render() == "{{x}}"


def test_brackets_nested_deep_are_a_finding_not_a_crash(project_copy: Path, capsys):
    """Assert that a template too deep for Jinja's parser is refused with a finding."""
    append(project_copy, INDEX, "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    status, out = check(project_copy, capsys)
    assert status == 1 and findings(out, INDEX, "page-template")


# Pages read call by call (check/template.split_page): what Jinja makes of them whole, or left to Jinja.
PIECED = [
    '前文 {{ table("二") }} 后文\n',
    "甲\r\n乙 {{ full_title() }}\r\n\r\n",
    "{# 注释 {{ x }} #}正文{{ full_title() }}{{ full_title() }}",
    "{{ '{{' }} 原样，{{ \"}}\" }} 也是",
    "text }} and #} alone, { and } too\n\n",
    "{{ table('三') }}\n{{ check_summary() }}",
    "",
]
LEFT_TO_JINJA = [
    "{{- full_title() }}  后文",
    "前文 {{ full_title() -}}\n后文",
    "{# 注释 -#}\n 后文",
    "{% raw %}{{ x }}{% endraw %}",
    "{{ figure('a\\'b') }}",
    "{{ {'a': 1} }}",
    "{% for x in y %}{% endfor %}",
    "{{ x ",
    "{{{ full_title() }}",
    "{{# x #}",
]


def _whole(env: PageEnvironment, source: str) -> str:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment.from_string(env, source).render()


@pytest.mark.parametrize("source", PIECED + LEFT_TO_JINJA + ['{{ figure("a}}b") }}', "{{ nope() }}"])
def test_a_page_read_call_by_call_renders_as_jinja_renders_it_whole(sandboxed: PageEnvironment, source: str):
    """Assert that the call-by-call render gives Jinja's own output, or fails where Jinja fails."""
    from macros.check.template import split_page

    sandboxed.for_page(True)
    try:
        expected: str | None = _whole(sandboxed, source)
    except Exception as error:  # noqa: BLE001 (any failure of Jinja's must be a failure of ours)
        expected, kind = None, type(error)
    if expected is None:
        with pytest.raises(kind):
            sandboxed.from_string(source).render()
    else:
        assert sandboxed.from_string(source).render() == expected
    assert (split_page(source) is None) == (source in LEFT_TO_JINJA)


def test_each_distinct_call_is_compiled_once(sandboxed: PageEnvironment, monkeypatch: pytest.MonkeyPatch):
    """Assert that a region's pages, text and calls only, compile each distinct call once, never a page whole."""
    from jinja2.sandbox import SandboxedEnvironment

    compiled: list[str] = []
    real = SandboxedEnvironment.from_string
    monkeypatch.setattr(SandboxedEnvironment, "from_string", lambda env, s, *a: compiled.append(s) or real(env, s, *a))
    sandboxed.for_page(True)
    pages = [f'# 第 {n} 页\n\n{{{{ full_title() }}}}\n\n正文 {n}。\n\n{{{{ table("二") }}}}\n' for n in range(50)]
    assert [sandboxed.from_string(page).render() for page in pages][
        7
    ] == "# 第 7 页\n\n<full_title()>\n\n正文 7。\n\n<table('二',)>"
    assert sorted(compiled) == ["{{ full_title() }}", '{{ table("二") }}']


def test_the_check_reads_a_clean_page_call_by_call(monkeypatch: pytest.MonkeyPatch):
    """Assert that the page check parses a page of text and allowed calls by its calls, and still finds the rest."""
    from macros.check import template

    parsed: list[str] = []
    real = template.parse
    monkeypatch.setattr(template, "parse", lambda text: parsed.append(text) or real(text))
    page = "# 标题\n\n{{ full_title() }}\n\n" + "正文。\n" * 500 + '{{ table("二") }}\n'
    assert list(template.check_template("docs/a/2024.md", page, True)) == []
    assert all(len(text) < 40 for text in parsed)
    bad = page + "\n{{ config }}\n"
    (finding,) = template.check_template("docs/a/2024.md", bad, True, first_line=3)
    assert finding.line == bad.count("\n") + 2


FRONT_MATTERS = [
    "title: 2024 年报告\ndescription: 简介\n",
    "title: &a x\ndescription: *a\n",
    "title: !!python/object:os.system x\n",
    "search:\n  exclude:\n    deeper:\n      deepest: 1\n",
    "title: [\n",
    "title: 'unclosed\n",
    "\t title: x\n",
    "hide:\n" + "  - toc\n" * 100,
    "title: x\ntitle: y\n",
]


@pytest.mark.parametrize("source", FRONT_MATTERS)
def test_front_matter_read_by_libyaml_is_found_as_by_python(monkeypatch: pytest.MonkeyPatch, source: str):
    """Assert that the front matter's findings are the same read by libyaml as by the Python parser."""
    from macros.check import frontmatter

    page = f"---\n{source}---\n\n# 标题\n"
    fast = [str(f) for f in frontmatter.check_front_matter("docs/a.md", page)]
    monkeypatch.setattr(frontmatter, "_FAST", None)
    assert fast == [str(f) for f in frontmatter.check_front_matter("docs/a.md", page)]
