"""The per-file checks' results, kept by the hash of everything they read.

Checking a region's 1,000 reports reads and judges every data file and page
(about 8 CPU seconds); after an editor's edit all but one give the same result.
A check of one file is a pure function of its inputs (the file's text, the
report it describes, the year before's, the code), so its result is kept under
the sha256 of those and of the code's version: same inputs, same findings as a
fresh check, and any change is another hash, never a stale result.

Kept in the process (``mkdocs serve`` checks again on every save) and, sealed
with this machine's key (store/signed.py), in build/cache/ for the next process:
an entry planted there, which could hide an error, is never used. Results are
kept pickled and made afresh on each use, so no check shares objects with another.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from macros.store import signed

MEMO_FILE = "build/cache/check.pickle"  # under the project root; ignored by git
MAX_ENTRY = 256 * 1024  # bytes of one kept result
T = TypeVar("T")

# The last check's entries, by project: a process that checks again (mkdocs serve) reads no file.
_IN_PROCESS: dict[Path, dict[str, bytes]] = {}


class _Bounded(io.BytesIO):
    """Bytes of at most MAX_ENTRY: a write beyond raises BufferError (no exception type of our own)."""

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > MAX_ENTRY:
            raise BufferError
        return super().write(data)


def digest(*parts: str | bytes | None) -> str:
    """The hash of a check's inputs (each part length-prefixed: no two lists of parts hash alike)."""
    made = hashlib.sha256(signed.code_version())
    for part in parts:
        data = b"\xff" if part is None else part.encode() if isinstance(part, str) else part
        made.update(len(data).to_bytes(8, "big") + data)
    return made.hexdigest()


class Memo:
    """One check's view of the kept results: those it uses are kept for the next one, the others dropped."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.key = signed.signing_key() if root is not None else None
        self.kept: dict[str, bytes] = {}
        if root is not None:
            self.kept = _IN_PROCESS.get(root.resolve()) or self._from_disk()
        self.used: dict[str, bytes] = {}
        self.hits = self.misses = 0

    def _from_disk(self) -> dict[str, bytes]:
        assert self.root is not None
        found = signed.load_sealed(self.root / MEMO_FILE, self.key)
        return found if isinstance(found, dict) else {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The result kept for `key`, else `make()` (kept for next time)."""
        if self.root is None:
            return make()
        found = self.lookup(key)
        if found is not None:
            return found
        value = make()
        self.store(key, value)
        return value

    def lookup(self, key: str) -> Any | None:
        """The result kept for `key` (kept again for next time), or None."""
        if self.root is None:
            return None
        raw = self.used.get(key) or self.kept.get(key)  # made earlier in this check, or kept from the last
        if raw is None:
            return None
        try:
            value = pickle.loads(raw)  # noqa: S301 (made in this process or sealed by this machine)
        except Exception:  # a kept result can only save time
            return None
        self.hits += 1
        self.used[key] = raw
        return value

    def store(self, key: str, value: Any) -> None:
        if self.root is None:
            return
        self.misses += 1
        # A real report's results are a few kilobytes; a file with tens of thousands of findings is
        # checked again rather than kept (the cache stays small whatever a pull request holds), and
        # its pickling stops as soon as it is too large to keep.
        out = _Bounded()
        try:
            pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        except BufferError:  # the buffer's own: pickling our values raises no other
            return
        self.used[key] = out.getvalue()

    def save(self, prune: bool = True) -> None:
        """Keep what this check used, in the process and (if anything was made anew) on disk.

        `prune=False` (a check of some reports only) keeps the other entries too.
        """
        if self.root is None:
            return
        kept = self.used if prune else {**self.kept, **self.used}
        _IN_PROCESS.clear()  # one project's results at a time: memory stays bounded
        _IN_PROCESS[self.root.resolve()] = kept
        if self.misses or set(self.kept) != set(kept):
            signed.dump_sealed(self.root / MEMO_FILE, kept, self.key)


def forget_in_process() -> None:
    """Drop the results kept in this process (the next check reads the kept file)."""
    _IN_PROCESS.clear()
