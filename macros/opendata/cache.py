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

build/ is ignored by git, but a pull request could still add files there
(``git add -f``). So every entry is signed (HMAC-SHA256) with a key kept outside
the project, in the user's cache folder (``$XDG_CACHE_HOME/nianbao/``, else
``~/.cache/nianbao/``): an entry not made on this machine is never used, and a
fresh CI runner, with a fresh key, always builds from the data.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import platform
import tempfile
from functools import cache
from pathlib import Path

from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import cells
from macros.opendata.longform import report_metadata
from macros.opendata.spreadsheetml import WRITER_VERSION

CACHE_DIR = "build/cache/opendata"  # under the project root, beside the prepared tree; ignored by git
MAGIC = b"nianbao-opendata-cache 1\n"
ENTRY = ".bin"
_PACKAGE = Path(__file__).resolve().parent.parent  # macros/


@cache
def code_version() -> bytes:
    """sha256 of every source file of macros/ and of the tools that shape the bytes."""
    digest = hashlib.sha256(f"{platform.python_version()}\0{WRITER_VERSION}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


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


KEY_FILE = "opendata-cache.key"


def signing_key() -> bytes | None:
    """This machine's key for the cache's entries (made on first use); None: no cache at all."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "nianbao" / KEY_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made by an earlier build (or one running now)
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(os.urandom(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None  # a key half written by another build: no cache this time


def _pack(files: dict[str, bytes], key: bytes) -> bytes:
    parts = [MAGIC]
    for name, content in files.items():
        parts.append(f"{name}\n{len(content)}\n".encode())
        parts.append(content)
    body = b"".join(parts)
    return body + hmac.new(key, body, hashlib.sha256).digest()


def _unpack(raw: bytes, key: bytes) -> dict[str, bytes] | None:
    body, check = raw[:-32], raw[-32:]
    if not body.startswith(MAGIC) or not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), check):
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
        self.key = signing_key() if folder is not None else None
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
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed: a build stopped halfway leaves no half entry.
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as out:
                out.write(_pack(files, self.key))
            os.replace(tmp, self.folder / f"{digest}{ENTRY}")
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of changed reports)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            unused = path.suffix == ENTRY and path.stem not in self.used
            if (unused or path.suffix == ".tmp") and path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
