"""Python's cycle collector paused while a build checks and writes a region.

A region's checked project is millions of small objects that live for the whole
build. Each full collection walks all of them again, so the collector's share
grew with the site (a 1,000-report prepare spent about a tenth of its time there,
more at 3,000). Nothing there relies on cycles being freed as it goes. (Freezing the
project for the MkDocs build, measured, saved nothing and cost memory: not done.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside (reference counting still frees everything else); as before after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
