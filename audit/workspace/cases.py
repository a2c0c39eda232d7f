"""Names of cases for people: a case key ("tasks_registry.result:170", "user.session:6") becomes the case's title
("Giống lúa chịu mặn ĐT120 (KQ099001)", "Phiên đăng nhập của Trần Minh Khoa"). One query per kind of case."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from reports.models import AnnualReport
from tasks_registry.models import Agency, Result

PERSONAL_CHAINS = {
    "user.session": lambda name: _("Phiên đăng nhập của %(name)s") % {"name": name},
    "user.refusals": lambda name: _("Truy cập bị từ chối của %(name)s") % {"name": name},
    "user.audit": lambda name: _("Tra cứu của người kiểm tra %(name)s") % {"name": name},
}


def result_title(result):
    return f"{result.title} ({result.registration_no})" if result.registration_no else result.title


def case_titles(keys):
    """{case key: title} for the keys given; a key of a kind not known here keeps a generic title."""
    by_kind = {}
    for key in set(keys):
        kind, _sep, ident = key.rpartition(":")
        by_kind.setdefault(kind, []).append(ident)
    titles = {}
    ids = [int(i) for i in by_kind.get("tasks_registry.result", []) if i.isdigit()]
    for result in Result.objects.filter(pk__in=ids).only("pk", "title", "registration_no"):
        titles[f"tasks_registry.result:{result.pk}"] = result_title(result)
    ids = [int(i) for i in by_kind.get("reports.annualreport", []) if i.isdigit()]
    for report in AnnualReport.objects.filter(pk__in=ids).select_related("agency"):
        titles[f"reports.annualreport:{report.pk}"] = _("Báo cáo năm %(year)s của %(agency)s") % {
            "year": report.year,
            "agency": report.agency.name,
        }
    ids = [int(i) for i in by_kind.get("tasks_registry.agency", []) if i.isdigit()]
    for agency in Agency.objects.filter(pk__in=ids):
        titles[f"tasks_registry.agency:{agency.pk}"] = agency.name
    people = [int(i) for kind in PERSONAL_CHAINS for i in by_kind.get(kind, []) if i.isdigit()]
    names = {u.pk: u.get_full_name() or u.get_username() for u in get_user_model().objects.filter(pk__in=people)}
    for kind, title in PERSONAL_CHAINS.items():
        for ident in by_kind.get(kind, []):
            if ident.isdigit() and int(ident) in names:
                titles[f"{kind}:{ident}"] = title(names[int(ident)])
    for ident in by_kind.get("user.login", []):
        titles[f"user.login:{ident}"] = _("Đăng nhập bằng tài khoản %(login)s") % {"login": ident}
    for key in keys:
        titles.setdefault(key, _("Hồ sơ khác"))
    return titles


def with_case_titles(events):
    events = list(events)
    titles = case_titles([e.case_key for e in events])
    for event in events:
        event.case_title = titles[event.case_key]
    return events
