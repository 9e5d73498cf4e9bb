"""A cache of each report's data files across builds, addressed by the hash of what makes them.

A 1,000-report site rebuilt after one correction should not write 999 unchanged
reports' files again. Each report's files are kept in
``build/cache/opendata/<sha256>.bin``, where the hash covers everything the
files are made from: the report's numbers, title, organ and publication record,
and the code version (every source file of ``macros/``, the Python and zlib
versions). Same inputs, same hash, same bytes as a fresh build; any change of
input or code is another hash, so an entry is never stale, only unused (and then
removed at the end of the build).

An entry that cannot be read back whole (truncated, edited, from another
version of this format) is ignored and made again: the cache can only save time.

Entries are sealed with this machine's key (store/signed.py): one planted in
build/ by a pull request is never used.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import cells
from macros.opendata.longform import report_metadata
from macros.opendata.spreadsheetml import WRITER_VERSION
from macros.store import signed

CACHE_DIR = "build/cache/opendata"  # under the project root, beside the prepared tree; ignored by git
MAGIC = b"nianbao-opendata-cache 1\n"
ENTRY = ".bin"


@cache
def code_version() -> bytes:
    """The code's version (store/signed.py) and the spreadsheet writer's, which shape the bytes."""
    return hashlib.sha256(signed.code_version() + WRITER_VERSION.encode()).digest()


def report_digest(project: Project, key: ReportKey) -> str:
    """The hash of everything a report's files are made from."""
    organ, year = key
    report = project.reports[key]
    facts = [organ, str(year), project.organs[organ].name, project.title_of(key)]
    facts += [f"{name}={value or ''}" for name, value in report_metadata(project, key).items()]
    digest = hashlib.sha256(code_version())
    digest.update("\0".join(facts).encode() + b"\1")
    # repr: an int and a Decimal differ, and a Decimal keeps its places (Decimal('0.50')).
    digest.update(repr([report.values[c] for c in cells()]).encode())
    return digest.hexdigest()


def collection_digest(project: Project, digests: list[str]) -> str:
    """The hash of what the collection's files are made from: every report's inputs, in order, and the registry."""
    digest = hashlib.sha256(code_version() + b"collection\0")
    digest.update(repr(sorted(project.organs.items())).encode() + b"\1")
    digest.update("\0".join(digests).encode())
    return digest.hexdigest()


def _pack(files: dict[str, bytes], key: bytes) -> bytes:
    parts = [MAGIC]
    for name, content in files.items():
        parts.append(f"{name}\n{len(content)}\n".encode())
        parts.append(content)
    return signed.seal(b"".join(parts), key)


def _unpack(raw: bytes, key: bytes) -> dict[str, bytes] | None:
    body = signed.unseal(raw, key)
    if body is None or not body.startswith(MAGIC):
        return None
    files, at = {}, len(MAGIC)
    while at < len(body):
        name_end = body.index(b"\n", at)
        size_end = body.index(b"\n", name_end + 1)
        size = int(body[name_end + 1 : size_end])
        files[body[at:name_end].decode()] = body[size_end + 1 : size_end + 1 + size]
        at = size_end + 1 + size
    return files if at == len(body) else None


class ReportCache:
    """Entries in one folder; `None` as the folder: nothing kept (every file is made)."""

    def __init__(self, folder: Path | None) -> None:
        self.key = signed.signing_key() if folder is not None else None
        self.folder = folder if self.key is not None else None  # no key: no cache, every file made
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def get(self, digest: str) -> dict[str, bytes] | None:
        if self.folder is None:
            return None
        self.used.add(digest)
        try:
            assert self.key is not None
            found = _unpack((self.folder / f"{digest}{ENTRY}").read_bytes(), self.key)
        except (OSError, ValueError, UnicodeDecodeError):
            found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, digest: str, files: dict[str, bytes]) -> None:
        if self.folder is None or self.key is None:
            return
        self.used.add(digest)
        signed.write_atomic(self.folder / f"{digest}{ENTRY}", _pack(files, self.key))

    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of changed reports)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            unused = path.suffix == ENTRY and path.stem not in self.used
            if (unused or path.suffix == ".tmp") and path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
