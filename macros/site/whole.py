"""The whole site in one process: prepare, MkDocs, the search index (``python -m macros build``).

The same three steps `mkdocs build` and the two commands around it take one by one,
with one difference: MkDocs takes the project prepare has just checked from memory
(prepare.prepared_project), not from a record sealed into the tree for another
process. On a region's site that record is tens of megabytes written, read back and
unpickled on every build (about a second at 1,000 reports, three at 3,000), besides a
second interpreter loading the same code.

Nothing here is a hook: MkDocs runs as its own command line does, with the project's
mkdocs.yml, strict, and refuses a tree prepare did not make (env.py), as ever.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from macros.check.findings import Refusal
from macros.record.history import PREVIEW_ENV

CONFIG = "mkdocs.yml"


@contextmanager
def preview_mode(preview: bool) -> Iterator[None]:
    """The build's mode where the macros read it (NIANBAO_PREVIEW), as `make preview` sets it; as before after."""
    was = os.environ.get(PREVIEW_ENV)
    if preview:
        os.environ[PREVIEW_ENV] = "1"
    else:
        os.environ.pop(PREVIEW_ENV, None)
    try:
        yield
    finally:
        if was is None:
            os.environ.pop(PREVIEW_ENV, None)
        else:
            os.environ[PREVIEW_ENV] = was


def run_mkdocs(root: Path, site: Path) -> None:
    """`mkdocs build --strict -f <root>/mkdocs.yml -d <site>` in this process; a Refusal if it fails."""
    from click import ClickException
    from mkdocs.__main__ import cli

    # mkdocs.yml names the Markdown extension macros.site.sanitize: the root must be importable.
    if str(root.resolve()) not in map(os.path.abspath, sys.path):
        sys.path.insert(0, str(root.resolve()))
    command = ["build", "--strict", "--config-file", str(root / CONFIG), "--site-dir", str(site)]
    try:
        cli.main(command, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:  # MkDocs' Abort: strict mode found a warning, or a page failed (shown above)
        if exc.code not in (None, 0):
            raise Refusal("MkDocs 构建未完成（原因见上面的 WARNING 或 ERROR）。") from None
    except ClickException as exc:  # e.g. mkdocs.yml itself refused: what its command line would print
        raise Refusal(f"MkDocs 构建未完成：{exc.format_message()}") from None


def cpu_seconds() -> float:
    """This process's CPU time and its finished children's (Pagefind), user and system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(step: Callable[[], object], times: dict[str, float], name: str) -> None:
    """Run `step`, adding its wall and CPU seconds to `times` under `name`."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    step()
    times[name] = round(cpu_seconds() - cpu, 2)
    times[f"{name}_wall"] = round(time.perf_counter() - wall, 2)
