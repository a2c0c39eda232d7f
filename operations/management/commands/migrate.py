"""`migrate` as the owner role, then the application role's grants (operations/roles.py).

With MIGRATION_DATABASE_URL set, the connection is reopened as the owner for the whole run (schema changes, data
migrations and post_migrate handlers alike), and the application role of DATABASE_URL is granted what it may do.
Without it, this is Django's own migrate.
"""

from django.core.management.commands import migrate

from operations.roles import connected_as_owner, grant_application_role, owner_configured


class Command(migrate.Command):
    def handle(self, *args, **options):
        database = options["database"]
        if not owner_configured(database):
            return super().handle(*args, **options)
        with connected_as_owner(database):
            super().handle(*args, **options)
            role = grant_application_role(database)
        if role and options["verbosity"] >= 1:
            self.stdout.write(f"Granted the application role {role} its privileges (audit events: INSERT, SELECT).")
