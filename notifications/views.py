"""A person's notifications: the list, opening one (it leads to the task or the case), marking read, preferences,
and the unsubscribe link of the e-mails (which works without logging in: the link is signed)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST
from viewflow.workflow import STATUS

from . import services, texts
from .forms import PreferenceForm
from .models import Notification
from .preferences import preference_row, user_id_from_token


class NotificationListView(LoginRequiredMixin, generic.ListView):
    template_name = "notifications/list.html"
    paginate_by = 25

    def get_queryset(self):
        # Only the person's own notifications, whatever the URL asks for.
        return Notification.objects.filter(recipient=self.request.user).select_related("task")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = [
            {"notification": n, "sentence": texts.sentence(n), "detail_label": texts.detail_label(n)}
            for n in context["page_obj"]
        ]
        return context


def _destination(request, notification):
    task = notification.task
    if task is not None and task.status in (STATUS.NEW, STATUS.ASSIGNED) and notification.link:
        target = notification.link
    else:
        target = notification.case_link or notification.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "notifications:list"


@login_required
def open_notification(request, pk):
    """Opening a notification marks it read and leads to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return redirect(_destination(request, notification))


@login_required
@require_POST
def mark_read(request):
    ids = [int(value) for value in request.POST.getlist("notification") if value.isdigit()]
    count = services.mark_read(request.user, ids if "all" not in request.POST else None)
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    row = preference_row(request.user)
    form = PreferenceForm.for_row(row, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.apply(row).save()
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def unsubscribe(request, token):
    """One click from an e-mail turns e-mail off (in-app notifications stay); an altered link changes nothing."""
    user_id = user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        row = preference_row(user)
        row.email_enabled = False
        row.save()
        return render(request, "notifications/unsubscribe.html", {"done": True})
    return render(request, "notifications/unsubscribe.html", {"token": token})
