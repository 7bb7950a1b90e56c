"""Files for tests/core/test_attack_loops.py: the live copy, the import files, the restore's
states; and running ``assocdesk-cli restore`` on a hostile or damaged bundle and checking its
refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assocdesk import cli
from assocdesk.i18n import translate_in
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import attachments_dir
from tests.core.attack_helpers import restore_in_a_process, tree
from tests.core.backup_helpers import record_donations

LANGUAGES = ("en", "fr", "ar")


def live_copy(demo_db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "assocdesk.sqlite3"
    shutil.copyfile(demo_db, path)
    return path


def import_file(folder: Path, kind: str, rows_wanted: int, token: str) -> Path:
    """A CSV of new people (contacts) or of gifts from some hundreds of new donors (donations)."""
    path = folder / f"{kind}-{token}.csv"
    if kind == "contacts":
        lines = ["name,phone,email,city"] + [
            f"Personne {token} {n},06{n:08d},p{n}.{token}@exemple.ma,Rabat"
            for n in range(rows_wanted)
        ]
    else:
        lines = ["name,amount,currency,date"] + [
            f"Donateur {token} {n % 400},{1 + n % 900},MAD,{1 + n % 28:02d}/{1 + n % 12:02d}/2024"
            for n in range(rows_wanted)
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def attached(path: Path) -> list[str]:
    folder = attachments_dir(path)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


State = tuple[dict[str, int], list[str]]  # records per table, attached files


def restore_setup(demo_db: Path, tmp_path: Path) -> tuple[Path, Path, State]:
    """The live database, and a bundle of another state of it (7 more gifts, another file)."""
    path = live_copy(demo_db, tmp_path / "live")
    source = live_copy(demo_db, tmp_path / "source")
    database = open_database(source)
    record_donations(database, 7)
    database.close()
    (attachments_dir(source) / "notes").mkdir(parents=True)
    (attachments_dir(source) / "notes" / "restored.txt").write_text("restored")
    bundle = tmp_path / "usb" / "b.assocdesk-backup"
    bundle.parent.mkdir()
    return path, bundle, (backup.create_bundle(source, bundle).counts, ["notes/restored.txt"])


class Refusals:
    """Restores a bundle with ``assocdesk-cli restore`` (in this process, or in its own for the
    first of a loop) and checks the refusal: exit 1, one line, no traceback, in the chosen
    language, and nothing changed under ``root`` but the bundles folder (and the log)."""

    def __init__(
        self,
        root: Path,
        demo_db: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        self.root, self.demo_db, self.capsys, self.monkeypatch = root, demo_db, capsys, monkeypatch
        self.path = live_copy(demo_db, root / "live")
        self.bundles = root / "bundles"
        self.bundles.mkdir()
        self.before = self.path.read_bytes()
        self.in_a_process = True  # the first restore of a loop runs as a person runs it

    def write(self, data: bytes) -> Path:
        bundle = self.bundles / "attack.assocdesk-backup"
        bundle.write_bytes(data)
        return bundle

    def run(self, bundle: Path, language: str, where: str) -> tuple[int, str, str]:
        if self.in_a_process:
            self.in_a_process = False
            return restore_in_a_process(self.path, bundle, language)
        self.monkeypatch.setenv("ASSOCDESK_LANG", language)
        try:
            code = cli.main(["--db", str(self.path), "restore", str(bundle)])
        except BaseException as exc:
            raise AssertionError(f"{where} traceback: {exc!r}") from exc
        finally:
            self.monkeypatch.setenv("ASSOCDESK_LANG", "en")
        out, err = self.capsys.readouterr()
        return code, out, err

    def assert_refused(self, data: bytes, language: str, where: str) -> None:
        bundle = self.write(data)
        outside = tree(self.root)
        code, out, err = self.run(bundle, language, where)
        assert code == 1 and out == "", f"{where} was restored: {out!r} {err!r}"
        one_line = err.count("\n") == 1 and err.endswith("\n") and "Traceback" not in err
        assert one_line, f"{where} {err!r}"
        prefix = translate_in(language, "Error: {message}").split("{message}")[0]
        assert err.startswith(prefix), f"{where} {err!r}"  # a refusal, not "Something went wrong"
        if language != "en":  # the message itself is translated, not only "Error:"
            english = self.run(bundle, "en", where)[2]
            assert err[len(prefix) :] != english[len("Error: ") :], f"{where} untranslated {err!r}"
        assert self.path.read_bytes() == self.before, f"{where} the live database changed"
        changed = set(tree(self.root).items()) ^ set(outside.items())
        assert changed == set(), f"{where} files changed: {changed}"

    def reset(self) -> None:
        shutil.rmtree(self.path.parent)
        self.path = live_copy(self.demo_db, self.root / "live")
        self.before = self.path.read_bytes()
