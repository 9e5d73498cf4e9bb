"""The site's identity (data/site.yaml) and a report page's facts: checked values, located findings, escaped text.

Fixtures are a fictional host (示例街道) with made-up numbers; the browser tests
(tests/browser/test_browser_identity.py) look at the built header and footer.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import yaml
from conftest import DISTINCT_KEY, add_distinct_report

from macros.check.identity import DEFAULT_SITE_NAME, LOGO_LIMIT, SITE_FILE, Identity, load_identity, read_identity
from macros.check.load import load_report
from macros.check.project import check_project
from macros.cli import main
from macros.record.history import render_facts, split_front_matter
from macros.site.prepare import report_organ, report_page

HOST = "示例市示例区人民政府示例街道办事处"
GOOD = f"""# 网站信息（测试用的虚构主办单位）
host: {HOST}
site_code: "5303000001"
icp: 滇ICP备00000000号-1
police: 滇公网安备53030002000000号
phone: 0874-0000000
email: gk@example.gov.cn
address: 示例市示例区示例路 1 号
"""


def tiny_png() -> bytes:
    """A real 1×1 PNG, written here (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xa8\x17\x1d"))
        + chunk(b"IEND", b"")
    )


def located(findings) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in findings]


def test_every_field_is_kept_and_names_the_site():
    """Assert that well-formed values are kept as written and the host names the site."""
    identity, findings = load_identity(SITE_FILE, GOOD)
    assert findings == []
    assert identity.values == {
        "host": HOST,
        "site_code": "5303000001",
        "icp": "滇ICP备00000000号-1",
        "police": "滇公网安备53030002000000号",
        "phone": "0874-0000000",
        "email": "gk@example.gov.cn",
        "address": "示例市示例区示例路 1 号",
    }
    assert identity.site_name == f"{HOST}政府信息公开工作年度报告"
    extra = identity.theme_extra()
    assert extra["police_code"] == "53030002000000" and extra["footer"] is True
    assert extra["labels"]["host"] == "主办单位"


def test_no_file_or_only_comments_is_no_identity(tmp_path: Path):
    """Assert that the identity is optional: no file, an empty file, comments only, empty values: nothing shown."""
    assert read_identity(tmp_path) == (Identity(), [])
    for text in ("", "# 只有注释\n", "host:\nicp: ~\n"):
        identity, findings = load_identity(SITE_FILE, text)
        assert identity.values == {} and findings == [], text
        assert identity.site_name == DEFAULT_SITE_NAME == "政府信息公开工作年度报告"
        assert identity.theme_extra()["footer"] is False


def test_bad_values_are_located_findings_and_dropped():
    """Assert that each malformed value is one finding at its line (rule site-identity) and is not kept."""
    text = (
        "host: <script>alert(1)</script>\n"  # 1: markup
        "site_code: 12345\n"  # 2: not 10 characters
        "icp: ICP备案 00000000\n"  # 3: no province, no 号
        "police: 公安备案 123\n"  # 4
        "phone: 请拨打 0874\n"  # 5: words
        "email: 不是邮箱\n"  # 6
        f"address: {'路' * 101}\n"  # 7: too long
        "logo: ../secret.png\n"  # 8: out of docs/
        "fax: 0874-0000001\n"  # 9: unknown key
        "email: gk@example.gov.cn\n"  # 10: duplicate key
    )
    identity, findings = load_identity(SITE_FILE, text)
    assert located(findings) == [
        (SITE_FILE, 1, "site-identity"),
        (SITE_FILE, 2, "site-identity"),
        (SITE_FILE, 3, "site-identity"),
        (SITE_FILE, 4, "site-identity"),
        (SITE_FILE, 5, "site-identity"),
        (SITE_FILE, 6, "site-identity"),
        (SITE_FILE, 7, "site-identity"),
        (SITE_FILE, 8, "site-identity"),
        (SITE_FILE, 9, "unknown-key"),
        (SITE_FILE, 10, "duplicate-key"),
    ]
    assert identity.values == {}
    assert "至多 100 个字符" in findings[6].message and "「<」" in findings[0].message
    assert "滇ICP备00000000号-1" in findings[2].message  # the message shows how to write it


def test_a_value_must_be_one_line_of_text():
    """Assert that a list, a mapping or a multi-line value is refused, and a hostile size is bounded."""
    text = "host: [甲, 乙]\naddress:\n  road: 示例路\nphone: |\n  0874\n  -0000000\n"
    identity, findings = load_identity(SITE_FILE, text)
    assert [(f.line, f.rule) for f in findings] == [(1, "site-identity"), (3, "site-identity"), (4, "site-identity")]
    huge, findings = load_identity(SITE_FILE, f"host: {'示' * 100_000}\n")
    assert huge.values == {} and len(findings[0].message) < 200  # the value is not echoed whole


def write(root: Path, text: str, logo: tuple[str, bytes] | None = None) -> None:
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / SITE_FILE).write_text(text, encoding="utf-8")
    if logo:
        (root / "docs" / logo[0]).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / logo[0]).write_bytes(logo[1])


def test_logo_must_be_a_small_raster_image_inside_docs(tmp_path: Path):
    """Assert that the logo is kept only when it is a real PNG/JPEG/WebP/GIF file in docs/, under the size limit."""
    write(tmp_path, GOOD + "logo: assets/logo.png\n", ("assets/logo.png", tiny_png()))
    identity, findings = read_identity(tmp_path)
    assert findings == [] and identity.values["logo"] == "assets/logo.png"
    cases = {
        "assets/none.png": None,  # missing
        "assets/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "assets/fake.png": b"<html><script>alert(1)</script></html>",
        "assets/big.png": tiny_png() + b"\0" * LOGO_LIMIT,
    }
    for path, content in cases.items():
        write(tmp_path, GOOD + f"logo: {path}\n", None if content is None else (path, content))
        identity, findings = read_identity(tmp_path)
        assert located(findings) == [(SITE_FILE, 9, "site-identity")], path
        assert "logo" not in identity.values and identity.values["host"] == HOST, path
    os.symlink(tmp_path / "docs/assets/logo.png", tmp_path / "docs/assets/link.png")
    write(tmp_path, GOOD + "logo: assets/link.png\n")
    assert located(read_identity(tmp_path)[1]) == [(SITE_FILE, 9, "site-identity")]


def test_check_reports_a_bad_identity_and_blocks_the_build(project_copy: Path, capsys):
    """Assert that `python -m macros check` prints the finding as file:line: [rule] and fails, with no traceback."""
    write(project_copy, "host: 示例街道\nsite_code: ABC\n")
    assert main(["--root", str(project_copy), "check"]) == 1
    out = capsys.readouterr()
    assert f"{SITE_FILE}:2: [site-identity]" in out.out and "Traceback" not in out.out + out.err
    project = check_project(project_copy)
    assert [(f.file, f.line, f.rule) for f in project.blocking_errors] == [(SITE_FILE, 2, "site-identity")]
    assert project.identity.values == {"host": "示例街道"}


def test_the_bundled_site_file_configures_nothing():
    """Assert that the bundled data/site.yaml is a commented template: no real organ's numbers are invented."""
    identity, findings = read_identity(Path(__file__).resolve().parent.parent)
    assert identity.values == {} and findings == []


# --- A report's facts: 发布机构, 年度, 索引号, dates ---------------------------


def test_index_number_is_optional_and_checked():
    """Assert that index_no is read as written (leading zeros kept) and a malformed one is a located finding."""
    base = (Path(__file__).resolve().parent.parent / "data/reports/xiping/2024.yaml").read_text(encoding="utf-8")
    with_number = base.replace("published: 2025-01-20", "published: 2025-01-20\nindex_no: 0012345/2025-00012")
    report, findings = load_report("r.yaml", with_number, "xiping", 2024)
    assert findings == [] and report.record.index_no == "0012345/2025-00012"
    for bad in ("示例 2025 第一号", "<b>1</b>", "1" * 51, "[1, 2]"):
        text = base.replace("published: 2025-01-20", f"published: 2025-01-20\nindex_no: {bad}")
        report, findings = load_report("r.yaml", text, "xiping", 2024)
        assert [(f.line, f.rule) for f in findings] == [(7, "index-number")], bad  # the line under published:
        assert report.record.index_no is None
    report, findings = load_report("r.yaml", base, "xiping", 2024)
    assert findings == [] and report.record.index_no is None


def test_facts_block_names_the_organ_year_and_dates_escaped(project_copy: Path):
    """Assert that the facts block lists 发布机构, 年度, 发布日期, 最近更正, 索引号 only when given, all as text."""
    project = check_project(project_copy)
    key = ("xiping", 2024)
    report, history = project.reports[key], project.histories[key]
    facts = render_facts(report, history, "示例<b>街道</b>")
    assert facts.startswith('<dl class="nb-facts nb-record">') and "\n" not in facts
    assert "<dt>发布机构</dt><dd>示例&lt;b&gt;街道&lt;/b&gt;</dd>" in facts
    assert "<dt>年度</dt><dd>2024 年</dd>" in facts and '<time datetime="2025-01-20">' in facts
    assert "<dt>最近更正</dt><dd>发布以来未作更正</dd>" in facts and "索引号" not in facts
    report.record.index_no = "0012345/2025-00012"
    assert "<dt>索引号</dt><dd>0012345/2025-00012</dd>" in render_facts(report, history, "示例街道")
    draft = render_facts(report, None, "示例街道")
    assert "<dt>发布日期</dt><dd>尚未发布</dd>" in draft and "最近更正" not in draft


def test_report_page_title_names_organ_and_year_and_is_centred(project_copy: Path):
    """Assert that prepare titles a report page 「<简称> <年> 年政府信息公开工作年度报告」 and centres its H1."""
    project = check_project(project_copy)
    key = ("xiping", 2024)
    text = (project_copy / "docs/xiping/2024.md").read_text(encoding="utf-8")
    page = report_page(text, project.reports[key], project.histories[key], False, None, report_organ(project, key))
    front, body = split_front_matter(page)
    meta = yaml.safe_load(front.strip("-\n"))
    assert meta["title"] == "西平街道 2024 年政府信息公开工作年度报告"
    assert meta["description"]  # the editor's other keys are kept
    assert body.lstrip("\n").startswith("# {{ full_title() }} {: .nb-report-title }\n")
    assert "<dt>发布机构</dt><dd>曲靖市沾益区人民政府西平街道办事处</dd>" in body


def test_page_title_stays_one_yaml_string_whatever_the_name(project_copy: Path):
    """Assert that a short name with YAML or markup characters stays one front-matter string (defence in depth)."""
    project = check_project(project_copy)
    key = ("xiping", 2024)
    hostile = 'x"\nrender_macros: false\n# <b>: {a}'
    text = (project_copy / "docs/xiping/2024.md").read_text(encoding="utf-8")
    page = report_page(text, project.reports[key], project.histories[key], False, None, ("甲", hostile))
    meta = yaml.safe_load(split_front_matter(page)[0].strip("-\n"))
    assert meta["title"] == f"{hostile} 2024 年政府信息公开工作年度报告" and "render_macros" not in meta


def test_unregistered_draft_organ_is_named_by_its_code(project_copy: Path):
    """Assert that a report whose organ the registry lacks is titled by its code, never a KeyError."""
    add_distinct_report(project_copy)
    project = check_project(project_copy)
    project.organs.pop(DISTINCT_KEY[0])
    assert report_organ(project, DISTINCT_KEY) == (DISTINCT_KEY[0], DISTINCT_KEY[0])


def test_site_schema_agrees_with_the_loader():
    """Assert that the editors' schema accepts the good file and the template, and flags what the loader refuses."""
    import jsonschema

    from macros.authoring.schema import site_schema

    validator = jsonschema.Draft7Validator(site_schema())
    assert list(validator.iter_errors(yaml.safe_load(GOOD))) == []
    template = (Path(__file__).resolve().parent.parent / SITE_FILE).read_text(encoding="utf-8")
    assert list(validator.iter_errors(yaml.safe_load(template))) == []
    for bad in ({"icp": "ICP备案 00000000"}, {"site_code": "12345"}, {"host": "甲\n乙"}, {"fax": "1"}):
        assert list(validator.iter_errors(bad)), bad
        assert load_identity(SITE_FILE, yaml.safe_dump(bad, allow_unicode=True))[1], bad


def test_prepared_tree_titles_the_report_and_its_first_version(project_copy: Path):
    """Assert that the tree prepare writes titles both the report page and its first version by organ and year."""
    from conftest import edit, record_correction

    from macros.site.prepare import prepared_files

    # The first version has a page of its own once the report is corrected.
    edit(project_copy, "data/reports/xiping/2024.yaml", "penalty:   287", "penalty:   288")
    assert record_correction(project_copy) == 0
    files = prepared_files(check_project(project_copy), preview=False)
    titles = {
        uri: yaml.safe_load(split_front_matter(files[uri].decode("utf-8"))[0].strip("-\n"))["title"]
        for uri in ("xiping/2024.md", "xiping/2024/first-published.md")
    }
    assert titles == {
        "xiping/2024.md": "西平街道 2024 年政府信息公开工作年度报告",
        "xiping/2024/first-published.md": "西平街道 2024 年报告（2025-01-20 首次发布版本）",
    }
