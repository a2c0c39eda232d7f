"""Issue 15: the competent authority decides ownership (Decree 08/2014), the national S&T information agency
registers national and ministerial tasks' results (TT 14/2014), hosts have a kind (Decree 70/2018), and results of
tasks approved before 2014 can be registered.

Data: the national registrar as an agency (editable in the admin), a regime for tasks approved under the 2000 S&T
law, and for results already past the host's choice, whether the host applied (read from their state and outcome).
"""

import datetime

import django_fsm
from django.db import migrations, models

REGISTRAR = {
    "code": "CUC-TTKHCN",
    "name": "Cục Thông tin khoa học và công nghệ quốc gia",
    "short_name": "Cục Thông tin KH&CN quốc gia",
    "kind": "ministry",
    "active_from": datetime.date(2014, 1, 1),
    # Marked by an administrator once the agency has its people (tasks_registry.admin moves the waiting dossiers):
    # until then national and ministerial results are registered by their managing agency, as before.
    "registers_central_results": False,
    "legal_basis": (
        "Cơ quan đăng ký kết quả nhiệm vụ cấp quốc gia, cấp bộ (Thông tư 14/2014/TT-BKHCN). Tên và ngày hoạt động "
        "do dự án ghi, cần đối chiếu quyết định tổ chức của Bộ Khoa học và Công nghệ sau sắp xếp năm 2025."
    ),
}

REGIME_2000 = {
    "code": "luat-khcn-2000",
    "name": "Luật Khoa học và Công nghệ 2000",
    "effective_from": datetime.date(2001, 1, 1),
    "ownership_by_law": False,
    "author_share_min_percent": 30,
    "legal_basis": (
        "Luật KH&CN 21/2000/QH10 (hiệu lực 01/01/2001). Kết quả của nhiệm vụ phê duyệt trước 01/01/2014 được đăng "
        "ký và xử lý quyền theo thủ tục hiện hành (Nghị định 08/2014/NĐ-CP, Nghị định 70/2018/NĐ-CP): cách áp dụng "
        "này do dự án xác định, cần đối chiếu."
    ),
}

APPLIED_STATES = ("ownership_requested", "ownership_returned", "ownership_appraised")
APPLIED_OUTCOMES = ("host_with_repayment",)
NOT_APPLIED_OUTCOMES = ("other_applicant",)


def seed(apps, schema_editor):
    Agency = apps.get_model("tasks_registry", "Agency")
    LegalRegime = apps.get_model("tasks_registry", "LegalRegime")
    Result = apps.get_model("tasks_registry", "Result")
    if not Agency.objects.filter(registers_central_results=True).exists():
        # An agency already carrying the code is left as it is (and with its name history).
        Agency.objects.get_or_create(code=REGISTRAR["code"], defaults=REGISTRAR)
    if not LegalRegime.objects.filter(effective_from=REGIME_2000["effective_from"]).exists():
        LegalRegime.objects.update_or_create(code=REGIME_2000["code"], defaults=REGIME_2000)
    Result.objects.filter(status__in=APPLIED_STATES).update(ownership_requested=True)
    Result.objects.filter(status="ownership_not_requested").update(ownership_requested=False)
    Result.objects.filter(ownership_outcome__in=APPLIED_OUTCOMES).update(ownership_requested=True)
    Result.objects.filter(ownership_outcome__in=NOT_APPLIED_OUTCOMES).update(ownership_requested=False)


def unseed(apps, schema_editor):
    apps.get_model("tasks_registry", "LegalRegime").objects.filter(code=REGIME_2000["code"], results=None).delete()
    apps.get_model("tasks_registry", "Agency").objects.filter(code=REGISTRAR["code"]).update(
        registers_central_results=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tasks_registry", "0008_dossier_return"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="host_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("public_body", "Cơ quan nhà nước, đơn vị sự nghiệp công lập"),
                    ("state_enterprise", "Doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ"),
                    ("other", "Tổ chức, doanh nghiệp khác"),
                ],
                help_text="Với tổ chức chủ trì: quyết định hình thức giao quyền được phép theo Nghị định 70/2018/NĐ-CP (giao quyền sử dụng ghi tăng tài sản cho cơ quan, đơn vị sự nghiệp công lập; ghi tăng vốn nhà nước cho doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ). Để trống khi chưa xác định: hai hình thức đó sẽ không được chọn.",
                max_length=20,
                verbose_name="loại hình tổ chức",
            ),
        ),
        migrations.AddField(
            model_name="agency",
            name="registers_central_results",
            field=models.BooleanField(
                default=False,
                help_text="Cơ quan thông tin khoa học và công nghệ quốc gia: tiếp nhận, đăng ký kết quả nhiệm vụ cấp quốc gia và cấp bộ (Thông tư 14/2014/TT-BKHCN). Chỉ một cơ quan được đánh dấu.",
                verbose_name="đăng ký kết quả nhiệm vụ cấp quốc gia, cấp bộ",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="ownership_requested",
            field=models.BooleanField(blank=True, null=True, verbose_name="tổ chức chủ trì đề nghị giao quyền"),
        ),
        migrations.AddField(
            model_name="result",
            name="ownership_submission_no",
            field=models.CharField(blank=True, max_length=60, verbose_name="số tờ trình quyết định giao quyền"),
        ),
        migrations.AlterField(
            model_name="result",
            name="status",
            field=django_fsm.FSMField(
                choices=[
                    ("acceptance_submitted", "Đã nộp hồ sơ đánh giá, nghiệm thu"),
                    ("acceptance_returned", "Hồ sơ nghiệm thu trả lại để bổ sung"),
                    ("accepted", "Đã nghiệm thu, công nhận kết quả"),
                    ("not_accepted", "Không đạt nghiệm thu"),
                    ("registration_submitted", "Đã nộp hồ sơ đăng ký kết quả"),
                    ("registration_returned", "Hồ sơ đăng ký trả lại để bổ sung"),
                    ("registered", "Đã đăng ký, lưu giữ kết quả"),
                    ("ownership_requested", "Đã nộp hồ sơ đề nghị giao quyền"),
                    ("ownership_returned", "Hồ sơ đề nghị giao quyền trả lại để bổ sung"),
                    ("ownership_appraised", "Đã thẩm định hồ sơ giao quyền"),
                    ("ownership_not_requested", "Tổ chức chủ trì không đề nghị giao quyền"),
                    ("ownership_submitted", "Đã trình cấp có thẩm quyền quyết định giao quyền"),
                    ("ownership_decided", "Đã quyết định giao quyền"),
                    ("ownership_by_law", "Được giao quyền sở hữu theo luật"),
                    ("ownership_retained_by_state", "Nhà nước giữ quyền sở hữu"),
                    ("transfer_offered", "Đã đề nghị chuyển giao"),
                    ("transfer_declined", "Đơn vị tiếp nhận từ chối chuyển giao"),
                    ("transferred", "Đã chuyển giao"),
                    ("applied", "Đã ứng dụng"),
                    ("support_requested", "Đã đề nghị hỗ trợ thương mại hoá"),
                    ("support_returned", "Hồ sơ hỗ trợ trả lại để bổ sung"),
                    ("support_appraised", "Đã thẩm định hồ sơ hỗ trợ"),
                    ("support_granted", "Được hỗ trợ thương mại hoá"),
                    ("support_refused", "Không được hỗ trợ thương mại hoá"),
                    ("supported", "Đã báo cáo kết quả hỗ trợ"),
                    ("closed", "Đã kết thúc theo dõi"),
                ],
                db_index=True,
                default="acceptance_submitted",
                max_length=40,
                protected=True,
                verbose_name="trạng thái",
            ),
        ),
        migrations.AddConstraint(
            model_name="agency",
            constraint=models.UniqueConstraint(
                condition=models.Q(("registers_central_results", True)),
                fields=("registers_central_results",),
                name="agency_one_central_registrar",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
