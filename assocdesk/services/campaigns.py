"""Campaigns (funds): what donations are given to and activities are paid from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import Campaign, Donation, DonationStatus
from assocdesk.services import conflicts
from assocdesk.services.audit import record_event, snapshot
from assocdesk.services.common import (
    ListQuery,
    Page,
    amount_field,
    currency_field,
    date_field,
    end_not_before_start,
    id_list,
    in_id_order,
    page_of,
    text_field,
)
from assocdesk.services.errors import Errors, NotFound
from assocdesk.storage.sql_functions import by_code_point, int_sum, ordered
from assocdesk.text import normalize_for_search


@dataclass
class CampaignInput:
    name: str
    currency: str
    goal: str | Decimal | None = None
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    # The campaign's version the form opened on (None: a new one, or no form): a save over a
    # campaign someone changed meanwhile is refused (services.conflicts).
    version: int | None = None


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    currency: str
    goal_minor: int | None
    raised_minor: int
    donations: int
    starts_on: date | None
    ends_on: date | None
    archived: bool


@dataclass(frozen=True)
class CampaignDetails:
    """A campaign as its form shows it; the goal in minor units, for the form's locale."""

    id: int
    name: str
    currency: str
    goal_minor: int | None
    description: str
    starts_on: date | None
    ends_on: date | None
    archived: bool
    version: int | None = None  # what the form sends back (CampaignInput.version)


def _validated(data: CampaignInput) -> dict[str, object]:
    errors = Errors()
    name = text_field(errors, "name", data.name, max_length=200, required=True)
    currency = currency_field(errors, "currency", data.currency)
    goal = amount_field(errors, "goal", data.goal, currency, required=False)
    description = text_field(
        errors, "description", data.description, max_length=5000, multiline=True
    )
    starts_on = date_field(errors, "starts_on", data.starts_on)
    ends_on = date_field(errors, "ends_on", data.ends_on)
    end_not_before_start(errors, "ends_on", starts_on, ends_on)
    errors.raise_if_any()
    return {
        "name": name,
        "currency": currency,
        "goal_minor": goal,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "search_text": normalize_for_search(name),
    }


def create(session: Session, data: CampaignInput) -> Campaign:
    campaign = Campaign(**_validated(data))
    session.add(campaign)
    record_event(session, "create", campaign)
    return campaign


def get(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_("There is no campaign number {id}.").format(id=campaign_id))
    return campaign


def details(session: Session, campaign_id: int) -> CampaignDetails:
    """The campaign's form values; NotFound if it is gone."""
    c = get(session, campaign_id)
    archived = c.archived_at is not None
    return CampaignDetails(
        c.id, c.name, c.currency, c.goal_minor, c.description, c.starts_on, c.ends_on, archived,
        c.version,
    )  # fmt: skip


def update(session: Session, campaign_id: int, data: CampaignInput) -> Campaign:
    campaign = get(session, campaign_id)
    conflicts.check_version(session, campaign, data.version, "campaigns")
    values = _validated(data)
    before = snapshot(campaign)
    for key, value in values.items():
        setattr(campaign, key, value)
    record_event(session, "update", campaign, before)
    return campaign


def set_archived(session: Session, campaign_id: int, archived: bool = True) -> Campaign:
    campaign = get(session, campaign_id)
    if (campaign.archived_at is not None) == archived:
        return campaign  # already so: no new date, no audit event
    before = snapshot(campaign)
    campaign.archived_at = datetime.now(UTC) if archived else None
    record_event(session, "archive" if archived else "restore", campaign, before)
    return campaign


def choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the campaigns a new donation or activity may be linked to."""
    statement = (
        select(Campaign.id, Campaign.name)
        .where(Campaign.archived_at.is_(None))
        .order_by(by_code_point(Campaign.search_text))
    )
    return [(campaign_id, name) for campaign_id, name in session.execute(statement)]


SORTS = {
    "name": by_code_point(Campaign.search_text),  # the same order on both databases
    "starts_on": Campaign.starts_on,
    "ends_on": Campaign.ends_on,
    "goal": Campaign.goal_minor,
}


def ids(session: Session, query: ListQuery) -> Sequence[int]:
    statement = select(Campaign.id)
    if not query.include_archived:
        statement = statement.where(Campaign.archived_at.is_(None))
    for word in normalize_for_search(query.search).split():
        statement = statement.where(Campaign.search_text.contains(word, autoescape=True))
    order = SORTS.get(query.sort, SORTS["name"])
    return id_list(
        session,
        statement.order_by(ordered(order, query.descending), Campaign.id),
    )


def rows(session: Session, campaign_ids: Sequence[int]) -> list[CampaignRow]:
    if not campaign_ids:
        return []
    # Only gifts in the campaign's own currency: minor units of two currencies never add up.
    totals = {
        cid: (raised, n)
        for cid, raised, n in session.execute(
            select(Donation.campaign_id, int_sum(Donation.amount_minor), func.count())
            .join(Campaign, Campaign.id == Donation.campaign_id)
            .where(
                Donation.campaign_id.in_(campaign_ids),
                Donation.status == DonationStatus.RECORDED,
                Donation.currency == Campaign.currency,
            )
            .group_by(Donation.campaign_id)
        )
    }
    by_id = {}
    for c in session.scalars(select(Campaign).where(Campaign.id.in_(campaign_ids))):
        raised, n = totals.get(c.id, (0, 0))
        by_id[c.id] = CampaignRow(
            c.id,
            c.name,
            c.currency,
            c.goal_minor,
            raised or 0,
            n,
            c.starts_on,
            c.ends_on,
            c.archived_at is not None,
        )
    return in_id_order(by_id, campaign_ids)


def list_campaigns(
    session: Session, query: ListQuery = ListQuery(), offset: int = 0, limit: int = 100
) -> Page[CampaignRow]:
    return page_of(session, query, ids, rows, offset, limit)
