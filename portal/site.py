"""The officers' workspace in viewflow's Material frontend: inbox, queue and archive of the result flow."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site

from reports.annual_report_flow import AnnualReportFlow, AnnualReportViewset
from workflows.flows import ResultFlow
from workflows.lists import AgencyFlowAppViewset

site = Site(
    title=_("Xử lý hồ sơ kết quả"),
    viewsets=[
        AgencyFlowAppViewset(ResultFlow, icon="assignment"),
        AnnualReportViewset(AnnualReportFlow, icon="summarize"),
    ],
)
