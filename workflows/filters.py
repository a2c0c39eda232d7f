"""Filter forms of the inbox, queue and archive that cost nothing per queued task.

Viewflow's own forms build a `process` choice from every process in the queue (one <option> each: two thirds of
the queue page's time at 100,000 results) and a `flow_task` choice from a DISTINCT over the whole list. Here the
kinds of work come from the flow's nodes (no query), and a process is filtered by its number in the address
(`?process=<id>`), as before, without listing every process.
"""

from django import forms
from django_filters import ChoiceFilter, DateRangeFilter, FilterSet, MultipleChoiceFilter, NumberFilter
from viewflow.workflow import STATUS
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow.views.filters import NullDateRangeFilter
from viewflow.workflow.models import Task


def flow_task_choices(flow_class):
    """The flow's human steps by their titles ("Thẩm định hồ sơ giao quyền"), in the order the flow class declares
    them (the lifecycle's order). Viewflow labels them "<flow>/<Node_Name>", the node's name in code, by name."""
    declared = {name: index for index, name in enumerate(vars(flow_class))}
    nodes = [node for node in flow_class.instance.nodes() if getattr(node, "task_type", None) == "HUMAN"]
    nodes.sort(key=lambda node: declared.get(node.name, len(declared)))
    return [(get_task_ref(node), node.task_title) for node in nodes]


class _FlowTaskChoices:
    def __init__(self, *args, flow_class=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = flow_task_choices(flow_class) if flow_class else []


class WorkTaskFilter(_FlowTaskChoices, FilterSet):
    process = NumberFilter(field_name="process_id", widget=forms.HiddenInput)
    flow_task = ChoiceFilter()
    created = DateRangeFilter()

    class Meta:
        model = Task
        fields = ("process", "flow_task", "created")


class ArchiveTaskFilter(_FlowTaskChoices, FilterSet):
    flow_task = ChoiceFilter()
    created = DateRangeFilter()
    finished = DateRangeFilter()

    class Meta:
        model = Task
        fields = ("flow_task", "created", "finished")


class DashboardTaskFilter(_FlowTaskChoices, FilterSet):
    """The workspace's list of every task (the dashboard's "show all"): viewflow's form took its kinds of work from a
    DISTINCT over every visible task."""

    flow_task = ChoiceFilter()
    status = MultipleChoiceFilter(choices=STATUS.choices)
    created = DateRangeFilter()
    finished = NullDateRangeFilter()

    class Meta:
        model = Task
        fields = ("flow_task", "status", "created", "finished")
