"""What an officer reads at the top and bottom of a work list: how many rows it holds (a long queue is not counted to
its end), pages that go on while rows come, and a filter that names the steps as people know them."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks_registry.models import Result
from tasks_registry.numbers import format_number
from tasks_registry.selectors import visible_results
from tests.factories import Province
from workflows import pagination
from workflows.models import ResultProcess
from workflows.opening import open_processes

pytestmark = pytest.mark.django_db

QUEUE = "/workflow/result/queue/"
DASHBOARD = "/workflow/result/"


def _waiting_for_the_head(province, count):
    task = province.task()
    results = Result.objects.bulk_create(
        Result(task=task, title=f"Kết quả số {i}", result_type="process") for i in range(count)
    )
    open_processes(Result.objects.with_parties().filter(pk__in=[result.pk for result in results]))


def _summary(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.search(r'pagination-summary">(.*?)</span>', html, re.S).group(1)).strip()


def _rows(response):
    return len(re.findall(r'href="/results/\d+/"', response.content.decode()))


@pytest.fixture
def province():
    return Province()


def test_a_queue_shorter_than_the_cap_is_counted_exactly(client, province):
    _waiting_for_the_head(province, 7)
    client.force_login(province.dept_head)
    assert _summary(client.get(QUEUE)) == "1–7 trên 7"


def test_a_queue_longer_than_the_cap_says_more_than_and_pages_on_while_rows_come(client, province, monkeypatch):
    monkeypatch.setattr(pagination.CappedPaginator, "cap", 30)
    _waiting_for_the_head(province, 60)
    client.force_login(province.dept_head)

    first = client.get(QUEUE)
    assert _summary(first) == "1–25 trên hơn 30"
    assert _rows(first) == 25
    assert 'data-list-page-has-next="1"' in first.content.decode()
    # Page 3 lies past the cap (30 rows): it is served while rows remain, and it is the last.
    third = client.get(QUEUE, {"page": 3})
    assert third.status_code == 200
    assert _summary(third) == "51–60 trên hơn 30"
    assert _rows(third) == 10
    assert 'data-list-page-has-next="0"' in third.content.decode()
    assert client.get(QUEUE, {"page": 4}).status_code == 404
    assert client.get(QUEUE, {"page": "x"}).status_code == 404


def test_a_filtered_queue_is_counted_on_what_the_filter_keeps(client, province):
    _waiting_for_the_head(province, 4)
    accepted = province.accepted()  # waits for the host's registration, not in the head's queue
    assert accepted.pk
    client.force_login(province.dept_head)
    assert _summary(client.get(QUEUE)) == "1–4 trên 4"
    node = "workflows/flows.ResultFlow.review_acceptance"
    assert _summary(client.get(QUEUE, {"flow_task": node})) == "1–4 trên 4"
    assert _summary(client.get(QUEUE, {"flow_task": "workflows/flows.ResultFlow.decide_ownership"})) == "0–0 trên 0"


def test_the_filter_names_the_steps_and_the_days_in_vietnamese(client, province):
    _waiting_for_the_head(province, 1)
    client.force_login(province.dept_head)
    # The filter's choices travel as JSON in an attribute ("\\u0110..."): read them as the browser does.
    html = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), client.get(QUEUE).content.decode())
    assert "Đánh giá, công nhận kết quả" in html and "Thẩm định hồ sơ giao quyền" in html
    assert "Review_Acceptance" not in html and "Xử lý kết quả nhiệm vụ/" not in html
    assert "Hôm qua" in html and "Yesterday" not in html
    # In the lifecycle's order: acceptance before registration before ownership.
    assert html.index("Đánh giá, công nhận kết quả") < html.index("Nộp hồ sơ đăng ký kết quả")
    assert html.index("Nộp hồ sơ đăng ký kết quả") < html.index("Thẩm định hồ sơ giao quyền")


def test_nobody_else_is_counted_in_a_queue(client, province):
    other = Province("Q")
    _waiting_for_the_head(other, 5)
    _waiting_for_the_head(province, 2)
    client.force_login(province.dept_head)
    assert _summary(client.get(QUEUE)) == "1–2 trên 2"
    client.force_login(User.objects.get(pk=other.dept_head.pk))
    assert _summary(client.get(QUEUE)) == "1–5 trên 5"


def test_the_dashboard_reads_the_same_few_queries_with_transfers_and_supports_on_it(client):
    """The head of the demo's Sở sees cards of transfers and supports (processes of their own); whether they may
    follow each one is known from the list's own scoping, not asked again per card."""
    call_command("seed_demo", "--results", "80", stdout=io.StringIO())
    call_command("sync_workflows", stdout=io.StringIO())
    head = User.objects.get(username="skhcn.lanhdao")
    client.force_login(head)
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    html = response.content.decode()
    tracks = ResultProcess.objects.filter(seed_object_id__isnull=False, task__status__in=["NEW", "ASSIGNED"])
    assert tracks.exists()
    assert len(queries) <= 15, len(queries)
    # Every card has its one button, by name, to an address of its own task.
    cards = re.findall(
        r'href="(/workflow/result/\d+/\w+/\d+/(execute|assign|detail)/)">\s*<div class="mdc-button__ripple"></div>'
        r'\s*<span class="mdc-button__label">([^<]+)</span>',
        html,
    )
    assert len(cards) == html.count('class="mdc-card" style="padding:15px') > 0
    label = {"execute": "Thực hiện", "assign": "Nhận việc", "detail": "Xem"}
    assert all(text == label[action] for _address, action, text in cards), cards
    assert {"assign", "detail"} <= {action for _address, action, _text in cards}
    for address, action, _text in cards[:: max(1, len(cards) // 6)]:
        if action != "assign":  # claiming is a POST from the page the address opens
            assert client.get(address).status_code == 200, address


def test_the_list_of_every_task_is_filtered_by_step_named_by_its_title(client, province):
    _waiting_for_the_head(province, 3)
    province.accepted()  # a registration waiting for the host
    client.force_login(province.dept_head)
    every = client.get("/workflow/result/tasks/")
    html = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), every.content.decode())
    assert "Nộp hồ sơ đăng ký kết quả" in html and "Submit_Registration" not in html
    step = "workflows/flows.ResultFlow.submit_registration"
    assert _summary(client.get("/workflow/result/tasks/", {"flow_task": step, "status": "NEW"})) == "1–1 trên 1"
    # The accepted result's review is done; the three others wait.
    review = "workflows/flows.ResultFlow.review_acceptance"
    assert _summary(client.get("/workflow/result/tasks/", {"flow_task": review, "status": "NEW"})) == "1–3 trên 3"


def test_counts_past_a_thousand_are_grouped_the_vietnamese_way(client, province, monkeypatch):
    monkeypatch.setattr(pagination.CappedPaginator, "cap", 2000)  # the queue counted to its end here
    _waiting_for_the_head(province, 1001)
    head = province.dept_head
    client.force_login(head)
    visible = visible_results(head).count()
    assert visible >= 1001

    home = re.sub(r"\s+", " ", client.get("/").content.decode())
    assert f'<p class="big-number">{format_number(visible)}</p>' in home  # e.g. "1.001", not "1001"
    queues = re.search(r'<table class="table agency-queues">(.*?)</table>', home).group(1)
    assert '<td class="num">1.001</td>' in queues  # waiting in the Sở's queue
    listing = re.sub(r"\s+", " ", client.get("/results/").content.decode())
    assert f"{format_number(visible)} kết quả" in listing
    assert _summary(client.get(QUEUE)) == "1–25 trên 1.001"
