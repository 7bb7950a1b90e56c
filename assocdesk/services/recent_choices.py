"""What a new form proposes: the choice made on the record entered last.

A treasurer entering a pile of donations for the same campaign, or a secretary entering the
members of one category, picks the same value again and again. Deriving it from the data (the
most recently created record) rather than from a preference file means it is right after an
import, on another computer sharing the database, and after a restore, with nothing to keep in
step. Each function returns None when there is nothing to go by (no record yet), which the form
reads as "keep your own default".
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assocdesk.models import Activity, AssociationProfile, Contact, Donation, Membership


def member_category(session: Session) -> str | None:
    """The category of the member entered last ("" for one without a category)."""
    return session.scalar(
        select(Membership.category)
        .order_by(Membership.created_at.desc(), Membership.id.desc())
        .limit(1)
    )


def activity_type(session: Session) -> str | None:
    """The type of the activity entered last."""
    return session.scalar(
        select(Activity.type).order_by(Activity.created_at.desc(), Activity.id.desc()).limit(1)
    )


def activity_campaign(session: Session) -> int | None:
    """The campaign of the activity entered last (None too when it had none)."""
    return session.scalar(
        select(Activity.campaign_id)
        .order_by(Activity.created_at.desc(), Activity.id.desc())
        .limit(1)
    )


def donation_campaign(session: Session) -> int | None:
    """The campaign of the donation entered last (None too when it had none)."""
    return session.scalar(
        select(Donation.campaign_id)
        .order_by(Donation.created_at.desc(), Donation.id.desc())
        .limit(1)
    )


def contact_country(session: Session) -> str:
    """The country of the contact entered last that has one, else the association's own: most
    people an association records live where it works. "" when neither is known."""
    last = session.scalar(
        select(Contact.country)
        .where(Contact.country != "")
        .order_by(Contact.created_at.desc(), Contact.id.desc())
        .limit(1)
    )
    if last:
        return last
    own = session.scalar(select(AssociationProfile.country).limit(1))
    return own or ""


RECENT_DONORS = 5


def recent_donors(session: Session, limit: int = RECENT_DONORS) -> list[int]:
    """The donors of the donations entered last, most recent first, each once.

    A secretary often records several gifts from the same few people (a monthly donor, a
    family giving for each child): the picker lists them before anyone else. Archived and
    erased people are left out, as the picker's search leaves them out; anonymous gifts have
    no donor to offer.
    """
    latest = func.max(Donation.created_at)
    statement = (
        select(Donation.contact_id)
        .join(Contact, Contact.id == Donation.contact_id)
        .where(Contact.archived_at.is_(None), Contact.erased_at.is_(None))
        .group_by(Donation.contact_id)
        .order_by(latest.desc(), func.max(Donation.id).desc())
        .limit(limit)
    )
    return [contact_id for contact_id in session.scalars(statement) if contact_id is not None]
