"""The privacy guard: nobody the association must protect is named in what leaves it.

Protected are every contact who is a minor on the day of what is told (from the date of birth,
or marked minor) and every contact who has not agreed to the publication of their name: all of
them, from the whole database, not only the record's own volunteers and donors, since a title
("Hommage à Mustapha Aït Ahmed"), a place ("Chez Ismail MARRAKCHI") or a campaign ("Fonds Nadia
BENALI") can name anyone. An adult who shares a protected person's name is withheld too: naming
one would name the other.

The guard is built once per composition. Every field is passed through it where the facts are
gathered (so the studio can say *where* a name was), and the composer passes its whole output
through it again (text, video title, picture card, alt text), so a new field or a user's own
template cannot bypass it. Each replacement is reported: what, where, why, and what stands
instead (initials, or a sentence left out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import regex
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import Contact
from assocdesk.models.contact import is_under_age
from assocdesk.posts.name_matching import NameIndex, Span, age_mentions, initials, words
from assocdesk.text import normalize_for_search


@dataclass(frozen=True)
class Omission:
    """Something a post does not show as recorded: what, where, why and what stands instead."""

    subject: str
    reason: str
    where: str = ""
    replacement: str = ""  # "" when left out altogether (a photo, a sentence)

    def to_json(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "reason": self.reason,
            "where": self.where,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class Person:
    """Someone the database may need to protect, with the facts that decide it on a given day."""

    name: str
    marked_minor: bool
    born: date | None
    consents: bool

    def minor_on(self, day: date) -> bool:
        return self.marked_minor or is_under_age(self.born, day)

    def protected_on(self, day: date) -> bool:
        return self.minor_on(day) or not self.consents


def why(minor: bool) -> str:
    if minor:
        return _("A minor on the day told: the names of minors are never published.")
    return _("Has not agreed to the publication of their name.")


def why_as(minor: bool, role: str) -> str:
    """Why, for someone the post would have thanked as ``role`` (a volunteer, a donor)."""
    if minor:
        return _("{role} under 18: the names of minors are never published.").format(role=role)
    return _("{role} who has not agreed to the publication of their name.").format(role=role)


def is_protected(contact: Contact, day: date) -> bool:
    return contact.is_minor_on(day) or not contact.consent_publish_name


def people_index(session: Session) -> NameIndex:
    """Every contact who may need protecting (by mark, date of birth or missing consent), by name.

    Whether each is protected depends on the day told, so one index serves every composition
    until a contact changes; at 20 000 contacts building it is most of a composition's time, so
    the last few are kept, keyed by the contacts' count, last change and last id.
    """
    stamp = session.execute(
        select(func.count(), func.max(Contact.updated_at), func.max(Contact.id))
    ).one()
    key = (str(session.get_bind().url), *stamp)
    index = _INDEXES.get(key)
    if index is None:
        index = NameIndex()
        rows = session.execute(
            select(
                Contact.name, Contact.is_minor, Contact.date_of_birth, Contact.consent_publish_name
            ).where(
                Contact.erased_at.is_(None),
                or_(
                    Contact.is_minor.is_(True),
                    Contact.date_of_birth.is_not(None),
                    Contact.consent_publish_name.is_not(True),
                ),
            )
        )
        for name, marked, born, consent in rows:
            index.add(name, Person(name, bool(marked), born, bool(consent)))
        if len(_INDEXES) >= 4:
            _INDEXES.clear()
        _INDEXES[key] = index
    return index


_INDEXES: dict[tuple[object, ...], NameIndex] = {}


# A sentence: up to its closing mark (and the space after), or a line.
_SENTENCE = regex.compile(r"[^.!?؟…\n]+(?:[.!?؟…]+|$)\s*|\n")
# Words that carry no point of their own: greetings, articles, particles (a sentence left with
# fewer than _POINT_WORDS other words, once the protected names are out, was only about them).
_EMPTY_WORDS = frozenset(
    normalize_for_search(w)
    for w in (  # noqa: SIM905 (a sentence of words reads better than a column of them)
        "bravo merci félicitations felicitations hommage à a au aux la le les l de du des "
        "petit petite jeune notre nos son sa ses pour et à qui est a été ans an "
        "thanks thank you congratulations well done to the our little young for and who is "
        "was years year old "
        "شكرا تهنئة تحية برافو هنيئا مبروك الطفل الطفلة الصغير الصغيرة ل الى إلى على "
        "من في و الذي التي هو هي عمره عمرها سنة سنوات عاما كل"
    ).split()
)
_POINT_WORDS = 3


class Guard:
    """Who may be named in one composition, and what was replaced or left out, and why."""

    def __init__(self, people: NameIndex | None = None, day: date | None = None) -> None:
        self.day = day or date.today()
        self.omitted: list[Omission] = []
        self._index = people or NameIndex()

    @classmethod
    def from_database(cls, session: Session, day: date) -> Guard:
        """Everyone protected on ``day`` (and today: a child then may still be one now)."""
        return cls(people_index(session), day=min(day, date.today()))

    # --- names given as names (a post's volunteers, its donors) --------------------------------

    def names(self, contacts: Iterable[Contact], role: str) -> list[str]:
        """The names that may be published, in order; the others are noted as left out."""
        allowed: list[str] = []
        seen: set[int] = set()
        for contact in contacts:
            if contact.id in seen:
                continue
            seen.add(contact.id)
            if not is_protected(contact, self.day):
                allowed.append(contact.name)
                continue
            self._note(contact.name, why_as(contact.is_minor_on(self.day), role), _("Names"))
        return allowed

    def without_homonyms(self, names: list[str]) -> list[str]:
        """``names`` less those that someone who may not be named also bears."""
        kept = []
        for name in names:
            if any(p.protected_on(self.day) for p in self._index.owners_of(name)):  # type: ignore[attr-defined]
                self._note(name, _("Shares the name of someone who may not be named."), _("Names"))
            else:
                kept.append(name)
        return kept

    # --- free text ---------------------------------------------------------------------------

    def short_text(self, text: str, where: str) -> str:
        """A title, a place, a campaign's name …: each protected name becomes its initials."""
        if not text:
            return text
        replaced = text
        for span, reason, name in reversed(self._mentions(text)):
            stand_in = initials(text[span.start : span.end])
            replaced = replaced[: span.start] + stand_in + replaced[span.end :]
            self._note(name, reason, where, stand_in)
        return replaced

    def long_text(self, text: str, where: str) -> str:
        """A description: a sentence only about a protected person goes; elsewhere, initials."""
        if not text or not self._mentions(text):
            return text
        kept: list[str] = []
        for match in _SENTENCE.finditer(text):
            sentence = match.group()
            mentions = self._mentions(sentence)
            if mentions and not _has_own_point(sentence, [span for span, _r, _n in mentions]):
                for _span, reason, name in mentions:
                    self._note(name, reason, where, "")
                continue
            kept.append(self.short_text(sentence, where) if mentions else sentence)
        return "".join(kept).strip()

    def tags(self, tags: list[str], where: str) -> list[str]:
        """Hashtags: one that names a protected person is left out (initials make no tag)."""
        kept = []
        for tag in tags:
            mentions = self._mentions(tag.lstrip("#").replace("_", " "))
            for _span, reason, name in mentions:
                self._note(name, reason, where, "")
            if not mentions:
                kept.append(tag)
        return kept

    def output(self, text: str, where: str) -> str:
        """The last pass over what leaves (a post, a title, a picture's text, an alt text).

        Hashtags are left out whole; every other mention becomes initials.
        """
        if not text or (not self._index and not age_mentions(text)):
            return text
        lines = []
        for line in text.split("\n"):
            tokens = line.split(" ")
            if tokens and all(t.startswith("#") for t in tokens if t):
                line = " ".join(self.tags([t for t in tokens if t], where))
            lines.append(self.short_text(line, where))
        return "\n".join(lines)

    def mentions_protected(self, text: str) -> bool:
        return bool(self._mentions(text))

    # --- photos ------------------------------------------------------------------------------

    def photo_allowed(self, file_name: str, shows_minors: bool, consent_obtained: bool) -> bool:
        if shows_minors:
            self._note(file_name, _("Photo showing minors."), _("Picture"))
        elif not consent_obtained:
            self._note(file_name, _("Photo without the consent of the people on it."), _("Picture"))
        return consent_obtained and not shows_minors

    # --- inside ------------------------------------------------------------------------------

    def _mentions(self, text: str) -> list[tuple[Span, str, str]]:
        """(where, why, whose name) for each protected name and each child's first name + age."""
        found: list[tuple[Span, str, str]] = []
        for span, owner in self._index.search(text):
            assert isinstance(owner, Person)
            if owner.protected_on(self.day):
                found.append((span, why(owner.minor_on(self.day)), text[span.start : span.end]))
        for span, name, age in age_mentions(text):
            if all(span.end <= s.start or span.start >= s.end for s, _r, _n in found):
                found.append(
                    (
                        span,
                        _("A first name next to an age ({age}): taken for a child's.").format(
                            age=age
                        ),
                        name,
                    )
                )
        return sorted(found, key=lambda f: f[0].start)

    def _note(self, subject: str, reason: str, where: str, replacement: str = "") -> None:
        omission = Omission(subject, reason, where, replacement)
        if omission not in self.omitted:
            self.omitted.append(omission)


def _has_own_point(sentence: str, spans: list[Span]) -> bool:
    """Whether ``sentence`` says something besides the protected names in ``spans``."""
    inside = [(span.start, span.end) for span in spans]
    others = [
        word
        for word in words(sentence)
        if not any(start <= word.start < end for start, end in inside)
        and not word.text.isdigit()
        and normalize_for_search(word.text) not in _EMPTY_WORDS
    ]
    return len(others) >= _POINT_WORDS
