"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, stopped at the end.

Why a fixture of our own rather than pytest-postgresql: it is forty lines, and CI runs as root,
which PostgreSQL refuses; the server then runs as the ``postgres`` system user the
distribution's package creates (DESIGN.md §8), in folders that user may write.

The server listens on a Unix socket in its own folder and on 127.0.0.1 at a free port. The socket
trusts every local login (fast, no password); TCP asks for a password (SCRAM), so a test can
see a wrong password refused. Durability is switched off (``fsync=off``): a test's data is thrown
away with the server.

When the server cannot be had (PostgreSQL not installed), the tests that need it are skipped on a
laptop and fail on CI (``ASSOCDESK_REQUIRE_POSTGRES`` or ``CI`` set): CI installs the package,
so a skip there would hide a missing install step.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "throwaway-test-server"


class ServerUnavailable(RuntimeError):
    """PostgreSQL's programs are not installed, or the server would not start."""


def find_bin_dir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: the newest /usr/lib/postgresql/N/bin (Debian
    keeps them off PATH), else wherever PATH finds ``pg_ctl``."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    for folder in reversed(candidates):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    raise ServerUnavailable("PostgreSQL is not installed (no initdb or pg_ctl found)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ThrowawayServer:
    """One running server; ``url(name)`` addresses a database on it through the socket."""

    folder: Path
    bin_dir: Path
    port: int
    run_as: str | None  # the system user the server runs as (None: ourselves)

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        """A URL through the Unix socket (trusted: no password needed, none checked)."""
        login = user if password is None else f"{user}:{password}"
        return f"postgresql://{login}@/{database}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, database: str, user: str = SUPERUSER, password: str = "") -> str:
        """A URL over 127.0.0.1, where the password is checked."""
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def _command(self, *args: str) -> list[str]:
        if self.run_as is None:
            return list(args)
        return ["runuser", "-u", self.run_as, "--", *args]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(*args), check=True, capture_output=True, text=True, timeout=120
        )

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (autocommit: CREATE DATABASE may not be in a
        transaction)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(statement)

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (a copy of ``template`` when given); its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        suffix = f" TEMPLATE {template}" if template else ""
        self.sql(f"CREATE DATABASE {name}{suffix}")
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.run(
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-m",
                "immediate",
                "-w",
                "stop",
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server(*, durable: bool = False) -> ThrowawayServer:
    """initdb a new cluster in a temporary folder and start it; ServerUnavailable if it fails.

    ``durable``: committed means on disk, as on a real server (the benchmark); the tests run
    without (their data is thrown away)."""
    bin_dir = find_bin_dir()
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ServerUnavailable("running as root and there is no 'postgres' user") from exc
        run_as = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="assocdesk-pg-"))
    server = ThrowawayServer(folder=folder, bin_dir=bin_dir, port=_free_port(), run_as=run_as)
    server.socket_dir.mkdir()
    password_file = folder / "password"
    password_file.write_text(SUPERUSER_PASSWORD + "\n")
    if run_as is not None:
        shutil.chown(folder, user=run_as)
        shutil.chown(server.socket_dir, user=run_as)
        shutil.chown(password_file, user=run_as)
        folder.chmod(0o755)  # the tests (root) read and connect; the server owns its data
    try:
        server.run(
            str(bin_dir / "initdb"),
            "-D",
            str(server.data_dir),
            "-U",
            SUPERUSER,
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = " ".join(
            (
                f"-p {server.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={server.socket_dir}",
                *(() if durable else ("-c fsync=off", "-c synchronous_commit=off")),
                *(() if durable else ("-c full_page_writes=off",)),
                "-c max_connections=200",
                "-c shared_buffers=32MB",
            )
        )
        server.run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(server.data_dir),
            "-o",
            options,
            "-l",
            str(folder / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
    except subprocess.CalledProcessError as exc:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"{exc.cmd[-1]} failed: {exc.stderr}\n{detail}") from exc
    password_file.unlink()
    return server
