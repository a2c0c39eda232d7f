"""Small builders for test data. Results are created through the services, as users would create them."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from tasks_registry import services
from tasks_registry.lifecycle import HostKind
from tasks_registry.models import Agency, AgencyKind, Membership, STTask
from tasks_registry.models import Province as ProvinceRecord
from tasks_registry.roles import Role

_counter = itertools.count(1)
OLD_REGIME_DAY = datetime.date(2022, 3, 15)
NEW_REGIME_DAY = datetime.date(2025, 11, 3)


def make_agency(code=None, kind=AgencyKind.DEPARTMENT, name=None, **extra):
    n = next(_counter)
    code = code or f"AG{n}"
    return Agency.objects.create(
        code=code,
        name=name or f"Cơ quan {code}",
        kind=kind,
        active_from=extra.pop("active_from", datetime.date(2010, 1, 1)),
        **extra,
    )


def make_user(username=None, password="secret-pass-123", **extra):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_member(agency, role=Role.OFFICER, username=None, **extra):
    user = make_user(username)
    Membership.objects.create(user=user, agency=agency, role=role, valid_from=datetime.date(2010, 1, 1), **extra)
    return user


def make_task(host, managing, approval_date=OLD_REGIME_DAY, code=None, **extra):
    return STTask.objects.create(
        code=code or f"ĐT-{next(_counter)}",
        title=extra.pop("title", "Nghiên cứu quy trình sản xuất giống lúa"),
        managing_agency=managing,
        host=host,
        principal_investigator="TS. Nguyễn Văn A",
        approval_date=approval_date,
        contract_start=extra.pop("contract_start", approval_date),
        contract_end=extra.pop("contract_end", None),
        state_budget=extra.pop("state_budget", 500_000_000),
        co_funding=extra.pop("co_funding", 0),
        **extra,
    )


def make_province(code=None, name=None, **extra):
    code = code or f"T{next(_counter)}"
    return ProvinceRecord.objects.create(
        code=code, name=name or f"Tỉnh {code}", active_from=extra.pop("active_from", datetime.date(1997, 1, 1)), **extra
    )


class Province:
    """A province (a row of its own) with a managing department, a host organisation and a receiving unit, each
    with an officer and a head."""

    def __init__(self, prefix="P", province=None):
        self.province = province or make_province(f"T-{prefix}-{next(_counter)}", f"Tỉnh {prefix}")
        p = {"province": self.province}
        self.department = make_agency(
            f"{prefix}-SKHCN", AgencyKind.DEPARTMENT, f"Sở Khoa học và Công nghệ {prefix}", **p
        )
        # A public university (Decree 70/2018: use rights may be recorded as its state asset).
        self.host = make_agency(
            f"{prefix}-HOST",
            AgencyKind.HOST_ORGANISATION,
            f"Trường Đại học {prefix}",
            host_kind=HostKind.PUBLIC_BODY,
            **p,
        )
        self.receiver = make_agency(f"{prefix}-HTX", AgencyKind.RECEIVING_UNIT, f"Hợp tác xã {prefix}", **p)
        self.dept_officer = make_member(self.department, Role.OFFICER, f"{prefix.lower()}-dept-officer")
        self.dept_head = make_member(self.department, Role.HEAD, f"{prefix.lower()}-dept-head")
        self.host_officer = make_member(self.host, Role.OFFICER, f"{prefix.lower()}-host-officer")
        self.host_head = make_member(self.host, Role.HEAD, f"{prefix.lower()}-host-head")
        self.receiver_officer = make_member(self.receiver, Role.OFFICER, f"{prefix.lower()}-recv-officer")
        self.auditor = make_member(self.department, Role.AUDITOR, f"{prefix.lower()}-auditor")

    def task(self, approval_date=OLD_REGIME_DAY, **extra):
        return make_task(self.host, self.department, approval_date, **extra)

    def result(self, approval_date=OLD_REGIME_DAY, task=None, **extra):
        task = task or self.task(approval_date, **extra)
        return services.record_result(
            task,
            actor=self.host_officer,
            agency=self.host,
            title="Quy trình nhân giống lúa chịu mặn",
            result_type="process",
        )

    def accepted(self, approval_date=OLD_REGIME_DAY, **extra):
        result = self.result(approval_date, **extra)
        return services.accept(
            result,
            actor=self.dept_head,
            agency=self.department,
            acceptance_date=approval_date + datetime.timedelta(days=400),
            grade="passed",
            decision_no="123/QĐ-SKHCN",
        )

    def registered(self, approval_date=OLD_REGIME_DAY, **extra):
        result = self.accepted(approval_date, **extra)
        services.take_step(result, "submit_registration", actor=self.host_officer, agency=self.host)
        return services.register(
            result,
            actor=self.dept_officer,
            agency=self.department,
            registration_no=f"KQ{next(_counter):06d}",
            registered_on=result.acceptance_date + datetime.timedelta(days=20),
        )
