"""The annual-report flow moved from `workflows` to `reports` (the app it belongs to: apps import downward).

viewflow stores each process's flow and each task's node as "app_label/module.Class[.node]"; the rows written
before the move name the old module and would no longer load."""

from django.db import migrations

OLD, NEW = "workflows/annual_report_flow.", "reports/annual_report_flow."


def _moving(old, new):
    # `||` and substr() mean the same on PostgreSQL and on the demo's SQLite.
    return [
        f"UPDATE viewflow_process SET flow_class = '{new}' || substr(flow_class, {len(old) + 1}) "
        f"WHERE flow_class LIKE '{old}%'",
        f"UPDATE viewflow_task SET flow_task = '{new}' || substr(flow_task, {len(old) + 1}) "
        f"WHERE flow_task LIKE '{old}%'",
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_province"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunSQL(_moving(OLD, NEW), reverse_sql=_moving(NEW, OLD))]
