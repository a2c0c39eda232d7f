"""The two PostgreSQL roles: the owner runs migrations, the application role runs the site.

The application role reads and writes ordinary tables, but owns nothing: it can neither TRUNCATE a table nor
ALTER TABLE ... DISABLE/DROP TRIGGER. On the audit log it may only INSERT and SELECT the events, and INSERT, SELECT
and UPDATE the chain heads (which serialise appends). `grant_application_role` is run by `migrate`, as the owner,
after every migration, so tables that later migrations add get their grants too (no ALTER DEFAULT PRIVILEGES: a
new audit table must not start out writable).

Which role is which comes from the settings: DATABASE_URL is the application role, MIGRATION_DATABASE_URL the
owner (settings.DATABASE_OWNER). Without an owner configured (the SQLite demo) one role does everything.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")
# Tables on which the application role gets less than SELECT, INSERT, UPDATE, DELETE.
RESTRICTED = {
    "audit_event": "SELECT, INSERT",
    "audit_chainhead": "SELECT, INSERT, UPDATE",
}


def owner_configured(alias=DEFAULT_DB_ALIAS) -> bool:
    return settings.DATABASE_OWNER is not None and connections[alias].vendor == "postgresql"


def application_role(alias=DEFAULT_DB_ALIAS) -> str:
    connection = connections[alias]
    return getattr(connection, "_application_role", None) or connection.settings_dict["USER"]


@contextmanager
def connected_as_owner(alias=DEFAULT_DB_ALIAS):
    """Reconnect `alias` as the owner role for the block (same database name), then as the application again.

    The connection is closed on the way in and out, so this must not be used inside a transaction.
    """
    connection = connections[alias]
    if not owner_configured(alias) or getattr(connection, "_application_role", None):
        yield connection
        return
    saved = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update({key: settings.DATABASE_OWNER.get(key, "") for key in CREDENTIALS})
    connection._application_role = saved["USER"]
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(saved)
        del connection._application_role


def grant_application_role(alias=DEFAULT_DB_ALIAS) -> str | None:
    """As the owner: give the application role DML on every table, less on the audit log. Returns the role."""
    connection = connections[alias]
    role = application_role(alias)
    if connection.vendor != "postgresql" or not role:
        return None
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_schema()")
        owner, schema = cursor.fetchone()
        if owner == role:
            return None  # one role for everything (development): nothing to grant
        grantee, schema = quote(role), quote(schema)
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {grantee}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}")
        for table, allowed in RESTRICTED.items():
            # REVOKE ALL first: whatever an operator granted by hand, only `allowed` is left.
            cursor.execute(f"REVOKE ALL ON {schema}.{quote(table)} FROM PUBLIC, {grantee}")
            cursor.execute(f"GRANT {allowed} ON {schema}.{quote(table)} TO {grantee}")
    return role


def audit_log_exposure(alias=DEFAULT_DB_ALIAS) -> list[str]:
    """What the connected role could do to the audit events that it must not (empty when it is protected)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return []
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableowner = current_user, has_table_privilege('audit_event', 'UPDATE'),"
            " has_table_privilege('audit_event', 'DELETE'), has_table_privilege('audit_event', 'TRUNCATE'),"
            " has_table_privilege('audit_event', 'TRIGGER'),"
            " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " FROM pg_tables WHERE tablename = 'audit_event' AND schemaname = current_schema()"
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal"
            " AND tgenabled <> 'D'"
        )
        triggers = {name for (name,) in cursor.fetchall()}
    if row is None:
        return ["audit_event table missing"]
    for flag, what in zip(
        row, ("owns the table", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "is a superuser"), strict=True
    ):
        if flag:
            problems.append(what)
    for name in ("audit_event_append_only", "audit_event_no_truncate"):
        if name not in triggers:
            problems.append(f"trigger {name} missing or disabled")
    return problems
