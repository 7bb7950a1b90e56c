"""`check`: the receipt chain is whole, and the receipts still say what it recorded.

SQLite keeps no checksum of its pages: a flipped bit in an issued receipt's amount, or an edit
made with another program, leaves a file that passes ``integrity_check``. Each issued receipt,
void and donor change appended a link hashed over the previous one (see
:mod:`assocdesk.receipt_hash`), so two walks find it:

- each series (book + receipt year), in position order: positions 1…n with no hole, each link
  following the previous one's hash, each hash recomputed from the link's fields. The first
  broken link of a series is named; the links after it cannot be trusted one by one;
- each record issued or void: its chained values (amount, currency, date, donor or member,
  number, status) equal those of its latest link; and each link's record is still there and
  still issued, or void, as the chain says.

Reads only (the check's read-only connection, on the SQLite file or the server); a database
older than the chain is skipped.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from assocdesk.checks.findings import ERROR, CheckContext, Finding
from assocdesk.i18n import N_, _, ngettext
from assocdesk.labels import label
from assocdesk.receipt_hash import CHAINED, GENESIS, link_hash, plain
from assocdesk.text.money import from_minor

NAME = "receipt_chain"
TABLE = "receipt_chain_links"
SHOWN = 20  # record findings listed one by one; the rest are counted
# book → (table, date column, party column)
BOOKS = {
    "donations": ("donations", "donated_on", "contact_id"),
    "dues": ("dues_payments", "paid_on", "membership_id"),
}
LINK_COLUMNS = (
    "book, year, position, event, record_id, receipt_number, amount_minor, currency, "
    "dated_on, party_id, status, prev_hash, hash"
)
FIELD_LABELS = {
    "receipt_number": N_("receipt number"),
    "amount_minor": N_("amount"),
    "currency": N_("currency"),
    "date": N_("date"),
    "status": N_("status"),
}
PARTY_LABELS = {"donations": N_("donor"), "dues": N_("member")}

Link = dict[str, Any]


def check_receipt_chains(context: CheckContext) -> list[Finding]:
    """Every series whole, and every issued or void receipt as its chain recorded it."""
    tables = context.tables()
    if TABLE not in tables:
        return []  # a database made before the chain: nothing to verify yet
    series: dict[tuple[str, int], list[Link]] = {}
    for row in context.rows(f"SELECT {LINK_COLUMNS} FROM {TABLE} ORDER BY book, year, position"):
        link = _link(row)
        series.setdefault((link["book"], link["year"]), []).append(link)
    findings = [
        finding
        for (book, year), links in sorted(series.items(), key=lambda item: str(item[0]))
        if (finding := _broken_link(book, year, links)) is not None
    ]
    by_record: dict[tuple[str, Any], list[Link]] = {}
    for links in series.values():
        for link in links:
            by_record.setdefault((link["book"], link["record_id"]), []).append(link)
    for links in by_record.values():  # whether the chain has the record issued, on its first link
        links[0]["issued"] = any(link["event"] == "issue" for link in links)
    problems: list[str] = []
    for book, (table, dated, party) in BOOKS.items():
        if table in tables:
            problems += _records(context, book, table, dated, party, by_record)
    findings += [Finding(NAME, ERROR, message) for message in problems[:SHOWN]]
    if len(problems) > SHOWN:
        more = len(problems) - SHOWN
        findings.append(
            Finding(
                NAME,
                ERROR,
                ngettext(
                    "… and {count} more receipt differs from the receipt chain.",
                    "… and {count} more receipts differ from the receipt chain.",
                    more,
                ).format(count=more),
            )
        )
    return findings


def _link(row: tuple) -> Link:
    (book, year, position, event, record_id, number, amount, currency) = row[:8]
    dated_on, party_id, status, prev_hash, stored = row[8:]
    return {
        "book": book,
        "year": year,
        "position": position,
        "event": event,
        "record_id": record_id,
        "receipt_number": number,
        "amount_minor": amount,
        "currency": currency,
        "date": dated_on,
        "party_id": party_id,
        "status": status,
        "prev_hash": prev_hash,
        "hash": stored,
        "values": (number, amount, currency, dated_on, party_id, status),
    }


def _series_label(book: str, year: Any) -> str:
    if book == "donations":
        return _("Donation receipts of {year}").format(year=year)
    if book == "dues":
        return _("Dues receipts of {year}").format(year=year)
    return _("Receipts “{book}” of {year}").format(book=plain(book), year=year)


def _broken_link(book: str, year: Any, links: list[Link]) -> Finding | None:
    """The first link of a series that is missing, repeated, altered or out of the chain."""
    previous = GENESIS
    for expected, link in enumerate(links, 1):
        position = link["position"]
        if (
            position == expected
            and link["prev_hash"] == previous
            and link_hash(previous, link) == link["hash"]
        ):
            previous = link["hash"]
            continue
        values = {"position": expected, "number": plain(link["receipt_number"])}
        if position != expected:
            if isinstance(position, int) and position < expected:
                message = N_(
                    "{series}: link {position} of the receipt chain (receipt {number}) appears "
                    "twice."
                )
                values["position"] = position
            else:
                message = N_(
                    "{series}: link {position} of the receipt chain is missing (the chain goes "
                    "on with receipt {number})."
                )
        elif link_hash(link["prev_hash"], link) != link["hash"]:
            message = N_(
                "{series}: link {position} of the receipt chain (receipt {number}) was altered: "
                "its content no longer matches its hash."
            )
        else:
            message = N_(
                "{series}: link {position} of the receipt chain (receipt {number}) does not "
                "follow the link before it."
            )
        return Finding(NAME, ERROR, _(message).format(series=_series_label(book, year), **values))
    return None


def _records(
    context: CheckContext,
    book: str,
    table: str,
    dated: str,
    party: str,
    by_record: dict[tuple[str, Any], list[Link]],
) -> list[str]:
    """What is wrong between the records of one book and their links, one line per receipt."""
    query = (
        f"SELECT id, receipt_year, receipt_issued_at IS NOT NULL, receipt_number, amount_minor, "
        f"currency, {dated}, {party}, status FROM {table} "
        f"WHERE receipt_issued_at IS NOT NULL OR status = 'void' "
        f"OR id IN (SELECT record_id FROM {TABLE} WHERE book = :book)"
    )
    problems: list[tuple[tuple, str]] = []
    seen: set[Any] = set()
    for row in context.rows(query, book=book):
        record_id, year, issued = row[:3]
        seen.add(record_id)
        links = by_record.get((book, record_id))
        issued = bool(issued)  # 1 on SQLite, True on PostgreSQL
        if links and row[3:] == links[-1]["values"] and issued == links[0]["issued"]:
            continue  # the common case, decided on the raw values
        record = dict(zip(CHAINED, row[3:], strict=True))
        message = _record_problem(book, record, issued, links)
        if message:
            problems.append(((str(year), str(plain(row[3]))), message))
    for (link_book, record_id), links in by_record.items():
        if link_book == book and record_id not in seen:
            number = plain(links[-1]["receipt_number"])
            message = _("Receipt {number} is in the receipt chain, but its record is gone.")
            problems.append(((str(links[-1]["year"]), str(number)), message.format(number=number)))
    return [message for _key, message in sorted(problems, key=lambda p: p[0])]


def _record_problem(
    book: str, record: dict[str, Any], issued: bool, links: list[Link] | None
) -> str | None:
    number = plain(record["receipt_number"])
    if not links:
        if issued:
            return _("Receipt {number} was issued but is not in the receipt chain.").format(
                number=number
            )
        return _("Receipt {number} is void but its voiding is not in the receipt chain.").format(
            number=number
        )
    chained_issue = links[0]["issued"]
    if issued and not chained_issue:
        return _("Receipt {number} was issued but is not in the receipt chain.").format(
            number=number
        )
    if chained_issue and not issued:
        return _(
            "Receipt {number} is in the receipt chain as issued, but its record says it was not "
            "issued."
        ).format(number=number)
    latest = links[-1]
    if latest["status"] == "void" and record["status"] != "void":
        return _(
            "Receipt {number} is in the receipt chain as void, but its record is not void."
        ).format(number=number)
    names = {**FIELD_LABELS, "party_id": PARTY_LABELS[book]}
    differences = [
        _("{field}: {recorded} in the record, {chained} in the chain").format(
            field=_(names[name]),
            recorded=_shown(name, record),
            chained=_shown(name, latest),
        )
        for name in CHAINED
        if plain(record[name]) != plain(latest[name])
    ]
    if not differences:
        return None
    return _("Receipt {number} differs from the receipt chain: {differences}.").format(
        number=plain(latest["receipt_number"]), differences="; ".join(differences)
    )


def _shown(name: str, values: dict[str, Any]) -> str:
    """A chained value as a treasurer reads it (an amount in units, a status by its name)."""
    value = values[name]
    if value is None:
        return "—"
    if name == "amount_minor" and isinstance(value, int) and isinstance(values["currency"], str):
        try:
            return str(from_minor(value, values["currency"]))
        except (KeyError, ValueError, InvalidOperation):
            return str(Decimal(value))
    if name == "status" and isinstance(value, str):
        return label("donation_status", value)
    return str(plain(value))
