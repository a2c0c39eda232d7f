"""The navigation of the one frame every page shares: only the places the signed-in person may use.

A link that answers 403 is worse than no link, so each entry asks the same question its page asks before it
answers: the workflow lists need a queue role (officer, head, reporter), the reports need `may_use_reports`, the
audit workspace an auditor membership. The answer is computed once per request and kept on it.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.templatetags.audit_tags import can_audit
from reports.access import may_use_reports
from reports.annual_report_flow import AnnualReportFlow
from workflows.flows import ResultFlow
from workflows.permissions import queue_permissions_of

FLOW_TITLES = {ResultFlow: _("Hồ sơ kết quả"), AnnualReportFlow: _("Báo cáo hằng năm")}


def _viewset(flow_class):
    from ..site import site  # the site imports the flows' views: read it when a page asks, not at import time

    return next(viewset for viewset in site.viewsets if viewset._flow_class is flow_class)


register = template.Library()


def _works_queues(user):
    return user.is_superuser or bool(queue_permissions_of(user))


def main_menu(request):
    """[(url, label, is_current)] for the header."""
    cached = getattr(request, "_main_menu", None)
    if cached is not None:
        return cached
    user = request.user
    match = getattr(request, "resolver_match", None)
    app_name = getattr(match, "app_name", "") or ""
    url_name = getattr(match, "url_name", "") or ""
    path = request.path
    items = [(reverse("home"), _("Trang chủ"), url_name == "home")]
    if _works_queues(user):
        viewset = _viewset(ResultFlow)
        inbox, queue = viewset.reverse("inbox"), viewset.reverse("queue")
        items += [(inbox, _("Việc của tôi"), path == inbox), (queue, _("Việc chờ nhận"), path == queue)]
    items.append((reverse("result-list"), _("Kết quả"), url_name in ("result-list", "result-detail")))
    if may_use_reports(user):
        items.append((reverse("reports:list"), _("Báo cáo"), app_name == "reports"))
    if can_audit(request):
        items.append((reverse("audit:search"), _("Kiểm tra, kiểm toán"), app_name == "audit"))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Quản trị"), False))
    request._main_menu = items
    return items


@register.simple_tag(takes_context=True)
def site_menu(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return main_menu(request)


@register.simple_tag(takes_context=True)
def flow_menu(context):
    """The current flow's own lists (overview, my work, the queue, done work), for the workflow pages only."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    flow_viewset = getattr(match, "flow_viewset", None)
    flow_class = getattr(flow_viewset, "_flow_class", None)
    if flow_class not in FLOW_TITLES:
        return []
    viewset = _viewset(flow_class)
    links = []
    if flow_class.instance.has_view_permission(request.user):
        links.append((viewset.reverse("index"), _("Tổng quan")))
    if _works_queues(request.user):
        links += [
            (viewset.reverse("inbox"), _("Việc của tôi")),
            (viewset.reverse("queue"), _("Việc chờ nhận")),
            (viewset.reverse("archive"), _("Việc đã làm")),
        ]
    return {"title": FLOW_TITLES[flow_class], "links": [(url, label, request.path == url) for url, label in links]}
