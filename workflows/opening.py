"""Opening the processes of many results at once: an import, the demo, an installation's first run.

Viewflow's start runs about two dozen queries per result (the process, three tasks, their links, the result read
again at each node, the deadline rule), about twenty results a second: 200,000 imported results would take three
hours. Here a batch of results gets exactly the rows viewflow's start writes for each of them (the process with its
result, the done start and switch tasks, the waiting human task with its agency's queue permission, the links
between them, and the work item with its due date), in a handful of INSERTs per batch; the same for the processes
of transfers and supports under way (`ResultFlow.start_track`, the transfer or support as the process's seed).
`tests/workflows/test_bulk_opening.py` compares them row for row with what the engine writes.

A result the flow would not route to a person (no work for its state, or no agency to do it) is opened by the
engine itself, so whatever the flow does in that case still happens. New-work notifications are not sent for
bulk-opened work: it is already in the agencies' queues, and an import of thousands of old cases should not mail
everyone.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from viewflow.workflow import PROCESS, STATUS
from viewflow.workflow.token import Token

from tasks_registry.access import recorded_party
from tasks_registry.lifecycle import FINAL_STATES, OPEN_SUPPORT_STATES, OPEN_TRANSFER_STATES
from tasks_registry.models import CommercialisationSupport, Result, Transfer

from .deadlines import Deadlines
from .flows import ResultFlow
from .models import ResultProcess, WorkItem
from .pending import work_for
from .permissions import queue_permission
from .processes import start_process_for, start_track_for


class _Acting:
    """Which agency acts for a recorded one today, followed once per agency for the whole batch."""

    def __init__(self):
        self.known = {}

    def __call__(self, agency):
        if agency is None:
            return None
        if agency.pk not in self.known:
            self.known[agency.pk] = agency.acting()
        return self.known[agency.pk]


def open_processes(results, acting=None) -> int:
    """Open the process of each result (results with their parties: `Result.objects.with_parties()`), in the
    caller's transaction. Returns how many were opened."""
    return _open([(result, None) for result in results], acting or _Acting())


def open_tracks(cases, acting=None) -> int:
    """Open the process of each (result, transfer or support) pair, as `ResultFlow.start_track` would, in the caller's
    transaction. Returns how many were opened."""
    return _open(list(cases), acting or _Acting())


def _open(cases, acting) -> int:
    """`cases`: (result, None) for a result's own process, (result, subject) for one of its transfers' or supports'."""
    flow = ResultFlow
    routed, by_engine = [], []
    for result, subject in cases:
        work = work_for(result, subject)
        agency = acting(recorded_party(result, work.party, subject=subject)) if work else None
        (routed if agency is not None else by_engine).append((result, subject, work, agency))
    for result, subject, _work, _agency in by_engine:
        if subject is None:
            start_process_for(result)
        else:
            start_track_for(result, subject)
    if not routed:
        return len(by_engine)

    now, today = timezone.now(), timezone.localdate()
    token = Token("start")
    content_type = ContentType.objects.get_for_model(Result)
    processes = ResultProcess.objects.bulk_create(
        ResultProcess(
            flow_class=flow,
            status=PROCESS.NEW,
            created=now,
            artifact_content_type=content_type,
            artifact_object_id=result.pk,
            seed_content_type=ContentType.objects.get_for_model(type(subject)) if subject is not None else None,
            seed_object_id=subject.pk if subject is not None else None,
        )
        for result, subject, _work, _agency in routed
    )
    task_class = flow.task_class
    tasks = []
    for process, (_result, subject, work, agency) in zip(processes, routed, strict=True):
        start, human = (flow.start if subject is None else flow.start_track), getattr(flow, work.name)
        tasks += [
            task_class(
                process=process,
                flow_task=start,
                flow_task_type=start.task_type,
                status=STATUS.DONE,
                token=token,
                created=now,
                started=now,
                finished=now,
            ),
            task_class(
                process=process,
                flow_task=flow.route,
                flow_task_type=flow.route.task_type,
                status=STATUS.DONE,
                token=token,
                created=now,
                finished=now,
            ),
            task_class(
                process=process,
                flow_task=human,
                flow_task_type=human.task_type,
                status=STATUS.NEW,
                token=token,
                created=now,
                owner_permission=queue_permission(agency.pk, work.role),
            ),
        ]
    tasks = task_class.objects.bulk_create(tasks)
    links = task_class.previous.through
    links.objects.bulk_create(
        link
        for start, switch, human in zip(tasks[0::3], tasks[1::3], tasks[2::3], strict=True)
        for link in (links(from_task=switch, to_task=start), links(from_task=human, to_task=switch))
    )
    deadlines = Deadlines([(work.name, result, subject) for result, subject, work, _agency in routed], today)
    items = []
    for human, (result, subject, work, agency) in zip(tasks[2::3], routed, strict=True):
        due_on, basis, own_rule = deadlines.of(work.name, result, subject)
        items.append(
            WorkItem(
                task=human,
                result=result,
                agency=agency,
                role=work.role,
                work=work.name,
                due_on=due_on,
                deadline_basis=basis,
                deadline_own_rule=own_rule,
                created_at=now,
            )
        )
    # The queue column `waiting_in` is set by the work item's insert trigger (migration 0003), as for one.
    WorkItem.objects.bulk_create(items)
    return len(routed) + len(by_engine)


def open_missing(results, batch=1000) -> int:
    """Open, in batches of one transaction each, the processes of `results` (a queryset ordered by pk)."""
    opened, last, acting = 0, 0, _Acting()
    while True:
        with transaction.atomic():
            chunk = list(results.filter(pk__gt=last).with_parties()[:batch])
            opened += open_processes(chunk, acting)
        if len(chunk) < batch:
            return opened
        last = chunk[-1].pk


def results_without_process():
    content_type = ContentType.objects.get_for_model(Result)
    started = ResultProcess.objects.filter(artifact_content_type=content_type, seed_object_id__isnull=True).values(
        "artifact_object_id"
    )
    return Result.objects.exclude(pk__in=started).exclude(status__in=FINAL_STATES).order_by("pk")


def start_missing_processes(batch=1000):
    """Start a process for every open result that has none (results from before the flows, or imported).

    Opened in bulk (`open_missing`): the rows viewflow's start writes, a batch of results per transaction.
    """
    return open_missing(results_without_process(), batch=batch)


def start_missing_tracks(batch=1000) -> int:
    """Open the process of every transfer and support under way that has none (imported, from before the tracks,
    the demo's), in bulk as `open_missing` does: a batch per transaction."""
    opened, acting = 0, _Acting()
    for model, states in ((Transfer, OPEN_TRANSFER_STATES), (CommercialisationSupport, OPEN_SUPPORT_STATES)):
        content_type = ContentType.objects.get_for_model(model)
        started = ResultProcess.objects.filter(seed_content_type=content_type).values("seed_object_id")
        waiting = (
            model.objects.filter(status__in=states)
            .exclude(pk__in=started)
            .exclude(result__status__in=FINAL_STATES)
            .select_related(*model.lifecycle_related)
            .order_by("pk")
        )
        last = 0
        while True:
            with transaction.atomic():
                chunk = list(waiting.filter(pk__gt=last)[:batch])
                results = Result.objects.with_parties().in_bulk({subject.result_id for subject in chunk})
                opened += open_tracks([(results[subject.result_id], subject) for subject in chunk], acting)
            if len(chunk) < batch:
                break
            last = chunk[-1].pk
    return opened
