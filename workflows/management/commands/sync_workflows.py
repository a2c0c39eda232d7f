from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from workflows import demo
from workflows.processes import hand_out_demo_work, start_missing_processes


class Command(BaseCommand):
    help = _("Mở quy trình xử lý cho mọi kết quả đang theo dõi mà chưa có (dữ liệu nhập, dữ liệu mẫu).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-claims",
            action="store_true",
            help=_("Dữ liệu mẫu: giao một phần việc cho chuyên viên để hộp việc không trống."),
        )

    def handle(self, *args, demo_claims=False, **options):
        with translation.override("vi"):
            started = start_missing_processes()
            self.stdout.write(_("Đã mở %(count)d quy trình xử lý.") % {"count": started})
            if demo_claims and started:
                handed = hand_out_demo_work()
                self.stdout.write(_("Đã giao %(count)d việc cho chuyên viên.") % {"count": handed})
                offered = demo.offer_to_idle_agencies()
                documents = demo.attach_dossiers()
                dated = demo.spread_due_dates()
                self.stdout.write(
                    _(
                        "Dữ liệu mẫu: %(offered)d đề nghị chuyển giao mới, %(documents)d tài liệu hồ sơ, "
                        "%(dated)d hạn xử lý đặt lại quanh hôm nay."
                    )
                    % {"offered": offered, "documents": documents, "dated": dated}
                )
