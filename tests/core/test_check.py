"""`check`: a sound database passes; each kind of inconsistency is found and named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assocdesk.checks import check
from assocdesk.cli import main
from assocdesk.services import association, contacts
from assocdesk.storage.engine import Database
from assocdesk.storage.migrations import HEAD_REVISION
from assocdesk.storage.paths import attachments_dir
from assocdesk.storage.sqlite_file import APPLICATION_ID
from tests.core.backup_helpers import record_donations


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


def messages(path: Path) -> list[tuple[str, str, str]]:
    return [(f.check, f.severity, f.message) for f in check.run_checks(path).findings]


def raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_a_sound_database_passes(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    record_donations(db, 5)
    with db.transaction() as session:
        contacts.create(session, contacts.ContactInput(name="فاطمة الزهراء"))
    report = check.run_checks(db.path)
    assert report.ok and report.findings == []
    assert report.checks_run == ["file", *(name for name, _check in check.CHECKS)]
    assert main(["--db", str(db.path), "check"]) == 0
    assert "no problem found" in capsys.readouterr().out


def test_receipt_gap_and_counter_behind(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    record_donations(db, 5)
    db.close()
    raw(
        db.path,
        "DELETE FROM donations WHERE receipt_seq = 3",
        "UPDATE receipt_counters SET last_number = 4",
    )
    found = messages(db.path)
    assert ("receipts", "error", "Receipts of 2024: numbers missing: 3.") in found
    assert any("counter is at 4 but number 5 is used" in m for _c, _s, m in found)
    assert main(["--db", str(db.path), "check"]) == 1
    out, err = capsys.readouterr()
    assert "numbers missing: 3" in out and "problems found" in err


def test_counter_ahead_is_a_gap(db: Database) -> None:
    record_donations(db, 2)
    db.close()
    raw(db.path, "UPDATE receipt_counters SET last_number = 4")
    assert messages(db.path) == [("receipts", "error", "Receipts of 2024: numbers missing: 3, 4.")]


def test_duplicate_receipt_numbers(tmp_path: Path) -> None:
    """The schema forbids it (unique year+seq); the check must still see it in a file whose
    constraint was lost, e.g. one repaired by another tool."""
    path = tmp_path / "hand-made.sqlite3"
    raw(
        path,
        "CREATE TABLE donations (id INTEGER PRIMARY KEY, receipt_year INT, receipt_seq INT)",
        "CREATE TABLE receipt_counters (year INT PRIMARY KEY, last_number INT)",
        "INSERT INTO donations (receipt_year, receipt_seq) VALUES (2024, 1), (2024, 2), (2024, 2)",
        "INSERT INTO receipt_counters VALUES (2024, 2)",
        # what makes a file an AssocDesk database for check and for opening alike
        f"PRAGMA application_id={APPLICATION_ID}",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')",
    )
    assert messages(path) == [("receipts", "error", "Receipts of 2024: numbers used twice: 2.")]


def test_orphan_rows(db: Database) -> None:
    record_donations(db, 1)
    db.close()
    raw(db.path, "UPDATE donations SET contact_id = 999")
    assert messages(db.path) == [
        ("orphans", "error", "Row 1 of donations points to a missing row of contacts.")
    ]


def test_search_index_out_of_step(db: Database) -> None:
    with db.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name="Ahmed Benali"))
    db.close()
    raw(
        db.path,
        "INSERT INTO contacts_fts(contacts_fts, rowid, search_text) "
        f"SELECT 'delete', id, search_text FROM contacts WHERE id = {contact.id}",
    )
    [(name, severity, message)] = messages(db.path)
    assert (name, severity) == ("search_index", "error") and "out of step" in message


def test_missing_attachments_and_settings_files(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        association.save(
            session, association.ProfileInput(name_fr="Al Amal", logo_path="/nowhere/logo.png")
        )
    db.close()
    raw(
        db.path,
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)",
        "INSERT INTO photos (file) VALUES ('a.jpg'), ('b.jpg'), ('')",
    )
    monkeypatch.setattr(check, "ATTACHMENT_COLUMNS", [("photos", "file")])
    folder = attachments_dir(db.path)
    assert messages(db.path) == [
        ("files", "error", f"The files folder {folder} is missing; 2 records need it."),
        ("files", "warning", "The file chosen in Settings is missing: /nowhere/logo.png"),
    ]
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"jpeg")
    found = messages(db.path)
    assert ("files", "error", f"The file {folder / 'b.jpg'} is missing.") in found
    assert len([f for f in found if f[1] == "error"]) == 1


def test_a_damaged_file_is_reported_not_raised(db: Database, capsys) -> None:
    record_donations(db, 30)
    db.close()
    data = db.path.read_bytes()
    db.path.write_bytes(data[: len(data) // 2])
    report = check.run_checks(db.path)
    assert not report.ok and report.checks_run == ["file"]  # refused as opening refuses it
    assert "is damaged" in report.errors[0].message
    assert main(["--db", str(db.path), "check"]) == 1
    assert "[file]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "files", "expected"),
    [
        ("en", 1, "; 1 record needs it."),
        ("fr", 1, " ; 1 fiche en a besoin."),
        ("fr", 3, " ; 3 fiches en ont besoin."),
        ("ar", 1, "؛ يحتاج إليه سجل واحد."),
        ("ar", 2, "؛ يحتاج إليه سجلان."),
        ("ar", 3, "؛ يحتاج إليه 3 سجلات."),
        ("ar", 11, "؛ يحتاج إليه 11 سجلًا."),
    ],
)
def test_the_missing_files_folder_counts_its_records_in_each_language(
    db: Database, monkeypatch: pytest.MonkeyPatch, language: str, files: int, expected: str
) -> None:
    """Issue 15: «تحتاجه 1 من السجلات», "1 records need it": the count agrees with its noun."""
    from assocdesk import i18n

    db.close()
    values = ", ".join(f"('{n}.jpg')" for n in range(files))
    raw(
        db.path,
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)",
        f"INSERT INTO photos (file) VALUES {values}",
    )
    monkeypatch.setattr(check, "ATTACHMENT_COLUMNS", [("photos", "file")])
    i18n.set_language(language)
    [message] = [m for name, _s, m in messages(db.path) if name == "files"]
    assert str(attachments_dir(db.path)) in message
    assert message.endswith(expected), message


def test_values_the_app_never_writes_are_found(db: Database) -> None:
    """Bit rot inside a record passes integrity_check: "cash" read back as "c`sh" (one bit)."""
    ids = record_donations(db, 3)
    db.close()
    raw(
        db.path,
        f"UPDATE donations SET method = 'c`sh' WHERE id = {ids[0]}",
        f"UPDATE donations SET donated_on = '2024-03-0!' WHERE id = {ids[1]}",
        f"UPDATE donations SET currency = 'MAE', amount_minor = '5OO' WHERE id = {ids[2]}",
    )
    found = [m for c, _s, m in messages(db.path) if c == "values"]
    assert len(found) == 3
    assert any("donations.method" in m and "'c`sh'" in m for m in found)
    assert any("donations.donated_on" in m and "2024-03-0!" in m for m in found)
    assert any("donations.amount_minor" in m and "'5OO'" in m for m in found)
