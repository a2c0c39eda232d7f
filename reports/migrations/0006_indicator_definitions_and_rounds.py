"""Each indicator defined once, with its kind, how it combines across agencies, its terms and its definition
(docs/reports.md); Bắc Kạn's technology-share targets as the ranges the plan states (5–10 %, 10–20 %); yearly rounds
for the reports opened before rounds existed; plan-task timelines read as years; the Đồng Tháp appendix sections."""

import re

from django.db import migrations

DT_II2 = "Kế hoạch thị trường KH&CN tỉnh Đồng Tháp đến năm 2030, mục II.2"
BK_SRC = "Kế hoạch phát triển thị trường KH&CN tỉnh Bắc Kạn đến năm 2030, mục tiêu"
BASE = ("Kết quả nhiệm vụ sử dụng ngân sách nhà nước, được công nhận (nghiệm thu đạt) từ 01/01 năm đầu kế hoạch đến "
        "31/12 năm báo cáo, mà nhiệm vụ có địa chỉ ứng dụng")

# code: (kind, measure, combine, state funded only, numerator, denominator, name, definition, source)
INDICATORS = {
    "results_recognised": ("count", "recognised_in_year", "registry", False, None, None,
                           "Kết quả được công nhận trong năm",
                           "Kết quả có ngày nghiệm thu trong năm báo cáo, không ở trạng thái chờ nghiệm thu hoặc không "
                           "đạt. Tỉnh: mỗi kết quả đếm một lần.", ""),
    "results_with_address": ("count", "recognised_with_address_to_date", "registry", True, None, None,
                             "Kết quả nhiệm vụ sử dụng ngân sách được công nhận, có địa chỉ ứng dụng (từ đầu kế hoạch)",
                             BASE + ".", DT_II2),
    "results_transferred": ("count", "transferred_of_recognised", "registry", True, None, None,
                            "Trong đó: đã chuyển giao cho đơn vị tiếp nhận (đến hết năm)",
                            "Trong nhóm «" + BASE + "», kết quả có ít nhất một chuyển giao được đơn vị tiếp nhận xác "
                            "nhận đến 31/12 năm báo cáo.", DT_II2),
    "results_supported": ("count", "supported_of_recognised", "registry", True, None, None,
                          "Trong đó: được hỗ trợ thương mại hoá (đến hết năm)",
                          "Trong nhóm «" + BASE + "», kết quả có quyết định hỗ trợ thương mại hoá đến 31/12 năm báo "
                          "cáo.", DT_II2),
    "transfers_count": ("count", "transfers_in_year", "registry", False, None, None,
                        "Số hợp đồng chuyển giao được xác nhận trong năm",
                        "Chuyển giao được đơn vị tiếp nhận xác nhận trong năm; mỗi chuyển giao một hợp đồng.", ""),
    "transfers_value": ("money", "transfers_in_year", "registry", False, None, None,
                        "Giá trị hợp đồng chuyển giao trong năm",
                        "Tổng giá trị hợp đồng của các chuyển giao được xác nhận trong năm (đồng).", ""),
    "ip_titles_granted": ("count", "ip_titles_in_year", "registry", False, None, None,
                          "Văn bằng sở hữu trí tuệ được cấp trong năm",
                          "Văn bằng có ngày cấp trong năm, của kết quả trong phạm vi.", ""),
    "share_transferred": ("ratio", "", "registry", True, "results_transferred", "results_with_address",
                          "Tỷ lệ kết quả có địa chỉ ứng dụng đã chuyển giao",
                          "Kết quả đã chuyển giao đến hết năm ÷ " + BASE + "; tử số là tập con của mẫu số nên không "
                          "vượt 100%.", DT_II2),
    "share_supported": ("ratio", "", "registry", True, "results_supported", "results_with_address",
                        "Tỷ lệ kết quả được hỗ trợ thương mại hoá",
                        "Kết quả được hỗ trợ thương mại hoá đến hết năm ÷ " + BASE + " («trong đó có ít nhất 10%»).",
                        DT_II2),
    "intermediaries": ("count", "intermediaries_active", "registry", False, None, None,
                       "Tổ chức trung gian hoạt động trong năm",
                       "Cơ quan loại «tổ chức trung gian» hoạt động ít nhất một ngày trong năm (Sở KH&CN báo cáo).",
                       DT_II2),
    "startups_supported": ("manual_number", "", "sum", False, None, None, None,
                           "Do cơ quan nhập; tỉnh: cộng số của các cơ quan (mỗi doanh nghiệp chỉ do một cơ quan hỗ trợ "
                           "báo cáo).", DT_II2),
    "transaction_value_growth": ("manual_percent", "", "consolidator", False, None, None, None,
                                 "Tỷ lệ % do Sở KH&CN nhập (không cộng tỷ lệ của các cơ quan); số của các cơ quan khác "
                                 "hiển thị bên cạnh để đối chiếu.", BK_SRC),
    "ip_transaction_share": ("manual_percent", "", "consolidator", False, None, None, None,
                             "Tỷ lệ % do Sở KH&CN nhập (không cộng tỷ lệ của các cơ quan).", BK_SRC),
    "technology_transaction_share": ("manual_percent", "", "consolidator", False, None, None, None,
                                     "Tỷ lệ % do Sở KH&CN nhập (không cộng tỷ lệ của các cơ quan).", BK_SRC),
    "supply_demand_database": ("manual_flag", "", "any", False, None, None, None,
                               "Có/không; tỉnh: «có» khi ít nhất một cơ quan báo cáo đã hình thành.", DT_II2),
    "results_digitised": ("manual_flag", "", "any", False, None, None, None,
                          "Có/không; tỉnh: «có» khi ít nhất một cơ quan báo cáo đã số hoá.", DT_II2),
}

RANGES = {2025: (5, 10), 2030: (10, 20)}
YEAR = re.compile(r"\b(19|20)\d{2}\b")
DT_SECTIONS = {
    "A": "Thúc đẩy phát triển nguồn cầu của thị trường KH&CN",
    "B": "Thúc đẩy phát triển nguồn cung của thị trường KH&CN",
    "C": "Phát triển các tổ chức trung gian và hoạt động xúc tiến",
}


def forward(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Target = apps.get_model("reports", "Target")
    AnnualReport = apps.get_model("reports", "AnnualReport")
    ReportRound = apps.get_model("reports", "ReportRound")
    PlanTask = apps.get_model("reports", "PlanTask")
    PlanSection = apps.get_model("reports", "PlanSection")
    by_code = {i.code: i for i in Indicator.objects.all()}
    # Ratios last: their terms must be set in the same write (a ratio always has both).
    ordered = sorted(INDICATORS.items(), key=lambda item: item[1][0] == "ratio")
    for code, (kind, measure, combine, funded, numerator, denominator, name, definition, source) in ordered:
        indicator = by_code.get(code)
        if indicator is None:
            continue
        indicator.kind, indicator.measure, indicator.combine = kind, measure, combine
        indicator.state_funded_only, indicator.definition, indicator.source = funded, definition, source
        if kind == "ratio":
            indicator.numerator, indicator.denominator = by_code[numerator], by_code[denominator]
        if name:
            indicator.name = name
        if kind == "manual_flag":
            indicator.unit = "có/không"
        indicator.save()
    for year, (low, high) in RANGES.items():
        Target.objects.filter(indicator__code="technology_transaction_share", province="Bắc Kạn", year=year).update(
            comparison="[]", value=low, upper_value=high,
        )
    for report in AnnualReport.objects.filter(round__isnull=True):
        round_, _created = ReportRound.objects.get_or_create(
            reviewer_id=report.reviewer_id, year=report.year, ad_hoc=False,
            defaults={"deadline": report.deadline, "subject": f"Báo cáo tình hình thực hiện kế hoạch năm {report.year}"},
        )
        report.round = round_
        report.save(update_fields=["round"])
    for task in PlanTask.objects.filter(year_from__isnull=True, year_to__isnull=True):
        years = [int(m.group(0)) for m in YEAR.finditer(task.timeline)]
        if years:
            task.year_from, task.year_to = min(years), max(years)
            task.save(update_fields=["year_from", "year_to"])
    for plan_id, section in PlanTask.objects.exclude(section="").values_list("plan_id", "section").distinct():
        PlanSection.objects.get_or_create(plan_id=plan_id, code=section,
                                          defaults={"title": DT_SECTIONS.get(section, section)})


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_indicators_as_data_rounds_and_duties")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
