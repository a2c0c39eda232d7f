"""Documents of a dossier: checked by their real content, fingerprinted, and recorded in the history."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.errors import InvalidInput, NotPermitted
from tasks_registry.models import Document
from tests.factories import Province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_workflows")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _attach(province, result, name, content, agency=None, actor=None):
    return services.attach_document(
        result,
        actor=actor or province.host_officer,
        agency=agency or province.host,
        kind="final_report",
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )


def test_a_pdf_is_stored_with_its_fingerprint_and_the_upload_is_in_the_history():
    province = Province()
    result = province.result()
    document = _attach(province, result, "bao-cao-tong-hop.pdf", PDF)
    assert document.content_type == "application/pdf"
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.size == len(PDF)
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    event = Event.objects.filter(case_key=case_key_for(result)).latest("seq")
    assert event.action == "document.attached"
    assert event.changes["document"][1]["sha256"] == document.sha256


def test_a_word_file_is_recognised_from_its_content():
    province = Province()
    document = _attach(province, province.result(), "mau-5.docx", _docx_bytes())
    assert document.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "Định dạng"),
        ("ghi-chu.txt", "chỉ là văn bản".encode(), "Định dạng"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_files_of_the_wrong_kind_are_refused(name, content, message):
    province = Province()
    result = province.result()
    with pytest.raises(InvalidInput, match=message):
        _attach(province, result, name, content)
    assert not Document.objects.exists()
    assert Event.objects.filter(case_key=case_key_for(result)).count() == 1


def test_files_over_the_size_limit_are_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 32
    province = Province()
    with pytest.raises(InvalidInput, match="lớn hơn"):
        _attach(province, province.result(), "lon.pdf", PDF)
    assert not Document.objects.exists()


def test_an_agency_without_a_part_in_the_result_cannot_add_documents():
    province, other = Province("A"), Province("B")
    with pytest.raises(NotPermitted):
        _attach(province, province.result(), "x.pdf", PDF, agency=other.host, actor=other.host_officer)
    with pytest.raises(NotPermitted):
        _attach(province, province.result(), "x.pdf", PDF, agency=province.host, actor=other.host_officer)
    assert not Document.objects.exists()


def test_a_document_downloads_only_for_those_who_may_see_the_result(client):
    province, other = Province("A"), Province("B")
    result = province.result()
    document = _attach(province, result, "bao-cao.pdf", PDF)
    url = f"/results/{result.pk}/documents/{document.pk}/"

    client.force_login(other.host_officer)
    assert client.get(url).status_code == 404

    client.force_login(province.dept_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="bao-cao.pdf"' in response["Content-Disposition"]
    event = Event.objects.filter(case_key=case_key_for(result)).latest("seq")
    assert event.action == "document.downloaded"
    assert event.actor == province.dept_officer
    assert event.agency == province.department
