"""The base of every edit form: fields with their own error line, Save / Cancel.

On Save the subclass calls a service; a ValidationError shows each message under its field and the
dialog stays open with everything the person typed. Nothing is written unless all is valid.

Nothing typed is lost either: Esc, Cancel and the window's close button ask before discarding a
form whose fields changed since it opened (``cancel``), and the first field has the focus when
it opens. ``reject()`` itself stays the program's unconditional close.

The form opens at the size of its fields, within the screen, and grows when an error line
appears (ui/widgets/screen_fit.py): it scrolls, vertically only, when the screen is too small.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assocdesk.i18n import _
from assocdesk.services.errors import EditConflict, NotFound, ValidationError
from assocdesk.storage.errors import StorageError
from ui import theme
from ui.context import AppContext
from ui.dialogs.unsaved import ask_discard, first_input, input_state
from ui.widgets.screen_fit import FittingScrollArea, fit_to_screen, room_on_screen

MINIMUM_WIDTH = 520  # px, on a screen that has it


class RecordDialog(QDialog):
    saved = Signal(int)  # id of the saved record

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setMinimumWidth(min(MINIMUM_WIDTH, room_on_screen(self).width()))
        self.fields: dict[str, QWidget] = {}
        # Service field → form row that shows its error, where one row holds several inputs.
        self.error_aliases: dict[str, str] = {}
        self._error_labels: dict[str, QLabel] = {}
        # The field that gets the focus when the form opens; None: the first one that can.
        self.first_field: QWidget | None = None
        self._initial_state: tuple[object, ...] | None = None  # taken when the form is shown
        # The version of the record the form was opened on (None: a new record). Sent with the
        # values: a record someone saved meanwhile is not overwritten (services.conflicts).
        self.version: int | None = None

        self.general_error = QLabel()
        theme.style(self.general_error, theme.Style.ERROR)
        self.general_error.setWordWrap(True)
        self.general_error.hide()

        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = FittingScrollArea()
        scroll.setObjectName("fields_area")
        scroll.setWidget(body)
        self._fields_area = scroll
        self.tabs: QTabWidget | None = None  # made by the first add_tab()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

    # -- building ------------------------------------------------------------------------
    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A labelled row plus a hidden error line under it, found again by ``name``."""
        error = QLabel()
        theme.style(error, theme.Style.ERROR)
        error.setWordWrap(True)
        error.hide()
        error.setObjectName(f"error_{name}")
        widget.setObjectName(name)
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        cell_layout.addWidget(widget)
        cell_layout.addWidget(error)
        # Natural height: a fixed-height text box must not float in a stretched row.
        cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        label_widget = QLabel(label)
        label_widget.setBuddy(widget)
        self.form.addRow(label_widget, cell)
        self.fields[name] = widget
        self._error_labels[name] = error
        return widget

    def set_field_visible(self, name: str, visible: bool) -> None:
        """Show or hide a whole row (label, input, error line)."""
        self.form.setRowVisible(self.fields[name].parentWidget(), visible)

    def add_tab(self, title: str, widget: QWidget) -> QWidget:
        """A page beside the fields, which then become the first tab, "Details"."""
        if self.tabs is None:
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            index = layout.indexOf(self._fields_area)
            layout.removeWidget(self._fields_area)
            self.tabs = QTabWidget()
            self.tabs.setObjectName("tabs")
            self.tabs.addTab(self._fields_area, _("Details"))
            layout.insertWidget(index, self.tabs, 1)
        self.tabs.addTab(widget, title)
        return widget

    def add_section(self, title: str) -> None:
        heading = QLabel(f"<b>{title}</b>")
        heading.setContentsMargins(0, 10, 0, 2)
        self.form.addRow(heading)

    # -- opening and closing ---------------------------------------------------------------
    def mark_unchanged(self) -> None:
        """What the fields hold now is what the form opened with (after a load or a save)."""
        self._initial_state = input_state(self.fields.values())

    def is_modified(self) -> bool:
        """Whether any field differs from what the form opened with."""
        if self._initial_state is None:  # never shown: nobody typed anything
            return False
        return input_state(self.fields.values()) != self._initial_state

    def confirm_discard(self) -> bool:
        """Ask before discarding changes; True to discard (tests replace this method)."""
        return ask_discard(self)

    def cancel(self) -> None:
        """What Esc, Cancel and the close button do: close, after asking if anything changed."""
        if self.is_modified() and not self.confirm_discard():
            return
        self.reject()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._initial_state is None:  # the first time: the subclass has loaded its record
            fit_to_screen(self)
            self.mark_unchanged()
            if self.tabs is not None:
                self.tabs.setCurrentWidget(self._fields_area)
            first = self.first_field or first_input(self.fields.values(), self)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only the person's close (the title bar's button) asks; the program's close() does not.
        if event.spontaneous() and self.is_modified() and not self.confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)

    # -- errors --------------------------------------------------------------------------
    def error_text(self, name: str) -> str:
        label = self._error_labels.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def clear_errors(self) -> None:
        for label in self._error_labels.values():
            label.clear()
            label.hide()
        self.general_error.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        unplaced = []
        first: QWidget | None = None
        for field_name, message in errors.items():
            name = self.error_aliases.get(field_name, field_name)
            label = self._error_labels.get(name)
            if label is None:
                unplaced.append(message)
                continue
            label.setText(f"{label.text()}\n{message}" if not label.isHidden() else message)
            label.show()
            first = first or self.fields[name]
        if unplaced:
            self.general_error.setText("\n".join(unplaced))
            self.general_error.show()
        if self.isVisible():  # room for the error lines, rather than scroll bars
            fit_to_screen(self, grow_only=True)
        if first is not None:
            if self.tabs is not None:
                self.tabs.setCurrentWidget(self._fields_area)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving --------------------------------------------------------------------------
    def save(self) -> int:
        """Write the record through a service and return its id. Subclasses implement it."""
        raise NotImplementedError

    def take_versions(self, conflict: EditConflict) -> None:
        """After a refused save, the version(s) the next Save sends: the record's now, so that
        it overwrites knowingly. The ORM's own refusal (two desks at the same instant) knows no
        version (0): the next Save then checks none. A form of several records overrides it."""
        self.version = conflict.version or None

    def accept(self) -> None:
        self.clear_errors()
        try:
            record_id = self.save()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except (NotFound, StorageError) as exc:
            # A full or read-only disk: said in words, and the form keeps what was typed.
            self.show_errors({"": str(exc)})
            return
        except EditConflict as exc:
            # Someone saved the record meanwhile: what they changed, above what was typed. The
            # next Save is made knowingly over their version.
            self.take_versions(exc)
            self.show_errors({"": exc.message})
            return
        self.saved.emit(record_id)
        super().accept()
