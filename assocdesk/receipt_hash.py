"""The receipt chain's hash, version 1: pure standard library, shared by the app, the check and
the migration that chained the receipts issued before the chain existed.

Each issued receipt and each void is a link of its series (book + receipt year); a link's hash
covers the previous link's hash and the link's own fields, serialized one fixed way, so changing
any value of any link (or removing one) changes every hash after it. The serialization is frozen:
a change of format is a new version tag and a new function beside this one, never an edit, or
every chain already stored would stop verifying.

It guards against bit rot and edits made behind the app's back; it is not a signature (anyone who
knows this function can rebuild a chain), which is what Paheko's chained entries give too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

VERSION_TAG = "assocdesk-receipt-chain-v1"
GENESIS = "0" * 64  # what the first link of a series follows
BOOKS = ("donations", "dues")
EVENTS = ("issue", "void", "donor")
# The hashed fields, in the order they are listed (the serialization sorts them anyway).
FIELDS = (
    "book",
    "year",
    "position",
    "event",
    "record_id",
    "receipt_number",
    "amount_minor",
    "currency",
    "date",
    "party_id",
    "status",
)
# The chained values of a record: what a link records of it and the check compares.
CHAINED = ("receipt_number", "amount_minor", "currency", "date", "party_id", "status")


def plain(value: Any) -> Any:
    """A value as JSON writes it, the same whether it came from the ORM or a raw SQLite row.

    Dates become ISO text; a value SQLite returns with another type than the column's (after
    damage: bytes, a float) keeps a distinct form, so it can never hash like the right one.
    """
    kind = type(value)
    if kind is int or kind is str or value is None:  # nearly every value: keep this path short
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, bytes):
        return "blob:" + value.hex()
    if isinstance(value, float):
        return "real:" + repr(value)
    if isinstance(value, str):
        return str(value)  # a StrEnum's value, not its repr
    return value


def link_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash of a link that follows ``prev_hash`` and records ``fields`` (keys: FIELDS)."""
    payload = {name: plain(fields[name]) for name in FIELDS}
    text = "\n".join(
        (
            VERSION_TAG,
            str(prev_hash),
            json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_existing(
    book: str,
    records: Iterable[Mapping[str, Any]],
    tails: Mapping[int, tuple[int, str]] | None = None,
) -> list[dict[str, Any]]:
    """Links for records issued or voided before they were chained, in a fixed order.

    ``records``: mappings with ``id``, ``year`` (the receipt year), the CHAINED values,
    ``issued_at`` and ``voided_at`` (as stored: their text order is their time order).
    ``tails``: per year, the (position, hash) a series already ends with. Per series, events go
    by time, then record id, an issue before a void at the same time. Each link states the
    record's values as they are now, with the status it had after that event.
    """
    events: dict[int, list[tuple[str, int, int, str, Mapping[str, Any]]]] = {}
    for record in records:
        issued, voided = record.get("issued_at"), record.get("voided_at")
        is_void = record["status"] == "void"
        if issued is not None:
            status = "void" if is_void and voided is not None and str(voided) <= str(issued) else ""
            item = (str(issued), record["id"], 0, status or "recorded", record)
            events.setdefault(record["year"], []).append(item)
        if is_void:
            item = (str(voided or issued or ""), record["id"], 1, "void", record)
            events.setdefault(record["year"], []).append(item)
    links: list[dict[str, Any]] = []
    for year in sorted(events):
        position, prev = (tails or {}).get(year, (0, GENESIS))
        for _when, record_id, order, status, record in sorted(events[year], key=lambda e: e[:3]):
            position += 1
            fields: dict[str, Any] = {
                "book": book,
                "year": year,
                "position": position,
                "event": "issue" if order == 0 else "void",
                "record_id": record_id,
                **{name: plain(record[name]) for name in CHAINED},
                "status": status,
            }
            fields["hash"] = link_hash(prev, fields)
            fields["prev_hash"] = prev
            prev = fields["hash"]
            links.append(fields)
    return links
