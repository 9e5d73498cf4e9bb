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
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from macros.check.findings import summarize
from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import Cell
from macros.format.numbers import format_number
from macros.opendata.cache import ReportCache, report_digest
from macros.opendata.catalogue import (
    ALL_REPORTS,
    CSV,
    CSV_ENCODING,
    DATAPACKAGE,
    JSON,
    JSON_ENCODING,
    LABELLED_CSV,
    LABELLED_SCHEMA,
    LONG_SCHEMA,
    ORGANS_CSV,
    WIDE_SCHEMA,
    XLSX,
    report_file,
)
from macros.opendata.datapackage import build_datapackage, labelled_schema, long_schema, wide_schema
from macros.opendata.longform import (
    ORGAN_TABLE_FIELDS,
    SchemaField,
    cell_records,
    exportable_reports,
    labelled_columns,
    labelled_fields,
    long_fields,
    metadata_fields,
    organ_records,
    report_document,
    report_head,
)

ONE_LINE = 100  # characters: a short flat object or list stays on one line


@lru_cache(maxsize=4096)
def _json_string(text: str) -> str:
    # Cached: a collection repeats the same keys and labels in every report (bounded: names are untrusted).
    return json.dumps(text, ensure_ascii=False)


# Types written as one JSON value; looked up by exact type first (a large export asks a million times).
_SCALARS = frozenset({str, int, Decimal, bool, type(None)})


def _scalar(item: Any) -> bool:
    return type(item) in _SCALARS or item is None or isinstance(item, (bool, str, int, Decimal))


def _flat(item: Any) -> bool:
    # A scalar or a list of scalars: its container may stay on one line.
    return _scalar(item) or (isinstance(item, (list, tuple)) and all(_scalar(v) for v in item))


def _encode_scalar(item: Any) -> str:
    if isinstance(item, str):
        return _json_string(item)
    if item is None or isinstance(item, bool):
        return json.dumps(item)
    return format_number(item)


def dump_json(value: Any) -> str:
    """JSON text, two-space indented, Chinese as is; decimals written as in the data.

    The standard encoder would turn a Decimal into a float (or refuse it), and
    0.1 万元 must stay 0.1, not 0.1000000000000000055. A container of scalars
    (or of lists of scalars) stays on one line if it fits in ONE_LINE characters.
    """

    def encode(item: Any, indent: str) -> str:
        if _scalar(item):
            return _encode_scalar(item)
        if isinstance(item, dict):
            members = [f"{_json_string(str(k))}: " for k in item]
            values = list(item.values())
            one_line = all(_flat(v) for v in values)
        elif isinstance(item, (list, tuple)):
            members, values = [""] * len(item), list(item)
            one_line = all(_scalar(v) for v in values)
        else:
            raise TypeError(f"不能写入 JSON 的值：{item!r}")
        opening, closing = ("{", "}") if isinstance(item, dict) else ("[", "]")
        if not values:
            return opening + closing
        encoded = None
        if one_line:
            # A scalar's text does not depend on the indent: encoded once, for either layout.
            encoded = [encode(v, indent) for v in values]
            text = opening + ", ".join(m + e for m, e in zip(members, encoded, strict=True)) + closing
            if len(text) <= ONE_LINE:
                return text
            if not all(_scalar(v) for v in values):
                encoded = None
        inner = indent + "  "
        encoded = encoded or [encode(v, inner) for v in values]
        lines = ",\n".join(inner + m + e for m, e in zip(members, encoded, strict=True))
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


def _csv_line(values: list[Any]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([_csv_text(v) for v in values])
    return out.getvalue()


# Stands for the number in a cell's line made once; a private-use character, which csv never quotes.
_SLOT = "\ue000"


@cache
def _cell_lines(columns: tuple[str, ...]) -> tuple[tuple[Cell, str, str], ...]:
    """For each cell, its CSV line's text between the report's fields and the number, and after it.

    Made once per table layout: of a line, only the report's fields and the number vary.
    The report's fields come first (`REPORT_FIELDS`), then the cell's, as `long_records` gives them.
    """
    rest = columns[len(_REPORT_FIELDS) :]
    assert columns[: len(_REPORT_FIELDS)] == _REPORT_FIELDS and "value" in rest
    out = []
    for cell, record in cell_records():
        line = _csv_line([_SLOT if name == "value" else record[name] for name in rest])
        before, after = line.split(_SLOT)
        out.append((cell, before, after))
    return tuple(out)


_REPORT_FIELDS = ("organ", "organ_name", "year", *(f.name for f in metadata_fields()))


def csv_body(project: Project, key: ReportKey, columns: tuple[str, ...]) -> bytes:
    """A report's lines of a long CSV (no header), the same bytes `dump_csv` gives for its records."""
    head = report_head(project, key)
    start = _csv_line([head[name] for name in _REPORT_FIELDS])[:-2] + ","
    values = project.reports[key].values
    return "".join(
        f"{start}{before}{format_number(values[cell])}{after}" for cell, before, after in _cell_lines(columns)
    ).encode("utf-8")


def _csv_file(header: tuple[SchemaField, ...], bodies: list[bytes]) -> bytes:
    return _csv_header(header) + b"".join(bodies)


@cache
def _csv_header(header: tuple[SchemaField, ...]) -> bytes:
    return dump_csv(header, [])


def json_list(key: str, items: list[str]) -> str:
    """The text `dump_json({key: [...]})` gives, from the text `dump_json` gave for each item.

    Each item's lines move in by two levels; nothing is encoded twice.
    """
    if not items:
        return dump_json({key: []})
    inner = ",\n".join("    " + text.rstrip("\n").replace("\n", "\n    ") for text in items)
    return f"{{\n  {_json_string(key)}: [\n{inner}\n  ]\n}}\n"


_IDS_COLUMNS = tuple(f.name for f in long_fields())
_LABELLED_COLUMNS = tuple(source for source, _ in labelled_columns())


def report_files(project: Project, key: ReportKey) -> dict[str, bytes]:
    """What is made of one report, by kind: its lines of both CSVs, its JSON text, its workbook."""
    from macros.opendata.xlsx import report_workbook  # loaded only when files are made, never to check

    return {
        CSV.resource_key: csv_body(project, key, _IDS_COLUMNS),
        LABELLED_CSV.resource_key: csv_body(project, key, _LABELLED_COLUMNS),
        JSON.resource_key: dump_json(report_document(project, key)).encode(JSON_ENCODING),
        XLSX.resource_key: report_workbook(project, key),
    }


def build_exports(project: Project, report_cache: ReportCache | None = None) -> dict[str, bytes]:
    """Every open data file, by path under the data folder, in a stable order.

    Refuses a project with errors (but a draft's: drafts are never exported): the
    data must never say what the checks reject. With a cache, a report whose
    inputs are unchanged since a previous build is not made again (same bytes).
    """
    from macros.opendata.xlsx import collection_workbook

    if project.blocking_errors:
        raise ValueError(f"数据检查未通过，不生成数据文件（{summarize(project.findings)}）。")
    cache = report_cache or ReportCache(None)
    keys = exportable_reports(project)
    ids_header, labelled_header = long_fields(), labelled_fields()
    made: dict[ReportKey, dict[str, bytes]] = {}
    for key in keys:
        digest = report_digest(project, key) if cache.folder is not None else ""
        parts = cache.get(digest) if digest else None
        if parts is None:
            parts = report_files(project, key)
            cache.put(digest, parts)
        made[key] = parts
    files: dict[str, bytes] = {}
    for key, parts in made.items():
        files[report_file(key, CSV.file_ending)] = _csv_file(ids_header, [parts[CSV.resource_key]])
        files[report_file(key, LABELLED_CSV.file_ending)] = _csv_file(
            labelled_header, [parts[LABELLED_CSV.resource_key]]
        )
        files[report_file(key, JSON.file_ending)] = parts[JSON.resource_key]
        files[report_file(key, XLSX.file_ending)] = parts[XLSX.resource_key]
    cache.prune()
    files[f"{ALL_REPORTS}.{CSV.file_ending}"] = _csv_file(ids_header, [p[CSV.resource_key] for p in made.values()])
    labelled = [p[LABELLED_CSV.resource_key] for p in made.values()]
    files[f"{ALL_REPORTS}.{LABELLED_CSV.file_ending}"] = _csv_file(labelled_header, labelled)
    documents = [p[JSON.resource_key].decode(JSON_ENCODING) for p in made.values()]
    files[f"{ALL_REPORTS}.{JSON.file_ending}"] = json_list("reports", documents).encode(JSON_ENCODING)
    files[f"{ALL_REPORTS}.{XLSX.file_ending}"] = collection_workbook(project, keys)
    files[ORGANS_CSV] = dump_csv(ORGAN_TABLE_FIELDS, organ_records(project))
    files[LONG_SCHEMA] = dump_json(long_schema()).encode(JSON_ENCODING)
    files[LABELLED_SCHEMA] = dump_json(labelled_schema()).encode(JSON_ENCODING)
    files[WIDE_SCHEMA] = dump_json(wide_schema()).encode(JSON_ENCODING)
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
