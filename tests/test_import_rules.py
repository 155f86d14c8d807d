"""Imports sit at the top of a module, where the import contracts can see them.

`lint-imports` (pyproject.toml) checks that imports flow one way and form no
cycle; an import inside a function would still run, but could hide a cycle
from a reader. Only the app factory imports its steps lazily, by design.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("initiatief", "demo")
LAZY_BY_DESIGN = {
    "initiatief/__init__.py",  # create_app's steps, each importing what it registers
}


def imports_inside_functions(source: str) -> list[int]:
    """The line of each import statement inside a function body of this module source."""
    return [
        node.lineno
        for function in ast.walk(ast.parse(source))
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]


def test_no_import_hides_inside_a_function():
    hidden = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in LAZY_BY_DESIGN
        for line in imports_inside_functions(path.read_text(encoding="utf-8"))
    ]
    assert hidden == []


def test_the_check_sees_an_import_inside_a_function():
    source = "import os\n\n\ndef f():\n    from . import rendering\n    return rendering\n"
    assert imports_inside_functions(source) == [5]


def test_a_web_worker_builds_the_app_without_the_demo():
    """The demo generator is loaded by `flask seed-demo` when it runs, never by the web app."""
    code = (
        "import sys; import wsgi; "
        "print(sorted(m for m in sys.modules if m == 'demo' or m.startswith('demo.')))"
    )
    environment = {**os.environ, "APP_ENV": "testing"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
