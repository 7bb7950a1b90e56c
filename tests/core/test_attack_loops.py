"""The outside attacks of issue 18, re-run as loops: what held must keep holding.

SIGKILL loops (a child process killed at a random moment, on a database filled by the demo):
service writes, an import of a few thousand rows, ``demo`` filling an empty database, ``restore``
over the live database, erasing people. After each kill: integrity_check ok, every row the child
reported as committed is there (a restore: the database is wholly the old one or wholly the
restored one), no receipt gap or duplicate in either book, ``check`` finds no error, the next
backup leaves no hidden copy, and the file opens and takes a write.

Backup loops: corrupted bundles (truncated, bytes flipped in the zip or in the database inside,
an entry dropped) and malicious ones (zip-slip names, duplicates, manifests that are wrong or
lie, symlinks, huge declared sizes, planted schema objects) are each refused by
``assocdesk-cli restore`` in one translated line, exit 1, with the live database and its folder
unchanged and nothing written anywhere else.

How many: ``ASSOCDESK_ATTACK_TRIALS`` trials per loop (default 4: some 35 s here, under a
minute on two cores); a backup loop's trial is one round of every kind of damage, freshly
drawn. By hand, e.g. 50 per loop (some 7 minutes)::

    ASSOCDESK_ATTACK_TRIALS=50 python -m pytest -q -s -p no:cacheprovider \
        tests/core/test_attack_loops.py

(``-s`` shows one summary line per loop: kills and what each left, refusals.)

``ASSOCDESK_ATTACK_SEED`` (default 18) changes every random choice; failures print both.
"""

from __future__ import annotations

import shutil
from collections import namedtuple
from datetime import date, datetime
from pathlib import Path

import pytest

from assocdesk.demo import fill
from assocdesk.services.contacts import ERASED_NAME
from assocdesk.storage import pending_restore
from assocdesk.storage.backups import bundle as backup
from assocdesk.storage.backups import restore, rotation
from assocdesk.storage.lock import DatabaseLock
from assocdesk.storage.opening import open_database
from assocdesk.storage.paths import attachments_dir
from tests.core import attack_bundles as bundles
from tests.core.attack_child import ATTACK_CATEGORY
from tests.core.attack_helpers import (
    TRIALS,
    Child,
    assert_survives,
    check_writes_reported,
    counts,
    hidden,
    recover,
    rng_for,
    rows,
    tag,
)
from tests.core.attack_refusals import (
    LANGUAGES,
    Refusals,
    attached,
    import_file,
    live_copy,
    restore_setup,
)
from tests.core.backup_helpers import integrity
from tests.core.dues_helpers import add_member, set_fee


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo association, plus a member whose fee takes endless 1 MAD dues payments."""
    path = tmp_path_factory.mktemp("demo") / "assocdesk.sqlite3"
    database = open_database(path)
    try:
        fill(database, size="small", seed=1)
        for year in (2024, 2025):
            set_fee(database, ATTACK_CATEGORY, year, "100000")
        add_member(
            database, "Attaque Test", "A-0001", category=ATTACK_CATEGORY, joined_on=date(2020, 1, 1)
        )
    finally:
        database.close()
    return path


# -- SIGKILL: service writes ------------------------------------------------------------------
def test_sigkill_during_service_writes(demo_db: Path, tmp_path: Path) -> None:
    path = live_copy(demo_db, tmp_path / "live")
    reported: list[list[str]] = []
    created = 0
    for trial in range(TRIALS):
        rng, where = rng_for("writes", trial), tag("writes", trial)
        before = counts(path)
        with Child("writes", str(path), str(rng.randrange(1 << 31))) as child:
            child.wait_ready()
            child.kill_after_lines(rng.randint(3, 150), rng.uniform(0, 0.02))
            assert child.killed, f"{where} the writer stopped by itself: {child.stderr}"
        lines = [line.split() for line in child.output]
        reported += lines
        created += sum(1 for line in lines if line[0] in ("D", "C"))
        check_writes_reported(path, reported, where)
        after = counts(path)
        new_gifts = after["donations"] - before["donations"]
        new_dues = after["dues_payments"] - before["dues_payments"]
        in_trial = sum(1 for line in lines if line[0] in ("D", "C"))
        dues_in_trial = sum(1 for line in lines if line[0] == "P")
        # At most the one unit of work committed as the kill came, before it could say so.
        assert (new_gifts - in_trial) + (new_dues - dues_in_trial) in (0, 1), where
        assert_survives(path, tmp_path / "usb", where)
    assert created >= TRIALS  # the writer really wrote
    print(f"service writes: {TRIALS} kills, {len(reported)} reported commits all found")


# -- SIGKILL: import ---------------------------------------------------------------------------
def test_sigkill_during_import(demo_db: Path, tmp_path: Path) -> None:
    duration: dict[str, float] = {}
    outcomes: list[str] = []
    for trial in [*(f"full-{kind}" for kind in ("contacts", "donations")), *range(TRIALS)]:
        rng, where = rng_for("import", trial), tag("import", trial)
        # A fresh demo copy each time: a file grown by fifty imports would be timed wrong.
        path = live_copy(demo_db, tmp_path / f"live-{trial}")
        kind = str(trial)[5:] if isinstance(trial, str) else ("contacts", "donations")[trial % 2]
        wanted = rng.randint(2000, 4000)
        source = import_file(tmp_path, kind, wanted, f"t{trial}")
        table = "contacts" if kind == "contacts" else "donations"
        before = counts(path)
        with Child("cli", "--db", str(path), "import", kind, str(source)) as child:
            child.wait_ready()
            if kind not in duration:  # the first of each kind runs to its end: how long it takes
                duration[kind] = child.run_to_end()
            else:
                child.kill_after(rng.uniform(0, 1.2 * duration[kind]))
            finished = child.ended_well()
        after = counts(path)
        said_done = any(line.startswith("Created:") for line in child.output)
        if after[table] == before[table]:  # nothing committed: nothing at all changed
            assert after == before and not said_done and not finished, where
            outcomes.append("nothing")
        else:
            assert after[table] == before[table] + wanted, f"{where} a part of the file went in"
            outcomes.append("all")
        assert_survives(path, tmp_path / f"usb-{trial}", where)
    print(
        f"import: {TRIALS} kills, then {outcomes[2:].count('nothing')} with nothing imported, "
        f"{outcomes[2:].count('all')} with all"
    )


# -- SIGKILL: demo -------------------------------------------------------------------------------
def test_sigkill_during_demo(tmp_path: Path) -> None:
    duration, full = 0.0, None
    outcomes: list[str] = []
    for trial in ["full", *range(TRIALS)]:
        rng, where = rng_for("demo", trial), tag("demo", trial)
        path = tmp_path / f"demo-{trial}" / "assocdesk.sqlite3"
        path.parent.mkdir()
        with Child("cli", "--db", str(path), "demo") as child:
            child.wait_ready()
            if full is None:
                duration = child.run_to_end()
            else:
                child.kill_after(rng.uniform(0, 1.2 * duration))
            finished = child.ended_well()
        if not path.exists() or path.stat().st_size == 0:
            assert not finished, where  # killed before SQLite wrote its first page
        else:
            assert integrity(path) == ["ok"], where
        open_database(path).close()  # creates it, or finishes a migration cut short
        found = counts(path)
        if full is None:
            full = found
        empty = {table: 0 for table in found}
        assert found in (full, empty), f"{where} a part of the demo went in: {found}"
        assert found == full or not finished, where
        outcomes.append("full" if found == full else "empty")
        assert_survives(path, tmp_path / f"usb-{trial}", where)
    assert full is not None and full["donations"] > 0
    print(
        f"demo: {TRIALS} kills, then {outcomes[1:].count('empty')} empty, "
        f"{outcomes[1:].count('full')} full"
    )


# -- SIGKILL: restore ----------------------------------------------------------------------------
def test_sigkill_during_restore(demo_db: Path, tmp_path: Path) -> None:
    path, bundle, restored = restore_setup(demo_db, tmp_path)
    duration, outcomes, verified, recovered = 0.0, [], set(), []
    for trial in ["full", *range(TRIALS)]:
        rng, where = rng_for("restore", trial), tag("restore", trial)
        (attachments_dir(path) / f"live-{trial}.txt").parent.mkdir(exist_ok=True)
        (attachments_dir(path) / f"live-{trial}.txt").write_text("live")
        old = counts(path), attached(path)
        with Child("cli", "--db", str(path), "restore", str(bundle)) as child:
            child.wait_ready()
            if trial == "full":
                duration = child.run_to_end()
            elif trial % 2:
                child.kill_after(rng.uniform(0, 1.2 * duration))
            else:  # aimed at the few milliseconds in which the copy is put in place
                child.kill_after_lines(1, rng.uniform(0, 0.015))
            finished = child.ended_well()
        assert integrity(path) == ["ok"], where
        now = counts(path), attached(path)
        assert now[0] in (old[0], restored[0]), f"{where} neither the old nor the restored database"
        # Killed between the two renames: a mix, but a marker says so, and the next writer
        # (opening it, or restoring again) finishes the swap or undoes it.
        pending = pending_restore.read(path) is not None
        assert now in (old, restored) or pending, f"{where} database and files differ: {now[1]}"
        assert not (pending and finished), where
        if pending:
            recovered.append(recover(path, rng.choice(["open", "restore"])))
            now = counts(path), attached(path)
            assert now in (old, restored), f"{where} still mixed after recovery: {now[1]}"
        assert now == restored or not finished, where
        outcomes.append("restored" if now == restored else "old")
        for kept in {entry.path for entry in rotation.list_backups(path)} - verified:
            verified.add(kept)
            backup.verify_database_file(kept)  # a copy offered for restoring must restore
        # The next restore removes what the killed one left beside the database.
        with DatabaseLock(path):
            restore.restore_file(bundle, path, now=datetime.now())
        assert hidden(path.parent) == [], f"{where} left {hidden(path.parent)}"
        assert hidden(rotation.backups_dir(path)) == [], f"{where} left in backups"
        assert (counts(path), attached(path)) == restored, where
        assert_survives(path, tmp_path / "usb", where)
    print(
        f"restore: {TRIALS} kills, then {outcomes[1:].count('old')} old, "
        f"{outcomes[1:].count('restored')} restored; {len(recovered)} left between the two "
        f"renames, then finished or undone by the next writer"
    )


# -- SIGKILL: erase ------------------------------------------------------------------------------
def test_sigkill_during_erase(demo_db: Path, tmp_path: Path) -> None:
    path, erased, total = tmp_path, set[int](), 0
    unreported_before: set[int] = set()  # committed by an earlier kill, just before its report
    for trial in range(TRIALS):
        rng, where = rng_for("erase", trial), tag("erase", trial)
        if trial % 10 == 0:  # a new demo copy before the people to erase run out
            path, total = live_copy(demo_db, tmp_path / f"live-{trial}"), total + len(erased)
            erased, unreported_before = set(), set()
        with Child("erase", str(path), str(rng.randrange(1 << 31))) as child:
            child.wait_ready()
            child.kill_after_lines(rng.randint(1, 8), rng.uniform(0, 0.2))
            assert child.killed, f"{where} the eraser stopped by itself: {child.stderr}"
        erased |= {int(line.split()[1]) for line in child.output if line.startswith("E ")}
        people = {
            i: (name, erased_at, phone, email)
            for i, name, erased_at, phone, email in rows(
                path, "SELECT id, name, erased_at, phone, email FROM contacts"
            )
        }
        for contact_id in erased:
            name, erased_at, phone, email = people[contact_id]
            assert (name, phone, email) == (ERASED_NAME, "", "") and erased_at, (
                f"{where} {contact_id}"
            )
        half = [i for i, (n, at, *_r) in people.items() if (n == ERASED_NAME) != (at is not None)]
        assert half == [], f"{where} half-erased contacts {half}"
        # A kill between an erasure's commit and its report line leaves one erased contact
        # unreported: at most one per kill (the copy is shared by up to ten kills).
        unreported = {i for i, (_n, at, *_r) in people.items() if at} - erased - unreported_before
        assert len(unreported) <= 1, f"{where} {unreported}"
        unreported_before |= unreported
        still_theirs = rows(path, "SELECT contact_id FROM donations WHERE contact_id IS NOT NULL")
        assert erased.isdisjoint(i for (i,) in still_theirs), f"{where} gifts not anonymous"
        assert_survives(path, tmp_path / "usb", where)
    assert erased
    print(f"erase: {TRIALS} kills, {total + len(erased)} reported erasures all whole")


# -- corrupted and malicious backups ---------------------------------------------------------------
@pytest.fixture(scope="module")
def good_bundle(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sound bundle of the demo database with two attached files."""
    folder = tmp_path_factory.mktemp("good")
    source = live_copy(demo_db, folder / "source")
    (attachments_dir(source) / "photos").mkdir(parents=True)
    (attachments_dir(source) / "photos" / "day.jpg").write_bytes(
        b"\xff\xd8" + bytes(range(256)) * 8
    )
    (attachments_dir(source) / "notes.txt").write_text("Farine offerte", encoding="utf-8")
    bundle = folder / "good.assocdesk-backup"
    backup.create_bundle(source, bundle)
    return bundle


def test_corrupted_backups_are_refused_and_change_nothing(
    demo_db: Path,
    good_bundle: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refusals = Refusals(tmp_path, demo_db, capsys, monkeypatch)
    good = bundles.Good.of(good_bundle, tmp_path / "outside")
    forged_taken = 0
    for trial in range(TRIALS):
        for kind, corrupt in bundles.CORRUPTIONS.items():
            rng, where = rng_for(f"corrupted {kind}", trial), tag(f"corrupted ({kind})", trial)
            refusals.assert_refused(corrupt(rng, good), rng.choice(LANGUAGES), where)
        # Flipped bytes behind a recomputed sum: what SQLite cannot see may come in (it is a
        # sound database, as a forger may build any), but never one it finds damaged.
        rng, where = rng_for("forged", trial), tag("corrupted (forged sums)", trial)
        code, _out, err = refusals.run(
            refusals.write(bundles.forged_database(rng, good)), "en", where
        )
        assert code in (0, 1) and "Traceback" not in err and err.count("\n") <= 1, (
            f"{where} {err!r}"
        )
        if code == 0:
            forged_taken += 1
            assert integrity(refusals.path) == ["ok"], where
            refusals.reset()
        else:
            assert refusals.path.read_bytes() == refusals.before, where
    print(
        f"corrupted: {TRIALS * len(bundles.CORRUPTIONS)} refused; "
        f"forged sums: {forged_taken} of {TRIALS} taken in, sound"
    )


@pytest.fixture
def one_gib_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database's disk has 1 GiB free (less than bundles.HUGE plus the margin)."""
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(2 << 30, 1 << 30, 1 << 30))


@pytest.mark.usefixtures("one_gib_free")
def test_malicious_backups_are_refused_and_write_nothing_outside(
    demo_db: Path,
    good_bundle: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refusals = Refusals(tmp_path, demo_db, capsys, monkeypatch)
    good = bundles.Good.of(good_bundle, tmp_path / "outside")
    for trial in range(TRIALS):
        for kind, attack in bundles.ATTACKS.items():
            rng, where = rng_for(f"malicious {kind}", trial), tag(f"malicious ({kind})", trial)
            refusals.assert_refused(attack(rng, good), rng.choice(LANGUAGES), where)
    assert not any(p.is_symlink() for p in tmp_path.rglob("*"))
    print(f"malicious: {TRIALS * len(bundles.ATTACKS)} refused")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("target", ["/etc/passwd", "../../outside"])
def test_a_lone_symlink_entry_is_refused(
    demo_db: Path,
    good_bundle: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    language: str,
) -> None:
    """Regression (issue 18 attack loops): a zip entry flagged as a symlink was restored as a
    plain file holding the link's target; AssocDesk never writes one, so it is refused."""
    refusals = Refusals(tmp_path, demo_db, capsys, monkeypatch)
    refusals.in_a_process = False
    good = bundles.Good.of(good_bundle, tmp_path / "outside")
    try:
        bundle = bundles.lone_symlink(good, target)
        refusals.assert_refused(bundle, language, tag("symlink", target))
        if language == "en":  # it says why, naming the entry
            err = refusals.run(refusals.write(bundle), "en", "symlink")[2]
            assert "attachments/link is a link or a special file" in err, err
    finally:
        assert not any(p.is_symlink() for p in tmp_path.rglob("*"))  # never a real link


def test_a_broken_deflate_stream_is_called_damaged(
    demo_db: Path,
    good_bundle: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression (issue 18 attack loops): a broken deflate stream behind a valid seal escaped
    verify_bundle as zlib.error ("Something went wrong: Error -3 while decompressing data")."""
    refusals = Refusals(tmp_path, demo_db, capsys, monkeypatch)
    refusals.in_a_process = False
    good = bundles.Good.of(good_bundle, tmp_path / "outside")
    code, _out, err = refusals.run(refusals.write(bundles.broken_deflate(good)), "en", "deflate")
    assert code == 1 and refusals.path.read_bytes() == refusals.before
    assert err.startswith("Error: ") and "damaged" in err and err.count("\n") == 1, err
    assert hidden(refusals.path.parent) == [], "the unpacked folder was left behind"


def test_a_restore_killed_while_keeping_the_current_leaves_no_partial_copy(
    demo_db: Path, tmp_path: Path
) -> None:
    """Regression (issue 18 attack loops): a restore killed while it copied the current database
    aside left a partial 'before-restore' copy, which rotation.list_backups offered."""
    path, bundle, _restored = restore_setup(demo_db, tmp_path)
    with Child("cli-paused", "keep", "--db", str(path), "restore", str(bundle)) as child:
        child.wait_ready()
        assert child.next_line() == "installing" and child.next_line() == "copying"
        child.kill()
    assert integrity(path) == ["ok"]
    assert hidden(rotation.backups_dir(path)) != []  # the part, under a hidden name
    for kept in rotation.list_backups(path):
        backup.verify_database_file(kept.path)
    # The next restore removes the part, and keeps a whole copy of the database it replaces.
    with DatabaseLock(path):
        result = restore.restore_file(bundle, path, now=datetime.now())
    assert result.kept is not None and hidden(rotation.backups_dir(path)) == []
    assert [entry.path for entry in rotation.list_backups(path)] == [result.kept]
    backup.verify_database_file(result.kept)
