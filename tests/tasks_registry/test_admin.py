"""The Django admin: every model opens; lifecycle fields stay read-only; configuration changes are audited."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import ChainHead, Event
from audit.verification import verify
from reports.models import Plan, PlanTask
from tasks_registry import services
from tasks_registry.lifecycle import Status
from tasks_registry.models import Agency, AgencyName, Membership, Result
from tasks_registry.roles import Role
from tests.factories import NEW_REGIME_DAY, Province, make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def province():
    return Province("A")


@pytest.fixture
def full_result(province):
    """A new-regime result carried to commercialisation support, with an IP title, revenue and a document."""
    p = province
    result = p.registered(NEW_REGIME_DAY)
    result = services.offer_transfer(
        result,
        actor=p.host_officer,
        agency=p.host,
        receiving_unit=p.receiver,
        form="standalone",
        contract_value=90_000_000,
    )
    result = services.confirm_transfer(result, actor=p.receiver_officer, agency=p.receiver, contract_no="HĐ-01/2026")
    result = services.report_application(result, actor=p.receiver_officer, agency=p.receiver, report="Áp dụng tại 3 xã")
    result = services.request_support(
        result, actor=p.host_officer, agency=p.host, kind="training", requested_amount=50_000_000
    )
    services.add_ip_title(result, actor=p.host_officer, agency=p.host, kind="patent", number="1-2026-00001")
    services.record_revenue(
        result,
        actor=p.host_officer,
        agency=p.host,
        year=2026,
        revenue=200_000_000,
        after_tax_profit=100_000_000,
        author_payout=30_000_000,
    )
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n" + b"1" * 1024, content_type="application/pdf")
    services.attach_document(result, actor=p.host_officer, agency=p.host, kind="final_report", uploaded_file=pdf)
    plan = Plan.objects.create(
        code="KH-01", title="Kế hoạch phát triển thị trường KH&CN", issuer=p.department, start_year=2023, end_year=2025
    )
    PlanTask.objects.create(
        plan=plan, number=1, text="Tổ chức hội nghị giới thiệu kết quả", lead_agency=p.department, timeline="Hằng năm"
    )
    return Result.objects.get(pk=result.pk)


def form_data(response, **overrides):
    """The POST data a browser would send back for an admin change form, as rendered, with `overrides`."""
    data = {}

    def put(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            if isinstance(value, (list, tuple)):
                data[key] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        data[management.add_prefix("TOTAL_FORMS")] = formset.initial_form_count()
        for form in formset.initial_forms:
            put(form)
    data.update(overrides)
    return data


def _events(case, action=None):
    events = Event.objects.filter(case_key=f"{case._meta.label_lower}:{case.pk}").order_by("seq")
    return events.filter(action=action) if action else events


# --- every model opens ------------------------------------------------------------------------------------------------


def test_every_registered_model_opens_for_a_superuser(admin_client, superuser, full_result):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    checked = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        changelist = admin_client.get(reverse("admin:%s_%s_changelist" % info))
        assert changelist.status_code == 200, model
        add = admin_client.get(reverse("admin:%s_%s_add" % info))
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), model
        obj = model._default_manager.first()
        if obj is not None:
            change = admin_client.get(reverse("admin:%s_%s_change" % info, args=[obj.pk]))
            assert change.status_code == 200, model
        checked.append(model._meta.label_lower)
    for label in (
        "tasks_registry.agency",
        "tasks_registry.agencyname",
        "tasks_registry.membership",
        "tasks_registry.legalregime",
        "tasks_registry.sttask",
        "tasks_registry.applicationaddress",
        "tasks_registry.result",
        "tasks_registry.iptitle",
        "tasks_registry.transfer",
        "tasks_registry.commercialisationsupport",
        "tasks_registry.revenuerecord",
        "tasks_registry.document",
        "audit.event",
        "audit.chainhead",
        "reports.plan",
        "reports.plantask",
    ):
        assert label in checked


def test_admin_site_speaks_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống theo dõi kết quả nhiệm vụ KH&amp;CN" in html


def test_non_staff_cannot_open_the_admin(client, province):
    client.force_login(province.dept_head)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:tasks_registry_agency_changelist")).status_code == 302


def test_anonymous_cannot_open_the_admin(client):
    assert client.get(reverse("admin:index")).status_code == 302


# --- results stay under the services' control -------------------------------------------------------------------------


def test_result_status_is_read_only_and_cannot_be_posted(admin_client, province):
    result = province.accepted()
    url = reverse("admin:tasks_registry_result_change", args=[result.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    form = page.context["adminform"].form
    for field in ("status", "regime", "registration_no", "ownership_holder", "acceptance_date", "task"):
        assert field not in form.fields
    assert 'name="status"' not in html
    assert str(Status.ACCEPTED.label) in html

    data = form_data(
        page, title="Quy trình nhân giống lúa chịu mặn (bản sửa)", status=Status.CLOSED, registration_no="KQ-GIẢ"
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["adminform"].form.errors
    result = Result.objects.get(pk=result.pk)
    assert result.status == Status.ACCEPTED
    assert result.registration_no is None
    assert result.title == "Quy trình nhân giống lúa chịu mặn (bản sửa)"
    event = _events(result, "admin.changed").get()
    assert event.changes == {
        "title": ["Quy trình nhân giống lúa chịu mặn", "Quy trình nhân giống lúa chịu mặn (bản sửa)"]
    }
    assert verify().ok


def test_results_cannot_be_added_or_deleted_in_the_admin(admin_client, province):
    result = province.result()
    assert admin_client.get(reverse("admin:tasks_registry_result_add")).status_code == 403
    assert admin_client.get(reverse("admin:tasks_registry_result_delete", args=[result.pk])).status_code == 403
    assert (
        admin_client.post(reverse("admin:tasks_registry_result_delete", args=[result.pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = admin_client.get(reverse("admin:tasks_registry_result_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert Result.objects.filter(pk=result.pk).exists()


def test_result_shows_its_records_read_only(admin_client, full_result):
    page = admin_client.get(reverse("admin:tasks_registry_result_change", args=[full_result.pk]))
    html = page.content.decode()
    assert "bao-cao.pdf" in html and "1-2026-00001" in html
    assert "90.000.000 ₫" in html and "50.000.000 ₫" in html  # amounts in đồng, in the inlines too
    for inline in page.context["inline_admin_formsets"]:
        assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission


def test_documents_are_read_only(admin_client, full_result):
    document = full_result.documents.get()
    url = reverse("admin:tasks_registry_document_change", args=[document.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(url, {"original_name": "khac.pdf"}).status_code == 403
    assert admin_client.get(reverse("admin:tasks_registry_document_delete", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.original_name == "bao-cao.pdf"


def test_transfer_status_is_read_only(admin_client, full_result):
    transfer = full_result.transfers.get()
    status = transfer.status
    url = reverse("admin:tasks_registry_transfer_change", args=[transfer.pk])
    page = admin_client.get(url)
    assert "status" not in page.context["adminform"].form.fields
    response = admin_client.post(url, form_data(page, contract_no="HĐ-01/2026-sửa", status="declined"))
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == status != "declined" and transfer.contract_no == "HĐ-01/2026-sửa"
    event = _events(full_result, "admin.changed").get()
    assert event.object_type == "tasks_registry.transfer" and event.object_id == str(transfer.pk)
    assert event.changes == {"contract_no": ["HĐ-01/2026", "HĐ-01/2026-sửa"]}


# --- audit of configuration changes -----------------------------------------------------------------------------------


def test_changing_an_agency_records_before_and_after(admin_client, superuser, province):
    agency = province.host
    url = reverse("admin:tasks_registry_agency_change", args=[agency.pk])
    page = admin_client.get(url)
    response = admin_client.post(url, form_data(page, short_name="ĐH A", address="12 Lê Lợi"))
    assert response.status_code == 302

    event = _events(agency, "admin.changed").get()
    assert event.changes == {"short_name": ["", "ĐH A"], "address": ["", "12 Lê Lợi"]}
    assert event.actor == superuser and event.actor_name == "root"
    assert event.comment == "Django admin"
    assert event.object_type == "tasks_registry.agency" and event.object_id == str(agency.pk)
    assert event.ip_address == "127.0.0.1" and event.request_id  # the request's origin is kept
    assert verify().ok


def test_a_name_is_changed_by_the_rename_action_through_the_service_never_typed_over(admin_client, superuser, province):
    agency = province.host
    url = reverse("admin:tasks_registry_agency_change", args=[agency.pk])
    typed_over = admin_client.post(url, form_data(admin_client.get(url), name="Tên gõ đè"))
    assert typed_over.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Trường Đại học A"  # the field is read-only: the posted value is ignored

    changelist = reverse("admin:tasks_registry_agency_changelist")
    asked = admin_client.post(changelist, {"action": "rename", "_selected_action": [agency.pk]})
    assert asked.status_code == 200 and "Tên mới" in asked.content.decode()
    day = timezone.localdate()
    data = {"action": "rename", "_selected_action": [agency.pk], "apply": "1", "new_name": "Trường Đại học A mới"}
    refused = admin_client.post(changelist, {**data, "effective_on": "31/02/2026", "basis": "Quyết định 1/QĐ"})
    assert refused.status_code == 200 and AgencyName.objects.filter(agency=agency).count() == 0
    done = admin_client.post(changelist, {**data, "effective_on": day.strftime("%d/%m/%Y"), "basis": "Quyết định 1/QĐ"})
    assert done.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Trường Đại học A mới"
    names = list(AgencyName.objects.filter(agency=agency).order_by("valid_from").values_list("name", "valid_to"))
    assert names == [("Trường Đại học A", day - datetime.timedelta(days=1)), ("Trường Đại học A mới", None)]
    event = _events(agency, "agency.renamed").get()
    assert event.actor == superuser and event.changes["name"] == ["Trường Đại học A", "Trường Đại học A mới"]
    assert verify().ok


def test_an_agency_that_has_ceased_cannot_be_renamed_after_its_end(admin_client, province):
    ended = make_agency("CU", name="Chi cục cũ", province=province.province)
    services.merge_agency(
        ended,
        actor=get_user_model().objects.get(username="root"),
        successor=province.department,
        effective_on=timezone.localdate(),
        basis="Nghị quyết sáp nhập",
    )
    ended.refresh_from_db()
    changelist = reverse("admin:tasks_registry_agency_changelist")
    after_end = (ended.active_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    refused = admin_client.post(
        changelist,
        {
            "action": "rename",
            "_selected_action": [ended.pk],
            "apply": "1",
            "new_name": "Tên mới",
            "effective_on": after_end,
            "basis": "Quyết định 2/QĐ",
        },
    )
    assert refused.status_code == 200 and "đã ngừng hoạt động" in refused.content.decode()
    ended.refresh_from_db()
    assert ended.name == "Chi cục cũ" and not _events(ended, "agency.renamed").exists()


def test_saving_without_changes_records_nothing(admin_client, province):
    url = reverse("admin:tasks_registry_agency_change", args=[province.host.pk])
    before = Event.objects.count()
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    assert Event.objects.count() == before


def test_adding_and_deleting_an_agency_is_recorded(admin_client):
    response = admin_client.post(
        reverse("admin:tasks_registry_agency_add"),
        {
            "code": "UBND-XA-1",
            "name": "Ủy ban nhân dân xã Mỹ An",
            "kind": "peoples_committee",
            "active_from": "01/07/2025",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    agency = Agency.objects.get(code="UBND-XA-1")
    added = _events(agency, "admin.added").get()
    assert added.changes["name"] == [None, "Ủy ban nhân dân xã Mỹ An"]
    assert added.changes["active_from"] == [None, "2025-07-01"]
    assert "active_to" not in added.changes  # empty values are left out

    pk = agency.pk
    response = admin_client.post(reverse("admin:tasks_registry_agency_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=pk).exists()
    deleted = Event.objects.get(case_key=f"tasks_registry.agency:{pk}", action="admin.deleted")
    assert deleted.object_id == str(pk) and deleted.changes["code"] == ["UBND-XA-1", None]
    assert verify().ok


def test_refused_delete_leaves_no_event(admin_client, province):
    # Memberships protect the agency: the admin refuses, and nothing is recorded.
    url = reverse("admin:tasks_registry_agency_delete", args=[province.host.pk])
    admin_client.post(url, {"post": "yes"})
    assert Agency.objects.filter(pk=province.host.pk).exists()
    assert not _events(province.host, "admin.deleted").exists()


def test_bulk_delete_action_is_recorded(admin_client):
    first, second = make_agency(), make_agency()
    response = admin_client.post(
        reverse("admin:tasks_registry_agency_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Agency.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert Event.objects.filter(action="admin.deleted", object_type="tasks_registry.agency").count() == 2


def test_inline_rows_are_recorded_in_the_agency_chain(admin_client, province):
    agency = province.department
    newcomer = make_user("newcomer")
    url = reverse("admin:tasks_registry_agency_change", args=[agency.pk])
    page = admin_client.get(url)
    data = form_data(page)
    data.update(
        {
            "memberships-TOTAL_FORMS": str(int(data["memberships-TOTAL_FORMS"]) + 1),
            f"memberships-{data['memberships-TOTAL_FORMS']}-user": str(newcomer.pk),
            f"memberships-{data['memberships-TOTAL_FORMS']}-role": Role.REPORTER,
            f"memberships-{data['memberships-TOTAL_FORMS']}-valid_from": "01/01/2026",
            "names-TOTAL_FORMS": "1",
            "names-0-name": "Sở Khoa học và Công nghệ A (cũ)",
            "names-0-valid_from": "01/01/2010",
            "names-0-valid_to": "31/12/2024",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    membership = Membership.objects.get(user=newcomer)
    name = AgencyName.objects.get(agency=agency)
    added = _events(agency, "admin.added")
    assert {(e.object_type, e.object_id) for e in added} == {
        ("tasks_registry.membership", str(membership.pk)),
        ("tasks_registry.agencyname", str(name.pk)),
    }
    assert added.get(object_type="tasks_registry.membership").changes["role"] == [None, "reporter"]

    # the same rows edited in their own admin pages land in the same chain
    url = reverse("admin:tasks_registry_membership_change", args=[membership.pk])
    page = admin_client.get(url)
    assert admin_client.post(url, form_data(page, valid_to="30/06/2026")).status_code == 302
    changed = _events(agency, "admin.changed").get()
    assert changed.object_type == "tasks_registry.membership"
    assert changed.changes == {"valid_to": [None, "2026-06-30"]}

    # deleting an inline row
    page = admin_client.get(reverse("admin:tasks_registry_agency_change", args=[agency.pk]))
    data = form_data(page)
    index = next(
        i
        for i, f in enumerate(page.context["inline_admin_formsets"][0].formset.initial_forms)
        if f.instance.pk == name.pk
    )
    data[f"names-{index}-DELETE"] = "on"
    assert admin_client.post(reverse("admin:tasks_registry_agency_change", args=[agency.pk]), data).status_code == 302
    deleted = _events(agency, "admin.deleted").get()
    assert deleted.object_id == str(name.pk) and deleted.changes["name"] == ["Sở Khoa học và Công nghệ A (cũ)", None]
    assert verify().ok


def test_plan_task_inline_records_coordinating_agencies(admin_client, province):
    plan = Plan.objects.create(
        code="KH-02", title="Kế hoạch 2023-2025", issuer=province.department, start_year=2023, end_year=2025
    )
    url = reverse("admin:reports_plan_change", args=[plan.pk])
    data = form_data(admin_client.get(url))
    data.update(
        {
            "tasks-TOTAL_FORMS": "1",
            "tasks-0-number": "9",
            "tasks-0-section": "B",
            "tasks-0-text": "Hội nghị giới thiệu kết quả nghiên cứu đến đơn vị tiếp nhận",
            "tasks-0-lead_agency": str(province.department.pk),
            "tasks-0-coordinating_agencies": [str(province.host.pk), str(province.receiver.pk)],
            "tasks-0-timeline": "Hằng năm",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    task = PlanTask.objects.get(plan=plan)
    added = _events(plan, "admin.added").get()
    assert added.object_type == "reports.plantask"
    assert added.changes["coordinating_agencies"] == [None, sorted([province.host.pk, province.receiver.pk])]

    url = reverse("admin:reports_plantask_change", args=[task.pk])
    page = admin_client.get(url)
    assert admin_client.post(url, form_data(page, coordinating_agencies=[str(province.host.pk)])).status_code == 302
    changed = _events(plan, "admin.changed").get()
    assert changed.changes == {
        "coordinating_agencies": [sorted([province.host.pk, province.receiver.pk]), [province.host.pk]]
    }


def test_legal_regime_change_is_recorded(admin_client):
    from tasks_registry.models import LegalRegime

    regime = LegalRegime.objects.get(code="luat-khcn-2013")
    url = reverse("admin:tasks_registry_legalregime_change", args=[regime.pk])
    assert admin_client.post(url, form_data(admin_client.get(url), author_share_min_percent="35")).status_code == 302
    event = _events(regime, "admin.changed").get()
    assert event.changes == {"author_share_min_percent": ["30.00", "35.00"]}


# --- the audit log is read-only ---------------------------------------------------------------------------------------


def test_event_admin_refuses_add_change_delete(admin_client, province):
    province.result()
    event = Event.objects.first()
    assert admin_client.get(reverse("admin:audit_event_add")).status_code == 403
    change_url = reverse("admin:audit_event_change", args=[event.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and "deletelink" not in html
    assert admin_client.post(change_url, {"action": "tampered"}).status_code == 403
    assert admin_client.get(reverse("admin:audit_event_delete", args=[event.pk])).status_code == 403
    assert admin_client.post(reverse("admin:audit_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:audit_event_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    event.refresh_from_db()
    assert event.action == "result.recorded"


def test_chain_head_admin_is_read_only(admin_client, province):
    province.result()
    head = ChainHead.objects.first()
    assert admin_client.get(reverse("admin:audit_chainhead_add")).status_code == 403
    change_url = reverse("admin:audit_chainhead_change", args=[head.pk])
    assert admin_client.post(change_url, {"length": "0"}).status_code == 403
    assert admin_client.get(reverse("admin:audit_chainhead_delete", args=[head.pk])).status_code == 403


def test_chain_head_links_to_its_events(admin_client, province):
    result = province.accepted()
    head = ChainHead.objects.get(case_key=f"tasks_registry.result:{result.pk}")
    page = admin_client.get(reverse("admin:audit_chainhead_changelist"))
    link = f"{reverse('admin:audit_event_changelist')}?case_key=tasks_registry.result%3A{result.pk}"
    assert link.replace("&", "&amp;") in page.content.decode()
    events = admin_client.get(link)
    assert events.status_code == 200 and events.context["cl"].result_count == head.length == 2


def test_event_admin_filters_and_searches(admin_client, province):
    province.accepted()
    base = reverse("admin:audit_event_changelist")
    assert admin_client.get(base, {"action": "result.accept"}).context["cl"].result_count == 1
    assert admin_client.get(base, {"q": "a-dept-head"}).context["cl"].result_count == 1
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    # Only the result cases: the admin's own login is an event too (in its person's chain).
    response = admin_client.get(
        base,
        {
            "occurred_at__gte": str(midnight - datetime.timedelta(days=1)),
            "case_key__startswith": "tasks_registry.result:",
        },
    )
    assert response.status_code == 200 and response.context["cl"].result_count == 2


def _retire(admin_client, agencies, last_day, basis="Quyết định giải thể số 3/QĐ"):
    changelist = reverse("admin:tasks_registry_agency_changelist")
    data = {"action": "retire", "_selected_action": [a.pk for a in agencies], "apply": "1", "basis": basis}
    return admin_client.post(changelist, {**data, "last_day": last_day.strftime("%d/%m/%Y")})


def test_an_agency_that_ends_without_a_successor_is_retired_by_its_admin_action(admin_client, superuser, province):
    """A receiving unit that took part in nothing still followed is dissolved: its last day and the basis are
    kept, its people's memberships end that day, and the event is in its history."""
    assert Membership.objects.active().filter(agency=province.receiver).count() == 1  # its officer
    changelist = reverse("admin:tasks_registry_agency_changelist")
    asked = admin_client.post(changelist, {"action": "retire", "_selected_action": [province.receiver.pk]})
    assert asked.status_code == 200 and "Ngày cuối cùng hoạt động" in asked.content.decode()
    day = timezone.localdate()
    assert _retire(admin_client, [province.receiver], day).status_code == 302
    province.receiver.refresh_from_db()
    assert (province.receiver.active_to, province.receiver.successor) == (day, None)
    assert province.receiver.legal_basis == "Quyết định giải thể số 3/QĐ"
    assert not Membership.objects.active(day + datetime.timedelta(days=1)).filter(agency=province.receiver).exists()
    event = _events(province.receiver, "agency.retired").get()
    assert event.actor == superuser and event.changes["memberships_ended"] == [None, 1]
    assert verify().ok


def test_an_agency_still_taking_part_in_a_followed_result_is_not_retired_and_nothing_changes(admin_client, province):
    province.accepted()  # the host and the department take part in a result still followed
    other = make_agency("X-CTY", name="Công ty X", province=province.province)
    refused = _retire(admin_client, [other, province.host], timezone.localdate())
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "còn tham gia 1 kết quả đang theo dõi" in page and "sáp nhập vào cơ quan kế thừa" in page
    assert Agency.objects.filter(pk__in=[other.pk, province.host.pk], active_to__isnull=False).count() == 0
    assert not Event.objects.filter(action="agency.retired").exists()
