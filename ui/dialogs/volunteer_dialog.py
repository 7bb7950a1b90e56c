"""New / edit a volunteer: the person, their skills and when in the week they are free."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QCompleter, QGridLayout, QLabel, QLineEdit, QWidget
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.services import volunteers
from assocdesk.services.common import Changes
from ui.context import AppContext
from ui.dialogs.contact_fields import ContactFields
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import OptionalDateEdit


class AvailabilityGrid(QWidget):
    """Days × morning/afternoon/evening check boxes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[tuple[int, int], QCheckBox] = {}
        for slot, slot_name in enumerate(volunteers.SLOTS):
            grid.addWidget(QLabel(_(slot_name)), 0, slot + 1)
        for day, day_name in enumerate(volunteers.DAYS):
            grid.addWidget(QLabel(_(day_name)), day + 1, 0)
            for slot in range(3):
                box = QCheckBox()
                box.setAccessibleName(f"{_(day_name)} {_(volunteers.SLOTS[slot])}")
                self.boxes[(day, slot)] = box
                grid.addWidget(box, day + 1, slot + 1)

    def value(self) -> volunteers.Availability:
        return volunteers.Availability(
            frozenset(key for key, box in self.boxes.items() if box.isChecked())
        )

    def set_value(self, availability: volunteers.Availability) -> None:
        for key, box in self.boxes.items():
            box.setChecked(key in availability.slots)


class VolunteerDialog(RecordDialog):
    def __init__(
        self, context: AppContext, profile_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New volunteer") if profile_id is None else _("Edit volunteer")
        super().__init__(context, title, parent)
        self.profile_id = profile_id
        self.contact = ContactFields(self, with_kind=False)
        self.add_section(_("Volunteering"))
        self.skills = self.add_field("skills", _("Skills"), QLineEdit())
        self.skills.setPlaceholderText(_("Separated by commas: cooking, first aid, driving"))
        self.availability = self.add_field("availability", _("Availability"), AvailabilityGrid())
        self.since = self.add_field(
            "since", _("Volunteer since"), OptionalDateEdit(_("Date known"))
        )
        context.read(self._load)

    def _load(self, session: Session) -> None:
        self.skills.setCompleter(QCompleter(volunteers.all_skills(session), self.skills))
        if self.profile_id is None:
            return
        profile = volunteers.get(session, self.profile_id)
        self.contact.load(profile.contact)
        self.skills.setText(", ".join(skill.name for skill in profile.skills))
        self.availability.set_value(volunteers.Availability.from_bits(profile.availability))
        self.since.set_value(profile.since)

    def save(self) -> int:
        data = volunteers.VolunteerInput(
            contact=self.contact.value(),
            skills=[s for s in self.skills.text().replace("،", ",").split(",") if s.strip()],
            availability=self.availability.value(),
            since=self.since.value(),
        )
        profile_id = self.profile_id
        changes = Changes.of("volunteers", "contacts")
        if profile_id is None:
            record = self.context.run(lambda s: volunteers.create(s, data), changes)
        else:
            record = self.context.run(lambda s: volunteers.update(s, profile_id, data), changes)
        return record.id
