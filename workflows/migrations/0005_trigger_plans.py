"""The work item trigger plans its task lookup afresh each time.

PL/pgSQL keeps the plan of the trigger's `SELECT … FROM viewflow_task WHERE id = …` for the whole session. Made
while the table was small (a new installation, or a fresh import's first batch), that plan is a sequential scan,
and it stays one while the same session writes tens of thousands of tasks: opening 10,000 imported results spent
most of its time there (0.8 s per 1,000 work items, growing). A custom plan per call sees the table as it is.
"""

from django.db import migrations

FUNCTION = "workflows_workitem_waiting_in()"


def custom_plans(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER FUNCTION {FUNCTION} SET plan_cache_mode = force_custom_plan")


def cached_plans(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER FUNCTION {FUNCTION} RESET plan_cache_mode")


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0004_deadline_own_rule'),
    ]

    operations = [
        migrations.RunPython(custom_plans, cached_plans),
    ]
