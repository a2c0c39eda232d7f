"""The demo's reporting rounds, so `make run` arrives configured: in each demo province its Sở KH&CN consolidates,
the plan it reports on says who reports (its reporting clause as data), every agency that must report has a reporter
and a head, and this year's round is open with a prefilled draft for each. Đồng Tháp reports on its own plan, Thái
Nguyên on the plan Bắc Kạn left it. Called by seed_demo after the results are written; idempotent for
--keep-existing."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo import DEMO_PASSWORD, MEMBERSHIPS_FROM
from demo.agencies import BY_CODE
from reports import services
from reports.models import Plan, PlanSection, ReportingSettings
from tasks_registry.models import Agency, AgencyKind, Membership
from tasks_registry.roles import Role

CONSOLIDATOR = "SKHCN"
OPENED_BY = "skhcn.chuyenvien1"
REPORTING_KINDS = [AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE]
REPORTING_CLAUSE = (
    "V.3. Các sở, ban, ngành Tỉnh; Ủy ban nhân dân huyện, thành phố: … định kỳ hàng năm hoặc đột xuất khi được yêu "
    "cầu, báo cáo tình hình thực hiện Kế hoạch cho Ủy ban nhân dân Tỉnh qua Sở KHCN trước ngày 31/12 hàng năm."
)
SECTIONS = {
    "A": "Thúc đẩy phát triển nguồn cầu của thị trường KH&CN",
    "B": "Thúc đẩy phát triển nguồn cung của thị trường KH&CN",
    "C": "Phát triển các tổ chức trung gian và hoạt động xúc tiến",
}
# Reporters and heads of the agencies that report but have no such login in demo/people.py.
EXTRA_PEOPLE = [
    ("STC", Role.HEAD, "Lương Văn", "Sơn"),
    ("SCT", Role.HEAD, "Kiều Thị", "Ngọc"),
    ("SNNMT", Role.HEAD, "Tô Văn", "Lực"),
    ("UBND-PCL", Role.REPORTER, "Quách Thị", "Duyên"),
    ("UBND-PCL", Role.HEAD, "Lê Hoàng", "Minh"),
    ("UBND-PSD", Role.REPORTER, "Vương Thị", "Hằng"),
    ("UBND-PSD", Role.HEAD, "Hà Văn", "Toàn"),
    ("UBND-XTM", Role.REPORTER, "Mạc Thị", "Thu"),
    ("UBND-XTM", Role.HEAD, "Triệu Văn", "Được"),
]
# Thái Nguyên: Bắc Kạn's plan (Quyết định 2257/QĐ-UBND, seeds/001) has Sở KH&CN report to UBND tỉnh; its
# departments and People's Committees report to the Sở, as in Đồng Tháp.
EXTRA_PEOPLE_TN = [
    ("STC-TN", Role.HEAD, "Hứa Văn", "Bình"),
    ("UBND-TN", Role.REPORTER, "Nông Thị", "Thảo"),
]
TN_CLAUSE = (
    "Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân các huyện, thành "
    "phố định kỳ hằng năm báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch (Quyết định 2257/QĐ-UBND, "
    "tỉnh Bắc Kạn; Thái Nguyên thực hiện từ 01/07/2025)."
)
SUFFIX = {Role.HEAD: "lanhdao", Role.REPORTER: "baocao"}


@dataclass(frozen=True)
class Round:
    """One demo province's round: the plan reported on, who consolidates and opens it, who else must log in."""

    plan_code: str
    consolidator: str
    opened_by: str
    clause: str
    people: list
    sections: dict = field(default_factory=dict)


def rounds(dong_thap_plan):
    from demo import plan_bk

    return [
        Round(dong_thap_plan, CONSOLIDATOR, OPENED_BY, REPORTING_CLAUSE, EXTRA_PEOPLE, SECTIONS),
        Round(plan_bk.PLAN_CODE, "SKHCN-TN", f"{BY_CODE['SKHCN-TN'].login}.chuyenvien", TN_CLAUSE, EXTRA_PEOPLE_TN),
    ]


def extra_logins(people=None):
    people = EXTRA_PEOPLE + EXTRA_PEOPLE_TN if people is None else people
    return [
        (f"{BY_CODE[code].login}.{SUFFIX[role]}", f"{family} {given}", code, role)
        for code, role, family, given in people
    ]


def configure(round_):
    """The province's Sở KH&CN consolidates; the plan's reporting clause and sections as data."""
    consolidator = Agency.objects.get(code=round_.consolidator)
    settings, _created = ReportingSettings.objects.get_or_create(province=consolidator.province)
    if settings.consolidator_id is None:
        settings.consolidator = consolidator
        settings.save(update_fields=["consolidator"])
    plan = Plan.objects.get(code=round_.plan_code)
    plan.reporting_kinds, plan.reporting_clause = list(REPORTING_KINDS), round_.clause
    plan.save(update_fields=["reporting_kinds", "reporting_clause"])
    for code, title in round_.sections.items():
        PlanSection.objects.get_or_create(plan=plan, code=code, defaults={"title": title})
    return settings, plan


def create_people(people=None):
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    for username, name, code, role in extra_logins(people):
        family, given = name.rsplit(" ", 1)
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": family,
                "last_name": given,
                "password": password,
                "email": f"{username}@example.org",
            },
        )
        agency = Agency.objects.get(code=code)
        Membership.objects.get_or_create(
            user=user, agency=agency, role=role, defaults={"valid_from": max(MEMBERSHIPS_FROM, agency.active_from)}
        )


def open_round(plan_code, year=None):
    """This year's round in each demo province, opened by its Sở KH&CN officer through the service (audited, one
    process per report)."""
    year = year or timezone.localdate().year
    opened = []
    with transaction.atomic():
        for round_ in rounds(plan_code):
            settings, plan = configure(round_)
            create_people(round_.people)
            officer = get_user_model().objects.get(username=round_.opened_by)
            opened += services.open_reports(year, actor=officer, agency=settings.consolidator, plan=plan)
    return opened
