"""How findings are printed: plain lines for a terminal, workflow commands for GitHub.

GitHub Actions turns a line such as ``::error file=a.yaml,line=3,title=…::…``
into an annotation on that line of the pull request's diff, so the editor sees
the broken rule where the number is. Advisories become ``::warning``.
"""

from __future__ import annotations

from macros.check.catalogue import CATALOGUE
from macros.check.findings import Finding

FORMATS = ("text", "github")


def _escape_data(text: str) -> str:
    # The escapes GitHub's runner undoes in a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Property values also end at "," and ":", so those are escaped too.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(finding: Finding) -> str:
    """One finding as a GitHub workflow command (an annotation on its file and line)."""
    level = "warning" if finding.advisory else "error"
    rule = CATALOGUE.get(finding.rule)
    title = f"[{finding.rule}] {rule.title}" if rule else f"[{finding.rule}]"
    properties = ",".join(
        f"{name}={_escape_property(str(value))}"
        for name, value in (("file", finding.file), ("line", finding.line), ("title", title))
    )
    return f"::{level} {properties}::{_escape_data(str(finding))}"


# GitHub shows at most this many annotations of each kind per step; the rest only in the log.
ANNOTATION_LIMIT = 10


def step_summary(findings: list[Finding], verdict: str) -> str:
    """Markdown for the run's summary page: every finding, since the diff shows only the first few."""
    lines = [f"## 年报数据检查：{verdict}", ""]
    errors = [f for f in findings if not f.advisory]
    if len(errors) > ANNOTATION_LIMIT or len(findings) - len(errors) > ANNOTATION_LIMIT:
        lines += [f"拉取请求的改动页面每类最多标注 {ANNOTATION_LIMIT} 处；下表列出全部问题。", ""]
    if findings:
        lines += ["| 文件 | 行 | 规则 | 级别 | 说明 |", "|---|---:|---|---|---|"]
        for f in findings:
            message = f.message.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{f.file}` | {f.line} | `{f.rule}` | {'提示' if f.advisory else '错误'} | {message} |")
    return "\n".join(lines) + "\n"


def format_finding(finding: Finding, fmt: str = "text") -> str:
    if fmt == "github":
        return github_command(finding)
    return str(finding)
