"""reports/0009: the annual-report flow moved from workflows to reports, and viewflow keeps each process's flow and
each task's node by module path. Rows written before the move are renamed by the migration's SQL, so an open
report's task loads and can be worked again."""

import importlib

import pytest
from django.db import connection

from reports.annual_report_flow import AnnualReportFlow, open_task_of

from .builders import ReportingProvince

pytestmark = pytest.mark.django_db
MOVE = importlib.import_module("reports.migrations.0009_annual_report_flow_moved")


def _refs(task):
    """What the rows hold, read as text (a row naming a module that is gone would not load as a model)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT flow_class FROM viewflow_process WHERE id = %s", [task.process_id])
        (flow_class,) = cursor.fetchone()
        cursor.execute("SELECT flow_task FROM viewflow_task WHERE id = %s", [task.pk])
        (flow_task,) = cursor.fetchone()
    return flow_class, flow_task


def _run(statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def test_rows_written_before_the_move_name_the_flow_where_it_is_now():
    report, _dept = ReportingProvince("A").open()
    draft = open_task_of(report)
    moved = ("reports/annual_report_flow.AnnualReportFlow", "reports/annual_report_flow.AnnualReportFlow.draft")
    assert _refs(draft) == moved

    _run(MOVE._moving(MOVE.NEW, MOVE.OLD))  # the rows as a database written before the move holds them
    assert _refs(draft) == tuple(ref.replace("reports/", "workflows/", 1) for ref in moved)

    _run(MOVE._moving(MOVE.OLD, MOVE.NEW))
    assert _refs(draft) == moved
    task = open_task_of(report)
    assert task.flow_task is AnnualReportFlow.draft and task.process.flow_class is AnnualReportFlow
