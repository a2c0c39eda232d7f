"""Excel import of tasks and results: `import_workbook`, `manage.py import_results` and the template."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from audit.models import Event
from audit.recorder import case_key_for
from audit.verification import verify
from tasks_registry import services
from tasks_registry.importing import COLUMNS, import_workbook, template_workbook_bytes
from tasks_registry.lifecycle import Status
from tasks_registry.models import AgencyKind, ApplicationAddress, Result, STTask
from tests.factories import Province, make_agency, make_task, make_user

pytestmark = pytest.mark.django_db

LABEL = {column.key: str(column.label) for column in COLUMNS}
D = datetime.date


@pytest.fixture
def province():
    return Province("P")


def row(province, **values):
    """A complete, valid row; keyword arguments (internal column keys) replace or blank out cells."""
    base = {
        "task_code": "ĐT-2022-01",
        "task_title": "Nghiên cứu quy trình sản xuất giống lúa chịu mặn",
        "level": "Cấp tỉnh",
        "field_code": "40101",
        "managing_agency": province.department.code,
        "host": province.host.code,
        "principal_investigator": "Nguyễn Văn A",
        "principal_investigator_title": "Tiến sĩ",
        "approval_date": D(2022, 3, 15),
        "contract_start": D(2022, 4, 1),
        "contract_end": D(2024, 3, 31),
        "state_budget": "1.250.000.000",
        "co_funding": 250000000,
        "application_address": "Hợp tác xã Tân Phú",
        "result_title": "Quy trình nhân giống lúa chịu mặn",
        "result_type": "Quy trình",
        "summary": "Quy trình 5 bước.",
        "acceptance_date": D(2024, 5, 20),
        "acceptance_grade": "Đạt",
        "recognition_decision_no": "123/QĐ-SKHCN",
        "recognition_decision_date": D(2024, 6, 1),
        "registration_no": None,
        "archive_no": None,
    }
    base.update(values)
    return base


def write_xlsx(path, rows, keys=None, extra_headers=()):
    """An .xlsx with the header labels of `keys` (default: every column) and one line per row dict."""
    keys = keys or [column.key for column in COLUMNS]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả"
    sheet.append([LABEL[key] for key in keys] + list(extra_headers))
    for values in rows:
        sheet.append([values.get(key) for key in keys] + ["x"] * len(extra_headers))
    workbook.save(path)
    return path


def nothing_written():
    return not (
        STTask.objects.exists()
        or Result.objects.exists()
        or ApplicationAddress.objects.exists()
        or Event.objects.filter(action__endswith=".imported").exists()
    )


def import_rows(tmp_path, rows, **kwargs):
    return import_workbook(write_xlsx(tmp_path / "ket-qua.xlsx", rows), **kwargs)


def only_error(report):
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


# --- a clean file ---------------------------------------------------------------------------------------------------


def test_import_creates_tasks_and_results_in_the_state_the_row_describes(tmp_path, province):
    today = timezone.localdate()
    rows = [
        # approved the day before the new law applies: old regime, the result waits for an ownership decision
        row(
            province,
            task_code="ĐT-A",
            approval_date=D(2025, 9, 30),
            contract_start=D(2025, 10, 1),
            contract_end=D(2026, 3, 31),
            acceptance_date=D(2026, 4, 10),
            recognition_decision_date=D(2026, 4, 20),
            registration_no="KQ015440",
            archive_no="20/KQNC-SKHCN",
        ),
        # approved on 01/10/2025 (typed as text): ownership passes to the host by law
        row(
            province,
            task_code="ĐT-B",
            task_title="Mô hình nuôi tôm",
            approval_date="01/10/2025",
            contract_start="01/11/2025",
            contract_end="31/05/2026",
            acceptance_date="10/06/2026",
            recognition_decision_date=None,
            registration_no="KQ015441",
            result_title="Mô hình nuôi tôm sú",
        ),
        # the same task, a second result still waiting for acceptance, repeating the address
        row(
            province,
            task_code="ĐT-B",
            task_title="Mô hình nuôi tôm",
            approval_date=D(2025, 10, 1),
            contract_start=D(2025, 11, 1),
            contract_end=D(2026, 5, 31),
            result_title="Phần mềm quản lý ao nuôi",
            result_type="software",
            acceptance_date=None,
            acceptance_grade=None,
            recognition_decision_no=None,
            recognition_decision_date=None,
        ),
        # accepted, not registered yet
        row(province, task_code="ĐT-C", level="national", state_budget=900_000_000.0, co_funding=None),
        # accepted with grade "Không đạt": not accepted
        row(
            province,
            task_code="ĐT-C",
            level="Cấp quốc gia",
            state_budget="900.000.000",
            co_funding=None,
            result_title="Báo cáo tổng hợp",
            result_type="Báo cáo khoa học",
            acceptance_grade="Không đạt",
            recognition_decision_no=None,
            recognition_decision_date=None,
        ),
    ]
    report = import_rows(tmp_path, rows)

    assert report.errors == []
    assert report.written
    assert (report.rows_read, report.tasks_created, report.tasks_reused, report.results_created) == (5, 3, 0, 5)

    task_a, task_b, task_c = (STTask.objects.get(code=code) for code in ("ĐT-A", "ĐT-B", "ĐT-C"))
    assert task_a.state_budget == Decimal(1_250_000_000) and task_a.co_funding == Decimal(250_000_000)
    assert task_a.level == "provincial" and task_a.host == province.host
    assert task_a.managing_agency == province.department
    assert task_b.approval_date == D(2025, 10, 1) and task_b.contract_end == D(2026, 5, 31)
    assert task_c.level == "national" and task_c.co_funding == 0
    assert list(task_b.application_addresses.values_list("name", flat=True)) == ["Hợp tác xã Tân Phú"]

    old = Result.objects.get(registration_no="KQ015440")
    assert old.status == Status.REGISTERED
    assert old.regime.code == "luat-khcn-2013"
    assert old.archive_no == "20/KQNC-SKHCN" and old.registered_on == today
    assert old.acceptance_date == D(2026, 4, 10) and old.recognition_decision_no == "123/QĐ-SKHCN"

    new = Result.objects.get(registration_no="KQ015441")
    assert new.status == Status.OWNERSHIP_BY_LAW
    assert new.regime.code == "luat-khcn-dmst-2025"
    assert new.ownership_holder == province.host

    waiting = Result.objects.get(title="Phần mềm quản lý ao nuôi")
    assert waiting.status == Status.ACCEPTANCE_SUBMITTED and waiting.task == task_b
    assert waiting.result_type == "software" and waiting.acceptance_date is None

    accepted = Result.objects.get(title="Quy trình nhân giống lúa chịu mặn", task=task_c)
    assert accepted.status == Status.ACCEPTED
    assert (accepted.acceptance_grade, accepted.recognition_decision_date) == ("passed", D(2024, 6, 1))
    assert accepted.registration_no is None and accepted.regime is None

    failed = Result.objects.get(title="Báo cáo tổng hợp")
    assert failed.status == Status.NOT_ACCEPTED and failed.acceptance_grade == "failed"
    assert failed.result_type == "report"

    assert report.status_counts == {
        Status.REGISTERED: 1,
        Status.OWNERSHIP_BY_LAW: 1,
        Status.ACCEPTANCE_SUBMITTED: 1,
        Status.ACCEPTED: 1,
        Status.NOT_ACCEPTED: 1,
    }


def test_every_created_task_and_result_has_its_audit_event_and_the_chains_verify(tmp_path, province):
    importer = make_user("nhap-lieu")
    rows = [
        row(province, registration_no="KQ000001"),
        row(province, result_title="Giống lúa OM-1", result_type="plant_variety"),
    ]
    import_rows(tmp_path, rows, actor=importer)

    task = STTask.objects.get()
    (task_event,) = Event.objects.filter(case_key=case_key_for(task))
    assert task_event.action == "task.imported" and task_event.actor == importer and task_event.agency is None
    assert task_event.comment == "Nhập từ tệp ket-qua.xlsx, dòng 2"
    assert task_event.changes["code"] == [None, "ĐT-2022-01"]
    assert task_event.changes["approval_date"] == [None, "2022-03-15"]
    assert task_event.changes["host_id"] == [None, province.host.pk]

    registered = Result.objects.get(registration_no="KQ000001")
    (event,) = Event.objects.filter(case_key=case_key_for(registered))
    assert event.action == "result.imported" and event.actor_name == "nhap-lieu"
    assert event.changes["status"] == [None, Status.REGISTERED]
    assert event.changes["registration_no"] == [None, "KQ000001"]
    assert event.changes["task_id"] == [None, task.pk]
    second = Result.objects.get(title="Giống lúa OM-1")
    assert Event.objects.get(case_key=case_key_for(second)).comment == "Nhập từ tệp ket-qua.xlsx, dòng 3"

    report = verify()
    assert report.ok and report.events_checked == 3


def test_a_task_already_in_the_registry_is_reused_with_its_stored_data(tmp_path, province):
    stored = make_task(province.host, province.department, D(2022, 3, 15), code="ĐT-2022-01", title="Tên đã lưu")
    ApplicationAddress.objects.create(task=stored, name="Hợp tác xã Tân Phú")
    rows = [
        row(province, application_address="Hợp tác xã Tân Phú"),
        row(province, result_title="Kết quả thứ hai", application_address="UBND xã Mỹ Hiệp"),
    ]
    report = import_rows(tmp_path, rows)

    assert report.errors == []
    assert (report.tasks_created, report.tasks_reused, report.results_created) == (0, 1, 2)
    assert STTask.objects.get() == stored
    stored.refresh_from_db()
    assert stored.title == "Tên đã lưu"
    assert stored.results.count() == 2
    assert sorted(stored.application_addresses.values_list("name", flat=True)) == [
        "Hợp tác xã Tân Phú",
        "UBND xã Mỹ Hiệp",
    ]
    assert Event.objects.filter(case_key=case_key_for(stored), action="task.addresses_imported").count() == 1
    assert verify().ok


def test_cells_in_the_formats_people_type_are_read(tmp_path, province):
    rows = [
        row(
            province,
            state_budget="1.250.000 đ",
            co_funding=" 75000 ",
            approval_date=" 5/3/2022 ",
            contract_start=datetime.datetime(2022, 4, 1, 0, 0),
            contract_end="31/03/2024",
            level=" cấp   TỈNH ",
            result_type="PATENT",
            field_code=40101,
            acceptance_grade="xuất sắc",
        )
    ]
    report = import_rows(tmp_path, rows)

    assert report.errors == []
    task = STTask.objects.get()
    assert (task.state_budget, task.co_funding) == (Decimal(1_250_000), Decimal(75_000))
    assert (task.approval_date, task.contract_start, task.contract_end) == (
        D(2022, 3, 5),
        D(2022, 4, 1),
        D(2024, 3, 31),
    )
    assert (task.level, task.field_code) == ("provincial", "40101")
    assert Result.objects.get().result_type == "patent"
    assert Result.objects.get().acceptance_grade == "excellent"


def test_columns_may_be_reordered_optional_ones_left_out_and_unknown_ones_are_ignored(tmp_path, province):
    keys = [
        "result_title",
        "result_type",
        "task_code",
        "task_title",
        "managing_agency",
        "host",
        "principal_investigator",
        "approval_date",
    ]
    path = write_xlsx(tmp_path / "ngan.xlsx", [row(province)], keys=keys, extra_headers=["STT"])
    report = import_workbook(path)

    assert report.errors == []
    assert report.ignored_columns == ["STT"]
    result = Result.objects.get()
    assert result.status == Status.ACCEPTANCE_SUBMITTED and result.task.level == "provincial"
    assert result.task.state_budget == 0


def test_dry_run_checks_and_counts_but_writes_nothing(tmp_path, province):
    rows = [row(province, registration_no="KQ000001"), row(province, result_title="Kết quả thứ hai")]
    report = import_rows(tmp_path, rows, dry_run=True)

    assert report.errors == [] and not report.written
    assert (report.rows_read, report.tasks_created, report.results_created) == (2, 1, 2)
    assert nothing_written()


def test_checking_a_large_file_does_not_query_row_by_row(tmp_path, province, django_assert_max_num_queries):
    rows = [
        row(province, task_code=f"ĐT-{n // 2}", result_title=f"Kết quả {n}", registration_no=f"KQ{n:06d}")
        for n in range(300)
    ]
    path = write_xlsx(tmp_path / "lon.xlsx", rows)
    with django_assert_max_num_queries(10):
        report = import_workbook(path, dry_run=True)
    assert report.errors == [] and report.tasks_created == 150


# --- the whole file or nothing ------------------------------------------------------------------------------------


def test_one_bad_row_among_good_ones_writes_nothing(tmp_path, province):
    rows = [
        row(province, task_code="ĐT-1"),
        row(province, task_code="ĐT-2"),
        row(province, task_code="ĐT-3", acceptance_date="20/13/2024"),
        row(province, task_code="ĐT-4"),
    ]
    report = import_rows(tmp_path, rows)

    assert [(e.row, e.column) for e in report.errors] == [(4, "Ngày nghiệm thu")]
    assert not report.written
    assert nothing_written()

    rows[2]["acceptance_date"] = "20/05/2024"
    assert import_rows(tmp_path, rows).errors == []
    assert STTask.objects.count() == 4 and Result.objects.count() == 4


def test_a_failure_while_writing_rolls_back_the_rows_already_written(tmp_path, province, monkeypatch):
    # Someone registers the same number between the check and the write: the service refuses it on row 3.
    real = services.apply_registration

    def racing(result, **kwargs):
        if kwargs["registration_no"] == "KQ000002":
            Result.objects.create(
                task=make_task(province.host, province.department),
                title="Kết quả khác",
                result_type="process",
                registration_no="KQ000002",
            )
        return real(result, **kwargs)

    monkeypatch.setattr(services, "apply_registration", racing)
    rows = [row(province, registration_no="KQ000001"), row(province, task_code="ĐT-2", registration_no="KQ000002")]
    report = import_rows(tmp_path, rows)

    error = only_error(report)
    assert (error.row, error.column) == (3, "Số đăng ký")
    assert error.message == "Số đăng ký KQ000002 đã được cấp cho kết quả khác."
    assert not report.written and report.results_created == report.tasks_created == 0
    assert nothing_written()


def test_every_row_is_checked_and_errors_come_in_row_then_column_order(tmp_path, province):
    rows = [
        row(
            province,
            registration_no="KQ1",
            acceptance_date=None,
            acceptance_grade=None,
            recognition_decision_no=None,
            recognition_decision_date=None,
            host=None,
        ),
        {},  # an empty line in between: skipped, and the row numbers after it stay Excel's
        row(province, task_code="ĐT-2"),
        row(province, task_code="ĐT-3", result_type="Bài báo", state_budget="abc"),
    ]
    report = import_rows(tmp_path, rows)

    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Mã tổ chức chủ trì"),
        (2, "Ngày nghiệm thu"),
        (5, "Kinh phí ngân sách nhà nước (đồng)"),
        (5, "Loại kết quả"),
    ]
    assert report.rows_read == 3
    assert nothing_written()


# --- each kind of error, with its row and column ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"Ma so nhiem vu;Ten nhiem vu\nDT-1;Lua\n",  # a CSV saved with the wrong extension
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,  # the start of an old binary .xls
        "zip",  # a zip archive that is not a workbook
        "truncated",  # a real .xlsx cut in half
    ],
)
def test_a_file_that_is_not_a_readable_xlsx_is_refused(tmp_path, province, content):
    path = tmp_path / "ket-qua.xlsx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "không phải bảng tính")
    elif content == "truncated":
        data = write_xlsx(tmp_path / "good.xlsx", [row(province)]).read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    error = only_error(import_workbook(path))

    assert (error.row, error.column) == (None, "")
    assert "ket-qua.xlsx" in error.message and "không phải là bảng tính Excel (.xlsx)" in error.message
    assert nothing_written()


def test_missing_header_columns_are_named(tmp_path, province):
    keys = [column.key for column in COLUMNS if column.key not in ("approval_date", "result_title")]
    report = import_workbook(write_xlsx(tmp_path / "thieu-cot.xlsx", [row(province)], keys=keys))

    assert [(e.row, e.column) for e in report.errors] == [(1, "Ngày phê duyệt"), (1, "Tên kết quả")]
    assert all(e.message == "Dòng tiêu đề (dòng 1) thiếu cột bắt buộc này." for e in report.errors)
    assert nothing_written()


def test_a_column_given_twice_is_refused(tmp_path, province):
    keys = [column.key for column in COLUMNS] + ["summary"]
    error = only_error(import_workbook(write_xlsx(tmp_path / "lap-cot.xlsx", [row(province)], keys=keys)))
    assert (error.row, error.column) == (1, "Tóm tắt")


def test_a_file_without_data_rows_is_refused(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(column.label) for column in COLUMNS])
    sheet.append([None, "   "])  # a row with only blanks is not data
    workbook.save(tmp_path / "trong.xlsx")
    error = only_error(import_workbook(tmp_path / "trong.xlsx"))

    assert error.row is None
    assert error.message.startswith("Tệp không có dòng dữ liệu nào")


def _retired_agency(province):
    successor = make_agency("SO-MOI", AgencyKind.HOST_ORGANISATION, "Viện Nghiên cứu mới")
    return make_agency(
        "SO-CU", AgencyKind.HOST_ORGANISATION, "Viện Nghiên cứu cũ", active_to=D(2025, 6, 30), successor=successor
    )


@pytest.mark.parametrize(
    "values, column, message",
    [
        ({"result_title": None}, "Tên kết quả", "Chưa nhập giá trị bắt buộc."),
        ({"managing_agency": "  "}, "Mã cơ quan quản lý nhiệm vụ", "Chưa nhập giá trị bắt buộc."),
        ({"acceptance_date": "31/02/2024"}, "Ngày nghiệm thu", "«31/02/2024» không phải là ngày hợp lệ"),
        ({"approval_date": "2022-03-15"}, "Ngày phê duyệt", "«2022-03-15» không phải là ngày hợp lệ"),
        ({"contract_start": 44652}, "Hợp đồng từ ngày", "«44652» không phải là ngày hợp lệ"),
        (
            {"state_budget": "1,250,000"},
            "Kinh phí ngân sách nhà nước (đồng)",
            "«1,250,000» không phải là số tiền hợp lệ",
        ),
        ({"co_funding": 12.5}, "Kinh phí đối ứng (đồng)", "«12.5» không phải là số tiền hợp lệ"),
        ({"state_budget": "1.25.000"}, "Kinh phí ngân sách nhà nước (đồng)", "không phải là số tiền hợp lệ"),
        ({"co_funding": -5}, "Kinh phí đối ứng (đồng)", "Số tiền không được âm."),
        ({"state_budget": "-1.000.000"}, "Kinh phí ngân sách nhà nước (đồng)", "Số tiền không được âm."),
        (
            {"level": "Cấp huyện"},
            "Cấp quản lý",
            "«Cấp huyện» không có trong danh mục; giá trị cho phép: national (Cấp quốc gia)",
        ),
        ({"result_type": "Bài báo"}, "Loại kết quả", "«Bài báo» không có trong danh mục"),
        ({"acceptance_grade": "Khá"}, "Xếp loại nghiệm thu", "«Khá» không có trong danh mục"),
        ({"host": "KHONG-CO"}, "Mã tổ chức chủ trì", "Không có cơ quan, đơn vị nào mang mã «KHONG-CO»."),
        (
            {"contract_end": D(2022, 3, 1)},
            "Hợp đồng đến ngày",
            "Ngày kết thúc hợp đồng (01/03/2022) trước ngày bắt đầu (01/04/2022).",
        ),
        (
            {"acceptance_date": D(2022, 3, 1), "recognition_decision_date": None},
            "Ngày nghiệm thu",
            "Ngày nghiệm thu (01/03/2022) trước ngày phê duyệt nhiệm vụ (15/03/2022).",
        ),
        (
            {"recognition_decision_date": D(2024, 5, 19)},
            "Ngày quyết định công nhận",
            "Ngày quyết định công nhận (19/05/2024) trước ngày nghiệm thu (20/05/2024).",
        ),
        ({"result_title": "x" * 501}, "Tên kết quả", "Dài 501 ký tự, vượt quá 500 ký tự cho phép."),
        ({"registration_no": "KQ" + "0" * 39}, "Số đăng ký", "Dài 41 ký tự, vượt quá 40 ký tự cho phép."),
        (
            {"approval_date": D(1999, 6, 15), "contract_start": None},
            "Ngày phê duyệt",
            "Chưa có chế độ pháp lý nào áp dụng cho nhiệm vụ phê duyệt ngày 15/06/1999",
        ),
        (
            {
                "registration_no": "KQ000009",
                "acceptance_date": None,
                "acceptance_grade": None,
                "recognition_decision_no": None,
                "recognition_decision_date": None,
            },
            "Ngày nghiệm thu",
            "Kết quả có số đăng ký thì phải có ngày nghiệm thu.",
        ),
        (
            {"acceptance_date": None, "recognition_decision_no": None, "recognition_decision_date": None},
            "Xếp loại nghiệm thu",
            "Cần có ngày nghiệm thu khi ghi giá trị này.",
        ),
        (
            {"registration_no": "KQ000009", "acceptance_grade": "Không đạt"},
            "Số đăng ký",
            "Kết quả xếp loại «Không đạt» không được đăng ký.",
        ),
    ],
)
def test_a_bad_cell_is_reported_with_its_row_and_column(tmp_path, province, values, column, message):
    rows = [row(province, task_code="ĐT-TOT"), row(province, **values)]
    error = only_error(import_rows(tmp_path, rows))

    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert nothing_written()


def test_a_date_in_the_future_is_refused(tmp_path, province):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    error = only_error(import_rows(tmp_path, [row(province, acceptance_date=tomorrow, recognition_decision_date=None)]))
    assert (error.row, error.column) == (2, "Ngày nghiệm thu")
    assert error.message == f"Ngày {tomorrow:%d/%m/%Y} ở sau ngày hôm nay."


def test_a_retired_agency_is_refused_and_its_successor_named(tmp_path, province):
    _retired_agency(province)
    error = only_error(import_rows(tmp_path, [row(province, host="SO-CU")]))

    assert (error.row, error.column) == (2, "Mã tổ chức chủ trì")
    assert error.message == (
        "Cơ quan «Viện Nghiên cứu cũ» (mã SO-CU) đã ngừng hoạt động từ 01/07/2025. "
        "Cơ quan kế thừa: «Viện Nghiên cứu mới» (mã SO-MOI)."
    )
    assert nothing_written()


def test_the_same_registration_number_twice_in_the_file_is_refused(tmp_path, province):
    rows = [
        row(province, registration_no="KQ015440"),
        row(province, task_code="ĐT-2"),
        row(province, task_code="ĐT-3", registration_no="KQ015440"),
    ]
    error = only_error(import_rows(tmp_path, rows))

    assert (error.row, error.column) == (4, "Số đăng ký")
    assert error.message == "Số đăng ký «KQ015440» trùng với dòng 2."
    assert nothing_written()


def test_a_registration_number_already_in_the_registry_is_refused(tmp_path, province):
    existing = province.registered()
    before = (STTask.objects.count(), Result.objects.count())
    error = only_error(import_rows(tmp_path, [row(province, registration_no=existing.registration_no)]))

    assert (error.row, error.column) == (2, "Số đăng ký")
    assert error.message == f"Số đăng ký «{existing.registration_no}» đã được cấp cho kết quả khác trong hệ thống."
    assert (STTask.objects.count(), Result.objects.count()) == before


def test_rows_of_one_task_with_conflicting_task_data_are_refused(tmp_path, province):
    other_host = make_agency("VIEN-2", AgencyKind.HOST_ORGANISATION)
    rows = [
        row(province),
        row(province, result_title="Kết quả 2", task_title="Tên khác", host="VIEN-2", co_funding="250.000.000"),
        row(province, result_title="Kết quả 3", level="Cấp bộ"),
    ]
    report = import_rows(tmp_path, rows)

    assert [(e.row, e.column) for e in report.errors] == [
        (3, "Tên nhiệm vụ"),
        (3, "Mã tổ chức chủ trì"),
        (4, "Cấp quản lý"),
    ]
    assert report.errors[1].message == (
        "Nhiệm vụ «ĐT-2022-01» đã khai ở dòng 2 với giá trị khác («P-HOST»); các dòng cùng mã số nhiệm vụ "
        "phải có cùng thông tin nhiệm vụ."
    )
    assert other_host.hosted_tasks.count() == 0
    assert nothing_written()


def test_a_task_in_the_registry_with_other_agencies_or_approval_date_is_refused(tmp_path, province):
    other = Province("Q")
    make_task(other.host, province.department, D(2022, 3, 15), code="ĐT-2022-01")
    make_task(province.host, other.department, D(2022, 3, 15), code="ĐT-2022-02")
    make_task(province.host, province.department, D(2021, 1, 4), code="ĐT-2022-03")
    rows = [row(province), row(province, task_code="ĐT-2022-02"), row(province, task_code="ĐT-2022-03")]
    report = import_rows(tmp_path, rows)

    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Mã tổ chức chủ trì"),
        (3, "Mã cơ quan quản lý nhiệm vụ"),
        (4, "Ngày phê duyệt"),
    ]
    assert report.errors[0].message == (
        "Nhiệm vụ «ĐT-2022-01» đã có trong hệ thống với cơ quan khác ở cột này: «Trường Đại học Q» (mã Q-HOST)."
    )
    assert "ngày phê duyệt 04/01/2021" in report.errors[2].message
    assert Result.objects.count() == 0


def test_a_result_imported_twice_is_refused(tmp_path, province):
    rows = [row(province), row(province, task_code="ĐT-2")]
    assert import_rows(tmp_path, rows).errors == []

    again = [row(province, task_code="ĐT-2"), row(province, task_code="ĐT-3"), row(province, task_code="ĐT-3")]
    report = import_rows(tmp_path, again)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Tên kết quả"), (4, "Tên kết quả")]
    assert report.errors[0].message == (
        "Nhiệm vụ «ĐT-2» đã có kết quả mang tên này trong hệ thống; có thể tệp đã được nhập trước đây."
    )
    assert report.errors[1].message == "Kết quả này của nhiệm vụ «ĐT-3» trùng tên với kết quả ở dòng 3."
    assert Result.objects.count() == 2 and not STTask.objects.filter(code="ĐT-3").exists()


# --- the command ----------------------------------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_results", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_and_prints_a_summary(tmp_path, province):
    importer = make_user("nhap-lieu")
    path = write_xlsx(
        tmp_path / "ket-qua.xlsx", [row(province, registration_no="KQ1"), row(province, result_title="KQ 2")]
    )
    out, err = run(path, "--user", "nhap-lieu")

    assert err == ""
    assert "Đã nhập 2 dòng. Nhiệm vụ tạo mới: 1; nhiệm vụ đã có được dùng lại: 0; kết quả tạo mới: 2" in out
    assert "Đã đăng ký, lưu giữ kết quả: 1" in out and "Đã nghiệm thu, công nhận kết quả: 1" in out
    assert Result.objects.count() == 2
    assert set(Event.objects.filter(action="result.imported").values_list("actor", flat=True)) == {importer.pk}


def test_command_prints_every_error_and_fails(tmp_path, province):
    rows = [row(province, acceptance_date="32/01/2024"), row(province, task_code="ĐT-2", host="KHONG-CO")]
    path = write_xlsx(tmp_path / "loi.xlsx", rows)
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_results", str(path), stdout=out, stderr=err)

    lines = err.getvalue().splitlines()
    assert lines == [
        "Dòng 2, cột «Ngày nghiệm thu»: «32/01/2024» không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy, "
        "ví dụ 30/09/2025.",
        "Dòng 3, cột «Mã tổ chức chủ trì»: Không có cơ quan, đơn vị nào mang mã «KHONG-CO».",
    ]
    assert str(failure.value) == "Tệp loi.xlsx có 2 lỗi; không có dữ liệu nào được ghi."
    assert failure.value.returncode != 0
    assert nothing_written()


def test_command_reports_a_file_error_without_row(tmp_path):
    path = tmp_path / "bang.xlsx"
    path.write_text("không phải excel")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_results", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("Không đọc được tệp «bang.xlsx»")


def test_command_dry_run_says_nothing_was_written(tmp_path, province):
    path = write_xlsx(tmp_path / "ket-qua.xlsx", [row(province)])
    out, _err = run(path, "--dry-run")

    assert "Chạy thử: tệp hợp lệ, 1 dòng." in out
    assert "Không có dữ liệu nào được ghi (--dry-run)." in out
    assert nothing_written()


def test_command_refuses_an_unknown_user_before_reading(tmp_path, province):
    path = write_xlsx(tmp_path / "ket-qua.xlsx", [row(province)])
    with pytest.raises(CommandError, match="Không có người dùng «ai-do»."):
        run(path, "--user", "ai-do")
    assert nothing_written()


def test_command_without_a_file_asks_for_one():
    with pytest.raises(CommandError, match="Cần chỉ ra tệp Excel cần nhập"):
        run()


# --- the template ---------------------------------------------------------------------------------------------------


def test_command_writes_the_template(tmp_path):
    out, _err = run("--template", tmp_path / "mau.xlsx")
    assert "Đã ghi tệp mẫu" in out
    assert load_workbook(tmp_path / "mau.xlsx").sheetnames == ["Kết quả", "Hướng dẫn"]


def test_template_has_the_header_row_and_a_guide_to_every_column():
    workbook = load_workbook(io.BytesIO(template_workbook_bytes()))
    assert workbook.sheetnames == ["Kết quả", "Hướng dẫn"]
    sheet = workbook["Kết quả"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Mã số nhiệm vụ", "Tên nhiệm vụ", "Cấp quản lý"]
    assert header == [str(column.label) for column in COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    approval = header.index("Ngày phê duyệt") + 1
    from openpyxl.utils import get_column_letter

    assert sheet.column_dimensions[get_column_letter(approval)].number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.max_row == 1  # nothing below the header, so rows appended by a program start at row 2

    guide = [[cell for cell in line if cell is not None] for line in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    lines = {line[0]: line for line in guide if line}
    assert lines["Ngày phê duyệt"][1:3] == ["Bắt buộc", "Ngày, dạng dd/mm/yyyy (hoặc ô kiểu ngày của Excel)."]
    assert lines["Tóm tắt"][1] == "Không"
    # The guide and the drop-downs name the choices as people do; the import still reads a code typed by hand.
    assert "Cấp tỉnh" in lines["Cấp quản lý"][2] and "provincial" not in lines["Cấp quản lý"][2]
    assert "Giống cây trồng, vật nuôi" in lines["Loại kết quả"][2] and "plant_variety" not in lines["Loại kết quả"][2]
    assert lines["Cấp bộ"] == ["Cấp bộ"]
    assert not any(cell == "ministerial" for line in guide for cell in line)


def test_a_filled_template_imports(tmp_path, province):
    workbook = load_workbook(io.BytesIO(template_workbook_bytes()))
    sheet = workbook["Kết quả"]
    header = [cell.value for cell in sheet[1]]
    values = row(province, registration_no="KQ015440", archive_no="20/KQNC-SKHCN")
    sheet.append([values[column.key] for column in COLUMNS])
    assert header == [LABEL[column.key] for column in COLUMNS]
    workbook.save(tmp_path / "mau-da-dien.xlsx")

    report = import_workbook(tmp_path / "mau-da-dien.xlsx")
    assert report.errors == [] and report.rows_read == 1
    result = Result.objects.get()
    assert result.status == Status.REGISTERED and result.archive_no == "20/KQNC-SKHCN"
    assert result.task.state_budget == Decimal(1_250_000_000)
