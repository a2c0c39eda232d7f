from django.core.management.base import BaseCommand

from audit import checkpoints


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint (every audit chain's length and head hash) as a new file in "
        "AUDIT_CHECKPOINT_DIR. Run it periodically (cron, systemd timer) and keep the files where auditors can."
    )

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint-dir", help="where to write (default: AUDIT_CHECKPOINT_DIR)")

    def handle(self, *args, checkpoint_dir=None, **options):
        checkpoint = checkpoints.write(checkpoint_dir)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint {checkpoint.path}: {len(checkpoint.chains)} chains, {checkpoint.events} events, "
                f"key {checkpoint.key_id}"
            )
        )
