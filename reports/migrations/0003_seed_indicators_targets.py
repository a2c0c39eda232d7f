"""Indicators, the provincial targets of the seeds and the reporting deadline, each with its source (DOMAIN.md,
"Annual reporting and targets"). Data, not code: administrators edit them in the admin."""

from django.db import migrations

DT = "Đồng Tháp"
BK = "Bắc Kạn"
DT_II2 = "Kế hoạch thị trường KH&CN tỉnh Đồng Tháp đến năm 2030, mục II.2"
BK_SRC = "Kế hoạch phát triển thị trường KH&CN tỉnh Bắc Kạn đến năm 2030, mục tiêu"

# code, name, unit, computed from the registry, description
INDICATORS = [
    ("results_recognised", "Kết quả được công nhận trong năm", "kết quả", True,
     "Kết quả nghiệm thu đạt trong năm, cơ quan là tổ chức chủ trì hoặc cơ quan quản lý nhiệm vụ."),
    ("results_with_address", "Trong đó: có địa chỉ ứng dụng", "kết quả", True, ""),
    ("results_transferred", "Kết quả chuyển giao cho đơn vị tiếp nhận trong năm", "kết quả", True,
     "Chuyển giao được đơn vị tiếp nhận xác nhận trong năm."),
    ("results_supported", "Kết quả được hỗ trợ thương mại hoá trong năm", "kết quả", True,
     "Quyết định hỗ trợ được ban hành trong năm."),
    ("transfers_count", "Số hợp đồng chuyển giao", "hợp đồng", True, ""),
    ("transfers_value", "Giá trị hợp đồng chuyển giao", "đồng", True, ""),
    ("ip_titles_granted", "Văn bằng sở hữu trí tuệ được cấp", "văn bằng", True, ""),
    ("share_transferred", "Tỷ lệ kết quả có địa chỉ ứng dụng được chuyển giao", "%", True,
     "Kết quả chuyển giao / kết quả được công nhận có địa chỉ ứng dụng."),
    ("share_supported", "Tỷ lệ kết quả được hỗ trợ thương mại hoá", "%", True,
     "Kết quả được hỗ trợ / kết quả được công nhận có địa chỉ ứng dụng."),
    ("intermediaries", "Tổ chức trung gian hoạt động", "tổ chức", True,
     "Cơ quan loại «tổ chức trung gian» hoạt động trong năm (Sở KH&CN báo cáo)."),
    ("startups_supported", "Doanh nghiệp khởi nghiệp đổi mới sáng tạo được hỗ trợ", "doanh nghiệp", False, ""),
    ("transaction_value_growth", "Tăng trưởng giá trị giao dịch hàng hoá KH&CN", "%/năm", False, ""),
    ("ip_transaction_share", "Tỷ trọng giao dịch tài sản trí tuệ", "%", False, ""),
    ("technology_transaction_share", "Tỷ trọng giao dịch công nghệ", "%", False, ""),
    ("supply_demand_database", "Hình thành cơ sở dữ liệu cung - cầu công nghệ", "có = 1", False, ""),
    ("results_digitised", "Số hoá kết quả nghiên cứu, tài sản trí tuệ có tiềm năng thương mại hoá", "có = 1", False, ""),
]

# indicator, province, year, comparison, value, source
TARGETS = [
    ("share_transferred", DT, 2025, "=", 100, DT_II2),
    ("share_transferred", DT, 2030, "=", 100, DT_II2),
    ("share_supported", DT, 2025, "≥", 10, DT_II2),
    ("share_supported", DT, 2030, "≥", 15, DT_II2),
    ("intermediaries", DT, 2025, "≥", 1, DT_II2),
    ("intermediaries", DT, 2030, "≥", 3, DT_II2),
    ("startups_supported", DT, 2030, "≥", 20, DT_II2),
    ("supply_demand_database", DT, 2025, "=", 1, DT_II2),
    ("results_digitised", DT, 2030, "=", 1, DT_II2),
    ("transaction_value_growth", BK, 2025, "≥", 5, BK_SRC + " đến năm 2025 (bình quân 5%/năm)"),
    ("transaction_value_growth", BK, 2030, "≥", 10, BK_SRC + " đến năm 2030 (bình quân 10%/năm)"),
    ("ip_transaction_share", BK, 2025, ">", 5, BK_SRC + " đến năm 2025 (trên 5%)"),
    ("ip_transaction_share", BK, 2030, ">", 10, BK_SRC + " đến năm 2030 (trên 10%)"),
    ("technology_transaction_share", BK, 2025, "≥", 5, BK_SRC + " đến năm 2025 (5-10%)"),
    ("technology_transaction_share", BK, 2030, "≥", 10, BK_SRC + " đến năm 2030 (10-20%)"),
    ("intermediaries", BK, 2030, "≥", 1, BK_SRC + " đến năm 2030 (hình thành 01 tổ chức trung gian)"),
    ("results_digitised", BK, 2030, "=", 1, BK_SRC + " đến năm 2030"),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Target = apps.get_model("reports", "Target")
    ReportingSettings = apps.get_model("reports", "ReportingSettings")
    indicators = {}
    for order, (code, name, unit, computed, description) in enumerate(INDICATORS, start=1):
        indicators[code], _created = Indicator.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "computed_from_registry": computed,
                                 "description": description, "order": order},
        )
    for code, province, year, comparison, value, source in TARGETS:
        Target.objects.get_or_create(
            indicator=indicators[code], province=province, year=year,
            defaults={"comparison": comparison, "value": value, "source": source},
        )
    ReportingSettings.objects.get_or_create(
        province=DT, defaults={"deadline_day": 31, "deadline_month": 12,
                               "source": "Kế hoạch thị trường KH&CN tỉnh Đồng Tháp, mục V.3 (trước ngày 31/12 hằng năm)"},
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_indicator_annualreport_plantaskprogress_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
