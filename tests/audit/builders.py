"""Test data for the auditors' workspace: scopes, and events written the way services write them."""

import datetime

from django.db import transaction

from audit import recorder
from audit.models import AuditorScope

SCOPE_START = datetime.date(2020, 1, 1)


def grant(auditor, *agencies, province_wide=False):
    scope = AuditorScope.objects.create(
        user=auditor,
        province_wide=province_wide,
        valid_from=SCOPE_START,
        legal_basis="Quyết định thanh tra số 12/QĐ-TTr",
    )
    scope.agencies.set(agencies)
    return scope


def events_for(agency, count, actor=None, case="tasks_registry.agency:{pk}", action="test.event"):
    """`count` events acted for `agency` (in the agency's own chain unless `case` says otherwise)."""
    with transaction.atomic():
        return [
            recorder.record(
                case=case.format(pk=agency.pk), action=action, actor=actor, agency=agency, changes={"n": [None, n]}
            )
            for n in range(count)
        ]
