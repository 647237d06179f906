"""``newsdesk.repair`` stands on floors: each module imports only from floors below it, with
the vocabulary, the cost model, its word tables and the cache they are read from at the
bottom (no import runs in a circle)."""

import ast
from pathlib import Path

import newsdesk.repair

PACKAGE = Path(newsdesk.repair.__file__).parent
BOTTOM = {"cache_files", "errors", "lexicon", "vocabulary", "word_table"}


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        if path.stem == "__init__":
            continue
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("newsdesk.repair."):
                    found.add(name.split(".")[2])
                elif name == "newsdesk.repair" and isinstance(node, ast.ImportFrom):
                    found.update(alias.name for alias in node.names)
        graph[path.stem] = found
    return graph


def test_no_module_imports_itself_in_a_circle() -> None:
    graph = _imports()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, " -> ".join([*path, module])
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, [*path, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_the_vocabulary_and_the_cost_model_are_the_bottom_floor() -> None:
    graph = _imports()
    for module in BOTTOM:
        assert graph[module] <= BOTTOM, f"{module} imports {graph[module] - BOTTOM}"
