"""Values that can only be what the app writes: a flipped bit that SQLite cannot see.

SQLite keeps no check sum of its pages, so a bit flipped on the disk inside a record reads
back as another value and passes ``integrity_check``. Where the app writes one of a few known
words (a donation's method, a status), a date or an amount, a value outside that set can only
come from damage or an edit behind the app's back: it is found here. (A flip inside free text,
a name or a note, stays invisible; a flip in the money of an issued receipt is found by its
chain, see chain_check.)

On PostgreSQL a column's type is enforced by the server (a date column holds dates, an integer
column integers), so only the words and the currency's letters are looked at there.
"""

from __future__ import annotations

from assocdesk.checks.findings import ERROR, CheckContext, Finding
from assocdesk.i18n import _
from assocdesk.models import ActivityStatus, ContactKind, DonationMethod, DonationStatus
from assocdesk.models.activity import ActivityType
from assocdesk.models.membership import DuesPaymentStatus
from assocdesk.services.donations import GIFT_FORMS

# (table, column) → the words the app writes there.
KNOWN_WORDS: dict[tuple[str, str], frozenset[str]] = {
    ("donations", "method"): frozenset(DonationMethod),
    ("donations", "status"): frozenset(DonationStatus),
    ("donations", "gift_form"): frozenset(GIFT_FORMS),
    ("dues_payments", "method"): frozenset(DonationMethod),
    ("dues_payments", "status"): frozenset(DuesPaymentStatus),
    ("contacts", "kind"): frozenset(ContactKind),
    ("activities", "status"): frozenset(ActivityStatus),
    ("activities", "type"): frozenset(ActivityType),
}
DATES = [("donations", "donated_on"), ("dues_payments", "paid_on")]
MONEY = [("donations", "amount_minor"), ("dues_payments", "amount_minor")]
CURRENCIES = [("donations", "currency"), ("dues_payments", "currency")]
# Per dialect, columns whose value must meet a condition ({c}: the column): a day written
# YYYY-MM-DD, money in minor units (an integer), a currency's three capital letters.
CONDITIONS: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {
    "sqlite": [
        ("date({c}) IS NOT NULL AND date({c}) = {c}", DATES),
        ("typeof({c}) = 'integer'", MONEY),
        ("{c} GLOB '[A-Z][A-Z][A-Z]'", CURRENCIES),
    ],
    "postgresql": [("{c} ~ '^[A-Z]{{3}}$'", CURRENCIES)],
}
SHOWN = 5  # rows named per finding; the count says the rest


def check_values(context: CheckContext) -> list[Finding]:
    """Each known column holds only what the app can write there."""
    tables = context.tables()
    findings: list[Finding] = []

    def present(table: str, column: str) -> bool:
        return table in tables and column in context.columns(table)

    for (table, column), words in KNOWN_WORDS.items():
        if not present(table, column):
            continue
        marks = ", ".join(f":w{n}" for n in range(len(words)))
        query = (
            f'SELECT id, "{column}" FROM "{table}" WHERE "{column}" NOT IN ({marks}) ORDER BY id'
        )
        words_given = {f"w{n}": word for n, word in enumerate(sorted(words))}
        findings.extend(_findings(table, column, context.rows(query, **words_given)))
    for condition, columns in CONDITIONS.get(context.dialect, []):
        for table, column in columns:
            if present(table, column):
                test = condition.format(c=f'"{column}"')
                query = f'SELECT id, "{column}" FROM "{table}" WHERE NOT ({test}) ORDER BY id'
                findings.extend(_findings(table, column, context.rows(query)))
    return findings


def _findings(table: str, column: str, rows: object) -> list[Finding]:
    found = list(rows)  # type: ignore[call-overload]
    if not found:
        return []
    shown = "; ".join(f"{row_id}: {value!r}" for row_id, value in found[:SHOWN])
    if len(found) > SHOWN:
        shown += f"; … (+{len(found) - SHOWN})"
    return [
        Finding(
            "values",
            ERROR,
            _(
                "{table}.{column} holds values the app never writes (damage on the disk, or an "
                "edit made outside AssocDesk), row: value {rows}."
            ).format(table=table, column=column, rows=shown),
        )
    ]
