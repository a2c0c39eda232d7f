"""Walking one result through its whole life in the queues: each step lands in exactly the right queue."""

import re

import pytest
from viewflow.workflow.models import Task

from tasks_registry.lifecycle import Status
from tests.factories import Province

from .helpers import claim, execute, open_task, task_url, work_of

pytestmark = pytest.mark.django_db

PEOPLE = ("dept_officer", "dept_head", "host_officer", "host_head", "receiver_officer", "auditor")
# work → (agency attribute of the province, who sees it in their queue)
EXPECTED = {
    "review_acceptance": ("department", {"dept_head"}),
    "complete_acceptance": ("host", {"host_officer", "host_head"}),
    "submit_registration": ("host", {"host_officer", "host_head"}),
    "verify_registration": ("department", {"dept_officer", "dept_head"}),
    "complete_registration": ("host", {"host_officer", "host_head"}),
    "apply_for_ownership": ("host", {"host_officer", "host_head"}),
    "appraise_ownership": ("department", {"dept_officer", "dept_head"}),
    "complete_ownership": ("host", {"host_officer", "host_head"}),
    "submit_ownership_decision": ("department", {"dept_head"}),
    # The test province's department has no People's Committee above it: it decides itself.
    "decide_ownership": ("department", {"dept_head"}),
    "arrange_transfer": ("host", {"host_officer", "host_head"}),
    "answer_transfer": ("receiver", {"receiver_officer"}),
    "report_application": ("receiver", {"receiver_officer"}),
    "follow_application": ("host", {"host_officer", "host_head"}),
    "appraise_support": ("department", {"dept_officer", "dept_head"}),
    "complete_support": ("host", {"host_officer", "host_head"}),
    "decide_support": ("department", {"dept_head"}),
    "report_support_outcome": ("host", {"host_officer", "host_head"}),
}


def _walk(province, other):
    return [
        ("review_acceptance", "dept_head", {"step": "return_acceptance", "comment": "Thiếu biên bản hội đồng"}),
        ("complete_acceptance", "host_officer", {"step": "resubmit_acceptance"}),
        ("review_acceptance", "dept_head", {"step": "accept", "acceptance_date": "15/05/2023", "grade": "passed"}),
        ("submit_registration", "host_officer", {"step": "submit_registration"}),
        ("verify_registration", "dept_officer", {"step": "return_registration", "comment": "Thiếu Mẫu 5"}),
        ("complete_registration", "host_officer", {"step": "resubmit_registration"}),
        (
            "verify_registration",
            "dept_officer",
            {"step": "register", "registration_no": "KQ015440", "registered_on": "01/06/2023"},
        ),
        ("apply_for_ownership", "host_officer", {"step": "apply_for_ownership"}),
        ("appraise_ownership", "dept_officer", {"step": "return_ownership", "comment": "Thiếu Mẫu 2"}),
        ("complete_ownership", "host_officer", {"step": "resubmit_ownership"}),
        ("appraise_ownership", "dept_officer", {"step": "appraise_ownership"}),
        ("submit_ownership_decision", "dept_head", {"step": "submit_ownership_decision", "submission_no": "3/TTr"}),
        (
            "decide_ownership",
            "dept_head",
            {
                "step": "decide_ownership",
                "outcome": "host_with_repayment",
                "decision_no": "15/QĐ-UBND",
                "repayment_value": "100000000",
            },
        ),
        (
            "arrange_transfer",
            "host_officer",
            {
                "step": "offer_transfer",
                "receiving_unit": province.receiver.pk,
                "transfer_form": "standalone",
                "rights": "licence",
                "contract_value": "50000000",
            },
        ),
        ("answer_transfer", "receiver_officer", {"step": "decline_transfer", "comment": "Chưa bố trí được vốn"}),
        (
            "arrange_transfer",
            "host_officer",
            {
                "step": "offer_transfer",
                "receiving_unit": province.receiver.pk,
                "transfer_form": "standalone",
                "rights": "licence",
                "contract_value": "60000000",
            },
        ),
        ("answer_transfer", "receiver_officer", {"step": "confirm_transfer", "contract_no": "08/HĐCG"}),
        ("report_application", "receiver_officer", {"step": "report_application", "report": "Áp dụng tại 3 xã"}),
        (
            "follow_application",
            "host_officer",
            {"step": "request_support", "support_kind": "techmart", "requested_amount": "30000000"},
        ),
        ("appraise_support", "dept_officer", {"step": "return_support", "comment": "Thiếu dự toán"}),
        ("complete_support", "host_officer", {"step": "resubmit_support"}),
        ("appraise_support", "dept_officer", {"step": "appraise_support"}),
        (
            "decide_support",
            "dept_head",
            {"step": "grant_support", "decision_no": "77/QĐ", "granted_amount": "25000000"},
        ),
        ("report_support_outcome", "host_officer", {"step": "report_support_outcome", "report": "Ký 2 hợp đồng"}),
        ("follow_application", "host_officer", {"step": "close"}),
    ]


def _queue_of(user):
    return set(Task.objects.user_queue(user).filter(status="NEW").values_list("pk", flat=True))


def test_each_step_lands_in_exactly_the_right_agencys_queue(client):
    province, other = Province("A"), Province("B")
    result = province.result()
    everyone = {name: getattr(province, name) for name in PEOPLE}
    strangers = [getattr(other, name) for name in PEOPLE]

    for work, actor_name, data in _walk(province, other):
        # The owner keeps following its result while a transfer or a support has a task of its own.
        task = open_task(result, work)
        assert task.flow_task.name == work
        agency_name, expected_viewers = EXPECTED[work]
        assert work_of(task).agency == getattr(province, agency_name)
        seen_by = {name for name, user in everyone.items() if task.pk in _queue_of(user)}
        assert seen_by == expected_viewers, work
        assert not any(task.pk in _queue_of(user) for user in strangers)

        client.force_login(everyone[actor_name])
        assert claim(client, task).status_code == 302
        response = execute(client, task, data)
        assert response.status_code == 302, (work, response.content.decode()[-2000:])
        task.refresh_from_db()
        assert task.status == "DONE"
        assert not any(task.pk in _queue_of(user) for user in everyone.values())

    result.refresh_from_db()
    assert result.status == Status.CLOSED
    assert not Task.objects.filter(
        process__artifact_object_id=result.pk, flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]
    ).exists()


def test_a_returned_dossier_comes_back_to_the_same_queue_with_its_reason(client):
    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    execute(client, task, {"step": "return_acceptance", "comment": "Thiếu biên bản hội đồng nghiệm thu"})

    back = open_task(result)
    assert back.flow_task.name == "complete_acceptance"
    client.force_login(province.host_officer)
    claim(client, back)
    page = client.get(task_url(back, "execute")).content.decode()
    assert "Thiếu biên bản hội đồng nghiệm thu" in page
    execute(client, back, {"step": "resubmit_acceptance"})

    again = open_task(result)
    assert again.flow_task.name == "review_acceptance"
    assert work_of(again).agency == province.department
    assert again.pk in _queue_of(province.dept_head)


def test_returning_without_a_reason_is_refused_and_the_task_stays_open(client):
    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    response = execute(client, task, {"step": "return_acceptance", "comment": " "})
    assert response.status_code == 200
    assert "Cần ghi rõ lý do" in response.content.decode()
    result.refresh_from_db()
    assert result.status == Status.ACCEPTANCE_SUBMITTED
    assert open_task(result).pk == task.pk


def test_bad_data_is_refused_with_the_services_message_and_changes_nothing(client):
    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    response = execute(client, task, {"step": "accept", "grade": "passed"})
    assert response.status_code == 200
    assert "Cần nhập ngày nghiệm thu" in response.content.decode()
    result.refresh_from_db()
    assert result.status == Status.ACCEPTANCE_SUBMITTED


def test_a_double_submit_fires_one_transition(client):
    from audit.models import Event
    from audit.recorder import case_key_for

    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    data = {"step": "accept", "acceptance_date": "15/05/2023", "grade": "passed"}
    first, second = execute(client, task, data), execute(client, task, data)
    assert first.status_code == 302
    assert second.status_code in (302, 403)
    assert Event.objects.filter(case_key=case_key_for(result), action="result.accept").count() == 1


def dossier(*rows):
    """The task page's dossier rows: (kind, file) pairs as the browser posts them."""
    data = {"documents-TOTAL_FORMS": str(len(rows)), "documents-INITIAL_FORMS": "0"}
    for number, (kind, upload) in enumerate(rows):
        data[f"documents-{number}-kind"] = kind
        if upload is not None:
            data[f"documents-{number}-file"] = upload
    return data


def test_a_decision_document_is_uploaded_with_the_step_and_a_bad_file_changes_nothing(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tasks_registry.models import Document

    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    data = {"step": "accept", "acceptance_date": "15/05/2023", "grade": "passed"}

    bad = execute(client, task, data, dossier(("decision", SimpleUploadedFile("qd.pdf", b"MZ\x90\x00" + b"\x00" * 64))))
    assert bad.status_code == 200
    assert "Định dạng tệp không được chấp nhận" in bad.content.decode()
    result.refresh_from_db()
    assert result.status == Status.ACCEPTANCE_SUBMITTED
    assert not Document.objects.exists()

    good = execute(
        client, task, data, dossier(("decision", SimpleUploadedFile("qd-cong-nhan.pdf", b"%PDF-1.4\n%%EOF\n")))
    )
    assert good.status_code == 302
    result.refresh_from_db()
    assert result.status == Status.ACCEPTED
    document = Document.objects.get()
    assert (document.result, document.kind, document.original_name) == (result, "decision", "qd-cong-nhan.pdf")


def test_an_ownership_dossier_of_three_forms_is_filed_in_one_step_and_one_bad_paper_files_none(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import Event
    from audit.recorder import case_key_for
    from tasks_registry.models import Document

    province = Province()
    result = province.registered()
    task = open_task(result)
    client.force_login(province.host_officer)
    claim(client, task)
    page = client.get(task_url(task, "execute")).content.decode()
    assert len(re.findall(r'name="documents-\d+-file"', page)) == 3  # three rows; "Thêm tài liệu" adds more
    data = {"step": "apply_for_ownership"}

    def pdf(name):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n")

    forms = [
        ("ownership_application", pdf("mau-1.pdf")),
        ("applicability_report", pdf("mau-2.pdf")),
        ("draft_agreement", SimpleUploadedFile("mau-3.pdf", b"MZ\x90\x00" + b"\x00" * 64)),
    ]
    refused = execute(client, task, data, dossier(*forms))
    assert refused.status_code == 200
    assert "Định dạng tệp không được chấp nhận" in refused.content.decode()
    result.refresh_from_db()
    assert result.status == Status.REGISTERED and not Document.objects.exists()

    forms = [
        ("ownership_application", pdf("mau-1.pdf")),
        ("applicability_report", pdf("mau-2.pdf")),
        ("draft_agreement", pdf("mau-3.pdf")),
        ("", None),
    ]  # the last row left untouched is no paper
    assert execute(client, task, data, dossier(*forms)).status_code == 302
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_REQUESTED
    assert sorted(Document.objects.filter(result=result).values_list("kind", "original_name")) == [
        ("applicability_report", "mau-2.pdf"),
        ("draft_agreement", "mau-3.pdf"),
        ("ownership_application", "mau-1.pdf"),
    ]
    assert Event.objects.filter(case_key=case_key_for(result), action="document.attached").count() == 3


def test_a_document_without_its_kind_is_refused(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    response = execute(
        client,
        task,
        {"step": "accept", "acceptance_date": "15/05/2023", "grade": "passed"},
        dossier(("", SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n%%EOF\n"))),
    )
    assert response.status_code == 200
    assert "Cần chọn loại tài liệu" in response.content.decode()
    result.refresh_from_db()
    assert result.status == Status.ACCEPTANCE_SUBMITTED


def test_a_task_page_asks_only_for_what_its_steps_take(client):
    province = Province()
    task = open_task(province.accepted())
    client.force_login(province.host_officer)
    claim(client, task)
    page = client.get(task_url(task, "execute")).content.decode()
    assert 'value="submit_registration"' in page
    assert 'name="documents-0-file"' in page and 'name="documents-0-kind"' in page
    for unrelated in ('name="outcome"', 'name="receiving_unit"', 'name="registration_no"', 'name="granted_amount"'):
        assert unrelated not in page


def test_an_amount_is_typed_the_vietnamese_way_on_a_step_form_and_a_fraction_of_a_dong_is_refused(client):
    from tasks_registry import services

    province = Province()
    result = province.registered()
    result = services.apply_for_ownership(result, actor=province.host_officer, agency=province.host)
    result = services.take_step(result, "appraise_ownership", actor=province.dept_officer, agency=province.department)
    result = services.take_step(
        result,
        "submit_ownership_decision",
        actor=province.dept_head,
        agency=province.department,
        submission_no="5/TTr-SKHCN",
    )
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    page = client.get(task_url(task, "execute")).content.decode()
    assert 'name="repayment_value"' in page and 'type="number"' not in page
    data = {
        "step": "decide_ownership",
        "outcome": "host_with_repayment",
        "decision_no": "99/QĐ-UBND",
        "decision_date": "20/05/2023",
    }
    refused = execute(client, task, {**data, "repayment_value": "10.000.000,5"})
    assert refused.status_code == 200 and "Số tiền tính bằng đồng, không có phần lẻ." in refused.content.decode()
    assert execute(client, task, {**data, "repayment_value": "1.500.000.000"}).status_code == 302
    result.refresh_from_db()
    assert result.repayment_value == 1_500_000_000
