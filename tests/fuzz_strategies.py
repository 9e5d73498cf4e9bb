"""Hypothesis strategies for fuzzing the loaders, the rules and the page checker (tests/test_fuzz.py).

Inputs are made three ways: arbitrary text; the bundled files mutated at random
places with the characters YAML and Markdown give meaning to; and YAML
documents built from the format's own keys mixed with strange ones, so that
the fuzzer gets past the first syntax error into the loaders' deeper branches.
"""

from __future__ import annotations

import random
from decimal import Decimal

import yaml
from conftest import ROOT
from hypothesis import strategies as st

from macros.check.findings import CATALOGUE, Finding
from macros.check.load import Organ, Report
from macros.format.national import AMOUNT, LEVELS, ORGAN_FIELDS, PARTS, RECORD_FIELDS_BY_KEY, TABLES, Cell, cells

SEED_DATA = (ROOT / "data/reports/xiping/2024.yaml").read_text(encoding="utf-8")
SEED_PAGE = (ROOT / "docs/xiping/2024.md").read_text(encoding="utf-8")
SEED_ORGANS = (ROOT / "data/organs.yaml").read_text(encoding="utf-8")
SEED_LOCK = (ROOT / "data/published.lock").read_text(encoding="utf-8")

# What YAML and Markdown give meaning to, and what editors type by mistake.
_SPECIAL = list("[]{}:,-#&*!|>'\"%@`?\n\t 　０１：，") + ["\r\n", "\ufeff", "---", "...", "- ", ": ", "#", "## "]
_KEYS = [
    *RECORD_FIELDS_BY_KEY,
    *(t.key for t in TABLES),
    *(r.key for t in TABLES for r in t.rows),
    *ORGAN_FIELDS,
    "published",
    "numbers",
    "page",
    "name",
    "xiping/2024",
    "date",
    "reason",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.text(max_size=20),
    st.sampled_from(["0", "1", "287", "0.5", "1e3", "0x1F", "010", "yes", "~", "null", "2025-01-20", "已发布"]),
    st.sampled_from(list(LEVELS)),
)


def _plain(value: object) -> object:
    # yaml.safe_dump cannot write Decimal.
    return str(value) if isinstance(value, Decimal) else value


documents = st.recursive(
    scalars.map(_plain),
    lambda children: st.one_of(
        st.lists(children, max_size=8),
        st.dictionaries(st.one_of(st.sampled_from(_KEYS), st.text(max_size=8)), children, max_size=8),
    ),
    max_leaves=60,
)


def _dump(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """`seed` with a few random edits: insertions of special characters, deletions, swapped lines."""
    text = seed
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(_SPECIAL), st.text(max_size=4))) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=8)) :]
        elif kind == "replace":
            text = text[:at] + draw(st.sampled_from(_SPECIAL)) + text[at + 1 :]
        else:
            lines = text.split("\n")
            index = min(at, len(lines) - 1)
            lines.insert(index, lines[index])
            text = "\n".join(lines)
    return text


def yaml_texts(seed: str) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=200), mutated(seed), documents.map(_dump))


def markdown_texts() -> st.SearchStrategy[str]:
    headings = st.sampled_from([f"## {n}、{t}" for n, t in PARTS] + ["# 标题", "## 六、其他需报告的事项", "```"])
    blocks = st.one_of(
        headings,
        st.sampled_from(
            ['{{ table("二") }}', '{{ table("三") }}', "{# 填写提示 #}", "未接到政府信息公开申请", "信息处理费"]
        ),
        st.text(max_size=40),
    )
    return st.one_of(mutated(SEED_PAGE), st.lists(blocks, max_size=30).map("\n\n".join), st.text(max_size=300))


AMOUNT_CELLS = {
    Cell(t.key, r.key, c.key) for t in TABLES for r in t.rows for c in t.grid_of(r.key).columns if c.kind == AMOUNT
}


@st.composite
def reports(draw: st.DrawFn, organ: str = "xiping", year: int = 2024) -> Report:
    """A report whose cells are missing, zero, small, or huge (every value a parse could give).

    The 200 cells come from one drawn random generator, not 200 draws: fast enough
    for hundreds of cases in the suite.
    """
    report = Report(organ=organ, year=year, path=f"data/reports/{organ}/{year}.yaml")
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32 - 1)))
    mode = draw(st.sampled_from(["zeros", "small", "huge", "sparse"]))
    top = {"zeros": 0, "small": 5, "huge": 10**15 - 1, "sparse": 3}[mode]
    for cell in cells():
        if mode == "sparse" and rng.random() < 0.5:
            continue
        value = rng.randint(0, top) if mode != "zeros" or rng.random() < 0.05 else 0
        if mode == "zeros" and value:
            value = rng.randint(1, 3)
        report.values[cell] = Decimal(value) / 100 if cell in AMOUNT_CELLS else value
        report.lines[cell] = rng.randint(1, 300)
    return report


organs = st.builds(
    Organ,
    st.just("xiping"),
    st.text(min_size=1, max_size=20),
    st.text(min_size=1, max_size=8),
    st.sampled_from(list(LEVELS)),
    st.none(),
)


def well_formed(findings: list[Finding], files: set[str]) -> None:
    """Assert what every finding must be: a known rule, a file of the input, a line, a bounded Chinese message."""
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.rule in CATALOGUE, finding
        assert CATALOGUE[finding.rule].advisory == finding.advisory, finding
        assert finding.file in files, finding
        assert isinstance(finding.line, int) and finding.line >= 1, finding
        assert finding.message and len(finding.message) < 2000, finding
        assert any("\u4e00" <= c <= "\u9fff" for c in finding.message), finding
        str(finding)  # printable
