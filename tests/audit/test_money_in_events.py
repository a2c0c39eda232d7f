"""An inspector reads in the log itself who granted how much under which decision: the support is kept whole in
its steps' events. (A transfer stays named by its id there: the receiving units read the result's history, and one
must not read another's contract value; the transfer's own fields are audited on the transfer's record.)"""

import pytest

from audit.models import AuditorScope, Event
from audit.recorder import case_key_for
from tests.factories import Province
from tests.tasks_registry.driver import TO_APPLIED_OLD, Actors, drive

from .builders import SCOPE_START

pytestmark = pytest.mark.django_db


def test_the_support_decision_and_its_amount_are_in_the_event_and_on_the_timeline(client):
    province = Province("M")
    result = drive(
        Actors(province), province.result(), *TO_APPLIED_OLD, "request_support", "appraise_support", "grant_support"
    )
    events = {e.action: e.changes for e in Event.objects.filter(case_key=case_key_for(result))}
    granted = events["result.grant_support"]["commercialisationsupport"][1]
    assert (granted["decision_no"], granted["granted_amount"]) == ("77/QĐ-SKHCN", 25_000_000)

    AuditorScope.objects.create(
        user=province.auditor, province_wide=True, province=province.province, valid_from=SCOPE_START
    )
    client.force_login(province.auditor)
    page = client.get(f"/audit/cases/{case_key_for(result)}/").content.decode()
    assert "77/QĐ-SKHCN" in page and "25.000.000" in page
    assert "granted_amount" not in page and "decision_no" not in page
