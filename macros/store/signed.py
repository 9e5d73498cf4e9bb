"""Sealing what one build keeps for the next (caches, prepare's record for MkDocs).

build/ is ignored by git, but a pull request could still add files there
(``git add -f``): a planted cache entry could stand in for a report's files, a
planted check record could hide an error. So everything kept is sealed
(HMAC-SHA256) with a key kept outside the project, in the user's cache folder
(``$XDG_CACHE_HOME/nianbao/``, else ``~/.cache/nianbao/``): an entry not made on
this machine is never used, and a fresh CI runner, with a fresh key, works from
the sources. Only a sealed entry is ever unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import platform
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Protocol

KEY_FILE = "signing.key"
_PACKAGE = Path(__file__).resolve().parent.parent  # macros/
_MAC = 32


def signing_key() -> bytes | None:
    """This machine's key (made on first use); None: nothing can be kept."""
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
    return key if len(key) == 32 else None  # a key half written by another build: nothing kept this time


@cache
def code_version() -> bytes:
    """sha256 of the Python version and of every source file of macros/: what every kept result was made by."""
    digest = hashlib.sha256(f"{platform.python_version()}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def seal(body: bytes, key: bytes) -> bytes:
    return body + hmac.new(key, body, hashlib.sha256).digest()


class _Out(Protocol):
    def write(self, data: bytes, /) -> object: ...


def write_sealed(out: _Out, value: Any, key: bytes) -> None:
    """`value` pickled and sealed into `out` as it is pickled: the bytes `seal(pickle.dumps(value))` gives,
    never held whole (prepare's record of a region's checked project is tens of megabytes)."""
    mac = hmac.new(key, digestmod=hashlib.sha256)

    class Sealing:
        def write(self, data: bytes) -> None:
            mac.update(data)
            out.write(data)

    pickle.Pickler(Sealing(), protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    out.write(mac.digest())


def unseal(raw: bytes, key: bytes) -> bytes | None:
    """The body of a sealed entry, or None if it was not sealed with `key` (or is cut short)."""
    body, check = raw[:-_MAC], raw[-_MAC:]
    if len(raw) < _MAC or not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), check):
        return None
    return body


def write_atomic(path: Path, content: bytes) -> None:
    """Written beside and renamed: a build stopped halfway leaves no half entry. A failure only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)
    except OSError:
        pass


def dump_sealed(path: Path, value: Any, key: bytes | None) -> None:
    """Keep `value` (pickled, sealed) at `path`; nothing without a key."""
    if key is not None:
        write_atomic(path, seal(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), key))


def load_sealed(path: Path, key: bytes | None) -> Any | None:
    """What dump_sealed kept at `path` with this key, or None (missing, planted, damaged)."""
    if key is None:
        return None
    try:
        body = unseal(path.read_bytes(), key)
        return None if body is None else pickle.loads(body)  # noqa: S301 (sealed by this machine's key)
    except Exception:  # a kept entry can only save time: any failure to read it back is a miss
        return None
