"""Finding people recorded twice: the duplicate finder, the hint while typing, "not duplicates".

Never every pair: contacts are put in blocks that share a normalized key — the name's words in
any order ("BENALI Ahmed" = "Ahmed Benali", "أحمد" = "احمد"), the phone's last nine digits
("+212 6 12 34 56 78" = "06.12.34.56.78"), the e-mail in lower case — and only contacts of the
same block are compared. 20 000 contacts take a fraction of a second.

A pair is proposed when the e-mail is the same, when the names are the same (unless their
phones or e-mails disagree), when the names are the same name in two scripts ("Ahmed Benali"
and «أحمد بنعلي», by their transliteration keys: assocdesk.text.transliteration; same rule),
or when the phone is the same and the names share a word (relatives who share one phone but
not a first name are not proposed). A pair marked "not
duplicates" is never proposed again. Merging is in :mod:`assocdesk.services.merge`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assocdesk.models import Contact, NotDuplicatePair
from assocdesk.services import contacts
from assocdesk.services.errors import ValidationError
from assocdesk.text import digits_only, normalize_for_search
from assocdesk.text.transliteration import name_signatures, scripts_of

PHONE_DIGITS = 9  # the subscriber number, without country or trunk prefix
MAX_BLOCK = 200  # a key shared by more contacts (a switchboard number) tells nothing


def name_key(name: str | None) -> str:
    return " ".join(sorted(normalize_for_search(name).split()))


def script_keys(name: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The name's readings across scripts, and the scripts it is written in."""
    return frozenset(name_signatures(name)), scripts_of(name)


def phone_key(phone: str | None) -> str:
    digits = digits_only(phone)
    return digits[-PHONE_DIGITS:] if len(digits) >= 8 else ""


def contact_keys(phone: str | None, email: str | None) -> frozenset[str]:
    """ "p…" for the phone, "e…" for the e-mail: what two records of one person share."""
    keys = set()
    if key := phone_key(phone):
        keys.add("p" + key)
    if email and email.strip():
        keys.add("e" + email.strip().lower())
    return frozenset(keys)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    phone: str
    email: str
    city: str


@dataclass(frozen=True)
class DuplicatePair:
    first: Candidate
    second: Candidate
    # "name", "script" (the same name in another script), "phone", "email"; strongest first
    reasons: tuple[str, ...]


def _reasons(a: tuple, b: tuple) -> tuple[str, ...] | None:
    """Why ``a`` and ``b`` (id, name, phone, email, city, name_key, keys, (signatures, scripts))
    may be one person."""
    literal_name = a[5] == b[5] and bool(a[5])
    other_script = (
        not literal_name and a[7][1] != b[7][1] and bool(a[7][1] and b[7][1] and a[7][0] & b[7][0])
    )
    same_name = literal_name or other_script
    shared = a[6] & b[6]
    reasons = []
    if any(k[0] == "e" for k in shared):
        reasons.append("email")
    if any(k[0] == "p" for k in shared):
        reasons.append("phone")
    if same_name:
        disagree = any(
            {k for k in a[6] if k[0] == t} and {k for k in b[6] if k[0] == t} and not shared
            for t in ("p", "e")
        )
        if disagree and not reasons:
            return None
        reasons.insert(0, "name" if literal_name else "script")
    elif reasons == ["phone"] and not set(a[5].split()) & set(b[5].split()):
        return None
    return tuple(reasons) or None


def dismissed_pairs(session: Session) -> set[tuple[int, int]]:
    statement = select(NotDuplicatePair.first_id, NotDuplicatePair.second_id)
    return {(first, second) for first, second in session.execute(statement)}


def find_duplicates(session: Session, *, include_archived: bool = False) -> list[DuplicatePair]:
    """Every likely pair, strongest first (same name and same phone or e-mail before the rest)."""
    statement = select(Contact.id, Contact.name, Contact.phone, Contact.email, Contact.city)
    if not include_archived:
        statement = statement.where(Contact.archived_at.is_(None))
    records = {}
    blocks: dict[str, list[int]] = defaultdict(list)
    for contact_id, name, phone, email, city in session.execute(statement):
        key = name_key(name)
        keys = contact_keys(phone, email)
        scripts = script_keys(name)
        records[contact_id] = (contact_id, name, phone, email, city, key, keys, scripts)
        if key:
            blocks["n" + key].append(contact_id)
        for signature in scripts[0]:
            blocks["x" + signature].append(contact_id)
        for other in keys:
            blocks[other].append(contact_id)
    dismissed = dismissed_pairs(session)
    seen: set[tuple[int, int]] = set()
    pairs: list[DuplicatePair] = []
    for members in blocks.values():
        if not 2 <= len(members) <= MAX_BLOCK:
            continue
        for first, second in combinations(sorted(set(members)), 2):
            if (first, second) in seen or (first, second) in dismissed:
                continue
            seen.add((first, second))
            a, b = records[first], records[second]
            reasons = _reasons(a, b)
            if reasons:
                pairs.append(DuplicatePair(Candidate(*a[:5]), Candidate(*b[:5]), reasons))
    pairs.sort(key=lambda p: (-len(p.reasons), p.first.name.casefold(), p.first.id, p.second.id))
    return pairs


def likely_duplicates(
    session: Session,
    name: str,
    phone: str = "",
    email: str = "",
    *,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[DuplicatePair]:
    """Contacts that look like the one being typed (shown before it is saved).

    One indexed query: the name's words, the phone's digits or the e-mail; then the same rule
    as the finder. The typed contact is ``first`` (id 0) of each pair returned.
    """
    clauses = []
    name_clause = contacts.matching_ids_clause(name)
    if name_clause is not None:
        clauses.append(name_clause)
    if phone_digits := phone_key(phone):
        clauses.append(contacts.matching_ids_clause(phone_digits))
    if email.strip():
        clauses.append(Contact.email == email.strip())
        clauses.append(Contact.email == email.strip().lower())
    if not clauses:
        return []
    statement = select(Contact.id, Contact.name, Contact.phone, Contact.email, Contact.city).where(
        or_(*clauses)
    )
    if exclude_id is not None:
        statement = statement.where(Contact.id != exclude_id)
    typed = (0, name, phone, email, "", name_key(name), contact_keys(phone, email))
    typed += (script_keys(name),)
    found = []
    # The first 200 by id: without an order, which 200 a database reads first is its own.
    for row in session.execute(statement.order_by(Contact.id).limit(200)):
        record = (*row, name_key(row[1]), contact_keys(row[2], row[3]), script_keys(row[1]))
        reasons = _reasons(typed, record)
        if reasons:
            found.append(DuplicatePair(Candidate(*typed[:5]), Candidate(*row), reasons))
    found.sort(key=lambda p: (-len(p.reasons), p.second.id))
    return found[:limit]


def mark_not_duplicates(session: Session, first_id: int, second_id: int) -> None:
    """Remember that two contacts are different people; the finder will not propose them again."""
    if first_id == second_id:
        from assocdesk.i18n import _

        raise ValidationError("contact", _("A contact cannot be its own duplicate."))
    low, high = sorted((first_id, second_id))
    contacts.get(session, low)
    contacts.get(session, high)
    exists = session.scalar(
        select(NotDuplicatePair.id).where(
            NotDuplicatePair.first_id == low, NotDuplicatePair.second_id == high
        )
    )
    if exists is None:
        session.add(NotDuplicatePair(first_id=low, second_id=high))


def pairs_of(items: Iterable[DuplicatePair]) -> set[tuple[int, int]]:
    """(smaller id, larger id) of each pair: handy to compare results."""
    return {tuple(sorted((p.first.id, p.second.id))) for p in items}  # type: ignore[misc]
