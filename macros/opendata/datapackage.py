"""The Frictionless data package (``datapackage.json``) describing every open data file.

Derived from the same declarations as the files themselves (``longform.py``,
itself derived from ``format.py``): field names, types, constraints and the
Chinese titles and descriptions. Each file is listed with its size and SHA-256
so that a download can be verified. The descriptor names only the standard
Data Package profile, which validators carry with them: validating the
package never fetches anything from the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import FORMAT_NAME, TABLES
from macros.opendata.catalogue import (
    ALL_REPORTS,
    COLLECTION_XLSX_LAYOUT,
    CSV,
    CSV_NOTE,
    KINDS,
    LABELLED_CSV,
    LABELLED_SCHEMA,
    LONG_SCHEMA,
    ORGANS_CSV,
    ORGANS_DESCRIPTION,
    ORGANS_TITLE,
    WIDE_NOTE,
    WIDE_SCHEMA,
    WIDE_SHEET,
    WIDE_TITLE,
    XLSX,
    Kind,
    report_file,
)
from macros.opendata.longform import (
    LABELLED_KEY,
    LONG_KEY,
    ORGAN_TABLE_FIELDS,
    SchemaField,
    labelled_fields,
    long_fields,
    wide_fields,
)
from macros.site.tree import Written

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


def labelled_schema() -> dict[str, Any]:
    """Table Schema of the long CSVs with Chinese headers: the same fields, named as headed."""
    organ = labelled_fields()[0].name
    reference = {"fields": [organ], "reference": {"resource": ORGANS_RESOURCE, "fields": ["organ"]}}
    return _schema(labelled_fields(), LABELLED_KEY, [reference])


def wide_schema() -> dict[str, Any]:
    """Table Schema of the collection workbook's wide sheet: a line per report, a column per number."""
    fields = wide_fields()
    organ, year = fields[0].name, next(f.name for f in fields if f.type == "year")
    reference = {"fields": [organ], "reference": {"resource": ORGANS_RESOURCE, "fields": ["organ"]}}
    return _schema(fields, (organ, year), [reference])


def organ_schema() -> dict[str, Any]:
    # A parent is another organ of the same registry.
    parent = {"fields": ["parent"], "reference": {"resource": ORGANS_RESOURCE, "fields": ["organ"]}}
    return _schema(ORGAN_TABLE_FIELDS, ("organ",), [parent])


def _resource(name: str, path: str, written: Written, kind: Kind, title: str, description: str) -> dict[str, Any]:
    resource: dict[str, Any] = {"name": name, "path": path}
    # Only the CSVs are tables; the JSON nests and the workbooks are laid out for people
    # (but for the wide sheet, described apart as a table).
    resource["type"] = {"csv": "table", "json": "json"}.get(kind.suffix, "file")
    resource.update({"title": title, "description": description, "format": kind.suffix, "mediatype": kind.mediatype})
    if kind.suffix in ("csv", "json"):
        resource["encoding"] = "utf-8"
    resource["bytes"] = written.size
    resource["hash"] = "sha256:" + written.sha256
    if kind.suffix == "csv":
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    return resource


def _numbers_resource(
    base: str, path: str, written: Written, kind: Kind, title: str, description: str
) -> dict[str, Any]:
    """A file of report numbers: the CSV is named `base` and carries the long table's schema."""
    name = base if kind is CSV else f"{base}-{kind.resource_key}"
    resource = _resource(name, path, written, kind, title, description)
    if kind is CSV:
        resource["schema"] = LONG_SCHEMA
    elif kind is LABELLED_CSV:
        resource["schema"] = LABELLED_SCHEMA
    return resource


def _wide_resource(written: Written, count: int) -> dict[str, Any]:
    """The collection workbook's wide sheet, as a table (validators read that sheet of the workbook)."""
    path = f"{ALL_REPORTS}.{XLSX.file_ending}"
    resource = _resource(
        f"{ALL_REPORTS}-wide", path, written, XLSX, WIDE_TITLE, f"全部 {count} 份已发布报告；{WIDE_NOTE}。"
    )
    resource["type"] = "table"
    resource["dialect"] = {"excel": {"sheet": WIDE_SHEET}}
    resource["schema"] = WIDE_SCHEMA
    return resource


def build_datapackage(project: Project, keys: list[ReportKey], files: Mapping[str, Written]) -> dict[str, Any]:
    """The descriptor of the files in `files` (paths relative to datapackage.json: their size and hash)."""
    tables = "、".join(f"{t.name}" for t in TABLES)
    resources = []
    for kind in KINDS:
        path = f"{ALL_REPORTS}.{kind.file_ending}"
        layout = COLLECTION_XLSX_LAYOUT if kind is XLSX else kind.layout
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
    resources.append(_wide_resource(files[f"{ALL_REPORTS}.{XLSX.file_ending}"], len(keys)))
    organs = _resource(ORGANS_RESOURCE, ORGANS_CSV, files[ORGANS_CSV], CSV, ORGANS_TITLE, ORGANS_DESCRIPTION)
    organs["schema"] = organ_schema()
    resources.append(organs)
    for key in keys:
        organ, year = key
        title = project.title_of((organ, year))
        for kind in KINDS:
            path = report_file(key, kind.file_ending)
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
