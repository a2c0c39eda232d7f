"""`manage.py sync_workflows [--demo-claims]`: the workflows' command (open the missing processes), and with
`--demo-claims` the demo's office brought to today. The demo app is listed before workflows in INSTALLED_APPS, so
this command is the one `manage.py` runs; without the flag it does exactly what the workflows' command does."""

from django.utils.translation import gettext as _

from demo import work as demo
from workflows.management.commands import sync_workflows


class Command(sync_workflows.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--demo-claims",
            action="store_true",
            help=_("Dữ liệu mẫu: giao một phần việc cho chuyên viên để hộp việc không trống."),
        )

    def after_opening(self, started, *, demo_claims=False, **options):
        if not (demo_claims and started):
            return
        handed = demo.hand_out_demo_work()
        self.stdout.write(_("Đã giao %(count)d việc cho chuyên viên.") % {"count": handed})
        offered = demo.offer_to_idle_agencies()
        documents = demo.attach_dossiers()
        dated = demo.spread_due_dates()
        lapsed = demo.lapse_one_asset_report()
        self.stdout.write(
            _(
                "Dữ liệu mẫu: %(offered)d đề nghị chuyển giao mới, %(documents)d tài liệu hồ sơ, "
                "%(dated)d hạn xử lý đặt lại quanh hôm nay, %(lapsed)d hồ sơ quá hạn báo cáo tài sản."
            )
            % {"offered": offered, "documents": documents, "dated": dated, "lapsed": lapsed}
        )
