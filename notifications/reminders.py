"""Reminders of due dates on the Vietnamese working calendar: due soon, overdue, and overdue to the head.

Run by `manage.py send_reminders` (cron) and by the hourly worker task. Every reminder's key holds the person, the
item and the day, so running it twice in a day tells nobody twice.
"""

from functools import lru_cache

from django.db import transaction
from django.utils import timezone
from viewflow.workflow import STATUS

from tasks_registry.roles import Role
from workflows.calendar import add_working_days

from . import recipients
from .models import Kind, ReminderRule
from .services import notify
from .texts import msgid

ANNUAL_REPORT = "annual_report"
DRAFTING = "Lập báo cáo"  # the msgid of the annual report's drafting task (reports.annual_report_flow)


class Rules:
    def __init__(self):
        self.by_work = {rule.work: rule for rule in ReminderRule.objects.all()}
        self.default = self.by_work.get("") or ReminderRule(work="")

    def for_work(self, work):
        return self.by_work.get(work, self.default)


def _calendar():
    @lru_cache(maxsize=None)
    def plus_working_days(day, days):
        return add_working_days(day, days)

    return plus_working_days


def _stage(today, due_on, rule, plus):
    """None, "due_soon", "overdue" or "escalated" for an item due on `due_on`, seen on `today`."""
    if due_on is None:
        return None
    if due_on >= today:
        return Kind.DUE_SOON if due_on <= plus(today, rule.remind_days_before) else None
    return Kind.ESCALATED if plus(due_on, rule.escalate_after_days) <= today else Kind.OVERDUE


def _work_items():
    from workflows.models import WorkItem

    return (
        WorkItem.objects.filter(task__status__in=[STATUS.NEW, STATUS.ASSIGNED], due_on__isnull=False)
        .select_related("task", "task__owner", "result", "agency")
        .order_by("pk")
    )


def _remind_work(item, stage, today):
    from .links import case_link_for_result, task_link

    people = [item.task.owner] if item.task.owner_id else recipients.members(item.agency, [item.role])
    common = dict(
        case_title=item.result.title,
        subject_msgid=_work_title(item.work),
        due_on=item.due_on,
        link=task_link(item.task),
        case_link=case_link_for_result(item.result),
        task=item.task,
    )
    day = today.isoformat()
    told = notify(
        Kind.OVERDUE if stage == Kind.ESCALATED else stage,
        people,
        key=f"{'overdue' if stage == Kind.ESCALATED else stage}:work{item.pk}:{day}",
        **common,
    )
    if stage == Kind.ESCALATED:
        heads = [head for head in recipients.members(item.agency, [Role.HEAD]) if head.pk != item.task.owner_id]
        told += notify(Kind.ESCALATED, heads, key=f"escalated:work{item.pk}:{day}", **common)
    return len(told)


def _work_title(work_name):
    from workflows.pending import WORKS

    work = WORKS.get(work_name)
    return msgid(work.title) if work else work_name


def _remind_reports(today, rules, plus):
    from reports.models import AnnualReport, ReportStatus

    from .links import report_link

    rule, told = rules.for_work(ANNUAL_REPORT), 0
    for report in AnnualReport.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]).select_related(
        "agency"
    ):
        stage = _stage(today, report.deadline, rule, plus)
        if stage is None:
            continue
        people = recipients.members(report.agency, [Role.REPORTER])
        common = dict(
            case_title=str(report),
            subject_msgid=DRAFTING,
            due_on=report.deadline,
            link=report_link(report),
            case_link=report_link(report),
        )
        kind = Kind.REPORT_DUE if stage == Kind.DUE_SOON else Kind.OVERDUE
        told += len(notify(kind, people, key=f"{kind}:report{report.pk}:{today.isoformat()}", **common))
        if stage == Kind.ESCALATED:
            told += len(
                notify(
                    Kind.ESCALATED,
                    recipients.members(report.agency, [Role.HEAD]),
                    key=f"escalated:report{report.pk}:{today.isoformat()}",
                    **common,
                )
            )
    return told


def send_reminders(today=None):
    """Tell whoever must act about what is due soon or overdue today; returns how many people were told."""
    today = today or timezone.localdate()
    rules, plus, told = Rules(), _calendar(), 0
    for item in _work_items().iterator(chunk_size=500):
        stage = _stage(today, item.due_on, rules.for_work(item.work), plus)
        if stage is not None:
            with transaction.atomic():
                told += _remind_work(item, stage, today)
    with transaction.atomic():
        told += _remind_reports(today, rules, plus)
    return told
