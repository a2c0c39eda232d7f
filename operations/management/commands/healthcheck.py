"""`manage.py healthcheck`: one line per check and exit status 1 if any fails, for monitoring (operations/health.py)."""

from django.core.management.base import BaseCommand, CommandError

from operations.health import run_all


class Command(BaseCommand):
    help = "Check the database, migrations, the task worker, the last audit verification and checkpoint."

    def handle(self, *args, **options):
        outcomes = run_all()
        for outcome in outcomes:
            line = f"{'OK  ' if outcome.ok else 'FAIL'} {outcome.name}: {outcome.detail}"
            self.stdout.write(self.style.SUCCESS(line) if outcome.ok else self.style.ERROR(line))
        failed = [outcome.name for outcome in outcomes if not outcome.ok]
        if failed:
            raise CommandError(f"unhealthy: {', '.join(failed)}")
        self.stdout.write("healthy")
