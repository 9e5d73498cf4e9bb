"""Where the overview pages live in the site, and the addresses between them.

An organ's page is its section's index (``<organ>/index.md``: with mkdocs.yml's
``navigation.indexes`` the organ's menu entry opens it, and its address
``/<organ>/`` is the natural one). A year's page is ``niandu/<year>/index.md``:
not ``niandu/<year>.md``, which has a report page's shape (<organ>/<year>.md),
and ``niandu`` is a reserved organ code (format.national.RESERVED_SLUGS), so no
organ can take the address.

Raw HTML is not rewritten by MkDocs, so its links are written as the built
site's addresses (use_directory_urls, MkDocs' default: ``a/b.md`` → ``a/b/``).
"""

from __future__ import annotations

from macros.check.paths import ReportKey
from macros.format.national import YEARS_SLUG
from macros.opendata.catalogue import DATA_DIR, report_file

YEARS_INDEX = f"{YEARS_SLUG}/index.md"


def organ_page(organ: str) -> str:
    """Source of an organ's page, relative to the tree (build/docs)."""
    return f"{organ}/index.md"


def year_page(year: int) -> str:
    return f"{YEARS_SLUG}/{year}/index.md"


def address(src: str) -> str:
    """The directory URL a page source gets (a/index.md → a/, a/b.md → a/b/, index.md → '')."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def link(from_src: str, to: str) -> str:
    """A relative link from the page of `from_src` to the site address `to` (a page's address or a file)."""
    depth = address(from_src).count("/")
    return "../" * depth + to or "./"


def organ_address(organ: str) -> str:
    return address(organ_page(organ))


def year_address(year: int) -> str:
    return address(year_page(year))


def report_address(key: ReportKey) -> str:
    return address(f"{key[0]}/{key[1]}.md")


def download_file(key: ReportKey, suffix: str) -> str:
    """A report's data file, relative to the tree (the open data's folder)."""
    return f"{DATA_DIR}/{report_file(key, suffix)}"


def source_link(from_src: str, to_src: str) -> str:
    """A Markdown link between two sources of the tree (MkDocs checks and rewrites it)."""
    # Not posixpath.relpath: it asks the file system for the working directory, every call.
    folder, target = from_src.split("/")[:-1], to_src.split("/")
    common = 0
    while common < len(folder) and common < len(target) - 1 and folder[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + target[common:])
