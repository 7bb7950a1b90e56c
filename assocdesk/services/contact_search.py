"""Finding contacts by what was typed: literally (any spelling search normalizes) or by the
name's transliteration key, so "benali" finds «أحمد بنعلي» and «بنعلي» finds "BENALI".

Both live in ``contacts.search_text``, indexed for substring search by a trigram index (FTS5 on
SQLite, pg_trgm on PostgreSQL: :mod:`assocdesk.storage.search_index` holds what differs): the
normalized name, e-mail, city and phone digits, then the name's keys written as ``#B~N~L#``.
That spelling keeps the two apart: a normalized word holds only letters and digits, so no
literal search of two letters or more can fall inside a key (a tilde sits between its letters),
and a one-letter search is matched case-sensitively against the lower-case words while
keys are upper case. The hashes mark a key's ends, so a key matches whole ("#H~M~D#" is not
inside "#M~H~M~D#": Ahmed is not Mohamed). Every writer of the shadow goes through
:func:`assocdesk.services.contacts.search_key_of`, which appends :func:`key_shadow`.

A query word matches literally or, failing that, by key; contacts matched literally by every
word come first (:func:`rank_clause`), the others after them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, literal, or_

from assocdesk.models import Contact
from assocdesk.storage import search_index
from assocdesk.text.transliteration import name_keys, name_terms

TRIGRAM = 3  # letters in one entry of the search index
# Letters typed before a word is also looked up by key: the first keystrokes ("m", "al", and
# "el i", whose key is the article's "l") would match thousands of names by key and need a sort
# of them all; they keep the plain, ordered scan.
KEY_LETTERS = 3


def encode_key(key: str) -> str:
    """How a key is written in the shadow: "bnl" → "#B~N~L#"."""
    found = _ENCODED.get(key)
    if found is None:
        found = _ENCODED[key] = "#" + "~".join(key.upper()) + "#"
    return found


_ENCODED: dict[str, str] = {}  # a few thousand keys at most: names share their words


def key_shadow(name: str | None) -> str:
    """The name's keys as the shadow stores them, after its normalized values."""
    return " ".join(map(encode_key, name_keys(name)))


def _literal_clause(word: str) -> ColumnElement[bool]:
    """Words of three letters or more are looked up in the trigram index (it serves
    ``LIKE '%word%'``), one indexed lookup per word. Shorter words have no trigram: the index
    would be read whole; a plain scan of ``contacts.search_text`` is faster (on SQLite 40 % less
    time than FTS5's scan: the first keystrokes of a search), and is case-sensitive.
    """
    # Normalized words hold only letters and digits: no LIKE or GLOB wildcard to escape.
    if len(word) < TRIGRAM:
        return search_index.holds_letters(Contact.search_text, word)
    return search_index.contains_any(Contact.id, Contact.search_text, [word])


def _key_clause(keys: tuple[str, ...]) -> ColumnElement[bool]:
    """Contacts whose shadow holds one of ``keys`` whole (one indexed lookup per key)."""
    return search_index.contains_any(Contact.id, Contact.search_text, list(map(encode_key, keys)))


@dataclass(frozen=True)
class NameSearch:
    """The WHERE clause of a search and the clause telling a literal match from a key match."""

    matches: ColumnElement[bool]
    literal: ColumnElement[bool]
    by_key: bool  # whether some word may match by key (else every match is literal)


def name_search(search: str | None) -> NameSearch | None:
    """Every typed word (or word group: "ben ali", "abd el kader") must appear literally
    somewhere in the contact's shadow, or match one of the name's keys; None for a blank search.
    """
    terms = [term for term in name_terms(search) if term.words]
    if not terms:
        return None
    matches, literals = [], []
    by_key = False
    for term in terms:
        literal_term = and_(*(_literal_clause(word) for word in term.words))
        literals.append(literal_term)
        if term.keys and len(term.words[-1]) > 1 and sum(map(len, term.words)) >= KEY_LETTERS:
            by_key = True
            matches.append(or_(literal_term, _key_clause(term.keys)))
        else:
            matches.append(literal_term)
    return NameSearch(and_(*matches), and_(*literals), by_key)


def matching_ids_clause(search: str | None) -> ColumnElement[bool] | None:
    """A WHERE clause on Contact for a search text (literal or key matches), or None."""
    found = name_search(search)
    return found.matches if found is not None else None


def rank_clause(search: str | None) -> ColumnElement[int] | None:
    """0 for a contact matched literally by every word, 1 for one found by key: the first
    ORDER BY of a searched list. None when there is no search or no word has a key."""
    found = name_search(search)
    if found is None or not found.by_key:
        return None
    return rank_of(found)


def rank_of(found: NameSearch) -> ColumnElement[int]:
    """:func:`rank_clause` for a search already built (its clauses reused, not built again)."""
    return case((found.literal, literal(0)), else_=literal(1))
