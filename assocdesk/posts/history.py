"""How the studio's history names what was posted: the activity's title and date, the campaign's
name, the year — never "Activity report #25", which nobody can recognise.

The record may have changed since: archived, it keeps its name with "(archived)" before it;
deleted, the first words of the text that was posted say what it was about. Every name and date
is isolated for direction (a French title in an Arabic line, a date's digits), so the line reads
in the right order in either language.
"""

from __future__ import annotations

from datetime import datetime

from assocdesk.i18n import N_, _
from assocdesk.posts.card import card_text
from assocdesk.posts.occasions import OCCASION_LABELS
from assocdesk.services.posts import ARCHIVED, CURRENT, DELETED, Subject
from assocdesk.text.bidi import format_isolated, isolate
from assocdesk.text.locales import format_date, format_datetime

__all__ = ["ARCHIVED", "CURRENT", "DELETED", "Subject", "history_lines", "subject_label"]
EXCERPT_LENGTH = 60  # of a deleted record's posted text, in characters
# Said per kind of record: French and Arabic agree the word with it (activité archivée,
# حملة مؤرشفة).
ARCHIVED_LABELS = {
    "activity": N_("(archived activity) {title}"),
    "campaign": N_("(archived campaign) {title}"),
}
DELETED_LABELS = {
    "activity": N_("(deleted activity) {text}"),
    "campaign": N_("(deleted campaign) {text}"),
}


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first line of a posted text, without emoji, cut at a word: what a deleted record
    was about ("✅ Nettoyage de la plage Aïn Diab" → "Nettoyage de la plage Aïn Diab")."""
    first = next((line for line in (card_text(t) for t in text.splitlines()) if line), "")
    if len(first) <= length:
        return first
    cut = first.rfind(" ", 0, length)
    return first[: cut if cut > length // 2 else length].rstrip(" ,.;:،؛") + "…"


def subject_label(subject: Subject, locale: str, posted_text: str = "", record_id: int = 0) -> str:
    """The subject in a sentence of either direction: «Nettoyage de la plage — 17 août 2026»,
    «(archived campaign) Rentrée scolaire 2026», «(deleted activity) Caravane médicale»; a
    record deleted that left no text says its number."""
    if subject.state == DELETED or not subject.title:
        about = excerpt(posted_text)
        if about:
            message = DELETED_LABELS.get(subject.kind, DELETED_LABELS["activity"])
            return format_isolated(_(message), text=about)
        return format_isolated(_("(deleted record no. {number})"), number=record_id)
    if subject.day is not None:
        named = format_isolated(
            _("{title} — {date}"), title=subject.title, date=format_date(subject.day, locale)
        )
    else:
        named = isolate(subject.title)
    if subject.state == ARCHIVED:
        message = ARCHIVED_LABELS.get(subject.kind, ARCHIVED_LABELS["activity"])
        return _(message).format(title=named)
    return named


def history_lines(
    subject: Subject,
    *,
    occasion: str,
    platform: str,
    posted_at: datetime,
    locale: str,
    posted_text: str = "",
    record_id: int = 0,
) -> tuple[str, str]:
    """The two lines of one history entry: what it was about, then how and when it went out
    («Compte rendu d'activité · Facebook · 4 déc. 2026 23:48»)."""
    how = format_isolated(
        _("{occasion} · {platform} · {when}"),
        occasion=_(OCCASION_LABELS.get(occasion, occasion)),
        platform=platform,
        when=format_datetime(posted_at.astimezone(), locale),
    )
    return subject_label(subject, locale, posted_text, record_id), how
