"""The package's shape: imports go one way, so any module can be read (and loaded) on its own."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name lives in (a module, or the package's __init__)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Every import of every module, those inside functions included."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                resolved = _resolve(target, modules)
                if resolved is not None and resolved != name:
                    graph[name].add(resolved)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle():
    # The package's own __init__ is the MkDocs entry point; nothing imports from it,
    # so it is left out (importing any submodule runs it first anyway).
    graph = {k: v - {"macros"} for k, v in import_graph().items()}
    assert find_cycle(graph) is None


def test_nothing_imports_the_package_root():
    importers = [name for name, targets in import_graph().items() if "macros" in targets and name != "macros"]
    assert importers == []


def test_cycle_finder_finds_a_cycle():
    # The test above is only as good as its detector.
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_graph_sees_imports_inside_functions(tmp_path: Path):
    graph = import_graph()
    # export.py imports the Excel layout inside a function (only making files needs it, never a check).
    assert "macros.opendata.xlsx" in graph["macros.opendata.export"]


def test_every_folder_is_a_concept_with_its_own_docstring():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init.relative_to(ROOT)} says nothing about its concept"
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "cli.py"]


def test_findings_are_made_through_their_declared_rule():
    # A rule id and its level are typed once (check/catalogue.py, importer/rules.py):
    # nowhere else may a Finding be built from a retyped id and level.
    builders = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                builders.append(f"{name}:{node.lineno}")
    assert builders == ["macros.check.findings:" + str(_rule_finding_line())]


def _rule_finding_line() -> int:
    tree = ast.parse((PACKAGE / "check" / "findings.py").read_text(encoding="utf-8"))
    method = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "finding")
    return next(n.lineno for n in ast.walk(method) if isinstance(n, ast.Call))


def test_a_rule_cannot_be_declared_twice():
    import pytest

    from macros.check.catalogue import BLANK
    from macros.check.findings import declare

    with pytest.raises(ValueError):
        declare(BLANK.id, "另一个标题")
    assert BLANK.finding("a.yaml", 3, "未填写").advisory is False


def test_one_refusal_type():
    classes = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", "").endswith(("Exception", "Error")) for base in node.bases
            ):
                classes.append(f"{name}.{node.name}")
    # site/env.py defines a stand-in for MkDocs' own PluginError where MkDocs is absent.
    assert classes == ["macros.check.findings.Refusal", "macros.site.env.PluginError"]


def test_every_command_refuses_an_unknown_organ_alike(project_copy: Path, capsys):
    from macros.cli import main

    root = str(project_copy)
    runs = {
        "new": ["new", "nowhere", "2024"],
        "publish": ["publish", "nowhere", "2024"],
        "import": ["import", str(project_copy / "mkdocs.yml"), "--organ", "nowhere", "--year", "2024"],
    }
    for name, argv in runs.items():
        assert main(["--root", root, *argv]) == 1, name
        err = capsys.readouterr().err
        assert "nowhere" in err and "Traceback" not in err, (name, err)


def test_a_wrong_command_line_is_status_2(capsys):
    import pytest

    from macros.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["publish"])
    assert exit_.value.code == 2


def test_table_names_and_patterns_come_from_the_format():
    import re

    retyped = re.compile(r"表\{[^}]*\.number\}|\(\?:19\|20\)|\[a-z0-9\]\[a-z0-9-\]\*")
    offenders = [
        f"{name}:{number}"
        for name, path in _modules().items()
        if name != "macros.format.national"
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if retyped.search(text)
    ]
    assert offenders == []
