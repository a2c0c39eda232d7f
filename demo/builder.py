"""The whole demo run: agencies, people, the restructuring of 2025, the plan, then tasks and results in chunks."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from audit.models import AuditorScope
from demo import reports as reports_demo
from reports.models import Plan, PlanTask, ReportingSettings
from tasks_registry import services
from tasks_registry.lifecycle import HostKind
from tasks_registry.models import Agency, LegalRegime, Membership, Province, Result, STTask

from . import DEMO_PASSWORD, MARKER_AGENCY, MEMBERSHIPS_FROM, plan_bk
from .agencies import AGENCIES, DT, MERGES, RENAMES, TN, timelines
from .people import PEOPLE
from .plan import PLAN_CODE, PLAN_ISSUER, PLAN_SOURCE, PLAN_TITLE, PLAN_YEARS, plan_tasks
from .results import Context, RegimeInfo, generate
from .writer import Writer

ADMINISTRATOR = "quantri"
DEFAULT_CHUNK = 2000


class DemoError(Exception):
    pass


@dataclass
class Summary:
    agencies: int = 0
    people: int = 0
    tasks: int = 0
    results: int = 0
    events: int = 0
    by_status: dict = field(default_factory=dict)


def demo_exists():
    return Agency.objects.filter(code=MARKER_AGENCY).exists()


def build(results=400, seed=2025, chunk=DEFAULT_CHUNK, progress=None):
    """Create the demo province in one transaction; `progress(done, total)` is called after each chunk."""
    regimes = [
        RegimeInfo(r.pk, r.effective_from, r.ownership_by_law, r.author_share_min_percent)
        for r in LegalRegime.objects.order_by("effective_from")
    ]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise DemoError(
            _("Cơ sở dữ liệu này không trả lại khoá chính khi ghi hàng loạt (cần PostgreSQL hoặc SQLite ≥ 3.35).")
        )
    if not regimes:
        raise DemoError(_("Chưa có chế độ pháp lý nào trong cơ sở dữ liệu; hãy chạy «manage.py migrate» trước."))
    with transaction.atomic():
        agencies = create_agencies()
        users = create_people(agencies)
        restructure(agencies, users[ADMINISTRATOR])
        create_plan(agencies)
        create_plan_bk(agencies)
        configure_provinces(agencies, users)
        ctx = Context({code: agency.pk for code, agency in agencies.items()}, regimes)
        writer = Writer(ctx, list(users))
        pending, size = [], 0
        for bundle in generate(seed, results, ctx):
            pending.append(bundle)
            size += len(bundle.results)
            if size >= chunk:
                writer.write(pending)
                pending, size = [], 0
                if progress:
                    progress(writer.counts["results"], results)
        if pending:
            writer.write(pending)
    # The reporting round opens once the registry is written (its drafts are prefilled from it).
    reports_demo.open_round(PLAN_CODE)
    return summary(events=writer.counts["events"])


def create_agencies():
    provinces = {p.code: p for p in Province.objects.all()}
    missing = {data.province for data in AGENCIES if data.province} - set(provinces)
    if missing:
        raise DemoError(
            _("Thiếu tỉnh %(codes)s trong danh mục; hãy chạy «manage.py migrate» trước.")
            % {"codes": ", ".join(sorted(missing))}
        )
    agencies = {}
    for data in AGENCIES:
        agencies[data.code] = Agency.objects.create(
            code=data.code,
            name=data.name,
            short_name=data.short_name,
            kind=data.kind,
            parent=agencies[data.parent] if data.parent else None,
            active_from=data.active_from,
            legal_basis=data.legal_basis,
            province=provinces[data.province] if data.province else None,
            host_kind=HostKind.PUBLIC_BODY if data.public else HostKind.OTHER,
        )
    return agencies


def create_people(agencies):
    """Users with one password hash computed once (hashing is slow on purpose), and their memberships."""
    password = make_password(DEMO_PASSWORD)
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=p.username,
                first_name=p.family,
                last_name=p.given,
                email=f"{p.username}@example.org",
                password=password,
                is_staff=p.superuser,
                is_superuser=p.superuser,
            )
            for p in PEOPLE
        ]
    )
    by_name = {user.username: user for user in users}
    Membership.objects.bulk_create(
        [
            Membership(
                user=by_name[p.username],
                agency=agencies[m.agency],
                role=m.role,
                valid_from=m.valid_from or max(MEMBERSHIPS_FROM, agencies[m.agency].active_from),
                valid_to=m.valid_to,
                position=m.position,
                signing_authority=m.signing_authority,
                signs_for=m.signs_for,
            )
            for p in PEOPLE
            for m in p.memberships
        ]
    )
    return by_name


def restructure(agencies, administrator):
    """The 2025 renames and mergers, through the services an administrator would use (they keep the history)."""
    for rename in RENAMES:
        services.rename_agency(
            agencies[rename.code],
            actor=administrator,
            new_name=rename.new_name,
            effective_on=rename.effective_on,
            basis=rename.basis,
        )
    for merge in MERGES:
        services.merge_agency(
            agencies[merge.code],
            actor=administrator,
            successor=agencies[merge.successor],
            effective_on=merge.effective_on,
            basis=merge.basis,
        )
    expected = timelines()
    for agency in Agency.objects.filter(code__in=[a.code for a in AGENCIES]):
        line = expected[agency.code]
        if agency.active_to != line.active_to or agency.name != line.names[-1][2]:
            raise DemoError(
                _("Sắp xếp cơ quan %(code)s không như dữ liệu mẫu: %(name)s, hoạt động đến %(to)s.")
                % {"code": agency.code, "name": agency.name, "to": agency.active_to}
            )


def create_plan(agencies):
    start, end = PLAN_YEARS
    plan = Plan.objects.create(
        code=PLAN_CODE,
        title=PLAN_TITLE,
        issuer=agencies[PLAN_ISSUER],
        start_year=start,
        end_year=end,
        source=PLAN_SOURCE,
        province=agencies[PLAN_ISSUER].province,
    )
    for data in plan_tasks():
        task = PlanTask.objects.create(
            plan=plan,
            number=data.number,
            section=data.section,
            text=data.text,
            lead_agency=agencies[data.lead],
            coordinating_note=data.coordinating_note,
            timeline=data.timeline,
        )
        task.coordinating_agencies.set([agencies[code] for code in data.coordinating])
    return plan


def create_plan_bk(agencies):
    """Bắc Kạn's plan, kept under the former province, its tasks led today by Thái Nguyên's Sở KH&CN."""
    start, end = plan_bk.PLAN_YEARS
    plan = Plan.objects.create(
        code=plan_bk.PLAN_CODE,
        title=plan_bk.PLAN_TITLE,
        issuer=agencies[plan_bk.PLAN_ISSUER],
        start_year=start,
        end_year=end,
        source=plan_bk.PLAN_SOURCE,
        province=Province.objects.get(code=plan_bk.PLAN_PROVINCE),
    )
    for number, text in plan_bk.ROWS:
        task = PlanTask.objects.create(
            plan=plan, number=number, text=text, lead_agency=agencies[plan_bk.LEAD], timeline=f"{start} - {end}"
        )
        task.coordinating_agencies.set([agencies[code] for code in plan_bk.COORDINATING])
    return plan


# Per province: its consolidating Sở KH&CN and the login of its auditor (a province-wide scope).
CONSOLIDATORS = {DT: ("SKHCN", "thanhtra"), TN: ("SKHCN-TN", "thanhtra.tn")}


def configure_provinces(agencies, users):
    """Reporting settings and auditor scopes of each demo province (what an administrator sets in the admin)."""
    for code, (consolidator, auditor) in CONSOLIDATORS.items():
        province = Province.objects.get(code=code)
        settings, _created = ReportingSettings.objects.get_or_create(
            province=province, defaults={"source": _("Mặc định: trước ngày 31/12 hằng năm (dữ liệu mẫu).")}
        )
        settings.consolidator = agencies[consolidator]
        settings.save(update_fields=["consolidator"])
        AuditorScope.objects.create(
            user=users[auditor],
            province_wide=True,
            province=province,
            valid_from=MEMBERSHIPS_FROM,
            legal_basis=_("Dữ liệu mẫu: kiểm tra toàn tỉnh %(province)s.") % {"province": province.name},
        )


def summary(events=None):
    usernames = [p.username for p in PEOPLE]
    by_status = dict(Result.objects.values_list("status").annotate(n=Count("id")).order_by())
    return Summary(
        agencies=Agency.objects.count(),
        people=get_user_model().objects.filter(username__in=usernames).count(),
        tasks=STTask.objects.count(),
        results=sum(by_status.values()),
        events=events,
        by_status=by_status,
    )


def logins():
    """(username, full name, agency, role, valid_to) of every demo membership, in the order of PEOPLE."""
    order = {p.username: i for i, p in enumerate(PEOPLE)}
    memberships = Membership.objects.filter(user__username__in=order).select_related("user", "agency")
    rows = sorted(memberships, key=lambda m: (order[m.user.username], m.valid_from))
    return [
        (
            m.user.username,
            m.user.get_full_name(),
            m.agency.short_name or m.agency.name,
            m.get_role_display(),
            m.valid_to,
        )
        for m in rows
    ]
