"""The site's identity: who runs it and how to reach them (data/site.yaml), checked like any data file.

Chinese government sites print their host (主办单位), 网站标识码, ICP and 公安机关
备案号, contact and address in the footer, and the host's name in the header
(政府网站发展指引; GB/T 37668 asks that it be found the same way on every page).
Every field is optional: a site without the file, or with only some fields,
shows only what is given. The values are untrusted text, so each is one line
of plain text of a declared shape and bounded length; a bad one is a located
finding, never a traceback, and never reaches the page (the theme templates
escape what is kept all the same).

Why a data file and not ``mkdocs.yml`` ``extra:``: it is read by the same bounded
reader as every registry, with line numbers for its findings and a place in the
fingerprint of the prepared tree; it is the host's data, kept with the organ
registry under the same review; and the site title derived from it is written
once, here, rather than retyped in ``site_name``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from macros.check.catalogue import SITE_IDENTITY, UNKNOWN_KEY
from macros.check.findings import Finding
from macros.check.paths import DOCS_DIR
from macros.check.reader import exists, read_text
from macros.check.yamlnodes import TAG, clip, compose, describe, line_of, mapping_items
from macros.format.national import ORGAN_NAME_FORBIDDEN, TITLE_SUFFIX

SITE_FILE = "data/site.yaml"
# What the site is called without a host: the title alone, as before.
DEFAULT_SITE_NAME = TITLE_SUFFIX.removeprefix("年")


@dataclass(frozen=True)
class IdentityField:
    key: str
    label: str
    pattern: str  # the whole value must match
    example: str
    limit: int  # characters


_TEXT = r"[^\x00-\x1f\x7f]+"
# Declared once: the loader, the footer's order and labels, the README's table all follow this.
IDENTITY_FIELDS: tuple[IdentityField, ...] = (
    IdentityField("host", "主办单位", _TEXT, "示例市示例区人民政府示例街道办事处", 60),
    IdentityField("site_code", "网站标识码", r"[0-9A-Za-z]{10}", "5303000001", 10),
    # 《非经营性互联网信息服务备案管理办法》: 省简称 + ICP备 + number, optionally -site number.
    IdentityField("icp", "ICP 备案号", r"[\u4e00-\u9fff]ICP备[0-9]{6,12}号(?:-[0-9]{1,3})?", "滇ICP备00000000号-1", 24),
    IdentityField(
        "police", "公安机关备案号", r"[\u4e00-\u9fff]公网安备 ?[0-9]{6,20}号", "滇公网安备53030002000000号", 30
    ),
    IdentityField("phone", "联系电话", r"[0-9+()（）\- 、转]{3,40}", "0874-0000000", 40),
    IdentityField(
        "email",
        "电子邮箱",
        r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+",
        "gk@example.gov.cn",
        100,
    ),
    IdentityField("address", "地址", _TEXT, "示例市示例区示例路 1 号", 100),
    IdentityField("logo", "标识图片", r"[A-Za-z0-9_-][A-Za-z0-9_./-]*", "assets/logo.png", 200),
)
IDENTITY_FIELDS_BY_KEY = {f.key: f for f in IDENTITY_FIELDS}
# Raster images only: an SVG can carry script, which runs when its address is opened.
LOGO_TYPES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
LOGO_LIMIT = 512_000  # bytes: a header mark, not a photograph


@dataclass(frozen=True)
class Identity:
    """The values kept (checked, one line each); a field absent or refused is not there."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # key → line in data/site.yaml

    @property
    def site_name(self) -> str:
        """The site title: whose site it is, then what it holds."""
        host = self.values.get("host")
        return f"{host}{DEFAULT_SITE_NAME}" if host else DEFAULT_SITE_NAME

    def theme_extra(self) -> dict[str, object]:
        """What the theme templates read (``config.extra.identity``): the values and the footer's rows in order."""
        labels = {f.key: f.label for f in IDENTITY_FIELDS}
        # The 公安 filing system's query address takes the record's digits alone.
        police_code = re.sub(r"[^0-9]", "", self.values.get("police", ""))
        footer = any(key != "logo" for key in self.values)
        return {**self.values, "labels": labels, "police_code": police_code, "footer": footer}


def read_identity(root: Path) -> tuple[Identity, list[Finding]]:
    """The identity of the project at `root`: none without data/site.yaml (it is optional)."""
    if not exists(root, SITE_FILE):
        return Identity(), []
    text, findings = read_text(root, SITE_FILE)
    if text is None:
        return Identity(), findings
    identity, found = load_identity(SITE_FILE, text)
    return _with_logo(root, identity, found)


def load_identity(path: str, text: str) -> tuple[Identity, list[Finding]]:
    """Load the identity fields of `text`; every field is checked on its own (a bad one drops only itself)."""
    root, findings = compose(path, text)
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == TAG + "null"):
        return Identity(), findings  # empty, or only comments: no identity
    for key, key_node, node in mapping_items(root, path, "网站信息", findings):
        declared = IDENTITY_FIELDS_BY_KEY.get(key)
        if declared is None:
            allowed = "、".join(f"{f.key}（{f.label}）" for f in IDENTITY_FIELDS)
            findings.append(
                UNKNOWN_KEY.finding(
                    path, line_of(key_node), f"网站信息中有未知的键「{clip(key)}」；可用的键为：{allowed}。"
                )
            )
            continue
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null":
            continue  # written but left empty: the same as absent
        problem = _problem(declared, node)
        if problem:
            findings.append(SITE_IDENTITY.finding(path, line_of(node), problem))
            continue
        values[key], lines[key] = " ".join(str(node.value).split()), line_of(node)
    return Identity(values, lines), findings


def _problem(declared: IdentityField, node: yaml.Node) -> str | None:
    """Why a value cannot be shown (one Chinese sentence), or None."""
    what = f"{declared.label}（{declared.key}）"
    if not isinstance(node, yaml.ScalarNode) or "\n" in node.value.strip():
        shown = describe(node) if not isinstance(node, yaml.ScalarNode) else "多行文字"
        return f"{what}应为一行文字，实为{shown}。"
    text = " ".join(str(node.value).split())
    if not text:
        return f"{what}不能为空白；不需要时请删去这一行。"
    if len(text) > declared.limit:
        return f"{what}至多 {declared.limit} 个字符，实为 {len(text):,} 个。"
    if declared.pattern == _TEXT and (match := re.search(ORGAN_NAME_FORBIDDEN, text)):
        return f"{what}含有不允许的字符「{match.group(0)}」；只能写文字、数字和常用标点，不能含有网页标记或公式符号。"
    if not re.fullmatch(declared.pattern, text):
        return f"{what}的写法不对，应形如「{declared.example}」，实为「{clip(text)}」。"
    if declared.key == "logo" and (".." in text.split("/") or "//" in text):
        return f"{what}应是 {DOCS_DIR}/ 中的文件路径（如 {declared.example}），不能含有「..」，实为「{clip(text)}」。"
    return None


def _with_logo(root: Path, identity: Identity, findings: list[Finding]) -> tuple[Identity, list[Finding]]:
    """Keep the logo only if it is a small raster image inside docs/ (it is copied into every build)."""
    logo = identity.values.get("logo")
    if logo is None:
        return identity, findings
    problem = _logo_problem(root, logo)
    if problem is None:
        return identity, findings
    kept = {k: v for k, v in identity.values.items() if k != "logo"}
    return Identity(kept, identity.lines), [
        *findings,
        SITE_IDENTITY.finding(SITE_FILE, identity.lines["logo"], problem),
    ]


def _logo_problem(root: Path, logo: str) -> str | None:
    where = f"{DOCS_DIR}/{logo}"
    suffix = os.path.splitext(logo)[1].lower()
    if suffix not in LOGO_TYPES:
        return f"标识图片 {where} 应是 PNG、JPEG、WebP 或 GIF 图片（.png、.jpg、.webp、.gif）。"
    try:
        info = os.lstat(root / where)
    except OSError:
        return f"找不到标识图片 {where}；请把图片放进 {DOCS_DIR}/（例如 {DOCS_DIR}/assets/），或删去 logo 这一行。"
    if not stat.S_ISREG(info.st_mode):
        return f"标识图片 {where} 应是一个普通文件（不能是文件夹或符号链接）。"
    if info.st_size > LOGO_LIMIT:
        size = f"{info.st_size // 1000:,} KB"
        return f"标识图片 {where} 超过 {LOGO_LIMIT // 1000} KB（实为 {size}）；页首的标识不需要这么大。"
    with open(root / where, "rb") as handle:
        head = handle.read(16)
    magics = LOGO_TYPES[suffix]
    if not any(head.startswith(magic) for magic in magics) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        return f"标识图片 {where} 的内容不是扩展名所说的图片格式；请另存为真正的 {suffix[1:].upper()} 图片。"
    return None
