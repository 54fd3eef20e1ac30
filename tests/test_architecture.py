"""The rules of the house, checked on the source (see ARCHITECTURE.md):

- a stage module (``pipeline/stages/*``) imports neither ``cli``, nor ``pipeline.run``,
  nor another stage module;
- the library never imports ``cli``, and nothing below ``pipeline.run`` imports it;
- only the I/O layer (``pipeline/io.py``, and the part cache ``pipeline/partcache.py``) opens, reads, writes or removes files;
- no module uses another module's private names (``_name``);
- process pools are the executor's: a library module takes a ``pool`` from its caller and
  neither creates processes nor imports the runner layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = sorted((ROOT / "pipeline").rglob("*.py"))
MODULES = LIBRARY + [ROOT / "cli.py"]
IO_LAYER = {ROOT / "pipeline" / "io.py", ROOT / "pipeline" / "partcache.py"}  # files, and the part cache

# calls that touch the file system: names called as functions, and methods called on paths/frames
FILE_FUNCTIONS = {"open"}
FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "rmdir", "unlink", "touch",
                "to_csv", "to_excel", "to_stata", "to_parquet", "to_json", "to_pickle"}
FILE_MODULE_CALLS = {("os", "replace"), ("os", "remove"), ("os", "rename"), ("os", "makedirs"), ("os", "link"),
                     ("shutil", "rmtree"), ("shutil", "copyfile"), ("shutil", "copytree"), ("shutil", "move"),
                     ("pq", "read_table"), ("pq", "write_table"), ("pd", "read_parquet"), ("pd", "read_csv"),
                     ("pickle", "load"), ("pickle", "loads"), ("tomllib", "load")}


def _name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return ".".join(rel.parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.Module) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", [p for p in LIBRARY if p.parent.name == "stages"], ids=_id)
def test_a_stage_imports_no_other_stage_nor_run_nor_cli(path):
    me = _name(path)
    bad = {m for m in _imports(_tree(path))
           if m == "cli" or m.startswith("pipeline.run") and not m.startswith("pipeline.runner")
           or m.startswith("pipeline.stages.") and m != me and path.name != "__init__.py"}
    assert not bad, f"{me} imports {sorted(bad)}"


@pytest.mark.parametrize("path", LIBRARY, ids=_id)
def test_the_library_never_imports_the_command_line(path):
    assert "cli" not in _imports(_tree(path))


# what creates processes; the executor (runner layer) alone may
PROCESS_MODULES = ("multiprocessing", "concurrent.futures.ProcessPoolExecutor")
EXECUTOR = ROOT / "pipeline" / "executor.py"
OWN_POOL: dict = {}  # a library module that still runs its own pool, with the reason (none left)


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=OWN_POOL[p]))
                                  if p in OWN_POOL else p
                                  for p in LIBRARY if p != EXECUTOR and p.parent.name != "stages"
                                  and p.name not in ("run.py", "runner.py", "warm.py")], ids=_id)
def test_the_library_takes_a_pool_and_creates_no_process(path):
    imports = _imports(_tree(path))
    bad = {m for m in imports if m.startswith(PROCESS_MODULES) or m.startswith(("pipeline.executor", "pipeline.runner"))}
    assert not bad, f"{_id(path)} imports {sorted(bad)}"


def _into_buffer(call: ast.Call) -> bool:
    """``frame.to_stata(buf, …)``: a file built in memory (``buf = BytesIO()``), written by io."""
    return bool(call.args) and isinstance(call.args[0], ast.Name) and call.args[0].id == "buf"


def _file_calls(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in FILE_FUNCTIONS:
            found.append(f"{f.id}() line {node.lineno}")
        elif isinstance(f, ast.Attribute):
            if isinstance(f.value, ast.Name) and (f.value.id, f.attr) in FILE_MODULE_CALLS:
                found.append(f"{f.value.id}.{f.attr}() line {node.lineno}")
            elif f.attr in FILE_METHODS and not (isinstance(f.value, ast.Name) and f.value.id in ("io", "markup")) \
                    and not _into_buffer(node):
                found.append(f".{f.attr}() line {node.lineno}")
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p not in IO_LAYER], ids=_id)
def test_only_the_io_layer_touches_files(path):
    assert not _file_calls(_tree(path)), f"{_id(path)}: {_file_calls(_tree(path))}"


def _pipeline_aliases(tree: ast.Module) -> dict[str, str]:
    """Local names bound to pipeline modules: ``from pipeline import io`` -> {"io": "pipeline.io"}."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
            for a in node.names:
                out[a.asname or a.name] = f"pipeline.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("pipeline.") and a.asname:
                    out[a.asname] = a.name
    return out


def _private_uses(tree: ast.Module) -> list[str]:
    found = []
    aliases = _pipeline_aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            found += [f"from {node.module} import {a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
              and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr} line {node.lineno}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_no_module_uses_another_module_s_private_names(path):
    assert not _private_uses(_tree(path)), f"{_id(path)}: {_private_uses(_tree(path))}"
