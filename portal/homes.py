"""What a person can act on now, for their home page: one `Action` per thing, each with the one button that does it.

Sections by role (a person with several roles sees each of theirs):
- officer: my work by due date, my agencies' queue (claim with one button);
- head: awaiting my decision (work of the head's role), overdue work of the agency (workload is in `dashboard`);
- host: our results and what each waits for (whose move it is, by when);
- receiving unit: results offered to us;
- reporter: the annual report to draft or to fix;
- auditor: recent cases in scope, each opening its timeline (the search box is the template's);
- ministry: the provinces, each opening its consolidation.
Every query is scoped by the selectors (`visible_results`, `visible_reports`, the person's queue permissions),
and each section runs a fixed number of queries whatever the volume.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from audit.workspace.access import RESULT_CASE_PREFIX, visible_events
from reports.access import visible_reports
from reports.models import ReportStatus
from tasks_registry.access import is_ministry
from tasks_registry.lifecycle import FINAL_STATES
from tasks_registry.models import Province, Transfer
from tasks_registry.models.results import TransferStatus
from tasks_registry.roles import Role
from tasks_registry.selectors import visible_results
from workflows.lists import LIST_RELATED, by_due_date, queue_of, subject_text, with_subjects
from workflows.pending import WORKS
from workflows.permissions import QUEUE_ROLES, queue_permissions_of

OPEN = (STATUS.NEW, STATUS.ASSIGNED)
SECTION_SIZE = 10  # actions a section lists
ROWS_READ = SECTION_SIZE + 1  # each selector reads one more, to know whether there are more than it lists
# Where a section's whole list is, when it has more than it lists.
FULL_LIST = {
    "recent-cases": "/audit/",
    "awaiting-decision": "/workflow/result/tasks/",
    "my-work": "/workflow/result/inbox/",
    "queue": "/workflow/result/queue/",
    "agency-reports": "/reports/",
    "overdue": "/workflow/result/tasks/",
    "offers": "/results/",
    "hosted": "/results/",
    "reports": "/reports/",
}
CLAIM, OPEN_PAGE = "claim", "open"


@dataclass
class Action:
    title: str  # what to do, in words (the work's Vietnamese label)
    subject: str  # on what: the case title and its registration number, or the report
    url: str
    button: str
    method: str = OPEN_PAGE  # CLAIM: a POST that claims the task and continues to it
    detail: str = ""  # agency, who it waits for
    due_on: object = None
    overdue: bool = False


def _subject_of(task):
    work = getattr(task, "work", None)
    if work is not None:
        result = work.result
        return f"{result.title} ({result.registration_no})" if result.registration_no else result.title
    report = _report_of(task)
    if report is not None:
        return _("Báo cáo năm %(year)s của %(agency)s") % {"year": report.year, "agency": report.agency.name}
    return ""


def _report_of(task):
    from reports.annual_report_flow import AnnualReportFlow

    if task.process.flow_class is not AnnualReportFlow:
        return None
    return AnnualReportFlow.process_class.objects.get(pk=task.process_id).report


def _task_action(task, today, *, claim):
    node = task.flow_task
    work = getattr(task, "work", None)
    due = work.due_on if work else None
    args = [task.process_id, task.pk]
    if claim:
        url, button, method = node.reverse("assign", args=args), _("Nhận việc"), CLAIM
    else:
        url, button, method = node.reverse("index", args=args), _("Xử lý"), OPEN_PAGE
    about = subject_text(task)
    return Action(
        title=f"{node.task_title} · {about}" if about else str(node.task_title),
        subject=_subject_of(task),
        url=url,
        button=button,
        method=method,
        detail=work.agency.name if work else "",
        due_on=due,
        overdue=bool(due and due < today),
    )


def _human_tasks():
    return with_subjects(Task.objects.filter(flow_task_type="HUMAN").select_related(*LIST_RELATED))


def my_work(user, today):
    tasks = by_due_date(_human_tasks().filter(owner=user, status=STATUS.ASSIGNED))[:ROWS_READ]
    return [_task_action(task, today, claim=False) for task in tasks]


def _urgency(task):
    """The queues' order (lists.QUEUE_ORDER) for tasks from two lists: due date (none last), priority, arrival."""
    work = getattr(task, "work", None)
    due = work.due_on if work else None
    return due is None, due or datetime.date.min, -(work.priority if work else 0), task.created


def agency_queue(user, today, *, exclude_roles=()):
    """Unclaimed work the person may take: their agencies' queues (results and annual reports).

    The results' work is read from the queue index in its order (`lists.queue_of`), a section's worth and no more;
    the annual reports waiting (a few per agency and year) are added and the two sorted together.
    """
    from reports.annual_report_flow import AnnualReportFlow
    from workflows.flows import ResultFlow

    permissions = queue_permissions_of(user)
    if user.is_superuser:
        results_work = by_due_date(
            _human_tasks()
            .filter(
                status=STATUS.NEW,
                owner_permission__in=permissions,
                process__flow_class=ResultFlow,
            )
            .exclude(work__role__in=exclude_roles)
        )
    else:
        results_work = with_subjects(
            queue_of(user, ResultFlow, roles_left_out=exclude_roles).select_related(*LIST_RELATED)
        )
    reports_work = by_due_date(
        _human_tasks().filter(
            status=STATUS.NEW,
            owner_permission__in=permissions,
            flow_task__in=_human_nodes(AnnualReportFlow),
        )
    )
    tasks = sorted([*results_work[:ROWS_READ], *reports_work[:ROWS_READ]], key=_urgency)[:ROWS_READ]
    return [_task_action(task, today, claim=True) for task in tasks]


def _human_nodes(flow_class):
    return [node for node in flow_class.instance.nodes() if node.task_type == "HUMAN"]


def awaiting_decision(user, today, headed):
    """Work only a head takes (decisions on results, approval of the agency's annual report) in the agencies the
    person heads: claim it or open it. A report's approval carries its agency's head permission.

    Three short reads, each a section's worth: the decisions waiting in the headed agencies' queues (from the queue
    index in its order, as `agency_queue`), the decisions the person has claimed, and the reports' approvals."""
    from reports.annual_report_flow import AnnualReportFlow

    permissions = queue_permissions_of(user)
    mine_or_waiting = Q(status=STATUS.NEW, owner_permission__in=permissions) | Q(status=STATUS.ASSIGNED, owner=user)
    waiting = decisions_waiting(user, headed)
    claimed = _human_tasks().filter(_heads_work(headed), status=STATUS.ASSIGNED, owner=user)
    approvals = _human_tasks().filter(mine_or_waiting, flow_task=AnnualReportFlow.approve)
    tasks = {
        task.pk: task
        for task in (
            *waiting[:ROWS_READ],
            *by_due_date(claimed)[:ROWS_READ],
            *by_due_date(approvals)[:ROWS_READ],
        )
    }
    ordered = sorted(tasks.values(), key=_urgency)[:ROWS_READ]
    return [_task_action(task, today, claim=task.status == STATUS.NEW) for task in ordered]


def _heads_work(headed):
    return Q(work__agency_id__in=headed, work__role=Role.HEAD)


def decisions_waiting(user, headed):
    """The results' decisions waiting, unclaimed, in the queues of the agencies the person heads, most urgent first."""
    from workflows.flows import ResultFlow

    if user.is_superuser:  # a superuser's queue is every queue: only their memberships' permissions count here
        permissions = queue_permissions_of(user)
        return by_due_date(
            _human_tasks().filter(_heads_work(headed), status=STATUS.NEW, owner_permission__in=permissions)
        )
    others = [role for role in QUEUE_ROLES if role != Role.HEAD]
    return with_subjects(queue_of(user, ResultFlow, roles_left_out=others).select_related(*LIST_RELATED))


def overdue_work(user, today, headed):
    tasks = _human_tasks().filter(status__in=OPEN, work__agency_id__in=headed, work__due_on__lt=today)
    actions = []
    for task in by_due_date(tasks)[:ROWS_READ]:
        action = _task_action(task, today, claim=False)
        action.button = _("Mở việc")
        owner = task.owner
        action.detail = (
            _("%(agency)s · đang do %(person)s xử lý")
            % {"agency": action.detail, "person": owner.get_full_name() or owner}
            if owner
            else _("%(agency)s · chưa ai nhận") % {"agency": action.detail}
        )
        actions.append(action)
    return actions


def hosted_results(user, today, agencies):
    """Results our agencies host that are still moving, and what each waits for (whose move, by when)."""
    results = (
        visible_results(user)
        .filter(task__host_id__in=agencies)
        .exclude(status__in=FINAL_STATES)
        .filter(work_items__task__status__in=OPEN)
        .distinct()
        .select_related("task")
        .order_by("-status_changed_at", "-id")[:ROWS_READ]
    )
    results = list(results)
    waiting = {}
    # What the result itself waits for (its own process), not one of its transfers or supports.
    open_work = Task.objects.filter(
        flow_task_type="HUMAN", status__in=OPEN, work__result__in=results, process__seed_object_id__isnull=True
    )
    for task in open_work.select_related("work", "work__agency", "process"):
        waiting[task.work.result_id] = task
    actions = []
    for result in results:
        task = waiting.get(result.pk)
        subject = f"{result.title} ({result.registration_no})" if result.registration_no else result.title
        if task is None:
            actions.append(
                Action(
                    title=result.get_status_display(),
                    subject=subject,
                    button=_("Xem hồ sơ"),
                    url=reverse("result-detail", args=[result.pk]),
                )
            )
            continue
        ours = task.work.agency_id in agencies
        due = task.work.due_on
        actions.append(
            Action(
                title=str(task.flow_task.task_title),
                subject=subject,
                detail=(_("Việc của đơn vị") if ours else _("Chờ %(agency)s") % {"agency": task.work.agency.name}),
                url=task.flow_task.reverse("index", args=[task.process_id, task.pk])
                if ours
                else reverse("result-detail", args=[result.pk]),
                button=_("Xử lý") if ours else _("Xem hồ sơ"),
                due_on=due,
                overdue=bool(due and due < today),
            )
        )
    return actions


def offered_to_us(user, today, agencies):
    """Transfers offered to our agencies and not yet answered: the answer is the receiving unit's work."""
    offers = list(
        Transfer.objects.filter(receiving_unit_id__in=agencies, status=TransferStatus.OFFERED)
        .select_related("result", "result__task__host", "result__ownership_holder", "receiving_unit")
        .order_by("offered_on", "pk")[:ROWS_READ]
    )
    # Each offer's answer is the task of the offer's own process (a result may be offered to several units).
    tasks = {
        int(task.process.seed_object_id): task
        for task in Task.objects.filter(
            flow_task_type="HUMAN",
            status__in=OPEN,
            work__agency_id__in=agencies,
            work__work="answer_transfer",
            process__seed_content_type=ContentType.objects.get_for_model(Transfer),
            process__seed_object_id__in=[offer.pk for offer in offers],
        ).select_related("work", "process")
    }
    actions = []
    for offer in offers:
        result, task = offer.result, tasks.get(offer.pk)
        offered_by = result.ownership_holder or result.task.host
        subject = f"{result.title} ({result.registration_no})" if result.registration_no else result.title
        action = Action(
            title=WORKS["answer_transfer"].title,
            subject=subject,  # the same name as the task's own page
            detail=_("%(owner)s đề nghị ngày %(day)s")
            % {"owner": offered_by.name, "day": offer.offered_on.strftime("%d/%m/%Y")},
            url=reverse("result-detail", args=[result.pk]),
            button=_("Xem hồ sơ"),
        )
        if task is not None:
            args = [task.process_id, task.pk]
            if task.status == STATUS.NEW:
                action.url, action.button, action.method = (
                    task.flow_task.reverse("assign", args=args),
                    _("Nhận việc"),
                    CLAIM,
                )
            elif task.owner_id == user.pk:
                action.url, action.button = task.flow_task.reverse("index", args=args), _("Xử lý")
            action.due_on = task.work.due_on
            action.overdue = bool(action.due_on and action.due_on < today)
        actions.append(action)
    return actions


def reports_to_write(user, agencies):
    """Our agencies' annual reports in draft or sent back, while the draft is the reporter's to write (not while
    it waits for the head's approval, when the reporter could only read it): the reporter's one job."""
    from django.db.models import Exists, OuterRef

    from reports.annual_report_flow import AnnualReportFlow

    # The draft task is only ever in an annual report's flow, whose artifact is the report: no content type needed
    # (looking it up would cost a query the first time a page is served).
    drafting = Task.objects.filter(
        flow_task=AnnualReportFlow.draft,
        status__in=OPEN,
        process__artifact_object_id=OuterRef("pk"),
    )
    reports = (
        visible_reports(user)
        .filter(agency_id__in=agencies, status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED))
        .filter(Exists(drafting))
        .select_related("agency", "round")
        .order_by("deadline", "pk")[:ROWS_READ]
    )
    actions = []
    for report in reports:
        returned = report.status == ReportStatus.RETURNED
        actions.append(
            Action(
                title=_("Sửa báo cáo theo ý kiến trả lại") if returned else _("Soạn báo cáo"),
                subject=_("Báo cáo năm %(year)s của %(agency)s") % {"year": report.year, "agency": report.agency.name},
                detail=report.get_status_display(),
                url=reverse("reports:detail", args=[report.pk]),
                button=_("Sửa báo cáo") if returned else _("Soạn báo cáo"),
                due_on=report.deadline,
            )
        )
    return actions


def recent_cases(user):
    """The cases most recently written to in the auditor's scope, each opening its timeline."""
    keys = []
    events = visible_events(user).filter(case_key__startswith=RESULT_CASE_PREFIX).order_by("-occurred_at", "-id")
    for key in events.values_list("case_key", flat=True)[:200]:
        if key not in keys:
            keys.append(key)
        if len(keys) == ROWS_READ:
            break
    ids = [int(key.removeprefix(RESULT_CASE_PREFIX)) for key in keys if key.removeprefix(RESULT_CASE_PREFIX).isdigit()]
    results = {r.pk: r for r in visible_results(user).filter(pk__in=ids)}
    actions = []
    for pk in ids:
        result = results.get(pk)
        if result is None:
            continue
        subject = f"{result.title} ({result.registration_no})" if result.registration_no else result.title
        actions.append(
            Action(
                title=result.get_status_display(),
                subject=subject,
                button=_("Xem lịch sử"),
                url=reverse("audit:case", args=[f"{RESULT_CASE_PREFIX}{pk}"]),
            )
        )
    return actions


def ministry_provinces(year):
    provinces = Province.objects.active().order_by("name")
    return [
        Action(
            title=_("Tổng hợp năm %(year)s") % {"year": year},
            subject=province.name,
            url=f"{reverse('reports:consolidated', args=[year])}?province={province.code}",
            button=_("Xem tổng hợp"),
        )
        for province in provinces
    ]


def sections_for(user, memberships, today):
    """The sections of one person's home, in the order they work: (key, heading, actions, empty text)."""
    roles = {}
    for membership in memberships:
        roles.setdefault(membership.role, set()).add(membership.agency_id)
    working = roles.get(Role.OFFICER, set()) | roles.get(Role.HEAD, set())
    headed = roles.get(Role.HEAD, set())
    sections = []
    if Role.AUDITOR in roles or user.is_superuser:
        sections.append(
            (
                "recent-cases",
                _("Hồ sơ mới có sự kiện trong phạm vi kiểm tra"),
                recent_cases(user),
                _("Chưa có hồ sơ nào trong phạm vi kiểm tra của bạn."),
            )
        )
    if is_ministry(user):
        sections.append(("provinces", _("Các tỉnh, thành phố"), ministry_provinces(today.year), ""))
    if headed:
        sections.append(
            (
                "awaiting-decision",
                _("Chờ tôi quyết định"),
                awaiting_decision(user, today, headed),
                _("Không có việc nào chờ lãnh đạo quyết định."),
            )
        )
    if working:
        sections.append(
            ("my-work", _("Việc của tôi, theo hạn xử lý"), my_work(user, today), _("Bạn chưa nhận việc nào."))
        )
        sections.append(
            (
                "queue",
                _("Việc chờ nhận của cơ quan"),
                agency_queue(user, today, exclude_roles=(Role.HEAD,) if headed else ()),
                _("Hàng đợi của cơ quan đang trống."),
            )
        )
    elif Role.REPORTER in roles:
        sections.append(
            (
                "reports",
                _("Báo cáo cần soạn hoặc sửa"),
                reports_to_write(user, roles[Role.REPORTER]),
                _("Không có báo cáo nào cần soạn."),
            )
        )
    if headed:
        heads_reports = reports_to_write(user, headed)
        for action in heads_reports:
            action.title, action.button = _("Báo cáo của cơ quan đang soạn"), _("Xem báo cáo")
        if heads_reports:
            sections.append(("agency-reports", _("Báo cáo hằng năm của cơ quan"), heads_reports, ""))
        sections.append(
            ("overdue", _("Việc quá hạn của cơ quan"), overdue_work(user, today, headed), _("Không có việc quá hạn."))
        )
    if working:
        offers = offered_to_us(user, today, working)
        if offers:
            sections.append(("offers", _("Kết quả đề nghị chuyển giao cho đơn vị"), offers, ""))
        hosted = hosted_results(user, today, working)
        if hosted:
            sections.append(("hosted", _("Kết quả của đơn vị và việc đang chờ"), hosted, ""))
    if Role.REPORTER in roles and working:
        sections.append(
            (
                "reports",
                _("Báo cáo cần soạn hoặc sửa"),
                reports_to_write(user, roles[Role.REPORTER]),
                _("Không có báo cáo nào cần soạn."),
            )
        )
    # A task shown in a role's own section is not listed again in the queue; an offer to answer, not again in my
    # work either (one task, one name, one place).
    shown = {action.url for key, _h, actions, _e in sections if key != "queue" for action in actions}
    offered = {action.url for key, _h, actions, _e in sections if key == "offers" for action in actions}
    hidden = {"queue": shown, "my-work": offered}
    sections = [
        (key, heading, [a for a in actions if a.url not in hidden[key]] if key in hidden else actions, empty)
        for key, heading, actions, empty in sections
    ]
    # Empty sections say so only when the person has nothing at all to do; otherwise they are left out.
    anything = any(actions for _k, _h, actions, _e in sections)
    return [
        {
            "key": key,
            "heading": heading,
            "actions": actions[:SECTION_SIZE],
            "empty": empty,
            "more": FULL_LIST.get(key) if len(actions) > SECTION_SIZE else None,
        }
        for key, heading, actions, empty in sections
        if actions or (empty and not anything)
    ]
