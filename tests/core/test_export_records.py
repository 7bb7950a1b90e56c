"""Export of every record type, and "Export everything" in one workbook."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assocdesk.services import activities, campaigns, contacts, members, volunteers
from assocdesk.spreadsheets.export_records import EXPORT_KINDS, export_everything, export_kind
from assocdesk.spreadsheets.tabular import ExportCancelled, UnsupportedFormat
from assocdesk.storage.engine import Database


@pytest.fixture
def filled(db: Database) -> Database:
    with db.transaction() as s:
        members.create(
            s,
            members.MemberInput(
                contact=contacts.ContactInput(name='=HYPERLINK("http://x")', phone="+212 6 12"),
                number="7",
                category="Actif",
                joined_on=date(2024, 2, 1),
            ),
        )
        volunteers.create(
            s,
            volunteers.VolunteerInput(
                contact=contacts.ContactInput(name="سارة"),
                skills=["طبخ", "إسعاف"],
                availability=volunteers.Availability(frozenset({(5, 0)})),
            ),
        )
        campaign = campaigns.create(
            s, campaigns.CampaignInput(name="رمضان", currency="MAD", goal="5000")
        )
        s.flush()
        activities.create(
            s,
            activities.ActivityInput(
                title="قفة رمضان",
                starts_at=datetime(2025, 3, 1, 9),
                currency="MAD",
                cost="1500.5",
                campaign_id=campaign.id,
            ),
        )
    return db


def test_every_kind_to_csv_with_bom_and_neutralized_formulas(
    filled: Database, tmp_path: Path
) -> None:
    for kind in EXPORT_KINDS:
        with filled.reading() as s:
            export_kind(s, kind, tmp_path / f"{kind}.csv", language="ar")
    with (tmp_path / "members.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:4] == ["7", '\'=HYPERLINK("http://x")', "Actif", "2024-02-01"]
    assert rows[1][5] == "'+212 6 12"
    with (tmp_path / "volunteers.csv").open(encoding="utf-8-sig", newline="") as handle:
        volunteer = list(csv.reader(handle))[1]
    assert volunteer[0] == "سارة" and volunteer[3] == "إسعاف، طبخ" and volunteer[4] == "السبت"
    with (tmp_path / "activities.csv").open(encoding="utf-8-sig", newline="") as handle:
        activity = list(csv.reader(handle))[1]
    assert activity[:2] == ["قفة رمضان", "2025-03-01"] and activity[6:9] == [
        "1500.50",
        "MAD",
        "رمضان",
    ]
    assert (tmp_path / "campaigns.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_everything_one_sheet_per_kind(filled: Database, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    calls: list[tuple[int, int]] = []
    with filled.reading() as s:
        written = export_everything(
            s, path, language="ar", progress=lambda d, t: calls.append((d, t)) or True
        )
    assert written == {
        "contacts": 2,
        "members": 1,
        "volunteers": 1,
        "donations": 0,
        "activities": 1,
        "campaigns": 1,
    }
    assert calls[-1] == (6, 6)
    workbook = load_workbook(path)
    assert len(workbook.sheetnames) == 6
    members_sheet = workbook.worksheets[1]
    assert members_sheet.sheet_view.rightToLeft
    name_cell = members_sheet["B2"]
    assert name_cell.value == '=HYPERLINK("http://x")' and name_cell.data_type == "s"
    assert workbook.worksheets[4]["G2"].value == 1500.5


def test_export_everything_refuses_csv_and_cancels_cleanly(
    filled: Database, tmp_path: Path
) -> None:
    with filled.reading() as s:
        with pytest.raises(UnsupportedFormat):
            export_everything(s, tmp_path / "all.csv")
        with pytest.raises(ExportCancelled):
            export_everything(s, tmp_path / "all.xlsx", progress=lambda d, t: d < 3)
    assert not [p for p in tmp_path.iterdir() if "all" in p.name]
