"""Asking where to save, with the file type's extension added *before* Qt asks about
overwriting.

QFileDialog.getSaveFileName() checks for an existing file under the name as typed
("contacts"); the code then added ".xlsx" and silently replaced an existing contacts.xlsx.
A dialog with a default suffix checks the real name.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filters: str) -> str:
    """The chosen path ("" if cancelled); its extension follows the chosen file type."""
    dialog = QFileDialog(parent, title, str(suggested), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)

    def follow(chosen_filter: str) -> None:
        extension = re.search(r"\*\.(\w+)", chosen_filter)
        dialog.setDefaultSuffix(extension.group(1) if extension else "")

    dialog.filterSelected.connect(follow)
    follow(filters.split(";;")[0])
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
