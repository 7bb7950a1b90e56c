"""Shared by the tests of the Data section (backups, copies, protection): its page, its
background work, and screenshots a person can look at (into $SHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.app import Application
from ui.pages.data_section import DataSection


def shot(widget: QWidget, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def data_section(desk: Application) -> DataSection:
    return desk.window.show_page("settings").form.data


def wait_idle(qtbot, section: DataSection) -> None:
    qtbot.waitUntil(lambda: not section.progress.busy, timeout=20_000)
