"""Copies of the seeded demo as provinces of their own, for measuring at national scale (`scale.py --copies`).

`seed_demo` builds the registry of the demo's provinces and `sync_workflows` opens their processes; `copy_provinces`
then writes `copies` more provinces in SQL, each a new province holding a copy of every agency that has a province,
their tasks and results, and each result's own process with its tasks and work items: an installation of the
ministry and 34 provinces where the demo's people see their own cases among all the others'. The copies' tasks wait
in the copied agencies' queues (claimed ones are put back: the copies have no people). Not copied: transfers and
supports and their processes, documents, reports and the audit log (`bench/verify_audit.py` measures the log).
"""

AGENCY_CHANGES = {
    "code": "code || %(tag)s",
    "name": "name || ' (' || %(tag)s || ')'",
    "province_id": "%(province)s",
    "parent_id": "NULL::bigint",
    "successor_id": "NULL::bigint",
    "registers_central_results": "false",
}


def _columns(cursor, table):
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'"
        " ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _select(columns, changed, alias):
    return ", ".join(changed.get(column, f"{alias}.{column}") for column in columns)


def _copy_with_new_ids(cursor, table, columns, rows, changed, joins, params=None):
    """Copy the rows of `table` whose ids `rows` selects (`SELECT id ...`) under new ids of its sequence, kept in
    the temporary map `<table>_map` (old, new) for the tables copied after it. `changed`: SQL for the columns that
    differ (the copied row is `c`); `joins`: the other maps they read."""
    mapping = f"{table}_map"
    cursor.execute(
        f"CREATE TEMP TABLE {mapping} ON COMMIT DROP AS SELECT old.id AS old, "
        f"nextval(pg_get_serial_sequence('{table}', 'id')) AS new FROM ({rows}) AS old"
    )
    cursor.execute(f"CREATE INDEX ON {mapping} (old)")
    cursor.execute(
        f"""INSERT INTO {table} (id, {", ".join(columns)})
            SELECT copy.new, {_select(columns, changed, "c")} FROM {table} c
            JOIN {mapping} copy ON copy.old = c.id {joins}""",
        params,
    )


def copy_provinces(connection, copies):
    """Write `copies` provinces, one transaction each; the rows copied are those that existed before the first."""
    cursor = connection.cursor()
    agency, task, result = (_columns(cursor, f"tasks_registry_{name}") for name in ("agency", "sttask", "result"))
    process, flow_task, work = (
        _columns(cursor, name) for name in ("viewflow_process", "viewflow_task", "workflows_workitem")
    )
    cursor.execute("SELECT max(id) FROM tasks_registry_result")
    (last_result,) = cursor.fetchone()
    cursor.execute("SELECT max(id) FROM viewflow_process")
    (last_process,) = cursor.fetchone()
    cursor.execute("SELECT max(id) FROM tasks_registry_agency")
    (last_agency,) = cursor.fetchone()
    for copy in range(1, copies + 1):
        tag = f"-x{copy}"
        cursor.execute(
            "INSERT INTO tasks_registry_province (code, name, active_from, active_to, successor_id, legal_basis) "
            "VALUES (%s, %s, '2025-07-01', NULL, NULL, 'bench/copies.py') RETURNING id",
            [f"X{copy}", f"Tỉnh bản sao {copy}"],
        )
        (province,) = cursor.fetchone()
        cursor.execute("CREATE TEMP TABLE agency_map (old bigint, new bigint) ON COMMIT DROP")
        cursor.execute(
            f"""WITH copied AS (INSERT INTO tasks_registry_agency ({", ".join(agency)})
                    SELECT {", ".join(AGENCY_CHANGES.get(c, c) for c in agency)} FROM tasks_registry_agency
                    WHERE province_id IS NOT NULL AND id <= %(last)s RETURNING id, code)
                INSERT INTO agency_map SELECT a.id, copied.id FROM copied
                JOIN tasks_registry_agency a ON copied.code = a.code || %(tag)s AND a.id <= %(last)s""",
            {"tag": tag, "province": province, "last": last_agency},
        )
        cursor.execute("CREATE TEMP TABLE task_map (old bigint, new bigint) ON COMMIT DROP")
        changed = {
            "code": "t.code || %(tag)s",
            "host_id": "coalesce(h.new, t.host_id)",
            "managing_agency_id": "coalesce(m.new, t.managing_agency_id)",
        }
        cursor.execute(
            f"""WITH copied AS (INSERT INTO tasks_registry_sttask ({", ".join(task)})
                    SELECT {_select(task, changed, "t")} FROM tasks_registry_sttask t
                    LEFT JOIN agency_map h ON h.old = t.host_id LEFT JOIN agency_map m ON m.old = t.managing_agency_id
                    WHERE t.code NOT LIKE '%%-x%%' RETURNING id, code)
                INSERT INTO task_map SELECT t.id, copied.id FROM copied
                JOIN tasks_registry_sttask t ON copied.code = t.code || %(tag)s""",
            {"tag": tag},
        )
        changed = {
            "task_id": "tm.new",
            "ownership_holder_id": "coalesce(o.new, c.ownership_holder_id)",
            "registration_no": "c.registration_no || %(tag)s",
            "archive_no": "CASE WHEN coalesce(c.archive_no, '') = '' THEN c.archive_no ELSE c.archive_no || %(tag)s END",
        }
        _copy_with_new_ids(
            cursor,
            "tasks_registry_result",
            result,
            f"SELECT id FROM tasks_registry_result WHERE id <= {last_result}",
            changed,
            "JOIN task_map tm ON tm.old = c.task_id LEFT JOIN agency_map o ON o.old = c.ownership_holder_id",
            {"tag": tag},
        )
        # Each result's own process (a transfer's or a support's has a seed and is not copied).
        _copy_with_new_ids(
            cursor,
            "viewflow_process",
            process,
            f"SELECT id FROM viewflow_process WHERE id <= {last_process} AND seed_object_id IS NULL "
            "AND flow_class = 'workflows/flows.ResultFlow'",
            {"artifact_object_id": "rm.new", "parent_task_id": "NULL::bigint"},
            "JOIN tasks_registry_result_map rm ON rm.old = c.artifact_object_id",
        )
        changed = {
            "process_id": "pm.new",
            "owner_id": "NULL::integer",
            "status": "CASE WHEN c.status = 'ASSIGNED' THEN 'NEW' ELSE c.status END",
            "assigned": "NULL::timestamptz",
            # workflows.queue_<agency>_<role>: the copied agency's queue
            "owner_permission": "CASE WHEN qa.new IS NULL THEN c.owner_permission ELSE "
            "'workflows.queue_' || qa.new || '_' || split_part(c.owner_permission, '_', 3) END",
            "artifact_object_id": "CASE WHEN c.artifact_object_id IS NULL THEN NULL ELSE pr.new END",
            "seed_object_id": "NULL::integer",
            "seed_content_type_id": "NULL::integer",
        }
        _copy_with_new_ids(
            cursor,
            "viewflow_task",
            flow_task,
            "SELECT t.id FROM viewflow_task t JOIN viewflow_process_map pm ON pm.old = t.process_id",
            changed,
            """JOIN viewflow_process_map pm ON pm.old = c.process_id JOIN viewflow_process p ON p.id = c.process_id
               JOIN tasks_registry_result_map pr ON pr.old = p.artifact_object_id
               LEFT JOIN agency_map qa ON c.owner_permission LIKE 'workflows.queue\\_%%'
                   AND qa.old = split_part(c.owner_permission, '_', 2)::bigint""",
        )
        # A work item's key is its task's: no sequence of its own.
        changed = {
            "task_id": "ftm.new",
            "result_id": "rm.new",
            "agency_id": "coalesce(am.new, w.agency_id)",
            "waiting_in_id": "NULL::bigint",  # the trigger sets it from the task's status
        }
        cursor.execute(
            f"""INSERT INTO workflows_workitem ({", ".join(work)}) SELECT {_select(work, changed, "w")}
                FROM workflows_workitem w JOIN viewflow_task_map ftm ON ftm.old = w.task_id
                JOIN tasks_registry_result_map rm ON rm.old = w.result_id
                LEFT JOIN agency_map am ON am.old = w.agency_id"""
        )
        connection.commit()
