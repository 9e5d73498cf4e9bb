"""Fuzzing (Hypothesis) of the loaders, the rules and the page checker: nothing escapes, every finding is well formed.

Bounded for the suite (a fixed seed, a few hundred cases, some seconds); set
NIANBAO_FUZZ_EXAMPLES for a longer run (benchmarks/fuzz.py records one in
benchmarks/RESULTS.md).
"""

from __future__ import annotations

import os

from fuzz_strategies import (
    SEED_DATA,
    SEED_LOCK,
    SEED_ORGANS,
    markdown_texts,
    organs,
    reports,
    well_formed,
    yaml_texts,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.check.load import load_organs, load_report
from macros.check.pages import check_page
from macros.check.rules import check_across_years, check_report
from macros.record.lock import LOCK_FILE, parse_lock

EXAMPLES = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "100"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DATA = "data/reports/xiping/2024.yaml"
PAGE = "docs/xiping/2024.md"
ORGANS = "data/organs.yaml"


@fuzz
@given(yaml_texts(SEED_DATA))
def test_load_report(text: str):
    """Assert that any text loads into a report or findings, never an exception."""
    report, findings = load_report(DATA, text, "xiping", 2024)
    well_formed(findings, {DATA})
    assert all(report.line(cell) >= 1 for cell in report.values)


@fuzz
@given(yaml_texts(SEED_ORGANS))
def test_load_organs(text: str):
    """Assert that any registry text loads into organs or findings, never an exception."""
    found, findings = load_organs(ORGANS, text)
    well_formed(findings, {ORGANS})
    assert all(organ.slug == slug and organ.name for slug, organ in found.items())


@fuzz
@given(yaml_texts(SEED_LOCK))
def test_parse_lock(text: str):
    """Assert that any lock text parses into entries or findings, never an exception."""
    entries, findings = parse_lock(text)
    well_formed(findings, {LOCK_FILE})
    assert all(entry.line >= 1 for entry in entries.values())


@fuzz
@given(reports(), st.one_of(st.none(), organs))
def test_rules(report, organ):
    """Assert that the table rules run on any values (missing, zero, huge) and report well-formed findings."""
    well_formed(check_report(report, organ), {DATA})


@fuzz
@given(reports(year=2023), reports())
def test_rules_across_years(previous, report):
    """Assert that the across-years rules run on any pair of reports."""
    well_formed(list(check_across_years(previous, report)), {DATA})


@fuzz
@given(markdown_texts(), st.one_of(st.none(), reports()))
def test_check_page(text: str, report):
    """Assert that the page checker takes any Markdown, with or without the report's numbers."""
    well_formed(list(check_page(PAGE, text, report)), {PAGE})
