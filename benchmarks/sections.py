"""Replace one section (a `## ` heading and its text) of benchmarks/RESULTS.md, keeping the rest."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def replace_section(heading: str, body: list[str], results: Path = RESULTS) -> None:
    """Write `body` under `## heading`: in place of that section if present, else at the end."""
    text = results.read_text(encoding="utf-8") if results.is_file() else ""
    lines = text.rstrip("\n").split("\n") if text else []
    title = f"## {heading}"
    new = [title, "", *body]
    if title in lines:
        start = lines.index(title)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [*new, ""] if end < len(lines) else new
    else:
        lines += ["", *new]
    results.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
