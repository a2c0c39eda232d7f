"""The first pages: home, the result list and a result's detail with its timeline; the owner's revenue page and the
list of revenue records (with the payouts to authors below the minimum).

Everything shown is scoped by `selectors`: a result outside the person's agencies is a 404, never a 403, so that
its existence is not revealed; what a page shows of a result (transfers, contract values, documents, revenue, the
history) is what `selectors.sight_of` allows. Lists run a fixed number of queries whatever their length.
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.db.models import F, Min, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView
from viewflow.workflow.models import Task

from audit import recorder

from . import bounds, downloads, services
from .access import support_applicant
from .errors import ServiceError
from .forms import RevenueForm, SupportRequestForm
from .importing import template_workbook_bytes
from .lifecycle import RECOGNISED_STATES, Status
from .models import Agency, Result
from .pagination import CountedPaginator
from .selectors import (
    parties_acted_for,
    revenue_recorder,
    sight_of,
    support_requester,
    visible_results,
    visible_results_in_order,
    visible_revenues,
)
from .templatetags.registry_tags import action_text, format_vnd, memberships_for, status_label


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "tasks_registry/home.html"
    recent_count = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = memberships_for(self.request)
        recent = visible_results_in_order(user).with_parties().order_by("-status_changed_at", "-id")
        context["recent_results"] = recent[: self.recent_count]
        context["result_count"] = visible_results(user).count()
        return context


class ResultListView(LoginRequiredMixin, ListView):
    template_name = "tasks_registry/result_list.html"
    paginate_by = 50
    context_object_name = "results"
    paginator_class = CountedPaginator

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        # The page is read in the order's index; the number of results is counted on the indexed lookups of
        # `visible_results`, which do not read every other province's results as the ordered form's count would.
        counted = self._filtered(visible_results(self.request.user))
        return super().get_paginator(queryset, per_page, *args, counted=counted, **kwargs)

    def _filtered(self, results):
        status = self.request.GET.get("status", "")
        if status in Status.values:
            results = results.filter(status=status)
        query = self.request.GET.get("q", "").strip()
        if query:
            results = results.filter(Q(title__icontains=query) | Q(registration_no__icontains=query))
        return results

    def get_queryset(self):
        results = self._filtered(visible_results_in_order(self.request.user)).with_parties()
        # The earliest due date of the result's open work (workflows.WorkItem), to sort and mark overdue cases. A
        # correlated subquery, not a GROUP BY over every visible result: PostgreSQL computes it after the sort and
        # the LIMIT, for the page's rows only (one lookup each by the work item's result index).
        open_work = apps.get_model("workflows", "WorkItem").objects.filter(
            result=OuterRef("pk"), task__finished__isnull=True
        )
        results = results.annotate(
            next_due=Subquery(open_work.order_by().values("result").annotate(first=Min("due_on")).values("first")[:1])
        )
        if self.request.GET.get("sort") == "due":
            return results.order_by(F("next_due").asc(nulls_last=True), "-id")
        return results.order_by("-status_changed_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        context["statuses"] = Status.choices
        context["current_status"] = status if status in Status.values else ""
        context["query"] = self.request.GET.get("q", "").strip()
        context["sort"] = self.request.GET.get("sort", "")
        context["today"] = timezone.localdate()
        return context


class ResultDetailView(LoginRequiredMixin, DetailView):
    context_object_name = "result"

    def get_object(self, queryset=None):
        result = get_object_or_404(Result.objects.with_parties(), pk=self.kwargs["pk"])
        self.sight = sight_of(self.request.user, result)
        if not (self.sight.full or self.sight.reduced):
            raise Http404
        return result

    def get_template_names(self):
        # A receiving unit that declined, or whose transfer ended, keeps only its own offer.
        return ["tasks_registry/result_detail.html" if self.sight.full else "tasks_registry/result_offer.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result, sight = self.object, self.sight
        context["sight"] = sight
        context["transfers"] = sight.transfers()
        if not sight.full:
            return context
        context["timeline"] = timeline(list(sight.events().order_by("seq")))
        context["supports"] = result.supports.select_related("intermediary") if sight.may_see_supports else None
        context["documents"] = sight.documents()
        context["ip_titles"] = result.ip_titles.all()
        context["revenues"] = sight.revenues()
        context["revenue_recorder"] = revenue_recorder(self.request.user, result)
        context["support_requester"] = support_requester(self.request.user, result)
        # A result not yet registered has no regime recorded: show the one its task's approval date points to.
        context["regime"] = result.regime or result.task.regime
        context["regime_recorded"] = result.regime_id is not None
        return context


class RevenueRecordView(LoginRequiredMixin, FormView):
    """The owner records a year's revenue, after-tax profit (or the value of the result contributed as capital) and
    payout to the authors, through `services.record_revenue`. Only an officer or head of the result's owner may open
    or post it (`selectors.revenue_recorder`): anyone else who sees the result gets 403, anyone who does not, 404."""

    template_name = "tasks_registry/revenue_form.html"
    form_class = RevenueForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.result = get_object_or_404(Result.objects.with_parties(), pk=kwargs["pk"])
            self.sight = sight_of(request.user, self.result)
            if not self.sight.full:
                raise Http404
            self.agency = revenue_recorder(request.user, self.result)
            if self.agency is None:
                raise PermissionDenied(
                    _("Chỉ chuyên viên, lãnh đạo của chủ sở hữu kết quả được báo cáo doanh thu của kết quả này.")
                )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regime = self.result.regime or self.result.task.regime
        context.update(
            result=self.result,
            agency=self.agency,
            regime=regime,
            revenues=self.sight.revenues(),
        )
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            record = services.record_revenue(
                self.result,
                actor=self.request.user,
                agency=self.agency,
                year=data["year"],
                basis=data["basis"],
                revenue=data["revenue"],
                after_tax_profit=data["after_tax_profit"],
                capital_value=data["capital_value"],
                author_payout=data["author_payout"],
                note=data["note"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        values = {"year": record.year, "minimum": format_vnd(record.author_minimum)}
        if record.below_minimum:
            messages.warning(
                self.request,
                _(
                    "Đã ghi nhận doanh thu năm %(year)s. Chi trả cho tác giả thấp hơn mức tối thiểu %(minimum)s: "
                    "kết quả được đánh dấu để cơ quan quản lý theo dõi."
                )
                % values,
            )
        else:
            messages.success(self.request, _("Đã ghi nhận doanh thu năm %(year)s.") % values)
        return redirect(reverse("result-detail", args=[self.result.pk]) + "#revenue-title")


class SupportRequestView(LoginRequiredMixin, FormView):
    """The owner (or the host, before ownership is settled) asks for commercialisation support from the result's
    page, from recognition on, as many times as it needs (`services.request_support`): each request is appraised and
    decided in its own case, in the managing agency's queue. Anyone else who sees the result gets 403, anyone who
    does not, 404."""

    template_name = "tasks_registry/support_form.html"
    form_class = SupportRequestForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.result = get_object_or_404(Result.objects.with_parties(), pk=kwargs["pk"])
            if not sight_of(request.user, self.result).full:
                raise Http404
            self.agency = support_requester(request.user, self.result)
            if self.agency is None:
                raise PermissionDenied(self._why_not())
        return super().dispatch(request, *args, **kwargs)

    def _why_not(self):
        """Why this person may not ask, in terms that say what would change it."""
        if self.result.status not in RECOGNISED_STATES:
            return _(
                "Kết quả ở trạng thái «%(status)s»: chỉ đề nghị hỗ trợ thương mại hoá được từ khi kết quả được công "
                "nhận đến khi kết thúc theo dõi."
            ) % {"status": self.result.get_status_display()}
        return _(
            "Hỗ trợ thương mại hoá cho kết quả này do chuyên viên, lãnh đạo của %(applicant)s đề nghị (chủ sở hữu, "
            "hoặc tổ chức chủ trì khi chưa giao quyền)."
        ) % {"applicant": support_applicant(self.result).acting().name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(result=self.result, agency=self.agency, supports=self.result.supports.all())
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.request_support(
                self.result,
                actor=self.request.user,
                agency=self.agency,
                kind=data["kind"],
                requested_amount=data["requested_amount"] or 0,
                intermediary=data["intermediary"],
                comment=data["comment"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã gửi đề nghị hỗ trợ thương mại hoá: «%(kind)s». Hồ sơ chờ Sở thẩm định.")
            % {"kind": dict(form.fields["kind"].choices)[data["kind"]]},
        )
        return redirect(reverse("result-detail", args=[self.result.pk]) + "#supports-title")


class RevenueListView(LoginRequiredMixin, ListView):
    """Revenue records the person may read (`selectors.visible_revenues`: the managing agency, the owner, auditors in
    scope), the payouts to authors below the minimum first when asked (?shortfall=1), by year (?year=)."""

    template_name = "tasks_registry/revenue_list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        records = visible_revenues(self.request.user)
        self.shortfall_only = self.request.GET.get("shortfall") == "1"
        if self.shortfall_only:
            records = records.filter(below_minimum=True)
        self.year = bounds.parse_year(self.request.GET.get("year"))
        if self.year is not None:
            records = records.filter(year=self.year)
        return records.order_by("-year", "-below_minimum", "result__title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(shortfall_only=self.shortfall_only, year=self.year or "")
        return context


@login_required
def download_document(request, pk, document_pk):
    """A document of a result, to its current parties only (`selectors`); the download is recorded in its history."""
    result = get_object_or_404(Result.objects.with_parties(), pk=pk)
    document = get_object_or_404(sight_of(request.user, result).documents(), pk=document_pk)
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
    return downloads.file_response(document, preview=request.GET.get("preview") == "1")


@login_required
def import_template(request):
    response = HttpResponse(
        template_workbook_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ket-qua.xlsx"'
    return response


# --- the timeline of a result -------------------------------------------------------------------------------------


def _model_for(object_type):
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


def _field_of(model, key):
    """The model field a change key names ("status", "regime_id", "ownership_holder_id", …), or None."""
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):  # not a reverse relation
            return field
    return None


def _related_record_model(key):
    """Services record the record a step created under its model name ("transfer": [None, 12], "ip_title": {…})."""
    return _model_for(f"tasks_registry.{key}") or _model_for(f"tasks_registry.{key.replace('_', '')}")


# Keys that services write into nested records under another name than the model field's.
_NESTED_ALIASES = {"name": "original_name"}


def _nested_field(model, key):
    return _field_of(model, key) or (_field_of(model, _NESTED_ALIASES[key]) if key in _NESTED_ALIASES else None)


def _plain(value):
    """A value kept in a nested change (a document, a transfer, a revenue record…) as short text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, str):
        day = parse_date(value) if len(value) == 10 else None
        if day:
            return formats.date_format(day, "d/m/Y")
    return str(value)


class _Names:
    """Names of the related records that changes point to by id, fetched in one query per model."""

    def __init__(self):
        self.wanted = {}
        self.names = {}

    def want(self, model, value):
        if value not in (None, ""):
            self.wanted.setdefault(model, set()).add(value)

    def load(self):
        for model, ids in self.wanted.items():
            clean = set()
            for value in ids:
                try:
                    clean.add(model._meta.pk.to_python(value))
                except Exception:  # noqa: BLE001 - a recorded id that no longer parses is shown as recorded
                    continue
            if model is get_user_model():
                # People are recorded by login (a claim's "owner"): shown by full name, never by the login.
                logins = {value for value in ids if isinstance(value, str) and not value.isdigit()}
                people = model._default_manager.filter(Q(pk__in=clean) | Q(username__in=logins))
                self.names[model] = {}
                for person in people:
                    name = person.get_full_name() or person.get_username()
                    self.names[model][person.pk] = self.names[model][person.get_username()] = name
                continue
            records = model._default_manager.select_related().filter(pk__in=clean)
            if model is Task:
                # A workflow task reads as its work ("Thẩm định hồ sơ giao quyền"), not as the engine's reference.
                self.names[model] = {obj.pk: _task_title(obj) for obj in records}
                continue
            self.names[model] = {obj.pk: str(obj) for obj in records}

    def name(self, model, value):
        known = self.names.get(model, {})
        if value in known:
            return known[value]
        try:
            pk = model._meta.pk.to_python(value)
        except Exception:  # noqa: BLE001
            return str(value)
        return known.get(pk, f"#{value}")


def _task_title(task):
    node = task.flow_task
    return str(getattr(node, "task_title", "") or f"#{task.pk}")


def _display(field, value, names, related_model=None):
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return _nested(related_model or (field.model if field is not None else None), value, names)
    if field is None:
        if related_model is not None and isinstance(value, (int, str)):
            return names.name(related_model, value)
        return _plain(value)
    if field.name == "status" and field.model is Result:
        return str(status_label(value))
    if field.is_relation and field.many_to_one:
        return names.name(field.related_model, value)
    if field.is_relation and field.many_to_many and isinstance(value, list):
        return ", ".join(names.name(field.related_model, item) for item in value) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    if isinstance(field, models.DecimalField) and field.decimal_places == 0:
        return format_vnd(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        return formats.date_format(moment, "d/m/Y H:i") if moment else value
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        return formats.date_format(day, "d/m/Y") if day else value
    if field.name == "sha256" and isinstance(value, str):
        return f"{value[:12]}…"
    if isinstance(value, (datetime.date, Decimal)):
        return _plain(str(value))
    return _plain(value)


def _nested(model, value, names):
    """A record kept whole in a change ({"kind": …, "number": …}) as "label: value; …" with the model's labels."""
    parts = []
    for key, item in value.items():
        if key == "id":
            continue
        field = _nested_field(model, key)
        label = field.verbose_name if field is not None else key
        parts.append(f"{label}: {_display(field, item, names)}")
    return "; ".join(parts) or "—"


def _want_names(field, values, names):
    if field is not None and field.is_relation and (field.many_to_one or field.many_to_many):
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                names.want(field.related_model, item)


def _field_of_case_records(key):
    """A field named in a change but kept on a record of the case rather than on the event's object: the work
    item's planning (due date, follow-up, priority), a transfer's or a support's own fields."""
    from django.apps import apps

    for label in ("workflows.WorkItem", "tasks_registry.Transfer", "tasks_registry.CommercialisationSupport"):
        field = _field_of(apps.get_model(label), key)
        if field is not None:
            return field
    return None


def timeline(events):
    """Events of a case as rows for the page: a readable action and each change as label, before, after.

    Ids of related records are shown by the records' names, looked up in one query per model for the whole
    timeline; a record kept whole in a change (a document, an IP title, a revenue record) is shown with the labels of
    its model's fields.
    """
    names = _Names()
    prepared = []
    for event in events:
        model = _model_for(event.object_type)
        fields = []
        for key, pair in (event.changes or {}).items():
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            record_model = _related_record_model(key)
            if model is Task and key == "task" and isinstance(after, (dict, int)):
                # The claimed, released or planned task itself: named by its work (one query for the timeline's
                # tasks), never as "nhiệm vụ" (the S&T task) and its number.
                task_id = after["id"] if isinstance(after, dict) else after
                names.want(Task, task_id)
                fields.append((key, _("Công việc"), None, Task, None, task_id))
                continue
            if isinstance(before, dict) or isinstance(after, dict):
                # A whole record: described with the labels of its own model (named by the key, or the event's).
                nested_model = record_model or model
                for value in (before, after):
                    for nested_key, item in (value or {}).items():
                        _want_names(_nested_field(nested_model, nested_key), [item], names)
                label = nested_model._meta.verbose_name if nested_model is not None else key
                fields.append((key, label, None, nested_model, before, after))
                continue
            field = _field_of(model, key) or _field_of(Result, key) or _field_of_case_records(key)
            if field is not None:
                _want_names(field, (before, after), names)
                fields.append((key, field.verbose_name, field, None, before, after))
                continue
            if record_model is not None:
                for value in (before, after):
                    if isinstance(value, (int, str)):
                        names.want(record_model, value)
                fields.append((key, record_model._meta.verbose_name, None, record_model, before, after))
                continue
            fields.append((key, key, None, None, before, after))
        prepared.append((event, fields))
    names.load()

    rows = []
    for event, fields in prepared:
        changes = [
            {
                "key": key,
                "label": str(label),
                "before": _display(field, before, names, related_model),
                "after": _display(field, after, names, related_model),
                "added": before in (None, ""),
            }
            for key, label, field, related_model, before, after in fields
        ]
        rows.append({"event": event, "action": action_text(event.action), "changes": changes})
    return rows
