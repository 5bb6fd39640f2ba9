"""The core stays pure (DESIGN.md: dependencies point one way, the core never imports outward)."""

from __future__ import annotations

import ast
from pathlib import Path

import brandtruth_desktop

PACKAGE = Path(brandtruth_desktop.__file__).parent
FORBIDDEN_IN_CORE = {
    "PySide6", "shiboken6", "sqlalchemy", "alembic", "requests", "keyring", "anthropic",
    "facebook_business", "platformdirs",
}
OUTER_LAYERS = {
    "brandtruth_desktop.ui", "brandtruth_desktop.workers", "brandtruth_desktop.storage",
    "brandtruth_desktop.integrations", "brandtruth_desktop.secret_store",
    "brandtruth_desktop.app", "brandtruth_desktop.cli",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offending_imports(folder: Path) -> list[str]:
    problems = []
    for path in sorted(folder.rglob("*.py")):
        for name in imported_modules(path):
            top = name.split(".")[0]
            outer = any(name == layer or name.startswith(layer + ".") for layer in OUTER_LAYERS)
            if top in FORBIDDEN_IN_CORE or outer:
                problems.append(f"{path.name} imports {name}")
    return problems


def test_core_imports_no_outer_layer() -> None:
    assert offending_imports(PACKAGE / "core") == []


def test_check_catches_a_core_module_importing_qt(tmp_path: Path) -> None:
    fake_core = tmp_path / "core"
    fake_core.mkdir()
    (fake_core / "sneaky.py").write_text("from PySide6.QtGui import QImage\nimport requests\n")
    (fake_core / "lazy.py").write_text("def f():\n    import keyring\n")
    problems = offending_imports(fake_core)
    assert len(problems) == 3


def test_storage_and_integrations_do_not_import_qt() -> None:
    for layer in ("storage", "integrations"):
        for path in (PACKAGE / layer).rglob("*.py"):
            assert not {n for n in imported_modules(path) if n.split(".")[0] in
                        {"PySide6", "shiboken6"}}, path
