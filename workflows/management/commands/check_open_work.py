"""Find every result that is not in a final state and has no live task, and route it again (with an event).

A result can be left without work by an engine-level change made outside the audited pages (a database repair,
an older version's cancel) or by a process that stopped on an error. Safe to run at any time (cron, after a
restore); `--dry-run` only lists what it would reopen. This is also the documented recovery command for
viewflow's engine-level actions, which the site itself offers to nobody.
"""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from workflows.processes import orphaned_results, reopen_orphaned_results


class Command(BaseCommand):
    help = _("Tìm kết quả chưa kết thúc mà không còn việc nào đang chờ, và mở lại việc cho chúng (có ghi nhật ký).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ liệt kê, không thay đổi gì."))

    def handle(self, *args, dry_run=False, **options):
        with translation.override("vi"):
            if dry_run:
                found = list(orphaned_results().values_list("pk", "title"))
                for pk, title in found:
                    self.stdout.write(
                        _("Kết quả #%(pk)s «%(title)s» không còn việc nào đang chờ.") % {"pk": pk, "title": title}
                    )
                self.stdout.write(_("Tìm thấy %(count)d kết quả không còn việc đang chờ.") % {"count": len(found)})
                return
            reopened = reopen_orphaned_results(comment=_("Kiểm tra việc đang chờ (check_open_work)"))
            self.stdout.write(_("Đã mở lại việc cho %(count)d kết quả.") % {"count": len(reopened)})
