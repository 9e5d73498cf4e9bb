"""MkDocs hooks (mkdocs.yml `hooks:`): conveniences only.

Nothing public depends on them: drafts are kept out and every generated page
and file is made by ``python -m macros prepare`` (prepare.py), and the macros
refuse a tree it did not make (env.py). A build without these hooks is as safe,
only plainer: menu titles and order, Chinese line joining, and live rebuilding
under ``mkdocs serve``.

Loaded by MkDocs from its file path, not as part of the package, hence the
absolute imports after making the project root importable.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from macros.check.findings import Refusal  # noqa: E402
from macros.check.paths import report_key_of_page  # noqa: E402
from macros.record.history import is_preview  # noqa: E402
from macros.site.env import serve_broken, take_checked_project  # noqa: E402
from macros.site.markup import join_cjk_lines  # noqa: E402
from macros.site.prepare import EDITORS_DIR, prepare, refused_message, write_broken_tree  # noqa: E402

# Whether MkDocs is serving (set once at startup; this module is kept across rebuilds).
_SERVING = {"on": False}


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_startup(*, command, dirty):
    _SERVING["on"] = command == "serve"


@event_priority(100)  # before the macros plugin checks the tree
def on_config(config):
    """Under `mkdocs serve`, make the tree again from the edited sources before each rebuild.

    Never a failed rebuild on a data error (MkDocs would leave every open page
    waiting): a draft's errors are shown on its page; any other error replaces
    the site by a page listing it, until the file is fixed and saved.
    """
    if _SERVING["on"]:
        root = _root(config)
        serve_broken(root, False)
        failure: tuple[list, str] | None = None
        try:
            project = prepare(root, is_preview())
            if project.blocking_errors:
                failure = project.blocking_errors, refused_message(project)
        except Refusal as exc:
            failure = [], str(exc)
        if failure is not None:
            findings, reason = failure
            # Not through MkDocs' log: under --strict an error logged there would fail the rebuild.
            print(reason, *findings, sep="\n", file=sys.stderr)
            write_broken_tree(root, findings, reason)
            serve_broken(root, True)
    return config


def _title_by_index(item, docs_dir: Path) -> bool:
    """Title a section that is not an organ's by its index page's front matter.

    Returns whether the item is such a section (the editors' guide, …).
    """
    index = next((c for c in getattr(item, "children", None) or [] if getattr(c, "file", None) and c.is_index), None)
    if index is None or report_key_of_page(index.file.src_uri):
        return False
    _, meta = get_data((docs_dir / index.file.src_uri).read_text(encoding="utf-8"))
    if meta.get("title"):
        item.title = escape(str(meta["title"]))  # Material prints titles as HTML
    return True


def _is_editors(item) -> bool:
    """Whether a menu item is the editors' section (the guide and the rules reference)."""
    pages = [c for c in getattr(item, "children", None) or [] if getattr(c, "file", None)]
    return bool(pages) and all(p.file.src_uri.startswith(f"{EDITORS_DIR}/") for p in pages)


def _report_year(page) -> int:
    """The year of a page that is known to be a report's."""
    key = report_key_of_page(page.file.src_uri)
    assert key is not None
    return key[1]


def on_page_content(html, *, page, config, files):
    """No stray spaces where a Chinese paragraph was wrapped in the Markdown source."""
    return join_cjk_lines(html)


def on_nav(nav, *, config, files):
    """Title each organ's section by its short name, newest report first; help pages last."""
    help_sections = [item for item in nav.items if _title_by_index(item, Path(config.docs_dir))]
    if not is_preview():
        # The public site is for the public: the editors' pages are out of its menu (and search).
        help_sections = [item for item in help_sections if not _is_editors(item)]
    # Readers come for the reports: the editors' pages follow them.
    nav.items = [item for item in nav.items if item not in help_sections and not _is_editors(item)] + help_sections
    organs = take_checked_project(_root(config)).organs
    for item in nav.items:
        pages = [c for c in getattr(item, "children", None) or [] if getattr(c, "file", None)]
        keys = [key for p in pages if (key := report_key_of_page(p.file.src_uri))]
        if pages and len(keys) == len(pages) and len({k[0] for k in keys}) == 1 and keys[0][0] in organs:
            item.title = escape(organs[keys[0][0]].short)
            item.children.sort(key=lambda c: -_report_year(c))
    return nav
