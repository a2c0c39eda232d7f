"""Revenue and the authors' share (issue 15, item 6): the owner records a year's revenue on its own page; a payout
below the regime's minimum (30 % of the after-tax profit, or of the value of a result contributed as capital) is
recorded and flagged, never refused; bad input changes nothing; nobody but the owner's officers and heads may open
or post the page; the managing agency and auditors find the shortfalls in one list.

The minimums below are counted by hand: 30 % of 200.000.000 is 60.000.000; of 1.000.000.000, 300.000.000; of
100.000.001, 30.000.000,3, which a payout must reach, so 30.000.001 đồng.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditorScope, Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.errors import InvalidInput, NotPermitted
from tasks_registry.models import RevenueBasis, RevenueRecord
from tasks_registry.roles import Role
from tests.factories import NEW_REGIME_DAY, Province, make_member

from .driver import TO_APPLIED_OLD, Actors, drive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_workflows")]

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def province():
    return Province("A")


@pytest.fixture
def result(province):
    """Owned by the host (ownership with repayment, old regime, approved 15/03/2022), transferred and applied."""
    return drive(Actors(province), province.result(), *TO_APPLIED_OLD)


def _record(province, result, **values):
    data = {"year": 2024, "revenue": 1_000_000_000, "after_tax_profit": 200_000_000, "author_payout": 60_000_000}
    data.update(values)
    return services.record_revenue(result, actor=province.host_officer, agency=province.host, **data)


def _events(result):
    return Event.objects.filter(case_key=case_key_for(result), action="revenue.recorded")


def _form(**values):
    data = {
        "year": "2024",
        "basis": "profit",
        "revenue": "1.000.000.000",
        "after_tax_profit": "200.000.000",
        "capital_value": "",
        "author_payout": "59.999.999",
        "note": "Chia theo hợp đồng với nhóm tác giả",
    }
    data.update(values)
    return data


# --- the rule ------------------------------------------------------------------------------------------------------


def test_a_payout_below_30_percent_of_profit_is_recorded_and_flagged_with_its_minimum(province, result):
    short = _record(province, result, year=2024, author_payout=59_999_999)
    assert (short.below_minimum, short.author_minimum, short.share_min_percent) == (True, 60_000_000, 30)
    assert short.shortfall == 1 and short.base == 200_000_000
    event = _events(result).get()
    kept = event.changes["revenue"][1]
    assert (kept["author_payout"], kept["author_minimum"], kept["below_minimum"]) == (59_999_999, 60_000_000, True)
    assert (kept["share_min_percent"], kept["basis"]) == ("30", "profit")


def test_a_payout_at_or_above_the_minimum_is_not_flagged(province, result):
    exact = _record(province, result, year=2023, author_payout=60_000_000)
    above = _record(province, result, year=2024, after_tax_profit=100_000_001, author_payout=30_000_001)
    assert not exact.below_minimum and exact.author_minimum == 60_000_000
    assert not above.below_minimum and above.author_minimum == 30_000_001  # 30 % of 100.000.001, rounded up
    assert not _events(result).filter(changes__revenue__1__below_minimum=True).exists()


def test_a_loss_leaves_nothing_to_share(province, result):
    record = _record(province, result, revenue=50_000_000, after_tax_profit=-20_000_000, author_payout=0)
    assert (record.author_minimum, record.below_minimum, record.after_tax_profit) == (0, False, -20_000_000)


def test_a_result_contributed_as_capital_gives_its_authors_a_share_of_the_value_contributed(province, result):
    record = _record(
        province,
        result,
        basis=RevenueBasis.CAPITAL,
        revenue=0,
        after_tax_profit=None,
        capital_value=1_000_000_000,
        author_payout=250_000_000,
    )
    assert (record.base, record.author_minimum, record.below_minimum) == (1_000_000_000, 300_000_000, True)
    assert record.shortfall == 50_000_000
    kept = _events(result).get().changes["revenue"][1]
    assert (kept["basis"], kept["capital_value"], kept["author_minimum"]) == ("capital", 1_000_000_000, 300_000_000)
    enough = _record(
        province, result, year=2025, basis=RevenueBasis.CAPITAL, revenue=0, capital_value=10, author_payout=3
    )
    assert not enough.below_minimum and enough.author_minimum == 3


def test_the_basis_and_its_value_go_together(province, result):
    with pytest.raises(InvalidInput) as missing:
        _record(province, result, basis=RevenueBasis.CAPITAL, capital_value=None)
    assert missing.value.field == "capital_value"
    with pytest.raises(InvalidInput) as extra:
        _record(province, result, basis=RevenueBasis.PROFIT, capital_value=5)
    assert extra.value.field == "capital_value"
    with pytest.raises(InvalidInput) as unknown:
        _record(province, result, basis="royalty")
    assert unknown.value.field == "basis"
    assert not RevenueRecord.objects.exists() and not _events(result).exists()


def test_only_an_officer_or_head_of_the_owner_records_revenue(province, result):
    for actor, agency in (
        (province.receiver_officer, province.receiver),
        (province.dept_officer, province.department),
        (make_member(province.host, Role.REPORTER), province.host),
        (province.dept_officer, province.host),
    ):
        with pytest.raises(NotPermitted):
            services.record_revenue(
                result, actor=actor, agency=agency, year=2024, revenue=1, after_tax_profit=0, author_payout=0
            )
    assert not RevenueRecord.objects.exists()


# --- the page ------------------------------------------------------------------------------------------------------


def test_the_owner_records_a_short_payout_on_the_page_and_the_result_page_shows_it_flagged(client, province, result):
    client.force_login(province.host_officer)
    detail = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    url = reverse("revenue-record", args=[result.pk])
    assert f'href="{url}"' in detail  # the owner is offered the page
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302 and response["Location"].endswith("#revenue-title")
    record = RevenueRecord.objects.get(result=result)
    assert (record.revenue, record.author_payout, record.below_minimum) == (1_000_000_000, 59_999_999, True)
    assert record.note == "Chia theo hợp đồng với nhóm tác giả"
    page = client.get(response["Location"]).content.decode()
    assert "Thấp hơn mức tối thiểu" in page and "60.000.000" in page and "thiếu 1 ₫" in page
    assert "mức tối thiểu 60.000.000" in page  # the message after recording names the minimum in đồng

    assert client.post(url, _form(year="2025", author_payout="60.000.000")).status_code == 302
    enough = RevenueRecord.objects.get(result=result, year=2025)
    assert not enough.below_minimum
    page = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    assert page.count("badge badge-refused") == 1  # 2024 flagged, 2025 not


def test_a_capital_contribution_is_recorded_on_the_page(client, province, result):
    client.force_login(province.host_head)
    response = client.post(
        reverse("revenue-record", args=[result.pk]),
        _form(
            basis="capital",
            revenue="0",
            after_tax_profit="",
            capital_value="1.000.000.000",
            author_payout="300.000.000",
        ),
    )
    assert response.status_code == 302
    record = RevenueRecord.objects.get(result=result)
    assert (record.basis, record.capital_value, record.author_minimum, record.below_minimum) == (
        RevenueBasis.CAPITAL,
        1_000_000_000,
        300_000_000,
        False,
    )
    page = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    assert "Giá trị kết quả góp vốn" in page and "1.000.000.000" in page


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"revenue": "-5"}, "revenue", "không được âm"),
        ({"author_payout": "-1.000"}, "author_payout", "không được âm"),
        ({"capital_value": "-1", "basis": "capital"}, "capital_value", "không được âm"),
        ({"revenue": "mười triệu"}, "revenue", "Cần nhập một số"),
        ({"revenue": "1e5000"}, "revenue", "Cần nhập một số"),
        ({"revenue": "9" * 19}, "revenue", "Số quá lớn"),
        ({"author_payout": "1,5"}, "author_payout", "không có phần lẻ"),
        ({"year": "abcd"}, "year", "Cần nhập năm bằng số"),
        ({"year": "1800"}, "year", "năm phê duyệt nhiệm vụ"),
        ({"year": "2021"}, "year", "năm phê duyệt nhiệm vụ"),
        ({"year": str(THIS_YEAR + 1)}, "year", "năm phê duyệt nhiệm vụ"),
        ({"year": "20245"}, "year", "4"),
        ({"year": ""}, "year", "bắt buộc"),
        ({"author_payout": ""}, "author_payout", "bắt buộc"),
        ({"after_tax_profit": ""}, "after_tax_profit", "lợi nhuận sau thuế"),
        ({"basis": "capital"}, "capital_value", "giá trị kết quả góp vốn"),
        ({"capital_value": "5"}, "capital_value", "Chỉ nhập giá trị góp vốn"),
        ({"basis": "royalty"}, "basis", "không phải là một trong các lựa chọn"),
    ],
)
def test_bad_input_gets_a_translated_error_and_changes_nothing(client, province, result, values, field, message):
    client.force_login(province.host_officer)
    events = Event.objects.filter(case_key=case_key_for(result)).count()
    response = client.post(reverse("revenue-record", args=[result.pk]), _form(**values))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not RevenueRecord.objects.exists()
    assert Event.objects.filter(case_key=case_key_for(result)).count() == events


def test_a_year_already_reported_is_refused_and_the_first_record_kept(client, province, result):
    _record(province, result, year=2024, author_payout=70_000_000)
    client.force_login(province.host_officer)
    response = client.post(reverse("revenue-record", args=[result.pk]), _form(year="2024"))
    assert response.status_code == 400
    assert "Doanh thu năm 2024 đã được báo cáo." in response.context["form"].errors["year"]
    assert RevenueRecord.objects.get().author_payout == 70_000_000
    assert _events(result).count() == 1


def test_errors_are_in_english_for_an_english_reader(client, province, result):
    client.force_login(province.host_officer)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("revenue-record", args=[result.pk]), _form(revenue="-5"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "negative" in " ".join(response.context["form"].errors["revenue"]).lower()


# --- who may open it -----------------------------------------------------------------------------------------------


def test_another_agency_gets_403_and_another_province_404_and_nothing_is_recorded(client, province, result):
    other = Province("B")
    url = reverse("revenue-record", args=[result.pk])
    # Agencies of our province that see the result but do not own it: the managing Sở, the receiving unit.
    for person in (province.dept_officer, province.dept_head, province.receiver_officer, province.auditor):
        client.force_login(person)
        assert client.get(url).status_code == 403, person.username
        assert client.post(url, _form()).status_code == 403, person.username
        detail = client.get(reverse("result-detail", args=[result.pk])).content.decode()
        assert f'href="{url}"' not in detail, person.username
    # Another province's people do not see the result at all.
    for person in (other.dept_officer, other.dept_head, other.host_officer, other.host_head, other.receiver_officer):
        client.force_login(person)
        assert client.get(url).status_code == 404, person.username
        assert client.post(url, _form()).status_code == 404, person.username
    assert client.get(reverse("revenue-record", args=[result.pk + 10_000])).status_code == 404
    client.logout()
    assert client.post(url, _form()).status_code == 302  # to the login page
    assert not RevenueRecord.objects.exists() and not _events(result).exists()


def test_where_the_state_keeps_the_rights_the_managing_agency_records_and_the_host_cannot(client, province):
    result = province.registered(NEW_REGIME_DAY, state_retains_rights=True, retention_basis="Nhiệm vụ quốc phòng")
    assert result.ownership_holder == province.department  # R25: the managing agency holds a retained result
    url = reverse("revenue-record", args=[result.pk])
    client.force_login(province.host_officer)
    assert client.get(url).status_code == 403
    client.force_login(province.dept_officer)
    assert client.post(url, _form(year=str(THIS_YEAR))).status_code == 302
    assert RevenueRecord.objects.get(result=result).below_minimum


# --- the list of shortfalls ----------------------------------------------------------------------------------------


def test_the_managing_agency_and_auditors_find_the_shortfalls_others_do_not(client, province, result):
    other = Province("B")
    other_result = drive(Actors(other), other.result(), *TO_APPLIED_OLD)
    _record(province, result, year=2024, author_payout=1_000_000)  # short
    _record(province, result, year=2023, author_payout=60_000_000)  # not short
    services.record_revenue(
        other_result,
        actor=other.host_officer,
        agency=other.host,
        year=2024,
        revenue=10,
        after_tax_profit=10,
        author_payout=0,
    )
    AuditorScope.objects.create(
        user=province.auditor, province_wide=True, province=province.province, valid_from=datetime.date(2010, 1, 1)
    )
    url = reverse("revenue-list") + "?shortfall=1"
    for person in (province.dept_officer, province.dept_head, province.auditor, province.host_officer):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert page.count("badge badge-refused") == 1, person.username
        assert f'href="/results/{result.pk}/"' in page and f'href="/results/{other_result.pk}/"' not in page
        everything = client.get(reverse("revenue-list")).content.decode()
        assert "60.000.000" in everything  # the year paid in full is listed too, without a flag
    for person in (province.receiver_officer, other.dept_officer):  # a receiving unit, another province
        client.force_login(person)
        page = client.get(url).content.decode()
        assert f'href="/results/{result.pk}/"' not in page, person.username
    client.force_login(province.dept_officer)
    assert "badge badge-refused" not in client.get(url + "&year=2023").content.decode()
    assert client.get(url + "&year=99999999999").status_code == 200  # a year that means nothing: every year


def test_the_event_reads_on_the_timeline_with_the_minimum_and_the_flag(client, province, result):
    _record(province, result, author_payout=59_999_999)
    client.force_login(province.dept_officer)
    page = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    assert "mức chi tối thiểu cho tác giả (đồng): 60.000.000" in page
    assert "chi trả thấp hơn mức tối thiểu: Có" in page


def test_the_minimum_is_kept_on_the_record_when_the_regime_changes_later(province, result):
    record = _record(province, result, author_payout=59_999_999)
    regime = result.regime
    regime.author_share_min_percent = Decimal(20)
    regime.save()
    record.refresh_from_db()
    assert (record.share_min_percent, record.author_minimum, record.below_minimum) == (30, 60_000_000, True)
