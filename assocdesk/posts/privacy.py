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

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from assocdesk.i18n import _
from assocdesk.models import AuditEvent, Contact
from assocdesk.models.contact import is_under_age
from assocdesk.posts.name_matching import NameIndex, Span, age_mentions, initials, words
from assocdesk.posts.sentences import sentence_spans
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


def person_of(contact: Contact) -> Person:
    return Person(
        contact.name,
        bool(contact.is_minor),
        contact.date_of_birth,
        bool(contact.consent_publish_name),
    )


def people_index(session: Session) -> NameIndex:
    """Every contact who may need protecting (by mark, date of birth or missing consent), by name.

    Whether each is protected depends on the day told, so one index serves every composition
    until something is written: at 20 000 contacts building it is most of a composition's time.
    The key is the journal's last event (every change of a contact, by a form, an import, a
    merge or an erasure, writes one; no clock is involved) and the contacts' count and last id.
    """
    stamp = session.execute(
        select(
            select(func.max(AuditEvent.id)).scalar_subquery(),
            select(func.count(Contact.id)).scalar_subquery(),
            select(func.max(Contact.id)).scalar_subquery(),
        )
    ).one()
    key = (str(session.get_bind().url), *stamp)
    index = _INDEXES.get(key)
    if index is None:
        index = NameIndex[Person]()
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


_INDEXES: dict[tuple[object, ...], NameIndex[Person]] = {}


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
    """Who may be named in one composition, and what was replaced or left out, and why.

    ``keep``: words never taken for a person's name (the association's own names: a protected
    contact called "Amal" must not turn "Association Al Amal" into "Association Al A.").
    """

    def __init__(
        self,
        people: NameIndex[Person] | None = None,
        day: date | None = None,
        keep: Iterable[str] = (),
    ) -> None:
        self.day = day or date.today()
        self.omitted: list[Omission] = []
        self._index: NameIndex[Person] = people or NameIndex[Person]()
        self._keep = [k for k in keep if k]

    @classmethod
    def from_database(cls, session: Session, day: date, keep: Iterable[str] = ()) -> Guard:
        """Everyone protected on ``day`` (and today: a child then may still be one now)."""
        return cls(people_index(session), day=min(day, date.today()), keep=keep)

    # --- names given as names (a post's volunteers, its donors) --------------------------------

    def names(self, contacts: Iterable[Contact], role: str) -> list[str]:
        """The names that may be published, in order; the others are noted as left out."""
        allowed: list[str] = []
        seen: set[int] = set()
        for contact in contacts:
            if contact.id in seen:
                continue
            seen.add(contact.id)
            person = person_of(contact)
            if not person.protected_on(self.day):
                allowed.append(contact.name)
                continue
            self._note(contact.name, why_as(person.minor_on(self.day), role), _("Names"))
        return allowed

    def without_homonyms(self, names: list[str]) -> list[str]:
        """``names`` less those that someone who may not be named also bears."""
        kept = []
        for name in names:
            if any(p.protected_on(self.day) for p in self._index.owners_of(name)):
                self._note(name, _("Shares the name of someone who may not be named."), _("Names"))
            else:
                kept.append(name)
        return kept

    # --- free text ---------------------------------------------------------------------------

    def short_text(self, text: str, where: str) -> str:
        """A title, a place, a campaign's name …: each protected name becomes its initials."""
        return self._replace(text, self._mentions(text), where)

    def long_text(self, text: str, where: str) -> str:
        """A description: a sentence only about a protected person goes; elsewhere, initials.

        Names are looked for in the whole text first, so a name broken over a line or written
        with an initial ("Mustapha A. Ahmed") is found whole and no sentence ends inside it.
        """
        mentions = self._mentions(text)
        if not mentions:
            return text
        kept: list[str] = []
        spans = [(span.start, span.end) for span, _r, _n in mentions]
        for start, end in sentence_spans(text, spans):
            inside = [
                (Span(s.start - start, s.end - start), reason, name)
                for s, reason, name in mentions
                if start <= s.start < end
            ]
            sentence = text[start:end]
            if inside and not _has_own_point(sentence, [span for span, _r, _n in inside]):
                for _span, reason, name in inside:
                    self._note(name, reason, where, "")
                continue
            kept.append(self._replace(sentence, inside, where))
        return "".join(kept).strip()

    def tags(self, tags: list[str], where: str) -> list[str]:
        """Hashtags: one that names a protected person is left out (initials make no tag).

        Tags are read together too: "#Mustapha #Ait_Ahmed" names him as surely as one tag does.
        """
        together = ""
        spans: list[Span] = []
        for tag in tags:
            start = len(together)
            together += tag.lstrip("#＃").replace("_", " ") + " "
            spans.append(Span(start, len(together) - 1))
        mentions = self._mentions(together)
        kept = []
        for tag, span in zip(tags, spans, strict=True):
            named = [m for m in mentions if _overlaps(m[0], [span])]
            for _span, reason, name in named:
                self._note(name, reason, where, "")
            if not named:
                kept.append(tag)
        return kept

    def output(self, text: str, where: str) -> str:
        """A pass over what leaves (a post's line, a title, a picture's text, an alt text).

        A hashtag that names someone is left out whole, wherever it stands; every other mention
        becomes initials.
        """
        if not text or (not self._index and not age_mentions(text)):
            return text
        lines = []
        for line in text.split("\n"):
            tokens = line.split(" ")
            tags = [t for t in tokens if t.startswith("#")]
            if tags:
                allowed = self.tags(tags, where)
                line = " ".join(t for t in tokens if not t.startswith("#") or t in allowed)
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
        if not text:
            return []
        kept = self._kept_spans(text)
        found: list[tuple[Span, str, str]] = []
        for span, owner in self._index.search(text):
            if owner.protected_on(self.day) and not _overlaps(span, kept):
                found.append((span, why(owner.minor_on(self.day)), text[span.start : span.end]))
        taken = [span for span, _r, _n in found]
        for span, name, age in age_mentions(text):
            if not _overlaps(span, taken + kept):
                reason = _("A first name next to an age ({age}): taken for a child's.")
                found.append((span, reason.format(age=age), name))
        return sorted(found, key=lambda f: f[0].start)

    def _kept_spans(self, text: str) -> list[Span]:
        folded = text.casefold()
        spans = []
        for keep in self._keep:
            start = folded.find(keep.casefold())
            while start >= 0:
                spans.append(Span(start, start + len(keep)))
                start = folded.find(keep.casefold(), start + 1)
        return spans

    def _replace(self, text: str, mentions: list[tuple[Span, str, str]], where: str) -> str:
        for span, reason, name in reversed(mentions):
            stand_in = initials(text[span.start : span.end])
            text = text[: span.start] + stand_in + text[span.end :]
            self._note(name, reason, where, stand_in)
        return text

    def _note(self, subject: str, reason: str, where: str, replacement: str = "") -> None:
        omission = Omission(subject, reason, where, replacement)
        if omission not in self.omitted:
            self.omitted.append(omission)


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


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
