"""The donations summary for the board: its figures (summary_data) and its PDF in ar, fr, en.

Figures are checked on hand-made donations, where the right answer is known; the PDF on the
demo association, by extracting its text with pypdf. For Arabic, pypdf's default extraction
undoes right-to-left runs (it returns shaped letters in logical order), so the visual order the
PDF really draws is checked with its "layout" mode, which keeps glyphs in drawing order.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from assocdesk import demo
from assocdesk.models import DonationMethod
from assocdesk.reports.bidi_text import shape, visual
from assocdesk.reports.layout import Setup
from assocdesk.reports.summary import SummaryData, render_summary, summary_data
from assocdesk.reports.summary_chart import BAR_COLOR, monthly_chart
from assocdesk.services import association, campaigns, contacts, donations
from assocdesk.services.association import ProfileInput
from assocdesk.services.donations import DonationInput
from assocdesk.services.errors import ValidationError
from assocdesk.storage.engine import Database
from assocdesk.storage.opening import open_database
from assocdesk.text.locales import format_long_date_legal

TODAY = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(donations, "_today", lambda: TODAY)


# -- hand-made donations --------------------------------------------------------------------


class Book:
    """Records donations the way the app does (through the services) in a fresh database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as session:
            association.save(
                session,
                ProfileInput(name_fr="Association Test", country="MA", default_currency="MAD"),
            )

    def donor(self, name: str) -> int:
        with self.db.transaction() as session:
            contact = contacts.create(session, contacts.ContactInput(name=name))
            session.flush()
            return contact.id

    def campaign(self, name: str) -> int:
        with self.db.transaction() as session:
            campaign = campaigns.create(session, campaigns.CampaignInput(name=name, currency="MAD"))
            session.flush()
            return campaign.id

    def give(
        self,
        amount: str,
        on: date,
        donor: int | None = None,
        *,
        currency: str = "MAD",
        method: str = DonationMethod.CASH,
        what: str = "",
        campaign: int | None = None,
        void: bool = False,
    ) -> int:
        with self.db.transaction() as session:
            donation = donations.record(
                session,
                DonationInput(
                    amount=amount,
                    currency=currency,
                    donated_on=on,
                    contact_id=donor,
                    anonymous=donor is None,
                    method=method,
                    in_kind_description=what,
                    campaign_id=campaign,
                ),
            )
            session.flush()
            if void:
                donations.void(session, donation.id, "Typing error")
            return donation.id

    def summary(self, start: date, end: date) -> SummaryData:
        with self.db.reading() as session:
            return summary_data(session, start, end)


@pytest.fixture
def book(db: Database) -> Book:
    return Book(db)


YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def test_voided_donations_are_excluded_and_counted_apart(book: Book) -> None:
    karim = book.donor("Karim Ouazzani")
    book.give("500", date(2025, 3, 2), karim)
    book.give("1200", date(2025, 3, 5), karim, void=True)
    book.give("300", date(2025, 4, 1), book.donor("Leila Tazi"), void=True)
    data = book.summary(*YEAR)
    assert data.totals == {"MAD": 50_000}
    assert data.money_count == 1
    assert data.donor_count == 1  # Leila's only gift was voided: she is no donor this year
    assert [(d.name, d.total_minor) for d in data.top_donors] == [("Karim Ouazzani", 50_000)]
    assert data.voided_count == 2 and data.voided_totals == {"MAD": 150_000}
    assert data.months[2].totals == {"MAD": 50_000} and data.months[3].count == 0


def test_in_kind_gifts_are_reported_apart_from_money(book: Book) -> None:
    company = book.donor("Société Atlas")
    book.give("1000", date(2025, 5, 1), company)
    book.give(
        "2500", date(2025, 5, 2), company, method=DonationMethod.IN_KIND, what="50 food baskets"
    )
    book.give("2500", date(2025, 6, 2), None, method=DonationMethod.IN_KIND, what="50 food baskets")
    book.give("800", date(2025, 6, 3), company, method=DonationMethod.IN_KIND, what="Blankets")
    data = book.summary(*YEAR)
    assert data.totals == {"MAD": 100_000} and data.money_count == 1
    assert sum(m.count for m in data.months) == 1
    assert [m.method for m in data.methods] == ["cash"]
    assert data.top_donors[0].total_minor == 100_000
    assert data.in_kind_count == 3 and data.in_kind_totals == {"MAD": 580_000}
    assert [(i.description, i.count, i.value_minor) for i in data.in_kind_items] == [
        ("50 food baskets", 2, 500_000),
        ("Blankets", 1, 80_000),
    ]
    assert data.donor_count == 1 and data.anonymous_count == 1  # gifts in kind have givers too
    assert data.anonymous_money_count == 0


def test_every_month_of_the_period_is_listed_zeros_included(book: Book) -> None:
    donor = book.donor("Omar Belkacem")
    book.give("100", date(2025, 11, 20), donor)
    book.give("250", date(2026, 2, 3), donor)
    data = book.summary(date(2025, 11, 15), date(2026, 3, 10))
    assert [m.month for m in data.months] == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert data.main_monthly_totals() == [10_000, 0, 0, 25_000, 0]
    assert [m.count for m in data.months] == [1, 0, 0, 1, 0]
    assert data.months[1].totals == {}


def test_currencies_are_never_added_together(book: Book) -> None:
    donor = book.donor("Fondation Zakoura")
    book.give("1000", date(2025, 1, 10), donor)
    book.give("300", date(2025, 1, 11), donor, currency="EUR")
    book.give("5000", date(2025, 2, 1), None, currency="DZD")
    data = book.summary(*YEAR)
    assert data.totals == {"MAD": 100_000, "EUR": 30_000, "DZD": 500_000}
    assert data.currencies == ("MAD", "DZD", "EUR")  # the main one first
    assert data.months[0].totals == {"MAD": 100_000, "EUR": 30_000}
    assert data.main_monthly_totals()[:2] == [100_000, 0]  # the chart: main currency only
    # The ranking is in the main currency only: the euros do not add to the dirhams.
    assert [(d.count, d.total_minor) for d in data.top_donors] == [(1, 100_000)]
    assert data.methods[0].totals == {"MAD": 100_000, "EUR": 30_000, "DZD": 500_000}


def test_anonymous_gifts_are_counted_apart_and_never_ranked(book: Book) -> None:
    named = book.donor("Hamza Tazi")
    book.give("100", date(2025, 7, 1), named)
    for day in (2, 3, 4):
        book.give("5000", date(2025, 7, day))
    data = book.summary(*YEAR)
    assert data.donor_count == 1
    assert data.anonymous_count == 3 and data.anonymous_money_count == 3
    assert data.anonymous_totals == {"MAD": 1_500_000}
    assert [d.name for d in data.top_donors] == ["Hamza Tazi"]  # though anonymous gave more
    assert data.totals == {"MAD": 1_510_000}


def test_period_boundaries_are_inclusive(book: Book) -> None:
    donor = book.donor("Salma Amrani")
    for day, amount in (
        (date(2025, 3, 31), "1"),
        (date(2025, 4, 1), "10"),
        (date(2025, 4, 30), "100"),
        (date(2025, 5, 1), "1000"),
    ):
        book.give(amount, day, donor)
    data = book.summary(date(2025, 4, 1), date(2025, 4, 30))
    assert data.totals == {"MAD": 11_000} and data.money_count == 2
    one_day = book.summary(date(2025, 4, 30), date(2025, 4, 30))
    assert one_day.totals == {"MAD": 10_000} and len(one_day.months) == 1


def test_an_end_before_the_start_is_refused(book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        book.summary(date(2025, 5, 1), date(2025, 4, 30))
    assert caught.value.field == "date_to"


def test_top_donors_are_ten_ranked_by_total_then_name(book: Book) -> None:
    for n in range(12):
        book.give(str(100 * (n // 2 + 1)), date(2025, 8, 1), book.donor(f"Donor {n:02d}"))
    ranked = book.summary(*YEAR).top_donors
    assert len(ranked) == 10
    assert [d.name for d in ranked[:4]] == ["Donor 10", "Donor 11", "Donor 08", "Donor 09"]
    assert [d.total_minor for d in ranked] == sorted((d.total_minor for d in ranked), reverse=True)


def test_campaigns_biggest_first_and_no_campaign_last(book: Book) -> None:
    small, big = book.campaign("Hiver chaud 2025"), book.campaign("Ramadan 2025")
    donor = book.donor("Nadia Haddad")
    book.give("50", date(2025, 1, 5), donor, campaign=small)
    book.give("9000", date(2025, 3, 5), donor)
    book.give("700", date(2025, 3, 6), donor, campaign=big)
    data = book.summary(*YEAR)
    assert [(c.name, c.totals) for c in data.campaigns] == [
        ("Ramadan 2025", {"MAD": 70_000}),
        ("Hiver chaud 2025", {"MAD": 5_000}),
        ("", {"MAD": 900_000}),
    ]
    assert data.campaigns[-1].campaign_id is None


def test_the_chart_has_one_bar_per_month(book: Book) -> None:
    donor = book.donor("Driss Kadiri")
    for month in (11, 12, 1, 2, 3, 4):
        book.give(str(100 * month), date(2024 if month > 10 else 2025, month, 14), donor)
    book.give("300", date(2025, 1, 15), donor, currency="EUR")  # not drawn: not the main one
    data = book.summary(date(2024, 11, 1), date(2025, 4, 30))
    with book.db.reading() as session:
        setup = Setup.for_language("ar", association.get(session))
    drawing = monthly_chart(setup, data)
    heights = _bar_heights(drawing)[::-1]  # Arabic: time runs from right to left
    assert len(heights) == len(data.months) == 6
    # 1 100, 1 200, 100, 200, 300, 400 MAD from November at the right; the euros are left out.
    assert heights[1] == max(heights)
    assert heights[2] == pytest.approx(heights[1] / 12)
    assert heights[2] < heights[3] < heights[4] < heights[5] < heights[0]
    chart = drawing.contents[0]
    labels = chart.categoryAxis.categoryNames
    assert len(labels) == 6 and chart.categoryAxis.reverseDirection
    assert labels[0] == f"{visual('نونبر')}\n2024" and labels[2] == f"{visual('يناير')}\n2025"
    assert labels[1] == visual("دجنبر")  # the year only under the first month and January
    # The value axis stands at the right, beside November (regression: it was at the left).
    assert chart.valueAxis.joinAxisMode == "right"
    french = monthly_chart(Setup.for_language("fr", setup_profile(book)), data)
    assert _bar_heights(french) == heights  # left to right in French
    assert not french.contents[0].categoryAxis.reverseDirection


def test_chart_amounts_have_two_decimals(book: Book) -> None:
    """Regression: a bar of 2 750,50 MAD was labelled «2.750,5»."""
    donor = book.donor("Driss Kadiri")
    book.give("2750.50", date(2025, 1, 14), donor)
    book.give("1200", date(2025, 2, 14), donor)
    data = book.summary(date(2025, 1, 1), date(2025, 2, 28))
    for language, first, second in (
        ("ar", "2.750,50", "1.200,00"),
        ("fr", "2\u202f750,50", "1\u202f200,00"),
        ("en", "2,750.50", "1,200.00"),
    ):
        chart = monthly_chart(Setup.for_language(language, setup_profile(book)), data)
        bar_label = chart.contents[0].barLabelFormat
        assert bar_label(2750.5) == first and bar_label(1200.0) == second


def setup_profile(book: Book) -> object:
    with book.db.reading() as session:
        profile = association.get(session)
        session.expunge(profile)
        return profile


def test_a_month_without_gifts_keeps_its_place_with_no_bar(book: Book) -> None:
    book.give("100", date(2025, 2, 14), book.donor("Driss Kadiri"))
    data = book.summary(date(2025, 1, 1), date(2025, 3, 31))
    with book.db.reading() as session:
        setup = Setup.for_language("fr", association.get(session))
    drawing = monthly_chart(setup, data)
    assert len(_bar_heights(drawing)) == 1  # a zero draws nothing …
    assert len(drawing.contents[0].categoryAxis.categoryNames) == 3  # … but keeps its slot


def _bar_heights(drawing: object) -> list[float]:
    """Heights of the bars, left to right."""
    bars = [
        s
        for s in _shapes(drawing.expandUserNodes())  # type: ignore[attr-defined]
        if getattr(s, "fillColor", None) == BAR_COLOR
    ]
    return [bar.height for bar in sorted(bars, key=lambda bar: bar.x)]


def _shapes(group: object) -> Iterator[object]:
    for item in getattr(group, "contents", ()):
        yield item
        yield from _shapes(item)


def test_an_empty_period_still_renders(book: Book, tmp_path: Path) -> None:
    with book.db.reading() as session:
        pdf = render_summary(session, date(2020, 1, 1), date(2020, 3, 31), language="en")
    text = _flat(_text(pdf))
    assert "No in-kind donation over this period." in text
    assert "No named donor gave money in MAD over this period." in text


# -- the PDF of the demo association --------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("summary") / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    demo.fill(database, "small")
    yield database
    database.close()


def _period() -> tuple[date, date]:
    """The demo's last full year (its data runs up to its reference day)."""
    year = demo.reference_date().year - 1
    return date(year, 1, 1), date(year, 12, 31)


def _text(pdf: bytes, *, layout: bool = False) -> str:
    """All pages' text, every run of spaces (narrow, no-break) made one plain space."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    mode = "layout" if layout else "plain"
    text = "\n".join(page.extract_text(extraction_mode=mode) for page in pages)
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_demo_summary_states_its_figures(
    demo_db: Database, language: str, tmp_path: Path
) -> None:
    start, end = _period()
    with demo_db.reading() as session:
        data = summary_data(session, start, end)
        setup = Setup.for_language(language, association.get(session))
        pdf = render_summary(session, start, end, language=language)
    assert data.money_count > 50 and data.voided_count > 0 and data.in_kind_count > 0
    rtl = language == "ar"
    text = _flat(_text(pdf, layout=rtl))

    def shown(value: str) -> str:
        return _flat(visual(value) if rtl else value)

    period = setup.t("From {start} to {end}").format(
        start=format_long_date_legal(start, setup.locale),
        end=format_long_date_legal(end, setup.locale),
    )
    assert shown(period) in text
    assert shown(setup.money(data.totals["MAD"], "MAD")) in text
    assert shown(setup.money(data.totals["DZD"], "DZD")) in text  # never added to the MAD
    assert shown(setup.t("Donors")) in text
    assert f" {data.donor_count} " in text and f" {data.voided_count} " in text
    assert shown(data.top_donors[0].name) in text
    voided = setup.t("{count} (total {amount})").format(
        count=data.voided_count, amount=setup.money(data.voided_totals["MAD"], "MAD")
    )
    assert shown(voided) in text
    expected_total = {"ar": "د.م.", "fr": ",", "en": "MAD"}[language]
    assert expected_total in setup.money(data.totals["MAD"], "MAD")
    for page in range(len(pypdfium2.PdfDocument(pdf))):  # what a person would look at
        image = pypdfium2.PdfDocument(pdf)[page].render(scale=1).to_pil()
        image.save(tmp_path / f"summary_{language}_p{page + 1}.png")


def test_the_arabic_summary_is_shaped_and_right_to_left(demo_db: Database) -> None:
    start, end = _period()
    with demo_db.reading() as session:
        pdf = render_summary(session, start, end, language="ar")
    drawn = _flat(_text(pdf, layout=True))
    assert re.search("[\ufe70-\ufeff]", drawn), "Arabic is drawn in joined presentation forms"
    assert visual("ملخص التبرعات") in drawn  # drawing order: right to left
    assert visual("التبرعات الملغاة (غير محتسبة)") in drawn
    assert visual("بدون حملة") in drawn
    # pypdf's plain mode reverses right-to-left runs back into reading order.
    assert shape("ملخص التبرعات") in _flat(_text(pdf))


def test_the_french_summary_is_titled_in_french(demo_db: Database) -> None:
    start, end = _period()
    with demo_db.reading() as session:
        text = _flat(_text(render_summary(session, start, end, language="fr")))
    assert "Synthèse des dons" in text
    assert "Sans campagne" in text and "Espèces" in text  # method labels from labels.py


def test_the_language_defaults_to_the_associations(demo_db: Database) -> None:
    start, end = _period()
    with demo_db.reading() as session:
        assert association.get(session).default_language == "ar"
        pdf = render_summary(session, start, end)
    assert visual("ملخص التبرعات") in _flat(_text(pdf, layout=True))
