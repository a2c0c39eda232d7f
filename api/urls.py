"""The API's paths (a contract: issue 16). One router for the whole project, under /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import auth, notices, st_tasks, verification, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("auth/token/revoke/", auth.RevokeTokenView.as_view(), name="token-revoke"),
    path("me/", views.MeView.as_view(), name="me"),
    path("provinces/", views.ProvinceList.as_view(), name="provinces"),
    path("agencies/", views.AgencyList.as_view(), name="agencies"),
    path("st-tasks/", st_tasks.STTaskList.as_view(), name="st-tasks"),
    path("st-tasks/<int:pk>/", st_tasks.STTaskDetail.as_view(), name="st-task"),
    path("results/", views.ResultList.as_view(), name="results"),
    path("results/<int:pk>/", views.ResultDetail.as_view(), name="result"),
    path("results/<int:pk>/timeline/", views.ResultTimeline.as_view(), name="result-timeline"),
    path("results/<int:pk>/steps/", views.ResultSteps.as_view(), name="result-steps"),
    path("work/inbox/", views.Inbox.as_view(), name="inbox"),
    path("work/queue/", views.Queue.as_view(), name="queue"),
    path("work/archive/", views.Archive.as_view(), name="archive"),
    path("work/<int:pk>/", views.WorkDetail.as_view(), name="work"),
    path("work/<int:pk>/claim/", views.Claim.as_view(), name="claim"),
    path("work/<int:pk>/release/", views.Release.as_view(), name="release"),
    path("work/<int:pk>/complete/", views.Complete.as_view(), name="complete"),
    path("work/<int:pk>/reassign/", views.Reassign.as_view(), name="reassign"),
    path("documents/", views.DocumentList.as_view(), name="documents"),
    path("documents/<int:pk>/download/", views.DocumentDownload.as_view(), name="document-download"),
    path("annual-reports/", views.AnnualReportList.as_view(), name="annual-reports"),
    path("annual-reports/<int:pk>/", views.AnnualReportDetail.as_view(), name="annual-report"),
    path("annual-reports/<int:pk>/submit/", views.ReportSubmit.as_view(), name="annual-report-submit"),
    path("annual-reports/<int:pk>/accept/", views.ReportAccept.as_view(), name="annual-report-accept"),
    path("annual-reports/<int:pk>/return/", views.ReportReturn.as_view(), name="annual-report-return"),
    path("indicators/", views.Indicators.as_view(), name="indicators"),
    path("audit/events/", views.AuditEvents.as_view(), name="audit-events"),
    path("audit/verify/", verification.AuditVerify.as_view(), name="audit-verify"),
    path("notifications/", notices.NotificationList.as_view(), name="notifications"),
    path("notifications/<int:pk>/read/", notices.NotificationRead.as_view(), name="notification-read"),
]
