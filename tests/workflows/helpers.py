"""Working the queues as a person does, through the web pages."""

from viewflow.workflow import STATUS

from workflows.flows import ResultFlow
from workflows.models import WorkItem


def open_task(result, work=None):
    """The one open human task of the result's processes (its own, its transfers' and supports'), or the one of
    the work `work` when several are open at once."""
    tasks = ResultFlow.task_class.objects.filter(
        process__flow_class=ResultFlow,  # an annual report's process may have the same artifact id
        process__artifact_object_id=result.pk,
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    ).select_related("work")
    if work is not None:
        tasks = tasks.filter(flow_task=getattr(ResultFlow, work))
    assert tasks.count() == 1, list(tasks)
    return tasks.get()


def task_url(task, action):
    return f"/workflow/result/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


def claim(client, task):
    return client.post(task_url(task, "assign"))


def execute(client, task, data, files=None):
    return client.post(task_url(task, "execute"), {**data, **(files or {})})


def work_of(task):
    return WorkItem.objects.select_related("agency").get(task=task)


# A head's acceptance of a result on its task page: accepted on 15/05/2023, recognised on 20/05/2023.
ACCEPTANCE = {
    "step": "accept",
    "acceptance_date": "15/05/2023",
    "grade": "passed",
    "decision_no": "12/QĐ-SKHCN",
    "decision_date": "20/05/2023",
}


def claim_and_accept(client, task):
    """Claim the acceptance task and accept the result through its page, as the managing agency's head does."""
    assert claim(client, task).status_code == 302
    response = execute(client, task, ACCEPTANCE)
    assert response.status_code == 302, response.content.decode()[:3000]
