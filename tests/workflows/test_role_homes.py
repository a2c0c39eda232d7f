"""Each person's home lists what they can act on now, each with one button that works, and nothing of another
agency or province."""

import datetime
import re

import pytest
from django.utils import timezone
from viewflow.workflow import STATUS

from audit.models import AuditorScope
from tasks_registry import services
from tasks_registry.models import AgencyKind
from tasks_registry.roles import Role
from tests.factories import Province, make_agency, make_member
from tests.reports.builders import ReportingProvince
from tests.tasks_registry.driver import TO_DECIDED, Actors, drive

from .helpers import open_task, work_of

pytestmark = pytest.mark.django_db


def titled(province, title, accepted=False):
    """A result of `province` with its own title (recorded by the host, accepted by the Sở when asked)."""
    result = services.record_result(
        province.task(), actor=province.host_officer, agency=province.host, title=title, result_type="process"
    )
    if accepted:
        result = services.accept(
            result,
            actor=province.dept_head,
            agency=province.department,
            acceptance_date=timezone.localdate() - datetime.timedelta(days=30),
            grade="passed",
            decision_no="12/QĐ-SKHCN",
        )
    return result


def section(page, key):
    """The HTML of one section of the home page (empty when the section is absent)."""
    match = re.search(rf'<section class="card home-section" id="{key}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def buttons(html):
    """(method, url) of every action button of a section."""
    posts = [("post", url) for url in re.findall(r'<form method="post" action="([^"]+)" class="action__button">', html)]
    links = [("get", url) for url in re.findall(r'<a class="button action__button" href="([^"]+)">', html)]
    return posts + links


def home(client, person):
    client.force_login(person)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_officer_claims_the_agencys_waiting_work_from_the_home_page_with_one_button(client):
    mine, other = Province("A"), Province("B")
    result = titled(mine, "Quy trình nuôi cá tra của tỉnh A", accepted=True)
    titled(other, "Giống lúa của tỉnh B", accepted=True)
    task = open_task(result)

    queue = section(home(client, mine.host_officer), "queue")
    assert "Quy trình nuôi cá tra của tỉnh A" in queue
    assert "Giống lúa của tỉnh B" not in queue
    [(method, url)] = buttons(queue)
    assert method == "post"
    assert client.post(url, {"_continue": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.owner_id == mine.host_officer.pk and task.status == STATUS.ASSIGNED

    my_work = section(home(client, mine.host_officer), "my-work")
    assert "Quy trình nuôi cá tra của tỉnh A" in my_work
    [(method, url)] = buttons(my_work)
    assert client.get(url, follow=True).status_code == 200
    assert "Giống lúa của tỉnh B" not in home(client, mine.host_officer)


def test_a_head_sees_what_awaits_their_decision_and_the_agencys_overdue_work(client):
    mine, other = Province("A"), Province("B")
    waiting = titled(mine, "Kết quả chờ nghiệm thu của tỉnh A")
    titled(other, "Kết quả chờ nghiệm thu của tỉnh B")
    task = open_task(waiting)
    work = work_of(task)
    work.due_on = timezone.localdate() - datetime.timedelta(days=3)
    work.save()

    page = home(client, mine.dept_head)
    awaiting, overdue = section(page, "awaiting-decision"), section(page, "overdue")
    assert "Kết quả chờ nghiệm thu của tỉnh A" in awaiting
    assert "Kết quả chờ nghiệm thu của tỉnh A" in overdue and "Quá hạn" in overdue
    assert "tỉnh B" not in page
    [(method, url)] = buttons(awaiting)
    assert client.post(url, {"_continue": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.owner_id == mine.dept_head.pk
    [(_method, url)] = buttons(overdue)
    assert client.get(url, follow=True).status_code == 200


def test_a_host_sees_its_results_and_whose_move_each_waits_for(client):
    mine, other = Province("A"), Province("B")
    titled(mine, "Kết quả của trường A")
    titled(other, "Kết quả của trường B")

    hosted = section(home(client, mine.host_officer), "hosted")
    assert "Kết quả của trường A" in hosted
    assert f"Chờ {mine.department.name}" in hosted
    assert "Kết quả của trường B" not in hosted
    [(_method, url)] = buttons(hosted)
    assert client.get(url).status_code == 200


def test_a_receiving_unit_sees_the_results_offered_to_it_and_takes_the_answer(client):
    mine, other = Province("A"), Province("B")
    for province, title in ((mine, "Công nghệ sấy lúa A"), (other, "Công nghệ sấy lúa B")):
        actors = Actors(province)
        drive(actors, titled(province, title), *TO_DECIDED, "offer_transfer")

    offers = section(home(client, mine.receiver_officer), "offers")
    assert "Công nghệ sấy lúa A" in offers and "Công nghệ sấy lúa B" not in offers
    [(method, url)] = buttons(offers)
    assert method == "post"
    response = client.post(url, {"_continue": "1"})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200
    assert "Công nghệ sấy lúa A" not in home(client, other.receiver_officer)
    # Once taken, the offer is in one place under the task's own name, not again in "my work" under another.
    page = home(client, mine.receiver_officer)
    assert "Xác nhận nhận chuyển giao" in section(page, "offers") and "Trả lời đề nghị chuyển giao" not in page
    assert "Công nghệ sấy lúa A" not in section(page, "my-work")


def test_a_reporter_sees_the_report_to_draft_and_opens_it(client):
    mine, other = ReportingProvince("A"), ReportingProvince("B")
    report, _dept = mine.open()
    other.open()

    reports = section(home(client, mine.host_reporter), "reports")
    assert mine.host.name in reports and "Soạn báo cáo" in reports
    assert other.host.name not in reports
    [(_method, url)] = buttons(reports)
    page = client.get(url)
    assert page.status_code == 200 and "Nhận việc" in page.content.decode()


def test_a_draft_waiting_for_the_heads_approval_is_no_longer_the_reporters_to_write(client):
    from reports.annual_report_flow import open_task_of
    from tests.reports.test_pages_and_flow import work

    mine = ReportingProvince("A")
    report, _dept = mine.open()
    work(client, mine.host_reporter, report, {"difficulties": "", "proposals": ""})
    assert open_task_of(report).flow_task.name == "approve" and report.status == "draft"

    page = home(client, mine.host_reporter)
    assert "Soạn báo cáo" not in page and mine.host.name not in section(page, "reports")
    assert "Báo cáo năm" in section(home(client, mine.host_head), "awaiting-decision")


def test_an_auditor_lands_on_the_search_and_the_recent_cases_of_their_scope(client):
    mine, other = Province("A"), Province("B")
    titled(mine, "Hồ sơ tỉnh A", accepted=True)
    titled(other, "Hồ sơ tỉnh B", accepted=True)
    AuditorScope.objects.create(
        user=mine.auditor,
        province_wide=True,
        province=mine.province,
        valid_from=datetime.date(2020, 1, 1),
        legal_basis="Quyết định thanh tra",
    )

    page = home(client, mine.auditor)
    assert 'action="/audit/"' in page and 'name="q"' in page
    cases = section(page, "recent-cases")
    assert "Hồ sơ tỉnh A" in cases and "Hồ sơ tỉnh B" not in cases
    [(_method, url)] = buttons(cases)
    timeline = client.get(url)
    assert timeline.status_code == 200 and "Hồ sơ tỉnh A" in timeline.content.decode()


def test_the_ministry_sees_every_province_with_its_consolidation(client):
    a, b = Province("A"), Province("B")
    ministry = make_agency("BKHCN", AgencyKind.MINISTRY, "Bộ Khoa học và Công nghệ")
    officer = make_member(ministry, Role.OFFICER, "bo-officer")

    provinces = section(home(client, officer), "provinces")
    assert a.province.name in provinces and b.province.name in provinces
    for _method, url in buttons(provinces):
        assert client.get(url).status_code == 200, url


def test_a_full_section_says_there_is_more_and_leads_to_the_whole_list(client):
    province = Province("M")
    for n in range(3):
        titled(province, f"Kết quả số {n}", accepted=True)  # each waits in the host's queue for registration
    queue = section(home(client, province.host_officer), "queue")
    assert re.search(r'<span class="tag">3</span>', queue) and "/workflow/result/queue/" not in queue
    for n in range(3, 12):
        titled(province, f"Kết quả số {n}", accepted=True)
    queue = section(home(client, province.host_officer), "queue")
    assert len(buttons(queue)) == 10
    assert re.search(r'<span class="tag">hơn 10</span>', queue)
    assert 'href="/workflow/result/queue/"' in queue and "Xem tất cả: Việc chờ nhận của cơ quan" in queue
