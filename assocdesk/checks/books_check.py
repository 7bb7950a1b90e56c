"""`check`: the receipt books, per book and year: numbers 1…N each used once, and the counter
where the next number starts (a counter behind the numbers would hand out one twice).

Plain SQL that runs on the SQLite file and on a server alike.
"""

from __future__ import annotations

from collections import Counter

from assocdesk.checks.findings import ERROR, CheckContext, Finding
from assocdesk.i18n import N_, _

# The receipt books: (records table, counters table, how a finding names the book).
RECEIPT_BOOKS = [
    ("donations", "receipt_counters", N_("Receipts of {year}")),
    ("dues_payments", "dues_receipt_counters", N_("Dues receipts of {year}")),
]


def check_receipts(context: CheckContext) -> list[Finding]:
    """Per book and year: numbers 1…N each used once, and the counter where the next starts."""
    findings = []
    for records, counters_table, label in RECEIPT_BOOKS:
        if {records, counters_table} <= context.tables():
            findings.extend(_check_book(context, records, counters_table, label))
    return findings


def _check_book(
    context: CheckContext, records: str, counters_table: str, label: str
) -> list[Finding]:
    findings = []
    counters = dict(context.rows(f'SELECT year, last_number FROM "{counters_table}"'))
    years = {row[0] for row in context.rows(f'SELECT DISTINCT receipt_year FROM "{records}"')}
    for year in sorted(years | set(counters)):
        book = _(label).format(year=year)
        numbers = [
            row[0]
            for row in context.rows(
                f'SELECT receipt_seq FROM "{records}" WHERE receipt_year = :year '
                "ORDER BY receipt_seq",
                year=year,
            )
        ]
        used = set(numbers)
        duplicates = sorted(n for n, times in Counter(numbers).items() if times > 1)
        if duplicates:
            findings.append(
                Finding(
                    "receipts",
                    ERROR,
                    _("{book}: numbers used twice: {numbers}.").format(
                        book=book, numbers=_listing(duplicates)
                    ),
                )
            )
        last = max(used, default=0)
        counter = counters.get(year, 0)
        missing = sorted(set(range(1, max(last, counter) + 1)) - used)
        if missing:
            findings.append(
                Finding(
                    "receipts",
                    ERROR,
                    _("{book}: numbers missing: {numbers}.").format(
                        book=book, numbers=_listing(missing)
                    ),
                )
            )
        if counter < last:
            findings.append(
                Finding(
                    "receipts",
                    ERROR,
                    _(
                        "{book}: the counter is at {counter} but number {last} is used; the "
                        "next receipt would take a number twice."
                    ).format(book=book, counter=counter, last=last),
                )
            )
    return findings


def _listing(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f", … (+{len(numbers) - limit})" if len(numbers) > limit else "")
