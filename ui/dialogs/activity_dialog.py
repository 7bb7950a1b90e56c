"""New / edit an activity: what, when, where, for whom, paid from which campaign."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.models import ActivityStatus, ActivityType
from assocdesk.services import activities, campaigns, matching, recent_choices, volunteers
from assocdesk.services.activities import MAX_BENEFICIARIES
from assocdesk.text.bidi import isolate_name
from assocdesk.text.money import format_plain_amount
from ui import commands
from ui.context import AppContext
from ui.dialogs.activity_photos import ActivityPhotos
from ui.dialogs.record_dialog import RecordDialog
from ui.widgets.fields import (
    OptionalDateTimeEdit,
    amount_row,
    choice_box,
    currency_box,
    datetime_edit,
    from_qdatetime,
    select_data,
)
from ui.widgets.roles_editor import RolesEditor


def count_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_BENEFICIARIES)
    return box


# What the form reads in one session: skills, campaigns, the activity, its roles' status,
# and for a new activity the type and campaign of the one entered last.
Loaded = tuple[
    list[str],
    list[tuple[int, str]],
    activities.ActivityDetails | None,
    list[matching.RoleNeed],
    tuple[str | None, int | None],
]


class ActivityDialog(RecordDialog):
    def __init__(
        self, context: AppContext, activity_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("New activity") if activity_id is None else _("Edit activity")
        super().__init__(context, title, parent)
        self.activity_id = activity_id
        self.title = self.add_field("title", _("Title"), QLineEdit())
        self.type = self.add_field(
            "type", _("Type"), choice_box(labels.choices("activity_type"), ActivityType.OTHER)
        )
        self.status = self.add_field(
            "status",
            _("Status"),
            choice_box(labels.choices("activity_status"), ActivityStatus.PLANNED),
        )
        locale = context.locale
        self.starts_at = self.add_field("starts_at", _("Starts"), datetime_edit(locale=locale))
        self.ends_at = self.add_field(
            "ends_at", _("Ends"), OptionalDateTimeEdit(_("Set a date"), locale=locale)
        )
        self.place = self.add_field("place", _("Place"), QLineEdit())
        self.description = self.add_field("description", _("Description"), QPlainTextEdit())
        self.description.setFixedHeight(70)

        self.add_section(_("Beneficiaries"))
        self.beneficiaries = self.add_field(
            "beneficiaries_count", _("People who benefited"), count_box()
        )
        groups = QWidget()
        grid = QGridLayout(groups)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group_boxes: dict[str, QSpinBox] = {}
        for i, (code, name) in enumerate(labels.choices("beneficiary_group")):
            box = count_box()
            self.group_boxes[code] = box
            grid.addWidget(QLabel(name), i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
        self.add_field("beneficiary_groups", _("Of whom"), groups)

        self.add_section(_("Volunteers"))
        self.roles = self.add_field("roles", _("Roles needed"), RolesEditor())
        self.team_row = QWidget()
        team_layout = QHBoxLayout(self.team_row)
        team_layout.setContentsMargins(0, 0, 0, 0)
        self.missing = QLabel()
        self.missing.setObjectName("missing_roles")
        self.missing.setWordWrap(True)
        self.team_button = QPushButton(_("Volunteers and attendance…"))
        self.team_button.setObjectName("open_team")
        self.team_button.setAutoDefault(False)
        self.team_button.clicked.connect(self.open_team)
        team_layout.addWidget(self.missing, 1)
        team_layout.addWidget(self.team_button)
        self.team_dialog: QWidget | None = None
        if activity_id is not None:  # a new activity gets volunteers once it is saved
            self.form.addRow(self.team_row)

        self.add_section(_("Cost and communication"))
        self.cost = QLineEdit()
        self.cost.setPlaceholderText(_("optional"))
        self.currency = currency_box(context.default_currency)
        self.add_field("cost", _("Cost"), amount_row(self.cost, self.currency, locale))
        self.error_aliases["currency"] = "cost"
        self.campaign = self.add_field("campaign_id", _("Campaign"), choice_box([]))
        self.hashtags = self.add_field("hashtags", _("Hashtags"), QLineEdit())
        self.hashtags.setPlaceholderText("#تضامن #solidarité")
        self.photos = self.add_tab(_("Photos"), ActivityPhotos(context, activity_id))
        self._load(*context.read(self._read))

    def open_team(self) -> QWidget | None:
        """Who helps on this activity: suggestions, one-click assignment, attendance and hours."""
        from ui.dialogs.team_dialog import TeamDialog

        if self.activity_id is None:
            return None
        dialog = TeamDialog(self.context, self.activity_id, self)
        dialog.finished.connect(lambda _result: self._show_missing(self._read_needs()))
        self.team_dialog = dialog
        dialog.open()
        return dialog

    def _read_needs(self) -> list[matching.RoleNeed]:
        activity_id = self.activity_id
        if activity_id is None:
            return []
        return self.context.read(lambda s: matching.roles_status(s, activity_id))

    def _show_missing(self, needs: list[matching.RoleNeed]) -> None:
        missing = matching.missing_summary(needs, isolate_name)
        if not needs:
            self.missing.setText("")
        elif missing:
            self.missing.setText(_("Still missing: {roles}").format(roles=missing))
        else:
            self.missing.setText(_("Every role is filled."))

    def _read(self, session: Session) -> Loaded:
        skills, choices = volunteers.all_skills(session), campaigns.choices(session)
        if self.activity_id is None:
            recent = (
                recent_choices.activity_type(session),
                recent_choices.activity_campaign(session),
            )
            return skills, choices, None, [], recent
        found = activities.details(session, self.activity_id)
        needs = matching.roles_status(session, self.activity_id)
        return skills, choices, found, needs, (None, None)

    def _load(
        self,
        skills: list[str],
        choices: list[tuple[int, str]],
        found: activities.ActivityDetails | None,
        needs: list[matching.RoleNeed],
        recent: tuple[str | None, int | None],
    ) -> None:
        self.roles.set_skill_names(skills)
        self.campaign.addItem("—", None)
        for campaign_id, name in choices:
            self.campaign.addItem(name, campaign_id)
        if found is None:  # a new activity: the type and campaign of the one entered last
            last_type, last_campaign = recent
            if last_type is not None:
                select_data(self.type, last_type)
            select_data(self.campaign, last_campaign)  # an archived one is not offered
            return
        activity = found.values
        self.title.setText(activity.title)
        select_data(self.type, activity.type)
        select_data(self.status, activity.status)
        self.starts_at.setDateTime(datetime_edit(activity.starts_at).dateTime())
        if activity.ends_at is not None:
            self.ends_at.enabled.setChecked(True)
            self.ends_at.edit.setDateTime(datetime_edit(activity.ends_at).dateTime())
        self.place.setText(activity.place)
        self.description.setPlainText(activity.description)
        self.beneficiaries.setValue(activity.beneficiaries_count)
        for code, count in activity.beneficiary_groups.items():
            if code in self.group_boxes:
                self.group_boxes[code].setValue(count)
        if found.cost_minor:
            self.cost.setText(
                format_plain_amount(found.cost_minor, activity.currency, self.context.locale)
            )
        self.currency.setCurrentText(activity.currency)
        if activity.campaign_id is not None and self.campaign.findData(activity.campaign_id) < 0:
            self.campaign.addItem(found.campaign_name or "", activity.campaign_id)
        select_data(self.campaign, activity.campaign_id)
        self.hashtags.setText(activity.hashtags)
        self.roles.set_value(list(activity.roles.items()))
        self._show_missing(needs)
        self.version = activity.version

    def save(self) -> int:
        data = activities.ActivityInput(
            title=self.title.text(),
            starts_at=from_qdatetime(self.starts_at.dateTime()),
            ends_at=self.ends_at.value(),
            currency=self.currency.currentText(),
            type=self.type.currentData(),
            status=self.status.currentData(),
            place=self.place.text(),
            description=self.description.toPlainText(),
            beneficiaries_count=self.beneficiaries.value(),
            beneficiary_groups={code: box.value() for code, box in self.group_boxes.items()},
            cost=self.cost.text() or None,
            campaign_id=self.campaign.currentData(),
            hashtags=self.hashtags.text(),
            roles=self.roles.value(),
            version=self.version,
        )
        activity_id = self.activity_id
        if activity_id is None:
            record = commands.write(self.context, lambda s: activities.create(s, data))
        else:
            record = commands.write(self.context, lambda s: activities.update(s, activity_id, data))
        return record.id
