from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from portal.dashboard import WorkHomeView
from portal.site import site
from workflows.planning import plan_work

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # viewflow's date picker reads month and day names from Django's JavaScript catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("workflow/", site.urls),
    path("audit/", include("audit.workspace.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("work/<int:task_pk>/plan/", plan_work, name="work-plan"),
    path("", WorkHomeView.as_view(), name="home"),
    path("", include("accounts.urls")),
    path("", include("api.token_pages")),
    path("", include("tasks_registry.urls")),
]
# No route serves MEDIA_ROOT, not even with DEBUG: documents go out only through the scoped download view.
