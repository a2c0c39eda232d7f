"""The demo's reporting round, so `make run` arrives configured: Sở KH&CN consolidates, the plan says who reports
(its part V.3 as data), every agency that must report has a reporter and a head, and this year's round is open with a
prefilled draft for each. Called by seed_demo after the results are written; idempotent for --keep-existing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tasks_registry.demo import DEMO_PASSWORD, MEMBERSHIPS_FROM
from tasks_registry.demo.agencies import BY_CODE
from tasks_registry.models import Agency, AgencyKind, Membership
from tasks_registry.roles import Role

from . import services
from .models import Plan, PlanSection, ReportingSettings

PROVINCE = "Đồng Tháp"
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
# Reporters and heads of the agencies that report but have no such login in tasks_registry/demo/people.py.
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
SUFFIX = {Role.HEAD: "lanhdao", Role.REPORTER: "baocao"}


def extra_logins():
    return [(f"{BY_CODE[code].login}.{SUFFIX[role]}", f"{family} {given}", code, role)
            for code, role, family, given in EXTRA_PEOPLE]


def configure(plan_code):
    """Sở KH&CN consolidates; the plan's reporting clause and sections as data."""
    consolidator = Agency.objects.get(code=CONSOLIDATOR)
    settings, _created = ReportingSettings.objects.get_or_create(province=PROVINCE)
    if settings.consolidator_id is None:
        settings.consolidator = consolidator
        settings.save(update_fields=["consolidator"])
    plan = Plan.objects.get(code=plan_code)
    plan.reporting_kinds, plan.reporting_clause = list(REPORTING_KINDS), REPORTING_CLAUSE
    plan.save(update_fields=["reporting_kinds", "reporting_clause"])
    for code, title in SECTIONS.items():
        PlanSection.objects.get_or_create(plan=plan, code=code, defaults={"title": title})
    return settings


def create_people():
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    for username, name, code, role in extra_logins():
        family, given = name.rsplit(" ", 1)
        user, _created = User.objects.get_or_create(
            username=username, defaults={"first_name": family, "last_name": given, "password": password,
                                         "email": f"{username}@example.org"},
        )
        agency = Agency.objects.get(code=code)
        Membership.objects.get_or_create(user=user, agency=agency, role=role,
                                         defaults={"valid_from": max(MEMBERSHIPS_FROM, agency.active_from)})


def open_round(plan_code, year=None):
    """This year's round, opened by a Sở KH&CN officer through the service (audited, one process per report)."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        settings = configure(plan_code)
        create_people()
        officer = get_user_model().objects.get(username=OPENED_BY)
        return services.open_reports(year, actor=officer, agency=settings.consolidator)
