"""The committed migrations describe the models as they are: a fresh installation builds the same schema (and the
same field choices) the code expects."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_makemigrations_finds_nothing_to_write():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as stop:
        pytest.fail(f"models and migrations disagree:\n{out.getvalue()}", pytrace=stop.code == 0)
