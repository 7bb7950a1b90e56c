"""assocdesk-cli post: text on stdout, --json, --image, one clear line for unknown names/ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assocdesk.cli import main
from assocdesk.db import open_database
from assocdesk.demo import fill
from assocdesk.posts import counting


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
    argv = ("--db", demo_db, "post", "campaign-progress", "5", "--lang", "fr", "--json")
    code, out, _err = run(capsys, *argv, "--platform", "threads")
    assert code == 0
    data = json.loads(out)
    assert data["limit"] == 500
    assert data["length"] == counting.threads_length(data["text"]) <= 500
    assert isinstance(data["omitted"], list)
    assert all(set(o) == {"subject", "reason"} for o in data["omitted"])
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
