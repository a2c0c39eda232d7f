"""Schemathesis against the live schema (GET /api/v1/schema/ of the running application) on the demo data: generated
requests to every operation, then stateful sequences that follow the schema's links (queue → claim → complete, a
list → its item). No answer may be a server error or break the schema. Bounded: a few examples per operation."""

import io

import hypothesis
import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, response_schema_conformance]
SETTINGS = hypothesis.settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)


@pytest.fixture
def app(settings):
    settings.API_THROTTLE_USER = settings.API_THROTTLE_ANON = settings.API_THROTTLE_TOKEN = "1000000/hour"
    call_command("seed_demo", results=40, seed=3, stdout=io.StringIO())
    # The application runs in this test's transaction (as Django's test client does): the start and end of a request
    # must not close the connection that holds it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _headers(username="skhcn.chuyenvien1"):
    """The officer's token, made again if a generated request revoked it (DELETE /auth/token/revoke/)."""
    token, _created = Token.objects.get_or_create(user=get_user_model().objects.get(username=username))
    return {"Authorization": f"Token {token.key}"}


def test_generated_requests_to_every_operation_get_no_server_error_and_answers_that_fit_the_schema(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app, headers=_headers())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 36  # every path of api/urls.py but the schema and the docs
    statuses = {}
    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @SETTINGS
        def run(case):
            headers = _headers()
            response = case.call(headers=headers)
            statuses.setdefault(operation.label, set()).add(response.status_code)  # noqa: B023 (run() is called below, in this iteration)
            case.validate_response(response, checks=CHECKS, headers=headers)

        run()
    # The requests were made as the officer (not refused at the door), and reached real data.
    assert all(401 not in seen for label, seen in statuses.items() if "auth/token" not in label), statuses
    assert 200 in statuses["GET /api/v1/results/"] and 200 in statuses["GET /api/v1/me/"]
    assert 200 in statuses["GET /api/v1/st-tasks/"] and 200 in statuses["GET /api/v1/notifications/"]
    assert {
        "POST /api/v1/results/",
        "POST /api/v1/st-tasks/",
        "PATCH /api/v1/st-tasks/{id}/",
        "GET /api/v1/audit/verify/",
        "POST /api/v1/notifications/{id}/read/",
    } <= set(statuses)


def test_stateful_sequences_following_the_links_get_no_server_error(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app, headers=_headers())

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": _headers()}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Workflow.run(settings=hypothesis.settings(SETTINGS, max_examples=8, stateful_step_count=6))
