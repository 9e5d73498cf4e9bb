"""How findings are printed: plain lines for a terminal, workflow commands for GitHub.

GitHub Actions turns a line such as ``::error file=a.yaml,line=3,title=…::…``
into an annotation on that line of the pull request's diff, so the editor sees
the broken rule where the number is. Advisories become ``::warning``; an advisory
the editor marked as reviewed (已核对) becomes a ``::notice`` on the line of the
acknowledgement, with its reason, so that the reviewer sees and judges it.
"""

from __future__ import annotations

from macros.check.acknowledge import Acknowledged, describe
from macros.check.catalogue import CATALOGUE
from macros.check.findings import Finding

FORMATS = ("text", "github")
# How reviewed advisories are headed, wherever a reviewer reads them (check output, previews).
ACKNOWLEDGED_TITLE = "已核对的提示"


def _escape_data(text: str) -> str:
    # The escapes GitHub's runner undoes in a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Property values also end at "," and ":", so those are escaped too.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, file: str, line: int, title: str, message: str) -> str:
    properties = ",".join(
        f"{name}={_escape_property(str(value))}" for name, value in (("file", file), ("line", line), ("title", title))
    )
    return f"::{level} {properties}::{_escape_data(message)}"


def github_command(finding: Finding) -> str:
    """One finding as a GitHub workflow command (an annotation on its file and line)."""
    level = "warning" if finding.advisory else "error"
    rule = CATALOGUE.get(finding.rule)
    title = f"[{finding.rule}] {rule.title}" if rule else f"[{finding.rule}]"
    return _command(level, finding.file, finding.line, title, str(finding))


def acknowledged_line(item: Acknowledged) -> str:
    """A reviewed advisory as a finding-like line: where its acknowledgement is, the reason, what it silenced."""
    return f"{item.by.file}:{item.by.line}: [{item.by.rule}] {describe(item)}"


def acknowledged_command(item: Acknowledged) -> str:
    """One reviewed advisory as a GitHub notice on the line of its acknowledgement."""
    title = f"[{item.by.rule}] {ACKNOWLEDGED_TITLE}"
    return _command("notice", item.by.file, item.by.line, title, acknowledged_line(item))


def format_acknowledged(item: Acknowledged, fmt: str = "text") -> str:
    return acknowledged_command(item) if fmt == "github" else acknowledged_line(item)


# GitHub shows at most this many annotations of each kind per step; the rest only in the log.
ANNOTATION_LIMIT = 10


def step_summary(findings: list[Finding], verdict: str, acknowledged: list[Acknowledged] | None = None) -> str:
    """Markdown for the run's summary page: every finding, since the diff shows only the first few.

    Then the advisories marked as reviewed, with their reasons, for the reviewer to judge.
    """
    lines = [f"## 年报数据检查：{verdict}", ""]
    errors = [f for f in findings if not f.advisory]
    if len(errors) > ANNOTATION_LIMIT or len(findings) - len(errors) > ANNOTATION_LIMIT:
        lines += [f"拉取请求的改动页面每类最多标注 {ANNOTATION_LIMIT} 处；下表列出全部问题。", ""]
    if findings:
        lines += ["| 文件 | 行 | 规则 | 级别 | 说明 |", "|---|---:|---|---|---|"]
        for f in findings:
            message = f.message.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{f.file}` | {f.line} | `{f.rule}` | {'提示' if f.advisory else '错误'} | {message} |")
    if acknowledged:
        lines += ["", f"### {ACKNOWLEDGED_TITLE}（{len(acknowledged)} 条）", ""]
        lines += ["审核人请确认理由是否成立：这些提示不再重复出现。", ""]
        lines += ["| 文件 | 行 | 规则 | 说明 |", "|---|---:|---|---|"]
        for item in acknowledged:
            text = describe(item).replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{item.by.file}` | {item.by.line} | `{item.by.rule}` | {text} |")
    return "\n".join(lines) + "\n"


def format_finding(finding: Finding, fmt: str = "text") -> str:
    if fmt == "github":
        return github_command(finding)
    return str(finding)
