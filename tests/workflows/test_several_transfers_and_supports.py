"""A result replicated to several receiving units, and supported from its recognition on, several times: each
transfer and each support is a case of its own, in its own agency's queue, at the same time as the others.

Law on Technology Transfer 2017 Art. 5 (forms of transfer); Đồng Tháp plan II.2 ("nhân rộng"); Đồng Tháp appendix
rows 9 and 11 (support "khi kết quả nghiên cứu được công nhận", conferences and techmarts); Decree 76/2018 ch. 3.
"""

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.models import Event
from audit.recorder import case_key_for
from reports.figures import Scope, _rows, transfers_by_form
from tasks_registry import services
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import Status, SupportStatus, TransferStatus
from tasks_registry.models import AgencyKind, ApplicationAddress, Result, TransferForm
from tasks_registry.roles import Role
from tests.factories import Province, make_agency, make_member
from tests.tasks_registry.driver import TO_DECIDED, Actors, drive

from .helpers import claim, execute, open_task, work_of

pytestmark = pytest.mark.django_db


def _queue_of(user):
    return set(Task.objects.user_queue(user).filter(status="NEW").values_list("pk", flat=True))


def _open_tasks(result, work):
    return Task.objects.filter(
        process__artifact_object_id=result.pk,
        flow_task_type="HUMAN",
        status__in=["NEW", "ASSIGNED"],
        work__work=work,
    ).select_related("work")


def _three_units(province):
    units = [province.receiver]
    officers = [province.receiver_officer]
    for name in ("Hợp tác xã Mỹ An", "Công ty Cổ phần Giống cây trồng Sa Đéc"):
        unit = make_agency(None, AgencyKind.RECEIVING_UNIT, name, province=province.province)
        units.append(unit)
        officers.append(make_member(unit, Role.OFFICER))
    return units, officers


def test_a_result_transferred_to_three_units_in_two_forms_each_applied_counts_once_and_three_times(client):
    province = Province("A")
    result = drive(Actors(province), province.result(), *TO_DECIDED)
    ApplicationAddress.objects.create(task=result.task, name="HTX Tân Hòa", agency=province.receiver)
    units, officers = _three_units(province)
    forms = [TransferForm.STANDALONE, TransferForm.CAPITAL_CONTRIBUTION, TransferForm.STANDALONE]

    # The owner offers the result to the three units from its standing work, one offer after the other.
    for unit, form, value in zip(units, forms, ("150000000", "400000000", "90000000"), strict=True):
        task = open_task(result, "arrange_transfer")
        client.force_login(province.host_officer)
        assert claim(client, task).status_code == 302
        data = {"step": "offer_transfer", "receiving_unit": unit.pk, "transfer_form": form, "rights": "licence"}
        response = execute(client, task, {**data, "contract_value": value})
        assert response.status_code == 302, response.content.decode()[-1500:]

    # Three offers wait at once, each in its own unit's queue and nobody else's.
    answers = list(_open_tasks(result, "answer_transfer"))
    assert sorted(work_of(task).agency.pk for task in answers) == sorted(unit.pk for unit in units)
    for task in answers:
        for unit, officer in zip(units, officers, strict=True):
            assert (task.pk in _queue_of(officer)) == (work_of(task).agency == unit)
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_DECIDED  # offered, not yet transferred anywhere

    # They answer in any order; the first confirmation makes the result "transferred".
    for unit, officer in reversed(list(zip(units, officers, strict=True))):
        task = next(task for task in _open_tasks(result, "answer_transfer") if work_of(task).agency == unit)
        client.force_login(officer)
        claim(client, task)
        assert execute(client, task, {"step": "confirm_transfer", "contract_no": f"HĐ-{unit.pk}"}).status_code == 302
        result.refresh_from_db()
        assert result.status == Status.TRANSFERRED

    # Each reports applying it; the first report makes the result "applied", and the owner's work follows.
    for unit, officer in zip(units, officers, strict=True):
        task = next(task for task in _open_tasks(result, "report_application") if work_of(task).agency == unit)
        client.force_login(officer)
        claim(client, task)
        response = execute(client, task, {"step": "report_application", "report": f"Nhân rộng tại {unit.name}"})
        assert response.status_code == 302
        result.refresh_from_db()
        assert result.status == Status.APPLIED
    assert open_task(result).work.work == "follow_application"
    assert sorted(result.transfers.values_list("status", flat=True)) == [TransferStatus.APPLIED] * 3

    year = timezone.localdate().year
    scope = Scope(Result.objects.filter(task__managing_agency=province.department), year, start_year=2020)
    # "Results transferred" counts the result once; "transfers" counts each contract.
    assert list(_rows("transferred_of_recognised", scope, True)) == [result]
    transfers = _rows("transfers_in_year", scope, False)
    assert transfers.count() == 3
    assert {row["key"]: row["count"] for row in transfers_by_form(scope)} == {
        "capital_contribution": 1,
        "standalone": 2,
    }
    assert sum(row["value"] for row in transfers_by_form(scope)) == 640_000_000
    applied = list(_rows("applied_in_year", scope, False))
    assert applied == [result]

    # Every step is in the result's one history, each offer with its own unit and form.
    offers = Event.objects.filter(case_key=case_key_for(result), action="result.offer_transfer").order_by("seq")
    assert [event.changes["transfer"][1]["form"] for event in offers] == forms
    assert "status" not in offers[0].changes


def test_the_same_unit_is_not_offered_the_result_twice_while_it_considers_the_first_offer():
    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_DECIDED, "offer_transfer")
    events = Event.objects.filter(case_key=case_key_for(result)).count()
    with pytest.raises(ServiceError, match="đang xem xét"):
        actors.call("offer_transfer", result)
    assert result.transfers.count() == 1
    assert Event.objects.filter(case_key=case_key_for(result)).count() == events


def test_a_step_of_one_transfer_among_several_needs_to_know_which():
    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_DECIDED, "offer_transfer")
    units, officers = _three_units(province)
    actors.call("offer_transfer", result, receiving_unit=units[1])
    # Two offers wait: the receiving unit acts on its own, and a step that names none is refused.
    with pytest.raises(ServiceError):
        services.confirm_transfer(result, actor=officers[0], agency=units[0])
    theirs = result.transfers.get(receiving_unit=units[1])
    with pytest.raises(ServiceError):
        services.confirm_transfer(result, actor=officers[0], agency=units[0], subject=theirs)
    services.confirm_transfer(result, actor=officers[1], agency=units[1], subject=theirs)
    assert dict(result.transfers.values_list("receiving_unit", "status")) == {
        units[0].pk: TransferStatus.OFFERED,
        units[1].pk: TransferStatus.CONFIRMED,
    }


def test_support_is_requested_right_after_recognition_twice_each_appraised_and_decided_on_its_own(client):
    province = Province("A")
    result = drive(Actors(province), province.result(), "accept")
    assert result.status == Status.ACCEPTED

    # The host asks for two kinds of support straight after recognition, before registering the result.
    first = services.request_support(
        result, actor=province.host_officer, agency=province.host, kind="conference", requested_amount=20_000_000
    )
    services.request_support(
        first, actor=province.host_officer, agency=province.host, kind="techmart", requested_amount=35_000_000
    )
    result.refresh_from_db()
    assert result.status == Status.ACCEPTED  # the registration goes on meanwhile
    assert open_task(result, "submit_registration").work.agency == province.host
    appraisals = list(_open_tasks(result, "appraise_support"))
    assert len(appraisals) == 2
    assert {work_of(task).agency for task in appraisals} == {province.department}
    assert all(task.pk in _queue_of(province.dept_officer) for task in appraisals)

    # Each goes its own way: the conference is granted, the techmart refused.
    conference = result.supports.get(kind="conference")
    techmart = result.supports.get(kind="techmart")
    for support, decision in ((conference, "grant"), (techmart, "refuse")):
        task = next(t for t in appraisals if t.process.seed_object_id == support.pk)
        client.force_login(province.dept_officer)
        claim(client, task)
        assert execute(client, task, {"step": "appraise_support"}).status_code == 302
        task = next(t for t in _open_tasks(result, "decide_support") if t.process.seed_object_id == support.pk)
        client.force_login(province.dept_head)
        claim(client, task)
        data = (
            {"step": "grant_support", "decision_no": "7/QĐ-SKHCN", "granted_amount": "20000000"}
            if decision == "grant"
            else {"step": "refuse_support", "comment": "Đã hỗ trợ hội nghị trong năm"}
        )
        assert execute(client, task, data).status_code == 302
    conference.refresh_from_db()
    techmart.refresh_from_db()
    assert (conference.status, techmart.status) == (SupportStatus.GRANTED, SupportStatus.REFUSED)
    assert conference.applicant == province.host and conference.granted_amount == 20_000_000

    # The host reports the conference's outcome from its queue; the registration's task is still its own.
    task = open_task(result, "report_support_outcome")
    assert work_of(task).agency == province.host
    client.force_login(province.host_officer)
    claim(client, task)
    assert execute(client, task, {"step": "report_support_outcome", "report": "120 doanh nghiệp dự"}).status_code == 302
    conference.refresh_from_db()
    assert conference.status == SupportStatus.REPORTED
    assert open_task(result).work.work == "submit_registration"

    year = timezone.localdate().year
    scope = Scope(Result.objects.filter(pk=result.pk), year, start_year=2020)
    ApplicationAddress.objects.create(task=result.task, name="HTX Tân Hòa", agency=province.receiver)
    assert list(_rows("supported_of_recognised", scope, True)) == [result]


def test_once_someone_else_holds_the_rights_the_host_no_longer_asks_for_support():
    province = Province("A")
    owner = make_agency(None, AgencyKind.HOST_ORGANISATION, "Viện Lúa A", province=province.province)
    owner_officer = make_member(owner, Role.OFFICER)
    result = drive(
        Actors(province),
        province.result(),
        "accept",
        "submit_registration",
        "register",
        "decline_ownership",
        "submit_ownership_decision",
    )
    result = services.decide_ownership(
        result,
        actor=province.dept_head,
        agency=province.department,
        outcome="other_applicant",
        decision_no="9/QĐ",
        decision_date=datetime.date(2024, 1, 5),
        holder=owner,
        repayment_value=1_000_000,
    )
    with pytest.raises(ServiceError):
        services.request_support(result, actor=province.host_officer, agency=province.host, kind="techmart")
    assert not result.supports.exists()
    services.request_support(result, actor=owner_officer, agency=owner, kind="techmart")
    assert result.supports.get().applicant == owner


def test_a_result_with_a_transfer_or_support_under_way_cannot_be_closed():
    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_DECIDED, "offer_transfer", "confirm_transfer", "report_application")
    actors.call("request_support", result)
    with pytest.raises(ServiceError):
        actors.call("close", result)
    actors.call("appraise_support", result)
    actors.call("refuse_support", result)
    assert actors.call("close", result).status == Status.CLOSED


def test_each_receiving_units_application_report_lands_on_its_own_transfer_and_only_it_reads_it(client):
    """Two units apply the result at once; each files its report with its task. A paper must land on the unit's own
    transfer, since a receiving unit reads only its own transfers' papers."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tasks_registry.models import Document

    from .test_queues import dossier

    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_DECIDED, "offer_transfer", "confirm_transfer")
    units, officers = _three_units(province)
    actors.call("offer_transfer", result, receiving_unit=units[1], form=TransferForm.CAPITAL_CONTRIBUTION)
    services.confirm_transfer(
        result, actor=officers[1], agency=units[1], subject=result.transfers.get(receiving_unit=units[1])
    )
    papers = {}
    # The second unit files first: a paper filed by "the latest transfer" would land on the wrong one for the first.
    for unit, officer in ((units[1], officers[1]), (units[0], officers[0])):
        task = next(t for t in _open_tasks(result, "report_application") if work_of(t).agency == unit)
        client.force_login(officer)
        claim(client, task)
        upload = SimpleUploadedFile(
            f"bao-cao-{unit.pk}.pdf", b"%PDF-1.4\n" + b"x" * 500, content_type="application/pdf"
        )
        data = {"step": "report_application", "report": f"Nhân rộng tại {unit.name}"}
        response = execute(client, task, {**data, **dossier(("application_report", upload))})
        assert response.status_code == 302, response.content.decode()[-1500:]
        papers[unit.pk] = Document.objects.get(original_name=f"bao-cao-{unit.pk}.pdf")
    for unit, officer in zip(units[:2], officers[:2], strict=True):
        assert papers[unit.pk].transfer == result.transfers.get(receiving_unit=unit)
        client.force_login(officer)
        for other, paper in papers.items():
            status = client.get(reverse("document-download", args=[result.pk, paper.pk])).status_code
            assert status == (200 if other == unit.pk else 404)


def test_a_receiving_unit_follows_only_its_own_transfer_and_goes_home_after_declining(client):
    """With two units offered the result and a support under way: each unit opens its own transfer's task and
    process, never the other unit's or the support's, and reads neither in the result's page or history."""
    from django.urls import reverse

    from .helpers import task_url

    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_DECIDED, "offer_transfer")
    units, officers = _three_units(province)
    actors.call("offer_transfer", result, receiving_unit=units[1], contract_value=987_654_321)
    actors.call("request_support", result, requested_amount=55_500_000)
    mine = next(t for t in _open_tasks(result, "answer_transfer") if work_of(t).agency == units[0])
    theirs = next(t for t in _open_tasks(result, "answer_transfer") if work_of(t).agency == units[1])
    support = open_task(result, "appraise_support")

    client.force_login(officers[0])
    assert client.get(task_url(mine, "detail")).status_code == 200
    for task in (theirs, support):
        assert client.get(task_url(task, "detail")).status_code in (403, 404)
        assert client.get(f"/workflow/result/{task.process_id}/").status_code in (403, 404)
    page = client.get(reverse("result-detail", args=[result.pk])).content.decode()
    for secret in (units[1].name, "987.654.321", "55.500.000", "Thẩm định hồ sơ hỗ trợ"):
        assert secret not in page, secret

    # Declining ends the unit's part: the page it lands on is its home, not a process it may no longer open.
    claim(client, mine)
    response = execute(client, mine, {"step": "decline_transfer", "comment": "Chưa có vốn đối ứng"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(response.url).status_code == 200


def test_several_tasks_of_one_result_read_apart_in_the_queue_and_on_the_home(client):
    from django.urls import reverse

    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), "accept")
    actors.call("request_support", result, kind="conference")
    actors.call("request_support", result, kind="techmart")
    client.force_login(province.dept_officer)
    queue = client.get("/workflow/result/queue/").content.decode()
    home = client.get(reverse("home")).content.decode()
    for page in (queue, home):
        assert "Thẩm định hồ sơ hỗ trợ thương mại hoá · Hội nghị giới thiệu kết quả" in page
        assert "Thẩm định hồ sơ hỗ trợ thương mại hoá · Tham dự chợ công nghệ, Techmart" in page


def test_the_support_page_takes_whole_dong_and_says_who_may_ask(client):
    from django.urls import reverse

    province = Province("A")
    result = province.accepted()
    url = reverse("support-request", args=[result.pk])
    client.force_login(province.host_officer)
    for amount in ("12,5", "abc", "-5"):
        response = client.post(url, {"kind": "conference", "requested_amount": amount})
        assert response.status_code == 400 and response.context["form"].errors["requested_amount"]
    assert "phần lẻ" in client.post(url, {"kind": "conference", "requested_amount": "12,5"}).content.decode()
    assert not result.supports.exists()
    response = client.post(url, {"kind": "conference", "requested_amount": "12.500.000"})
    assert response.status_code == 302
    assert result.supports.get().requested_amount == 12_500_000

    # Nobody asks before recognition; the Sở is told whose request it is, not to ask for a role.
    waiting = province.result()
    assert "được công nhận" in client.get(reverse("support-request", args=[waiting.pk])).content.decode()
    client.force_login(province.dept_officer)
    refused = client.get(url)
    assert refused.status_code == 403 and province.host.name in refused.content.decode()


def test_a_support_task_shows_its_own_history_not_the_other_supports(client):
    from .helpers import task_url

    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), "accept")
    actors.call("request_support", result, kind="conference", comment="Hội nghị kết nối cung cầu tháng 5")
    actors.call("request_support", result, kind="techmart", comment="Techmart vùng Đồng bằng sông Cửu Long")
    conference = result.supports.get(kind="conference")
    task = next(t for t in _open_tasks(result, "appraise_support") if t.process.seed_object_id == conference.pk)
    client.force_login(province.dept_officer)
    claim(client, task)
    page = client.get(task_url(task, "execute")).content.decode()
    assert "Hội nghị kết nối cung cầu tháng 5" in page
    assert "Techmart vùng Đồng bằng sông Cửu Long" not in page


def test_a_returned_support_is_corrected_when_it_is_sent_again(client):
    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.accepted(), "request_support", "return_support")
    task = open_task(result, "complete_support")
    client.force_login(province.host_officer)
    claim(client, task)
    data = {"step": "resubmit_support", "support_kind": "conference", "requested_amount": "18.000.000"}
    assert execute(client, task, data).status_code == 302
    support = result.supports.get()
    assert (support.status, support.kind, support.requested_amount) == ("requested", "conference", 18_000_000)
    event = Event.objects.filter(case_key=case_key_for(result), action="result.resubmit_support").get()
    assert event.changes["commercialisationsupport"][1]["requested_amount"] == 18_000_000


def test_a_receiving_unit_lists_no_other_units_work_in_the_workflow_lists(client):
    province = Province("A")
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_DECIDED, "offer_transfer")
    units, officers = _three_units(province)
    actors.call("offer_transfer", result, receiving_unit=units[1])
    actors.call("request_support", result)
    from viewflow.workflow.models import Task as EngineTask

    from workflows.lists import visible_process_filter

    client.force_login(officers[0])
    for url in ("/workflow/result/", "/workflow/result/queue/", "/workflow/result/inbox/", "/workflow/result/archive/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert units[1].name not in response.content.decode(), url
    # What the lists are made of: the unit's own transfer's work and the result's own, never the other unit's or the
    # support's; the Sở, which reads the dossier, lists them all.
    tracks = EngineTask.objects.filter(
        process__artifact_object_id=result.pk, process__seed_object_id__isnull=False, flow_task_type="HUMAN"
    )
    listed = set(tracks.filter(visible_process_filter(officers[0], "process__")).values_list("work__agency", flat=True))
    assert listed == {units[0].pk}
    everything = tracks.filter(visible_process_filter(province.dept_head, "process__"))
    assert everything.count() == tracks.count() == 3
