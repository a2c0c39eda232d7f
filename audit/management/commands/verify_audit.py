from django.core.management.base import BaseCommand, CommandError

from audit.verification import default_workers, run_and_store


class Command(BaseCommand):
    help = (
        "Recompute every audit hash chain and HMAC, compare the chains with the latest signed checkpoint, "
        "and name the first broken link of each."
    )
    # The system checks import every URLconf and view (1.3 s of a 4 s run on the demo log) and say nothing about
    # the log; `manage.py check --deploy` is the deployment's own step (docs/operations.md).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--case", help="verify one case only, e.g. tasks_registry.result:42")
        parser.add_argument("--checkpoint-dir", help="the checkpoint directory (default: AUDIT_CHECKPOINT_DIR)")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes checking the chains side by side, each with its own database connection "
            "(default: the number of CPUs, %(default)s here; 1: in this process)",
        )

    def handle(self, *args, case=None, checkpoint_dir=None, workers=None, **options):
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1")
        # Kept as a VerificationRun for the auditors' verification page and the health check.
        _run, report = run_and_store(case_key=case, checkpoint_dir=checkpoint_dir, workers=workers or default_workers())
        if report.checkpoint:
            checkpoint = report.checkpoint
            self.stdout.write(
                f"Checkpoint {checkpoint.name} ({len(checkpoint.chains)} chains, {checkpoint.events} events, "
                f"key {checkpoint.key_id}): signature valid"
            )
        elif not any(link.case_key == "checkpoint" for link in report.broken):
            self.stdout.write("No checkpoint yet: run `manage.py audit_checkpoint` periodically.")
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
