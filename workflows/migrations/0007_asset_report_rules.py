"""Decree 70/2018's asset route (issue 15): the host's 60 days are for applying for the rights or reporting the
result as a state asset (the seed's basis said only the latter while the work offered only the former); once they
lapse, the managing agency records the lapse within a period of the province's own."""

from django.db import migrations

HOST_RULE_BASIS = (
    "Nghị định 70/2018/NĐ-CP: báo cáo tài sản (hoặc đề nghị giao quyền theo Nghị định 08/2014/NĐ-CP) trong 60 ngày "
    "kể từ ngày nghiệm thu"
)
OLD_HOST_RULE_BASIS = "Nghị định 70/2018/NĐ-CP: báo cáo tài sản trong 60 ngày kể từ ngày nghiệm thu"
LAPSE_RULE = {
    "work": "record_asset_report_lapse",
    "amount": 5,
    "unit": "working_days",
    "start": "task_created",
    "legal_basis": "Thời hạn nội bộ của Sở KH&CN để ghi nhận hồ sơ quá hạn báo cáo tài sản",
    "own_rule": True,
}


def forward(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    DeadlineRule.objects.filter(work="apply_for_ownership", legal_basis=OLD_HOST_RULE_BASIS).update(
        legal_basis=HOST_RULE_BASIS
    )
    DeadlineRule.objects.update_or_create(work=LAPSE_RULE["work"], defaults=LAPSE_RULE)


def backward(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    DeadlineRule.objects.filter(work=LAPSE_RULE["work"]).delete()
    DeadlineRule.objects.filter(work="apply_for_ownership", legal_basis=HOST_RULE_BASIS).update(
        legal_basis=OLD_HOST_RULE_BASIS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0006_ownership_submitted_to_authority"),
        ("tasks_registry", "0011_asset_report"),
    ]
    operations = [migrations.RunPython(forward, backward)]
