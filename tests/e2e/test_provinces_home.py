"""On the demo data, a person of each province (Đồng Tháp after its merger with Tiền Giang, Thái Nguyên carrying
Bắc Kạn) and of the ministry signs in through the browser; each home shows their own province's work, and the
ministry's leads to the national consolidation. Screenshots: test-artifacts/e2e/home-*.png."""

import pytest
from django.core.management import call_command

from demo import DEMO_PASSWORD
from tests.e2e.session import forget_the_signed_in_person

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# login, screenshot name, text their home must show, text it must not show
PEOPLE = [
    ("skhcn.lanhdao", "home-dong-thap", "Sở Khoa học và Công nghệ tỉnh Đồng Tháp", "Thái Nguyên"),
    ("skhcntn.lanhdao", "home-thai-nguyen", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "Đồng Tháp"),
    ("bkhcn.chuyenvien", "home-bo-khcn", "Tổng hợp toàn quốc", "Sở Khoa học và Công nghệ tỉnh"),
]


def test_a_person_of_each_province_and_of_the_ministry_sees_their_own_home(page, live_server, screenshot):
    call_command("seed_demo", "--results", "80", stdout=None)
    call_command("sync_workflows", "--demo-claims", stdout=None)
    base = live_server.url
    for username, name, shown, hidden in PEOPLE:
        forget_the_signed_in_person(page)
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{base}/")
        main = page.locator("main")
        expect(main).to_contain_text(shown)
        expect(main).not_to_contain_text(hidden)
        assert screenshot(name).stat().st_size > 0
    page.get_by_role("link", name="Xem tổng hợp năm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổng hợp toàn quốc")
    expect(page.locator("main")).to_contain_text("Đồng Tháp")
    expect(page.locator("main")).to_contain_text("Thái Nguyên")
    screenshot("national-consolidation")
