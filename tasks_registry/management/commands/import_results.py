"""`manage.py import_results FILE.xlsx [--dry-run] [--user USERNAME]` and `--template OUT.xlsx`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tasks_registry.importing import import_workbook, template_workbook_bytes
from tasks_registry.lifecycle import Status


class Command(BaseCommand):
    help = (
        "Import tasks and their results from an Excel file made from the template (one row per result). "
        "The whole file is checked first; if any row is wrong nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the .xlsx file to import")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
        parser.add_argument("--user", metavar="USERNAME", help="the person the audit events are attributed to")
        parser.add_argument("--template", metavar="OUT.xlsx", help="write the empty template to this file and exit")

    def handle(self, *args, **options):
        # Commands run without a request: the messages are in the default language, Vietnamese.
        with translation.override("vi"):
            return self._handle(**options)

    def _handle(self, *, file, dry_run, user, template, **_options):
        if template:
            Path(template).write_bytes(template_workbook_bytes())
            self.stdout.write(_("Đã ghi tệp mẫu %(path)s.") % {"path": template})
            return
        if not file:
            raise CommandError(_("Cần chỉ ra tệp Excel cần nhập, hoặc --template TỆP.xlsx để lấy tệp mẫu."))
        actor = self._actor(user)

        report = import_workbook(file, actor=actor, dry_run=dry_run)
        if report.ignored_columns:
            self.stdout.write(
                _("Bỏ qua các cột không có trong mẫu: %(columns)s.")
                % {
                    "columns": ", ".join(f"«{label}»" for label in report.ignored_columns),
                }
            )
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Tệp %(name)s có %(count)s lỗi; không có dữ liệu nào được ghi.")
                % {
                    "name": report.file_name,
                    "count": len(report.errors),
                }
            )

        counts = {
            "rows": report.rows_read,
            "tasks_created": report.tasks_created,
            "tasks_reused": report.tasks_reused,
            "results": report.results_created,
            "addresses": report.addresses_created,
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Chạy thử: tệp hợp lệ, %(rows)s dòng. Nếu nhập sẽ tạo nhiệm vụ mới: %(tasks_created)s; dùng lại "
                    "nhiệm vụ đã có: %(tasks_reused)s; tạo kết quả: %(results)s; địa chỉ ứng dụng: %(addresses)s."
                )
                % counts
            )
            self.stdout.write(_("Không có dữ liệu nào được ghi (--dry-run)."))
            return
        self.stdout.write(
            _(
                "Đã nhập %(rows)s dòng. Nhiệm vụ tạo mới: %(tasks_created)s; nhiệm vụ đã có được dùng lại: "
                "%(tasks_reused)s; kết quả tạo mới: %(results)s; địa chỉ ứng dụng: %(addresses)s."
            )
            % counts
        )
        for status, count in sorted(report.status_counts.items(), key=lambda item: Status.values.index(item[0])):
            self.stdout.write(_("  %(status)s: %(count)s") % {"status": Status(status).label, "count": count})

    def _actor(self, username):
        if not username:
            return None
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("Không có người dùng «%(username)s».") % {"username": username}) from None
        if not user.is_active:
            raise CommandError(_("Tài khoản «%(username)s» đã bị khoá.") % {"username": username})
        return user
