"""The first pages: login, scoping per role, the timeline, query counts, language and money formatting."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Event
from tasks_registry import services
from tasks_registry import views as registry_views
from tasks_registry.lifecycle import STEPS, Status
from tasks_registry.templatetags.registry_tags import action_text, format_vnd, status_badge
from tests.factories import NEW_REGIME_DAY, Province

pytestmark = pytest.mark.django_db

DETAIL_LINK = re.compile(r'href="/results/(\d+)/"')


def listed_ids(response):
    return {int(pk) for pk in DETAIL_LINK.findall(response.content.decode())}


def transfer_offered(province):
    """A new-regime result (owned by the host by law) offered to the province's receiving unit."""
    result = province.registered(NEW_REGIME_DAY)
    return services.offer_transfer(
        result,
        actor=province.host_officer,
        agency=province.host,
        receiving_unit=province.receiver,
        form="standalone",
        contract_value=120_000_000,
    )


@pytest.fixture
def two_provinces():
    return Province("A"), Province("B")


# --- login ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "result-list", "result-detail", "import-template"])
def test_every_page_requires_login(client, two_provinces, name):
    a, _b = two_provinces
    result = a.result()
    url = reverse(name, args=[result.pk]) if name == "result-detail" else reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_login_page_logs_in_and_logout_is_a_post(client, two_provinces):
    a, _b = two_provinces
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'type="password"' in page.content.decode()

    response = client.post(reverse("login"), {"username": "a-host-officer", "password": "secret-pass-123"})
    assert response.status_code == 302 and response["Location"] == reverse("home")

    home = client.get(reverse("home"))
    html = home.content.decode()
    assert f'action="{reverse("logout")}" method="post"' in html
    assert client.get(reverse("logout")).status_code == 405  # never a link that logs out on GET
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_stays_on_login_page(client, two_provinces):
    response = client.post(reverse("login"), {"username": "a-host-officer", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


# --- scoping ----------------------------------------------------------------------------------------------------------


def test_host_officer_sees_own_results_and_not_another_province(client, two_provinces):
    a, b = two_provinces
    own, other = a.result(), b.result()
    client.force_login(a.host_officer)

    listed = listed_ids(client.get(reverse("result-list")))
    assert own.pk in listed
    assert other.pk not in listed
    assert client.get(reverse("result-detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("result-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("result-detail", args=[999_999])).status_code == 404


def test_each_role_sees_exactly_the_results_its_agency_takes_part_in(client, two_provinces):
    a, b = two_provinces
    in_acceptance = a.result()
    offered = transfer_offered(a)
    other_province = b.accepted()
    everything = {in_acceptance.pk, offered.pk, other_province.pk}

    expected = {
        a.dept_officer: {in_acceptance.pk, offered.pk},
        a.dept_head: {in_acceptance.pk, offered.pk},
        a.host_officer: {in_acceptance.pk, offered.pk},
        a.host_head: {in_acceptance.pk, offered.pk},
        a.receiver_officer: {offered.pk},  # only the result offered to its unit
        a.auditor: {in_acceptance.pk, offered.pk},
        b.dept_officer: {other_province.pk},
        b.host_officer: {other_province.pk},
        b.receiver_officer: set(),
        b.auditor: {other_province.pk},
    }
    for user, visible in expected.items():
        client.force_login(user)
        assert listed_ids(client.get(reverse("result-list"))) == visible, user.username
        home = client.get(reverse("home"))
        assert home.context["result_count"] == len(visible), user.username
        assert {r.pk for r in home.context["recent_results"]} == visible, user.username
        for pk in everything:
            status = client.get(reverse("result-detail", args=[pk])).status_code
            assert status == (200 if pk in visible else 404), (user.username, pk)


def test_receiving_unit_sees_nothing_before_the_offer(client, two_provinces):
    a, _b = two_provinces
    registered = a.registered(NEW_REGIME_DAY)
    client.force_login(a.receiver_officer)
    assert listed_ids(client.get(reverse("result-list"))) == set()
    assert client.get(reverse("result-detail", args=[registered.pk])).status_code == 404


def test_a_person_without_membership_sees_nothing(client, two_provinces):
    a, _b = two_provinces
    result = a.result()
    stranger = get_user_model().objects.create_user("stranger", password="x-secret-pass-1")
    client.force_login(stranger)
    assert listed_ids(client.get(reverse("result-list"))) == set()
    assert client.get(reverse("result-detail", args=[result.pk])).status_code == 404


# --- pages ------------------------------------------------------------------------------------------------------------


def test_home_shows_memberships_and_header(client, two_provinces):
    a, _b = two_provinces
    a.dept_officer.first_name, a.dept_officer.last_name = "Nguyễn Thị", "Lan"
    a.dept_officer.save()
    result = a.accepted()
    client.force_login(a.dept_officer)
    html = client.get(reverse("home")).content.decode()
    assert "Nguyễn Thị Lan" in html
    assert a.department.name in html
    assert "Chuyên viên" in html  # the role
    assert str(Status.ACCEPTED.label) in html
    assert reverse("result-detail", args=[result.pk]) in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'href="/admin/"' not in html  # not staff


def test_staff_get_an_admin_link(client, two_provinces):
    a, _b = two_provinces
    a.dept_officer.is_staff = True
    a.dept_officer.save()
    client.force_login(a.dept_officer)
    assert f'href="{reverse("admin:index")}"' in client.get(reverse("home")).content.decode()


def test_detail_shows_task_result_and_timeline(client, two_provinces):
    a, _b = two_provinces
    a.dept_head.first_name, a.dept_head.last_name = "Lê Văn", "Hùng"
    a.dept_head.save()
    result = a.accepted()
    client.force_login(a.dept_officer)
    response = client.get(reverse("result-detail", args=[result.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    assert result.task.code in html
    assert result.task.principal_investigator in html
    assert a.host.name in html and a.department.name in html
    assert "500.000.000 ₫" in html  # state budget of the factory task
    assert "Luật Khoa học và Công nghệ 2013" in html  # regime by approval date, before registration

    accept_event = Event.objects.get(case_key=f"tasks_registry.result:{result.pk}", action="result.accept")
    assert "Lê Văn Hùng" in html  # who acted, as recorded
    assert str(STEPS["accept"].label) in html  # "result.accept" read as the step's label
    assert str(action_text("result.recorded")) in html
    assert "result.accept" not in html
    local = timezone.localtime(accept_event.occurred_at, datetime.timezone(datetime.timedelta(hours=7)))
    assert local.strftime("%d/%m/%Y %H:%M") in html
    # the status change as before → after, both by their labels
    row = next(r for r in response.context["timeline"] if r["event"].pk == accept_event.pk)
    status_change = next(c for c in row["changes"] if c["key"] == "status")
    assert status_change["before"] == str(Status.ACCEPTANCE_SUBMITTED.label)
    assert status_change["after"] == str(Status.ACCEPTED.label)
    assert str(Status.ACCEPTANCE_SUBMITTED.label) in html and "→" in html


def test_detail_shows_transfer_and_names_instead_of_ids(client, two_provinces):
    a, _b = two_provinces
    result = transfer_offered(a)
    client.force_login(a.receiver_officer)
    response = client.get(reverse("result-detail", args=[result.pk]))
    html = response.content.decode()
    assert a.receiver.name in html
    assert "120.000.000 ₫" in html
    assert "Chuyển giao công nghệ độc lập" in html
    assert str(STEPS["offer_transfer"].label) in html
    register_row = next(r for r in response.context["timeline"] if r["event"].action == "result.register")
    holder = next(c for c in register_row["changes"] if c["key"] == "ownership_holder_id")
    assert holder["after"] == a.host.name  # an id is shown by the record's name
    regime = next(c for c in register_row["changes"] if c["key"] == "regime_id")
    assert regime["after"] == "Luật Khoa học, công nghệ và đổi mới sáng tạo 2025"


def test_detail_shows_documents(client, two_provinces, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, _b = two_provinces
    result = a.result()
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * 2048, content_type="application/pdf")
    document = services.attach_document(
        result, actor=a.host_officer, agency=a.host, kind="final_report", uploaded_file=pdf
    )
    client.force_login(a.host_officer)
    html = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    assert "bao-cao.pdf" in html
    assert document.sha256[:12] in html
    assert "Báo cáo tổng hợp kết quả" in html


def test_timeline_describes_whole_records_with_their_labels(client, two_provinces):
    a, _b = two_provinces
    result = a.registered(NEW_REGIME_DAY)
    services.add_ip_title(
        result,
        actor=a.host_officer,
        agency=a.host,
        kind="patent",
        number="1-2026-00007",
        filed_on=datetime.date(2026, 1, 5),
    )
    client.force_login(a.host_officer)
    response = client.get(reverse("result-detail", args=[result.pk]))
    row = next(r for r in response.context["timeline"] if r["event"].action == "ip_title.added")
    assert row["action"] == "Thêm văn bằng sở hữu trí tuệ"
    (change,) = row["changes"]
    assert change["label"] == "văn bằng sở hữu trí tuệ"
    assert "Bằng độc quyền sáng chế" in change["after"] and "1-2026-00007" in change["after"]


def test_list_filters_by_status_and_searches(client, two_provinces):
    a, _b = two_provinces
    submitted = a.result()
    registered = a.registered()
    client.force_login(a.dept_officer)

    assert listed_ids(client.get(reverse("result-list"))) == {submitted.pk, registered.pk}
    by_status = client.get(reverse("result-list"), {"status": Status.ACCEPTANCE_SUBMITTED})
    assert listed_ids(by_status) == {submitted.pk}
    assert listed_ids(client.get(reverse("result-list"), {"q": registered.registration_no.lower()})) == {registered.pk}
    assert listed_ids(client.get(reverse("result-list"), {"q": "chịu mặn"})) == {submitted.pk, registered.pk}
    assert listed_ids(client.get(reverse("result-list"), {"q": "không có"})) == set()
    # an unknown status is ignored rather than failing
    assert listed_ids(client.get(reverse("result-list"), {"status": "nonsense"})) == {submitted.pk, registered.pk}


def test_list_shows_the_columns(client, two_provinces):
    a, _b = two_provinces
    registered = a.registered()
    client.force_login(a.host_officer)
    html = client.get(reverse("result-list")).content.decode()
    assert registered.task.code in html
    assert registered.registration_no in html
    assert a.host.name in html
    assert 'class="badge badge-done"' in html and str(Status.REGISTERED.label) in html
    assert timezone.localtime(registered.status_changed_at).strftime("%d/%m/%Y") in html


def test_list_paginates_and_keeps_filters(client, two_provinces, monkeypatch):
    a, _b = two_provinces
    results = [a.result() for _ in range(3)]
    monkeypatch.setattr(registry_views.ResultListView, "paginate_by", 2)
    client.force_login(a.host_officer)
    first = client.get(reverse("result-list"), {"status": Status.ACCEPTANCE_SUBMITTED})
    html = first.content.decode()
    assert len(listed_ids(first)) == 2
    assert "?status=acceptance_submitted&amp;page=2" in html
    second = client.get(reverse("result-list"), {"status": Status.ACCEPTANCE_SUBMITTED, "page": 2})
    assert listed_ids(first) | listed_ids(second) == {r.pk for r in results}


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_list_and_home_run_a_constant_number_of_queries(client, two_provinces):
    a, _b = two_provinces
    for _ in range(5):
        a.result()
    client.force_login(a.host_officer)
    list_url, home_url = reverse("result-list"), reverse("home")
    with_five = _queries(client, list_url), _queries(client, home_url)
    for _ in range(25):
        a.result()
    with_thirty = _queries(client, list_url), _queries(client, home_url)
    assert len(listed_ids(client.get(list_url))) == 30
    assert with_thirty == with_five


def test_detail_queries_do_not_grow_with_the_history(client, two_provinces):
    a, _b = two_provinces
    short, long = a.result(), a.result()
    for _ in range(6):
        services.take_step(
            long, "return_acceptance", actor=a.dept_officer, agency=a.department, comment="Bổ sung biên bản"
        )
        services.take_step(long, "resubmit_acceptance", actor=a.host_officer, agency=a.host)
    client.force_login(a.host_officer)
    assert _queries(client, reverse("result-detail", args=[long.pk])) == _queries(
        client, reverse("result-detail", args=[short.pk])
    )


# --- language and formats ----------------------------------------------------------------------------------------------


def test_pages_are_vietnamese_by_default_and_english_when_chosen(client, two_provinces):
    a, _b = two_provinces
    result = a.result()
    client.force_login(a.host_officer)
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    assert '<html lang="en">' in html
    assert "500.000.000 ₫" in html  # money keeps the Vietnamese form in every language


def test_language_cookie_switches_django_strings(client, two_provinces):
    a, _b = two_provinces
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Log out" not in html and ">Thoát<" in html  # Django's own Vietnamese catalogue
    client.cookies["django_language"] = "en"
    html = client.get(reverse("admin:index")).content.decode()
    assert "Log out" in html
    assert '<html lang="en"' in client.get(reverse("home")).content.decode()


def test_login_page_has_the_language_switcher(client):
    html = client.get(reverse("login")).content.decode()
    assert 'name="language" value="en"' in html and 'name="language" value="vi"' in html


def test_vnd_filter_formats_amounts_whatever_the_language():
    for language in ("vi", "en"):
        with translation.override(language):
            assert format_vnd(Decimal("1250000")) == "1.250.000 ₫"
            assert format_vnd(500_000_000) == "500.000.000 ₫"
            assert format_vnd(0) == "0 ₫"
            assert format_vnd(Decimal("-2500")) == "-2.500 ₫"
            assert format_vnd(Decimal("999.6")) == "1.000 ₫"
            assert format_vnd("42000") == "42.000 ₫"
            assert format_vnd(None) == "—"
            assert format_vnd("không phải số") == "không phải số"


def test_status_badge_carries_the_label():
    badge = status_badge(Status.OWNERSHIP_RETURNED)
    assert 'class="badge badge-attention"' in badge
    assert str(Status.OWNERSHIP_RETURNED.label) in badge
    assert "badge-neutral" in status_badge("unknown_state")


def test_import_template_downloads_for_a_signed_in_user(client, two_provinces, monkeypatch):
    a, _b = two_provinces
    monkeypatch.setattr(registry_views, "template_workbook_bytes", lambda: b"PK\x03\x04workbook")
    client.force_login(a.host_officer)
    response = client.get(reverse("import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == b"PK\x03\x04workbook"


def test_static_stylesheet_is_local(client):
    html = client.get(reverse("login")).content.decode()
    assert "/static/css/app.css" in html
    assert "http://" not in html and "https://" not in html  # no CDN


@pytest.mark.django_db
def test_the_interface_stays_vietnamese_for_a_browser_set_to_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()
