"""Record the deadlines that lapsed with a legal consequence (the hourly worker does it too; safe to run again)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from workflows.lapses import note_lapses


class Command(BaseCommand):
    help = _(
        "Ghi nhận các thời hạn đã quá mà pháp luật quy định hệ quả (báo cáo tài sản trong 60 ngày, Nghị định "
        "70/2018/NĐ-CP) và chuyển hồ sơ cho cơ quan quản lý. Chạy lại trong ngày không ghi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Ngày xét (yyyy-mm-dd); mặc định hôm nay."))

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            day = parse_date(date)
            if day is None:
                raise CommandError(_("Ngày không hợp lệ: %(value)s (cần yyyy-mm-dd).") % {"value": date})
            if day > timezone.localdate():
                raise CommandError(_("Không xét một ngày trong tương lai: %(value)s.") % {"value": date})
        with translation.override("vi"):
            noted = note_lapses(day)
            self.stdout.write(_("Đã ghi nhận %(count)d hồ sơ quá hạn báo cáo tài sản.") % {"count": noted})
