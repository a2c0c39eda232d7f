"""The auditor's search box (audit/text_search.py): accent-insensitive substring search, served by indexes.

PostgreSQL only (SQLite skips every operation): the `unaccent` and `pg_trgm` extensions (trusted extensions, so
the owner role that runs migrations may create them; the application role never needs to), an IMMUTABLE wrapper
`f_unaccent` (unaccent itself is only STABLE, which an index expression refuses), and trigram GIN indexes on
`f_unaccent(lower(col))` for the columns the box searches: case titles, task titles and codes, registration
numbers, and the person's and agency's names recorded on each event.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

INDEXES = [
    ("audit_event_actor_name_trgm", "audit_event", "actor_name"),
    ("audit_event_agency_name_trgm", "audit_event", "agency_name"),
    ("result_title_trgm", "tasks_registry_result", "title"),
    ("result_registration_no_trgm", "tasks_registry_result", "registration_no"),
    ("sttask_title_trgm", "tasks_registry_sttask", "title"),
    ("sttask_code_trgm", "tasks_registry_sttask", "code"),
]


def postgres_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def forwards_statements():
    yield FUNCTION
    for name, table, column in INDEXES:
        yield f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (f_unaccent(lower({column})) gin_trgm_ops);"


def backwards_statements():
    for name, _table, _column in INDEXES:
        yield f"DROP INDEX IF EXISTS {name};"
    yield "DROP FUNCTION IF EXISTS f_unaccent(text);"


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_hmac_checkpoint_no_truncate"),
        ("tasks_registry", "0004_document_transfer"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            postgres_only("\n".join(forwards_statements())), postgres_only("\n".join(backwards_statements())),
        ),
    ]
