from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("results/", views.ResultListView.as_view(), name="result-list"),
    path("results/<int:pk>/", views.ResultDetailView.as_view(), name="result-detail"),
    path("results/<int:pk>/revenue/", views.RevenueRecordView.as_view(), name="revenue-record"),
    path("results/<int:pk>/support/", views.SupportRequestView.as_view(), name="support-request"),
    path("results/revenues/", views.RevenueListView.as_view(), name="revenue-list"),
    path("results/<int:pk>/documents/<int:document_pk>/", views.download_document, name="document-download"),
    path("results/import-template.xlsx", views.import_template, name="import-template"),
]
