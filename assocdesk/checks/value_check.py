"""Values that can only be what the app writes: a flipped bit that SQLite cannot see.

SQLite keeps no check sum of its pages, so a bit flipped on the disk inside a record reads
back as another value and passes ``integrity_check``. Where the app writes one of a few known
words (a donation's method, a status), a date or an amount, a value outside that set can only
come from damage or an edit behind the app's back: it is found here. (A flip inside free text,
a name or a note, stays invisible; a flip in the money of an issued receipt is found by its
chain, see chain_check.)
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
# Columns whose value must meet a condition ({c}: the column): a day written YYYY-MM-DD, money
# in minor units (an integer), a currency's three capital letters.
CONDITIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "date({c}) IS NOT NULL AND date({c}) = {c}",
        [("donations", "donated_on"), ("dues_payments", "paid_on")],
    ),
    ("typeof({c}) = 'integer'", [("donations", "amount_minor"), ("dues_payments", "amount_minor")]),
    ("{c} GLOB '[A-Z][A-Z][A-Z]'", [("donations", "currency"), ("dues_payments", "currency")]),
]
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
        marks = ",".join("?" * len(words))
        query = f'SELECT id, "{column}" FROM "{table}" WHERE "{column}" NOT IN ({marks})'
        rows = context.connection.execute(query, sorted(words)).fetchall()
        findings.extend(_findings(table, column, rows))
    for condition, columns in CONDITIONS:
        for table, column in columns:
            if present(table, column):
                test = condition.format(c=f'"{column}"')
                query = f'SELECT id, "{column}" FROM "{table}" WHERE NOT ({test})'
                findings.extend(_findings(table, column, context.connection.execute(query)))
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
