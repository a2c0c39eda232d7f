"""An auditor signs in and reads a result's history in a real browser: who, for which agency (as named that day),
each field's before → after. The screenshot goes to test-artifacts/e2e/auditor-timeline.png."""

import datetime
import re

import pytest

from audit.models import AuditorScope
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.lifecycle import STEPS
from tests.factories import Province, make_user
from tests.tasks_registry.driver import Actors, drive

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"


def test_an_auditor_reads_a_case_timeline(page, live_server, screenshot):
    province = Province("A")
    result = drive(Actors(province), province.result(), "accept")
    services.rename_agency(
        province.department,
        actor=make_user("root", is_superuser=True),
        new_name="Sở Khoa học và Công nghệ (sau sáp nhập)",
        effective_on=datetime.date.today(),
    )
    scope = AuditorScope.objects.create(
        user=province.auditor, valid_from=datetime.date(2020, 1, 1), legal_basis="Quyết định thanh tra số 12/QĐ-TTr"
    )
    scope.agencies.set([province.department])

    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(province.auditor.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Kiểm tra, kiểm toán").click()
    expect(page.get_by_role("heading", name="Tra cứu nhật ký")).to_be_visible()

    page.goto(f"{base}/audit/cases/{case_key_for(result)}/")
    # Headed by the case's title, never its internal key; each step by its Vietnamese label.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(result.title)
    expect(heading).not_to_contain_text(case_key_for(result))
    accepted = page.locator(".timeline__item").filter(has_text=str(STEPS["accept"].label))
    expect(accepted).to_contain_text("Sở Khoa học và Công nghệ A (nay: Sở Khoa học và Công nghệ (sau sáp nhập))")
    expect(accepted.locator(".changes__before").first).to_have_text("Đã nộp hồ sơ đánh giá, nghiệm thu")
    expect(accepted.locator(".changes__after").first).to_have_text("Đã nghiệm thu, công nhận kết quả")
    path = screenshot("auditor-timeline")
    assert path.stat().st_size > 0
    assert re.search(r"/audit/cases/", page.url)
