"""Apps import downward, and no two modules of the project import each other, directly or round a loop.

The layers, lowest first, are stated in docs/architecture.md ("Layers"); `LAYERS` below is the same table. A module
may import its own layer and the ones below it, never one above: the log does not know the registry, the registry
does not know the flows, the flows do not know the reports, and nothing of the product knows the demo or the pages
that show it. Every import counts, at load time or inside a function: a deferred import is still a dependency.
"""

import ast
import graphlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

# Lowest first. A module belongs to the most specific entry naming it or a package above it.
LAYERS = (
    (
        "the log and shared tools",
        (
            "audit",  # its core: models, chain, recorder, verification, signing, checkpoints, folding
            "office",  # writing Word and Excel files
            "accounts.proxy",
            "operations.replica",  # the database router
        ),
    ),
    ("people and sign-in", ("accounts",)),
    ("the registry", ("tasks_registry",)),
    ("the result flow and queues", ("workflows",)),
    ("annual reports and figures", ("reports",)),
    (
        "surfaces",
        (
            "audit.workspace",
            "audit.templatetags",
            "portal",
            "api",
            "notifications",
            "operations",
            "demo",
            "config",
        ),
    ),
)


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


def _owner(name, modules):
    """The project module an imported name lives in (`pkg.mod.func` → `pkg.mod`), or None outside the project."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _graph(everywhere=True):
    """{module: modules it imports}: every import, or only the module's own statements (what runs on import)."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = ast.walk(tree) if everywhere else tree.body
        targets = set()
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported(module, path, node, modules):
                    owner = _owner(name, modules)
                    if owner and owner != module:
                        targets.add(owner)
        graph[module] = targets
    return graph


def layer_of(module):
    best = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    return None if best is None else best[0]


def upward_imports(graph):
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if layer_of(module) is not None and layer_of(target) is not None and layer_of(target) > layer_of(module):
                found.append(
                    f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
                )
    return found


def loop_in(graph):
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as cycle:
        return " -> ".join(cycle.args[1])
    return None


def test_the_graph_sees_the_projects_imports():
    graph = _graph()
    assert "tasks_registry.services" in graph["workflows.views"]
    assert "workflows.completion" in graph["workflows.views"]
    assert "workflows.flows" in graph["workflows.processes"]
    assert "reports.services" in graph["reports.annual_report_flow"]  # `from . import services`
    assert len(graph) > 150


def test_every_module_has_a_layer():
    assert [module for module in _graph() if layer_of(module) is None] == []


def test_no_module_imports_a_higher_layer():
    assert upward_imports(_graph()) == []


def test_no_module_imports_itself_round_a_loop():
    assert loop_in(_graph()) is None


def test_an_upward_import_and_a_loop_are_caught():
    """The checks fail on the imports they exist to stop (the audit log reaching into the registry, the flows
    reaching into the reports, two modules of the flow importing each other)."""
    graph = {module: set(targets) for module, targets in _graph().items()}
    graph["audit.recorder"].add("tasks_registry.models")
    graph["workflows.forms"].add("reports.forms")
    assert upward_imports(graph) == [
        "audit.recorder (the log and shared tools) imports tasks_registry.models (the registry)",
        "workflows.forms (the result flow and queues) imports reports.forms (annual reports and figures)",
    ]
    graph["workflows.flows"].add("workflows.processes")
    loop = loop_in(graph)
    assert loop is not None and "workflows.flows" in loop and "workflows.processes" in loop
