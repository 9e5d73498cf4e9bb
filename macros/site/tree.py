"""Writing a tree of files as they are made, never holding all of them.

A region's site is hundreds of megabytes of generated files (a report's CSVs,
JSON and workbook, the collection files, the kept first copies); prepare and
export hand each file to a sink as soon as it is made, and a large one in pieces
(``open``), so the memory a build needs does not grow with the bytes it writes.

``TreeWriter`` makes a folder hold exactly the files given to it. A file whose
bytes are unchanged is not written at all (its mtime stays: ``mkdocs serve`` and
``mkdocs build --dirty`` go by it): the new bytes are compared with the old file
as they come, and only where they first differ is a new file begun, beside the
old one, and renamed over it once complete. ``MemoryTree`` keeps the files in a
dict instead (for the tests and small callers): the same producers, another sink.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from macros.check.findings import Refusal

CHUNK = 1 << 20  # bytes read at a time when comparing or copying an old file
# The mode a file written in place gets (0o666 less the umask): a replaced one is given it too, since
# mkstemp makes its file private, and the site's files are links to the tree's (site/hooks.py).
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


@dataclass(frozen=True)
class Written:
    """What a sink knows of a file once written: its size and SHA-256 (a data package lists both)."""

    size: int
    sha256: str


class Output(Protocol):
    def write(self, data: bytes) -> None: ...


def _twice(uri: str) -> str:
    return f"{uri} 生成了两次。"


class Sink:
    """Takes files one by one, by path relative to the tree.

    A path given twice is refused (Refusal), with the sentence `clash` makes of it:
    two files would take one place (prepare: a file of docs/ where a generated one goes).
    """

    def __init__(self, clash: Callable[[str], str] = _twice) -> None:
        self.written: dict[str, Written] = {}
        self.clash = clash

    def add(self, uri: str, content: bytes) -> None:
        with self.open(uri) as out:
            out.write(content)

    @contextmanager
    def open(self, uri: str) -> Iterator[Output]:
        """A file written in pieces; it is complete (and counted as written) when the block ends."""
        if uri in self.written:
            raise Refusal(self.clash(uri))
        measured = _Measured(self._begin(uri))
        try:
            yield measured
        except BaseException:
            measured.target.abandon()
            raise
        measured.target.finish()
        self.written[uri] = Written(measured.size, measured.digest.hexdigest())

    def _begin(self, uri: str) -> _Target:
        raise NotImplementedError


class _Target(Protocol):
    def write(self, data: bytes) -> None: ...
    def finish(self) -> None: ...
    def abandon(self) -> None: ...


class _Measured:
    def __init__(self, target: _Target) -> None:
        self.target, self.size, self.digest = target, 0, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self.digest.update(data)
        self.target.write(data)


class MemoryTree(Sink):
    """The files in `files` (path → bytes)."""

    def __init__(self, clash: Callable[[str], str] = _twice) -> None:
        super().__init__(clash)
        self.files: dict[str, bytes] = {}

    def _begin(self, uri: str) -> _Target:
        return _InMemory(self.files, uri)


class _InMemory:
    def __init__(self, files: dict[str, bytes], uri: str) -> None:
        self.files, self.uri, self.parts = files, uri, list[bytes]()

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def finish(self) -> None:
        self.files[self.uri] = b"".join(self.parts)

    def abandon(self) -> None:
        self.parts.clear()


class TreeWriter(Sink):
    """Makes `out` hold exactly the files given (once `finish` is called); unchanged files are not touched.

    `keep`: a folder of `out` left as it is (a preview's search index, which `make serve` puts there).
    """

    def __init__(self, out: Path, keep: str | None = None, clash: Callable[[str], str] = _twice) -> None:
        super().__init__(clash)
        self.out, self.keep = out, keep
        self.folders: set[Path] = set()  # looked at: no file stands in their place
        self.made: set[Path] = set()  # made (or found) as folders
        out.mkdir(parents=True, exist_ok=True)

    def _begin(self, uri: str) -> _Target:
        return _OnDisk(self.out, uri, self.folders, self.made)

    def _kept(self, uri: str) -> bool:
        return self.keep is not None and (uri == self.keep or uri.startswith(f"{self.keep}/"))

    def finish(self, last: tuple[str, bytes] | None = None) -> None:
        """Remove every other file (and emptied folder), then write `last` (uri, bytes): the stamp comes last."""
        spared = set(self.written) | ({last[0]} if last else set())
        for path in sorted(self.out.rglob("*"), reverse=True):
            uri = path.relative_to(self.out).as_posix()
            if self._kept(uri):
                continue
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif uri not in spared:
                path.unlink()
        if last is not None:
            self.add(*last)


class _OnDisk:
    """A file of the tree being written: compared with the old one while equal, written beside it once not.

    A file with no old version is written in place: nothing is there to keep whole, and a temporary
    file and a rename per file were the largest cost of writing a region's tree. One cut short is
    removed; one left by a stopped build is an old file to the next (compared, then replaced), and
    the stamp, written last, never vouches for it.
    """

    def __init__(self, out: Path, uri: str, folders: set[Path], made: set[Path]) -> None:
        self.target = out / uri
        self.made = made
        _make_room(out, self.target, folders)
        self.old: IO[bytes] | None = open(self.target, "rb") if self.target.is_file() else None  # noqa: SIM115
        self.same = 0  # bytes equal to the old file's so far
        self.new: IO[bytes] | None = None
        self.tmp: Path | None = None  # the new file while it is not in place (None: written in place)
        self.done = False

    def write(self, data: bytes) -> None:
        if self.new is None and self.old is not None and self.old.read(len(data)) == data:
            self.same += len(data)
            return
        self._diverge().write(data)

    def _diverge(self) -> IO[bytes]:
        if self.new is None:
            folder = self.target.parent
            if folder not in self.made:
                folder.mkdir(parents=True, exist_ok=True)
                self.made.add(folder)
            if self.old is None:
                self.new = open(self.target, "xb")  # noqa: SIM115
                return self.new
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=folder)
            os.fchmod(fd, FILE_MODE)
            self.new, self.tmp = os.fdopen(fd, "wb"), Path(name)
            # The part that was equal, copied from the old file (it was not kept in memory).
            self.old.seek(0)
            left = self.same
            while left:
                chunk = self.old.read(min(CHUNK, left))
                self.new.write(chunk)
                left -= len(chunk)
        return self.new

    def finish(self) -> None:
        try:
            if self.new is None and self.old is not None and not self.old.read(1):
                self.done = True
                # The same bytes: the old file stays, its mtime too; one an older version made private is opened up.
                if os.fstat(self.old.fileno()).st_mode & 0o777 != FILE_MODE:
                    with contextlib.suppress(OSError):  # another user's file: left as it is
                        os.fchmod(self.old.fileno(), FILE_MODE)
                return
            self._diverge().close()
            if self.tmp is not None:
                os.replace(self.tmp, self.target)
                self.tmp = None
            self.done = True
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Close what is open; a new file not complete is removed (the old one stays)."""
        for handle in (self.old, self.new):
            if handle is not None:
                handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
        elif self.new is not None and self.old is None and not self.done:
            self.target.unlink(missing_ok=True)


def _make_room(out: Path, target: Path, folders: set[Path]) -> None:
    """An old file where a folder of the new tree goes, or an old folder where a file goes: gone (both stale).

    `folders`: those already seen to be no file (each is looked at once, not once per file in it).
    """
    for parent in reversed(target.relative_to(out).parents[:-1]):
        place = out / parent
        if place in folders:
            continue
        # A link too: nothing is written through one, out of the tree.
        if place.is_symlink() or place.is_file():
            place.unlink()
        folders.add(place)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
