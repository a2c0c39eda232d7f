"""The Sở submits an ownership dossier to the competent authority, which decides (issue 15; Decree 08/2014).

Before, the Sở's head recorded the decision "on behalf of" the authority from the appraised (or not requested)
dossier. Its open tasks for such dossiers are now the submission the same head makes (same agency, same role, same
queue), so they are moved to the new node rather than cancelled. The submission gets a deadline of its own.
"""

from django.db import migrations

SUBMIT_RULE = {
    "work": "submit_ownership_decision",
    "amount": 25,
    "unit": "working_days",
    "start": "ownership_application",
    "legal_basis": (
        "Trong tổng thời hạn 30 ngày làm việc (Nghị định 08/2014/NĐ-CP; thủ tục 198), tỉnh dành 5 ngày làm việc "
        "cuối cho cấp có thẩm quyền quyết định"
    ),
    "own_rule": True,
}
DECIDE_BASIS = (
    "Nghị định 08/2014/NĐ-CP; thủ tục 198: Chủ tịch UBND tỉnh (Bộ trưởng đối với nhiệm vụ cấp bộ) quyết định, "
    "tổng thời gian 30 ngày làm việc kể từ khi nhận hồ sơ"
)
OLD_DECIDE_BASIS = "Nghị định 08/2014/NĐ-CP; thủ tục 198: tổng thời gian 30 ngày làm việc"

# Open tasks of the old "decide" node whose result now waits for the submission.
MOVED = """
    FROM workflows_workitem w, tasks_registry_result r
    WHERE w.result_id = r.id AND w.work = %s AND r.status IN ('ownership_appraised', 'ownership_not_requested')
"""


def _move(schema_editor, old, new):
    schema_editor.execute(
        "UPDATE viewflow_task SET flow_task = REPLACE(flow_task, %s, %s) WHERE status IN ('NEW', 'ASSIGNED', 'STARTED') "
        f"AND id IN (SELECT w.task_id {MOVED})",
        params=[f".{old}", f".{new}", old],
    )
    schema_editor.execute(
        f"UPDATE workflows_workitem SET work = %s WHERE task_id IN (SELECT w.task_id {MOVED}) "
        "AND task_id IN (SELECT id FROM viewflow_task WHERE status IN ('NEW', 'ASSIGNED', 'STARTED'))",
        params=[new, old],
    )


def forward(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    DeadlineRule.objects.update_or_create(work=SUBMIT_RULE["work"], defaults=SUBMIT_RULE)
    DeadlineRule.objects.filter(work="decide_ownership", legal_basis=OLD_DECIDE_BASIS).update(legal_basis=DECIDE_BASIS)
    _move(schema_editor, "decide_ownership", "submit_ownership_decision")


def backward(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    DeadlineRule.objects.filter(work=SUBMIT_RULE["work"]).delete()
    DeadlineRule.objects.filter(work="decide_ownership", legal_basis=DECIDE_BASIS).update(legal_basis=OLD_DECIDE_BASIS)
    _move(schema_editor, "submit_ownership_decision", "decide_ownership")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0005_trigger_plans"),
        ("tasks_registry", "0009_authority_registrar_host_kind"),
    ]
    operations = [migrations.RunPython(forward, backward)]
