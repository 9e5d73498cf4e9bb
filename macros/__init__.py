"""nianbao:政府信息公开工作年度报告, checked and published.

The package by concept (each folder's ``__init__`` says more):

- ``format/``     the national format, declared once, and what derives from it directly
- ``check/``      reading the data files and pages, the rules, checking a whole project
- ``record/``     the publication record: status fields, lock file, publish/correct/withdraw
- ``opendata/``   downloads: CSV, JSON, Excel, the data package and the 数据下载 page
- ``authoring/``  what editors start from: the scaffold, the JSON Schemas, the data-file writer
- ``importer/``   turning existing reports (text, web pages, Word, PDF) into data and pages
- ``site/``       the MkDocs adapter: macros, table HTML, generated pages
- ``cli.py``      ``python -m macros <command>``

mkdocs-macros loads this package (``module_name: macros``) and calls ``define_env``, then
``on_pre_page_macros`` before each page.
"""

from macros.site.env import define_env, on_pre_page_macros
from macros.site.markup import escape_page_meta

__all__ = ["define_env", "on_post_page_macros", "on_pre_page_macros"]


def on_post_page_macros(env) -> None:
    """mkdocs-macros, after each page's macros: its front-matter title and description become HTML text."""
    escape_page_meta(env.page.meta)
