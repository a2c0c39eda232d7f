from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views.generic import DetailView, ListView, TemplateView

from audit.models import Event
from audit.recorder import case_key_for

from .importing import template_workbook_bytes
from .lifecycle import Status
from .models import Membership
from .scoping import visible_results


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "tasks_registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = Membership.objects.active().filter(user=user).select_related("agency")
        context["recent_results"] = visible_results(user).with_parties()[:10]
        context["result_count"] = visible_results(user).count()
        return context


class ResultListView(LoginRequiredMixin, ListView):
    template_name = "tasks_registry/result_list.html"
    paginate_by = 50
    context_object_name = "results"

    def get_queryset(self):
        results = visible_results(self.request.user).with_parties()
        status = self.request.GET.get("status")
        if status in Status.values:
            results = results.filter(status=status)
        query = self.request.GET.get("q", "").strip()
        if query:
            results = results.filter(title__icontains=query) | results.filter(registration_no__iexact=query)
        return results.order_by("-status_changed_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = Status.choices
        context["current_status"] = self.request.GET.get("status", "")
        context["query"] = self.request.GET.get("q", "")
        return context


class ResultDetailView(LoginRequiredMixin, DetailView):
    template_name = "tasks_registry/result_detail.html"
    context_object_name = "result"

    def get_queryset(self):
        return visible_results(self.request.user).with_parties()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.object
        context["events"] = Event.objects.filter(case_key=case_key_for(result)).select_related("actor").order_by("seq")
        context["transfers"] = result.transfers.select_related("receiving_unit")
        context["supports"] = result.supports.select_related("intermediary")
        context["documents"] = result.documents.all()
        context["ip_titles"] = result.ip_titles.all()
        context["revenues"] = result.revenues.all()
        return context


def import_template(request):
    response = HttpResponse(
        template_workbook_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ket-qua.xlsx"'
    return response
