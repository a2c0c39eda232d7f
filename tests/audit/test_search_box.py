"""The auditor's one search box: registration number, task code, title words, a person's name (accents aside),
an agency's name, the Vietnamese action label; and never an event outside the auditor's scope."""

import re

import pytest

from audit.models import AuditorScope
from audit.workspace.cases import result_title
from tests.factories import Province
from tests.tasks_registry.driver import TO_REGISTERED, Actors, drive

from .builders import SCOPE_START

pytestmark = pytest.mark.django_db


def case_titles_found(client, query):
    response = client.get("/audit/", {"q": query})
    assert response.status_code == 200
    return set(re.findall(r'<td data-label="Hồ sơ"><a href="[^"]+">([^<]*)</a>', response.content.decode()))


@pytest.fixture
def searched():
    mine, other = Province("A"), Province("B")
    mine.dept_officer.first_name, mine.dept_officer.last_name = "Trần Minh", "Khoa"
    mine.dept_officer.save()
    other.dept_officer.first_name, other.dept_officer.last_name = "Trần Minh", "Khoa"
    other.dept_officer.save()
    ours = drive(Actors(mine), mine.result(), *TO_REGISTERED)
    theirs = drive(Actors(other), other.result(), *TO_REGISTERED)
    AuditorScope.objects.create(
        user=mine.auditor,
        province_wide=True,
        province=mine.province,
        valid_from=SCOPE_START,
        legal_basis="Quyết định thanh tra số 12/QĐ-TTr",
    )
    return mine, ours, theirs


def test_a_registration_number_finds_its_case_titled_by_the_result(client, searched):
    mine, ours, theirs = searched
    client.force_login(mine.auditor)
    assert case_titles_found(client, ours.registration_no) == {result_title(ours)}
    assert case_titles_found(client, theirs.registration_no) == set()


def test_a_task_code_and_words_of_the_title_find_the_case(client, searched):
    mine, ours, _theirs = searched
    client.force_login(mine.auditor)
    assert result_title(ours) in case_titles_found(client, ours.task.code)
    assert result_title(ours) in case_titles_found(client, "nhân giống lúa")


def test_a_persons_name_is_found_without_its_accents_and_only_in_scope(client, searched):
    mine, ours, theirs = searched
    client.force_login(mine.auditor)
    for query in ("Trần Minh Khoa", "tran minh khoa", "TRAN MINH KHOA"):
        found = case_titles_found(client, query)
        assert result_title(ours) in found, query
    response = client.get("/audit/", {"q": "tran minh khoa"}).content.decode()
    assert f"tasks_registry.result:{theirs.pk}" not in response
    assert "Trần Minh Khoa" in response


def test_an_agency_name_and_an_action_label_find_events(client, searched):
    mine, ours, theirs = searched
    client.force_login(mine.auditor)
    assert result_title(ours) in case_titles_found(client, "so khoa hoc va cong nghe A")
    page = client.get("/audit/", {"q": "đăng ký kết quả"}).content.decode()
    assert f"/audit/cases/tasks_registry.result:{ours.pk}/" in page
    assert f"/audit/cases/tasks_registry.result:{theirs.pk}/" not in page
    # Actions by their Vietnamese label, never by code (the action filter's option values carry the code, unseen).
    assert "result.register" not in re.sub(r'value="[^"]*"', "", page)


def test_the_case_timeline_is_headed_by_the_result_title(client, searched):
    mine, ours, theirs = searched
    client.force_login(mine.auditor)
    page = client.get(f"/audit/cases/tasks_registry.result:{ours.pk}/").content.decode()
    assert result_title(ours) in page and "tasks_registry.result:" not in page.split("<h1>")[1].split("</h1>")[0]
    assert client.get(f"/audit/cases/tasks_registry.result:{theirs.pk}/").status_code == 404


def test_the_filters_beside_the_box_take_a_registration_number_a_full_name_and_an_action_by_its_label(client, searched):
    mine, ours, theirs = searched
    client.force_login(mine.auditor)

    def found(**filters):
        response = client.get("/audit/", filters)
        assert response.status_code == 200
        return set(re.findall(r'<td data-label="Hồ sơ"><a href="[^"]+">([^<]*)</a>', response.content.decode()))

    assert found(case_key=ours.registration_no) == {result_title(ours)}
    assert found(case_key=ours.task.code) == {result_title(ours)}
    assert found(case_key=theirs.registration_no) == set()  # another province's case: outside the scope
    assert result_title(ours) in found(actor="Trần Minh Khoa")  # the officer who registered it, by name
    assert found(actor="Không Có Ai") == set()
    page = client.get("/audit/").content.decode()
    assert '<option value="result.register">Cấp giấy chứng nhận đăng ký kết quả</option>' in page
    assert found(action="result.register", case_key=ours.registration_no) == {result_title(ours)}


def test_a_cases_exported_history_names_the_case_by_its_title_and_number(client, searched):
    mine, ours, _theirs = searched
    client.force_login(mine.auditor)
    page = client.get(f"/audit/cases/tasks_registry.result:{ours.pk}/").content.decode()
    assert f"/audit/export.csv?case_key=tasks_registry.result%3A{ours.pk}" in page  # the page's own export link
    response = client.get("/audit/export.csv", {"case_key": ours.registration_no})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert result_title(ours) in text and ours.registration_no in text
    assert f"Kết quả nhiệm vụ {ours.pk}" not in text
