"""write_whole: the old file or the whole new one, never a half-written file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assocdesk.storage.files import write_whole


def test_writes_whole_with_ordinary_permissions(tmp_path: Path) -> None:
    target = write_whole(tmp_path / "receipt.pdf", b"%PDF-1.4 whole")
    assert target.read_bytes() == b"%PDF-1.4 whole"
    # Regression (review): mkstemp made CLI documents readable by their owner only.
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.pdf"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "statement.pdf"
    target.write_bytes(b"old statement")

    def disk_full(_source: object, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_whole(target, b"new statement")
    assert target.read_bytes() == b"old statement"
    assert [p.name for p in tmp_path.iterdir()] == ["statement.pdf"]  # no .part left


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_whole(tmp_path / "nowhere" / "x.pdf", b"x")
