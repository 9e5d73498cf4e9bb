"""The JSON Schemas editors' tools read: generated, committed, and faithful to the loader."""

from __future__ import annotations

import fnmatch
import json

import jsonschema
import pytest
import yaml
from conftest import ROOT, seed_values

from macros.authoring.datafile import SCHEMA_REF, dump_report
from macros.authoring.schema import ORGANS_SCHEMA, REPORT_SCHEMA, SCHEMAS, organs_schema, render_schema, report_schema
from macros.check.load import load_organs, load_report

PATH = "data/reports/xiping/2024.yaml"
SEED_TEXT = dump_report(seed_values())


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a repeated key is an error, a date is text (YAML 1.2)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)


_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def editor_errors(text: str, schema: dict) -> list[str]:
    """What the editor flags while typing: YAML errors, then schema violations."""
    try:
        data = yaml.load(text, Loader=_EditorLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        return [f"yaml: {exc}"]
    return [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)]


def loader_rules(text: str) -> set[str]:
    _, findings = load_report(PATH, text, "xiping", 2024)
    return {f.rule for f in findings}


def replace_line(text: str, needle: str, new: str) -> str:
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if needle in line)
    lines[index] = new
    return "\n".join(lines) + "\n"


def test_committed_schemas_are_the_generated_ones():
    """Assert that every committed schema file equals what the format declaration generates."""
    for path, make in SCHEMAS.items():
        committed = (ROOT / path).read_text(encoding="utf-8")
        assert committed == render_schema(make()), f"{path} 已过期：请运行 make schema"


def test_schemas_are_valid_draft_7():
    """Assert that both schemas are valid JSON Schema (draft-07, which YAML language servers read)."""
    for make in SCHEMAS.values():
        jsonschema.Draft7Validator.check_schema(make())


def test_schema_describes_every_row_with_its_official_label():
    """Assert that the schema lists every row of every table, titled with its label, all required."""
    from macros.format.national import RECORD_FIELDS, TABLES

    schema = report_schema()
    assert schema["required"] == [*(f.key for f in RECORD_FIELDS if f.required), *(t.key for t in TABLES)]
    for table in TABLES:
        node = schema["properties"][table.key]
        assert node["required"] == [r.key for r in table.rows]
        for grid in table.grids:
            for row in grid.rows:
                assert node["properties"][row.key]["title"].endswith(row.label)
                if len(grid.columns) > 1:
                    assert [c["title"] for c in node["properties"][row.key]["items"]] == [c.label for c in grid.columns]


def test_every_bundled_data_file_passes_the_schema():
    """Assert that every data file in data/ is valid under its schema, and that there is at least one."""
    files = sorted((ROOT / "data/reports").glob("*/*.yaml"))
    assert files
    for path in files:
        assert editor_errors(path.read_text(encoding="utf-8"), report_schema()) == [], path
    assert editor_errors((ROOT / "data/organs.yaml").read_text(encoding="utf-8"), organs_schema()) == []


def test_data_files_name_their_schema_on_the_first_line():
    """Assert that each data file's first line points the language server at the committed schema."""
    files = sorted((ROOT / "data/reports").glob("*/*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={SCHEMA_REF}"
        assert (path.parent / SCHEMA_REF).resolve() == (ROOT / REPORT_SCHEMA).resolve()
    first = (ROOT / "data/organs.yaml").read_text(encoding="utf-8").splitlines()[0]
    ref = first.removeprefix("# yaml-language-server: $schema=")
    assert (ROOT / "data" / ref).resolve() == (ROOT / ORGANS_SCHEMA).resolve()


def test_vscode_maps_the_schemas_to_the_data_files():
    """Assert that .vscode/settings.json maps each schema to the files it describes."""
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = {path.removeprefix("./"): glob for path, glob in settings["yaml.schemas"].items()}
    assert set(mapping) == set(SCHEMAS)
    data_files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "data/reports").glob("*/*.yaml")]
    assert data_files and all(fnmatch.fnmatch(f, mapping[REPORT_SCHEMA]) for f in data_files)
    assert fnmatch.fnmatch("data/organs.yaml", mapping[ORGANS_SCHEMA])
    assert not fnmatch.fnmatch("data/organs.yaml", mapping[REPORT_SCHEMA])


_CORRECTION = "corrections:\n  - date: 2025-03-02\n    reason: "
# Each kind of bad data file the loader rejects, and how the editor sees it.
# (rule the loader reports, the seed line to change, what to write instead)
BAD_REPORTS = [
    ("unknown-key", "penalty:", "  penalties: 287"),
    ("unknown-key", "# 四、", "extra: 1"),
    ("missing", "penalty:", "  # 行政处罚 removed"),
    ("wrong-shape", "rules:", "  rules: {issued: 0}"),
    ("wrong-shape", "rules:", "  rules: 0"),
    ("wrong-length", "rules:", "  rules: [0, 0]"),
    ("wrong-length", "review:", "  review: [0, 0, 0, 0, 0, 0]"),
    ("not-number", "penalty:", '  penalty: "287"'),
    ("not-number", "penalty:", "  penalty: yes"),
    ("not-number", "penalty:", "  penalty: 二百八十七"),
    ("not-number", "fees:", '  fees: "0.5"'),
    ("not-integer", "penalty:", "  penalty: 287.5"),
    ("negative", "penalty:", "  penalty: -3"),
    ("negative", "fees:", "  fees: -0.5"),
    ("blank", "rules:", "  rules:"),
    ("duplicate-key", "coercion:", "  penalty: 1"),
    ("yaml-syntax", "rules:", "  rules: [0, 0"),
    ("record-status", "status:", "status: 公开"),
    ("record-status", "status:", "status: [草稿]"),
    ("record-date", "status:", "status: 已发布\npublished: 2025/01/20"),
    ("record-text", "status:", f"status: 已发布\npublished: 2025-01-20\n{_CORRECTION}fix"),
    ("record-text", "status:", f"status: 已发布\npublished: 2025-01-20\n{_CORRECTION}''"),
    ("review-entry", "status:", "status: 草稿\nreviewed:\n  stray-latn: 核对无误。"),
    ("review-entry", "status:", "status: 草稿\nreviewed:\n  t3-balance: 核对无误。"),
    ("review-entry", "status:", "status: 草稿\nreviewed:\n  stray-latin:"),
    ("review-entry", "status:", "status: 草稿\nreviewed:\n  stray-latin: ok"),
    ("review-entry", "status:", f"status: 草稿\nreviewed:\n  stray-latin: {'很' * 101}"),
    ("review-entry", "status:", "status: 草稿\nreviewed: [stray-latin]"),
]
# Every rule the loader can report for a report's data file (see macros/check/load.py).
# `encoding` is left out: an editor saves UTF-8 and there is no text to validate otherwise.
DATA_FILE_RULES = {
    "yaml-syntax",
    "duplicate-key",
    "unknown-key",
    "missing",
    "wrong-shape",
    "wrong-length",
    "blank",
    "not-number",
    "not-integer",
    "negative",
    "record-status",
    "record-date",
    "record-text",
    "review-entry",
}


@pytest.mark.parametrize("rule, needle, line", BAD_REPORTS, ids=[f"{r}:{n}" for r, n, _ in BAD_REPORTS])
def test_schema_rejects_what_the_loader_rejects(rule, needle, line):
    """Assert that each kind of bad input the loader rejects is flagged in the editor too."""
    text = replace_line(SEED_TEXT, needle, line)
    assert rule in loader_rules(text)
    assert editor_errors(text, report_schema()), f"the editor would accept: {line!r}"


def test_every_loader_rule_has_a_bad_input_case():
    """Assert that the table above covers every rule the loader reports for a data file."""
    assert {rule for rule, _, _ in BAD_REPORTS} == DATA_FILE_RULES


def test_dates_out_of_order_pass_the_schema_and_fail_the_check():
    """Assert that record-order, a comparison between dates, is left to the check (JSON Schema cannot compare)."""
    text = replace_line(SEED_TEXT, "status:", f"status: 已发布\npublished: 2025-01-20\n{_CORRECTION}更正。")
    text = text.replace("date: 2025-03-02", "date: 2024-03-02")
    assert editor_errors(text, report_schema()) == []
    assert "record-order" in loader_rules(text)


def test_blank_cells_pass_the_schema_and_fail_the_check():
    """Assert that a null cell is valid while typing (a new report is all blanks) but 「未填写」 for the check."""
    text = replace_line(SEED_TEXT, "penalty:", "  penalty: null")
    assert editor_errors(text, report_schema()) == []
    assert loader_rules(text) == {"blank"}
    assert editor_errors(dump_report(None), report_schema()) == []


BAD_ORGANS = [
    ("organ-slug", "xiping:", "Xi_Ping:"),
    ("organ-level", "  level: 街道", "  level: 社区"),
    ("missing", "  short: 西平街道", "  # short removed"),
    ("unknown-key", "  short: 西平街道", "  nickname: 西平"),
    ("wrong-shape", "  short: 西平街道", "  short: [西平]"),
    ("organ-covers", "  level: 县级政府", "  level: 县级政府\n  covers_children: 是"),
]


@pytest.mark.parametrize("rule, needle, line", BAD_ORGANS, ids=[r for r, _, _ in BAD_ORGANS])
def test_organs_schema_rejects_what_the_registry_loader_rejects(rule, needle, line):
    """Assert that each kind of bad organ entry is flagged by the schema as by the loader."""
    text = replace_line((ROOT / "data/organs.yaml").read_text(encoding="utf-8"), needle, line)
    _, findings = load_organs("data/organs.yaml", text)
    assert rule in {f.rule for f in findings}
    assert editor_errors(text, organs_schema())
