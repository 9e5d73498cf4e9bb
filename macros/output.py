"""How findings are printed: plain lines for a terminal, workflow commands for GitHub.

GitHub Actions turns a line such as ``::error file=a.yaml,line=3,title=…::…``
into an annotation on that line of the pull request's diff, so the editor sees
the broken rule where the number is. Advisories become ``::warning``.
"""

from __future__ import annotations

from .findings import Finding
from .rules import CATALOGUE

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


def format_finding(finding: Finding, fmt: str = "text") -> str:
    if fmt == "github":
        return github_command(finding)
    return str(finding)
