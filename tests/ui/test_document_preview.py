"""A document can be looked at in the browser before anyone downloads it: PDF and images only, sandboxed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks_registry import services
from tests.factories import Province

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _attach(province, result, name):
    return services.attach_document(
        result,
        actor=province.host_officer,
        agency=province.host,
        kind="final_report",
        uploaded_file=SimpleUploadedFile(name, PDF),
    )


def test_a_pdf_opens_in_the_browser_from_its_preview_link_and_downloads_from_its_name(client):
    province = Province("XT")
    result = province.accepted()
    document = _attach(province, result, "bao-cao-tong-ket.pdf")
    client.force_login(province.dept_officer)
    url = f"/results/{result.pk}/documents/{document.pk}/"

    page = client.get(f"/results/{result.pk}/").content.decode()
    assert f'href="{url}?preview=1"' in page and "Xem trước" in page

    shown = client.get(url + "?preview=1")
    assert shown.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"] == "sandbox"
    assert b"".join(shown.streaming_content) == PDF
    assert client.get(url)["Content-Disposition"].startswith("attachment")


def test_a_file_whose_name_does_not_match_its_kind_is_never_shown_only_downloaded(client):
    province = Province("XU")
    result = province.accepted()
    document = _attach(province, result, "ghi-chu.txt")  # PDF bytes under another name: no preview link, no inline
    client.force_login(province.dept_officer)
    url = f"/results/{result.pk}/documents/{document.pk}/"

    assert f"{url}?preview=1" not in client.get(f"/results/{result.pk}/").content.decode()
    assert client.get(url + "?preview=1")["Content-Disposition"].startswith("attachment")
