"""The migrations that moved facts out of the audit log (the days an application arrived, the reasons dossiers were
returned) copy for existing cases exactly what the services and the demo now keep: checked on a seeded history."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from tasks_registry.models import CommercialisationSupport, DossierReturn, Result

pytestmark = pytest.mark.django_db

RETURN_FIELDS = ("result_id", "step", "reason", "returned_at", "returned_by_id", "agency_id")


def _kept():
    return (
        dict(Result.objects.exclude(ownership_applied_on=None).values_list("pk", "ownership_applied_on")),
        dict(CommercialisationSupport.objects.exclude(resubmitted_on=None).values_list("pk", "resubmitted_on")),
        sorted(DossierReturn.objects.values_list(*RETURN_FIELDS)),
    )


def test_the_migrations_copy_from_the_events_what_the_demo_keeps_on_its_cases():
    call_command("seed_demo", "--results", "120", stdout=None)
    written = _kept()
    applied, _resubmitted, returns = written
    assert applied and returns, "the seeded history has ownership applications and returned dossiers"

    Result.objects.update(ownership_applied_on=None)
    CommercialisationSupport.objects.update(resubmitted_on=None)
    DossierReturn.objects.all().delete()
    assert _kept() == ({}, {}, [])

    importlib.import_module("tasks_registry.migrations.0007_application_days").keep_application_days(apps, None)
    importlib.import_module("tasks_registry.migrations.0008_dossier_return").keep_dossier_returns(apps, None)
    assert _kept() == written
