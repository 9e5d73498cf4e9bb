"""The Jinja environment pages are rendered in: the site's macros and nothing else.

The check (check/template.py) already refuses any page that is more than text
and macro calls; this is the second lock, for whatever it might miss. It
replaces mkdocs-macros' own environment (which offers ``lipsum``, ``range``,
``config``, filters, and a loader for ``include``) before the first page:

- the same template check again, at compile time, so nothing else compiles;
- Jinja's sandbox, with no attribute or item access, no operators, and only
  the declared macros callable;
- no globals, filters or tests but those macros; a loader that loads nothing;
- the page's variables (``config``, ``page``, ``extra``, front matter) are not
  passed to the template, so a front-matter key cannot stand in for a macro.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, Template, TemplateNotFound, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from macros.check.template import macros_for, split_page, template_problems

# mkdocs-macros' options the sandbox relies on: every page rendered, and a failing macro fails the build
# (rather than printing its error, with internals, into the page).
REQUIRED_OPTIONS = {"render_by_default": True, "on_error_fail": True}


class _NoLoader(BaseLoader):
    def get_source(self, environment, template):
        raise TemplateNotFound(template)


class _PageTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        # mkdocs-macros passes every variable it knows (config, page, extra, the front matter): none is for pages.
        return super().render()


class _PiecedTemplate:
    """A page rendered call by call: its text as it is, each call by its own compiled template.

    Exactly what Jinja makes of the whole page (check/template.split_page reads it as Jinja does);
    on any error the whole page is compiled and rendered after all, so the error names its line.
    """

    def __init__(self, pieces: list[str], calls: list[Template], whole: Callable[[], Template]) -> None:
        self.pieces, self.calls, self.whole = pieces, calls, whole

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            out = [self.pieces[0]]
            for call, text in zip(self.calls, self.pieces[2::2], strict=True):
                out += [call.render(), text]
            return "".join(out)
        except Exception:
            return self.whole().render()


class PageEnvironment(SandboxedEnvironment):
    """A sandbox that compiles only allowed macro calls and calls only the given macros."""

    template_class = _PageTemplate
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def __init__(self, report_macros: Mapping[str, Callable], other_macros: Mapping[str, Callable]) -> None:
        super().__init__(loader=_NoLoader(), undefined=StrictUndefined, autoescape=False)
        self.filters.clear()
        self.tests.clear()
        self.globals.clear()
        self._macros = {True: dict(report_macros), False: dict(other_macros)}
        self._callable = {id(f) for group in self._macros.values() for f in group.values()}
        self.report_page = False
        self.for_page(False)
        # Each distinct call compiled once, for each kind of page (the allowed macros differ).
        self._calls: dict[tuple[bool, str], Template] = {}

    def for_page(self, report_page: bool) -> None:
        """Offer the macros of a report page, or of the other pages, to the next render."""
        self.report_page = report_page
        self.globals.clear()
        self.globals.update(self._macros[report_page])

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        """The page's template, made of its calls' when the page is text and calls only (compiling a
        region's pages whole was most of their macro time)."""
        pieces = split_page(source) if isinstance(source, str) and globals is None and template_class is None else None
        if pieces is None:
            return super().from_string(source, globals, template_class)
        whole = lambda: super(PageEnvironment, self).from_string(source)  # noqa: E731
        calls = []
        for call in pieces[1::2]:
            key = (self.report_page, call)
            if key not in self._calls:
                if len(self._calls) >= 1024:  # bounded: a hostile page's thousands of calls
                    self._calls.clear()
                try:
                    self._calls[key] = super().from_string(call)
                except Exception:
                    return whole()  # raises again, with the page's own line
            calls.append(self._calls[key])
        return _PiecedTemplate(pieces, calls, whole)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for line, message in template_problems(tree, self.report_page):
            raise SecurityError(f"第 {line} 行：{message}")
        return tree

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return id(obj) in self._callable

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self.undefined(f"不允许读取 {argument!r}", obj=obj, name=str(argument), exc=SecurityError)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.undefined(f"不允许读取 {attribute!r}", obj=obj, name=attribute, exc=SecurityError)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"页面中不允许运算（{operator}）")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"页面中不允许运算（{operator}）")


def page_environment(macros: Mapping[str, Callable]) -> PageEnvironment:
    """The sandbox for these registered macros (mkdocs-macros' env.macros): only the declared ones are kept."""
    return PageEnvironment(
        {name: macros[name] for name in macros_for(True)}, {name: macros[name] for name in macros_for(False)}
    )


def option_problems(options: Mapping[str, Any]) -> list[str]:
    """What in mkdocs.yml's `macros:` options would let a page go out unrendered or print its errors."""
    return [
        f"mkdocs.yml 中 macros 插件的 {key} 必须为 {str(value).lower()}。"
        for key, value in REQUIRED_OPTIONS.items()
        if options.get(key) is not value
    ]
