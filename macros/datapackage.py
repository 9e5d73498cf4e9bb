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

from .format import FORMAT_NAME, TABLES, report_title
from .longform import LONG_KEY, ORGAN_TABLE_FIELDS, Field, long_fields
from .project import Project, ReportKey

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PACKAGE_NAME = "nianbao"
PACKAGE_TITLE = "政府信息公开工作年度报告数据"
ORGANS_RESOURCE = "organs"
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _organ_reference() -> dict[str, Any]:
    return {"fields": ["organ"], "reference": {"resource": ORGANS_RESOURCE, "fields": ["organ"]}}


def _schema(fields: tuple[Field, ...], key: tuple[str, ...], foreign: list[dict[str, Any]]) -> dict[str, Any]:
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


def _resource(name: str, path: str, content: bytes, title: str, description: str) -> dict[str, Any]:
    suffix = path.rsplit(".", 1)[1]
    resource: dict[str, Any] = {"name": name, "path": path}
    resource["type"] = {"csv": "table", "json": "json"}.get(suffix, "file")
    resource.update({"title": title, "description": description, "format": suffix, "mediatype": MEDIA_TYPES[suffix]})
    if suffix in ("csv", "json"):
        resource["encoding"] = "utf-8"
    resource["bytes"] = len(content)
    resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    return resource


def _table(resource: dict[str, Any], schema: str | dict[str, Any]) -> dict[str, Any]:
    resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    resource["schema"] = schema
    return resource


def build_datapackage(project: Project, keys: list[ReportKey], files: dict[str, bytes]) -> dict[str, Any]:
    """The descriptor of every file in `files` (paths relative to datapackage.json)."""
    from .export import ALL_REPORTS, CSV_NOTE, LONG_SCHEMA, ORGANS_CSV, report_file

    tables = "、".join(f"表{t.number}" for t in TABLES)
    layouts = {
        "csv": "长表，每行一个数字（机关、年度、表、行、列、数值、单位）",
        "json": "按表格嵌套：表、子表、行，每行的数值按列代号给出",
        "xlsx": "Excel 工作簿",
    }
    resources = []
    for suffix in ("csv", "json", "xlsx"):
        path = f"{ALL_REPORTS}.{suffix}"
        layout = layouts[suffix] + ("，每张表一个工作表、每份报告一行，表头与报告表格一致" if suffix == "xlsx" else "")
        resource = _resource(
            ALL_REPORTS if suffix == "csv" else f"{ALL_REPORTS}-{suffix}",
            path,
            files[path],
            f"全部报告的数据（{suffix.upper()}）",
            f"全部 {len(keys)} 份已发布报告{tables}的数字；{layout}。",
        )
        resources.append(_table(resource, LONG_SCHEMA) if suffix == "csv" else resource)
    resources.append(
        _table(
            _resource(
                ORGANS_RESOURCE,
                ORGANS_CSV,
                files[ORGANS_CSV],
                "机关名录",
                "发布报告的机关：代号、全称、简称、层级和上级机关。",
            ),
            organ_schema(),
        )
    )
    for key in keys:
        organ, year = key
        title = report_title(project.organs[organ].name, year)
        for suffix in ("csv", "json", "xlsx"):
            path = report_file(key, suffix)
            layout = layouts[suffix] + ("，按官方格式排版，每张表一个工作表，可直接打印" if suffix == "xlsx" else "")
            resource = _resource(
                f"{organ}-{year}" if suffix == "csv" else f"{organ}-{year}-{suffix}",
                path,
                files[path],
                f"{title}（{suffix.upper()}）",
                f"{title}{tables}的数字；{layout}。",
            )
            resources.append(_table(resource, LONG_SCHEMA) if suffix == "csv" else resource)
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
