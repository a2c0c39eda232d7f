from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from workflows.opening import start_missing_processes, start_missing_tracks


class Command(BaseCommand):
    help = _("Mở quy trình xử lý cho mọi kết quả đang theo dõi mà chưa có (dữ liệu nhập, dữ liệu mẫu).")

    def handle(self, *args, **options):
        with translation.override("vi"):
            started = start_missing_processes()
            self.stdout.write(_("Đã mở %(count)d quy trình xử lý.") % {"count": started})
            # Each transfer and support under way has a process of its own, opened once its result's is.
            tracks = start_missing_tracks()
            self.stdout.write(_("Đã mở %(count)d quy trình chuyển giao, hỗ trợ.") % {"count": tracks})
            self.after_opening(started, **options)

    def after_opening(self, started, **options):
        """What an installation does once the processes are open (the demo app brings its office to today)."""
