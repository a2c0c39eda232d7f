"""`manage.py import_plan FILE.xlsx --plan CODE [--user USERNAME]`: the tasks of a plan from its appendix sheet."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports.models import Plan
from reports.plan_import import PlanImportError, import_plan


class Command(BaseCommand):
    help = "Import the tasks of a plan (columns STT, task, lead agency code, coordinating codes ;-separated, timeline)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--plan", required=True, help="the plan's code (số, ký hiệu)")
        parser.add_argument("--user", metavar="USERNAME", help="the person the audit event is attributed to")

    def handle(self, *args, file, plan, user=None, **options):
        with translation.override("vi"):
            found = Plan.objects.filter(code=plan).first()
            if found is None:
                raise CommandError(_("Không có kế hoạch «%(code)s».") % {"code": plan})
            actor = get_user_model().objects.filter(username=user).first() if user else None
            try:
                count = import_plan(found, file, actor=actor)
            except PlanImportError as error:
                raise CommandError(_("Không nhập gì. Lỗi:") + "\n" + "\n".join(error.errors)) from None
            self.stdout.write(_("Đã nhập %(count)s nhiệm vụ.") % {"count": count})
