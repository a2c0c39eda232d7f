"""Agencies are renamed and merged by administrators; history keeps the name an agency had at the time."""

import datetime

import pytest

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.errors import InvalidInput, NotPermitted
from tasks_registry.models import Agency, Membership
from tasks_registry.roles import Role
from tests.factories import Province, make_agency, make_member, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_workflows")]


@pytest.fixture
def admin_user():
    return make_user("quantri", is_superuser=True, is_staff=True)


def test_a_renamed_agency_keeps_its_old_name_for_the_past(admin_user):
    agency = make_agency("SNN", name="Sở Nông nghiệp và Phát triển nông thôn", active_from=datetime.date(2008, 4, 1))
    services.rename_agency(
        agency,
        actor=admin_user,
        new_name="Sở Nông nghiệp và Môi trường",
        effective_on=datetime.date(2025, 3, 1),
        basis="Nghị quyết sắp xếp bộ máy 2025",
    )
    agency = Agency.objects.prefetch_related("names").get(pk=agency.pk)
    assert agency.name == "Sở Nông nghiệp và Môi trường"
    assert agency.name_on(datetime.date(2024, 12, 31)) == "Sở Nông nghiệp và Phát triển nông thôn"
    assert agency.name_on(datetime.date(2025, 3, 1)) == "Sở Nông nghiệp và Môi trường"
    event = Event.objects.get(case_key=case_key_for(agency))
    assert event.changes["name"] == ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"]


def test_events_keep_the_agency_name_they_were_written_under(admin_user):
    province = Province()
    result = province.result()
    services.rename_agency(
        province.host, actor=admin_user, new_name="Trường Đại học mới", effective_on=datetime.date(2025, 7, 1)
    )
    event = Event.objects.get(case_key=case_key_for(result), seq=1)
    assert event.agency_name == "Trường Đại học P"


def test_a_merged_agency_is_retired_into_its_successor_and_its_people_stop_acting_for_it(admin_user):
    old = make_agency("SKHDT", name="Sở Kế hoạch và Đầu tư")
    successor = make_agency("STC", name="Sở Tài chính")
    officer = make_member(old, Role.OFFICER)
    services.merge_agency(
        old,
        actor=admin_user,
        successor=successor,
        effective_on=datetime.date(2025, 3, 1),
        basis="Nghị định 29/2025/NĐ-CP",
    )
    old.refresh_from_db()
    assert old.active_to == datetime.date(2025, 2, 28)
    assert old.successor == successor
    assert old not in Agency.objects.active(datetime.date(2025, 6, 1))
    assert old in Agency.objects.active(datetime.date(2025, 1, 15))
    assert not Membership.objects.active(datetime.date(2025, 6, 1)).filter(user=officer).exists()


def test_only_administrators_change_agencies():
    agency = make_agency()
    officer = make_member(agency, Role.OFFICER)
    with pytest.raises(NotPermitted):
        services.rename_agency(agency, actor=officer, new_name="Tên khác", effective_on=datetime.date(2025, 1, 1))
    agency.refresh_from_db()
    assert agency.name != "Tên khác"


def test_an_agency_cannot_succeed_itself_or_be_merged_twice(admin_user):
    agency, successor = make_agency(), make_agency()
    with pytest.raises(InvalidInput):
        services.merge_agency(agency, actor=admin_user, successor=agency, effective_on=datetime.date(2025, 3, 1))
    services.merge_agency(agency, actor=admin_user, successor=successor, effective_on=datetime.date(2025, 3, 1))
    with pytest.raises(InvalidInput):
        services.merge_agency(agency, actor=admin_user, successor=successor, effective_on=datetime.date(2025, 4, 1))


def test_database_constraints_hold_even_without_the_services():
    from django.db import IntegrityError, transaction

    from tests.factories import make_task

    host, managing = make_agency(), make_agency()
    for bad in (
        {"state_budget": -1},
        {"contract_start": datetime.date(2024, 1, 1), "contract_end": datetime.date(2023, 1, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_task(host, managing, **bad)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agency("DUP")
        make_agency("DUP")
