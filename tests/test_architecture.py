"""The layout's promises, checked on the source: packages by concern, no import cycle
(counting imports inside functions), tests that use public names only, and tables that
are written once."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from bot.document import KINDS
from bot.reading.formats import FORMATS

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"


def _modules() -> dict[str, Path]:
    found = {}
    for path in BOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The bot modules ``module`` imports anywhere in its body, and the packages whose
    ``__init__`` those imports run."""

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        for name in names:
            target = resolve(name) if name.split(".")[0] == "bot" else None
            if target is None or target == module:
                continue
            out.add(target)
            parent = target.rpartition(".")[0]
            while parent:
                if parent != module and not module.startswith(parent + "."):
                    out.add(parent)
                parent = parent.rpartition(".")[0]
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_modules_of_bot() -> None:
    modules = _modules()
    graph = {m: _imports(m, p, modules) for m, p in modules.items()}
    assert _cycles(graph) == []


def test_the_bot_package_keeps_few_modules_at_its_top_level() -> None:
    top = sorted(p.name for p in BOT.glob("*.py"))
    assert len(top) <= 8, top
    packages = sorted(p.name for p in BOT.iterdir() if (p / "__init__.py").is_file())
    assert {"reading", "fetching", "text", "vectors", "summarizing", "answering", "storage",
            "jobs", "slack", "cli", "evaluation"} <= set(packages)


def test_each_package_says_what_its_modules_do() -> None:
    for init in BOT.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc, f"{init.relative_to(ROOT)} needs a docstring"
        for module in init.parent.glob("*.py"):
            if module.name != "__init__.py" and init.parent != BOT:
                assert module.stem in doc, f"{init.relative_to(ROOT)} does not mention {module.stem}"


def test_tests_and_benchmarks_import_public_names_only() -> None:
    offenders = []
    for path in [*ROOT.joinpath("tests").rglob("*.py"), *ROOT.joinpath("benchmarks").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private or any(part.startswith("_") for part in (node.module or "").split(".")):
                    offenders.append(f"{path.relative_to(ROOT)}: {node.module} {private}")
    assert offenders == []


def test_file_kinds_are_one_table() -> None:
    assert tuple(f.kind for f in FORMATS) == KINDS


def test_learned_weights_name_the_signals_there_are() -> None:
    from bot.answering import scoring
    from bot.answering.index import AnswerIndex
    from bot.reading.build import document_from_paragraphs

    doc = document_from_paragraphs([
        "The bridge opened in 1849 after six years of work.",
        "It cost 243,000 pounds, said the engineer Robert Stephenson.",
    ], language="english")
    ranking = AnswerIndex(doc, sentence_model=True).rank("How much did the bridge cost?")
    learned = scoring.weights()
    assert set(learned["first_stage"]) <= set(ranking.lexical.features)
    assert set(learned["rerank"]) <= set(ranking.features)
