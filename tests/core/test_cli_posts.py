"""assocdesk-cli post: text on stdout, --json, --image, one clear line for unknown names/ids."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from assocdesk.cli import main
from assocdesk.demo import fill
from assocdesk.models import Activity, ActivityStatus, ActivityType
from assocdesk.posts import counting
from assocdesk.posts.eligibility import records_for
from assocdesk.storage.opening import open_database


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-posts") / "demo.sqlite3"
    database = open_database(path)
    fill(database, "small", seed=1)
    database.close()
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ASSOCDESK_LANG", "en")
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fitting(path: str, occasion: str) -> int:
    """A demo record that fits ``occasion`` today (the CLI checks against the real clock)."""
    database = open_database(Path(path))
    try:
        with database.reading() as session:
            return records_for(session, occasion, date.today())[0][0]
    finally:
        database.close()


def upcoming(path: str, meeting: bool) -> int:
    """A planned demo activity still to come (the demo plans them after today), or a meeting."""
    database = open_database(Path(path))
    kind = Activity.type == ActivityType.MEETING
    try:
        with database.reading() as session:
            return session.scalars(
                select(Activity.id)
                .where(Activity.status == ActivityStatus.PLANNED, kind if meeting else ~kind)
                .order_by(Activity.starts_at)
            ).first()
    finally:
        database.close()


def test_post_prints_the_text(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--db", demo_db, "post", "activity-report", "1", "--platform", "x", "--lang", "ar"
    )
    assert code == 0 and err == ""
    text = out.rstrip("\n")
    assert "#جمعية_الأمل" in text and counting.x_weighted(text) <= 280


def test_post_json_has_the_platforms_own_count(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    campaign = str(fitting(demo_db, "donor-thanks"))
    argv = ("--db", demo_db, "post", "donor-thanks", campaign, "--lang", "fr", "--json")
    code, out, _err = run(capsys, *argv, "--platform", "threads")
    assert code == 0
    data = json.loads(out)
    assert data["limit"] == 500
    assert data["length"] == counting.threads_length(data["text"]) <= 500
    assert isinstance(data["omitted"], list)
    assert all({"subject", "reason"} <= set(o) for o in data["omitted"])
    code, out, _err = run(capsys, *argv, "--platform", "youtube")
    data = json.loads(out)
    assert 0 < len(data["title"]) <= 100 and data["limit"] == 5000


def test_post_omitted_explains_the_privacy_guard(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "--db", demo_db, "post", "activity-report", "1",
        "--platform", "facebook", "--lang", "en", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    reasons = " ".join(o["reason"] for o in data["omitted"])
    assert "names of minors are never published" in reasons
    for omission in data["omitted"]:
        assert omission["subject"] not in data["text"]


def test_post_image_writes_a_png_card(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "card.png"
    code, out, _err = run(
        capsys, "--db", demo_db, "post", "year-impact", "2025",
        "--platform", "instagram", "--lang", "ar", "--image", str(image),
    )  # fmt: skip
    assert code == 0 and out.strip()
    data = image.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1080, 1080)


def test_post_image_without_the_desktop_app_says_so_and_writes_nothing(
    demo_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_group: [])
    image = tmp_path / "card.png"
    code, _out, err = run(
        capsys, "--db", demo_db, "post", "year-impact", "2025",
        "--platform", "instagram", "--lang", "en", "--image", str(image),
    )  # fmt: skip
    assert code != 0
    assert "drawn by the desktop app, which is not installed here" in err
    assert not image.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("activity-report", "9999", "--platform", "x"), "There is no activity number 9999."),
        (("donor-thanks", "9999", "--platform", "x"), "There is no campaign number 9999."),
        (("activity-report", "1", "--platform", "myspace"), "Unknown platform myspace"),
        (("birthday", "1", "--platform", "x"), "Unknown occasion birthday"),
        (("year-impact", "1990", "--platform", "x"), "no activities or donations in 1990"),
    ],
)
def test_unknown_names_and_ids_give_one_line_and_exit_1(
    demo_db: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "--db", demo_db, "post", *argv, "--lang", "fr")
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1


def test_post_image_size_chooses_the_card_size(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "wide.png"
    code, _out, err = run(
        capsys, "--db", demo_db, "post", "year-impact", "2025",
        "--platform", "facebook", "--lang", "fr", "--image", str(image), "--size", "wide",
    )  # fmt: skip
    assert code == 0 and err == ""
    data = image.read_bytes()
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)


def test_a_record_that_does_not_fit_is_refused_with_one_line(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15: a report was written for a planned activity, a progress post for a campaign
    that had ended, a call for volunteers for a board meeting."""
    planned, meeting = upcoming(demo_db, meeting=False), upcoming(demo_db, meeting=True)
    image = tmp_path / "card.png"
    cases = [
        (("activity-report", str(planned)), "This activity has not taken place yet"),
        (("campaign-progress", "5"), "This campaign ended on May 31, 2024: write a thank-you"),
        (("volunteer-call", str(meeting)), "This is an internal meeting"),
        (("activity-announcement", "1"), "already taken place: write a report instead."),
    ]
    for argv, message in cases:
        code, out, err = run(
            capsys, "--db", demo_db, "post", *argv, "--platform", "x", "--lang", "ar",
            "--image", str(image),
        )  # fmt: skip
        assert code == 1 and out == "", argv
        assert err.startswith("Error: ") and message in err and err.count("\n") == 1, err
        assert not image.exists()


def test_the_refusal_speaks_the_clis_language(
    demo_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "fr")
    code, _out, err = run(
        capsys, "--db", demo_db, "post", "campaign-progress", "5", "--platform", "x",
        "--lang", "ar",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "Erreur : Cette campagne s'est terminée le 31 mai 2024 : "
        "écrivez plutôt un remerciement à ses donateurs.\n"
    )


@pytest.mark.parametrize(
    ("occasion", "meeting"),
    [("activity-announcement", True), ("activity-announcement", False), ("volunteer-call", False)],
)
def test_a_record_that_fits_is_still_written(
    demo_db: str, capsys: pytest.CaptureFixture[str], occasion: str, meeting: bool
) -> None:
    """An activity to come is announced (a general assembly too) and calls for volunteers."""
    record = str(upcoming(demo_db, meeting=meeting))
    code, out, err = run(
        capsys, "--db", demo_db, "post", occasion, record, "--platform", "x", "--lang", "fr"
    )
    assert code == 0 and err == "" and out.strip()


def test_the_refusal_writes_dates_as_the_associations_country_does(
    demo_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSOCDESK_LANG", "ar")
    code, _out, err = run(
        capsys, "--db", demo_db, "post", "campaign-progress", "5", "--platform", "x",
        "--lang", "fr",
    )  # fmt: skip
    assert code == 1
    assert "انتهت هذه الحملة يوم 31 ماي 2024" in err  # Morocco's «ماي», not «مايو»


def test_two_languages_and_a_thread_from_the_command_line(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "--db", demo_db, "post", "activity-report", "1", "--platform", "facebook",
        "--lang", "ar+fr",
    )  # fmt: skip
    assert code == 0
    arabic, french = out.split("———")
    assert "مستفيدًا" in arabic and "bénéficiaires" in french
    database = open_database(Path(demo_db))
    with database.transaction() as session:
        activity = session.get(Activity, 1)
        assert activity is not None
        activity.title = (
            "Caravane médicale pluridisciplinaire au profit des douars de Médiouna " * 2
        )
    database.close()
    code, out, _err = run(
        capsys, "--db", demo_db, "post", "activity-report", "1", "--platform", "x",
        "--lang", "fr", "--thread",
    )  # fmt: skip
    parts = out.strip().split("\n\n---\n\n")
    assert code == 0 and len(parts) >= 2
    assert all(counting.x_weighted(part) <= 280 for part in parts)
    assert parts[-1].rstrip().endswith(f"{len(parts)}/{len(parts)}")
