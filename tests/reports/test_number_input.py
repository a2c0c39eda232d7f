"""Figures typed the Vietnamese way: "." thousands, "," decimals, percentages 0–100, bounded; a changed registry
figure needs a note; hostile input gets a clear, translated error quickly and changes nothing."""

import time
from decimal import Decimal

import pytest

from reports import services
from reports.annual_report_flow import open_task_of
from reports.forms import DraftForm
from tasks_registry.errors import InvalidInput
from tasks_registry.numbers import NumberError, format_number, parse_number

from .builders import ReportingProvince, hand_counted_registry
from .test_pages_and_flow import task_url


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("12,5", Decimal("12.5")),
        ("1.500.000.000", Decimal("1500000000")),
        ("7", Decimal(7)),
        ("0,25", Decimal("0.25")),
        ("1500000", Decimal(1500000)),
        (" 1.000 ", Decimal(1000)),
        ("", None),
    ],
)
def test_vietnamese_numbers_are_read_as_written(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "12.5",
        "1,500,000",
        "1e5000",
        "abc",
        "-3",
        "1.50.000",
        "12,5%",
        "NaN",
        "Infinity",
        "9" * 19,
        "1" + "0" * 1_000_000,
        "1e1000000",
    ],
)
def test_other_input_is_refused_quickly_with_a_message(typed):
    started = time.monotonic()
    with pytest.raises(NumberError) as error:
        parse_number(typed)
    assert time.monotonic() - started < 0.05
    assert str(error.value)


def test_numbers_are_shown_the_vietnamese_way():
    assert format_number(1_500_000_000) == "1.500.000.000"
    assert format_number(12.5) == "12,5"
    assert format_number(66.7) == "66,7"
    assert format_number(None) == "—"


@pytest.mark.django_db
def test_the_draft_form_takes_a_percentage_and_a_money_figure_typed_with_vietnamese_separators():
    p = ReportingProvince("A")
    hand_counted_registry(p)
    report, _dept = p.open()
    data = {
        "manual_technology_transaction_share": "12,5",
        "manual_transfers_value": "1.500.000.000",
        "note_transfers_value": "Thêm hợp đồng chưa nhập vào hệ thống",
        "manual_supply_demand_database": "1",
    }
    form = DraftForm(data, report=report)
    assert form.is_valid(), form.errors
    services.save_draft(report, actor=p.host_reporter, agency=p.host, **form.service_arguments())
    report.refresh_from_db()
    assert report.manual_figures["technology_transaction_share"] == 12.5
    assert report.manual_figures["transfers_value"] == 1_500_000_000
    assert report.figure_notes == {"transfers_value": "Thêm hợp đồng chưa nhập vào hệ thống"}
    assert report.figures["transfers_value"] == 200_000_000  # the registry's value is kept beside it
    assert report.all_figures()["transfers_value"] == 1_500_000_000
    # Shown back as typed.
    assert 'value="12,5"' in str(DraftForm(report=report)["manual_technology_transaction_share"])
    assert 'value="1.500.000.000"' in str(DraftForm(report=report)["manual_transfers_value"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("manual_technology_transaction_share", "125", "0 đến 100"),
        ("manual_technology_transaction_share", "12.5", "dấu phẩy"),
        ("manual_startups_supported", "1e5000", "Cần nhập một số"),
        ("manual_startups_supported", "1" * 100_000, "quá dài"),
        ("manual_startups_supported", "-1", "không được âm"),
        ("manual_transfers_value", "1.500.000.000", "giải trình"),  # changed from the registry without a note
    ],
)
def test_a_bad_figure_gets_a_clear_error_on_the_task_page_and_changes_nothing(client, field, typed, message):
    p = ReportingProvince("A")
    hand_counted_registry(p)
    report, _dept = p.open()
    client.force_login(p.host_reporter)
    task = open_task_of(report)
    assert client.post(task_url(task, "assign")).status_code == 302
    before = (report.manual_figures, report.figure_notes)
    started = time.monotonic()
    response = client.post(task_url(task, "execute"), {field: typed})
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert message in response.content.decode()
    report.refresh_from_db()
    assert (report.manual_figures, report.figure_notes) == before
    assert open_task_of(report).flow_task.name == "draft"


@pytest.mark.django_db
def test_the_service_refuses_a_percentage_over_100_and_a_flag_other_than_yes_or_no():
    p = ReportingProvince("A")
    report, _dept = p.open()
    for figures in (
        {"technology_transaction_share": "100,5"},
        {"supply_demand_database": 3},
        {"results_recognised": "1e5"},
    ):
        with pytest.raises(InvalidInput):
            services.save_draft(report, actor=p.host_reporter, agency=p.host, manual_figures=figures)
    report.refresh_from_db()
    assert report.manual_figures == {}
