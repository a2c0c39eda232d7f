"""No two modules of the project import each other at load time, directly or round a loop: a loop makes the order
in which Django loads the apps matter, and a newcomer cannot read one file without the other.

Imports inside functions are left out: they are how a module reaches one loaded after it (a flow class from the
processes that start it, a task from the service that queues it), and Python resolves them at call time."""

import ast
import graphlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def _modules():
    packages = [path.parent for path in PROJECT.glob("*/apps.py")] + [PROJECT / "config"]
    modules = {}
    for package in packages:
        for path in package.rglob("*.py"):
            if "migrations" in path.relative_to(PROJECT).parts:
                continue
            parts = list(path.relative_to(PROJECT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imported(module, path, node, modules):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    base = node.module or ""
    if node.level:
        parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*parts, base] if base else parts)
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]


def _load_time_graph():
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for node in tree.body:  # the module's own statements: what runs when it is imported
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets.update(t for t in _imported(module, path, node, modules) if t in modules and t != module)
        graph[module] = targets
    return graph


def test_the_graph_sees_the_projects_imports():
    graph = _load_time_graph()
    assert "tasks_registry.services" in graph["workflows.views"]
    assert "workflows.completion" in graph["workflows.views"]
    assert len(graph) > 150


def test_no_module_imports_itself_round_a_loop_at_load_time():
    try:
        list(graphlib.TopologicalSorter(_load_time_graph()).static_order())
    except graphlib.CycleError as cycle:
        raise AssertionError(f"import loop: {' -> '.join(cycle.args[1])}") from None
