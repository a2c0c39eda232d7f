from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, {"kind": "csv"}, name="export-csv"),
    path("export.xlsx", views.export, {"kind": "xlsx"}, name="export-xlsx"),
    path("cases/<path:case_key>/", views.case_timeline, name="case"),
    path("people/<int:user_pk>/", views.person_activity, name="person"),
    path("verification/", views.verification, name="verification"),
]
