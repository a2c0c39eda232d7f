"""Annual reports: prefilled figures, the report's lifecycle and who may act on it, lateness, consolidation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import Event
from audit.recorder import case_key_for
from reports import services
from reports.figures import Scope, registry_figures
from reports.models import AnnualReport, Indicator, ReportingSettings, ReportStatus, Target
from tasks_registry.errors import InvalidInput, NotPermitted, StepNotAllowed
from tasks_registry.models import Result
from tests.factories import Province

from .builders import EXPECTED_HOST, YEAR, ReportingProvince, accepted_in, hand_counted_registry

pytestmark = pytest.mark.django_db


def test_prefilled_figures_equal_the_hand_counted_registry():
    province = ReportingProvince("A")
    hand_counted_registry(province)
    other = Province("B")
    other.accepted()  # another province's result counts for nobody of ours
    host_report, dept_report = province.open()
    for code, expected in EXPECTED_HOST.items():
        assert host_report.figures[code] == expected, code
    # The managing Sở KH&CN counts the same results, plus the intermediaries active this year (not the retired one).
    for code, expected in EXPECTED_HOST.items():
        assert dept_report.figures[code] == expected, code
    assert dept_report.figures["intermediaries"] == 2
    assert "intermediaries" not in host_report.figures
    assert "startups_supported" not in host_report.figures  # manual: the registry cannot know it
    # One progress row per plan task the agency leads; none for the coordinating agency.
    assert [row.plan_task.number for row in host_report.task_rows.all()] == [6]
    assert dept_report.task_rows.count() == 0
    assert host_report.status == ReportStatus.DRAFT
    assert host_report.deadline == datetime.date(YEAR, 12, 31)


def test_figures_take_a_constant_number_of_queries():
    province = ReportingProvince("A")
    actors = __import__("tests.tasks_registry.driver", fromlist=["Actors"]).Actors(province)
    accepted_in(actors, YEAR)
    scope = Scope(Result.objects.all(), YEAR, 2023).for_agency(province.host)
    with CaptureQueriesContext(connection) as few:
        registry_figures(scope)
    for _ in range(5):
        accepted_in(actors, YEAR)
    with CaptureQueriesContext(connection) as many:
        registry_figures(scope)
    assert len(few) == len(many)


def test_draft_submit_return_and_resubmit_each_audited():
    p = ReportingProvince("A")
    report, _dept = p.open()
    services.save_draft(
        report,
        actor=p.host_reporter,
        agency=p.host,
        manual_figures={"startups_supported": 4},
        progress={p.plan_task.pk: "Tổ chức 2 hội nghị"},
        difficulties="Thiếu kinh phí",
        proposals="Tăng hỗ trợ",
    )
    services.approve_and_submit(report, actor=p.host_head, agency=p.host)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at and report.approved_by == p.host_head
    assert report.manual_figures == {"startups_supported": 4}
    assert report.task_rows.get().progress == "Tổ chức 2 hội nghị"

    with pytest.raises(InvalidInput):
        services.return_with_comments(report, actor=p.dept_officer, agency=p.department, comment=" ")
    services.return_with_comments(
        report, actor=p.dept_officer, agency=p.department, comment="Bổ sung số liệu khởi nghiệp"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.return_comment == "Bổ sung số liệu khởi nghiệp"
    with pytest.raises(StepNotAllowed):
        services.accept(report, actor=p.dept_officer, agency=p.department)

    services.save_draft(report, actor=p.host_reporter, agency=p.host, manual_figures={"startups_supported": 5})
    services.resubmit(report, actor=p.host_head, agency=p.host)
    services.accept(report, actor=p.dept_head, agency=p.department)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_by == p.dept_head
    actions = list(Event.objects.filter(case_key=case_key_for(report)).order_by("seq").values_list("action", flat=True))
    assert actions == [
        "report.open",
        "report.save_draft",
        "report.approve_and_submit",
        "report.return_with_comments",
        "report.save_draft",
        "report.resubmit",
        "report.accept",
    ]
    with pytest.raises(StepNotAllowed):
        services.save_draft(report, actor=p.host_reporter, agency=p.host, difficulties="sửa sau khi tiếp nhận")


def test_only_the_agencys_own_reporter_and_head_act_on_its_report():
    p, other = ReportingProvince("A"), ReportingProvince("B")
    report, _dept = p.open()
    before = AnnualReport.objects.values().get(pk=report.pk)
    refusals = [
        lambda: services.save_draft(report, actor=other.host_reporter, agency=other.host, difficulties="x"),
        lambda: services.save_draft(report, actor=other.host_reporter, agency=p.host, difficulties="x"),
        lambda: services.save_draft(
            report, actor=p.host_head, agency=p.host, difficulties="x"
        ),  # head is not the reporter
        lambda: services.save_draft(report, actor=p.dept_reporter, agency=p.department, difficulties="x"),
        lambda: services.approve_and_submit(report, actor=p.host_reporter, agency=p.host),
        lambda: services.approve_and_submit(report, actor=other.host_head, agency=other.host),
        lambda: services.approve_and_submit(report, actor=p.dept_head, agency=p.department),
    ]
    for refuse in refusals:
        with pytest.raises(NotPermitted) as error:
            refuse()
        assert str(error.value)
    assert AnnualReport.objects.values().get(pk=report.pk) == before
    services.approve_and_submit(report, actor=p.host_head, agency=p.host)
    for actor, agency in [(other.dept_officer, other.department), (p.host_head, p.host), (p.auditor, p.department)]:
        with pytest.raises(NotPermitted):
            services.accept(report, actor=actor, agency=agency)


def test_a_report_submitted_after_the_deadline_is_marked_late():
    p = ReportingProvince("A")
    settings = ReportingSettings.for_province(p.province)
    settings.deadline_day, settings.deadline_month = 1, 1  # administrators edit the deadline
    settings.save()
    report, dept_report = p.open()
    assert report.deadline == datetime.date(YEAR, 1, 1)
    if timezone.localdate() > report.deadline:
        services.approve_and_submit(report, actor=p.host_head, agency=p.host)
        report.refresh_from_db()
        assert report.late
    # A report due at the end of the year and sent now is on time.
    AnnualReport.objects.filter(pk=dept_report.pk).update(deadline=datetime.date(YEAR, 12, 31))
    services.approve_and_submit(dept_report, actor=p.dept_head, agency=p.department)
    dept_report.refresh_from_db()
    assert not dept_report.late


def test_only_a_consolidating_officer_opens_reports_and_only_once():
    p = ReportingProvince("A")
    with pytest.raises(NotPermitted):
        services.open_reports(YEAR, actor=p.host_reporter, agency=p.host)
    p.consolidate_here()
    with pytest.raises(NotPermitted):
        services.open_reports(YEAR, actor=p.host_head, agency=p.host)
    assert len(services.open_reports(YEAR, actor=p.dept_officer, agency=p.department)) == 2
    assert services.open_reports(YEAR, actor=p.dept_officer, agency=p.department) == []


def test_targets_are_seeded_with_their_sources():
    dong_thap = {
        (t.indicator.code, t.year): t for t in Target.objects.filter(province="Đồng Tháp").select_related("indicator")
    }
    assert (dong_thap["share_transferred", 2025].comparison, float(dong_thap["share_transferred", 2025].value)) == (
        "=",
        100,
    )
    assert (dong_thap["share_supported", 2025].comparison, float(dong_thap["share_supported", 2025].value)) == ("≥", 10)
    assert float(dong_thap["share_supported", 2030].value) == 15
    assert float(dong_thap["intermediaries", 2025].value) == 1 and float(dong_thap["intermediaries", 2030].value) == 3
    assert float(dong_thap["startups_supported", 2030].value) == 20
    assert all("Đồng Tháp" in t.source and "II.2" in t.source for t in dong_thap.values())
    bac_kan = {
        (t.indicator.code, t.year): t for t in Target.objects.filter(province="Bắc Kạn").select_related("indicator")
    }
    assert float(bac_kan["transaction_value_growth", 2025].value) == 5
    assert bac_kan["ip_transaction_share", 2030].comparison == ">"
    assert float(bac_kan["intermediaries", 2030].value) == 1
    assert all("Bắc Kạn" in t.source for t in bac_kan.values())
    assert Indicator.objects.get(code="startups_supported").is_manual
    # Bắc Kạn: "tỷ trọng giao dịch các công nghệ đạt 5-10%" (2025), "10-20%" (2030): ranges, not "≥".
    share = bac_kan["technology_transaction_share", 2025]
    assert (share.comparison, float(share.value), float(share.upper_value)) == ("[]", 5, 10)
    assert share.is_met(7) and share.is_met(10) and not share.is_met(12) and not share.is_met(4)
    assert float(bac_kan["technology_transaction_share", 2030].upper_value) == 20
    settings = ReportingSettings.objects.get(province__name="Đồng Tháp")
    assert (settings.deadline_day, settings.deadline_month) == (31, 12) and "V.3" in settings.source
