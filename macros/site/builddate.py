"""One build date for one tree, so that two builds of the same commit are byte-identical.

MkDocs stamps the sitemap (and its gzip header) with the build date, and the
supervisory view says "as of" a date; both honour SOURCE_DATE_EPOCH
(https://reproducible-builds.org/specs/source-date-epoch/). When it is not set,
the date is taken from the tree itself: the time of the last commit that
touched the project, or, outside git, the latest date in the reports' records.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime, time
from pathlib import Path

from macros.check.project import check_project
from macros.format.national import DRAFT

ENV = "SOURCE_DATE_EPOCH"


def _git_epoch(root: Path) -> int | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None


def _record_epoch(root: Path) -> int:
    """Midnight UTC of the latest publication, correction or withdrawal date in the data."""
    dates: list[date] = []
    for report in check_project(root).reports.values():
        record = report.record
        if record.status in (None, DRAFT):
            continue
        dates += [d for d in (record.published, record.withdrawn and record.withdrawn.date) if d]
        dates += [c.date for c in record.corrections]
    latest = max(dates, default=date(1970, 1, 1))
    return int(datetime.combine(latest, time(), tzinfo=UTC).timestamp())


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set; else the last commit's time; else the latest record date."""
    given = os.environ.get(ENV, "").strip()
    if given.isdigit():
        return int(given)
    found = _git_epoch(root)
    return found if found is not None else _record_epoch(root)


def pin_build_date(root: Path) -> int:
    """Set SOURCE_DATE_EPOCH for this build (MkDocs reads it when writing the sitemap)."""
    epoch = source_date_epoch(root)
    os.environ[ENV] = str(epoch)
    return epoch


def build_date(root: Path) -> date:
    return datetime.fromtimestamp(source_date_epoch(root), UTC).date()
