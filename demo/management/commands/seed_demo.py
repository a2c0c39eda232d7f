"""`manage.py seed_demo [--results N] [--seed S] [--keep-existing]`: the demo province (see demo)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo import DEMO_PASSWORD, builder
from demo import reports as reports_demo
from demo.agencies import BY_CODE
from demo.plan import PLAN_CODE
from reports.models import AnnualReport
from tasks_registry.lifecycle import Status
from tasks_registry.roles import Role


class Command(BaseCommand):
    @property
    def help(self):  # argparse formats plain strings only: translated when the help is asked for
        return _(
            "Tạo dữ liệu mẫu của một tỉnh: cơ quan, người dùng ở mọi vai trò, kế hoạch của tỉnh Đồng Tháp, nhiệm vụ và "
            "kết quả ở mọi trạng thái cùng toàn bộ nhật ký. Cùng --seed cho cùng dữ liệu."
        )

    def add_arguments(self, parser):
        parser.add_argument("--results", type=int, default=400, help=_("số kết quả cần tạo (mặc định 400)"))
        parser.add_argument("--seed", type=int, default=2025, help=_("hạt giống ngẫu nhiên (mặc định 2025)"))
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help=_("nếu đã có dữ liệu mẫu thì giữ nguyên, chỉ in danh sách tài khoản"),
        )
        parser.add_argument(
            "--chunk",
            type=int,
            default=builder.DEFAULT_CHUNK,
            help=_("số kết quả ghi mỗi lượt (mặc định %(default)s)"),
        )

    def handle(self, *args, results, seed, keep_existing, chunk, **options):
        if results < 0:
            raise CommandError(_("Số kết quả không được âm."))
        if chunk < 1:
            raise CommandError(_("Số kết quả mỗi lượt phải lớn hơn 0."))
        if builder.demo_exists():
            if not keep_existing:
                raise CommandError(
                    _(
                        "Cơ sở dữ liệu đã có dữ liệu mẫu (đã có cơ quan mã SKHCN). Dùng --keep-existing để giữ "
                        "nguyên dữ liệu, hoặc tạo cơ sở dữ liệu mới trước khi chạy lại."
                    )
                )
            self.stdout.write(_("Đã có dữ liệu mẫu; giữ nguyên."))
            if not AnnualReport.objects.exists():
                # A demo made before the reporting round existed: open it now.
                reports_demo.open_round(PLAN_CODE)
            self._print_logins()
            return

        started = time.monotonic()
        verbose = options.get("verbosity", 1) >= 1 and results > chunk

        def progress(done, total):
            if verbose:
                self.stdout.write(
                    _("… đã ghi %(done)s/%(total)s kết quả (%(seconds).0f giây)")
                    % {"done": done, "total": total, "seconds": time.monotonic() - started}
                )

        try:
            summary = builder.build(results=results, seed=seed, chunk=chunk, progress=progress)
        except builder.DemoError as error:
            raise CommandError(str(error)) from None
        self._print_logins()
        self._print_summary(summary, time.monotonic() - started)

    def _print_logins(self):
        rows = builder.logins()
        headers = (_("Tên đăng nhập"), _("Họ và tên"), _("Cơ quan"), _("Vai trò"))
        table = [
            (
                username,
                name,
                agency,
                role + (_(" (đến %(day)s)") % {"day": valid_to.strftime("%d/%m/%Y")} if valid_to else ""),
            )
            for username, name, agency, role, valid_to in rows
        ]
        table += [
            (username, name, BY_CODE[code].short_name, Role(role).label)
            for username, name, code, role in reports_demo.extra_logins()
        ]
        widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
        self.stdout.write(self.style.MIGRATE_HEADING(_("Tài khoản dùng thử:")))
        for row in [headers, ["-" * w for w in widths], *table]:
            self.stdout.write("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(
            self.style.SUCCESS(_("Mật khẩu chung của mọi tài khoản: %(password)s") % {"password": DEMO_PASSWORD})
        )

    def _print_summary(self, summary, seconds):
        self.stdout.write(self.style.MIGRATE_HEADING(_("Đã tạo dữ liệu mẫu:")))
        self.stdout.write(
            _(
                "Cơ quan: %(agencies)s · Người dùng: %(people)s · Nhiệm vụ: %(tasks)s · Kết quả: %(results)s · Sự kiện nhật ký: %(events)s"
            )
            % {
                "agencies": summary.agencies,
                "people": summary.people,
                "tasks": summary.tasks,
                "results": summary.results,
                "events": summary.events,
            }
        )
        self.stdout.write(_("Kết quả theo trạng thái:"))
        width = max(len(str(label)) for label in Status.labels)
        for status in Status:
            self.stdout.write(f"  {str(status.label).ljust(width)}  {summary.by_status.get(status.value, 0):>7}")
        self.stdout.write(_("Xong sau %(seconds).1f giây.") % {"seconds": seconds})
