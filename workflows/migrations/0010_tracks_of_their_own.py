"""Transfers and supports became cases of their own, each with its own process (issue 15). A result's own process may
still hold an open task of a transfer's or support's work from before (an offer to answer, a support to appraise):
it is cancelled here, with its work item, so that nobody answers it twice. After migrating, `manage.py
sync_workflows` opens the process of each transfer and support under way, and `manage.py check_open_work` gives a
result whose own process was left without work its owner's task again (docs/operations.md, "Upgrading")."""

from django.db import migrations

TRACK_WORKS = (
    "answer_transfer",
    "report_application",
    "appraise_support",
    "complete_support",
    "decide_support",
    "report_support_outcome",
    "close_supported",
)
OPEN = ("NEW", "ASSIGNED", "STARTED")


def forward(apps, schema_editor):
    works = ", ".join(["%s"] * len(TRACK_WORKS))
    statuses = ", ".join(["%s"] * len(OPEN))
    schema_editor.execute(
        f"UPDATE viewflow_task SET status = 'CANCELED', finished = CURRENT_TIMESTAMP WHERE status IN ({statuses}) "
        f"AND id IN (SELECT task_id FROM workflows_workitem WHERE work IN ({works})) "
        "AND process_id IN (SELECT id FROM viewflow_process WHERE seed_object_id IS NULL)",
        params=[*OPEN, *TRACK_WORKS],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0009_deadlines_of_the_asset_route"),
        ("tasks_registry", "0013_transfers_and_supports_of_their_own"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
