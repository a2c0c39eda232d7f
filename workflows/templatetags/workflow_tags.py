"""The process side of a result's page: what it waits for now, in whose queue, by when, and its diagram."""

from django import template
from viewflow.workflow import STATUS

from ..flows import ResultFlow
from ..processes import live_tasks_of, process_of

register = template.Library()


@register.simple_tag(takes_context=True)
def result_process(context, result):
    process = process_of(result)
    if process is None:
        return None
    # The result's own work and that of each transfer and support under way (their processes share the artifact).
    open_tasks = list(
        live_tasks_of(result)
        .filter(status__in=[STATUS.NEW, STATUS.ASSIGNED])
        .select_related("owner", "work__agency", "process__seed_content_type")
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
