"""Demo only (`sync_workflows --demo-claims`): make the seeded province look like a working office today.

The generated history ends at a fixed day (demo.AS_OF), so deadlines computed from it are either
years overdue or absent. Here, once the processes are open, every change goes through the services a person would
use, each with its audit event:
- due dates around today, a few overdue (what a head does with "đổi hạn xử lý", `planning.replan_work`);
- dossiers waiting for appraisal carry their forms (Mẫu 1, 2, 3) as the host would attach them;
- the agencies that otherwise have nothing to do in the demo (UBND tỉnh, the intermediaries, a commune) are offered
  a result to receive, so every login of the demo has work on its home page.
Deterministic: choices come from primary keys, never from a random draw.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from viewflow.workflow import STATUS

from tasks_registry import services
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import OWNERSHIP_SETTLED, Status
from tasks_registry.models import Agency, DocumentKind, Membership, Result, Transfer, TransferForm, TransferStatus
from tasks_registry.roles import WORKING_ROLES, Role
from workflows.flows import ResultFlow
from workflows.lapses import lapsed_asset_reports
from workflows.models import WorkItem
from workflows.planning import replan_work
from workflows.task_actions import record_task_event

# Every seventh piece of open work is a few days overdue; the rest falls due within the coming weeks.
OVERDUE_EVERY = 7
DOSSIER_FORMS = (
    (DocumentKind.OWNERSHIP_APPLICATION, "mau-1-don-de-nghi-giao-quyen.pdf"),
    (DocumentKind.APPLICABILITY_REPORT, "mau-2-bao-cao-kha-nang-ung-dung.pdf"),
    (DocumentKind.DRAFT_AGREEMENT, "mau-3-du-thao-thoa-thuan.pdf"),
)
# An owner offers its result to a unit once ownership is settled, and again (replication) once transferred or applied.
READY_TO_OFFER = (*OWNERSHIP_SETTLED, Status.TRANSFERRED, Status.APPLIED)


def _person(agency, roles=(Role.HEAD, Role.OFFICER), today=None):
    membership = (
        Membership.objects.active(today or timezone.localdate())
        .filter(agency=agency, role__in=roles)
        .select_related("user")
        .order_by("role", "user__username")
        .first()
    )
    return membership.user if membership else None


def spread_due_dates(today=None):
    """Open work due long ago, or without a due date, gets one around today (set by its agency's head)."""
    today = today or timezone.localdate()
    changed = 0
    stale = WorkItem.objects.filter(task__status__in=(STATUS.NEW, STATUS.ASSIGNED)).select_related("agency", "result")
    for work in stale.order_by("pk"):
        if work.due_on is not None and work.due_on >= today - datetime.timedelta(days=14):
            continue
        head = _person(work.agency, (Role.HEAD,), today) or _person(work.agency, (Role.OFFICER,), today)
        if head is None:
            continue
        offset = -(work.pk % 12 + 1) if work.pk % OVERDUE_EVERY == 0 else work.pk % 30 + 2
        replan_work(
            work,
            actor=head,
            due_on=today + datetime.timedelta(days=offset),
            reason="Dữ liệu mẫu: lãnh đạo đặt lại hạn xử lý theo kế hoạch của cơ quan.",
        )
        changed += 1
    return changed


def _pdf(title):
    """A small, valid PDF (one page carrying the form's name) that passes the upload's content sniffing."""
    text = title.encode("ascii", "ignore").decode()
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def attach_dossiers():
    """Each dossier waiting for appraisal gets the three forms of its application, attached by the host."""
    attached = 0
    waiting = Result.objects.with_parties().filter(status__in=(Status.OWNERSHIP_REQUESTED, Status.OWNERSHIP_APPRAISED))
    for result in waiting.order_by("pk"):
        present = set(result.documents.values_list("kind", flat=True))
        host = result.task.host
        officer = _person(host, WORKING_ROLES)
        if officer is None:
            continue
        for kind, name in DOSSIER_FORMS:
            if kind in present:
                continue
            upload = SimpleUploadedFile(
                name, _pdf(f"{name} - {result.registration_no or result.pk}"), content_type="application/pdf"
            )
            services.attach_document(
                result,
                actor=officer,
                agency=host,
                kind=kind,
                uploaded_file=upload,
                comment="Hồ sơ đề nghị giao quyền (dữ liệu mẫu).",
            )
            attached += 1
    return attached


def idle_agencies(today=None):
    """Agencies of a province whose officers or heads would find nothing to do: no open work, no offer waiting."""
    today = today or timezone.localdate()
    working = Membership.objects.active(today).filter(role__in=WORKING_ROLES).values("agency_id")
    busy = WorkItem.objects.filter(task__status__in=(STATUS.NEW, STATUS.ASSIGNED)).values("agency_id")
    offered = Transfer.objects.filter(status=TransferStatus.OFFERED).values("receiving_unit_id")
    return (
        Agency.objects.filter(pk__in=working, province__isnull=False, active_to__isnull=True)
        .exclude(pk__in=busy)
        .exclude(pk__in=offered)
        .order_by("code")
    )


def offer_to_idle_agencies(today=None):
    """One offer to each agency that would otherwise have nothing to do, from a result of its own province."""
    today = today or timezone.localdate()
    offered = 0
    candidates = list(
        Result.objects.with_parties()
        .filter(status__in=READY_TO_OFFER, ownership_holder__isnull=False)
        .select_related("ownership_holder")
        .order_by("pk")
    )
    for unit in idle_agencies(today):
        province = set(unit.province.lineage_ids())  # a former province's results are today's province's too
        for result in list(candidates):
            owner = result.ownership_holder
            if owner.pk == unit.pk or owner.province_id not in province:
                continue
            person = _person(owner, WORKING_ROLES, today)
            if person is None:
                continue
            try:
                with transaction.atomic():
                    services.offer_transfer(
                        result,
                        actor=person,
                        agency=owner,
                        receiving_unit=unit,
                        form=TransferForm.STANDALONE,
                        comment="Đề nghị chuyển giao để ứng dụng, nhân rộng (dữ liệu mẫu).",
                    )
            except ServiceError:
                continue
            candidates.remove(result)
            offered += 1
            break
    return offered


def lapse_one_asset_report(today=None):
    """One host that let its 60 days pass (Decree 70/2018), so the Sở's officers see a lapse to record: the first
    overdue "apply or report the asset" work of a host that has other work left. Through `workflows.lapses`' own
    service, as the hourly worker would."""
    today = today or timezone.localdate()
    if Result.objects.filter(asset_report_overdue_on__isnull=False).exists():
        return 0  # one is enough; running the command again adds none
    open_items = WorkItem.objects.filter(task__status__in=(STATUS.NEW, STATUS.ASSIGNED))
    for work, ended_on in lapsed_asset_reports(today):
        if open_items.filter(agency_id=work.agency_id).count() > 1:
            services.note_asset_report_overdue(work.result, due_on=ended_on, today=today)
            return 1
    return 0


def hand_out_demo_work(every=3):
    """Demo only: give every `every`-th open task to an officer of its agency, so inboxes are not empty."""
    officers = {}
    for membership in (
        Membership.objects.active(timezone.localdate()).filter(role=Role.OFFICER).order_by("user__username")
    ):
        officers.setdefault(membership.agency_id, []).append(membership.user)
    flow, handed = ResultFlow, 0
    tasks = list(
        flow.task_class.objects.filter(flow_task_type="HUMAN", status=STATUS.NEW, work__role=Role.OFFICER)
        .select_related("work")
        .order_by("pk")
    )
    # Each agency keeps at least one task in its queue, so that every officer of it has something to claim.
    waiting = {}
    for task in tasks:
        waiting[task.work.agency_id] = waiting.get(task.work.agency_id, 0) + 1
    for index, task in enumerate(tasks):
        people = officers.get(task.work.agency_id)
        if not people or index % every or waiting[task.work.agency_id] <= 1:
            continue
        waiting[task.work.agency_id] -= 1
        with transaction.atomic(), task.activation() as activation:
            owner = people[index % len(people)]
            activation.assign(owner)
            record_task_event(activation.task, "task.claimed", owner, {"owner": [None, owner.get_username()]})
            handed += 1
    return handed
