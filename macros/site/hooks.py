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

import contextlib
import functools
import logging
import os
import shutil
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from macros.check.findings import Refusal  # noqa: E402
from macros.check.paths import report_key_of_page  # noqa: E402
from macros.record.history import is_preview  # noqa: E402
from macros.site.env import serve_broken  # noqa: E402
from macros.site.markup import join_cjk_lines  # noqa: E402
from macros.site.prepare import EDITORS_DIR, prepare, refused_message, write_broken_tree  # noqa: E402

# Whether MkDocs is serving (set once at startup; this module is kept across rebuilds).
_SERVING = {"on": False}


def _root(config) -> Path:
    return Path(config.config_file_path).parent


class _DirtyBuildNotice(logging.Filter):
    """MkDocs warns on every dirty build, which `--strict` turns into a failed rebuild.

    Its worry (menus and links of pages not rebuilt) does not apply here: the menu is
    the same few pages on every page, and each page of the tree names what it is
    rendered from (prepare.with_render_inputs), so every page that can change is rebuilt.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(*, command, dirty):
    _SERVING["on"] = command == "serve"
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyBuildNotice())


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
            # This process builds next and takes the checked project from memory: no sealed record.
            project = prepare(root, is_preview(), record=False)
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


def on_serve(server, *, config, builder):
    """Watch the sources only, not the tree prepare makes from them (MkDocs watches its docs_dir).

    Each rebuild prepares the tree again, and its own writes would set off a second rebuild.
    The sources are watched (mkdocs.yml `watch:`), so every edit is still seen.
    """
    server.unwatch(config.docs_dir)
    return server


def _link_or_copy(file, dirty: bool = False) -> None:
    """MkDocs' copy of a static file, as a hard link where the file system allows one.

    A region's open data is hundreds of megabytes that prepare has just written; linking them
    into the site instead of copying halves the bytes written. prepare never rewrites a file in
    place (a changed file is a new one renamed over the old), so the site's file stays as built.
    """
    if dirty and not file.is_modified():
        return
    target = file.abs_dest_path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        os.link(file.abs_src_path, target)
    except OSError:
        shutil.copyfile(file.abs_src_path, target)


def on_files(files, *, config):
    """Static files of the prepared tree are linked into the site, not copied (a convenience: speed)."""
    docs = os.path.join(os.path.abspath(config.docs_dir), "")
    for file in files:
        # Only the tree's own files: one of the theme's linked would tie the site to the installed package.
        if not file.is_documentation_page() and (file.abs_src_path or "").startswith(docs) and not file.generated_by:
            file.copy_file = functools.partial(_link_or_copy, file)
    return files


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


def on_page_content(html, *, page, config, files):
    """No stray spaces where a Chinese paragraph was wrapped in the Markdown source."""
    return join_cjk_lines(html)


def on_nav(nav, *, config, files):
    """Help pages last, titled by their index page; the editors' section only in a preview.

    Reports are not in the menu at all (mkdocs.yml not_in_nav): the overview pages lead to them.
    """
    help_sections = [item for item in nav.items if _title_by_index(item, Path(config.docs_dir))]
    if not is_preview():
        # The public site is for the public: the editors' pages are out of its menu (and search).
        help_sections = [item for item in help_sections if not _is_editors(item)]
    # Readers come for the reports (and their overviews): the editors' pages follow them.
    help_sections.sort(key=_is_editors)
    nav.items = [item for item in nav.items if item not in help_sections and not _is_editors(item)] + help_sections
    return nav
