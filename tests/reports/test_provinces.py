"""Two provinces in one database: each one's reports, consolidation and KPIs count only its own results; the
ministry sees both consolidations and the national total, and no province's case files."""

import pytest
from django.db import transaction

from reports import services
from reports.consolidation import consolidate_nation
from reports.consolidation import consolidate_province as consolidate
from reports.figures import Scope, registry_figures
from reports.models import AnnualReport, ReportingSettings
from tasks_registry.errors import NotPermitted
from tasks_registry.models import Agency, AgencyKind, Result
from tasks_registry.roles import Role
from tasks_registry.selectors import province_agency_ids, province_results
from tests.factories import make_agency, make_member
from tests.reports.builders import EXPECTED_HOST, YEAR, ReportingProvince, accepted_in, hand_counted_registry
from tests.tasks_registry.driver import Actors

pytestmark = pytest.mark.django_db


def _accepted(p, startups):
    host_report, dept_report = p.open()
    for report, reporter, head, agency in [
        (host_report, p.host_reporter, p.host_head, p.host),
        (dept_report, p.dept_reporter, p.dept_head, p.department),
    ]:
        services.save_draft(report, actor=reporter, agency=agency, manual_figures={"startups_supported": startups})
        services.approve_and_submit(report, actor=head, agency=agency)
        services.accept(report, actor=p.dept_officer, agency=p.department)
    return host_report, dept_report


@pytest.fixture
def two():
    a, b = ReportingProvince("A"), ReportingProvince("B")
    for p in (a, b):
        settings = ReportingSettings.for_province(p.province)
        settings.consolidator = p.department
        settings.save()
    hand_counted_registry(a)  # B's registry stays empty: any figure of B above zero came from A
    accepted_in(Actors(b), YEAR)  # one result of B, recognised this year
    _accepted(a, 6)
    _accepted(b, 4)
    ministry = make_agency("BKHCN", AgencyKind.MINISTRY, "Bộ Khoa học và Công nghệ")
    return a, b, make_member(ministry, Role.OFFICER, "bo-officer")


def test_each_province_counts_only_its_own_results(two):
    a, b, _ministry = two
    for p, own in ((a, EXPECTED_HOST["results_recognised"]), (b, 1)):
        figures = registry_figures(
            Scope(
                province_results(p.province),
                YEAR,
                p.plan.start_year,
                Agency.objects.filter(pk__in=province_agency_ids(p.province)),
            )
        )
        assert figures["results_recognised"] == own
    lines_a = {line.indicator.code: line for line in consolidate(YEAR, a.province).lines}
    lines_b = {line.indicator.code: line for line in consolidate(YEAR, b.province).lines}
    assert lines_a["results_recognised"].registry == EXPECTED_HOST["results_recognised"]
    assert lines_b["results_recognised"].registry == 1
    assert lines_b["transfers_value"].registry == 0 and lines_b["intermediaries"].registry == 0
    assert lines_a["startups_supported"].reported == 12 and lines_b["startups_supported"].reported == 8
    assert {r.agency for r in consolidate(YEAR, b.province).reports} == {b.host, b.department}
    # B's reports were opened from B's plan only, prefilled with B's figures.
    b_reports = AnnualReport.objects.filter(agency__province=b.province)
    assert b_reports.count() == 2 and all(r.figures["transfers_value"] == 0 for r in b_reports)


def test_a_province_officer_sees_only_their_own_consolidation_and_kpis(client, two):
    a, b, _ministry = two
    client.force_login(b.dept_officer)
    page = client.get(f"/reports/consolidated/{YEAR}/").content.decode()
    assert (
        b.province.name in page and 'data-code="startups_supported" class="province-value">8<' in page
    )  # B's 4 + 4, not A's 12
    assert f"/reports/consolidated/{YEAR}/figures/" in page and "Bấm vào một số" in page  # the Sở drills down
    assert client.get(f"/reports/consolidated/{YEAR}/?province={a.province.code}").status_code == 404
    assert client.get(f"/reports/consolidated/{YEAR}.xlsx?province={a.province.code}").status_code == 404
    assert client.get(f"/reports/kpi/?year={YEAR}&province={a.province.code}").status_code == 404
    kpi = client.get(f"/reports/kpi/?year={YEAR}").content.decode()
    assert b.province.name in kpi and a.host.name not in kpi
    assert client.get(f"/reports/national/{YEAR}/").status_code == 403


def test_the_ministry_sees_both_consolidations_and_the_national_total_without_double_counting(client, two):
    a, b, ministry = two
    national = consolidate_nation(YEAR)
    by_name = {c.province: c for c in national.provinces}
    assert {a.province.name, b.province.name} <= set(by_name)
    totals = {line.indicator.code: line for line in national.lines}
    assert totals["startups_supported"].reported == 12 + 8
    assert (
        totals["results_recognised"].registry
        == EXPECTED_HOST["results_recognised"] + 1
        == Result.objects.filter(acceptance_date__year=YEAR).exclude(status="not_accepted").count()
    )

    client.force_login(ministry)
    page = client.get(f"/reports/national/{YEAR}/").content.decode()
    assert a.province.name in page and b.province.name in page and 'data-code="startups_supported">20<' in page
    money = totals["transfers_value"].value
    assert money >= 1_000_000 and f'data-code="transfers_value">{money:,}<'.replace(",", ".") in page  # "150.000.000"
    for p in (a, b):
        page = client.get(f"/reports/consolidated/{YEAR}/?province={p.province.code}")
        startups = 12 if p is a else 8
        assert (
            page.status_code == 200
            and f'data-code="startups_supported" class="province-value">{startups}<' in page.content.decode()
        )
        # Figures without links to case lists the ministry may not open, and no hint to click them.
        assert f"/reports/consolidated/{YEAR}/figures/" not in page.content.decode()
        assert "Bấm vào một số" not in page.content.decode()
        kpi = client.get(f"/reports/kpi/?year={YEAR}&province={p.province.code}")
        assert kpi.status_code == 200 and p.province.name in kpi.content.decode()
    reports = client.get("/reports/").content.decode()
    assert a.host.name in reports and b.host.name in reports  # accepted reports of every province


def test_the_ministry_sees_no_case_file_and_cannot_change_a_report(client, two):
    a, b, ministry = two
    client.force_login(ministry)
    result = Result.objects.filter(task__managing_agency=a.department).first()
    assert "Quy trình nhân giống lúa chịu mặn" not in client.get("/results/").content.decode()
    assert client.get(f"/results/{result.pk}/").status_code == 404
    assert client.get("/workflow/result/queue/").status_code == 200
    assert "Quy trình nhân giống lúa chịu mặn" not in client.get("/workflow/result/").content.decode()
    with pytest.raises(NotPermitted), transaction.atomic():  # nor opens a province's reporting round
        services.open_reports(YEAR + 1, actor=ministry, agency=ministry.memberships.get().agency)


def test_thai_nguyen_reports_against_the_targets_bac_kan_adopted(client):
    from tasks_registry.models import Province

    thai_nguyen = Province.objects.get(name="Thái Nguyên")
    assert Province.objects.get(name="Bắc Kạn").successor == thai_nguyen  # seeded: Nghị quyết 202/2025/QH15
    p = ReportingProvince("TN", thai_nguyen)
    settings = ReportingSettings.for_province(thai_nguyen)
    settings.consolidator = p.department
    settings.save()
    client.force_login(p.dept_officer)
    page = client.get("/reports/consolidated/2025/").content.decode()
    assert "Thái Nguyên" in page
    assert "Kế hoạch phát triển thị trường KH&amp;CN tỉnh Bắc Kạn" in page  # the target's source
    assert "&gt; 5" in page  # IP transactions > 5% by 2025


def test_a_reviewer_cannot_drill_down_into_another_provinces_agency(client, two):
    a, b, _ministry = two
    client.force_login(a.dept_officer)
    own = client.get(f"/reports/consolidated/{YEAR}/figures/results_recognised/?agency={a.host.pk}")
    assert own.status_code == 200 and a.host.name in own.content.decode()
    # B's host is not an agency of A: "not found", never an empty list that reads as a figure of zero.
    assert client.get(f"/reports/consolidated/{YEAR}/figures/results_recognised/?agency={b.host.pk}").status_code == 404
