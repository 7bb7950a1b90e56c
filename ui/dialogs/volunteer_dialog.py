"""New / edit a volunteer: the person, their skills and languages, when in the week they are
free, the activities they prefer, and (once saved) their hours by year."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import _, current_language
from assocdesk.services import hours, volunteers
from assocdesk.services.errors import EditConflict
from assocdesk.text.locales import format_number
from assocdesk.text.plurals import count_phrase
from ui import commands
from ui.context import AppContext
from ui.dialogs.contact_fields import ContactFields
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import OptionalDateEdit
from ui.widgets.tag_picker import TagPicker


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


class TypeChoices(QWidget):
    """One check box per activity type, in two columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, name) in enumerate(labels.choices("activity_type")):
            box = QCheckBox(name)
            self.boxes[code] = box
            grid.addWidget(box, i // 2, i % 2)

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)


class VolunteerDialog(RecordDialog):
    def __init__(
        self, context: AppContext, profile_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New volunteer") if profile_id is None else _("Edit volunteer")
        super().__init__(context, title, parent)
        self.setMinimumWidth(600)
        self.profile_id = profile_id
        self.contact = ContactFields(self, with_kind=False)
        self.add_section(_("Volunteering"))
        self.skills = self.add_field(
            "skills", _("Skills"), TagPicker(_("Type a skill: cooking, first aid, driving…"))
        )
        self.languages = self.add_field(
            "languages", _("Languages spoken"), TagPicker(_("Type a language"))
        )
        self.availability = self.add_field("availability", _("Availability"), AvailabilityGrid())
        self.preferred_types = self.add_field(
            "preferred_types", _("Preferred activities"), TypeChoices()
        )
        self.since = self.add_field(
            "since", _("Volunteer since"), OptionalDateEdit(_("Date known"), locale=context.locale)
        )
        self.hours = QLabel()
        self.hours.setObjectName("hours_by_year")
        self.hours.setWordWrap(True)
        if profile_id is not None:
            self.add_section(_("Volunteer hours"))
            self.form.addRow(self.hours)
        self._load(*context.read(self._read))

    def _read(
        self, session: Session
    ) -> tuple[list[str], list[str], volunteers.VolunteerDetails | None]:
        profile_id = self.profile_id
        profile = None if profile_id is None else volunteers.details(session, profile_id)
        return volunteers.all_skills(session), volunteers.known_languages(session), profile

    def _load(
        self, skills: list[str], languages: list[str], profile: volunteers.VolunteerDetails | None
    ) -> None:
        self.skills.set_suggestions(skills)
        common = [_(name) for name in volunteers.COMMON_LANGUAGES]
        self.languages.set_suggestions([*common, *languages])
        if profile is None:
            return
        self.contact.load(profile.contact)
        self.version = profile.version
        self.skills.set_tags(profile.skills)
        self.languages.set_tags(profile.languages)
        self.availability.set_value(profile.availability)
        self.preferred_types.set_value(list(profile.preferred_types))
        self.since.set_value(profile.since)
        self.hours.setText(self.hours_text(profile.hours_by_year))

    def hours_text(self, years: Sequence[hours.YearHours]) -> str:
        if not years:
            return _("No attended activity recorded yet.")
        locale, language = self.context.locale, current_language()
        return "\n".join(
            _("{year}: {hours}, {activities}").format(
                year=y.year,
                hours=count_phrase(
                    y.hours, "hour", language, number=format_number(y.hours, locale)
                ),
                activities=count_phrase(
                    y.activities, "activity", language, number=format_number(y.activities, locale)
                ),
            )
            for y in years
        )

    def take_versions(self, conflict: EditConflict) -> None:
        """Two records: the profile's version and the person's (in the contact fields)."""
        self.version = conflict.versions.get("volunteer_profiles")
        self.contact.take_version(conflict)

    def save(self) -> int:
        data = volunteers.VolunteerInput(
            contact=self.contact.value(),
            skills=self.skills.tags(),
            availability=self.availability.value(),
            since=self.since.value(),
            languages=self.languages.tags(),
            preferred_types=self.preferred_types.value(),
            version=self.version,
        )
        profile_id = self.profile_id
        if profile_id is None:
            record = commands.write(self.context, lambda s: volunteers.create(s, data))
        else:
            record = commands.write(self.context, lambda s: volunteers.update(s, profile_id, data))
        return record.id
