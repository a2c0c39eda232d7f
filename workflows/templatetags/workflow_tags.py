"""The process side of a result's page: what it waits for now, in whose queue, by when, and its diagram."""

from django import template
from viewflow.workflow import STATUS

from ..flows import ResultFlow
from ..processes import process_of

register = template.Library()


@register.simple_tag(takes_context=True)
def result_process(context, result):
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
        .select_related("owner", "work", "work__agency", "process", "process__seed_content_type")
        .order_by("pk")
    )
    # A receiving unit follows the result's own work and its own transfers', not another unit's nor a support.
    user = context["request"].user
    open_tasks = [task for task in open_tasks if ResultFlow.instance.has_view_permission(user, task.process)]
    return {
        "process": process,
        "chart_url": ResultFlow.instance.reverse("process_chart", args=[process.pk]),
        "open_tasks": [
            {"task": task, "url": task.flow_task.reverse("index", args=[task.process_id, task.pk])}
            for task in open_tasks
        ],
    }
