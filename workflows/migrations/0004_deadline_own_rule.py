"""A deadline the province sets itself (no legal text gives the period) is a flag on the rule and on the work it
timed, shown in words, instead of the "[suy luận]" marker written into the basis by 0002."""

import importlib

from django.db import migrations, models

MARKER = "[suy luận]"
queue_index = importlib.import_module("workflows.migrations.0003_queue_index")


def _on_sqlite(action):
    """SQLite adds a column by rebuilding the table, which its queue triggers (0003) refuse while they name it: they
    are taken off around the new columns and put back as they were. PostgreSQL adds the column in place."""
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            queue_index._run(schema_editor, "", action)
    return run


def flag_own_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    WorkItem = apps.get_model("workflows", "WorkItem")
    for rule in DeadlineRule.objects.filter(legal_basis__startswith=MARKER):
        rule.own_rule, rule.legal_basis = True, rule.legal_basis.removeprefix(MARKER).strip()
        rule.save(update_fields=["own_rule", "legal_basis"])
    for basis in set(WorkItem.objects.filter(deadline_basis__startswith=MARKER).values_list("deadline_basis", flat=True)):
        WorkItem.objects.filter(deadline_basis=basis).update(
            deadline_own_rule=True, deadline_basis=basis.removeprefix(MARKER).strip()
        )


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0003_queue_index'),
    ]

    operations = [
        migrations.RunPython(_on_sqlite(queue_index.SQLITE_DROP), _on_sqlite(queue_index.SQLITE_TRIGGERS)),
        migrations.AddField(
            model_name='deadlinerule',
            name='own_rule',
            field=models.BooleanField(db_default=False, default=False, help_text='Đánh dấu khi không có văn bản pháp luật nào quy định thời hạn này; «căn cứ» khi đó ghi lý do tỉnh đặt thời hạn.', verbose_name='quy định riêng của tỉnh'),
        ),
        migrations.AddField(
            model_name='workitem',
            name='deadline_own_rule',
            field=models.BooleanField(db_default=False, default=False, verbose_name='thời hạn do tỉnh tự quy định'),
        ),
        migrations.RunPython(_on_sqlite(queue_index.SQLITE_TRIGGERS), _on_sqlite(queue_index.SQLITE_DROP)),
        migrations.RunPython(flag_own_rules, migrations.RunPython.noop),
    ]
