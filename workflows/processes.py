"""Starting the lifecycle process of a result (for new results, and for results created before the flows)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from tasks_registry.lifecycle import FINAL_STATES
from tasks_registry.models import Result

from .models import ResultProcess


def start_process_for(result):
    from .flows import ResultFlow

    with transaction.atomic():
        return ResultFlow.start.run(result=result)


def results_without_process():
    content_type = ContentType.objects.get_for_model(Result)
    started = ResultProcess.objects.filter(artifact_content_type=content_type).values("artifact_object_id")
    return Result.objects.exclude(pk__in=started).exclude(status__in=FINAL_STATES).order_by("pk")


def start_missing_processes(limit=None):
    """Start a process for every open result that has none; returns how many were started."""
    started = 0
    for result in results_without_process()[:limit] if limit else results_without_process().iterator():
        start_process_for(result)
        started += 1
    return started
