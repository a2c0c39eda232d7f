"""A province whose registry holds a hand-counted set of results for this year, and its plan."""

import datetime

from django.utils import timezone

from reports import services as report_services
from reports.models import AnnualReport, Plan, PlanTask, ReportingSettings
from tasks_registry import services
from tasks_registry.models import AgencyKind, ApplicationAddress
from tasks_registry.roles import Role
from tests.factories import Province, make_agency, make_member
from tests.tasks_registry.driver import Actors

YEAR = timezone.localdate().year
TO_DECIDED = (
    "submit_registration",
    "register",
    "apply_for_ownership",
    "appraise_ownership",
    "submit_ownership_decision",
    "decide_ownership",
)


def accepted_in(actors, year, address=True):
    """A result accepted on 01/02 of `year` (registered two weeks later) whose task has an application address."""
    result = actors.p.result()
    if address:
        ApplicationAddress.objects.create(task=result.task, name="HTX Tân Hòa", agency=actors.p.receiver)
    result = actors.call("accept", result, acceptance_date=datetime.date(year, 2, 1))
    return result


def settled(actors, result, year):
    for step in TO_DECIDED:
        extra = {"registered_on": datetime.date(year, 2, 15)} if step == "register" else {}
        result = actors.call(step, result, **extra)
    return result


def transferred(actors, result, year, value=150_000_000):
    result = settled(actors, result, year)
    result = actors.call("offer_transfer", result, contract_value=value)
    return actors.call("confirm_transfer", result)


def supported(actors, result):
    for step in ("report_application", "request_support", "appraise_support", "grant_support"):
        result = actors.call(step, result)
    return result


class ReportingProvince(Province):
    """Province A: its Sở KH&CN manages, its university hosts; reporters for both; a plan whose reporting clause names
    departments and People's Committees (Đồng Tháp V.3) and a task led by the host."""

    def __init__(self, prefix="A", province=None):
        super().__init__(prefix, province)
        self.dept_reporter = make_member(self.department, Role.REPORTER, f"{prefix.lower()}-dept-reporter")
        self.host_reporter = make_member(self.host, Role.REPORTER, f"{prefix.lower()}-host-reporter")
        self.committee = make_agency(
            f"{prefix}-UBND", AgencyKind.PEOPLES_COMMITTEE, f"UBND tỉnh {prefix}", province=self.province
        )
        self.department.parent = self.committee
        self.department.save(update_fields=["parent"])
        # Its Chairman decides ownership of the Sở's tasks (Decree 08/2014).
        self.committee_head = make_member(
            self.committee,
            Role.HEAD,
            f"{prefix.lower()}-committee-head",
            position="Chủ tịch",
            signing_authority="TM.",
            signs_for="Ủy ban nhân dân",
        )
        self.plan = Plan.objects.create(
            code=f"KH-{prefix}",
            title=f"Kế hoạch {prefix}",
            issuer=self.committee,
            start_year=2023,
            end_year=2100,
            province=self.province,
            reporting_kinds=[AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE],
        )
        self.plan_task = PlanTask.objects.create(
            plan=self.plan,
            number=6,
            text="Thúc đẩy chuyển giao công nghệ",
            lead_agency=self.host,
            timeline="Thường xuyên",
        )
        self.plan_task.coordinating_agencies.add(self.department)

    def consolidate_here(self):
        """This province's Sở KH&CN consolidates its province's reports."""
        settings = ReportingSettings.for_province(self.province)
        settings.consolidator = self.department
        settings.save()
        return settings

    def open(self, year=YEAR):
        self.consolidate_here()
        report_services.open_reports(year, actor=self.dept_officer, agency=self.department)
        return (
            AnnualReport.objects.get(agency=self.host, year=year),
            AnnualReport.objects.get(agency=self.department, year=year),
        )


def hand_counted_registry(province):
    """The fixture of test_figures, counted by hand in EXPECTED_HOST."""
    actors = Actors(province)
    r1 = transferred(actors, accepted_in(actors, YEAR), YEAR)  # recognised, address, transferred, supported
    supported(actors, r1)
    accepted_in(actors, YEAR)  # recognised, address
    accepted_in(actors, YEAR, address=False)  # recognised, no address
    r4 = accepted_in(actors, YEAR - 1)  # last year's, transferred this year
    transferred(actors, r4, YEAR - 1, value=50_000_000)
    actors.call("reject", province.result(), acceptance_date=datetime.date(YEAR, 3, 1))  # not recognised
    province.result()  # still being accepted
    services.add_ip_title(
        r1,
        actor=province.host_officer,
        agency=province.host,
        kind="patent",
        number="1-0001",
        filed_on=datetime.date(YEAR - 2, 1, 1),
        granted_on=datetime.date(YEAR, 5, 1),
    )
    services.add_ip_title(
        r4,
        actor=province.host_officer,
        agency=province.host,
        kind="patent",
        number="1-0002",
        filed_on=datetime.date(YEAR - 2, 1, 1),
        granted_on=datetime.date(YEAR - 1, 5, 1),
    )
    p = {"province": province.province}
    make_agency("TT-CGCN", AgencyKind.INTERMEDIARY, "Trung tâm chuyển giao công nghệ", **p)
    make_agency(
        "SGD-CN", AgencyKind.INTERMEDIARY, "Sàn giao dịch công nghệ", active_from=datetime.date(YEAR, 6, 1), **p
    )
    make_agency(
        "TT-CU",
        AgencyKind.INTERMEDIARY,
        "Trung tâm đã giải thể",
        active_from=datetime.date(2010, 1, 1),
        active_to=datetime.date(YEAR - 1, 12, 31),
        **p,
    )


# Counted by hand: recognised this year r1, r2, r3; recognised since the plan began (2023) with an address r1, r2, r4;
# of those transferred by the end of this year r1, r4 (r4's transfer confirmed a year after its recognition);
# supported r1. Transfers confirmed this year: r1 (150.000.000) and r4 (50.000.000). Patents granted this year: r1's.
EXPECTED_HOST = {
    "results_recognised": 3,
    "results_with_address": 3,
    "results_transferred": 2,
    "results_supported": 1,
    "transfers_count": 2,
    "transfers_value": 200_000_000,
    "ip_titles_granted": 1,
    "share_transferred": 66.7,
    "share_supported": 33.3,
}
