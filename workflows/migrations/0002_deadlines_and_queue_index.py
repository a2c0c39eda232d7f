"""Deadline rules (data an administrator edits) and the index behind every agency queue.

Sources: TT 14/2014/TT-BKHCN amended Art. 12 (registration within 30 days of acceptance); Decree 70/2018/NĐ-CP
(asset report within 60 days of acceptance); Decree 08/2014/NĐ-CP and national procedure 198 (appraisal within
20 working days, 30 working days in total). Rules marked "[suy luận]" are internal defaults where no text sets one.
"""

from django.db import migrations

RULES = [
    ("submit_registration", 30, "calendar_days", "acceptance_date", "TT 14/2014/TT-BKHCN (sửa đổi Điều 12): 30 ngày kể từ ngày nghiệm thu"),
    ("verify_registration", 10, "working_days", "task_created", "[suy luận] Thời hạn nội bộ của Sở KH&CN"),
    ("complete_acceptance", 15, "working_days", "task_created", "[suy luận] Thời hạn bổ sung hồ sơ"),
    ("complete_registration", 15, "working_days", "task_created", "[suy luận] Thời hạn bổ sung hồ sơ"),
    ("apply_for_ownership", 60, "calendar_days", "acceptance_date", "Nghị định 70/2018/NĐ-CP: báo cáo tài sản trong 60 ngày kể từ ngày nghiệm thu"),
    ("appraise_ownership", 20, "working_days", "ownership_application", "Nghị định 08/2014/NĐ-CP; thủ tục 198: thẩm định trong 20 ngày làm việc"),
    ("complete_ownership", 15, "working_days", "task_created", "[suy luận] Thời hạn bổ sung hồ sơ"),
    ("decide_ownership", 30, "working_days", "ownership_application", "Nghị định 08/2014/NĐ-CP; thủ tục 198: tổng thời gian 30 ngày làm việc"),
    ("answer_transfer", 30, "calendar_days", "task_created", "[suy luận] Thời hạn trả lời đề nghị chuyển giao"),
    ("report_application", 365, "calendar_days", "task_created", "Luật KH&CN 2013 Điều 40: báo cáo ứng dụng hằng năm"),
    ("appraise_support", 20, "working_days", "support_application", "[suy luận] Thời hạn thẩm định hồ sơ hỗ trợ"),
    ("complete_support", 15, "working_days", "task_created", "[suy luận] Thời hạn bổ sung hồ sơ"),
    ("decide_support", 30, "working_days", "support_application", "[suy luận] Nghị định 76/2018/NĐ-CP"),
    ("report_support_outcome", 180, "calendar_days", "task_created", "[suy luận] Báo cáo kết quả sau hỗ trợ"),
]

QUEUE_INDEX = (
    "CREATE INDEX IF NOT EXISTS viewflow_task_queue_idx ON viewflow_task (owner_permission, created) "
    "WHERE status = 'NEW'"
)


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for work, amount, unit, start, basis in RULES:
        DeadlineRule.objects.update_or_create(
            work=work, defaults={"amount": amount, "unit": unit, "start": start, "legal_basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.filter(work__in=[r[0] for r in RULES]).delete()


def create_queue_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(QUEUE_INDEX, params=None)
    else:
        schema_editor.execute("CREATE INDEX IF NOT EXISTS viewflow_task_queue_idx ON viewflow_task (owner_permission, status)")


def drop_queue_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS viewflow_task_queue_idx")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]
    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(create_queue_index, drop_queue_index),
    ]
