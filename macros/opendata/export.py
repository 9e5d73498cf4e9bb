"""Open data files: every public report's numbers as CSV, JSON and Excel, and the collection.

``write_open_data`` gives every file (path under the site's ``data/`` folder)
to a sink (site/tree.py) one by one, the collection's report by report, so that
a region's hundreds of megabytes are never held at once. ``python -m macros
prepare`` writes them into the site's source tree and ``python -m macros export``
the same bytes into a folder; both only from a project whose checks all pass.
``build_exports`` gives them as a dict, for a look at a small project. Same data, same bytes: nothing here depends on
the time, the machine or the order of a directory listing.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from macros.check.findings import summarize
from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import Cell, Grid, Row, Table
from macros.format.numbers import format_number
from macros.opendata.cache import ReportCache, collection_digest, report_digest
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
    document_head,
    document_tables,
    exportable_reports,
    labelled_columns,
    labelled_fields,
    long_fields,
    metadata_fields,
    organ_records,
    report_head,
)
from macros.site.tree import MemoryTree, Sink, TreeWriter

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
        if one_line:
            if all(_scalar(v) for v in values):
                # A scalar's text does not depend on the indent: encoded once, for either layout.
                return _scalars_layout(opening, closing, members, [encode(v, indent) for v in values], indent)
            text = opening + ", ".join(m + encode(v, indent) for m, v in zip(members, values, strict=True)) + closing
            if len(text) <= ONE_LINE:
                return text
        return _one_per_line(opening, closing, members, [encode(v, indent + "  ") for v in values], indent)

    return encode(value, "") + "\n"


def _one_per_line(opening: str, closing: str, members: Sequence[str], encoded: list[str], indent: str) -> str:
    inner = indent + "  "
    lines = ",\n".join(inner + m + e for m, e in zip(members, encoded, strict=True))
    return f"{opening}\n{lines}\n{indent}{closing}"


def _scalars_layout(opening: str, closing: str, members: Sequence[str], encoded: list[str], indent: str) -> str:
    """A container of scalars (their `encoded` texts): on one line if it fits, else one member per line."""
    text = opening + ", ".join(m + e for m, e in zip(members, encoded, strict=True)) + closing
    return text if len(text) <= ONE_LINE else _one_per_line(opening, closing, members, encoded, indent)


# Stands for a row's values in the report JSON's template; where it is, the row's indent is known.
_VALUES_MARK = {"\ue001": "\ue001"}
# Stands for the tables in a report's document: a list of a dict is never written on one line.
_TABLES_MARK = [_VALUES_MARK]


class _JsonTemplate(NamedTuple):
    chunks: tuple[str, ...]  # the tables' text around each row's values, from the list's "["
    rows: tuple[tuple[str, tuple[str, ...], tuple[Cell, ...]], ...]  # each row's indent, members, cells
    tail: str  # the text of _TABLES_MARK from its "[": what the head's text ends with


@cache
def _json_template() -> _JsonTemplate:
    """A report document's tables as text around each row's values, and how to write those values.

    Made once by `dump_json` itself (a subtree's text depends only on it and its indent): the
    tables with a mark for every row's values, split at the marks. For each row: its indent,
    its members' texts ('"natural": ') and its cells, in the order `document_tables` asks.
    """
    cells: list[tuple[Cell, ...]] = []

    def mark(table: Table, grid: Grid, row: Row) -> dict[str, str]:
        cells.append(tuple(Cell(table.key, row.key, c.key) for c in grid.columns))
        return _VALUES_MARK

    text, standin = dump_json({"tables": document_tables(mark)}), dump_json({"tables": _TABLES_MARK})
    cut = standin.index("[")
    assert text[:cut] == standin[:cut]
    chunks = text[cut:].split(dump_json(_VALUES_MARK).rstrip("\n"))
    assert len(chunks) == len(cells) + 1
    rows = []
    for before, row in zip(chunks[:-1], cells, strict=True):
        line = before.rpartition("\n")[2]  # '<indent>"values": '
        rows.append((line[: len(line) - len(line.lstrip(" "))], tuple(f"{_json_string(c.column)}: " for c in row), row))
    return _JsonTemplate(tuple(chunks), tuple(rows), standin[cut:])


def report_json(project: Project, key: ReportKey) -> str:
    """`dump_json(report_document(project, key))`, made from the template: only the numbers are encoded."""
    template = _json_template()
    values = project.reports[key].values
    parts = [template.chunks[0]]
    for (indent, members, row), after in zip(template.rows, template.chunks[1:], strict=True):
        parts.append(_scalars_layout("{", "}", members, [_encode_scalar(values[c]) for c in row], indent))
        parts.append(after)
    # The head's fields as the generic writer has them, the mark's tables replaced by the report's.
    head = dump_json({**document_head(project, key), "tables": _TABLES_MARK})
    assert head.endswith(template.tail)
    return head[: -len(template.tail)] + "".join(parts)


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


@cache
def _csv_header(header: tuple[SchemaField, ...]) -> bytes:
    return dump_csv(header, [])


_JSON_LIST_KEY = "reports"  # the collection's one member: the list of every report's document
_JSON_LIST_HEAD = f"{{\n  {json.dumps(_JSON_LIST_KEY)}: [\n".encode(JSON_ENCODING)
_JSON_LIST_TAIL = b"\n  ]\n}\n"


def json_list_item(text: str, first: bool) -> bytes:
    """One item's part of the collection's JSON (`dump_json({"reports": [...]})`), from `dump_json`'s text of it.

    The item's lines move in by two levels; nothing is encoded twice. Between the
    head and the tail, one after the other: the collection is written report by report.
    """
    separator = "" if first else ",\n"
    return (separator + "    " + text.rstrip("\n").replace("\n", "\n    ")).encode(JSON_ENCODING)


_IDS_COLUMNS = tuple(f.name for f in long_fields())
_LABELLED_COLUMNS = tuple(source for source, _ in labelled_columns())


def report_files(project: Project, key: ReportKey) -> dict[str, bytes]:
    """What is made of one report, by kind: its lines of both CSVs, its JSON text, its workbook."""
    from macros.opendata.xlsx import report_workbook  # loaded only when files are made, never to check

    return {
        CSV.resource_key: csv_body(project, key, _IDS_COLUMNS),
        LABELLED_CSV.resource_key: csv_body(project, key, _LABELLED_COLUMNS),
        JSON.resource_key: report_json(project, key).encode(JSON_ENCODING),
        XLSX.resource_key: report_workbook(project, key),
    }


def build_exports(project: Project, report_cache: ReportCache | None = None) -> dict[str, bytes]:
    """Every open data file, by path under the data folder, in a stable order (`write_open_data`, in memory)."""
    tree = MemoryTree()
    write_open_data(project, tree, report_cache)
    return dict(sorted(tree.files.items()))


def write_open_data(project: Project, sink: Sink, report_cache: ReportCache | None = None, under: str = "") -> None:
    """Give `sink` every open data file, by path under the data folder (prefixed with `under`), one by one.

    Refuses a project with errors (but a draft's: drafts are never exported): the
    data must never say what the checks reject. With a cache, a report whose
    inputs are unchanged since a previous build is not made again (same bytes).
    Only one report's files are held at a time: the collection files are written
    report by report as they are made.
    """
    from macros.opendata.xlsx import collection_workbook

    if project.blocking_errors:
        raise ValueError(f"数据检查未通过，不生成数据文件（{summarize(project.findings)}）。")
    cache = report_cache or ReportCache(None)
    keys = exportable_reports(project)
    ids_header, labelled_header = _csv_header(long_fields()), _csv_header(labelled_fields())
    collection = f"{under}{ALL_REPORTS}"
    with (
        sink.open(f"{collection}.{CSV.file_ending}") as all_ids,
        sink.open(f"{collection}.{LABELLED_CSV.file_ending}") as all_labelled,
        sink.open(f"{collection}.{JSON.file_ending}") as all_json,
    ):
        all_ids.write(ids_header)
        all_labelled.write(labelled_header)
        all_json.write(_JSON_LIST_HEAD if keys else dump_json({_JSON_LIST_KEY: []}).encode(JSON_ENCODING))
        digests: list[str] = []
        for i, key in enumerate(keys):
            digest = report_digest(project, key) if cache.folder is not None else ""
            digests.append(digest)
            parts = cache.get(digest) if digest else None
            if parts is None:
                parts = report_files(project, key)
                cache.put(digest, parts)
            ids, labelled = parts[CSV.resource_key], parts[LABELLED_CSV.resource_key]
            sink.add(f"{under}{report_file(key, CSV.file_ending)}", ids_header + ids)
            sink.add(f"{under}{report_file(key, LABELLED_CSV.file_ending)}", labelled_header + labelled)
            sink.add(f"{under}{report_file(key, JSON.file_ending)}", parts[JSON.resource_key])
            sink.add(f"{under}{report_file(key, XLSX.file_ending)}", parts[XLSX.resource_key])
            all_ids.write(ids)
            all_labelled.write(labelled)
            all_json.write(json_list_item(parts[JSON.resource_key].decode(JSON_ENCODING), first=i == 0))
        if keys:
            all_json.write(_JSON_LIST_TAIL)
    # The collection workbook is made of every report (and the registry): kept under the hash of all of them.
    whole = collection_digest(project, digests) if cache.folder is not None else ""
    kept = cache.get(whole) if whole else None
    workbook = kept.get(XLSX.resource_key) if kept else None
    if workbook is None:
        workbook = collection_workbook(project, keys)
        cache.put(whole, {XLSX.resource_key: workbook})
    cache.prune()
    sink.add(f"{collection}.{XLSX.file_ending}", workbook)
    sink.add(f"{under}{ORGANS_CSV}", dump_csv(ORGAN_TABLE_FIELDS, organ_records(project)))
    sink.add(f"{under}{LONG_SCHEMA}", dump_json(long_schema()).encode(JSON_ENCODING))
    sink.add(f"{under}{LABELLED_SCHEMA}", dump_json(labelled_schema()).encode(JSON_ENCODING))
    sink.add(f"{under}{WIDE_SCHEMA}", dump_json(wide_schema()).encode(JSON_ENCODING))
    # Last: it lists every other file's size and hash, as written.
    written = {uri[len(under) :]: facts for uri, facts in sink.written.items() if uri.startswith(under)}
    sink.add(f"{under}{DATAPACKAGE}", dump_json(build_datapackage(project, keys, written)).encode(JSON_ENCODING))


def write_exports(make: Callable[[Sink], None], out: Path) -> int:
    """Replace the folder `out` with exactly the files `make` gives its sink, all at once; returns how many.

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
        tree = TreeWriter(staging)
        make(tree)
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
    return len(tree.written)
