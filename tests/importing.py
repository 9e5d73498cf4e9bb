"""Helpers shared by the importer tests: the bundled report and ways to import text."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, ROOT

from macros.check.findings import Finding
from macros.check.load import Organ, Report, load_organs, load_report
from macros.check.pages import split_parts
from macros.importer import Imported, import_file

SEED = FIXTURES / "xiping-2024.txt"
NARRATIVE_PARTS = ("一", "五", "六")


def registry() -> dict[str, Organ]:
    organs, _ = load_organs("data/organs.yaml", (ROOT / "data/organs.yaml").read_text(encoding="utf-8"))
    return organs


def organ() -> Organ:
    return registry()["xiping"]


def bundled_report() -> Report:
    path = "data/reports/xiping/2024.yaml"
    report, findings = load_report(path, (ROOT / path).read_text(encoding="utf-8"), "xiping", 2024)
    assert findings == []
    return report


def bundled_page() -> str:
    return (ROOT / "docs/xiping/2024.md").read_text(encoding="utf-8")


def narrative(page: str) -> dict[str, str]:
    """The text of the narrative parts 一, 五 and 六 of a page."""
    return {s.number: s.body.strip() for s in split_parts(page) if s.number in NARRATIVE_PARTS}


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def line_of(lines: list[str], start: str) -> int:
    """1-based number of the first line that starts with `start`."""
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(start))


def import_text(tmp_path: Path, lines: list[str] | str, name: str = "seed.txt", year: int = 2024) -> Imported:
    path = tmp_path / name
    path.write_text(lines if isinstance(lines, str) else "\n".join(lines), encoding="utf-8")
    return import_file(path, organ(), year)


def where(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in findings]


def loaded(imported: Imported) -> Report:
    """The imported data file as the loader reads it back."""
    report, _ = load_report("data/reports/xiping/2024.yaml", imported.data_text, "xiping", 2024)
    return report
