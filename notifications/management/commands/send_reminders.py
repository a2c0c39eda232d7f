from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from notifications.digests import send_due_digests
from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = _(
        "Nhắc việc sắp đến hạn, quá hạn (và báo lãnh đạo), gửi thư tổng hợp đến giờ. Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Ngày xét (yyyy-mm-dd); mặc định hôm nay."))
        parser.add_argument("--no-digests", action="store_true", help=_("Không gửi thư tổng hợp."))

    def handle(self, *args, date=None, no_digests=False, **options):
        day = None
        if date:
            day = parse_date(date)
            if day is None:
                raise CommandError(_("Ngày không hợp lệ: %(value)s (cần yyyy-mm-dd).") % {"value": date})
        told = send_reminders(day)
        digests = 0 if no_digests else send_due_digests()
        self.stdout.write(
            _("Đã nhắc %(told)d lượt, gửi %(digests)d thư tổng hợp.") % {"told": told, "digests": digests}
        )
