from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications.tasks import start_schedule


class Command(BaseCommand):
    help = _("Bắt đầu (lại) lượt chạy hằng giờ của worker: nhắc việc và thư tổng hợp.")

    def handle(self, *args, **options):
        schedule = start_schedule()
        self.stdout.write(_("Lượt chạy hằng giờ bắt đầu lúc %(when)s.") % {"when": schedule.next_run_at.isoformat()})
