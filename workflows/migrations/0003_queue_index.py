"""The queue served by one index in its own order; the duplicate index on workitem(result_id) dropped.

`waiting_in` is the agency whose queue holds a work item while its task waits to be claimed. Triggers keep it:
when a task's status changes (claim, release, completion, cancellation: viewflow's activations or a bulk UPDATE)
and when a work item is written or moved to another agency (hand-over after a merger).
"""

import django.db.models.deletion
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION workflows_workitem_waiting_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.waiting_in_id := CASE
        WHEN EXISTS (SELECT 1 FROM viewflow_task WHERE id = NEW.task_id AND status = 'NEW') THEN NEW.agency_id
    END;
    RETURN NEW;
END $$;
CREATE TRIGGER workflows_workitem_waiting_in BEFORE INSERT OR UPDATE OF agency_id, task_id ON workflows_workitem
    FOR EACH ROW EXECUTE FUNCTION workflows_workitem_waiting_in();

CREATE FUNCTION workflows_task_waiting_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE workflows_workitem SET waiting_in_id = CASE WHEN NEW.status = 'NEW' THEN agency_id END
    WHERE task_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER workflows_task_waiting_in AFTER UPDATE OF status ON viewflow_task
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION workflows_task_waiting_in();

-- Each person's archive, newest first (viewflow's table: its own indexes do not cover this order).
CREATE INDEX IF NOT EXISTS viewflow_task_archive_idx ON viewflow_task (owner_id, finished DESC)
    WHERE finished IS NOT NULL AND flow_task_type = 'HUMAN';

UPDATE workflows_workitem AS work SET waiting_in_id = work.agency_id
FROM viewflow_task AS task WHERE task.id = work.task_id AND task.status = 'NEW';
"""

# The SQLite demo (`make run`) keeps the same column with the same rules: SQLite's triggers have no functions, so
# each rule is written out in the trigger's body; one statement per execute().
SQLITE_TRIGGERS = [
    """CREATE TRIGGER workflows_workitem_waiting_in_insert AFTER INSERT ON workflows_workitem BEGIN
        UPDATE workflows_workitem SET waiting_in_id = CASE
            WHEN EXISTS (SELECT 1 FROM viewflow_task WHERE id = NEW.task_id AND status = 'NEW') THEN NEW.agency_id END
        WHERE task_id = NEW.task_id;
    END""",
    """CREATE TRIGGER workflows_workitem_waiting_in_update AFTER UPDATE OF agency_id, task_id ON workflows_workitem
    BEGIN
        UPDATE workflows_workitem SET waiting_in_id = CASE
            WHEN EXISTS (SELECT 1 FROM viewflow_task WHERE id = NEW.task_id AND status = 'NEW') THEN NEW.agency_id END
        WHERE task_id = NEW.task_id;
    END""",
    """CREATE TRIGGER workflows_task_waiting_in AFTER UPDATE OF status ON viewflow_task
    WHEN OLD.status IS NOT NEW.status BEGIN
        UPDATE workflows_workitem SET waiting_in_id = CASE WHEN NEW.status = 'NEW' THEN agency_id END
        WHERE task_id = NEW.id;
    END""",
    """CREATE INDEX IF NOT EXISTS viewflow_task_archive_idx ON viewflow_task (owner_id, finished DESC)
        WHERE finished IS NOT NULL AND flow_task_type = 'HUMAN'""",
    """UPDATE workflows_workitem SET waiting_in_id = agency_id
        WHERE task_id IN (SELECT id FROM viewflow_task WHERE status = 'NEW')""",
]
SQLITE_DROP = [
    "DROP INDEX IF EXISTS viewflow_task_archive_idx",
    "DROP TRIGGER IF EXISTS workflows_task_waiting_in",
    "DROP TRIGGER IF EXISTS workflows_workitem_waiting_in_update",
    "DROP TRIGGER IF EXISTS workflows_workitem_waiting_in_insert",
]

DROP_TRIGGERS = """
DROP INDEX IF EXISTS viewflow_task_archive_idx;
DROP TRIGGER IF EXISTS workflows_task_waiting_in ON viewflow_task;
DROP FUNCTION IF EXISTS workflows_task_waiting_in();
DROP TRIGGER IF EXISTS workflows_workitem_waiting_in ON workflows_workitem;
DROP FUNCTION IF EXISTS workflows_workitem_waiting_in();
"""


def _run(schema_editor, postgresql, sqlite):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(postgresql)
        else:
            for statement in sqlite:
                cursor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, TRIGGERS, SQLITE_TRIGGERS)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, DROP_TRIGGERS, SQLITE_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('tasks_registry', '0004_document_transfer'),
        ('viewflow', '0015_task_scheduled'),
        ('workflows', '0002_deadlines_and_queue_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='workitem',
            name='workitem_result',
        ),
        migrations.AddField(
            model_name='workitem',
            name='waiting_in',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tasks_registry.agency', verbose_name='chờ nhận tại'),
        ),
        migrations.AddIndex(
            model_name='workitem',
            index=models.Index(condition=models.Q(('waiting_in__isnull', False)), fields=['waiting_in', 'due_on', '-priority', 'created_at', 'task'], name='workitem_queue'),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
