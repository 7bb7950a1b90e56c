"""Who may do what on a shared database: four roles, enforced by the server itself.

Each officer signs in with their own PostgreSQL login and is a member of one of four group roles
(NOLOGIN) of this database: secretary, treasurer, board, data entry. Role names are cluster-wide
in PostgreSQL, so they carry the database's name (``"<database>_treasurer"``, quoted). The person
who set the database up owns its tables: the administrator ("owner"), bound by no role.

What each role may do is written once, in :data:`PRIVILEGES` (table → role → privileges), from
what the app's own work writes (the journal with every change, the receipt counters locked
``FOR UPDATE``, the chain links and print counts when a receipt is issued, photos in
``stored_files``…). Three rules need more than a table's privileges:

- Voiding (a donation's or a dues payment's status becoming ``void``, and the chain's ``void``
  link) is the treasurer's alone, though the secretary updates both tables (corrections, the
  erasure anonymizes them). A row-level security ``WITH CHECK`` sees only the new row, so it
  cannot tell voiding from updating a row that was void already (the erasure does that): a
  trigger, which sees both, refuses it with the server's own ``insufficient_privilege``.
- Data entry handles no amounts: no privilege at all on donations, dues, receipts and counters,
  and the journal (whose events carry the amounts they changed) shows it only the events of its
  own kinds of record, by row-level security; it may write only those.
- The journal's redaction (an erasure) is an UPDATE: the secretary's only.

Every refusal is the server's (permission denied, a policy, the trigger): a desk running another
program gets the same answers. :func:`refused_in_words` turns them into :class:`NotAllowed`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.storage.location import ServerAddress

SECRETARY, TREASURER, BOARD, DATA_ENTRY = "secretary", "treasurer", "board", "data_entry"
ROLES = (SECRETARY, TREASURER, BOARD, DATA_ENTRY)
OWNER = "owner"  # the database's administrator (its tables' owner, or a superuser)
NO_ROLE = "none"  # a login of the cluster with none of this database's roles: refused everything

R = ("SELECT",)
RA = ("SELECT", "INSERT")
RW = ("SELECT", "INSERT", "UPDATE")
RWD = ("SELECT", "INSERT", "UPDATE", "DELETE")
RAU = RW  # the journal: its UPDATE is the erasure's redaction (row-level security says whose)

# table → {role: privileges}; a role not named has none. A test checks every table is here.
PRIVILEGES: dict[str, dict[str, tuple[str, ...]]] = {
    "alembic_version": {SECRETARY: R, TREASURER: R, BOARD: R, DATA_ENTRY: R},
    "association_profile": {SECRETARY: R, TREASURER: R, BOARD: R, DATA_ENTRY: R},
    "audit_events": {SECRETARY: RAU, TREASURER: RA, BOARD: R, DATA_ENTRY: RA},
    "contacts": {SECRETARY: RWD, TREASURER: RW, BOARD: R, DATA_ENTRY: RW},
    "not_duplicate_pairs": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "campaigns": {SECRETARY: RWD, TREASURER: RWD, BOARD: R, DATA_ENTRY: R},
    "donations": {SECRETARY: RW, TREASURER: RW, BOARD: R},
    "receipt_counters": {SECRETARY: RW, TREASURER: RW, BOARD: R},
    "receipt_chain_links": {SECRETARY: RA, TREASURER: RA, BOARD: R},
    "memberships": {SECRETARY: RWD, TREASURER: RW, BOARD: R, DATA_ENTRY: R},
    "dues_fees": {SECRETARY: RWD, TREASURER: RWD, BOARD: R},
    "dues_payments": {SECRETARY: RW, TREASURER: RW, BOARD: R},
    "dues_receipt_counters": {SECRETARY: RW, TREASURER: RW, BOARD: R},
    "activities": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "activity_beneficiary_groups": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "activity_roles": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "activity_photos": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "stored_files": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "skills": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "volunteer_profiles": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "volunteer_assignments": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "volunteer_skills": {SECRETARY: RWD, TREASURER: R, BOARD: R, DATA_ENTRY: RWD},
    "import_mappings": {SECRETARY: RWD, TREASURER: R, BOARD: R},
    "post_templates": {SECRETARY: RWD, TREASURER: R, BOARD: R},
    "post_history": {SECRETARY: RWD, TREASURER: R, BOARD: R},
}

# The journal events data entry may read and write: those of the records it keeps.
DATA_ENTRY_KINDS = tuple(
    table
    for table, grants in PRIVILEGES.items()
    if "INSERT" in grants.get(DATA_ENTRY, ()) and table != "audit_events"
)
# Who may void (besides the owner): the trigger's argument.
VOIDING_ROLE = TREASURER
# The refusal the trigger raises; also how a refusal is recognised (SQLSTATE 42501).
INSUFFICIENT_PRIVILEGE = "42501"

_REFUSE_VOID_FUNCTION = """
CREATE OR REPLACE FUNCTION assocdesk_refuse_void() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    column_name text := TG_ARGV[1];
    was text := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ->> column_name END;
BEGIN
    IF to_jsonb(NEW) ->> column_name = 'void' AND was IS DISTINCT FROM 'void'
       AND NOT pg_has_role(current_user, TG_ARGV[0], 'MEMBER')
       AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                           'MEMBER') THEN
        RAISE EXCEPTION 'only the role % may void in %', TG_ARGV[0], TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""
# table → the column whose value 'void' is a void
_VOIDED = {"donations": "status", "dues_payments": "status", "receipt_chain_links": "event"}


class NotAllowed(UserError):
    """The server refused this to the login: its role does not allow it. Nothing was changed."""


def role_name(database: str, role: str) -> str:
    """The group role ``role`` of ``database`` (≤ 63 bytes, PostgreSQL's limit: a long database
    name is shortened and told apart by a hash)."""
    if role not in ROLES:
        raise ValueError(role)
    suffix = f"_{role}"
    if len(database.encode()) + len(suffix) <= 63:
        return database + suffix
    digest = hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"{database.encode()[:40].decode(errors='ignore')}_{digest}{suffix}"


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _database(connection: Connection) -> str:
    return str(connection.exec_driver_sql("SELECT current_database()").scalar())


def _exists(connection: Connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.scalar() is not None


def set_up_roles(connection: Connection, database_name: str | None = None) -> None:
    """Create this database's four roles if missing and (re)write what each may do.

    Idempotent: run it after the first setup and after every upgrade (a new table gets its
    grants). Run by the owner, in the caller's transaction: it applies whole or not at all.
    The owner needs CREATEROLE (or to be a superuser) the first time, to create the roles.
    """
    database = database_name or _database(connection)
    if role_of(connection) != OWNER:
        raise NotAllowed(_("Only the shared database's administrator can set up its roles."))
    names = {role: role_name(database, role) for role in ROLES}
    quoted = {role: _quoted(connection, name) for role, name in names.items()}
    run = connection.exec_driver_sql
    for role, name in names.items():
        if not _exists(connection, name):
            run(f"CREATE ROLE {quoted[role]} NOLOGIN")
    everyone = ", ".join(quoted.values())
    schema = _quoted(connection, str(run("SELECT current_schema()").scalar()))
    database_quoted = _quoted(connection, database)
    # Any login of the cluster could connect to a new database: only the officers may.
    run(f"REVOKE CONNECT ON DATABASE {database_quoted} FROM PUBLIC")
    run(f"GRANT CONNECT ON DATABASE {database_quoted} TO {everyone}")
    run(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}")
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC, {everyone}")
    run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM PUBLIC, {everyone}")
    present = set(
        connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    )
    for table, grants in PRIVILEGES.items():
        if table not in present:
            continue
        for role, privileges in grants.items():
            run(f"GRANT {', '.join(privileges)} ON {_quoted(connection, table)} TO {quoted[role]}")
    writers = ", ".join(quoted[role] for role in (SECRETARY, TREASURER, DATA_ENTRY))
    # New ids: nextval on the tables' sequences (the table's own INSERT privilege guards it).
    run(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {writers}")
    _refuse_voids(connection, names[VOIDING_ROLE])
    _journal_policies(connection, quoted)


def _refuse_voids(connection: Connection, voiding_role: str) -> None:
    run = connection.exec_driver_sql
    connection.execute(text(_REFUSE_VOID_FUNCTION))  # text(): its % are escaped for psycopg
    run("REVOKE ALL ON FUNCTION assocdesk_refuse_void() FROM PUBLIC")
    role = voiding_role.replace("'", "''")
    for table, column in _VOIDED.items():
        run(f"DROP TRIGGER IF EXISTS assocdesk_refuse_void ON {table}")
        run(
            f"CREATE TRIGGER assocdesk_refuse_void BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION assocdesk_refuse_void('{role}', '{column}')"
        )


def _journal_policies(connection: Connection, quoted: dict[str, str]) -> None:
    """Row-level security on the journal: data entry sees and writes only its kinds' events."""
    run = connection.exec_driver_sql
    run("ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY")
    for name in ("read", "write", "redact", "entry_read", "entry_write"):
        run(f"DROP POLICY IF EXISTS assocdesk_{name} ON audit_events")
    readers = ", ".join(quoted[role] for role in (SECRETARY, TREASURER, BOARD))
    writers = ", ".join(quoted[role] for role in (SECRETARY, TREASURER))
    kinds = ", ".join(f"'{kind}'" for kind in DATA_ENTRY_KINDS)
    entry = quoted[DATA_ENTRY]
    run(f"CREATE POLICY assocdesk_read ON audit_events FOR SELECT TO {readers} USING (true)")
    run(f"CREATE POLICY assocdesk_write ON audit_events FOR INSERT TO {writers} WITH CHECK (true)")
    run(
        f"CREATE POLICY assocdesk_redact ON audit_events FOR UPDATE TO {quoted[SECRETARY]} "
        "USING (true) WITH CHECK (true)"
    )
    run(
        f"CREATE POLICY assocdesk_entry_read ON audit_events FOR SELECT TO {entry} "
        f"USING (entity_type IN ({kinds}))"
    )
    run(
        f"CREATE POLICY assocdesk_entry_write ON audit_events FOR INSERT TO {entry} "
        f"WITH CHECK (entity_type IN ({kinds}))"
    )


def roles_exist(connection: Connection) -> bool:
    """Whether this database's roles were set up (a database before them has none)."""
    if connection.dialect.name != "postgresql":
        return False
    return _exists(connection, role_name(_database(connection), SECRETARY))


def role_of(connection: Connection) -> str | None:
    """The role of the session's login: one of :data:`ROLES`, :data:`OWNER` (the tables' owner
    or a superuser), :data:`NO_ROLE`; None on SQLite (one person's file: no roles)."""
    if connection.dialect.name != "postgresql":
        return None
    owner = connection.exec_driver_sql(
        "SELECT pg_has_role(session_user, tableowner, 'MEMBER') FROM pg_tables "
        "WHERE tablename = 'alembic_version' AND schemaname = current_schema()"
    ).scalar()
    if owner is None:  # not set up yet: whoever may create the tables is their owner-to-be
        owner = connection.exec_driver_sql(
            "SELECT rolsuper OR pg_has_role(session_user, "
            "(SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') "
            "FROM pg_roles WHERE rolname = session_user"
        ).scalar()
    if owner:
        return OWNER
    database = _database(connection)
    for role in (SECRETARY, TREASURER, DATA_ENTRY, BOARD):  # one each; the widest if more
        member = connection.execute(
            text(
                "SELECT pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = :n"
            ),
            {"n": role_name(database, role)},
        ).scalar()
        if member:
            return role
    return NO_ROLE


def grant_role(connection: Connection, login: str, role: str, password: str | None = None) -> bool:
    """Make ``login`` an officer with ``role`` (their other roles of this database are taken
    back: one role each). The login is created if missing (with ``password``, or none: then it
    signs in as the server's authentication allows). True when the login was created.

    The password never travels in clear: it is hashed here (SCRAM) as ``psql``'s ``\\password``
    does, so the server's log cannot show it. Run by the owner; the roles are set up if missing.
    """
    if role not in ROLES:
        raise NotAllowed(_("Unknown role {role}.").format(role=role))
    if not roles_exist(connection):
        set_up_roles(connection)
    elif role_of(connection) != OWNER:
        raise NotAllowed(_("Only the shared database's administrator can manage its officers."))
    database = _database(connection)
    if login in {role_name(database, each) for each in ROLES}:
        raise NotAllowed(_("{login} is a role, not a person's login.").format(login=login))
    quoted = _quoted(connection, login)
    found = connection.execute(
        text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :n"), {"n": login}
    ).first()
    if found is not None and (found.rolsuper or not found.rolcanlogin):
        raise NotAllowed(
            _("{login} cannot be an officer: it is not an ordinary login.").format(login=login)
        )
    secret = "" if password is None else f" PASSWORD {_hashed(connection, login, password)}"
    if found is None:
        connection.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN{secret}")
    elif secret:
        connection.exec_driver_sql(f"ALTER ROLE {quoted}{secret}")
    revoke_roles(connection, login)
    group = _quoted(connection, role_name(database, role))
    connection.exec_driver_sql(f"GRANT {group} TO {quoted}")
    return found is None


def _hashed(connection: Connection, login: str, password: str) -> str:
    """The SCRAM verifier of ``password``, as an SQL literal (libpq's PQencryptPasswordConn)."""
    pgconn = connection.connection.driver_connection.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return "'" + verifier.decode().replace("'", "''") + "'"


def revoke_roles(connection: Connection, login: str) -> int:
    """Take back every role of this database from ``login`` (the login stays: it may serve
    other databases of the server). How many it had."""
    database = _database(connection)
    held = 0
    for role in ROLES:
        name = role_name(database, role)
        member = connection.execute(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :g AND u.rolname = :u"
            ),
            {"g": name, "u": login},
        ).first()
        if member is not None:
            held += 1
            connection.exec_driver_sql(
                f"REVOKE {_quoted(connection, name)} FROM {_quoted(connection, login)}"
            )
    return held


def officers(connection: Connection) -> list[tuple[str, str]]:
    """(login, role) of every officer of this database, by login."""
    database = _database(connection)
    by_name = {role_name(database, role): role for role in ROLES}
    rows = connection.execute(
        text(
            "SELECT u.rolname, g.rolname FROM pg_auth_members m "
            "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
            "WHERE g.rolname = ANY(:names) ORDER BY u.rolname, g.rolname"
        ),
        {"names": list(by_name)},
    )
    return [(login, by_name[group]) for login, group in rows]


def is_refusal(error: DBAPIError) -> bool:
    """The server refused the statement for the login's rights (a grant, a policy, a trigger)."""
    return getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def not_allowed(address: ServerAddress) -> NotAllowed:
    return NotAllowed(
        _(
            "The shared database refused this to {user}: their role does not allow it. Nothing "
            "was changed; the database's administrator can give another role."
        ).format(**address.in_message())
    )


@contextmanager
def refused_in_words(address: ServerAddress) -> Iterator[None]:
    """A statement the server refused for the login's rights becomes :class:`NotAllowed`."""
    try:
        yield
    except DBAPIError as exc:
        if not is_refusal(exc):
            raise
        raise not_allowed(address) from exc
