"""The layout is a contract too: no import cycle anywhere, and dependencies run one way —
qa_app -> index -> ingest; prompts is imported by qa_app only; the app never imports the CLI;
synthetic (the test-data generator) sits beside ingest and is imported by qa_app's demo and
bench only, never by the product's reading path.

The graph is read from the source with `ast` (every import, also those inside functions), so
a cycle cannot hide behind a late import."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "index", "qa_app", "prompts", "synthetic")
# Which top-level packages each may import.
ALLOWED = {
    "ingest": {"ingest"},
    "index": {"index", "ingest"},
    "prompts": {"prompts"},
    "qa_app": {"qa_app", "index", "ingest", "prompts", "synthetic"},
    "synthetic": {"synthetic", "ingest"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` refers to (a module, or the package of a name in it)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import module` names the module; any other name, the package itself.
            for alias in node.names:
                names.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for n in names if (m := _resolve(n, modules)) and m != here}


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles(graph()) == []


def test_dependencies_run_one_way() -> None:
    wrong = [
        f"{module} imports {dep}"
        for module, deps in graph().items()
        for dep in deps
        if dep.split(".")[0] not in ALLOWED[module.split(".")[0]]
    ]
    assert wrong == []


def test_the_app_does_not_import_the_cli() -> None:
    app = {m: d for m, d in graph().items() if m.startswith("qa_app.app")}
    assert app and not [f"{m} imports {d}" for m, ds in app.items() for d in ds if ".cli" in d]


# The rooms of qa_app and what each may import besides itself: the data flows question ->
# execution -> answer -> engine -> front ends, and nothing imports back up the flow.
SHARED = {"qa_app", "qa_app.settings", "qa_app.llm"}
ROOMS = {
    "qa_app.question": SHARED,
    "qa_app.execution": SHARED | {"qa_app.question"},
    "qa_app.answer": SHARED | {"qa_app.question", "qa_app.execution"},
    "qa_app.engine": SHARED | {"qa_app.question", "qa_app.execution", "qa_app.answer"},
    "qa_app.bench": SHARED | {"qa_app.question", "qa_app.execution", "qa_app.engine"},
    "qa_app.cli": SHARED
    | {
        "qa_app.question",
        "qa_app.execution",
        "qa_app.answer",
        "qa_app.engine",
        "qa_app.bench",
    },
    "qa_app.app": SHARED
    | {"qa_app.question", "qa_app.execution", "qa_app.answer", "qa_app.engine"},
}


def _room(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and parts[0] == "qa_app" else parts[0]


def test_rooms_import_down_the_flow_only() -> None:
    wrong = [
        f"{module} imports {dep}"
        for module, deps in graph().items()
        if _room(module) in ROOMS
        for dep in deps
        if dep.startswith("qa_app")
        and _room(dep) != _room(module)
        and _room(dep) not in ROOMS[_room(module)]
    ]
    assert wrong == []


def test_each_room_says_what_it_is_for_and_may_import() -> None:
    for room in ROOMS:
        init = REPO.joinpath(*room.split("."), "__init__.py")
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc or "may import" in doc, room


def test_qa_app_top_level_stays_small() -> None:
    entries = [p for p in (REPO / "qa_app").iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 11, sorted(p.name for p in entries)


def test_the_architecture_page_names_only_modules_that_exist() -> None:
    """Every `path` of docs/architecture.md that looks like a module or folder of the project."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:ingest|index|qa_app|prompts|synthetic|tests)/[\w/.*]*)`", text))
    missing = sorted(p for p in named if "*" not in p and not (REPO / p).exists())
    assert named and missing == []
    # Bare names of a room's modules (`executor.py` after `qa_app/execution/`) exist somewhere.
    files = {p.name for p in REPO.glob("*/**/*.py")} | {p.name for p in REPO.glob("*/**/*.toml")}
    bare = set(re.findall(r"`([\w]+\.(?:py|toml))`", text))
    assert sorted(bare - files) == []
