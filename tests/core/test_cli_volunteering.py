"""assocdesk-cli match and certificate: output, JSON, and one clear line on bad ids."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from assocdesk.services import activities
from assocdesk.storage.engine import Database
from tests import pdfcheck
from tests.core.test_check import where
from tests.core.test_cli_documents import run
from tests.core.test_matching import add_activity, add_volunteer


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")


@pytest.fixture
def filled(db: Database) -> tuple[str, int, int, int]:
    """(what --db is given, activity, cook's contact, other volunteer's contact), on each
    backend."""
    cook = add_volunteer(db, "Amina", ["Cuisine"], {(5, 0)})
    other = add_volunteer(db, "Brahim", [], set())
    activity_id = add_activity(db, "Food drive", datetime(2026, 3, 7, 9), roles={"Cuisine": 1})
    return where(db), activity_id, cook, other


def test_match_text_and_json(capsys, filled) -> None:
    path, activity_id, cook, other = filled
    code, out, err = run(capsys, "--db", path, "match", str(activity_id))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Food drive — 2026-03-07 09:00"
    assert lines[1] == "Missing: Cuisine × 1"
    assert lines[2].startswith(f"  1. Amina (#{cook}) — ✓ Cuisine · ✓ free Saturday morning")
    assert lines[3].startswith(f"  2. Brahim (#{other}) — ✗ not Cuisine")

    code, out, _err = run(capsys, "--db", path, "match", str(activity_id), "--json")
    result = json.loads(out)
    assert code == 0 and result["roles"] == [
        {"skill": "Cuisine", "needed": 1, "assigned": 0, "missing": 1}
    ]
    first = result["suggestions"][0]
    assert (first["contact_id"], first["role"], first["assignable"]) == (cook, "Cuisine", True)
    assert [r["kind"] for r in first["reasons"]] == ["skill", "available"]


def test_match_unknown_activity(capsys, filled) -> None:
    path = filled[0]
    code, out, err = run(capsys, "--db", path, "match", "999")
    assert code == 1 and out == ""
    assert err.strip() == "Error: There is no activity number 999."


def test_certificate(capsys, filled, db: Database, tmp_path: Path) -> None:
    path, activity_id, cook, other = filled
    with db.transaction() as session:
        activities.assign(session, activity_id, cook, "Cuisine", 180)
    target = tmp_path / "certificate.pdf"
    code, out, err = run(
        capsys,
        "--db",
        path,
        "certificate",
        str(cook),
        "--year",
        "2026",
        "-o",
        str(target),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert out.strip() == f"Certificate written to {target}"
    assert "Volunteering certificate 2026" in pdfcheck.text(target.read_bytes())

    for argv, message in [
        ([str(cook), "--year", "2025"], "Error: Amina has no volunteering recorded in 2025."),
        ([str(other), "--year", "2026"], "Error: Brahim has no volunteering recorded in 2026."),
        (["9999", "--year", "2026"], "Error: There is no contact number 9999."),
    ]:
        missing = tmp_path / "none.pdf"
        code, out, err = run(capsys, "--db", path, "certificate", *argv, "-o", str(missing))
        assert (code, out, err.strip()) == (1, "", message)
        assert not missing.exists()
