"""Who the association's activities served, per year and per group (children, women …).

Counted from done activities only: a planned one has served nobody yet, a cancelled one never
will. "People" is each activity's own total (a family and its children may be counted in two
groups, so the groups need not add up to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.models import Activity, ActivityBeneficiaryGroup, ActivityStatus, BeneficiaryGroup
from assocdesk.storage.sql_functions import year_of


@dataclass(frozen=True)
class YearBeneficiaries:
    year: int
    activities: int
    people: int
    by_group: dict[str, int] = field(default_factory=dict)  # BeneficiaryGroup code → people

    def group(self, code: str) -> int:
        return self.by_group.get(code, 0)


def _counted(statement):  # type: ignore[no-untyped-def]
    return statement.where(Activity.status == ActivityStatus.DONE, Activity.archived_at.is_(None))


def totals_by_year(session: Session) -> list[YearBeneficiaries]:
    """One line per year with done activities, latest first."""
    year = year_of(Activity.starts_at)
    totals = session.execute(
        _counted(select(year, func.count(), func.sum(Activity.beneficiaries_count)))
        .group_by(year)
        .order_by(year.desc())
    ).all()
    groups: dict[int, dict[str, int]] = {}
    for y, code, number in session.execute(
        _counted(
            select(
                year, ActivityBeneficiaryGroup.group_code, func.sum(ActivityBeneficiaryGroup.count)
            )
            .join(Activity, Activity.id == ActivityBeneficiaryGroup.activity_id)
            .group_by(year, ActivityBeneficiaryGroup.group_code)
        )
    ):
        if code in tuple(BeneficiaryGroup):
            groups.setdefault(y, {})[code] = number or 0
    return [YearBeneficiaries(y, n, people or 0, groups.get(y, {})) for y, n, people in totals]
