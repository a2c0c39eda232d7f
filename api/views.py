"""The API's endpoints. Reads ask the selectors (tasks_registry.selectors, reports.access, api.work.visible_tasks);
writes call the services, through the workflow engine where a task is involved (api.work). Anything outside the
person's scope is a 404, as on the pages."""

import hashlib

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import recorder
from audit.security import reading_case
from reports import scope as report_scope
from reports import services as report_services
from reports.access import may_use_reports, report_provinces, visible_reports
from reports.annual_report_flow import open_task_of
from reports.figures import registry_figures, registry_indicators
from reports.forms import DraftForm
from reports.models import AnnualReport
from tasks_registry import bounds, downloads, services
from tasks_registry.bounds import bound_text_fields
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import Status
from tasks_registry.models import Agency, Document, Membership, Province, Result
from tasks_registry.selectors import parties_acted_for, sight_of, visible_results, visible_tasks
from workflows.flows import ResultFlow
from workflows.processes import live_tasks_of

from . import serializers as s
from . import work
from .acting import acting_agency
from .errors import PreconditionFailed, PreconditionRequired, from_service_error
from .idempotency import KEY_PARAMETER, idempotent

NOT_FOUND = OpenApiResponse(description="Not found, or outside your agencies' scope")


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        memberships = Membership.objects.active().filter(user=request.user).select_related("agency__province")
        user = request.user
        me = {
            "id": user.pk,
            "full_name": user.get_full_name() or user.get_username(),
            "email": user.email,
            "memberships": list(memberships),
        }
        return Response(s.MeSerializer(me).data)


class ProvinceList(generics.ListAPIView):
    serializer_class = s.ProvinceSerializer
    queryset = Province.objects.all()


class AgencyList(generics.ListAPIView):
    serializer_class = s.AgencySerializer

    def get_queryset(self):
        return Agency.objects.select_related("province")


RESULT_FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=list(Status.values)),
    OpenApiParameter("agency", OpenApiTypes.STR, description="an agency's code: host, managing agency or owner"),
    OpenApiParameter("province", OpenApiTypes.STR, description="a province's code"),
    OpenApiParameter("regime", OpenApiTypes.STR, enum=["old", "new"]),
    OpenApiParameter("q", OpenApiTypes.STR, description="words of the title or the registration number"),
]


def _sights(user, results):
    return {result.pk: sight_of(user, result) for result in results}


class ResultList(generics.ListAPIView):
    serializer_class = s.ResultSerializer

    def get_queryset(self):
        results = (
            visible_results(self.request.user)
            .with_parties()
            .select_related("regime", "task__host", "task__managing_agency")
        )
        params = self.request.query_params
        if params.get("status"):
            results = results.filter(status=params["status"])
        if params.get("agency"):
            code = params["agency"]
            results = results.filter(
                Q(task__host__code=code) | Q(task__managing_agency__code=code) | Q(ownership_holder__code=code)
            )
        if params.get("province"):
            province = Province.objects.filter(code=params["province"]).first()
            ids = province.lineage_ids() if province else []
            results = results.filter(task__managing_agency__province_id__in=ids)
        if params.get("regime") in ("old", "new"):
            by_law = Q(regime__ownership_by_law=True) | Q(
                regime__isnull=True, task__approval_date__gte=_new_regime_from()
            )
            results = results.filter(by_law) if params["regime"] == "new" else results.exclude(by_law)
        query = (params.get("q") or "").strip()[:200]
        if query:
            results = results.filter(Q(title__icontains=query) | Q(registration_no__icontains=query))
        return results

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = s.ResultSerializer(page, many=True, context={"sights": _sights(request.user, page)}).data
        return self.get_paginated_response(data)

    @extend_schema(parameters=RESULT_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.ResultCreateSerializer,
        parameters=[KEY_PARAMETER],
        responses={201: s.ResultSerializer, 400: OpenApiResponse(), 403: OpenApiResponse(), 404: NOT_FOUND},
    )
    @idempotent
    def post(self, request):
        """File a task's result for acceptance (services.record_result): the host, or its managing agency."""
        if not hasattr(request.data, "get"):
            raise exceptions.ValidationError({"non_field_errors": [_("Nội dung gửi lên phải là một đối tượng JSON.")]})
        data = s.ResultCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        task = get_object_or_404(visible_tasks(request.user), pk=values["task"])
        agency = acting_agency(
            request.user,
            {task.host_id, task.managing_agency_id},
            values.get("agency"),
            _("Chỉ tổ chức chủ trì hoặc cơ quan quản lý nhiệm vụ được nộp kết quả của nhiệm vụ này."),
        )
        try:
            result = services.record_result(
                task,
                actor=request.user,
                agency=agency,
                title=values["title"],
                result_type=values["result_type"],
                summary=values.get("summary", ""),
                comment=values.get("comment", ""),
            )
        except ServiceError as error:
            raise from_service_error(error) from None
        result, sight = _result_and_sight(request, result.pk)
        return Response(
            s.ResultSerializer(result, context={"sights": {result.pk: sight}}).data, status=status.HTTP_201_CREATED
        )


def _new_regime_from():
    from tasks_registry.models import LegalRegime

    first = LegalRegime.objects.filter(ownership_by_law=True).order_by("effective_from").first()
    return first.effective_from if first else timezone.localdate().replace(year=9999)


def _result_and_sight(request, pk, full=False):
    result = get_object_or_404(Result.objects.with_parties(), pk=pk)
    sight = sight_of(request.user, result)
    if not (sight.full or (sight.reduced and not full)):
        raise Http404
    return result, sight


class ResultDetail(APIView):
    @extend_schema(responses={200: s.ResultSerializer, 404: NOT_FOUND})
    def get(self, request, pk):
        result, sight = _result_and_sight(request, pk)
        return Response(s.ResultSerializer(result, context={"sights": {result.pk: sight}}).data)


class ResultTimeline(generics.ListAPIView):
    serializer_class = s.EventSerializer
    pagination_class = None

    @extend_schema(responses={200: s.EventSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        _result, sight = _result_and_sight(self.request, self.kwargs["pk"], full=True)
        return sight.events().order_by("seq")


class ResultSteps(APIView):
    @extend_schema(responses={200: s.StepSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, pk):
        result, _sight = _result_and_sight(request, pk, full=True)
        # The result's own task and those of its transfers and supports under way: each offers its own steps.
        names = []
        for task in live_tasks_of(result):
            if task.status not in ("NEW", "ASSIGNED"):
                continue
            may_act = task.owner_id == request.user.pk or (
                task.owner_id is None and task.flow_task.can_assign(request.user, task)
            )
            if may_act:
                names += [name for name in work.steps_for(request.user, task) if name not in names]
        return Response([s.step_entry(name) for name in names])


class WorkList(generics.ListAPIView):
    serializer_class = s.WorkSerializer
    source = None

    def get_queryset(self):
        return getattr(work, self.source)(self.request.user).select_related(*work.RELATED)


class Inbox(WorkList):
    source = "inbox"


class Queue(WorkList):
    source = "queue"


class Archive(WorkList):
    source = "archive"


class WorkDetail(APIView):
    @extend_schema(responses={200: s.WorkSerializer, 404: NOT_FOUND})
    def get(self, request, pk):
        return Response(s.WorkSerializer(work.task_for(request.user, pk)).data)


def _fresh(task_pk):
    return ResultFlow.task_class.objects.select_related(*work.RELATED).get(pk=task_pk)


class Claim(APIView):
    @extend_schema(
        request=None,
        parameters=[KEY_PARAMETER],
        responses={200: s.WorkSerializer, 403: OpenApiResponse(), 404: NOT_FOUND},
    )
    @idempotent
    def post(self, request, pk):
        task = work.claim(request.user, pk)
        return Response(s.WorkSerializer(_fresh(task.pk)).data)


class Release(APIView):
    @extend_schema(
        request=None,
        parameters=[KEY_PARAMETER],
        responses={200: s.WorkSerializer, 403: OpenApiResponse(), 404: NOT_FOUND},
    )
    @idempotent
    def post(self, request, pk):
        task = work.release(request.user, pk)
        return Response(s.WorkSerializer(_fresh(task.pk)).data)


class Reassign(APIView):
    @extend_schema(
        request=s.ReassignSerializer,
        parameters=[KEY_PARAMETER],
        responses={200: s.WorkSerializer, 400: OpenApiResponse(), 403: OpenApiResponse(), 404: NOT_FOUND},
    )
    @idempotent
    def post(self, request, pk):
        data = s.ReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = work.reassign(request.user, pk, data.validated_data["user"], data.validated_data.get("comment", ""))
        return Response(s.WorkSerializer(_fresh(task.pk)).data)


def _next_task(task):
    flow = work.flow_of(task)
    nxt = (
        flow.task_class.objects.filter(
            process_id=task.process_id, flow_task_type="HUMAN", status__in=("NEW", "ASSIGNED")
        )
        .select_related(*work.RELATED)
        .order_by("-pk")
        .first()
    )
    return nxt


class Complete(APIView):
    parser_classes = [*APIView.parser_classes]

    @extend_schema(
        request={"application/json": s.CompleteSerializer, "multipart/form-data": s.CompleteSerializer},
        parameters=[KEY_PARAMETER],
        responses={
            200: s.CompletedSerializer,
            400: OpenApiResponse(),
            403: OpenApiResponse(),
            404: NOT_FOUND,
            409: OpenApiResponse(),
        },
    )
    @idempotent
    def post(self, request, pk):
        if not hasattr(request.data, "get"):
            raise exceptions.ValidationError({"non_field_errors": [_("Nội dung gửi lên phải là một đối tượng JSON.")]})
        task, step = work.complete(request.user, pk, request.data, request.FILES)
        return Response(_completed(task, step))


def _completed(task, step):
    task = _fresh(task.pk)
    nxt = _next_task(task)
    return {"task": s.WorkSerializer(task).data, "step": step, "next": s.WorkSerializer(nxt).data if nxt else None}


# --- documents ------------------------------------------------------------------------------------------------------


class DocumentList(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("result", OpenApiTypes.INT, description="a result's id (or `work`)"),
            OpenApiParameter("work", OpenApiTypes.INT, description="a result's work item (its id)"),
        ],
        responses={200: s.DocumentSerializer(many=True), 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def get(self, request):
        pk = _result_of_request(request, request.query_params)
        _result, sight = _result_and_sight(request, pk, full=True)
        return Response(s.DocumentSerializer(sight.documents().order_by("pk"), many=True).data)

    @extend_schema(
        request={"multipart/form-data": s.DocumentUploadSerializer},
        parameters=[KEY_PARAMETER],
        responses={201: s.DocumentSerializer, 400: OpenApiResponse(), 403: OpenApiResponse(), 404: NOT_FOUND},
    )
    @idempotent
    def post(self, request):
        data = s.DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result, _sight = _result_and_sight(request, _result_of_request(request, data.validated_data), full=True)
        acting = parties_acted_for(request.user, result)
        wanted = data.validated_data.get("agency")
        if wanted is None and data.validated_data.get("work"):
            # Sent for a work item: for the agency whose work it is, when the person works for it.
            item = getattr(work.task_for(request.user, data.validated_data["work"]), "work", None)
            wanted = item.agency_id if item is not None and item.agency_id in acting else None
        if wanted is not None:
            acting &= {wanted}
        agency = Agency.objects.filter(pk__in=acting).order_by("pk").first()
        if agency is None:
            raise exceptions.PermissionDenied(_("Bạn không thay mặt bên nào của kết quả này."))
        try:
            document = services.attach_document(
                result,
                actor=request.user,
                agency=agency,
                kind=data.validated_data["kind"],
                uploaded_file=data.validated_data["file"],
                comment=data.validated_data.get("comment", ""),
            )
        except ServiceError as error:
            raise from_service_error(error) from None
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def _result_of_request(request, values):
    """The result a documents request is about: named, or the result of the work item named (scoped as the work
    lists: another agency's work item is a 404, as is an annual report's)."""
    if values.get("work") not in (None, ""):
        pk = _int(values.get("work"))
        if pk is None:
            raise exceptions.ValidationError({"work": [_("Công việc không hợp lệ.")]})
        task = work.task_for(request.user, pk)
        if work.flow_of(task) is not ResultFlow:
            raise Http404
        return int(task.process.artifact_object_id)
    pk = _int(values.get("result"))
    if pk is None:
        raise exceptions.ValidationError({"result": [_("Cần chọn kết quả.")]})
    return pk


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


class DocumentDownload(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    def get(self, request, pk):
        document = get_object_or_404(Document.objects.select_related("result"), pk=pk)
        result, sight = _result_and_sight(request, document.result_id, full=True)
        if not sight.documents().filter(pk=document.pk).exists():
            raise Http404
        acting_for = Agency.objects.filter(pk__in=parties_acted_for(request.user, result)).order_by("pk").first()
        with transaction.atomic():
            recorder.record(
                case=result,
                obj=document,
                action="document.downloaded",
                actor=request.user,
                agency=acting_for,
                changes={
                    "document": [None, {"id": document.pk, "name": document.original_name, "sha256": document.sha256}]
                },
            )
        return downloads.file_response(document)


# --- annual reports ---------------------------------------------------------------------------------------------------


def _report(request, pk):
    return get_object_or_404(visible_reports(request.user).select_related("agency", "reviewer", "round"), pk=pk)


def etag_of(report):
    """A hash of the report as shown, in one language (its labels are translated): the same in every language."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        body = JSONRenderer().render(s.AnnualReportSerializer(report).data)
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class AnnualReportList(generics.ListAPIView):
    serializer_class = s.AnnualReportSerializer

    def get_queryset(self):
        if not may_use_reports(self.request.user):
            return AnnualReport.objects.none()
        return visible_reports(self.request.user).select_related("agency", "reviewer")


class AnnualReportDetail(APIView):
    @extend_schema(responses={200: s.AnnualReportSerializer, 404: NOT_FOUND})
    def get(self, request, pk):
        report = _report(request, pk)
        return Response(s.AnnualReportSerializer(report).data, headers={"ETag": etag_of(report)})

    @extend_schema(
        request=s.AnnualReportPatchSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="the ETag of the report as last read",
            )
        ],
        responses={
            200: s.AnnualReportSerializer,
            400: OpenApiResponse(),
            403: OpenApiResponse(),
            404: NOT_FOUND,
            409: OpenApiResponse(),
            412: OpenApiResponse(),
            428: OpenApiResponse(),
        },
    )
    def patch(self, request, pk):
        report = _report(request, pk)
        if not hasattr(request.data, "get"):
            raise exceptions.ValidationError({"non_field_errors": [_("Nội dung gửi lên phải là một đối tượng JSON.")]})
        expected = request.headers.get("If-Match")
        if not expected:
            raise PreconditionRequired(_("Cần gửi kèm If-Match với ETag của báo cáo vừa đọc."))
        with transaction.atomic():
            locked = (
                AnnualReport.objects.select_for_update().select_related("agency", "reviewer", "round").get(pk=report.pk)
            )
            if expected.strip() not in (etag_of(locked), "*"):
                raise PreconditionFailed(_("Báo cáo đã được người khác sửa từ lúc bạn đọc: hãy đọc lại rồi sửa."))
            # Only what was sent changes: the draft page's form, filled with the report's values, then the sent ones.
            form = DraftForm(report=locked)
            data = work.draft_data({**{name: form.initial.get(name) for name in form.fields}, **request.data})
            form = bound_text_fields(DraftForm(data, report=locked))
            if not form.is_valid():
                raise exceptions.ValidationError(work._form_errors(form))
            try:
                report_services.save_draft(locked, actor=request.user, agency=locked.agency, **form.service_arguments())
            except ServiceError as error:
                raise from_service_error(error) from None
        report = _report(request, pk)
        return Response(s.AnnualReportSerializer(report).data, headers={"ETag": etag_of(report)})


def _report_action(nodes, decision=None, require_comment=False):
    class ReportAction(APIView):
        @extend_schema(
            request=s.ReportDecisionSerializer,
            parameters=[KEY_PARAMETER],
            responses={
                200: s.CompletedSerializer,
                400: OpenApiResponse(),
                403: OpenApiResponse(),
                404: NOT_FOUND,
                409: OpenApiResponse(),
            },
        )
        @idempotent
        def post(self, request, pk):
            report = _report(request, pk)
            task = open_task_of(report)
            if task is None or task.flow_task.name not in nodes:
                raise exceptions.PermissionDenied(_("Báo cáo đang không chờ bước này."))
            if not hasattr(request.data, "get"):
                raise exceptions.ValidationError(
                    {"non_field_errors": [_("Nội dung gửi lên phải là một đối tượng JSON.")]}
                )
            data = {"comment": request.data.get("comment", "") or ""}
            if task.flow_task.name == "approve":
                data["decision"] = "submit" if decision == "submit" else "send_back_to_reporter"
            elif task.flow_task.name == "review":
                data["decision"] = "accept" if decision == "accept" else "return_with_comments"
            else:  # the reporter hands the draft on as it stands
                data = DraftForm(report=report).initial  # made form-ready by work.draft_data
            done, step = work.complete(request.user, task.pk, data, claim_first=True, node=nodes)
            return Response(_completed(done, step))

    return ReportAction


ReportSubmit = _report_action(("draft", "approve"), decision="submit")
ReportAccept = _report_action(("review",), decision="accept")
ReportReturn = _report_action(("approve", "review"), decision="return")


class Indicators(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("province", OpenApiTypes.STR),
            OpenApiParameter("agency", OpenApiTypes.STR),
        ],
        responses={
            200: s.IndicatorSerializer(many=True),
            400: OpenApiResponse(),
            403: OpenApiResponse(),
            404: NOT_FOUND,
        },
    )
    def get(self, request):
        if not may_use_reports(request.user):
            raise exceptions.PermissionDenied(_("Bạn không có vai trò lập, duyệt hoặc tổng hợp báo cáo hằng năm."))
        asked = request.query_params.get("year")
        year = bounds.parse_year(asked) if asked else timezone.localdate().year
        if year is None or not 2000 <= year <= 2100:
            raise exceptions.ValidationError({"year": [str(bounds.year_error())]})
        allowed = report_provinces(request.user)
        code = request.query_params.get("province")
        province = allowed.filter(code=code).first() if code else allowed.first()
        if province is None:
            raise Http404
        settings = report_scope.settings_for(province=province)
        plan = report_scope.plan_for(year, settings, province)
        scope = report_scope.province_scope(year, settings, plan, province)
        agency_code = request.query_params.get("agency")
        if agency_code:
            agency = scope.agencies.filter(code=agency_code).first()
            if agency is None:
                raise Http404
            scope = scope.for_agency(agency)
        indicators = registry_indicators(plan)
        figures = registry_figures(scope, indicators=indicators)
        rows = [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "value": float(figures[i.code]) if figures.get(i.code) is not None else None,
            }
            for i in sorted(indicators, key=lambda i: (i.order, i.code))
            if i.code in figures
        ]
        return Response(rows)


# --- the audit log (auditors) ----------------------------------------------------------------------------------------

AUDIT_FILTERS = [
    OpenApiParameter("case", OpenApiTypes.STR, description="a case key, e.g. tasks_registry.result:12"),
    OpenApiParameter("actor", OpenApiTypes.STR, description="the actor's username"),
    OpenApiParameter("agency", OpenApiTypes.INT, description="the agency acted for (id)"),
    OpenApiParameter("action", OpenApiTypes.STR),
    OpenApiParameter("since", OpenApiTypes.DATE, description="first day (YYYY-MM-DD or dd/mm/yyyy)"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="last day (YYYY-MM-DD or dd/mm/yyyy)"),
]


def _day_text(value):
    """The audit search form reads dd/mm/yyyy; an ISO date is turned into it, anything else is left for the form."""
    from django.utils.dateparse import parse_date

    try:
        day = parse_date(value) if value else None
    except ValueError:
        day = None
    return day.strftime("%d/%m/%Y") if day else value


class AuditEvents(generics.ListAPIView):
    """The auditor's search (audit.workspace.search): the events their scope grants, the same filters, recorded as a search."""

    serializer_class = s.AuditEventSerializer

    @extend_schema(parameters=AUDIT_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        from audit.workspace.access import visible_events
        from audit.workspace.search import EventFilterForm, apply_filters
        from tasks_registry.access import is_auditor

        if not is_auditor(self.request.user):
            raise exceptions.PermissionDenied(_("Chỉ thanh tra, kiểm toán viên xem được nhật ký."))
        params = self.request.query_params
        form = EventFilterForm(
            {
                "case_key": params.get("case", ""),
                "actor": params.get("actor", ""),
                "agency": params.get("agency", ""),
                "action": params.get("action", ""),
                "date_from": _day_text(params.get("since", "")),
                "date_to": _day_text(params.get("until", "")),
            }
        )
        if not form.is_valid():
            names = {"case_key": "case", "date_from": "since", "date_to": "until"}
            raise exceptions.ValidationError({names.get(k, k): v for k, v in work._form_errors(form).items()})
        with transaction.atomic():
            recorder.record(
                case=reading_case(self.request.user),
                obj=self.request.user,
                action="audit.searched",
                actor=self.request.user,
                changes={"filters": [None, form.filters()], "api": [None, True]},
            )
        return apply_filters(visible_events(self.request.user), form.cleaned_data).select_related("agency")
