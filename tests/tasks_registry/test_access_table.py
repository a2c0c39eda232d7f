"""Who sees what of a result: every role × every kind of data, against a table written from the rules of issue 10
("access that ends when a part ends"), not from the code.

The case: an old-regime result whose rights were given to a third organisation (the owner, not the host); the
owner first offered it to one cooperative, which declined; then to the province's cooperative, which signed a
contract (777.000.000 ₫) and reported revenue through the owner.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditorScope
from tasks_registry import services
from tasks_registry.lifecycle import STEPS, OwnershipOutcome
from tasks_registry.models import AgencyKind, TransferForm
from tasks_registry.roles import Role
from tests.factories import NEW_REGIME_DAY, Province, make_agency, make_member
from tests.tasks_registry.driver import Actors, drive
from workflows.processes import process_of

pytestmark = pytest.mark.django_db

Y, N = True, False
FULL, REDUCED, HIDDEN = "full", "reduced", "hidden"
ALL, OWN, NONE = "all", "own", "none"

# page, transfers listed, the current contract's value, the current contract's document, the declined offer's value,
# the declined offer's document, other documents, revenue and payouts, history, process page
COLUMNS = (
    "page",
    "transfers",
    "contract_value",
    "contract_document",
    "declined_value",
    "declined_document",
    "other_document",
    "revenue",
    "history",
    "process_page",
)
TABLE = {
    "host officer": (FULL, ALL, Y, Y, Y, Y, Y, N, Y, Y),
    "host head": (FULL, ALL, Y, Y, Y, Y, Y, N, Y, Y),
    "managing agency officer": (FULL, ALL, Y, Y, Y, Y, Y, Y, Y, Y),
    "managing agency head": (FULL, ALL, Y, Y, Y, Y, Y, Y, Y, Y),
    "owner": (FULL, ALL, Y, Y, Y, Y, Y, Y, Y, Y),
    "receiving unit, current": (FULL, OWN, Y, Y, N, N, Y, N, Y, Y),
    "receiving unit, declined": (REDUCED, OWN, N, N, N, N, N, N, N, N),
    "receiving unit of another result": (HIDDEN, NONE, N, N, N, N, N, N, N, N),
    "auditor in scope": (FULL, ALL, Y, Y, Y, Y, Y, Y, Y, Y),
    "auditor out of scope": (HIDDEN, NONE, N, N, N, N, N, N, N, N),
    "reporter of the host": (FULL, ALL, Y, Y, Y, Y, Y, N, Y, Y),
    "another agency": (HIDDEN, NONE, N, N, N, N, N, N, N, N),
    "another province": (HIDDEN, NONE, N, N, N, N, N, N, N, N),
}


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + name.encode() * 200, content_type="application/pdf")


class Case:
    def __init__(self):
        a, b = Province("A"), Province("B")
        self.a = a
        self.owner = make_agency("A-VIEN", AgencyKind.HOST_ORGANISATION, "Viện Giống cây trồng A")
        self.owner_officer = make_member(self.owner, Role.OFFICER, "a-owner-officer")
        declining = make_agency("A-HTX2", AgencyKind.RECEIVING_UNIT, "Hợp tác xã Tân Lợi")
        self.declined_officer = make_member(declining, Role.OFFICER, "a-declined-officer")

        result = drive(
            Actors(a),
            a.result(),
            "accept",
            "submit_registration",
            "register",
            "decline_ownership",
            "submit_ownership_decision",
        )
        result = services.decide_ownership(
            result,
            actor=a.dept_head,
            agency=a.department,
            outcome=OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT,
            decision_no="99/QĐ-UBND",
            holder=self.owner,
            repayment_value=10_000_000,
        )
        owner = {"actor": self.owner_officer, "agency": self.owner}
        result = services.offer_transfer(
            result, **owner, receiving_unit=declining, form=TransferForm.STANDALONE, contract_value=90_000_000
        )
        self.declined_document = services.attach_document(
            result, **owner, kind="transfer_contract", uploaded_file=pdf("du-thao-hop-dong-tan-loi.pdf")
        )
        result = services.decline_transfer(
            result, actor=self.declined_officer, agency=declining, comment="Giá chuyển giao quá cao so với khả năng"
        )
        result = services.offer_transfer(
            result, **owner, receiving_unit=a.receiver, form=TransferForm.STANDALONE, contract_value=150_000_000
        )
        self.contract_document = services.attach_document(
            result, **owner, kind="transfer_contract", uploaded_file=pdf("hop-dong-chuyen-giao.pdf")
        )
        result = services.confirm_transfer(
            result, actor=a.receiver_officer, agency=a.receiver, contract_no="05/HĐCG", contract_value=777_000_000
        )
        result = services.report_application(
            result, actor=a.receiver_officer, agency=a.receiver, report="Ứng dụng trên 20 ha"
        )
        self.other_document = services.attach_document(
            result, actor=a.host_officer, agency=a.host, kind="final_report", uploaded_file=pdf("bao-cao-tong-hop.pdf")
        )
        services.record_revenue(
            result, **owner, year=2024, revenue=432_100_000, after_tax_profit=100_000_000, author_payout=35_500_000
        )
        self.result = result

        other_unit = make_agency("A-HTX3", AgencyKind.RECEIVING_UNIT, "Hợp tác xã Mỹ An")
        other_result = a.registered(NEW_REGIME_DAY)
        services.offer_transfer(
            other_result,
            actor=a.host_officer,
            agency=a.host,
            receiving_unit=other_unit,
            form=TransferForm.STANDALONE,
            contract_value=50_000_000,
        )

        inspectorate = make_agency("A-TTR", AgencyKind.DEPARTMENT, "Thanh tra tỉnh A")
        in_scope = make_member(inspectorate, Role.AUDITOR, "a-auditor-in-scope")
        out_of_scope = make_member(inspectorate, Role.AUDITOR, "a-auditor-out-of-scope")
        for auditor, agency in ((in_scope, a.department), (out_of_scope, b.department)):
            scope = AuditorScope.objects.create(
                user=auditor, valid_from=datetime.date(2020, 1, 1), legal_basis="Quyết định thanh tra số 12/QĐ-TTr"
            )
            scope.agencies.set([agency])

        self.people = {
            "host officer": a.host_officer,
            "host head": a.host_head,
            "managing agency officer": a.dept_officer,
            "managing agency head": a.dept_head,
            "owner": self.owner_officer,
            "receiving unit, current": a.receiver_officer,
            "receiving unit, declined": self.declined_officer,
            "receiving unit of another result": make_member(other_unit, Role.OFFICER, "a-other-unit-officer"),
            "auditor in scope": in_scope,
            "auditor out of scope": out_of_scope,
            "reporter of the host": make_member(a.host, Role.REPORTER, "a-host-reporter"),
            "another agency": make_member(
                make_agency("A-SYT", AgencyKind.DEPARTMENT, "Sở Y tế A"), Role.OFFICER, "a-stranger"
            ),
            "another province": b.dept_officer,
        }


def seen(client, case, user):
    """What the person actually gets, in the terms of the table."""
    client.force_login(user)
    result = case.result
    response = client.get(reverse("result-detail", args=[result.pk]))
    html = response.content.decode() if response.status_code == 200 else ""
    if response.status_code == 404:
        page = HIDDEN
    else:
        assert response.status_code == 200
        page = FULL if "tasks_registry/result_detail.html" in [t.name for t in response.templates] else REDUCED
    units = {t.receiving_unit.name for t in response.context["transfers"]} if page != HIDDEN else set()
    every = {t.receiving_unit.name for t in result.transfers.all()}
    transfers = NONE if not units else ALL if units == every else OWN if units <= user_agencies(user) else "other"

    def downloads(document):
        status = client.get(reverse("document-download", args=[result.pk, document.pk])).status_code
        assert status in (200, 404)
        return status == 200

    text = re.sub(r"\s+", " ", html)
    process_status = client.get(f"/workflow/result/{process_of(result).pk}/").status_code
    assert process_status in (200, 403, 404)
    return (
        page,
        transfers,
        "777.000.000" in text,
        downloads(case.contract_document),
        "90.000.000" in text,
        downloads(case.declined_document),
        downloads(case.other_document),
        "432.100.000" in text or "35.500.000" in text,
        page == FULL and 'class="timeline"' in html and str(STEPS["accept"].label) in text,
        process_status == 200,
    )


def user_agencies(user):
    from tasks_registry.models import Membership

    return set(Membership.objects.filter(user=user).values_list("agency__name", flat=True))


def test_every_role_sees_exactly_what_the_table_says_of_every_kind_of_data(client):
    case = Case()
    mismatches = {}
    for role, expected in TABLE.items():
        actual = seen(client, case, case.people[role])
        wrong = {
            column: (want, got) for column, want, got in zip(COLUMNS, expected, actual, strict=True) if want != got
        }
        if wrong:
            mismatches[role] = wrong
    assert mismatches == {}


def test_the_declined_receiving_unit_sees_neither_the_contract_nor_its_document_nor_the_result_in_lists(client):
    case = Case()
    client.force_login(case.declined_officer)
    page = client.get(reverse("result-detail", args=[case.result.pk])).content.decode()
    assert "Hợp tác xã Tân Lợi" in page and "Bị từ chối" in page  # its own offer, reduced
    for secret in ("777.000.000", "05/HĐCG", case.a.receiver.name, "hop-dong-chuyen-giao.pdf", "bao-cao-tong-hop.pdf"):
        assert secret not in page, secret
    for document in (case.contract_document, case.declined_document, case.other_document):
        assert client.get(reverse("document-download", args=[case.result.pk, document.pk])).status_code == 404
    listed = client.get(reverse("result-list")).content.decode()
    assert f'href="/results/{case.result.pk}/"' not in listed


def test_the_current_receiving_unit_reads_nothing_of_the_declined_offer(client):
    case = Case()
    client.force_login(case.a.receiver_officer)
    page = client.get(reverse("result-detail", args=[case.result.pk])).content.decode()
    assert "777.000.000" in page and "hop-dong-chuyen-giao.pdf" in page
    for secret in ("Hợp tác xã Tân Lợi", "Giá chuyển giao quá cao", "du-thao-hop-dong-tan-loi.pdf", "90.000.000"):
        assert secret not in page, secret


def test_a_host_that_owns_the_result_sees_its_revenue(client):
    province = Province("A")
    result = drive(Actors(province), province.registered(NEW_REGIME_DAY), "report_own_application")
    services.record_revenue(
        result,
        actor=province.host_officer,
        agency=province.host,
        year=2025,
        revenue=88_800_000,
        after_tax_profit=10_000_000,
        author_payout=3_000_000,
    )
    client.force_login(province.host_officer)
    assert "88.800.000" in client.get(reverse("result-detail", args=[result.pk])).content.decode()
