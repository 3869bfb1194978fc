"""The apps' layers (README "Layout", .importlinter) hold: a lower app never imports a higher one."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


COMPOSITION_ROOT = {"fedi.urls", "fedi.asgi"}  # they wire every app, on purpose


def _root_packages():
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return [name.strip() for name in config["importlinter"]["root_packages"].split() if name.strip()]


def test_no_import_cycle_between_apps():
    """Not one cycle between apps, counting function-level imports too: the layers alone
    allow siblings of one layer to import each other."""
    import grimp

    apps = _root_packages()
    graph = grimp.build_graph(*apps, include_external_packages=False, exclude_type_checking_imports=True)
    edges = {}
    for module in graph.modules:
        if module in COMPOSITION_ROOT:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = module.split(".")[0], imported.split(".")[0]
            if a != b:
                edges.setdefault(a, {}).setdefault(b, (module, imported))
    # A depth-first search for a back edge; the cycle found is shown with an import per step.
    state, path = {}, []

    def visit(app):
        state[app] = "open"
        path.append(app)
        for target in edges.get(app, {}):
            if state.get(target) == "open":
                cycle = path[path.index(target):] + [target]
                steps = [" -> ".join(edges[a][b]) for a, b in zip(cycle, cycle[1:])]
                raise AssertionError("import cycle between apps: " + " -> ".join(cycle) + "\n" + "\n".join(steps))
            if target not in state:
                visit(target)
        path.pop()
        state[app] = "done"

    for app in apps:
        if app not in state:
            visit(app)
