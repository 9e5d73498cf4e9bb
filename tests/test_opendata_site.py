"""Open data in the built site: the data package, download links, the 数据下载 page, identical builds."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site
from frictionless import validate
from opendata_helpers import make_rich_project, read_csv

from macros.cli import main
from macros.format.national import TABLES, cells
from macros.opendata import longform
from macros.opendata.cache import CACHE_DIR
from macros.opendata.catalogue import DATAPACKAGE, report_file


@pytest.fixture
def offline(monkeypatch):
    """No network: validating the package must not fetch a profile or a schema."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _errors(report) -> set[tuple[str, str]]:
    return {(task.name, error.type) for task in report.tasks for error in task.errors}


def test_datapackage_of_the_bundled_site_validates_offline(built_site: Path, offline) -> None:
    """Assert that `frictionless validate datapackage.json` passes on the built site without network."""
    report = validate(built_site / "data" / DATAPACKAGE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [task.name for task in report.tasks]
    assert names == [
        "all-reports",
        "all-reports-zh",
        "all-reports-json",
        "all-reports-xlsx",
        "all-reports-wide",
        "organs",
        "xiping-2024",
        "xiping-2024-zh",
        "xiping-2024-json",
        "xiping-2024-xlsx",
    ]


def test_datapackage_catches_tampered_files(built_site: Path, tmp_path: Path, offline) -> None:
    """Assert that validation fails on a negative value, an unknown organ and a changed workbook."""
    data = tmp_path / "data"
    shutil.copytree(built_site / "data", data)
    path = data / report_file(("xiping", 2024), "csv")
    path.write_bytes(path.read_bytes().replace(b",287,", b",-287,"))
    path = data / "all-reports.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\nxiping,", b"\r\nnobody,", 1))
    (data / "all-reports.xlsx").write_bytes((data / "all-reports.xlsx").read_bytes() + b"\0")
    descriptor = json.loads((data / DATAPACKAGE).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "all-reports":
            del resource["hash"], resource["bytes"]  # so that the foreign key is what fails it
    (data / DATAPACKAGE).write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = validate(data / DATAPACKAGE)
    assert _errors(report) == {
        ("xiping-2024", "constraint-error"),
        ("xiping-2024", "hash-count"),
        ("xiping-2024", "byte-count"),
        ("all-reports", "foreign-key"),
        ("all-reports-xlsx", "hash-count"),
        ("all-reports-xlsx", "byte-count"),
        ("all-reports-wide", "hash-count"),  # the same workbook, described as a table too
        ("all-reports-wide", "byte-count"),
    }


def test_datapackage_fields_come_from_the_format(built_site: Path) -> None:
    """Assert that the long table's schema has every field with a Chinese title and the format's ids."""
    data = built_site / "data"
    schema = json.loads((data / "long-table.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == [f.name for f in longform.long_fields()]
    assert all(f["title"] and f["description"] for f in fields.values())
    assert fields["table"]["constraints"]["enum"] == [t.key for t in TABLES]
    assert set(fields["row"]["constraints"]["enum"]) == {c.row for c in cells()}
    assert set(fields["column"]["constraints"]["enum"]) == {c.column for c in cells()}
    assert set(fields["unit"]["constraints"]["enum"]) == {"件", "万元"}
    assert fields["value"]["type"] == "number" and fields["value"]["constraints"]["minimum"] == 0
    assert schema["primaryKey"] == ["organ", "year", "table", "row", "column"]
    package = json.loads((data / DATAPACKAGE).read_bytes())
    on_disk = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    schemas = {"long-table.schema.json", "long-table-zh.schema.json", "wide-table.schema.json"}
    described = {r["path"] for r in package["resources"]} | {DATAPACKAGE, "index.html"} | schemas
    assert described == on_disk


def test_report_page_links_its_data_files(built_site: Path) -> None:
    """Assert that a report page ends with a 数据下载 block whose links reach the three files."""
    page = built_site / "xiping" / "2024" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one(".admonition.nb-downloads")
    assert block is not None and block.select_one(".admonition-title").get_text() == "数据下载"
    targets = [(page.parent / a["href"]).resolve() for a in block.select("a")]
    data = (built_site / "data").resolve()
    endings = ("csv", "zh.csv", "json", "xlsx")
    assert targets[:4] == [data / report_file(("xiping", 2024), ending) for ending in endings]
    assert all(t.is_file() for t in targets[:4])
    assert targets[4] == data  # the 数据下载 page
    # The block ends the page: after part 六 (and the 更正记录, when there is one).
    assert block.find_next("h2") is None
    before = [h.get_text(strip=True).rstrip("¶") for h in block.find_all_previous("h2")]
    assert "六、其他需要报告的事项" in before


def test_data_page_lists_every_file_and_the_whole_dictionary(built_site: Path) -> None:
    """Assert that the 数据下载 page links every described file and lists every table, row and column id."""
    page = built_site / "data" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    linked = {(page.parent / a["href"]).resolve() for a in article.select("a[href]") if "://" not in a["href"]}
    package = json.loads((built_site / "data" / DATAPACKAGE).read_bytes())
    for resource in package["resources"]:
        assert (built_site / "data" / resource["path"]).resolve() in linked, resource["path"]
    codes = {c.get_text() for c in article.select("td code")}
    assert {c.row for c in cells()} | {c.column for c in cells()} <= codes
    assert {f.name for f in longform.long_fields()} <= codes
    cells_text = {td.get_text() for td in article.select("td")}
    assert {f.name for f in longform.labelled_fields()} <= cells_text  # the Chinese CSV's headers
    assert {header for _, header, _ in longform.wide_cells()} <= cells_text  # the wide sheet's
    assert {f"{c.table}.{c.row}.{c.column}" for c in cells()} <= codes  # each wide column's ids
    text = article.get_text()
    for table in TABLES:
        assert f"表{table.number} {table.title}" in text
        for row in table.rows:
            assert row.label in text
    assert "BOM" in text and "UTF-8" in text
    assert "数据下载" in [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a")]


def test_two_builds_give_identical_data_files(project_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Assert that two builds of the same data (another time zone, another day) give the same bytes,
    and that `python -m macros export` gives those bytes too."""
    make_rich_project(project_copy)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    first = build_site(project_copy, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    second = build_site(project_copy, tmp_path / "two")
    assert second.returncode == 0, second.stderr

    def data_files(data: Path) -> dict[str, bytes]:
        return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}

    one, two = data_files(tmp_path / "one" / "data"), data_files(tmp_path / "two" / "data")
    # Three public reports × 4, the collection's 4, organs, three schemas, package, page.
    assert len(one) == 3 * 4 + 4 + 6
    # The second build took every report's files from the first one's cache: the same bytes.
    assert len(list((project_copy / CACHE_DIR).glob("*.bin"))) == 3 + 1  # and the collection workbook
    assert one == two
    assert main(["--root", str(project_copy), "export", "--out", str(tmp_path / "cli")]) == 0
    exported = data_files(tmp_path / "cli")
    assert exported == {k: v for k, v in one.items() if k != "index.html"}


def test_a_failing_report_builds_no_data_file(project_copy: Path, tmp_path: Path) -> None:
    """Assert that a published report failing its checks stops the build before any data file is written.

    A draft's errors do not: the draft is left out of the public site (and of its data).
    """
    make_rich_project(project_copy)
    draft = project_copy / "data" / "reports" / "zhanyi" / "2025.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("licensing: 0", "licensing: 12.5"), encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(project_copy, site).returncode == 0
    assert not list((site / "data").rglob("*2025*"))
    path = project_copy / "data" / "reports" / "xiping" / "2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   12.5"), encoding="utf-8")
    site = tmp_path / "site-2"
    result = build_site(project_copy, site)
    assert result.returncode != 0
    assert "data/reports/xiping/2024.yaml:" in result.stderr and "[not-integer]" in result.stderr
    assert not list(site.rglob("*.csv")) and not list(site.rglob("*.xlsx")) and not list(site.rglob("*.json"))


def test_drafts_get_no_data_and_the_package_validates(project_copy: Path, tmp_path: Path, offline) -> None:
    """Assert that a draft has no data file nor download block, and the site's package is valid with
    several reports, decimals, a correction and publication dates."""
    reports = make_rich_project(project_copy)
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 0, result.stderr
    data = site / "data"
    assert not list(data.rglob("*2025*"))
    assert not (site / "zhanyi" / "2025" / "index.html").exists()
    # In a preview the draft is built, but still without data files or a download block.
    preview = tmp_path / "preview"
    assert build_site(project_copy, preview, preview=True).returncode == 0
    draft = BeautifulSoup((preview / "zhanyi/2025/index.html").read_text(encoding="utf-8"), "html.parser")
    assert draft.select_one(".nb-downloads") is None
    assert not list((preview / "data").rglob("*2025*"))
    report = validate(data / DATAPACKAGE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 6 + 4 * len(reports)
    rows = read_csv((data / "all-reports.csv").read_bytes())
    corrected = {(r["organ"], r["year"], r["corrected"]) for r in rows if r["corrected"]}
    assert corrected == {("zhanyi", "2024", "2025-03-01")}
