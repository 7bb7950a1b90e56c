"""The privacy guard: whose name and which photo a post may show, and why the others are left out.

A name appears only if that contact agreed to its publication (``consent_publish_name``); a
minor's name never appears, whatever the flag says. A photo is offered only when it is marked as
not showing minors and as having everyone's consent. Whatever is left out is reported, with the
reason, in the user's language, so the studio can say it beside the text.

Names can also hide in free text (an activity's description thanking "Salma B."): a description
that names someone who may not be named is left out whole; in a title or a place, the name is
replaced by its initials.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assocdesk.i18n import _
from assocdesk.models import Contact
from assocdesk.text import normalize_for_search


@dataclass(frozen=True)
class Omission:
    """Something a post does not show: ``subject`` (a name, a photo) and the translated reason."""

    subject: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"subject": self.subject, "reason": self.reason}


def name_allowed(contact: Contact) -> bool:
    return bool(contact.consent_publish_name) and not contact.is_minor


def why_not_named(contact: Contact, role: str) -> str:
    """Why ``contact`` (a volunteer, a donor …: ``role``) is left out, as one sentence."""
    if contact.is_minor:
        return _("{role} under 18: the names of minors are never published.").format(role=role)
    return _("{role} who has not agreed to the publication of their name.").format(role=role)


@dataclass
class Guard:
    """Collects who may be named and what was left out while the facts of a post are gathered."""

    omitted: list[Omission]
    protected: dict[str, str]  # normalized name → name, of everyone who may not be named

    def __init__(self) -> None:
        self.omitted = []
        self.protected = {}

    def names(self, contacts: Iterable[Contact], role: str) -> list[str]:
        """The names that may be published, in order; the others are noted as omitted."""
        allowed: list[str] = []
        seen: set[int] = set()
        for contact in contacts:
            if contact.id in seen:
                continue
            seen.add(contact.id)
            if name_allowed(contact):
                allowed.append(contact.name)
            else:
                self.protected[normalize_for_search(contact.name)] = contact.name
                self.omitted.append(Omission(contact.name, why_not_named(contact, role)))
        return allowed

    def without_homonyms(self, names: list[str]) -> list[str]:
        """``names`` less those that someone who may not be named also bears.

        Two contacts can share a name; publishing it for the one who agreed would publish it
        for the one who did not. Call once every group of names of the post is known.
        """
        kept = []
        for name in names:
            if normalize_for_search(name) in self.protected:
                self.omitted.append(
                    Omission(name, _("Shares the name of someone who may not be named."))
                )
            else:
                kept.append(name)
        return kept

    def photo_allowed(self, file_name: str, shows_minors: bool, consent_obtained: bool) -> bool:
        if shows_minors:
            self.omitted.append(Omission(file_name, _("Photo showing minors.")))
        elif not consent_obtained:
            self.omitted.append(
                Omission(file_name, _("Photo without the consent of the people on it."))
            )
        return consent_obtained and not shows_minors

    def mentions_protected(self, text: str) -> bool:
        key = f" {normalize_for_search(text)} "
        return any(f" {name} " in key for name in self.protected if name)

    def clean_description(self, text: str) -> str:
        """The description, or "" when it names someone who may not be named."""
        if text and self.mentions_protected(text):
            self.omitted.append(
                Omission(_("Description"), _("It names someone who may not be named."))
            )
            return ""
        return text

    def clean_short_text(self, text: str) -> str:
        """A title or a place with protected names replaced by their initials."""
        for name in self.protected.values():
            if name and name.casefold() in text.casefold():
                start = text.casefold().index(name.casefold())
                initials = " ".join(word[0] + "." for word in name.split())
                text = text[:start] + initials + text[start + len(name) :]
        return text
