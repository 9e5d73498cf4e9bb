"""The Frictionless data package (``datapackage.json``) describing every open data file.

Derived from the same declarations as the files themselves (``longform.py``,
itself derived from ``format.py``): field names, types, constraints and the
Chinese titles and descriptions. Each file is listed with its size and SHA-256
so that a download can be verified. The descriptor names only the standard
Data Package profile, which validators carry with them: validating the
package never fetches anything from the network.
"""

from __future__ import annotations

import hashlib
from typing import Any

from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import FORMAT_NAME, TABLES
from macros.opendata.catalogue import (
    ALL_REPORTS,
    COLLECTION_XLSX_LAYOUT,
    CSV_NOTE,
    KINDS,
    LONG_SCHEMA,
    ORGANS_CSV,
    ORGANS_DESCRIPTION,
    ORGANS_TITLE,
    Kind,
    report_file,
)
from macros.opendata.longform import LONG_KEY, ORGAN_TABLE_FIELDS, SchemaField, long_fields

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PACKAGE_NAME = "nianbao"
PACKAGE_TITLE = "政府信息公开工作年度报告数据"
ORGANS_RESOURCE = "organs"


def _organ_reference() -> dict[str, Any]:
    return {"fields": ["organ"], "reference": {"resource": ORGANS_RESOURCE, "fields": ["organ"]}}


def _schema(fields: tuple[SchemaField, ...], key: tuple[str, ...], foreign: list[dict[str, Any]]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [f.descriptor() for f in fields], "missingValues": [""]}
    schema["primaryKey"] = list(key)
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def long_schema() -> dict[str, Any]:
    """Table Schema of the long CSVs (every report's and the collection's)."""
    return _schema(long_fields(), LONG_KEY, [_organ_reference()])


def organ_schema() -> dict[str, Any]:
    # A parent is another organ of the same registry.
    parent = {"fields": ["parent"], "reference": {"resource": ORGANS_RESOURCE, "fields": ["organ"]}}
    return _schema(ORGAN_TABLE_FIELDS, ("organ",), [parent])


def _resource(name: str, path: str, content: bytes, kind: Kind, title: str, description: str) -> dict[str, Any]:
    resource: dict[str, Any] = {"name": name, "path": path}
    # Only the CSVs are tables; the JSON nests and the workbooks are laid out for people.
    resource["type"] = {"csv": "table", "json": "json"}.get(kind.suffix, "file")
    resource.update({"title": title, "description": description, "format": kind.suffix, "mediatype": kind.mediatype})
    if kind.suffix in ("csv", "json"):
        resource["encoding"] = "utf-8"
    resource["bytes"] = len(content)
    resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    if kind.suffix == "csv":
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    return resource


def _numbers_resource(base: str, path: str, content: bytes, kind: Kind, title: str, description: str) -> dict[str, Any]:
    """A file of report numbers: the CSV is named `base` and carries the long table's schema."""
    name = base if kind.suffix == "csv" else f"{base}-{kind.suffix}"
    resource = _resource(name, path, content, kind, title, description)
    if kind.suffix == "csv":
        resource["schema"] = LONG_SCHEMA
    return resource


def build_datapackage(project: Project, keys: list[ReportKey], files: dict[str, bytes]) -> dict[str, Any]:
    """The descriptor of every file in `files` (paths relative to datapackage.json)."""
    tables = "、".join(f"{t.name}" for t in TABLES)
    resources = []
    for kind in KINDS:
        path = f"{ALL_REPORTS}.{kind.suffix}"
        layout = COLLECTION_XLSX_LAYOUT if kind.suffix == "xlsx" else kind.layout
        resources.append(
            _numbers_resource(
                ALL_REPORTS,
                path,
                files[path],
                kind,
                f"全部报告的数据（{kind.name}）",
                f"全部 {len(keys)} 份已发布报告{tables}的数字；{layout}。",
            )
        )
    organs = _resource(ORGANS_RESOURCE, ORGANS_CSV, files[ORGANS_CSV], KINDS[0], ORGANS_TITLE, ORGANS_DESCRIPTION)
    organs["schema"] = organ_schema()
    resources.append(organs)
    for key in keys:
        organ, year = key
        title = project.title_of((organ, year))
        for kind in KINDS:
            path = report_file(key, kind.suffix)
            resources.append(
                _numbers_resource(
                    f"{organ}-{year}",
                    path,
                    files[path],
                    kind,
                    f"{title}（{kind.name}）",
                    f"{title}{tables}的数字；{kind.layout}。",
                )
            )
    return {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            f"各机关政府信息公开工作年度报告中{tables}的全部数字，表格格式依据{FORMAT_NAME}。"
            f"数据在网站构建时由通过全部检查的报告数据生成。{CSV_NOTE}"
        ),
        "keywords": ["政府信息公开", "年度报告", "政务公开"],
        "resources": resources,
    }
