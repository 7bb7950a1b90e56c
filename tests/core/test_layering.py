"""The dependency rule: ``ui → assocdesk``, never the reverse; the core imports no Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import assocdesk

PACKAGE_DIR = Path(assocdesk.__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui")


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from … import`` in ``path`` names, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def test_the_checker_sees_imports_in_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def f():\n"
        "    from PySide6.QtWidgets import QWidget\n"
        "    import ui.app\n"
        "from . import sibling\n",
        encoding="utf-8",
    )
    found = imported_modules(sample)
    assert {"os", "PySide6.QtWidgets", "ui.app"} <= found
    assert [m for m in sorted(found) if is_forbidden(m)] == ["PySide6.QtWidgets", "ui.app"]
    assert not is_forbidden("uikit") and not is_forbidden("assocdesk.ui_helpers")


def test_no_core_module_imports_qt_or_ui() -> None:
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    assert len(sources) > 20  # the walk really covers the package
    offenders = {}
    for path in sources:
        relative = path.relative_to(PACKAGE_DIR.parent).as_posix()
        bad = sorted(m for m in imported_modules(path) if is_forbidden(m))
        if bad:
            offenders[relative] = bad
    assert offenders == {}


def test_the_image_card_is_drawn_by_what_the_installation_registers() -> None:
    """`assocdesk-cli post --image` finds the desktop app's drawing through an entry point,
    without naming the ui package (see pyproject.toml)."""
    from importlib.metadata import entry_points

    from assocdesk.cli.posts import CARD_RENDERERS

    (renderer,) = entry_points(group=CARD_RENDERERS)
    assert renderer.value == "ui.posts.card:render_png"


def test_importing_every_core_module_loads_no_qt() -> None:
    """Import every module (migrations aside: Alembic runs those) in a fresh interpreter."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import assocdesk

        # Migrations run under Alembic; a __main__ module runs its program when imported.
        skipped = (
            "assocdesk.storage.migrations.env",
            "assocdesk.storage.migrations.versions",
            "assocdesk.cli.__main__",
        )
        names = [
            info.name
            for info in pkgutil.walk_packages(assocdesk.__path__, "assocdesk.")
            if not info.name.startswith(skipped) and not info.name.endswith(".__main__")
        ]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {FORBIDDEN!r})
        print(len(names), loaded)
        """
    ).replace("{FORBIDDEN!r}", repr(set(FORBIDDEN)))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    count, loaded = result.stdout.split(" ", 1)
    assert int(count) > 20
    assert loaded.strip() == "[]"


def test_opening_the_core_is_light() -> None:
    """Nothing heavy at import time: documents, spreadsheets and Alembic load when used."""
    script = (
        "import sys\n"
        "import assocdesk.storage.opening, assocdesk.models, assocdesk.i18n, assocdesk.text\n"
        "import assocdesk.services.activities, assocdesk.services.association\n"
        "import assocdesk.services.campaigns, assocdesk.services.donations\n"
        "import assocdesk.services.members, assocdesk.services.stats\n"
        "import assocdesk.services.volunteers\n"
        "heavy = ('PySide6', 'reportlab', 'openpyxl', 'alembic')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# Modules still being split, each named until its split lands (then removed from here).
TOO_LONG_FOR_NOW: set[str] = set()  # a module let past the limit while it is being split


def test_no_module_of_the_core_or_the_app_passes_450_lines() -> None:
    """Each module does one job: a module that grows past 450 lines is split by job.
    Migrations are history, written once and never split: they are left out."""
    sources = [
        path
        for package in (PACKAGE_DIR, ROOT / "ui")
        for path in package.rglob("*.py")
        if "versions" not in path.parts
    ]
    assert len(sources) > 200
    long = {
        name: count
        for path in sources
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 450
        and (name := path.relative_to(ROOT).as_posix()) not in TOO_LONG_FOR_NOW
    }
    assert long == {}


def test_storage_has_one_sqlite_header_and_one_read_only_connection() -> None:
    """The SQLite file's facts are written once: the header, and the read-only connection
    (plain or protected) that everything below SQLAlchemy uses."""
    storage = sorted((PACKAGE_DIR / "storage").rglob("*.py"))
    texts = {path.name: path.read_text(encoding="utf-8") for path in storage}
    assert [name for name, text in texts.items() if "SQLite format 3" in text] == ["sqlite_file.py"]
    defining = [name for name, text in texts.items() if "def connect_read_only(" in text]
    assert defining == ["sqlite_file.py"]
    assert not any("def backup_copy(" in text for text in texts.values())


def test_ui_builds_no_sql() -> None:
    """Pages and dialogs call services; only the Session type may be named in ui/."""
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                names = {alias.name for alias in node.names}
                if node.module != "sqlalchemy.orm" or names != {"Session"}:
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module} {names}")
    assert not offenders


def test_the_models_declare_without_string_annotations() -> None:
    """Start-up (issue 19, point 9): string annotations cost SQLAlchemy a second evaluation."""
    lazy = [
        path.name
        for path in (ROOT / "assocdesk" / "models").glob("*.py")
        if "from __future__ import annotations" in path.read_text(encoding="utf-8").splitlines()
    ]
    assert lazy == []
