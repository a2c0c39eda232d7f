"""The yearly report on the application of results (TT 14/2014 Mẫu 12): a province's results applied in the year,
with their owners' revenue and payouts to authors, as a page, an Excel workbook and a Word document, for the
consolidating Sở KH&CN of the province and the ministry, and nobody else.

Counted by hand for this year, province A:
- r1: transferred, the receiving unit reports its application this year; revenue 500.000.000, profit 100.000.000,
  payout 20.000.000: below the minimum of 30.000.000 (short by 10.000.000);
- r2: applied by its owner, contributed as capital at 200.000.000; revenue 50.000.000, payout 60.000.000 (the
  minimum, 30 % of 200.000.000): not short;
- r3: revenue reported for last year only: in last year's report, not this year's;
- r4: transferred this year, no application reported: not applied;
- r5: applied with revenue, but its task had no state budget: Mẫu 12 is about state-funded tasks;
- province B's result with revenue this year: never in A's report.
So this year: 2 results (r1, r2), 1 applied by a receiving unit, 2 with revenue, 1 short; revenue 550.000.000,
payouts 80.000.000, minimums 90.000.000.
"""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from reports.figures import Scope, application_rows, application_totals
from tasks_registry import services
from tasks_registry.models import AgencyKind, Result, RevenueBasis
from tasks_registry.roles import Role
from tests.factories import NEW_REGIME_DAY, make_agency, make_member

from .builders import YEAR, ReportingProvince

pytestmark = pytest.mark.django_db

OWNER = {"year": YEAR, "note": ""}


def _revenue(p, result, **values):
    return services.record_revenue(result, actor=p.host_officer, agency=p.host, **{**OWNER, **values})


def _owned(p, title, **task):
    """A result of a task approved under Law 93/2025: the host owns it by law once it is registered."""
    result = p.registered(NEW_REGIME_DAY, **task)
    Result.objects.filter(pk=result.pk).update(title=title)  # the factory names every result alike
    return Result.objects.get(pk=result.pk)


def _transferred(p, result):
    result = services.offer_transfer(
        result, actor=p.host_officer, agency=p.host, receiving_unit=p.receiver, form="standalone"
    )
    return services.confirm_transfer(result, actor=p.receiver_officer, agency=p.receiver, contract_no="05/HĐCG")


def _applied_by_owner(p, result):
    return services.report_own_application(result, actor=p.host_officer, agency=p.host, report="Tự sản xuất")


def _hand_counted(p):
    r1 = _transferred(p, _owned(p, "Giống lúa chịu mặn OM-A1"))
    r1 = services.report_application(
        r1, actor=p.receiver_officer, agency=p.receiver, report="Ứng dụng trên 20 ha tại xã Tân Hòa"
    )
    _revenue(p, r1, revenue=500_000_000, after_tax_profit=100_000_000, author_payout=20_000_000)
    r2 = _applied_by_owner(p, _owned(p, "Quy trình nuôi tôm góp vốn"))
    _revenue(
        p,
        r2,
        basis=RevenueBasis.CAPITAL,
        revenue=50_000_000,
        capital_value=200_000_000,
        author_payout=60_000_000,
    )
    r3 = _applied_by_owner(p, _owned(p, "Phần mềm quản lý năm trước"))
    _revenue(p, r3, year=YEAR - 1, revenue=70_000_000, after_tax_profit=10_000_000, author_payout=3_000_000)
    r4 = _transferred(p, _owned(p, "Mô hình chưa ứng dụng"))
    r5 = _applied_by_owner(p, _owned(p, "Kết quả không dùng ngân sách", state_budget=0))
    _revenue(p, r5, revenue=1_000_000, after_tax_profit=1_000_000, author_payout=0)
    return r1, r2, r3, r4, r5


@pytest.fixture
def province():
    p = ReportingProvince("A")
    p.consolidate_here()
    p.results = _hand_counted(p)
    other = ReportingProvince("B")
    other.consolidate_here()
    theirs = services.report_own_application(
        other.registered(NEW_REGIME_DAY), actor=other.host_officer, agency=other.host, report="Tự sản xuất"
    )
    services.record_revenue(
        theirs,
        actor=other.host_officer,
        agency=other.host,
        year=YEAR,
        revenue=999_000_000,
        after_tax_profit=0,
        author_payout=0,
    )
    p.other = other
    return p


def _scope(p, year=YEAR):
    from reports.scope import province_scope

    return province_scope(year, province=p.province)


def test_the_rows_and_totals_are_the_hand_counted_ones(province):
    r1, r2, r3, _r4, _r5 = province.results
    rows = application_rows(_scope(province))
    assert [row.result.pk for row in rows] == sorted([r1.pk, r2.pk], key=lambda pk: Result.objects.get(pk=pk).task.code)
    by_result = {row.result.pk: row for row in rows}
    assert [t.receiving_unit for t in by_result[r1.pk].transfers] == [province.receiver]
    assert by_result[r1.pk].revenue.below_minimum and not by_result[r2.pk].revenue.below_minimum
    assert by_result[r2.pk].transfers == ()
    totals = application_totals(_scope(province))
    assert (totals.results, totals.applied_by_receivers, totals.with_revenue, totals.below_minimum) == (2, 1, 2, 1)
    assert (totals.revenue, totals.author_payout, totals.author_minimum) == (550_000_000, 80_000_000, 90_000_000)
    last_year = application_rows(_scope(province, YEAR - 1))
    assert [row.result.pk for row in last_year] == [r3.pk]


def test_the_excel_workbook_opens_and_holds_the_hand_counted_rows(client, province):
    r1, r2, *_ = province.results
    client.force_login(province.dept_officer)
    response = client.get(f"/reports/application/{YEAR}.xlsx?province={province.province.code}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = next(row for row in values if row and row[0] == "STT")
    rows = [dict(zip(header, row, strict=False)) for row in values if row and isinstance(row[0], int)]
    assert {row["Kết quả"].split(" (số đăng ký")[0] for row in rows} == {r1.title, r2.title}
    assert len(rows) == 2
    short = next(row for row in rows if row["Thấp hơn mức tối thiểu"] == "Có")
    assert short["Doanh thu (đồng)"] == 500_000_000 and short["Mức chi tối thiểu (đồng)"] == 30_000_000
    assert short["Số tiền còn thiếu (đồng)"] == 10_000_000
    assert province.receiver.name in short["Đơn vị tiếp nhận và kết quả ứng dụng, nhân rộng trong năm"]
    capital = next(row for row in rows if row["Thấp hơn mức tối thiểu"] == "Không")
    assert capital["Giá trị kết quả góp vốn (đồng)"] == 200_000_000 and capital["Lợi nhuận sau thuế (đồng)"] is None
    total = next(row for row in values if row and row[2] == "Tổng cộng")
    assert total[header.index("Doanh thu (đồng)")] == 550_000_000
    assert total[header.index("Chi trả cho tác giả (đồng)")] == 80_000_000
    summary = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert summary["Kết quả được ứng dụng trong năm"] == 2
    assert summary["Trong đó: chi trả cho tác giả thấp hơn mức tối thiểu"] == 1


def test_the_word_document_is_the_committees_report_with_the_hand_counted_rows(client, province):
    r1, r2, *_ = province.results
    client.force_login(province.dept_head)
    response = client.get(f"/reports/application/{YEAR}.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [para.text for para in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    everything = "\n".join(texts + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything and "Số: …/BC-UBND" in everything
    assert province.committee.name.upper() in everything  # issued by the provincial People's Committee
    assert "Bộ Khoa học và Công nghệ" in everything and "TM. ỦY BAN NHÂN DÂN" in everything
    listing = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    body = [[cell.text for cell in row.cells] for row in listing.rows[1:]]
    assert len(body) == 3  # r1, r2 and the total
    assert {row[1].split("\n")[1].split(" (số đăng ký")[0] for row in body[:2]} == {r1.title, r2.title}
    assert body[-1][1] == "Tổng cộng" and body[-1][4:] == ["550.000.000", "80.000.000"]
    shortfalls = [t for t in texts if t.startswith(f"- {r1.title}")]
    assert len(shortfalls) == 1 and "30.000.000" in shortfalls[0] and "10.000.000" in shortfalls[0]
    assert not any(t.startswith(f"- {r2.title}") for t in texts)


def test_the_page_shows_the_rows_and_links_to_both_files(client, province):
    client.force_login(province.dept_officer)
    page = client.get(f"/reports/application/{YEAR}/").content.decode()
    assert page.count("badge badge-refused") == 1 and "550.000.000" in page
    assert f"/reports/application/{YEAR}.xlsx" in page and f"/reports/application/{YEAR}.docx" in page
    consolidated = client.get(f"/reports/consolidated/{YEAR}/").content.decode()
    assert f"/reports/application/{YEAR}/" in consolidated


def test_only_the_provinces_sở_and_the_ministry_get_it(client, province):
    ministry = make_member(make_agency("BKHCN", AgencyKind.MINISTRY, "Bộ Khoa học và Công nghệ"), Role.OFFICER)
    ours = f"?province={province.province.code}"
    urls = [f"/reports/application/{YEAR}/{ours}", f"/reports/application/{YEAR}.xlsx{ours}"]
    urls.append(f"/reports/application/{YEAR}.docx{ours}")
    client.force_login(ministry)
    for url in urls:
        assert client.get(url).status_code == 200, url
    for person in (province.host_reporter, province.host_officer, province.receiver_officer, province.auditor):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403, (person.username, url)
    client.force_login(province.other.dept_officer)  # another province's Sở: never ours
    for url in urls:
        assert client.get(url).status_code == 404, url
    theirs = client.get(f"/reports/application/{YEAR}/").content.decode()
    assert "999.000.000" in theirs and "550.000.000" not in theirs
    client.force_login(province.dept_officer)
    assert client.get(f"/reports/application/{YEAR}.pdf").status_code == 404
    assert client.get("/reports/application/1.xlsx").status_code == 404


def test_the_figures_read_the_scope_they_are_given(province):
    """The same measures over one agency's results (Scope.for_agency): the host answers for all of A's results."""
    scope = _scope(province)
    assert isinstance(scope, Scope)
    assert len(application_rows(scope.for_agency(province.host))) == 2
    assert application_rows(scope.for_agency(province.receiver)) == []
