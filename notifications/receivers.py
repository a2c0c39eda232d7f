"""The events people are told about, heard where they happen (each inside the transaction of its change).

New work (a work item created in an agency's queue), a task handed to someone, a dossier returned, a decision,
an annual report opened, returned or accepted, and an audit verification that found a broken chain. Each hook is one
small function: the apps that change things only send their signals.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from viewflow.workflow import STATUS

from audit.models import VerificationRun
from reports.signals import report_changed, report_opened
from tasks_registry.lifecycle import Party
from tasks_registry.roles import Role
from tasks_registry.signals import result_changed
from workflows.models import WorkItem
from workflows.pending import WORKS
from workflows.signals import task_assigned

from . import recipients
from .links import case_link_for_result, report_link, task_link
from .models import Kind, Notification
from .services import notify
from .texts import msgid

# Steps that send a dossier back for completion, and the party that must complete it.
RETURN_STEPS = {
    "return_acceptance": Party.HOST,
    "return_registration": Party.HOST,
    "return_ownership": Party.HOST,
    "return_support": Party.APPLICANT,
    "return_ownership_submission": Party.MANAGING,
}
# What the system itself finds on a result (no person's step), and the party it concerns: a host whose 60 days to
# report the asset lapsed learns why its task moved to the Sở (workflows.lapses).
FINDINGS = {"asset_report_overdue": (Party.HOST, "apply_for_ownership")}
# Decisions on a result, and the party whose result it is.
DECISION_STEPS = {
    "accept": Party.HOST,
    "reject": Party.HOST,
    "register": Party.HOST,
    "decide_ownership": Party.HOST,
    "grant_support": Party.APPLICANT,
    "refuse_support": Party.APPLICANT,
}
# Work that only exists after a return: the "returned" notification already says it, with the reason.
RESUBMISSION_WORKS = {"complete_acceptance", "complete_registration", "complete_ownership", "complete_support"}
WORKING_ROLES = [Role.OFFICER, Role.HEAD]


@receiver(post_save, sender=WorkItem, dispatch_uid="notifications_new_work")
def new_work(sender, instance, created, **kwargs):
    if not created:
        return
    item, task = instance, instance.task
    link = task_link(task)
    if item.work in RESUBMISSION_WORKS:
        # Point the "returned" notifications of this result (same transaction) at the task that now waits.
        Notification.objects.filter(
            kind=Kind.RETURNED, key__startswith=f"returned:result{item.result_id}:", task__isnull=True
        ).update(task=task, link=link)
        return
    work = WORKS.get(item.work)
    people = recipients.members(item.agency, [item.role, Role.HEAD])  # heads follow their agency's queue
    notify(
        Kind.NEW_WORK,
        people,
        key=f"new_work:task{task.pk}",
        case_title=item.result.title,
        subject_msgid=msgid(work.title) if work else item.work,
        due_on=item.due_on,
        link=link,
        case_link=case_link_for_result(item.result),
        task=task,
    )


@receiver(task_assigned, dispatch_uid="notifications_task_assigned")
def assigned(sender, task, owner, by=None, comment="", **kwargs):
    if by is not None and by.pk == owner.pk:
        return
    work = getattr(task, "work", None)
    if work is None:
        return
    title = WORKS.get(work.work)
    notify(
        Kind.ASSIGNED,
        [owner],
        key=f"assigned:task{task.pk}:owner{owner.pk}:{task.owner_id}:{_stamp(task)}",
        case_title=work.result.title,
        subject_msgid=msgid(title.title) if title else work.work,
        detail=comment,
        due_on=work.due_on,
        link=task_link(task),
        case_link=case_link_for_result(work.result),
        task=task,
    )


def _stamp(obj):
    from django.utils import timezone

    return int(timezone.now().timestamp() * 1000)


def _tell_finding(result, step, comment, due_on):
    """The party a finding concerns is told its work is overdue (and has moved on), with the system's words."""
    from tasks_registry.access import agency_for_party

    party, work = FINDINGS[step]
    notify(
        Kind.OVERDUE,
        recipients.members(agency_for_party(result, party), WORKING_ROLES),
        key=f"{Kind.OVERDUE}:result{result.pk}:{step}",
        case_title=result.title,
        subject_msgid=msgid(WORKS[work].title),
        detail=comment or "",
        due_on=due_on,
        case_link=case_link_for_result(result),
        link=case_link_for_result(result),
    )


@receiver(result_changed, dispatch_uid="notifications_result_changed")
def result_step(sender, result, step, comment="", **kwargs):
    from tasks_registry.access import agency_for_party
    from tasks_registry.lifecycle import STEPS

    if step in RETURN_STEPS:
        kind, party = Kind.RETURNED, RETURN_STEPS[step]
    elif step in DECISION_STEPS:
        kind, party = Kind.DECIDED, DECISION_STEPS[step]
    elif step in FINDINGS:
        _tell_finding(result, step, comment, kwargs.get("due_on"))
        return
    else:
        return
    subject = kwargs.get("subject")
    # A step of one of the result's supports leaves the result's own time as it was: the support tells them apart.
    stamp = (
        f"{subject._meta.model_name}{subject.pk}:{_stamp(subject)}"
        if subject is not None
        else int(result.status_changed_at.timestamp() * 1000)
        if result.status_changed_at
        else _stamp(result)
    )
    told = notify(
        kind,
        recipients.members(agency_for_party(result, party, subject), WORKING_ROLES),
        key=f"{kind}:result{result.pk}:{step}:{stamp}",
        case_title=result.title,
        subject_msgid=msgid(STEPS[step].label),
        detail=comment or "",
        case_link=case_link_for_result(result),
        link=case_link_for_result(result),
    )
    if kind == Kind.RETURNED and told:
        # When the change came from outside a task page, the flow has already put the resubmission in the queue.
        waiting = (
            WorkItem.objects.filter(
                result=result, work__in=RESUBMISSION_WORKS, task__status__in=[STATUS.NEW, STATUS.ASSIGNED]
            )
            .select_related("task")
            .order_by("-pk")
            .first()
        )
        if waiting is not None:
            Notification.objects.filter(pk__in=[n.pk for n in told]).update(
                task=waiting.task, link=task_link(waiting.task)
            )


@receiver(report_opened, dispatch_uid="notifications_report_opened")
def report_round_opened(sender, report, **kwargs):
    link = report_link(report)
    notify(
        Kind.REPORT_OPENED,
        recipients.members(report.agency, [Role.REPORTER, Role.HEAD]),
        key=f"report_opened:report{report.pk}",
        case_title=str(report),
        due_on=report.deadline,
        link=link,
        case_link=link,
    )


@receiver(report_changed, dispatch_uid="notifications_report_changed")
def report_step(sender, report, action, comment="", **kwargs):
    link, stamp = report_link(report), _stamp(report)
    common = dict(case_title=str(report), detail=comment or "", due_on=report.deadline, link=link, case_link=link)
    if action in ("approve_and_submit", "resubmit"):
        notify(
            Kind.NEW_WORK,
            recipients.members(report.reviewer, WORKING_ROLES),
            key=f"new_work:report{report.pk}:{stamp}",
            subject_msgid=msgid(_REVIEW_TITLE),
            **common,
        )
    elif action == "accept":
        notify(
            Kind.REPORT_ACCEPTED,
            recipients.members(report.agency, [Role.REPORTER, Role.HEAD]),
            key=f"report_accepted:report{report.pk}",
            **common,
        )
    elif action == "return_with_comments":
        notify(
            Kind.REPORT_RETURNED,
            recipients.members(report.agency, [Role.REPORTER, Role.HEAD]),
            key=f"report_returned:report{report.pk}:{stamp}",
            **common,
        )


@receiver(post_save, sender=VerificationRun, dispatch_uid="notifications_chain_broken")
def verification_finished(sender, instance, created, **kwargs):
    if not created or instance.ok:
        return
    from django.urls import reverse

    broken = instance.broken or []
    cases = sorted({str(link.get("case_key", "")) for link in broken if isinstance(link, dict)})
    lines = [
        f"{link.get('case_key')} #{link.get('seq')}: {link.get('reason')}"
        for link in broken[:20]
        if isinstance(link, dict)
    ]
    with transaction.atomic():
        notify(
            Kind.CHAIN_BROKEN,
            recipients.administrators_and_auditors(),
            key=f"chain_broken:run{instance.pk}",
            case_title=", ".join(cases)[:500],
            detail="\n".join(lines),
            link=reverse("audit:verification"),
            case_link=reverse("audit:verification"),
        )


def _review_title():
    from django.utils.translation import gettext_lazy as _

    return _("Tiếp nhận báo cáo")


_REVIEW_TITLE = _review_title()
