from django.core.management.base import BaseCommand, CommandError

from audit.verification import run_and_store


class Command(BaseCommand):
    help = "Recompute every audit hash chain and name the first broken link of each."

    def add_arguments(self, parser):
        parser.add_argument("--case", help="verify one case only, e.g. tasks_registry.result:42")

    def handle(self, *args, case=None, **options):
        _run, report = run_and_store(case_key=case)  # kept for the auditors' verification page
        for link in report.broken:
            event = f"event id {link.event_id}" if link.event_id else "no event"
            self.stdout.write(f"BROKEN {link.case_key} at #{link.seq} ({event}): {link.reason}")
        summary = (
            f"{report.chains_checked} chains checked, {report.events_checked} events checked, "
            f"{len(report.broken)} broken"
        )
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
