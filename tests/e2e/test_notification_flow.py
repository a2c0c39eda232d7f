"""In a real browser: a host submits a dossier, the Sở KH&CN officer's header count goes up, and the officer opens
the notification and lands on the task that now waits in the department's queue."""

import re

import pytest

from notifications.models import Notification
from tests.factories import Province
from tests.workflows.helpers import open_task, task_url

from .test_registration_flow import (
    PDF,
    RESULT_TITLE,
    claim_and_continue,
    log_in,
    log_out,
    open_claim_page,
    queue_row,
    submit_task_form,
)

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def header_count(page):
    return int(page.locator(".site-header .notifications-link").get_attribute("data-unread"))


def test_the_department_officer_is_told_of_the_submitted_dossier_and_opens_the_task(
    live_server, page, screenshot, tmp_path
):
    province = Province()
    result = province.accepted()
    submit = open_task(result)
    base = live_server.url
    pdf = tmp_path / "phieu-dang-ky-mau-5.pdf"
    pdf.write_bytes(PDF)

    log_in(page, base, province.dept_officer)
    before = header_count(page)
    log_out(page, base)

    log_in(page, base, province.host_officer)
    open_claim_page(page, base, queue_row(page, base, "Nộp hồ sơ đăng ký kết quả"), submit)
    claim_and_continue(page, base, submit)
    page.check("input[name='step'][value='submit_registration']")
    page.get_by_label("Loại tài liệu 1").select_option(label="Phiếu đăng ký kết quả (Mẫu 5)")
    page.get_by_label("Tệp 1").set_input_files(str(pdf))
    submit_task_form(page, submit, "Nộp hồ sơ đăng ký kết quả")
    log_out(page, base)

    log_in(page, base, province.dept_officer)
    expect(page.locator(".site-header .notifications-count")).to_have_text(str(before + 1))
    screenshot("notifications-01-header-count")
    page.locator(".site-header .notifications-link").click()
    page.wait_for_url(f"{base}/notifications/")
    item = page.get_by_role("link", name=re.compile("Việc mới «Kiểm tra hồ sơ đăng ký kết quả»"))
    expect(item).to_contain_text(RESULT_TITLE)
    screenshot("notifications-02-list")
    item.click()

    verify = open_task(result)
    assert verify.flow_task.name == "verify_registration"
    page.wait_for_url(
        re.compile(re.escape(f"{base}/workflow/result/{verify.process_id}/verify_registration/{verify.pk}/"))
    )
    assert page.url in {f"{base}{task_url(verify, action)}" for action in ("assign", "detail", "execute")}
    screenshot("notifications-03-task")
    assert Notification.objects.get(recipient=province.dept_officer, task=verify).read_at is not None
    page.goto(f"{base}/")
    assert header_count(page) == before
