"""Dues: status across years and categories, the receipt sequence, voiding, the late list and
the reminders (consent respected), fees, and the rules that refuse a wrong payment."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from assocdesk.models import DuesPayment, DuesReceiptCounter
from assocdesk.services import dues, dues_reminders, dues_status, members
from assocdesk.services.common import ListQuery
from assocdesk.services.dues import PaymentInput
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database
from tests.core.dues_helpers import add_member, fill_club, pay, set_fee


def statuses(db: Database, year: int) -> dict[int, str]:
    with db.reading() as s:
        ids = [m.id for m in members.list_members(s, ListQuery(include_archived=True)).rows]
        return {k: v.status for k, v in dues_status.statuses(s, year, ids).items()}


def test_status_across_years_and_categories(db: Database) -> None:
    club = fill_club(db)
    s2025 = statuses(db, 2025)
    assert s2025[club.full] == "up_to_date"
    assert s2025[club.partial] == "late"  # paid 200 of 500
    assert s2025[club.lapsed] == "late"  # paid 2024, not 2025
    assert s2025[club.never] == "never_paid"
    assert s2025[club.honorary] == "not_due"  # no fee for the category
    assert s2025[club.newcomer] == "never_paid"  # joined mid-year: owes the year
    assert s2025[club.later] == "not_due"  # joined after the year
    assert s2025[club.left_2024] == "not_due"  # left before the year
    assert s2025[club.left_2025] == "not_due"  # left during the year, nothing chased
    s2024 = statuses(db, 2024)
    assert s2024[club.lapsed] == "up_to_date"
    assert s2024[club.partial] == "not_due"  # Bienfaiteur had no fee in 2024
    assert s2024[club.newcomer] == "not_due"
    assert s2024[club.left_2024] == "not_due"  # left during 2024 without paying: not chased
    assert s2024[club.left_2025] == "never_paid"  # a member all through 2024
    assert set(statuses(db, 2026).values()) == {"not_due"}  # no fee set for 2026 yet
    with db.reading() as s:
        partial = dues_status.status_of(s, club.partial, 2025)
        assert (partial.fee_minor, partial.paid_minor, partial.due_minor) == (50000, 20000, 30000)
        assert dues_status.counts(s, 2025) == {
            "up_to_date": 1, "late": 2, "never_paid": 2, "not_due": 4,
        }  # fmt: skip


def test_members_list_filters_and_sorts_by_status_in_sql(db: Database) -> None:
    club = fill_club(db)
    with db.reading() as s:
        late = members.ids(s, ListQuery(), members.DuesView(2025, "late"))
        assert sorted(late) == sorted([club.partial, club.lapsed])
        up = members.ids(s, ListQuery(), members.DuesView(2025, "up_to_date"))
        assert list(up) == [club.full]
        everyone = members.ids(s, ListQuery(sort="dues"), members.DuesView(2025))
        assert len(everyone) == 9
        rows = members.rows(s, [club.never, club.full], 2025)
        assert [r.dues_status for r in rows] == ["never_paid", "up_to_date"]


def test_paying_the_rest_and_voiding_move_the_status(db: Database, audit_events) -> None:
    club = fill_club(db)
    rest = pay(db, club.partial, 2025, "300")
    assert statuses(db, 2025)[club.partial] == "up_to_date"
    with db.transaction() as s:
        dues.void(s, rest, "Chèque sans provision")
    assert statuses(db, 2025)[club.partial] == "late"
    with db.reading() as s:
        payment = s.get(DuesPayment, rest)
        assert payment.status == "void" and payment.void_reason == "Chèque sans provision"
        actions = [a for a, _changes in audit_events(s, "dues_payments", rest)]
        assert actions == ["create", "void"]
    with pytest.raises(ValidationError), db.transaction() as s:
        dues.void(s, rest, "again")
    # A voided first payment: the member is back to "never paid".
    with db.transaction() as s:
        first = dues.payments_of(s, club.full)[0].id
        dues.void(s, first, "Saisie en double")
    assert statuses(db, 2025)[club.full] == "never_paid"


def test_receipt_numbers_are_gapless_per_year_and_never_reused(db: Database) -> None:
    club = fill_club(db)  # three payments: two in 2025, one in 2024
    a = pay(db, club.never, 2025, "50", date(2025, 4, 1))
    with pytest.raises(ValidationError), db.transaction() as s:
        dues.record(s, PaymentInput(club.never, 2025, "500", "MAD", date(2025, 4, 2)))
    with db.transaction() as s:
        dues.void(s, a, "Erreur")
    b = pay(db, club.never, 2025, "50", date(2025, 4, 3))
    with db.reading() as s:
        numbers = {
            p.id: p.receipt_number for p in s.scalars(select(DuesPayment).order_by(DuesPayment.id))
        }
        assert sorted(numbers.values()) == [
            "AML-C-2024-0001", "AML-C-2025-0001", "AML-C-2025-0002",
            "AML-C-2025-0003", "AML-C-2025-0004",
        ]  # fmt: skip
        assert numbers[a] == "AML-C-2025-0003" and numbers[b] == "AML-C-2025-0004"
        assert s.get(DuesReceiptCounter, 2025).last_number == 4


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        ("amount", PaymentInput(None, 2025, "600", "MAD", date(2025, 2, 1)), "still due"),
        ("currency", PaymentInput(None, 2025, "100", "EUR", date(2025, 2, 1)), "set in MAD"),
        ("period_year", PaymentInput(None, 2023, "100", "MAD", date(2025, 2, 1)), "No dues"),
        ("period_year", PaymentInput(None, 2019, "100", "MAD", date(2025, 2, 1)), "not a member"),
        ("paid_on", PaymentInput(None, 2025, "100", "MAD", date(2199, 1, 1)), "future"),
        ("amount", PaymentInput(None, 2025, "-5", "MAD", date(2025, 2, 1)), "more than zero"),
    ],
)
def test_wrong_payments_are_refused_beside_their_field(
    db: Database, field: str, data: PaymentInput, message: str
) -> None:
    club = fill_club(db)
    data.membership_id = club.partial
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        dues.record(s, data)
    assert message in refused.value.errors[field]


def test_a_year_paid_in_full_refuses_another_payment(db: Database) -> None:
    club = fill_club(db)
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        dues.record(s, PaymentInput(club.full, 2025, "10", "MAD", date(2025, 5, 1)))
    assert "already paid in full" in refused.value.errors["amount"]


def test_issued_receipt_freezes_what_it_states(db: Database, audit_events) -> None:
    club = fill_club(db)
    payment_id = pay(db, club.never, 2025, "100")
    with db.transaction() as s:
        assert not dues.mark_printed(s, payment_id).duplicate
        assert dues.mark_printed(s, payment_id).duplicate
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        dues.update(s, payment_id, PaymentInput(club.never, 2025, "90", "MAD", date(2025, 2, 10)))
    assert "already given" in refused.value.errors["amount"]
    with db.transaction() as s:
        data = PaymentInput(club.never, 2025, "100", "MAD", date(2025, 2, 10), "cheque", "n° 12")
        dues.update(s, payment_id, data)
    with db.reading() as s:
        assert s.get(DuesPayment, payment_id).method == "cheque"
        actions = [a for a, _c in audit_events(s, "dues_payments", payment_id)]
        assert actions == ["create", "print", "print", "update"]


def test_fee_schedule_set_change_copy_remove(db: Database, audit_events) -> None:
    fill_club(db)
    set_fee(db, "Actif", 2025, "120")
    with db.transaction() as s:
        assert dues.copy_fees(s, 2025, 2026) == 2  # Actif and Bienfaiteur
        assert dues.copy_fees(s, 2025, 2026) == 0
    with db.reading() as s:
        fees = {(f.category, f.year): f.amount_minor for f in dues.fees(s)}
        assert fees[("Actif", 2025)] == 12000 and fees[("Actif", 2026)] == 12000
        fee_id = dues.fee_for(s, "Actif", 2026).id
    with db.transaction() as s:
        dues.remove_fee(s, fee_id)
    with db.reading() as s:
        assert dues.fee_for(s, "Actif", 2026) is None
        assert [a for a, _c in audit_events(s, "dues_fees", fee_id)] == ["create", "delete"]
    with pytest.raises(ValidationError) as refused, db.transaction() as s:
        dues.set_fee(s, category="Actif", year=20250, amount="0", currency="XXX1")
    assert set(refused.value.errors) == {"year", "amount", "currency"}


def test_late_list_and_reminders_respect_consent(db: Database) -> None:
    club = fill_club(db)
    with db.transaction() as s:
        members.set_archived(s, club.lapsed)  # archived people are not chased
    with db.reading() as s:
        late = dues_status.late_members(s, 2025)
        texts = dues_reminders.reminders(s, late, 2025)
    assert [m.membership_id for m in late] == [club.partial, club.never, club.newcomer]
    by_id = {m.membership_id: m for m in late}
    assert by_id[club.never].not_contacted_because == "Has not agreed to be contacted"
    assert texts[club.never] is None
    arabic = texts[club.partial]
    assert arabic is not None and arabic.startswith("السلام عليكم سعاد المرابط")
    assert "300\xa0د.م." in arabic and "500\xa0د.م. يمكنكم" in arabic  # one full stop
    assert "جمعية الأمل" in arabic
    english = texts[club.newcomer]
    assert english is not None and english.startswith("Hello Emma Martin, this is Al Amal")
    for text in (arabic, english):
        assert not any(ch in text for ch in "\u200e\u200f\u202a\u202b\u202c\u061c\u202f")


def test_reminder_without_phone_is_not_offered(db: Database) -> None:
    fill_club(db)
    member = add_member(db, "Sans Téléphone", "0100", category="Actif", consent_contact=True)
    with db.reading() as s:
        late = {m.membership_id: m for m in dues_status.late_members(s, 2025)}
    assert late[member].not_contacted_because == "No phone number"
    assert dues_reminders.reminder_text(late[member], 2025, "X") is None


def test_partial_amounts_keep_their_decimals_in_reminders() -> None:
    member = dues_status.LateMember(
        1, 1, "1", "Nadia", "Actif", "06", "fr", "late", 10000, 4950, 5050, "MAD", True, ""
    )
    text = dues_reminders.reminder_text(member, 2025, "Al Amal", "MA")
    assert text is not None and "50,50\xa0MAD" in text and "100\xa0MAD" in text
