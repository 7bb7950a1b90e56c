"""Password protection at rest (SQLCipher): encrypt, open, refuse, decrypt — only when installed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from assocdesk.services import contacts, privacy
from assocdesk.storage import cipher, encryption
from assocdesk.storage.errors import NotAnAssocDeskDatabase
from assocdesk.storage.opening import open_database

pytest.importorskip("sqlcipher3")

PASSWORD = "correct horse battery"
NAME = "Yasmina Qortobi-Secret"


def with_a_contact(path: Path) -> int:
    database = open_database(path)
    with database.transaction() as session:
        contact = contacts.create(session, contacts.ContactInput(name=NAME, phone="0612345678"))
        session.flush()
        contact_id = contact.id
    database.close()
    return contact_id


def all_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_encrypt_open_with_password_and_decrypt(db_path: Path) -> None:
    contact_id = with_a_contact(db_path)
    encryption.encrypt(db_path, PASSWORD)
    assert NAME.encode() not in all_bytes(db_path)
    assert encryption.looks_encrypted(db_path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db_path).execute("SELECT * FROM contacts").fetchall()
    with pytest.raises(encryption.PasswordRequired):
        open_database(db_path)
    with pytest.raises(encryption.WrongPassword):
        open_database(db_path, password="wrong password")

    database = open_database(db_path, password=PASSWORD)
    try:
        assert encryption.is_encrypted(database.engine)
        with database.reading() as session:
            assert contacts.get(session, contact_id).name == NAME
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        with database.transaction() as session:  # writes, search index and erasure still work
            contacts.create(session, contacts.ContactInput(name="Second"))
        with database.reading() as session:
            found = contacts.ids(session, contacts.ListQuery(search="qortobi"))
            assert list(found) == [contact_id]
        privacy.scrub_file(database)
    finally:
        database.close()
    assert NAME.encode() not in all_bytes(db_path)

    encryption.decrypt(db_path, PASSWORD)
    database = open_database(db_path)
    try:
        assert not encryption.is_encrypted(database.engine)
        with database.reading() as session:
            assert contacts.count(session) == 2
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        database.close()


def test_a_short_password_is_refused_and_the_file_left_as_it_was(db_path: Path) -> None:
    with_a_contact(db_path)
    before = db_path.read_bytes()
    with pytest.raises(encryption.EncryptionError):
        encryption.encrypt(db_path, "short")
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.encrypting"))


def test_decrypt_with_a_wrong_password_changes_nothing(db_path: Path) -> None:
    with_a_contact(db_path)
    encryption.encrypt(db_path, PASSWORD)
    before = db_path.read_bytes()
    with pytest.raises(encryption.WrongPassword):
        encryption.decrypt(db_path, "not the password")
    assert db_path.read_bytes() == before


def test_an_older_encrypted_database_is_backed_up_encrypted_before_upgrade(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assocdesk.storage.migrations import runner

    with_a_contact(db_path)
    encryption.encrypt(db_path, PASSWORD)
    raw = cipher.driver().connect(str(db_path))
    cipher.give_key(raw, PASSWORD)
    raw.execute("UPDATE alembic_version SET version_num = '0002'")  # as an older version left it
    raw.commit()
    raw.close()
    upgraded: list[bool] = []
    monkeypatch.setattr(runner, "upgrade", lambda engine: upgraded.append(True))
    open_database(db_path, password=PASSWORD).close()
    assert upgraded == [True]
    [backup] = db_path.parent.glob("*.before-upgrade-0002-*.sqlite3")
    assert encryption.looks_encrypted(backup)
    assert NAME.encode() not in backup.read_bytes()
    encryption.check_password(backup, PASSWORD)


@pytest.mark.parametrize(
    "content",
    [
        b"not a database",
        b"\x00" * 4096,
        b"name;amount\n" * 512,
        "أحمد;100\n".encode() * 512,
    ],
    ids=["text", "zeros", "csv-of-whole-blocks", "arabic-csv-of-whole-blocks"],
)
def test_other_files_are_not_mistaken_for_a_protected_database(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    assert not encryption.looks_encrypted(path)
    with pytest.raises(NotAnAssocDeskDatabase):
        open_database(path)
