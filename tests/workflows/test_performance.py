"""Lists run a constant number of queries however many rows there are; the queue filter uses its index."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Task

from tasks_registry.models import Result, STTask
from tasks_registry.selectors import visible_results, visible_results_in_order
from tests.factories import Province
from workflows.opening import open_processes
from workflows.permissions import queue_permission

from .helpers import claim, execute, open_task

pytestmark = pytest.mark.django_db


def _more_results(province, count):
    """Results filed by the host and waiting for the department head, built in bulk and opened in bulk (the same
    rows as the engine's start: tests/workflows/test_bulk_opening.py)."""
    task = province.task()
    results = Result.objects.bulk_create(
        Result(task=task, title=f"Kết quả số {i}", result_type="process") for i in range(count)
    )
    open_processes(Result.objects.with_parties().filter(pk__in=[result.pk for result in results]))


def _queries(client, url):
    # Once before counting: the first read of a content type is cached for the process's life, so a cold cache
    # (this test alone, or first in its worker) would add a query to whichever page comes first.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _give_all_to(user):
    Task.objects.filter(flow_task_type="HUMAN", status="NEW").update(
        owner=user, status="ASSIGNED", assigned=timezone.now()
    )


def _finish_all_for(user):
    Task.objects.filter(flow_task_type="HUMAN").update(owner=user, status="DONE", finished=timezone.now())


OPEN_WORK_LISTS = ("/workflow/result/queue/", "/workflow/result/tasks/", "/workflow/result/flows/", "/results/", "/")


def _measure(client, user):
    counts = {url: _queries(client, url) for url in OPEN_WORK_LISTS}
    _give_all_to(user)
    counts["/workflow/result/inbox/"] = _queries(client, "/workflow/result/inbox/")
    _finish_all_for(user)
    counts["/workflow/result/archive/"] = _queries(client, "/workflow/result/archive/")
    return counts


def test_lists_run_the_same_number_of_queries_for_10_and_1000_rows(client):
    province = Province()
    client.force_login(province.dept_head)
    _more_results(province, 10)
    small = _measure(client, province.dept_head)
    _more_results(province, 990)
    large = _measure(client, province.dept_head)
    assert large == small


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_queue_filter_is_served_by_an_index(analyzed):
    province = Province()
    _more_results(province, 5)
    process_id = Task.objects.filter(flow_task_type="HUMAN").values_list("process_id", flat=True).first()
    with connection.cursor() as cursor:
        # 200,000 finished and other agencies' tasks around the few open ones of ours.
        cursor.execute(
            """
            INSERT INTO viewflow_task (flow_task, flow_task_type, status, created, token, owner_permission, process_id, data)
            SELECT 'workflows/flows.ResultFlow.review_acceptance', 'HUMAN',
                   CASE WHEN n %% 10 = 0 THEN 'NEW' ELSE 'DONE' END, now(), 'start',
                   'workflows.queue_' || (100000 + n %% 500) || '_officer', %s, '{}'::jsonb
            FROM generate_series(1, 200000) AS n
            """,
            [process_id],
        )
    # Only a table's owner may ANALYZE it; the suite runs as the application role (tests/pg_plugin.py).
    analyzed("viewflow_task")
    queue = Task.objects.user_queue(province.dept_head).filter(status="NEW")
    assert queue.count() == 5
    sql, params = queue.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "viewflow_task_queue_idx" in plan, plan
    assert queue_permission(province.department.pk, "head") in Task.objects.filter(pk__in=queue).values_list(
        "owner_permission", flat=True
    )


# Every list a person opens, by the role that opens it; the query count stated for each is what it runs today
# (a ceiling, so that a change that adds a query per row, or a dozen per page, fails here).
PAGES = {
    "dept_head": {
        # The home lists each of the head's sections (decisions, overdue, workload, queue); every check of the
        # person's roles (menu, queues, reports, audit) is answered from one read of their memberships.
        "/": 23,
        "/results/": 10,
        "/workflow/result/": 14,
        "/workflow/result/queue/": 11,
        "/workflow/result/flows/": 15,
        "/workflow/result/tasks/": 16,
        "/reports/": 11,
        "/reports/kpi/": 75,
    },
    "auditor": {"/audit/": 5},
}


def _count_pages(client, province):
    # Half the open work held by the officer: the head's dashboard cards then ask who may see and take them back.
    held = Task.objects.filter(flow_task_type="HUMAN", status="NEW").order_by("pk").values_list("pk", flat=True)[::2]
    Task.objects.filter(pk__in=list(held)).update(
        owner=province.dept_officer, status="ASSIGNED", assigned=timezone.now()
    )
    counts = {}
    for person, pages in PAGES.items():
        client.force_login(getattr(province, person))
        counts.update({url: _queries(client, url) for url in pages})
    return counts


def test_every_list_runs_the_same_few_queries_for_n_and_3n_cases(client):
    province = Province()
    _more_results(province, 10)
    small = _count_pages(client, province)
    _more_results(province, 20)
    large = _count_pages(client, province)
    assert large == small
    over = {url: large[url] for pages in PAGES.values() for url, ceiling in pages.items() if large[url] > ceiling}
    assert not over, large


def _start_claim_complete(client, province):
    """Filing a result (which opens its process), claiming its first task and accepting it: queries of each."""
    with CaptureQueriesContext(connection) as filing:
        result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    with CaptureQueriesContext(connection) as claiming:
        assert claim(client, task).status_code == 302
    with CaptureQueriesContext(connection) as completing:
        response = execute(
            client,
            task,
            {
                "step": "accept",
                "acceptance_date": "15/05/2023",
                "grade": "passed",
                "decision_no": "12/QĐ-SKHCN",
                "decision_date": "20/05/2023",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    result.refresh_from_db()
    assert result.status == "accepted"
    return len(filing), len(claiming), len(completing)


# Ceilings for filing (with the opening of its process), claiming and completing one task.
START_CLAIM_COMPLETE_CEILINGS = (45, 25, 70)


def test_filing_claiming_and_completing_run_the_same_queries_however_many_cases_are_open(client):
    province = Province()
    _more_results(province, 10)
    small = _start_claim_complete(client, province)
    _more_results(province, 20)
    large = _start_claim_complete(client, province)
    assert large == small
    assert all(count <= ceiling for count, ceiling in zip(large, START_CLAIM_COMPLETE_CEILINGS, strict=True)), large


def _plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _plan_nodes(child)


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # The planner's costs of a server on SSD storage (docs/operations.md), not the spinning-disk default of 4: with
        # the default, the whole suite's leftover statistics sometimes made a sort of the whole queue look cheaper.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        (document,) = cursor.fetchone()
    document = json.loads(document) if isinstance(document, str) else document
    return list(_plan_nodes(document[0]["Plan"]))


def _big_sequential_scans(nodes):
    scanned = [node["Relation Name"] for node in nodes if node["Node Type"] == "Seq Scan"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname = ANY(%s) AND reltuples > 1000", [scanned])
        return [row[0] for row in cursor.fetchall()]


def _kinds(nodes):
    return [
        (node["Node Type"], node.get("Relation Name", node.get("Index Name", "")), node["Plan Rows"]) for node in nodes
    ]


def _assert_indexed_and_paged(name, queryset, page):
    nodes = _plan(queryset)
    kinds = _kinds(nodes)
    assert not _big_sequential_scans(nodes), f"{name}: {kinds}"
    assert any("Index" in node["Node Type"] for node in nodes), (name, kinds)
    sorted_rows = [node["Plan Rows"] for node in nodes if node["Node Type"] == "Sort"]
    assert all(rows <= page for rows in sorted_rows), (name, sorted_rows, kinds)


# Other provinces' cases around our own: enough that a sequential scan or a full sort costs more than the index.
ROWS = 20_000


def _other_provinces_work(province, others, count, analyzed):
    """`count` results of other provinces, each with a process and a task: a tenth waiting in a queue, the rest
    done, some of them by our head (the archive), inserted in bulk beside our own few real cases."""
    result = Result.objects.filter(task__managing_agency=province.department).first()
    process_id = Task.objects.filter(flow_task_type="HUMAN").values_list("process_id", flat=True).first()
    columns = [f.column for f in Result._meta.concrete_fields if f.column not in ("id", "task_id", "title")]
    listed = ", ".join(columns)
    other_tasks = [other.task().pk for other in others] + [province.task().pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO tasks_registry_result (task_id, title, {listed})
            SELECT (%s::int[])[1 + n %% %s], 'Kết quả ' || n, {listed}
            FROM tasks_registry_result, generate_series(1, %s) AS n WHERE id = %s
            """,
            [other_tasks, len(other_tasks), count, result.pk],
        )
        cursor.execute(
            """
            WITH task AS (
                INSERT INTO viewflow_task (flow_task, flow_task_type, status, created, finished, token, owner_permission,
                                           owner_id, process_id, data)
                SELECT 'workflows/flows.ResultFlow.review_acceptance', 'HUMAN',
                       CASE WHEN n %% 10 = 0 THEN 'NEW' ELSE 'DONE' END, now() - n * interval '1 minute',
                       CASE WHEN n %% 10 = 0 THEN NULL ELSE now() END, 'start',
                       'workflows.queue_' || (%s::int[])[1 + (n / 10) %% %s] || '_officer',
                       CASE WHEN n %% 10 = 5 THEN %s END, %s, '{}'::jsonb
                FROM generate_series(1, %s) AS n
                RETURNING id, owner_permission
            )
            INSERT INTO workflows_workitem (task_id, result_id, agency_id, role, work, due_on, deadline_basis, priority, created_at)
            SELECT id, r.ids[1 + id %% array_length(r.ids, 1)], split_part(owner_permission, '_', 2)::int, 'officer',
                   'review_acceptance', current_date + (id %% 90)::int, '', id %% 4, now()
            FROM task, (SELECT array_agg(id) AS ids FROM tasks_registry_result) AS r
            """,
            [
                [o.department.pk for o in others] + [province.department.pk],
                len(others) + 1,
                province.dept_head.pk,
                process_id,
                count,
            ],
        )
    # Every table, not only the big ones: statistics the whole suite left on the small ones (agencies, people,
    # memberships) once made a sort of the whole queue look cheaper than reading the index in order.
    analyzed()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_list_query_reads_an_index_and_sorts_at_most_a_page_among_many_other_cases(rf, analyzed):
    from portal.homes import ROWS_READ, SECTION_SIZE, decisions_waiting
    from tasks_registry.views import ResultListView
    from workflows.flows import ResultFlow
    from workflows.lists import LIST_RELATED, queue_of

    province, others = Province(), [Province(f"O{i}") for i in range(4)]
    _more_results(province, 30)
    _other_provinces_work(province, others, ROWS, analyzed)
    head = province.dept_head

    queue = queue_of(head, ResultFlow).select_related(*LIST_RELATED)
    assert queue.count() > 25
    _assert_indexed_and_paged("queue", queue[:25], 25)
    queue_plan = _plan(queue[:25])
    assert "workitem_queue" in json.dumps(queue_plan)
    # Read in the index's order: no sort at all, so the joins stop after the page.
    assert not [node for node in queue_plan if node["Node Type"] == "Sort"], [node["Node Type"] for node in queue_plan]

    # The head's home: the decisions waiting in the agency's queue, read from the same index, a section's worth.
    decisions = decisions_waiting(head, {province.department.pk})
    assert decisions.count() > SECTION_SIZE
    _assert_indexed_and_paged("decisions", decisions[:ROWS_READ], ROWS_READ)
    assert "workitem_queue" in json.dumps(_plan(decisions[:ROWS_READ]))

    archive = (
        Task.objects.filter(flow_task_type="HUMAN", owner=head, finished__isnull=False)
        .select_related(*LIST_RELATED)
        .order_by("-finished")
    )
    assert archive.count() > 25
    _assert_indexed_and_paged("archive", archive[:25], 25)

    request = rf.get("/results/")
    request.user = head
    view = ResultListView()
    view.setup(request)
    results = view.get_queryset()
    assert results.count() > 50
    _assert_indexed_and_paged("results", results[:50], 50)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_results_a_person_may_open_are_found_through_indexes_among_other_provinces_results(analyzed):
    """The home page and /results/ count what a person may open. At national scale a province's people have a part
    in a few thousand of some 200.000 results: here ours are 31 among 20.000 of another province (5.000 tasks of four
    results each), and each of our people's results is found by index lookups, not by reading every result."""
    ours, theirs = Province(), Province("O")
    task = ours.task()
    Result.objects.bulk_create(Result(task=task, title=f"Kết quả số {i}", result_type="process") for i in range(30))
    ours.result()
    model = theirs.result()
    task_columns = ", ".join(f.column for f in STTask._meta.concrete_fields if f.column not in ("id", "code"))
    copied = [f.column for f in Result._meta.concrete_fields if f.column not in ("id", "task_id")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO tasks_registry_sttask (code, {task_columns})
                SELECT 'O-' || n, {task_columns} FROM tasks_registry_sttask, generate_series(1, 5000) AS n
                WHERE id = %s""",
            [model.task_id],
        )
        cursor.execute(
            f"""INSERT INTO tasks_registry_result (task_id, {", ".join(copied)})
                SELECT t.id, {", ".join("r." + column for column in copied)}
                FROM tasks_registry_sttask t, tasks_registry_result r, generate_series(1, 4)
                WHERE t.code LIKE 'O-%%' AND r.id = %s""",
            [model.pk],
        )
    analyzed()

    for person in (ours.dept_officer, ours.dept_head, ours.host_officer, ours.host_head):
        visible = visible_results(person)
        assert visible.count() == 31 == visible_results_in_order(person).count(), person
        nodes = _plan(visible.values("pk"))
        assert not _big_sequential_scans(nodes), (person.username, _kinds(nodes))
        assert any("Index" in node["Node Type"] for node in nodes), (person.username, _kinds(nodes))


def _membership_reads(client, user, url):
    mine = f'"tasks_registry_membership"."user_id" = {user.pk}'
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return sum(mine in query["sql"] for query in captured)


def test_a_page_reads_the_persons_memberships_once_however_many_checks_ask(client):
    """The menu, the queues, the reports' scope, the auditor's rule and the ministry's all ask about the person's
    roles; each page answers them from one read (tasks_registry.access.memberships_today)."""
    province = Province()
    _more_results(province, 5)
    for person, pages in PAGES.items():
        user = getattr(province, person)
        client.force_login(user)
        reads = {url: _membership_reads(client, user, url) for url in pages}
        assert set(reads.values()) == {1}, (person, reads)
