"""The package's folders are its pipeline, and imports run one way down it.

Imports are read by grimp from the source, every ``import`` statement counted: those at the
top of a module, inside functions (lazy) and under ``TYPE_CHECKING``. Order, lowest first:
text → dimensions → link → compose → api → batch, review → panel → cli, dask, spaCy. ``records`` and
``errors`` are the shared vocabulary under all of them.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "finnews_extract"

# The rank of each stage; a module may import only modules of a lower rank or of its own
# stage (and then without a cycle). A name is a module or a subpackage with all it holds.
RANKS: dict[str, int] = {
    "finnews_extract.errors": 0,
    "finnews_extract.records": 0,
    "finnews_extract.text": 1,
    "finnews_extract.dimensions": 2,
    "finnews_extract.link": 3,
    "finnews_extract.compose": 4,
    "finnews_extract.api": 5,
    "finnews_extract.securities": 5,
    "finnews_extract": 6,  # the package's __init__: lazy re-exports of the public face
    "finnews_extract.batch": 7,
    "finnews_extract.review": 7,
    "finnews_extract.panel": 8,  # merges batch output, draws with review's page
    "finnews_extract.cli": 9,
    "finnews_extract.__main__": 10,
    "finnews_extract.dask": 9,
    "finnews_extract.spacy_component": 9,
}


@pytest.fixture(scope="module")
def graph() -> object:
    return grimp.build_graph("finnews_extract", exclude_type_checking_imports=False)


def _stage(module: str) -> str:
    """The RANKS key a module belongs to: itself, or the subpackage holding it."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if name in RANKS:
            return name
    raise AssertionError(f"{module} belongs to no stage: add it to RANKS in {__file__}")


def _edges(graph: object) -> list[tuple[str, str]]:
    return sorted(
        (importer, imported)
        for importer in graph.modules  # type: ignore[attr-defined]
        for imported in graph.find_modules_directly_imported_by(importer)  # type: ignore[attr-defined]
    )


def test_every_module_has_a_stage(graph: object) -> None:
    for module in graph.modules:  # type: ignore[attr-defined]
        _stage(module)


def _upward(graph: object) -> list[str]:
    """Imports from a stage to one of the same or a higher rank."""
    return [
        f"{a} ({_stage(a)}) imports {b} ({_stage(b)})"
        for a, b in _edges(graph)
        if _stage(a) != _stage(b) and RANKS[_stage(a)] <= RANKS[_stage(b)]
    ]


def _cycles(graph: object) -> list[list[str]]:
    """Groups of modules that reach each other through imports (Tarjan's algorithm)."""
    following: dict[str, list[str]] = {}
    for a, b in _edges(graph):
        following.setdefault(a, []).append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for nxt in following.get(module, ()):
            if nxt not in index:
                visit(nxt)
                low[module] = min(low[module], low[nxt])
            elif nxt in stack:
                low[module] = min(low[module], index[nxt])
        if low[module] == index[module]:
            part = []
            while True:
                top = stack.pop()
                part.append(top)
                if top == module:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for module in sorted(graph.modules):  # type: ignore[attr-defined]
        if module not in index:
            visit(module)
    return cycles


def test_imports_run_down_the_pipeline(graph: object) -> None:
    assert _upward(graph) == []


def test_no_import_cycle(graph: object) -> None:
    assert _cycles(graph) == []


def test_records_and_errors_import_nothing_of_the_package(graph: object) -> None:
    for leaf in ("finnews_extract.records", "finnews_extract.errors"):
        assert graph.find_modules_directly_imported_by(leaf) == set()  # type: ignore[attr-defined]


def test_a_lazy_upward_import_is_caught_as_both() -> None:
    """The segmenter's old function-level import of the securities table, put back."""
    changed = grimp.build_graph("finnews_extract", exclude_type_checking_imports=False)
    changed.add_import(
        importer="finnews_extract.text.segment", imported="finnews_extract.link.securities"
    )
    assert any("finnews_extract.text.segment (finnews_extract.text)" in u for u in _upward(changed))
    assert any("finnews_extract.text.segment" in cycle for cycle in _cycles(changed))


def test_the_top_holds_only_the_public_face() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top
    stages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert {"text", "dimensions", "link", "compose", "batch", "review"} <= set(stages)
