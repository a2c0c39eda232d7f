"""A step's dossier through the API: several `document` parts, each with its `document_kind`, attached with the
step in one transaction; one bad paper refuses the whole step and attaches nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry.lifecycle import Status as S
from tasks_registry.models import Document
from tests.factories import Province
from tests.workflows.helpers import open_task

from .helpers import api_as

pytestmark = pytest.mark.django_db


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_an_ownership_application_files_mau_1_2_and_3_in_one_step_and_a_bad_paper_files_nothing():
    province = Province()
    result = province.registered()
    task = open_task(result)
    client = api_as(province.host_officer)
    assert client.post(f"/api/v1/work/{task.pk}/claim/").status_code == 200
    kinds = ["ownership_application", "applicability_report", "draft_agreement"]

    refused = client.post(
        f"/api/v1/work/{task.pk}/complete/",
        {
            "step": "apply_for_ownership",
            "document_kind": kinds,
            "document": [
                pdf("mau-1.pdf"),
                pdf("mau-2.pdf"),
                SimpleUploadedFile("mau-3.pdf", b"MZ\x90\x00" + b"\x00" * 64),
            ],
        },
        format="multipart",
    )
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "document" in refused.json()["errors"]
    result.refresh_from_db()
    assert result.status == S.REGISTERED and not Document.objects.exists()

    done = client.post(
        f"/api/v1/work/{task.pk}/complete/",
        {
            "step": "apply_for_ownership",
            "document_kind": kinds,
            "document": [pdf("mau-1.pdf"), pdf("mau-2.pdf"), pdf("mau-3.pdf")],
        },
        format="multipart",
    )
    assert done.status_code == 200, done.content
    result.refresh_from_db()
    assert result.status == S.OWNERSHIP_REQUESTED
    assert sorted(Document.objects.filter(result=result).values_list("kind", "original_name")) == [
        ("applicability_report", "mau-2.pdf"),
        ("draft_agreement", "mau-3.pdf"),
        ("ownership_application", "mau-1.pdf"),
    ]
    assert Event.objects.filter(case_key=case_key_for(result), action="document.attached").count() == 3


def test_a_paper_without_its_kind_is_refused_by_name():
    province = Province()
    result = province.registered()
    task = open_task(result)
    client = api_as(province.host_officer)
    client.post(f"/api/v1/work/{task.pk}/claim/")
    answer = client.post(
        f"/api/v1/work/{task.pk}/complete/",
        {"step": "apply_for_ownership", "document": [pdf("x.pdf")]},
        format="multipart",
    )
    assert answer.status_code == 400
    assert "document_kind" in answer.json()["errors"]
    result.refresh_from_db()
    assert result.status == S.REGISTERED and not Document.objects.exists()
