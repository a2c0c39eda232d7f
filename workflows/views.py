"""The page of a task: what the result waits for, the step to take, and the call of its one service."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow.flow.views import mixins as flow_mixins

from tasks_registry import services
from tasks_registry.access import holds_role
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import RESULT, STEPS, SupportStatus
from tasks_registry.models import Result, Transfer
from tasks_registry.selectors import sight_of

from .cancelling import LIVE_TASK_STATUSES
from .completion import completing_task
from .deadlines import return_limit
from .forms import WorkForm
from .models import Priority
from .pending import WORKS


def _state_after(step_name):
    """The state a step's transition leads to, as the state machine declares it (django-fsm's public listing)."""
    transitions = Result._meta.get_field("status").get_all_transitions(Result)
    return {transition.target for transition in transitions if transition.name == step_name}


def _standing_return(result):
    """Why the dossier was sent back, while the result is still waiting to have it completed."""
    latest = result.dossier_returns.select_related("returned_by", "agency").first()
    if latest is not None and result.status in _state_after(latest.step):
        return latest
    return None


def _about(subject, process):
    """Events about one transfer or support: its steps (the event keeps it whole, with its id) and its tasks."""
    key = f"changes__{subject._meta.model_name}__1__id"
    tasks = [str(pk) for pk in process.task_set.values_list("pk", flat=True)]
    return Q(**{key: subject.pk}) | Q(object_type="viewflow.task", object_id__in=tasks)


def _returned_support(subject):
    """Why a support's dossier was sent back, while it waits to be completed."""
    if getattr(subject, "status", None) != SupportStatus.RETURNED:
        return None
    return subject.result.dossier_returns.filter(step="return_support").select_related("returned_by", "agency").first()


class WorkTaskView(flow_mixins.TaskSuccessUrlMixin, flow_mixins.TaskViewTemplateNames, generic.FormView):
    form_class = WorkForm
    template_filename = "task.html"

    @cached_property
    def work_item(self):
        return self.request.activation.task.work

    @cached_property
    def result(self):
        """Read once for the page and the service it calls (the process reads it afresh on every access)."""
        return self.request.activation.process.result

    @cached_property
    def subject(self):
        """The transfer or support this task is about, or None for a task of the result itself."""
        return self.request.activation.process.subject

    def steps_for_user(self):
        """The steps of this work the person may take: roles are checked again by the service itself."""
        work = WORKS[self.request.activation.flow_task.name]
        agency = self.work_item.agency
        return [
            name
            for name in work.steps
            if any(holds_role(self.request.user, agency, roles) for party, roles in STEPS[name].actors)
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["steps"] = self.steps_for_user()
        kwargs["result"] = self.result
        return kwargs

    def get_template_names(self):
        return ["workflows/task.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.result
        # The recent history as this person may read it (a receiving unit: its own part; revenue to whom it concerns).
        events = sight_of(self.request.user, result).events()
        if self.subject is not None:
            # A transfer's or support's task: its own history, not the result's other transfers and supports.
            events = events.filter(_about(self.subject, self.request.activation.process))
        events = list(events.order_by("-seq")[:8])
        context.update(
            result=result,
            work_item=self.work_item,
            recent_events=events,
            priorities=Priority.choices,
            dossier_return=_standing_return(result) if self.subject is None else _returned_support(self.subject),
            subject=self.subject,
        )
        if self.work_item.task.status in LIVE_TASK_STATUSES:
            created_on = timezone.localtime(self.work_item.created_at).date()
            context["return_by"], context["return_basis"] = return_limit(
                self.work_item.work, result, created_on, self.subject
            )
            context["return_passed"] = bool(context["return_by"] and context["return_by"] < timezone.localdate())
        return context

    def form_valid(self, form):
        step = form.cleaned_data["step"]
        actor, agency = self.request.user, self.work_item.agency
        comment = form.cleaned_data.get("comment", "")
        try:
            # A savepoint: a refused step or document leaves the task open and the result as it was.
            with transaction.atomic(), completing_task(self.request.activation.process):
                service = services.service_for(step)
                arguments = form.service_arguments(service)
                if STEPS[step].subject != RESULT:
                    arguments["subject"] = self.subject
                done = service(self.result, actor=actor, agency=agency, comment=comment, **arguments)
                for kind, uploaded_file in form.attachments():
                    # Afresh: the service may have changed the result through its own locked copy.
                    services.attach_document(
                        self.request.activation.process.result,
                        actor=actor,
                        agency=agency,
                        kind=kind,
                        uploaded_file=uploaded_file,
                        transfer=self.subject if isinstance(self.subject, Transfer) else None,
                    )
        except ServiceError as error:
            self.__dict__.pop("result", None)  # the page shows the result as it stands after the refusal
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        # The service's own locked copy, as it left the result: the routing reads it instead of reading it again.
        self.request.activation.process.result_after_step = done
        self.request.activation.execute()
        messages.success(self.request, _("Đã thực hiện «%(step)s».") % {"step": STEPS[step].label})
        if not self._still_followed(done):
            # A receiving unit that declined keeps only a reduced view: it goes home, not to a page it may not open.
            return HttpResponseRedirect(reverse("home"))
        return HttpResponseRedirect(self.get_success_url())

    def _still_followed(self, result):
        """Whether the person may still open the case's process after the step: `result` as the step left it, not
        the page's copy from before it."""
        sight = sight_of(self.request.user, result)
        if not sight.full:
            return False
        process = self.request.activation.process
        return process.seed_object_id is None or sight.may_follow_track(process)
