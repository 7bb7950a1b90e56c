"""The import preview shows each kind's typed values (issue 19): a gift's donor, date, amount,
method and campaign, an activity's title and place, and a bad row as it was read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assocdesk import labels
from assocdesk.i18n import _
from assocdesk.text.locales import format_date
from assocdesk.text.money import format_money

TIMEOUT_MS = 60_000

GIFTS_CSV = (
    "Nom;Date du don;Montant;Mode de paiement;Campagne\n"
    "Amina Tazi;2025-01-02;150,50;Virement;Hiver\n"
    "Anonyme;2025-01-03;20;;\n"
    "Karim Alami;2025-01-04;beaucoup;;\n"
)
ACTIVITIES_CSV = "Titre;Date;Lieu;Type\nCollecte;2025-01-02;Rabat;\nSans date;;Salé;\n"


def text(item) -> str:
    return item.text().strip("\u2066\u2068\u2069") if item is not None else ""


def _preview(qtbot, desk, tmp_path: Path, page_name: str, content: str):
    page = desk.window.show_page(page_name)
    wizard = page.open_import()
    path = tmp_path / f"{page_name}.csv"
    path.write_text(content, encoding="utf-8")
    wizard.file_page.set_path(path)
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=TIMEOUT_MS)
    rows = [
        [text(preview.rows.item(r, c)) for c in range(2, preview.rows.columnCount())]
        for r in range(preview.rows.rowCount())
    ]
    return wizard, preview, rows


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_the_preview_of_donations_shows_each_gift(qtbot, desk, tmp_path: Path) -> None:
    wizard, preview, rows = _preview(qtbot, desk, tmp_path, "donations", GIFTS_CSV)
    locale = desk.context.locale
    assert rows == [
        [
            "Amina Tazi",
            format_date(date(2025, 1, 2), locale),
            format_money(15050, "MAD", locale),
            labels.label("donation_method", "transfer"),
            "Hiver",
        ],
        [
            _("Anonymous donor"),
            format_date(date(2025, 1, 3), locale),
            format_money(2000, "MAD", locale),
            labels.label("donation_method", "cash"),
            "",
        ],
        ["Karim Alami", "", "", "", ""],  # a bad row: its donor as read
    ]
    assert text(preview.rows.item(2, 1)) == _("Problem: not imported")
    preview.grab().save(str(tmp_path / "import_preview_donations.png"))
    wizard.reject()


@pytest.mark.parametrize("desk", ["ar", "fr"], indirect=True)
def test_the_preview_of_activities_shows_a_bad_row_as_read(qtbot, desk, tmp_path: Path) -> None:
    wizard, preview, rows = _preview(qtbot, desk, tmp_path, "activities", ACTIVITIES_CSV)
    locale = desk.context.locale
    assert rows[0][:3] == ["Collecte", format_date(date(2025, 1, 2), locale), "Rabat"]
    assert rows[0][3:] == [labels.label("activity_type", "other"), "0"]
    assert rows[1] == ["Sans date", "", "Salé", "", ""]
    assert text(preview.rows.item(1, 1)) == _("Problem: not imported")
    preview.grab().save(str(tmp_path / "import_preview_activities.png"))
    wizard.reject()
