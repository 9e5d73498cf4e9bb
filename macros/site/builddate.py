"""The build's date: the day the site is built, or the one SOURCE_DATE_EPOCH gives.

The 发布情况 page judges every organ against the legal deadlines "as of" a
date, and the sitemap is stamped with one: both use this date, taken once by
``python -m macros prepare`` and kept in the prepared tree's stamp, so that the
page, its CSV and the sitemap of one build never disagree (a build that runs
past midnight included).

The date is today's, not the last commit's: a supervising office asks who is
late today, and a site rebuilt every day (the publish workflow's schedule) says
so. SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
fixes it instead: two builds of one commit with the same value are
byte-identical, which is how anyone re-builds and verifies a deployed site (the
date the status page states is the one to give).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

ENV = "SOURCE_DATE_EPOCH"
# The deadlines are Beijing days: a build at 07:00 on 1 February in Beijing is
# 31 January in UTC, and would call nobody late yet.
BEIJING = timezone(timedelta(hours=8))
# The key of the build date in the prepared tree's stamp (macros/site/prepare.py).
STAMP_KEY = "build_date"
# The value pin_build_date set in this process: not "given" to a later build in it (`mkdocs serve`).
_pinned: dict[str, str] = {}


@dataclass(frozen=True)
class BuildDate:
    """When the build is made: a Unix time, and whether SOURCE_DATE_EPOCH gave it."""

    epoch: int
    given: bool

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.epoch, BEIJING).date()

    def explained(self) -> str:
        """Which date this is, in one Chinese clause, for the page that states it."""
        if self.given:
            return f"构建时由环境变量 {ENV} 指定的日期（用于重现某一次构建），不一定是今天"
        return "本次构建网站当天的日期（北京时间）"

    def as_stamp(self) -> dict[str, str | bool]:
        # The day only: the stamp changes once a day, not at every prepare (`mkdocs serve` watches the tree).
        return {"day": self.day.isoformat(), "given": self.given}

    @classmethod
    def of_day(cls, day: date, given: bool) -> BuildDate:
        """The build date of a day (midnight UTC, which is that day in Beijing too)."""
        return cls(int(datetime.combine(day, dtime(), UTC).timestamp()), given)


def current_build_date() -> BuildDate:
    """SOURCE_DATE_EPOCH if set (a whole number of seconds), else now."""
    given = os.environ.get(ENV, "").strip()
    if given.isdigit() and given != _pinned.get(ENV):
        return BuildDate(int(given), True)
    return BuildDate(int(time.time()), False)


def stamped_build_date(docs_dir: Path, stamp_name: str) -> BuildDate:
    """The date prepare took for the tree in `docs_dir`; the current one if its stamp holds none."""
    try:
        value = json.loads((docs_dir / stamp_name).read_text(encoding="utf-8")).get(STAMP_KEY)
        if isinstance(value, dict) and isinstance(value.get("day"), str) and isinstance(value.get("given"), bool):
            return BuildDate.of_day(date.fromisoformat(value["day"]), value["given"])
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return current_build_date()


def pin_build_date(when: BuildDate) -> None:
    """Set SOURCE_DATE_EPOCH for this build: MkDocs reads it when writing the sitemap (and its gzip header).

    Midnight UTC of the build's Beijing day: MkDocs dates in UTC, and so the sitemap
    says the day the status page says, and a build depends on the day only (any
    SOURCE_DATE_EPOCH within it re-builds the same bytes).
    """
    os.environ[ENV] = str(BuildDate.of_day(when.day, when.given).epoch)
    if not when.given:
        _pinned[ENV] = os.environ[ENV]
    else:
        _pinned.pop(ENV, None)
