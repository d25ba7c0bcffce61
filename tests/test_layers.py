"""Imports only point down: base → config → hardware, system → pose → coach → ui, athlete → app → cli.

Every module under kiosk/ and hardware/ is read with :mod:`ast` (not
imported), so lazy imports inside functions and ``TYPE_CHECKING`` imports
count too: an arrow hidden in a function body is still an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

# Each layer may import its own modules and those of lower rank only; layers of
# equal rank (hardware and the system, ui and the synthetic athlete) may not import each other.
RANKS = {
    "base": 0,  # the shared base: errors, files, resources, strict numbers, TOML text
    "config": 1,  # the validated configuration: its model, keys, sources, file and example
    "hardware": 2,
    "system": 2,  # the running kiosk as its machine sees it: unit, logs, journal, process, state file
    "pose": 3,
    "coach": 4,
    "athlete": 5,  # the synthetic athlete: a camera's stand-in, speaking the pose and coach vocabulary
    "ui": 5,
    "app": 6,
    "commands": 7,
    "cli": 8,
}
PACKAGES = {
    "kiosk.config": "config",
    "hardware": "hardware",
    "kiosk.system": "system",
    "kiosk.pose": "pose",
    "kiosk.coach": "coach",
    "kiosk.athlete": "athlete",
    "kiosk.ui": "ui",
    "kiosk.app": "app",
    "kiosk.commands": "commands",
    "kiosk.cli": "cli",
    "kiosk.__main__": "cli",
}
# The only modules at kiosk/'s top that are no package: the shared base every layer may use.
BASE = {"kiosk", "kiosk.errors", "kiosk.files", "kiosk.resources", "kiosk.strict", "kiosk.toml_text"}


def modules() -> dict[str, Path]:
    """Every module's dotted name and its file."""
    found = {}
    for path in sorted([*ROOT.glob("kiosk/**/*.py"), *ROOT.glob("hardware/**/*.py")]):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, source: str, is_package: bool, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports anywhere: top level, in functions, under ``TYPE_CHECKING``."""
    package = name.split(".") if is_package else name.split(".")[:-1]
    targets = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                targets.add(submodule if submodule in known else module)
    return {target for target in targets if target.split(".")[0] in ("kiosk", "hardware")}


def layer(name: str) -> str:
    """The layer a module belongs to: its package's, "base" for the shared base, else "unplaced"."""
    for prefix, owner in PACKAGES.items():
        if name == prefix or name.startswith(prefix + "."):
            return owner
    return "base" if name in BASE else "unplaced"


def graph() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for name, path in known.items():
        edges[name] = imports(name, path.read_text(), path.name == "__init__.py", known)
    return edges


def test_no_module_imports_a_higher_layer():
    wrong = []
    for name, targets in graph().items():
        for target in sorted(targets):
            mine, theirs = layer(name), layer(target)
            if "unplaced" in (mine, theirs):
                continue  # the test below names it
            if mine != theirs and RANKS[theirs] >= RANKS[mine]:
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def test_kiosk_holds_only_packages_and_the_shared_base():
    """A new module at kiosk/'s top (or a new package) is placed in a layer above before it lands."""
    unplaced = sorted(name for name in modules() if layer(name) == "unplaced")
    assert not unplaced, (
        "modules in no layer: put each in its package, or name a new one in PACKAGES and RANKS:\n"
        + "\n".join(unplaced)
    )


def test_no_import_cycles():
    """No two modules reach each other through imports: lazily, or under ``if TYPE_CHECKING:`` either.

    A type named for the checker alone is still an arrow: the two modules know each other, and
    the lower one cannot be read, tested or moved without the higher.
    """
    edges = graph()
    # Importing a submodule imports its package first: that is no arrow back.
    for name, targets in edges.items():
        targets -= {target for target in targets if name.startswith(target + ".")}
    cycles = [" ↔ ".join(cycle) for cycle in strongly_connected(edges) if len(cycle) > 1]
    assert not cycles, "modules that reach each other through imports:\n" + "\n".join(cycles)


def test_no_module_imports_another_packages_private_name():
    """A leading underscore means "this module's own": another package reaching for it is a hidden arrow."""
    wrong = []
    for name, path in modules().items():
        package = name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                if private and node.module.rpartition(".")[0] != package and node.module != package:
                    wrong.append(f"{name} imports {', '.join(private)} from {node.module}")
    assert not wrong, "private names used from another package:\n" + "\n".join(wrong)


DEVICE_LIBRARIES = {"picamera2", "libcamera", "gpiozero", "lgpio"}
DEVICE_PATHS = ("/dev/dri", "gpiochip", "/dev/video", "/sys/class/thermal")


def test_only_hardware_touches_devices():
    """No module outside hardware/ imports a device library (even by name) or opens a device node."""
    wrong = []
    for name, path in modules().items():
        if layer(name) == "hardware":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                found = [node.module or ""]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
                found = [getattr(node.args[0], "value", "")]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found = [part for part in DEVICE_PATHS if part in node.value]
            else:
                continue
            for what in found:
                if what.split(".")[0] in DEVICE_LIBRARIES or what in DEVICE_PATHS:
                    wrong.append(f"{name} line {node.lineno}: {what}")
    assert not wrong, "devices touched outside hardware/:\n" + "\n".join(wrong)


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: each list is a set of modules reaching one another."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_walk_finds_a_lazy_relative_import_and_a_cycle():
    source = "def facing():\n    from ..coach import verdict\n    from . import keypoints\n"
    source += "if TYPE_CHECKING:\n    from kiosk.ui import views\n"
    known = {"kiosk.coach.verdict": ROOT, "kiosk.pose.keypoints": ROOT, "kiosk.ui.views": ROOT}
    found = imports("kiosk.pose.facing", source, False, known)
    assert found == {"kiosk.coach.verdict", "kiosk.pose.keypoints", "kiosk.ui.views"}
    edges = {"kiosk.pose.a": {"kiosk.pose.b"}, "kiosk.pose.b": {"kiosk.pose.a"}, "kiosk.pose.c": set()}
    assert [c for c in strongly_connected(edges) if len(c) > 1] == [["kiosk.pose.a", "kiosk.pose.b"]]
