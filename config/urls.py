from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from workflows.dashboard import WorkHomeView
from workflows.planning import plan_work
from workflows.site import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # viewflow's date picker reads month and day names from Django's JavaScript catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("workflow/", site.urls),
    path("audit/", include("audit.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("work/<int:task_pk>/plan/", plan_work, name="work-plan"),
    path("", WorkHomeView.as_view(), name="home"),
    path("", include("accounts.urls")),
    path("", include("tasks_registry.urls")),
]
# No route serves MEDIA_ROOT, not even with DEBUG: documents go out only through the scoped download view.
