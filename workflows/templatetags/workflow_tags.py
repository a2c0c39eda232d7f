"""The process side of a result's page: what it waits for now, in whose queue, by when, and its diagram."""

from django import template
from viewflow.workflow import STATUS

from ..flows import ResultFlow
from ..processes import process_of

register = template.Library()


@register.simple_tag
def result_process(result):
    process = process_of(result)
    if process is None:
        return None
    # The result's own work and that of each transfer and support under way (their processes share the artifact).
    open_tasks = list(
        ResultFlow.task_class.objects.filter(
            process__flow_class=ResultFlow,
            process__artifact_content_type=process.artifact_content_type_id,
            process__artifact_object_id=result.pk,
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )
        .select_related("owner", "work", "work__agency")
        .order_by("pk")
    )
    return {
        "process": process,
        "chart_url": ResultFlow.instance.reverse("process_chart", args=[process.pk]),
        "open_tasks": [
            {"task": task, "url": task.flow_task.reverse("index", args=[task.process_id, task.pk])}
            for task in open_tasks
        ],
    }
