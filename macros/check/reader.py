"""The one way the project reads its own files: bounded, typed, decoded, every problem a finding.

The registry, the report data and pages, the lock file and the kept first
publications are all read through ``read_text`` (or ``read_bytes``), which
never raises: a file that is missing, a folder, a symbolic link, a device or a
pipe, larger than its limit, unreadable or not UTF-8 comes back as ``None``
with one located finding in Chinese. Nothing is opened before its type and
size are known, so a link to ``/dev/zero`` or a FIFO never blocks the check.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from macros.check.catalogue import ENCODING, FILE_TYPE, INPUT_LIMIT
from macros.check.findings import Finding

# A real report's data file is about 10 KB and its page about 20 KB: the limits
# are a hundred times that, and refuse in well under a second what is not data.
FILE_LIMIT = 1_000_000
# A report's data file is parsed only up to this many characters (the bundled one has some
# 3,000): every key costs the parser and the checks time, and 200,000 characters bound the
# worst file to a fraction of a second however its keys are spelt.
DATA_LIMIT = 200_000
# The lock file grows by four lines (~200 bytes) per published report.
LOCK_LIMIT = 4_000_000


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"


def file_kind(mode: int) -> str:
    """What a path that is not an ordinary file is, for a message (文件夹, 符号链接…)."""
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISLNK(mode):
        return "符号链接（快捷方式）"
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def link_in(root: Path, relpath: str) -> str | None:
    """The first part of `relpath` (below `root`) that is a symbolic link, or None."""
    path = os.fspath(root)
    parts = relpath.split("/")
    for number, part in enumerate(parts, start=1):
        path = os.path.join(path, part)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return "/".join(parts[:number])
        except OSError:
            return None
    return None


def read_bytes(root: Path, relpath: str, limit: int = FILE_LIMIT) -> tuple[bytes | None, list[Finding]]:
    """A project file's bytes, or None with the finding that says why it cannot be read."""
    link = link_in(root, relpath)
    if link is not None:
        where = "" if link == relpath else f"（其中 {link} 是符号链接）"
        return None, [
            FILE_TYPE.finding(
                relpath,
                1,
                f"这是一个符号链接（快捷方式）{where}，不是普通文件；项目中的文件必须是普通文件，"
                "符号链接可能把本机的其他文件带进网站，请换成文件本身。",
            )
        ]
    path = root / relpath
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None, [FILE_TYPE.finding(relpath, 1, "找不到这个文件。")]
    except OSError as exc:
        return None, [FILE_TYPE.finding(relpath, 1, f"无法读取这个文件（{exc.strerror or exc}）。")]
    if not stat.S_ISREG(info.st_mode):
        return None, [
            FILE_TYPE.finding(relpath, 1, f"这里应是一个普通文件，实为一个{file_kind(info.st_mode)}；请换成文件本身。")
        ]
    if info.st_size > limit:
        return None, [_too_large(relpath, info.st_size, limit)]
    try:
        # O_NOFOLLOW: a link put in place after the check above is still not followed.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)  # a file that grows while read stops at the limit
    except OSError as exc:
        return None, [FILE_TYPE.finding(relpath, 1, f"无法读取这个文件（{exc.strerror or exc}）。")]
    if len(data) > limit:
        return None, [_too_large(relpath, len(data), limit)]
    return data, []


def _too_large(relpath: str, size: int, limit: int) -> Finding:
    return INPUT_LIMIT.finding(
        relpath,
        1,
        f"文件过大（{size:,} 字节），超过上限 {_size(limit)}；真实的报告文件只有几十 KB，"
        "请检查是否误把其他文件放在了这里。",
    )


def decode(relpath: str, data: bytes) -> tuple[str | None, list[Finding]]:
    """UTF-8 text with universal newlines (as ``Path.read_text``), or the finding naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
            guess = "看起来是 GBK（GB 2312、GB 18030）编码，中文 Windows 的记事本常这样保存；"
        except UnicodeDecodeError:
            guess = ""
        return None, [
            ENCODING.finding(
                relpath,
                line,
                f"文件不是 UTF-8 编码（第 {line} 行有无法识别的字节）；{guess}请用编辑器以 UTF-8 编码另存。",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_text(root: Path, relpath: str, limit: int = FILE_LIMIT) -> tuple[str | None, list[Finding]]:
    """A project file's text, or None with the finding that says why it cannot be read."""
    data, findings = read_bytes(root, relpath, limit)
    if data is None:
        return None, findings
    return decode(relpath, data)


def exists(root: Path, relpath: str) -> bool:
    """Whether anything (a file, a folder, a link, even a broken one) is at `relpath`."""
    return os.path.lexists(root / relpath)
