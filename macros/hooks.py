"""MkDocs hooks (mkdocs.yml `hooks:`): build steps that are not page macros.

Loaded by MkDocs from its file path, not as part of the package, hence the
absolute imports after making the project root importable.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.utils.meta import get_data  # noqa: E402

from macros.load import load_organs  # noqa: E402
from macros.project import ORGANS_FILE, report_key_of_page  # noqa: E402


def _title_by_index(item, docs_dir: Path) -> bool:
    """Title a section that is not an organ's by its index page's front matter.

    Returns whether the item is such a section (the editors' guide, …).
    """
    index = next((c for c in getattr(item, "children", None) or [] if getattr(c, "file", None) and c.is_index), None)
    if index is None or report_key_of_page(index.file.src_uri):
        return False
    _, meta = get_data((docs_dir / index.file.src_uri).read_text(encoding="utf-8"))
    if meta.get("title"):
        item.title = str(meta["title"])
    return True


def on_nav(nav, *, config, files):
    """Title each organ's section by its short name, newest report first; help pages last."""
    root = Path(config.config_file_path).parent
    help_sections = [item for item in nav.items if _title_by_index(item, Path(config.docs_dir))]
    # Readers come for the reports: the editors' pages follow them.
    nav.items = [item for item in nav.items if item not in help_sections] + help_sections
    organs_file = root / ORGANS_FILE
    if not organs_file.is_file():
        return nav
    organs, _ = load_organs(ORGANS_FILE, organs_file.read_text(encoding="utf-8"))
    for item in nav.items:
        pages = [c for c in getattr(item, "children", None) or [] if getattr(c, "file", None)]
        keys = [report_key_of_page(p.file.src_uri) for p in pages]
        if pages and all(keys) and len({k[0] for k in keys}) == 1 and keys[0][0] in organs:
            item.title = organs[keys[0][0]].short
            item.children.sort(key=lambda c: -report_key_of_page(c.file.src_uri)[1])
    return nav
