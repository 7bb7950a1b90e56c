"""Reminder texts for late dues, ready to paste into WhatsApp or an SMS.

Written in the member's language, with the amount formatted for that language and the
association's country, and without the invisible bidi marks Babel puts around Arabic amounts
(they show as boxes in some phones' SMS apps), and with one full stop where an amount ending in
one ("د.م.") ends a sentence. Only members who agreed to be contacted get one:
:func:`reminder_text` returns None for the others, and the late list says why.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assocdesk.i18n import N_, translate_in
from assocdesk.posts.formatting import money as whole_money
from assocdesk.posts.formatting import post_safe, tidy
from assocdesk.services import association
from assocdesk.services.dues_status import LateMember
from assocdesk.text.locales import babel_locale
from assocdesk.text.money import currency_decimals, format_money

NOT_PAID = N_(
    "Hello {name}, this is {association}. A friendly reminder that your membership dues for "
    "{year} ({amount}) have not been paid yet. You can pay them to the treasurer or at our "
    "office. Thank you for your support!"
)
PARTLY_PAID = N_(
    "Hello {name}, this is {association}. Your membership dues for {year} are not fully paid "
    "yet: {amount} is still due (out of {fee}). You can pay it to the treasurer or at our "
    "office. Thank you for your support!"
)


def amount_text(minor: int, currency: str, locale: str) -> str:
    """An amount for a message: whole units when it is whole ("100 د.م."), exact otherwise."""
    if minor % (10 ** currency_decimals(currency)) == 0:
        return whole_money(minor, currency, locale)
    return post_safe(format_money(minor, currency, locale))


def reminder_text(
    member: LateMember, year: int, association_name: str, country: str = ""
) -> str | None:
    """The reminder for one late member, or None if they may not be contacted."""
    if not member.may_contact:
        return None
    language = member.language
    locale = babel_locale(language, country)
    template = NOT_PAID if member.paid_minor == 0 else PARTLY_PAID
    return tidy(
        post_safe(
            translate_in(language, template).format(
                name=member.name,
                association=association_name,
                year=year,
                amount=amount_text(member.due_minor, member.currency, locale),
                fee=amount_text(member.fee_minor, member.currency, locale),
            )
        )
    )


def reminders(session: Session, members: list[LateMember], year: int) -> dict[int, str | None]:
    """membership id → its reminder (None where the member may not be contacted)."""
    profile = association.get(session)
    country = profile.country if profile else ""
    return {
        m.membership_id: reminder_text(
            m, year, profile.name_in(m.language) if profile else "", country
        )
        for m in members
    }
