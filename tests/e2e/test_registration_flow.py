"""Registering an accepted result in a real browser: the host organisation submits the dossier with its
registration form (a PDF), then the Sở KH&CN checks it and registers the result.

Screenshots of every step go to test-artifacts/e2e/. The fields of viewflow's Material forms are web
components: the radio buttons and the file input are reached through their native inputs (input[name=step],
input[type=file]).
"""

import hashlib
import re

import pytest

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry.lifecycle import Status
from tasks_registry.models import Document
from tests.factories import Province
from tests.workflows.helpers import open_task, task_url

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"
RESULT_TITLE = "Quy trình nhân giống lúa chịu mặn"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def log_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator(".who__name")).to_have_text(user.username)


def log_out(page, base):
    """The logout is a POST form in the header of the project's own pages."""
    page.goto(f"{base}/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def queue_row(page, base, work_label):
    """The agency's queue, and its one row for this work on the result (the title is shown)."""
    page.goto(f"{base}/workflow/result/queue/")
    row = page.get_by_role("row").filter(has_text=work_label).filter(has_text=RESULT_TITLE)
    expect(row).to_have_count(1)
    return row


def open_claim_page(page, base, row, task):
    """The task's number opens it; viewflow shows a task nobody holds yet as its claim page."""
    row.get_by_role("link", name=f"#{task.pk}").click()
    page.wait_for_url(f"{base}{task_url(task, 'assign')}")


def claim_and_continue(page, base, task):
    """The claim page's "… and continue" button (name _continue) claims the task and opens its form."""
    page.locator("form.vf-form button[name='_continue']").click()
    page.wait_for_url(f"{base}{task_url(task, 'execute')}")
    expect(page.locator("input[name='step']").first).to_be_attached()


def submit_task_form(page, task, step_label):
    """The form's main submit button (the last one that is not "… and continue"); the step's own success
    message is shown on the page viewflow goes to next."""
    page.locator("form.vf-form button:not([type='button']):not([name='_continue'])").last.click()
    page.wait_for_url(lambda url: task_url(task, "execute") not in url)
    expect(page.locator(".mdc-snackbar__label")).to_contain_text(f"Đã thực hiện «{step_label}».")


def test_the_host_submits_the_dossier_and_the_department_registers_the_result(
    live_server, page, static_files, screenshot, tmp_path
):
    province = Province()
    result = province.accepted()
    submit = open_task(result)
    assert submit.flow_task.name == "submit_registration"
    base = live_server.url
    pdf = tmp_path / "phieu-dang-ky-mau-5.pdf"
    pdf.write_bytes(PDF)

    # a. The host organisation's officer logs in through the real form.
    log_in(page, base, province.host_officer)
    screenshot("01-host-logged-in")

    # b. The task waits in the host organisation's queue; the officer claims it.
    row = queue_row(page, base, "Nộp hồ sơ đăng ký kết quả")
    screenshot("02-host-queue")
    open_claim_page(page, base, row, submit)
    screenshot("03-host-claim-page")
    claim_and_continue(page, base, submit)
    screenshot("04-host-claimed")
    submit.refresh_from_db()
    assert (submit.status, submit.owner) == ("ASSIGNED", province.host_officer)

    # c. The officer submits the dossier with the registration form (Mẫu 5) attached.
    page.check("input[name='step'][value='submit_registration']")
    page.get_by_label("Loại tài liệu 1").select_option(label="Phiếu đăng ký kết quả (Mẫu 5)")
    page.get_by_label("Tệp 1").set_input_files(str(pdf))
    screenshot("05-host-dossier-filled")
    submit_task_form(page, submit, "Nộp hồ sơ đăng ký kết quả")
    screenshot("06-host-dossier-submitted")
    result.refresh_from_db()
    assert result.status == Status.REGISTRATION_SUBMITTED

    # d. The Sở KH&CN's officer checks the dossier and registers the result.
    log_out(page, base)
    log_in(page, base, province.dept_officer)
    verify = open_task(result)
    assert verify.flow_task.name == "verify_registration"
    row = queue_row(page, base, "Kiểm tra hồ sơ đăng ký kết quả")
    screenshot("07-department-queue")
    open_claim_page(page, base, row, verify)
    claim_and_continue(page, base, verify)
    page.check("input[name='step'][value='register']")
    page.get_by_label("Số đăng ký").fill("KQ015440")
    page.get_by_label("Ngày đăng ký").fill("01/06/2023")
    screenshot("08-department-register-filled")
    submit_task_form(page, verify, "Cấp giấy chứng nhận đăng ký kết quả")
    screenshot("09-department-registered")

    page.goto(f"{base}/results/{result.pk}/")
    expect(page.get_by_role("heading", name=RESULT_TITLE)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Đã đăng ký, lưu giữ kết quả")
    expect(page.locator("main")).to_contain_text("KQ015440")
    expect(page.get_by_role("link", name=pdf.name, exact=True)).to_be_visible()  # the download; beside it "Xem trước …"
    expect(page.get_by_role("link", name=f"Xem trước {pdf.name}")).to_have_attribute(
        "href", re.compile(r"\?preview=1$")
    )
    screenshot("10-result-registered")

    # The pages were styled: viewflow's Material CSS and the project's CSS were served, no static file failed.
    served = static_files.served
    assert any(url.endswith("/static/viewflow/css/viewflow.min.css") for url in served), static_files
    assert any(url.endswith("/static/css/app.css") for url in served), static_files
    assert static_files.failed == []

    # e. The database agrees.
    result.refresh_from_db()
    assert result.status == Status.REGISTERED == "registered"
    assert result.registration_no == "KQ015440"
    document = Document.objects.get(result=result)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (document.kind, document.original_name) == ("registration_form", pdf.name)
    actions = set(Event.objects.filter(case_key=case_key_for(result)).values_list("action", flat=True))
    expected = {"result.submit_registration", "document.attached", "task.claimed", "result.register"}
    assert expected <= actions, actions
