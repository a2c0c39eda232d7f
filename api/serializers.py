"""What the API answers: names and Vietnamese labels beside the codes a machine needs, nothing a page would hide.

Every serializer here is given objects the selectors already allowed; what of a result is shown follows the
person's `sight` (passed in the context), as on the result's page.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tasks_registry.lifecycle import STEPS
from tasks_registry.models import ResultType, TaskLevel
from tasks_registry.templatetags.registry_tags import action_text, status_label


def _name(agency):
    return agency.name if agency is not None else None


class ProvinceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    active = serializers.SerializerMethodField()

    def get_active(self, province) -> bool:
        return province.active_to is None


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    province_name = serializers.CharField(source="province.name", allow_null=True, default=None)


class MembershipSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    province = serializers.CharField(source="agency.province.code", allow_null=True, default=None)
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.CharField()
    memberships = MembershipSerializer(many=True)


class STTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.CharField()
    level_label = serializers.CharField(source="get_level_display")
    field_code = serializers.CharField()
    managing_agency = serializers.CharField(source="managing_agency.name")
    managing_agency_id = serializers.IntegerField()
    host = serializers.CharField(source="host.name")
    host_id = serializers.IntegerField()
    principal_investigator = serializers.CharField()
    principal_investigator_title = serializers.CharField()
    approval_date = serializers.DateField()
    contract_start = serializers.DateField(allow_null=True)
    contract_end = serializers.DateField(allow_null=True)
    state_budget = serializers.IntegerField(help_text="đồng")
    co_funding = serializers.IntegerField(help_text="đồng")
    state_retains_rights = serializers.BooleanField()
    retention_basis = serializers.CharField()


def _money_field():
    return serializers.DecimalField(
        max_digits=18, decimal_places=0, min_value=0, required=False, coerce_to_string=False
    )


class STTaskFieldsSerializer(serializers.Serializer):
    """A task's own fields, as the managing agency enters and corrects them (tasks_registry.services)."""

    title = serializers.CharField(max_length=500)
    level = serializers.ChoiceField(choices=TaskLevel.choices, required=False)
    field_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    principal_investigator = serializers.CharField(max_length=200)
    principal_investigator_title = serializers.CharField(max_length=80, required=False, allow_blank=True)
    approval_date = serializers.DateField()
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)
    state_budget = _money_field()
    co_funding = _money_field()
    state_retains_rights = serializers.BooleanField(required=False)
    retention_basis = serializers.CharField(max_length=255, required=False, allow_blank=True)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class STTaskCreateSerializer(STTaskFieldsSerializer):
    code = serializers.CharField(max_length=60)
    host = serializers.IntegerField(min_value=1, max_value=2**62, help_text="the host organisation (an agency's id)")
    agency = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**62,
        help_text="the managing agency you act for (when you have several)",
    )


class ResultCreateSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, max_value=2**62, help_text="the S&T task (GET /st-tasks/)")
    title = serializers.CharField(max_length=500)
    result_type = serializers.ChoiceField(choices=ResultType.choices)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    agency = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**62,
        help_text="the host or managing agency you act for (when you have several)",
    )
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    view = serializers.SerializerMethodField(help_text="full: the whole page; reduced: a former receiving unit's view")
    status = serializers.CharField()
    status_label = serializers.SerializerMethodField()
    result_type = serializers.CharField()
    task_code = serializers.CharField(source="task.code")
    task_title = serializers.CharField(source="task.title")
    regime = serializers.SerializerMethodField()
    host = serializers.SerializerMethodField()
    managing_agency = serializers.SerializerMethodField()
    ownership_holder = serializers.SerializerMethodField()
    registration_no = serializers.SerializerMethodField()
    status_changed_at = serializers.DateTimeField()

    def _full(self, result):
        sight = self.context.get("sights", {}).get(result.pk)
        return sight is None or sight.full

    def get_view(self, result) -> str:
        return "full" if self._full(result) else "reduced"

    def get_status_label(self, result) -> str:
        return str(status_label(result.status))

    def get_regime(self, result) -> str | None:
        if not self._full(result):
            return None
        regime = result.regime or result.task.regime
        return str(regime) if regime is not None else None

    def get_host(self, result) -> str | None:
        return _name(result.task.host) if self._full(result) else None

    def get_managing_agency(self, result) -> str | None:
        return _name(result.task.managing_agency) if self._full(result) else None

    def get_ownership_holder(self, result) -> str | None:
        return _name(result.ownership_holder) if self._full(result) else None

    def get_registration_no(self, result) -> str | None:
        return result.registration_no if self._full(result) else None


class EventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    actor = serializers.CharField(source="actor_name")
    agency = serializers.CharField(source="agency_name")
    comment = serializers.CharField()

    def get_action_label(self, event) -> str:
        return str(action_text(event.action))


class StepSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    comment_required = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.CharField())


def step_entry(name):
    step = STEPS[name]
    return {
        "name": name,
        "label": str(step.label),
        "comment_required": step.comment_required,
        "fields": list(step.fields),
    }


class WorkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    flow = serializers.SerializerMethodField()
    node = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    status = serializers.CharField()
    owner = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    annual_report = serializers.SerializerMethodField()
    transfer = serializers.SerializerMethodField()
    support = serializers.SerializerMethodField()
    agency = serializers.SerializerMethodField()
    due_on = serializers.SerializerMethodField()
    priority = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)

    def _work(self, task):
        return getattr(task, "work", None) if self._is_result(task) else None

    def _is_result(self, task):
        from workflows.flows import ResultFlow

        return task.process.flow_class is ResultFlow

    def get_flow(self, task) -> str:
        return "result" if self._is_result(task) else "annual_report"

    def get_node(self, task) -> str:
        return task.flow_task.name

    def get_title(self, task) -> str:
        return str(task.flow_task.task_title)

    def get_owner(self, task) -> str | None:
        return (task.owner.get_full_name() or task.owner.get_username()) if task.owner_id else None

    def get_result(self, task) -> int | None:
        return int(task.process.artifact_object_id) if self._is_result(task) else None

    def get_annual_report(self, task) -> int | None:
        return None if self._is_result(task) else int(task.process.artifact_object_id)

    def _seed(self, task, model_name):
        process = task.process
        if not self._is_result(task) or process.seed_object_id is None:
            return None
        return int(process.seed_object_id) if process.seed_content_type.model == model_name else None

    def get_transfer(self, task) -> int | None:
        """The transfer the task is about (the receiving unit's answer and application report), or None."""
        return self._seed(task, "transfer")

    def get_support(self, task) -> int | None:
        """The commercialisation support the task is about (its appraisal, decision, completion, report), or None."""
        return self._seed(task, "commercialisationsupport")

    def get_agency(self, task) -> str | None:
        work = self._work(task)
        return work.agency.name if work is not None else None

    def get_due_on(self, task) -> str | None:
        work = self._work(task)
        return work.due_on.isoformat() if work is not None and work.due_on else None

    def get_priority(self, task) -> str | None:
        work = self._work(task)
        return str(work.get_priority_display()) if work is not None else None


class CompleteSerializer(serializers.Serializer):
    """A step and its fields (documentation of the form the task page shows; the page's form validates it)."""

    step = serializers.CharField(
        help_text="One of the steps GET /results/{id}/steps/ lists; for an annual report's "
        "task: omitted (draft), or `decision` below."
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    acceptance_date = serializers.DateField(required=False)
    grade = serializers.CharField(required=False, allow_blank=True)
    decision_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    decision_date = serializers.DateField(required=False)
    registration_no = serializers.CharField(required=False, allow_blank=True, max_length=40)
    archive_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    registered_on = serializers.DateField(required=False)
    outcome = serializers.CharField(required=False, allow_blank=True)
    holder = serializers.IntegerField(required=False)
    repayment_value = serializers.IntegerField(required=False, min_value=0)
    receiving_unit = serializers.IntegerField(required=False)
    transfer_form = serializers.CharField(required=False, allow_blank=True)
    rights = serializers.CharField(required=False, allow_blank=True)
    contract_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    contract_value = serializers.IntegerField(required=False, min_value=0)
    report = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    support_kind = serializers.CharField(required=False, allow_blank=True)
    requested_amount = serializers.IntegerField(required=False, min_value=0)
    intermediary = serializers.IntegerField(required=False)
    granted_amount = serializers.IntegerField(required=False, min_value=0)
    decision = serializers.CharField(required=False, allow_blank=True)


class CompletedSerializer(serializers.Serializer):
    task = WorkSerializer()
    step = serializers.CharField()
    next = WorkSerializer(allow_null=True)


class ReassignSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    result = serializers.IntegerField(source="result_id")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_for = serializers.CharField(source="uploaded_for.name", allow_null=True, default=None)


class DocumentUploadSerializer(serializers.Serializer):
    result = serializers.IntegerField(
        required=False, min_value=1, max_value=2**62, help_text="the result the document belongs to (or give `work`)"
    )
    work = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**62,
        help_text="a work item of a result (GET /work/…): the document joins its result",
    )
    kind = serializers.CharField()
    file = serializers.FileField()
    agency = serializers.IntegerField(required=False, help_text=_("Cơ quan mà bạn thay mặt (nếu có nhiều)."))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AnnualReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    agency = serializers.CharField(source="agency.name")
    reviewer = serializers.CharField(source="reviewer.name")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    deadline = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    figures = serializers.SerializerMethodField()
    figure_notes = serializers.DictField(child=serializers.CharField())
    difficulties = serializers.CharField()
    proposals = serializers.CharField()
    return_comment = serializers.CharField()

    def get_figures(self, report) -> dict[str, float | None]:
        return {code: (float(value) if value is not None else None) for code, value in report.all_figures().items()}


class AnnualReportPatchSerializer(serializers.Serializer):
    """Fields of the draft, as the draft page names them (manual_<code>, note_<code>, progress_<plan task id>)."""

    difficulties = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    proposals = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class ReportDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class AuditEventSerializer(EventSerializer):
    case = serializers.CharField(source="case_key")
    object_type = serializers.CharField()
    object_id = serializers.CharField()


class ChainSerializer(serializers.Serializer):
    case = serializers.CharField(help_text="the chain's case key, e.g. tasks_registry.result:12")
    ok = serializers.BooleanField()
    broken_at = serializers.IntegerField(allow_null=True, help_text="the first broken link's place in the chain")
    event = serializers.IntegerField(allow_null=True, help_text="the id of the event found there, if any")
    reason = serializers.CharField(allow_null=True)


class VerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    chains_checked = serializers.IntegerField()
    events_checked = serializers.IntegerField()
    checkpoint = serializers.CharField(allow_null=True, help_text="the signed checkpoint the chains were compared with")
    chains = ChainSerializer(many=True)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.SerializerMethodField()
    case_title = serializers.CharField()
    detail = serializers.CharField()
    detail_label = serializers.SerializerMethodField()
    due_on = serializers.DateField(allow_null=True)
    link = serializers.CharField()
    case_link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_text(self, notification) -> str:
        from notifications import texts

        return texts.sentence(notification)

    def get_detail_label(self, notification) -> str:
        from notifications import texts

        return str(texts.detail_label(notification))
