from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("consolidated/<int:year>/", views.ConsolidatedView.as_view(), name="consolidated"),
    path("consolidated/<int:year>.<str:fmt>", views.ConsolidatedView.as_view(), name="consolidated-export"),
    path("consolidated/<int:year>/figures/<slug:code>/", views.FigureRowsView.as_view(), name="figure-rows"),
    path("kpi/", views.KpiDashboardView.as_view(), name="kpi"),
    path("application/<int:year>/", views.ApplicationReportView.as_view(), name="application"),
    path("application/<int:year>.<str:fmt>", views.ApplicationReportView.as_view(), name="application-export"),
    path("national/<int:year>/", views.NationalView.as_view(), name="national"),
]
