"""The provincial consolidation against a fixture counted by hand (issue 9): a result reported by both its host and
its managing agency, a transfer confirmed a year after recognition, three agencies with manual percentages and
yes/no figures, a range target, a merged agency whose duties pass to its successor, a plan task timed for one year."""

import datetime

import pytest

from reports import scope, services
from reports.consolidation import accepted_reports, consolidate
from reports.figures import Scope, registry_figures, registry_figures_by_year, registry_indicators, rows_of
from reports.models import AnnualReport, Comparison, Indicator, PlanTask, ReportStatus, Target
from tasks_registry import services as registry_services
from tasks_registry.models import AgencyKind, Result
from tasks_registry.roles import Role
from tests.factories import make_agency, make_member, make_user

from .builders import EXPECTED_HOST, YEAR, ReportingProvince, hand_counted_registry

pytestmark = pytest.mark.django_db


class CountedProvince:
    """Province A with the hand-counted registry, a third reporting department (Sở Công Thương), a department merged
    into it last year that led a plan task, a one-year plan task, and the ministry and a company that must not report."""

    def __init__(self):
        self.p = p = ReportingProvince("A")
        hand_counted_registry(p)
        self.industry = make_agency(
            "A-SCT", AgencyKind.DEPARTMENT, "Sở Công Thương A", parent=p.committee, province=p.province
        )
        self.industry_reporter = make_member(self.industry, Role.REPORTER, "a-sct-reporter")
        self.industry_head = make_member(self.industry, Role.HEAD, "a-sct-head")
        self.planning = make_agency(
            "A-SKHDT", AgencyKind.DEPARTMENT, "Sở Kế hoạch và Đầu tư A", parent=p.committee, province=p.province
        )
        self.planning_task = PlanTask.objects.create(
            plan=p.plan, number=7, text="Không gian khởi nghiệp", lead_agency=self.planning, timeline="Thường xuyên"
        )
        administrator = make_user("a-admin", is_superuser=True, is_staff=True)
        registry_services.merge_agency(
            self.planning,
            actor=administrator,
            successor=self.industry,
            effective_on=datetime.date(YEAR - 1, 3, 1),
            basis="Nghị định 29/2025/NĐ-CP",
        )
        self.one_year_task = PlanTask.objects.create(
            plan=p.plan, number=1, text="Đánh giá trình độ công nghệ", lead_agency=p.host, timeline=f"Năm {YEAR - 1}"
        )
        self.ministry = make_agency("A-BKHCN", AgencyKind.MINISTRY, "Bộ Khoa học và Công nghệ")
        p.plan_task.coordinating_agencies.add(self.ministry, p.receiver)  # coordinators are not asked to report
        self.settings = p.consolidate_here()

    def open(self, year=YEAR):
        return services.open_reports(year, actor=self.p.dept_officer, agency=self.p.department)

    def report(self, agency, year=YEAR):
        return AnnualReport.objects.get(agency=agency, year=year, round__ad_hoc=False)

    def file(self, report, reporter, head, manual):
        services.save_draft(report, actor=reporter, agency=report.agency, manual_figures=manual)
        services.approve_and_submit(report, actor=head, agency=report.agency)
        services.accept(report, actor=self.p.dept_officer, agency=self.p.department)

    def consolidation(self, year=YEAR):
        return consolidate(
            scope.province_scope(year, self.settings),
            reports=accepted_reports(year, self.settings),
            province=self.settings.province,
            plan=self.p.plan,
            consolidator=self.p.department,
        )


def test_duties_come_from_the_plan_clause_and_pass_from_a_merged_agency_to_its_successor():
    c = CountedProvince()
    c.open()
    asked = set(AnnualReport.objects.filter(year=YEAR).values_list("agency__name", flat=True))
    # Departments named by the clause, the host because it leads a task; not the issuer (the reports go to it),
    # not the merged department, not the ministry or the cooperative that only coordinate a task.
    assert asked == {c.p.department.name, c.industry.name, c.p.host.name}
    # The merged department's plan task is now its successor's to report on.
    assert [row.plan_task.number for row in c.report(c.industry).task_rows.all()] == [7]


def test_a_plan_task_timed_for_one_year_appears_in_that_year_only():
    c = CountedProvince()
    c.open(YEAR)
    c.open(YEAR - 1)
    assert [row.plan_task.number for row in c.report(c.p.host, YEAR).task_rows.all()] == [6]
    assert [row.plan_task.number for row in c.report(c.p.host, YEAR - 1).task_rows.all()] == [1, 6]
    # The planning department merged on 01/03 last year: at the end of last year its task was its successor's.
    assert [row.plan_task.number for row in c.report(c.industry, YEAR - 1).task_rows.all()] == [7]


def test_the_consolidated_figures_equal_the_hand_count_and_nothing_is_counted_twice():
    c = CountedProvince()
    c.open()
    host, dept, industry = c.report(c.p.host), c.report(c.p.department), c.report(c.industry)
    # Both the host and the managing Sở KH&CN answer for the same results and report the same figures.
    for code, expected in EXPECTED_HOST.items():
        assert host.figures[code] == dept.figures[code] == expected, code
    # Three agencies, manual percentages and yes/no figures.
    c.file(
        host,
        c.p.host_reporter,
        c.p.host_head,
        {
            "technology_transaction_share": "6",
            "supply_demand_database": 1,
            "results_digitised": 0,
            "startups_supported": "2",
        },
    )
    c.file(
        dept,
        c.p.dept_reporter,
        c.p.dept_head,
        {
            "technology_transaction_share": "7,5",
            "supply_demand_database": 1,
            "results_digitised": 0,
            "startups_supported": "3",
        },
    )
    c.file(
        industry,
        c.industry_reporter,
        c.industry_head,
        {"technology_transaction_share": "6", "supply_demand_database": 1, "results_digitised": 1},
    )
    Target.objects.create(
        indicator=Indicator.objects.get(code="technology_transaction_share"),
        province=c.settings.province.name,
        year=YEAR,
        comparison=Comparison.RANGE,
        value=5,
        upper_value=10,
        source="Bắc Kạn: 5-10%",
    )
    Target.objects.create(
        indicator=Indicator.objects.get(code="supply_demand_database"),
        province=c.settings.province.name,
        year=YEAR,
        comparison=Comparison.EQUAL,
        value=1,
        source="II.2",
    )
    Target.objects.create(
        indicator=Indicator.objects.get(code="share_transferred"),
        province=c.settings.province.name,
        year=YEAR,
        comparison=Comparison.EQUAL,
        value=100,
        source="II.2",
    )

    consolidation = c.consolidation()
    line = {line.indicator.code: line for line in consolidation.lines}
    assert len(consolidation.reports) == 3
    # Registry figures: the hand count, once (the two reports of the same results are not added up).
    for code, expected in EXPECTED_HOST.items():
        assert line[code].value == expected, code
    assert line["intermediaries"].value == 2
    # Manual: a sum for counts, the consolidating Sở's own value for a percentage (never 6 + 7,5 + 6), any for yes/no.
    assert line["startups_supported"].value == 5
    assert line["technology_transaction_share"].value == 7.5
    assert line["supply_demand_database"].value == 1
    assert line["results_digitised"].value == 1
    # Each agency's value is shown beside the province's.
    assert {report.agency_id: value for report, value, _c in line["technology_transaction_share"].by_agency} == {
        c.p.host.pk: 6,
        c.p.department.pk: 7.5,
        c.industry.pk: 6,
    }
    # Judged right: 7,5 lies in [5, 10]; "database formed" = 1 met; 66,7 % transferred misses "= 100".
    assert line["technology_transaction_share"].met is True
    assert line["supply_demand_database"].met is True
    assert line["share_transferred"].met is False


def test_a_transfer_confirmed_a_year_after_recognition_counts_in_the_year_it_is_confirmed():
    c = CountedProvince()
    last_year = registry_figures(Scope(Result.objects.all(), YEAR - 1, 2023))
    # Last year: r4 recognised with an address, its transfer not yet confirmed (confirmed this year).
    assert (last_year["results_with_address"], last_year["results_transferred"], last_year["share_transferred"]) == (
        1,
        0,
        0.0,
    )
    this_year = registry_figures(Scope(Result.objects.all(), YEAR, 2023))
    assert (this_year["results_with_address"], this_year["results_transferred"]) == (3, 2)
    # The numerator is a subset of the denominator: a share never exceeds 100 %.
    assert this_year["share_transferred"] <= 100
    del c


def test_only_state_funded_results_count_where_the_plan_says_so():
    p = ReportingProvince("A")
    from tests.tasks_registry.driver import Actors

    from .builders import accepted_in

    actors = Actors(p)
    accepted_in(actors, YEAR)
    funded = registry_figures(Scope(Result.objects.all(), YEAR, 2023))
    private = p.result(state_budget=0)
    from tasks_registry.models import ApplicationAddress

    ApplicationAddress.objects.create(task=private.task, name="HTX", agency=p.receiver)
    actors.call("accept", private, acceptance_date=datetime.date(YEAR, 2, 1))
    both = registry_figures(Scope(Result.objects.all(), YEAR, 2023))
    assert both["results_recognised"] == funded["results_recognised"] + 1  # every recognised result
    assert both["results_with_address"] == funded["results_with_address"]  # "sử dụng ngân sách" only


def test_the_drill_down_lists_the_results_behind_each_figure(client):
    c = CountedProvince()
    c.open()
    client.force_login(c.p.dept_officer)
    page = client.get(f"/reports/consolidated/{YEAR}/figures/share_transferred/").content.decode()
    assert page.count('class="drill-group"') == 2  # numerator and denominator
    assert 'class="group-count">2<' in page and 'class="group-count">3<' in page
    page = client.get(f"/reports/consolidated/{YEAR}/figures/transfers_value/").content.decode()
    assert "150.000.000" in page and "50.000.000" in page and "200.000.000" in page
    # An agency's reporter sees its own agency's rows, not the province's or another agency's.
    client.force_login(c.industry_reporter)
    assert client.get(f"/reports/consolidated/{YEAR}/figures/results_recognised/").status_code == 403
    assert (
        client.get(f"/reports/consolidated/{YEAR}/figures/results_recognised/?agency={c.p.host.pk}").status_code == 403
    )
    assert (
        client.get(f"/reports/consolidated/{YEAR}/figures/results_recognised/?agency={c.industry.pk}").status_code
        == 200
    )
    assert client.get(f"/reports/consolidated/{YEAR}/figures/startups_supported/").status_code == 404
    assert client.get(f"/reports/consolidated/{YEAR}/figures/results_recognised/?agency=x").status_code == 404


def test_an_ad_hoc_round_has_its_own_subject_and_deadline_beside_the_yearly_one():
    c = CountedProvince()
    c.open()
    deadline = datetime.date(YEAR, 12, 15)
    with pytest.raises(services.InvalidInput):
        services.open_reports(YEAR, actor=c.p.dept_officer, agency=c.p.department, ad_hoc=True, deadline=deadline)
    opened = services.open_reports(
        YEAR,
        actor=c.p.dept_officer,
        agency=c.p.department,
        ad_hoc=True,
        subject="Báo cáo đột xuất về hội nghị kết nối cung cầu",
        deadline=deadline,
    )
    assert len(opened) == 3
    assert {r.round.subject for r in opened} == {"Báo cáo đột xuất về hội nghị kết nối cung cầu"}
    assert {r.deadline for r in opened} == {deadline}
    assert AnnualReport.objects.filter(agency=c.p.host, year=YEAR).count() == 2
    # The yearly round opens once.
    assert c.open() == []
    assert AnnualReport.objects.filter(status=ReportStatus.DRAFT).count() == 6


def test_stage_times_count_each_step_taken_this_year_by_the_agency_that_took_it(client):
    from reports.stage_times import stage_times

    c = CountedProvince()
    rows = {(row.work, row.agency): row for row in stage_times(YEAR, Result.objects.all())}
    # Hand count: the department registered r1 and r4 and confirmed nothing else of that work this year.
    verify = rows["verify_registration", c.p.department.name]
    assert verify.count == 2 and verify.median_days == 0 and verify.p90_days == 0
    # The receiving unit confirmed the two transfers (r1, r4), both the day they were offered: on time.
    answer = rows["answer_transfer", c.p.receiver.name]
    assert answer.count == 2 and answer.on_time_share == 100.0
    # Another scope sees none of them.
    assert stage_times(YEAR, Result.objects.none()) == []
    client.force_login(c.p.dept_officer)
    page = client.get(f"/reports/kpi/?year={YEAR}").content.decode()
    assert "Kiểm tra hồ sơ đăng ký kết quả" in page and 'class="table stage-times"' in page


def test_the_excel_and_word_downloads_read_back_the_figures_of_the_page(client):
    import io
    import re

    from docx import Document
    from openpyxl import load_workbook

    from tasks_registry.numbers import format_number

    c = CountedProvince()
    c.open()
    c.file(
        c.report(c.p.department),
        c.p.dept_reporter,
        c.p.dept_head,
        {"technology_transaction_share": "12,5", "supply_demand_database": 1, "transfers_value": None},
    )
    client.force_login(c.p.dept_officer)
    page = client.get(f"/reports/consolidated/{YEAR}/").content.decode()
    shown = {
        code: re.sub(r"<[^>]+>", "", text).strip()
        for code, text in re.findall(r'data-code="([a-z_]+)" class="province-value">(.*?)</td>', page, re.S)
    }
    assert shown["transfers_value"] == "200.000.000" and shown["share_transferred"] == "66,7"
    assert shown["technology_transaction_share"] == "12,5" and shown["supply_demand_database"] == "Có"
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/consolidated/{YEAR}.xlsx").content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    table = Document(io.BytesIO(client.get(f"/reports/consolidated/{YEAR}.docx").content)).tables[1]
    in_word = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    for indicator in Indicator.objects.all():
        value = rows[indicator.name][2]
        excel = "—" if value is None else value if isinstance(value, str) else format_number(value)
        assert excel == shown[indicator.code] == in_word[indicator.name], indicator.code


def test_the_kpi_page_counts_a_step_on_time_by_the_same_due_date_as_the_queue():
    """A 30-day period from 03/08/2025 ends on National Day (02/09): the step is due on 03/09 on the KPI page too."""
    from reports.stage_times import _due
    from workflows.calendar import declared_days
    from workflows.deadlines import due_date
    from workflows.models import DeadlineRule

    rule = DeadlineRule.objects.get(work="answer_transfer")
    assert (rule.amount, rule.unit) == (30, "calendar_days")
    start = datetime.date(2025, 8, 3)
    declared = declared_days(start, datetime.date(2026, 12, 31))
    assert _due(rule, start, declared) == datetime.date(2025, 9, 3)
    assert _due(rule, start, declared) == due_date("answer_transfer", None, created_on=start)[0]


def test_stage_times_read_the_calendar_once_however_many_steps_they_time():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reports.stage_times import stage_times
    from tests.factories import Province
    from tests.tasks_registry.driver import TO_DECIDED, Actors, drive

    province, year = Province("S"), timezone.localdate().year
    drive(Actors(province), province.result(), *TO_DECIDED)
    with CaptureQueriesContext(connection) as few:
        timed = sum(row.count for row in stage_times(year, Result.objects.all()))
    for _ in range(3):
        drive(Actors(province), province.result(), *TO_DECIDED)
    with CaptureQueriesContext(connection) as many:
        assert sum(row.count for row in stage_times(year, Result.objects.all())) == 4 * timed > 0
    assert len(many) == len(few) <= 5


def test_stage_times_are_kept_until_a_step_is_taken_in_the_scope_and_are_never_another_scopes():
    """The KPI page reads a scope's years of events once; the next view is served from the cache until one of the
    scope's cases takes a step (its chain grows), and then shows that step at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reports.stage_times import stage_times
    from tests.factories import Province
    from tests.tasks_registry.driver import TO_DECIDED, TO_REGISTERED, Actors, drive

    ours, theirs, year = Province("S"), Province("T"), timezone.localdate().year
    drive(Actors(ours), ours.result(), *TO_REGISTERED)
    drive(Actors(theirs), theirs.result(), *TO_REGISTERED)
    scope = Result.objects.filter(task__managing_agency=ours.department)

    def timed(results):
        return sum(row.count for row in stage_times(year, results))

    before = timed(scope)
    with CaptureQueriesContext(connection) as again:
        assert timed(scope) == before > 0
    assert not [q for q in again if "audit_event" in q["sql"]], "the events were read again"
    # Another scope with the same shape has its own answer, computed from its own cases.
    assert timed(Result.objects.filter(task__managing_agency=theirs.department)) == before
    assert timed(Result.objects.none()) == 0
    # A step in our scope shows at once; one in theirs leaves ours as it was.
    drive(Actors(theirs), theirs.result(), *TO_DECIDED)
    assert timed(scope) == before
    drive(Actors(ours), ours.result(), *TO_DECIDED)
    assert timed(scope) > before


def test_figures_of_several_years_are_those_of_each_year_and_each_counts_its_drill_down_rows():
    CountedProvince()
    indicators = registry_indicators()
    years = [YEAR - 2, YEAR - 1, YEAR]
    scope_ = Scope(Result.objects.all(), YEAR, 2023)
    by_year = registry_figures_by_year(scope_, years, indicators=indicators)
    # Counted by hand (builders.hand_counted_registry): r4 recognised last year with an address, its transfer
    # confirmed this year; r1, r2 (addresses) and r3 (none) this year, r1 transferred and supported.
    assert [by_year[y]["results_recognised"] for y in years] == [0, 1, 3]
    assert [by_year[y]["results_with_address"] for y in years] == [0, 1, 3]
    assert [by_year[y]["results_transferred"] for y in years] == [0, 0, 2]
    assert [by_year[y]["results_supported"] for y in years] == [0, 0, 1]
    assert [by_year[y]["share_transferred"] for y in years] == [None, 0.0, 66.7]
    for year in years:
        in_year = Scope(Result.objects.all(), year, 2023)
        assert by_year[year] == registry_figures(in_year, indicators=indicators), year
        for indicator in indicators:
            if indicator.kind == "count":  # the figure is the number of rows its drill-down lists
                assert by_year[year][indicator.code] == rows_of(indicator, in_year).count(), (year, indicator.code)


def test_the_recognised_results_measures_of_five_years_take_one_query_as_for_one(django_assert_num_queries):
    CountedProvince()
    recognised = [i for i in registry_indicators() if i.measure == "recognised_in_year"]
    scope_ = Scope(Result.objects.all(), YEAR, 2023)
    with django_assert_num_queries(1):
        registry_figures_by_year(scope_, [YEAR], indicators=recognised)
    with django_assert_num_queries(1):
        five = registry_figures_by_year(scope_, list(range(YEAR - 4, YEAR + 1)), indicators=recognised)
    assert five[YEAR]["results_recognised"] == 3


def test_a_provinces_transfers_and_titles_joined_to_their_results_count_as_asked_for_by_result():
    c = CountedProvince()
    joined = scope.province_scope(YEAR, c.settings, c.p.plan, c.p.province)
    assert joined.results_q is not None  # transfers and titles are joined through their result, task and agency
    asked = Scope(joined.results, YEAR, joined.start_year, joined.agencies)  # `result IN (the results)` instead
    for of_agency in (None, c.p.host, c.p.department, c.industry):
        a, b = (s if of_agency is None else s.for_agency(of_agency) for s in (joined, asked))
        assert registry_figures(a) == registry_figures(b), of_agency
    assert registry_figures(joined)["transfers_value"] == EXPECTED_HOST["transfers_value"]
    assert registry_figures(joined.for_agency(c.industry))["transfers_count"] == 0
