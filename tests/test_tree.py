"""Writing the prepared tree file by file (macros/site/tree.py), and prepare never holding the whole of it."""

from __future__ import annotations

import hashlib
import os
import pickle
import tracemalloc
from pathlib import Path

import pytest
from opendata_helpers import make_rich_project

from macros.check.findings import Refusal
from macros.check.project import check_project
from macros.opendata.catalogue import ALL_REPORTS, report_file
from macros.opendata.export import build_exports, write_open_data
from macros.opendata.longform import exportable_reports
from macros.site.prepare import prepared_files, write_prepared
from macros.site.tree import MemoryTree, Sink, TreeWriter, Written
from macros.store.signed import seal, write_sealed


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _write(out: Path, files: dict[str, bytes], keep: str | None = None) -> TreeWriter:
    tree = TreeWriter(out, keep=keep)
    for uri, content in files.items():
        tree.add(uri, content)
    tree.finish()
    return tree


def test_the_tree_holds_exactly_the_files_given(tmp_path: Path) -> None:
    """Assert that a second writing leaves unchanged files untouched, rewrites changed ones, removes the rest."""
    out = tmp_path / "tree"
    _write(out, {"a.md": b"same", "b/c.csv": b"old", "b/stale.txt": b"x", "gone/d.txt": b"y", "longer": b"ab"})
    before = {uri: os.stat(out / uri) for uri in ("a.md", "b/c.csv")}
    new = {"a.md": b"same", "b/c.csv": b"new", "longer": b"abc", "e.txt": b"", "shorter": b""}
    (out / "shorter").write_bytes(b"was longer")
    _write(out, new)
    assert _files(out) == new
    assert not (out / "gone").exists()  # an emptied folder goes too
    after = os.stat(out / "a.md")
    assert (after.st_ino, after.st_mtime_ns) == (before["a.md"].st_ino, before["a.md"].st_mtime_ns)
    assert os.stat(out / "b/c.csv").st_ino != before["b/c.csv"].st_ino


def test_a_file_written_in_pieces_is_compared_as_it_comes(tmp_path: Path) -> None:
    """Assert that a file given in pieces equal to the old one is not rewritten, and one differing late is whole."""
    out = tmp_path / "tree"
    old = bytes(range(256)) * 10_000
    _write(out, {"big.bin": old})
    mtime = os.stat(out / "big.bin").st_mtime_ns
    tree = TreeWriter(out)
    with tree.open("big.bin") as piece:
        for at in range(0, len(old), 7_777):
            piece.write(old[at : at + 7_777])
    assert os.stat(out / "big.bin").st_mtime_ns == mtime
    assert tree.written["big.bin"] == Written(len(old), hashlib.sha256(old).hexdigest())
    changed = old[:-1] + b"!"
    tree = TreeWriter(out)
    with tree.open("big.bin") as piece:
        piece.write(changed[:1_000_000])
        piece.write(changed[1_000_000:])
    assert (out / "big.bin").read_bytes() == changed
    assert [p.name for p in out.iterdir()] == ["big.bin"]  # no file begun beside it is left


def test_a_failed_file_leaves_the_old_one_whole(tmp_path: Path) -> None:
    """Assert that an error while a file is written keeps the old file as it was, and nothing beside it."""
    out = tmp_path / "tree"
    _write(out, {"a.csv": b"old contents"})
    tree = TreeWriter(out)
    with pytest.raises(RuntimeError), tree.open("a.csv") as piece:
        piece.write(b"old")
        piece.write(b"-new")
        raise RuntimeError("stopped")
    assert _files(out) == {"a.csv": b"old contents"}


def test_a_new_file_is_written_in_place_and_one_cut_short_is_removed(tmp_path: Path) -> None:
    """Assert that a file with no old version needs no temporary file, and a failed one leaves nothing."""
    out = tmp_path / "tree"
    tree = TreeWriter(out)
    with tree.open("d/a.csv") as piece:
        piece.write(b"new ")
        assert (out / "d/a.csv").read_bytes() in (b"", b"new ")  # the file itself, no temporary beside it
        assert [p.name for p in (out / "d").iterdir()] == ["a.csv"]
        piece.write(b"contents")
    with pytest.raises(RuntimeError), tree.open("d/b.csv") as piece:
        piece.write(b"half")
        raise RuntimeError("stopped")
    assert _files(out) == {"d/a.csv": b"new contents"}


def test_every_file_written_is_readable_by_all_as_the_umask_allows(tmp_path: Path) -> None:
    """Assert that a new and a replaced file both get the umask's mode (a web server reads the linked site)."""
    from macros.site.tree import FILE_MODE

    out = tmp_path / "tree"
    _write(out, {"old.csv": b"old", "private.csv": b"same"})
    (out / "private.csv").chmod(0o600)  # as an older version's temporary file left it
    tree = TreeWriter(out)
    tree.add("old.csv", b"new")
    tree.add("new.csv", b"new")
    tree.add("private.csv", b"same")
    tree.finish()
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes == {"old.csv": FILE_MODE, "new.csv": FILE_MODE, "private.csv": FILE_MODE}


def test_a_folder_and_a_file_may_trade_places(tmp_path: Path) -> None:
    """Assert that a file where a folder was (and a folder where a file was) replaces it: the old is stale."""
    out = tmp_path / "tree"
    _write(out, {"a/b.md": b"1", "c": b"2"})
    _write(out, {"a": b"3", "c/d.md": b"4"})
    assert _files(out) == {"a": b"3", "c/d.md": b"4"}


def test_the_kept_folder_stays_and_the_last_file_comes_after_the_removals(tmp_path: Path) -> None:
    """Assert that `keep` is left as it is, and `last` (the stamp) is written once the stale files are gone."""
    out = tmp_path / "tree"
    _write(out, {"search/index.json": b"{}", "stale.md": b"x"})
    tree = TreeWriter(out, keep="search")
    tree.add("page.md", b"p")
    seen: list[bool] = []
    add = tree.add
    tree.add = lambda uri, content: seen.append((out / "stale.md").exists()) or add(uri, content)  # type: ignore[method-assign]
    tree.finish(last=("stamp", b"s"))
    assert seen == [False]
    assert _files(out) == {"search/index.json": b"{}", "page.md": b"p", "stamp": b"s"}


def test_a_path_given_twice_is_refused(tmp_path: Path) -> None:
    """Assert that both sinks refuse a second file of the same path, in their caller's words, keeping the first."""
    for sink in (
        TreeWriter(tmp_path / "tree", clash=lambda uri: f"{uri} 重名"),
        MemoryTree(clash=lambda uri: f"{uri} 重名"),
    ):
        sink.add("a.md", b"1")
        with pytest.raises(Refusal, match="^a.md 重名$"):
            sink.add("a.md", b"2")
    assert (tmp_path / "tree/a.md").read_bytes() == b"1"


class _Counting(Sink):
    """Keeps nothing of the files but their size; notes the order files are begun and written in."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []

    def _begin(self, uri: str):
        events = self.events
        events.append(("begin", uri))

        class Target:
            def write(self, data: bytes) -> None:
                events.append(("write", uri))

            def finish(self) -> None:
                events.append(("end", uri))

            def abandon(self) -> None:
                pass

        return Target()


def test_the_collection_is_written_report_by_report(project_copy: Path) -> None:
    """Assert that the collection's CSVs and JSON get a piece per report, each as soon as that report is made."""
    make_rich_project(project_copy)
    project = check_project(project_copy)
    keys = exportable_reports(project)
    assert len(keys) == 3
    sink = _Counting()
    write_open_data(project, sink)
    for collection in (f"{ALL_REPORTS}.csv", f"{ALL_REPORTS}.zh.csv", f"{ALL_REPORTS}.json"):
        pieces = [i for i, event in enumerate(sink.events) if event == ("write", collection)]
        # The head, a piece per report (and the JSON's tail).
        assert len(pieces) >= 1 + len(keys), collection
        for key, before, after in zip(keys, pieces, pieces[1:], strict=False):
            made = sink.events.index(("begin", report_file(key, "csv")))
            assert before < made < after, (collection, key)
    # Same bytes as written in memory (the datapackage lists each file's size and hash as written).
    files = build_exports(project)
    assert {uri: w.size for uri, w in sink.written.items()} == {uri: len(c) for uri, c in files.items()}


BIG = 8 << 20  # bytes of each large file of docs/


def test_prepare_holds_one_file_at_a_time(project_copy: Path) -> None:
    """Assert that prepare's memory does not grow with the tree's bytes: 6 large files, never more than 2 at once.

    A dict of the whole tree (as prepare once made) would hold all 48 MiB of them.
    """
    for i in range(6):
        (project_copy / f"docs/assets/large-{i}.bin").write_bytes(os.urandom(BIG))
    project = check_project(project_copy)
    tracemalloc.start()
    try:
        sink = _Counting()
        write_prepared(project, False, sink)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sink.written["assets/large-5.bin"].size == BIG
    assert peak < 2 * BIG, peak


def test_the_tree_on_disk_is_the_tree_in_memory(project_copy: Path, tmp_path: Path) -> None:
    """Assert that the two sinks get the same files from prepare: the dict the tests read is the written tree."""
    project = check_project(project_copy)
    out = tmp_path / "tree"
    tree = TreeWriter(out)
    write_prepared(project, False, tree)
    tree.finish()
    assert _files(out) == prepared_files(project, False)


def test_nothing_is_written_through_a_link(tmp_path: Path) -> None:
    """Assert that a link in the tree where a folder goes is replaced by a folder, never written through."""
    out, elsewhere = tmp_path / "tree", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "a").symlink_to(elsewhere, target_is_directory=True)
    _write(out, {"a/b.md": b"1"})
    assert list(elsewhere.iterdir()) == []
    assert not (out / "a").is_symlink() and _files(out) == {"a/b.md": b"1"}


def test_a_sealed_record_is_written_as_it_is_pickled() -> None:
    """Assert that write_sealed gives, in pieces, exactly the bytes of seal(pickle.dumps(...))."""
    value = {"reports": [{"organ": f"o{i:04d}", "text": f"{i}" + "正文" * 500, "n": i} for i in range(400)]}
    key = bytes(range(32))
    pieces: list[bytes] = []

    class Out:
        def write(self, data: bytes) -> None:
            pieces.append(bytes(data))

    write_sealed(Out(), value, key)
    assert b"".join(pieces) == seal(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), key)
    assert len(pieces) > 2  # not one piece: the pickler hands its frames over as they fill
