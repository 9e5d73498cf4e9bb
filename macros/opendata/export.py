"""Open data files: every public report's numbers as CSV, JSON and Excel, and the collection.

``build_exports`` returns every file (path under the site's ``data/`` folder →
bytes). ``python -m macros prepare`` adds them to the site's source tree and
``python -m macros export`` writes the same bytes to a folder; both only from a
project whose checks all pass. Same data, same bytes: nothing here depends on
the time, the machine or the order of a directory listing.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from macros.check.findings import summarize
from macros.check.project import Project
from macros.format.numbers import format_number
from macros.opendata.catalogue import (
    ALL_REPORTS,
    CSV_ENCODING,
    DATAPACKAGE,
    JSON_ENCODING,
    LONG_SCHEMA,
    ORGANS_CSV,
    report_file,
)
from macros.opendata.datapackage import build_datapackage, long_schema
from macros.opendata.longform import (
    ORGAN_TABLE_FIELDS,
    SchemaField,
    exportable_reports,
    long_fields,
    long_records,
    organ_records,
    report_document,
)

ONE_LINE = 100  # characters: a short flat object or list stays on one line


def dump_json(value: Any) -> str:
    """JSON text, two-space indented, Chinese as is; decimals written as in the data.

    The standard encoder would turn a Decimal into a float (or refuse it), and
    0.1 万元 must stay 0.1, not 0.1000000000000000055.
    """

    def scalar(item: Any) -> bool:
        return item is None or isinstance(item, (bool, str, int, Decimal))

    def flat(item: Any) -> bool:
        # A scalar or a list of scalars: its container may stay on one line.
        return scalar(item) or (isinstance(item, (list, tuple)) and all(scalar(v) for v in item))

    def encode(item: Any, indent: str) -> str:
        if item is None or isinstance(item, (bool, str)):
            return json.dumps(item, ensure_ascii=False)
        if isinstance(item, (int, Decimal)):
            return format_number(item)
        if isinstance(item, dict):
            members = [f"{json.dumps(str(k), ensure_ascii=False)}: " for k in item]
            values = list(item.values())
            one_line = all(flat(v) for v in values)
        elif isinstance(item, (list, tuple)):
            members, values = [""] * len(item), list(item)
            one_line = all(scalar(v) for v in values)
        else:
            raise TypeError(f"不能写入 JSON 的值：{item!r}")
        opening, closing = ("{", "}") if isinstance(item, dict) else ("[", "]")
        if not values:
            return opening + closing
        if one_line:
            text = opening + ", ".join(m + encode(v, indent) for m, v in zip(members, values, strict=True)) + closing
            if len(text) <= ONE_LINE:
                return text
        inner = indent + "  "
        lines = ",\n".join(inner + m + encode(v, inner) for m, v in zip(members, values, strict=True))
        return f"{opening}\n{lines}\n{indent}{closing}"

    return encode(value, "") + "\n"


def dump_csv(fields: tuple[SchemaField, ...], records: list[dict[str, Any]]) -> bytes:
    """CSV bytes with a header of field names; numbers as in the data, blanks empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    for record in records:
        writer.writerow([_csv_text(record[f.name]) for f in fields])
    return out.getvalue().encode(CSV_ENCODING)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def build_exports(project: Project) -> dict[str, bytes]:
    """Every open data file, by path under the data folder, in a stable order.

    Refuses a project with errors (but a draft's: drafts are never exported): the
    data must never say what the checks reject.
    """
    # Imported here: openpyxl is only needed when files are made, not to check.
    from macros.opendata.xlsx import collection_workbook, report_workbook

    if project.blocking_errors:
        raise ValueError(f"数据检查未通过，不生成数据文件（{summarize(project.findings)}）。")
    keys = exportable_reports(project)
    fields = long_fields()
    files: dict[str, bytes] = {}
    for key in keys:
        files[report_file(key, "csv")] = dump_csv(fields, long_records(project, [key]))
        files[report_file(key, "json")] = dump_json(report_document(project, key)).encode(JSON_ENCODING)
        files[report_file(key, "xlsx")] = report_workbook(project, key)
    files[f"{ALL_REPORTS}.csv"] = dump_csv(fields, long_records(project, keys))
    collection = {"reports": [report_document(project, key) for key in keys]}
    files[f"{ALL_REPORTS}.json"] = dump_json(collection).encode(JSON_ENCODING)
    files[f"{ALL_REPORTS}.xlsx"] = collection_workbook(project, keys)
    files[ORGANS_CSV] = dump_csv(ORGAN_TABLE_FIELDS, organ_records(project))
    files[LONG_SCHEMA] = dump_json(long_schema()).encode(JSON_ENCODING)
    files[DATAPACKAGE] = dump_json(build_datapackage(project, keys, files)).encode(JSON_ENCODING)
    return dict(sorted(files.items()))


def write_exports(files: dict[str, bytes], out: Path) -> None:
    """Replace the folder `out` with exactly these files, all at once.

    Written beside it first, so that a failure leaves the previous export whole;
    a folder that does not hold a previous export is never replaced.
    """
    if out.exists() and any(out.iterdir()) and not (out / DATAPACKAGE).is_file():
        raise FileExistsError(
            f"目录 {out} 已存在且不是先前导出的数据（其中没有 {DATAPACKAGE}）；为免覆盖其他文件，请换一个目录。"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    retired = staging.with_name(staging.name.replace("-new-", "-old-"))
    try:
        for relpath, content in files.items():
            target = staging / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if out.exists():
            out.rename(retired)
        staging.rename(out)
    finally:
        if retired.exists():
            # Put the previous export back if the new one did not take its place.
            if out.exists():
                shutil.rmtree(retired)
            else:
                retired.rename(out)
        if staging.exists():
            shutil.rmtree(staging)
