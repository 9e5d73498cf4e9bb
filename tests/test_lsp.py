"""The schema as an editor meets it: yaml-language-server (npm) driven over the LSP protocol on stdio.

VS Code's YAML extension and web editors built on the same server read the data
file's modeline (``# yaml-language-server: $schema=../../../schema/report.schema.json``):
this test opens a data file under data/reports/ exactly so and asserts what the
editor shows: key completions and hovers with the official labels, and diagnostics
in Chinese (the schema's ``errorMessage``), whatever the editor's own language.

The server is pinned in tests/lsp/package.json and package-lock.json and installed
there by ``npm ci`` (``make install-dev`` does it; so does this test if it is missing).
Without node and npm the test fails, naming the command that installs them.
"""

from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
from conftest import ROOT

from macros.authoring.datafile import data_header, dump_report
from macros.authoring.schema import report_schema
from macros.check.catalogue import CATALOGUE
from macros.format.national import TABLES_BY_KEY

LSP_DIR = ROOT / "tests/lsp"
SERVER = LSP_DIR / "node_modules/yaml-language-server/bin/yaml-language-server"
INSTALL = "sudo .ci/system-packages"  # installs Debian's nodejs and npm among the rest
# A fictional organ's new report, at the path a real one would have (the file itself is never written).
DOCUMENT = ROOT / "data/reports/shili/2025.yaml"
URI = DOCUMENT.as_uri()
TIMEOUT = 60  # seconds for any one answer: a cold node start on a busy machine
CJK = re.compile(r"[\u4e00-\u9fff]")


def _install_server() -> None:
    """The pinned server in tests/lsp/node_modules, installed by `npm ci` if missing; fails in Chinese."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = "、".join(name for name, path in (("nodejs", node), ("npm", npm)) if path is None)
        pytest.fail(
            f"缺少系统软件包 {missing}（编辑器补全测试要运行 yaml-language-server）：请运行 {INSTALL}", pytrace=False
        )
    if SERVER.is_file():
        return
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=LSP_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0 or not SERVER.is_file():
        pytest.fail(
            "无法安装 yaml-language-server（tests/lsp/package-lock.json 固定的版本）："
            f"请在联网后运行 make install-dev 或 (cd tests/lsp && npm ci)。\n{result.stderr[-2000:]}",
            pytrace=False,
        )


class Client:
    """A minimal LSP client: JSON-RPC with Content-Length headers, answering the server's own requests."""

    def __init__(self, locale: str) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict] = queue.Queue()
        self.next_id = 0
        self.diagnostics: dict[str, list[dict]] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": ROOT.as_uri(),
                "locale": locale,
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"]}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self.settings()}})

    @staticmethod
    def settings() -> dict:
        # The modeline alone names the schema: no yaml.schemas mapping, no schema store (no network).
        return {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict) -> dict | list | None:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == wanted and "method" not in message:
                assert "error" not in message, message
                return message.get("result")

    def _next(self) -> dict:
        message = self.messages.get(timeout=TIMEOUT)
        if "method" in message and "id" in message:  # the server asks: configuration, capabilities, progress
            items = message.get("params", {}).get("items", [])
            answer = [self.settings() if i.get("section") == "yaml" else None for i in items] if items else None
            self._send({"id": message["id"], "result": answer})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        return message

    def open(self, text: str, version: int = 1) -> list[dict]:
        """Open the data file with `text`; its diagnostics once the server has validated it."""
        self.diagnostics.pop(URI, None)
        params = {"textDocument": {"uri": URI, "languageId": "yaml", "version": version, "text": text}}
        if version == 1:
            self.notify("textDocument/didOpen", params)
        else:
            change = {"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}
            self.notify("textDocument/didChange", change)
        while URI not in self.diagnostics:
            self._next()
        return self.diagnostics[URI]

    def complete(self, line: int, character: int) -> list[dict]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}},
        )
        return result["items"] if isinstance(result, dict) else list(result or [])

    def hover(self, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}
        )
        assert isinstance(result, dict), result
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a server that does not stop is stopped
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)  # it ends at the server's end of output
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="module")
def english_editor() -> Iterator[Client]:
    """The server as an editor in English starts it: only the schema's own texts can be Chinese."""
    _install_server()
    client = Client("en")
    yield client
    client.close()


BLANK = dump_report(None, header=data_header("示例市示例区人民政府示例街道办事处", 2025))


def _position(text: str, needle: str, after: bool = True) -> tuple[int, int]:
    """(line, character), 0-based, just after (or at) the first `needle` in `text`."""
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            return number, line.index(needle) + (len(needle) if after else 0)
    raise AssertionError(f"{needle!r} not in the document")


def _documentation(item: dict) -> str:
    doc = item.get("documentation", "")
    return doc.get("value", "") if isinstance(doc, dict) else str(doc)


def test_a_blank_data_file_opens_clean_under_its_modeline(english_editor: Client):
    """Assert that a new report (all null) has no diagnostic: the server found the schema by the modeline."""
    assert BLANK.splitlines()[0] == "# yaml-language-server: $schema=../../../schema/report.schema.json"
    assert english_editor.open(BLANK) == []
    # The schema was loaded: a hover says what a key is (nothing at all without a schema).
    assert "发布状态" in english_editor.hover(*_position(BLANK, "status", after=False))


def test_key_completions_carry_the_official_labels(english_editor: Client):
    """Assert that typing a row key in 表二 offers the missing rows with their official labels."""
    proactive = TABLES_BY_KEY["proactive"]
    text = re.sub(r"(?m)^  penalty: .*\n", "  pen\n", BLANK)
    english_editor.open(text, version=2)
    items = english_editor.complete(*_position(text, "  pen"))
    by_label = {item["label"]: item for item in items}
    assert "penalty" in by_label, sorted(by_label)
    label = proactive.row("penalty").label
    assert label in _documentation(by_label["penalty"]) and CJK.search(label)
    # At the top level: the record keys, e.g. reviewed:, with their Chinese titles.
    top = BLANK.replace("status: 草稿\n", "status: 草稿\nrev\n")
    english_editor.open(top, version=3)
    items = {item["label"]: item for item in english_editor.complete(*_position(top, "rev"))}
    assert "reviewed" in items and "已核对的提示" in _documentation(items["reviewed"])
    # Under reviewed: the advisory rules, each with what it protects; never an error's id.
    under = BLANK.replace("status: 草稿\n", "status: 草稿\nreviewed:\n  t2\n")
    english_editor.open(under, version=4)
    items = {item["label"]: item for item in english_editor.complete(*_position(under, "  t2"))}
    assert "t2-rules-local" in items and "t3-balance" not in items
    assert CATALOGUE["t2-rules-local"].title in _documentation(items["t2-rules-local"])


def test_hovers_show_the_official_labels(english_editor: Client):
    """Assert that hovering a row key shows its official label and what to write there, in Chinese."""
    english_editor.open(BLANK, version=5)
    requests = TABLES_BY_KEY["requests"]
    line, column = _position(BLANK, "  new:", after=False)
    hover = english_editor.hover(line, column + 2)  # on the key itself
    assert requests.row("new").label in hover and f"{len(requests.grid_of('new').columns)} 个数值" in hover
    assert all(c.label in hover for c in requests.grid_of("new").columns)
    line, column = _position(BLANK, "  penalty:", after=False)
    hover = english_editor.hover(line, column + 2)
    assert TABLES_BY_KEY["proactive"].row("penalty").label in hover and "非负整数" in hover


def test_diagnostics_are_the_schemas_chinese_messages(english_editor: Client):
    """Assert that wrong types, values, a missing table and an unknown key read in Chinese, as the schema words them."""
    schema = report_schema()
    proactive = schema["properties"]["proactive"]
    cases = [
        ("status: 草稿", "status: 公开", schema["properties"]["status"]["errorMessage"]),
        (
            "  licensing: null",
            "  licensing: 很多",
            proactive["properties"]["licensing"]["errorMessage"],
        ),
        ("  rules:     [null, null, null]", "  rules:     很多", proactive["properties"]["rules"]["errorMessage"]),
        ("  penalty:   null", "  penalties: null", proactive["errorMessage"]),
    ]
    for version, (old, new, expected) in enumerate(cases, start=10):
        assert old in BLANK, old
        text = BLANK.replace(old, new, 1)
        messages = [d["message"] for d in english_editor.open(text, version=version)]
        assert expected in messages, (new, messages)
        assert all(CJK.search(m) for m in messages), messages
    # A whole table missing: the file's own message names the required keys.
    text = BLANK[: BLANK.index("# 四、")]
    messages = [d["message"] for d in english_editor.open(text, version=20)]
    assert schema["errorMessage"] in messages and "appeals" in schema["errorMessage"]
    # A reviewed: entry for an error rule, or without a Chinese reason.
    text = BLANK.replace("status: 草稿\n", "status: 草稿\nreviewed:\n  t3-balance: 核对无误。\n  stray-latin: ok\n")
    messages = [d["message"] for d in english_editor.open(text, version=21)]
    reviewed = schema["properties"]["reviewed"]
    assert reviewed["errorMessage"] in messages
    assert reviewed["properties"]["stray-latin"]["errorMessage"] in messages


def test_the_servers_own_messages_follow_a_chinese_editor():
    """Assert that what the schema cannot word (a row of the wrong length) reads in Chinese in a Chinese editor."""
    _install_server()
    client = Client("zh-cn")
    try:
        text = BLANK.replace("  rules:     [null, null, null]", "  rules:     [0, 0]", 1)
        messages = [d["message"] for d in client.open(text)]
        assert messages and all(CJK.search(m) for m in messages), messages
    finally:
        client.close()


def test_without_node_the_test_fails_naming_the_install_command(monkeypatch):
    """Assert that a machine without node and npm fails this test (never skips it), in Chinese, with the command."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception) as failed:
        _install_server()
    assert "缺少系统软件包 nodejs、npm" in str(failed.value) and INSTALL in str(failed.value)
