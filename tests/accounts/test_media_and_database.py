"""Documents only through the scoped download view (never /media/, not even with DEBUG), handed to the web server
when configured; on SQLite a writer that waited too long gets a translated "busy" page, not a 500."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import RequestFactory
from django.urls import clear_url_caches

from accounts.errors import DatabaseBusyMiddleware
from tasks_registry import services
from tests.factories import Province

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def document():
    province = Province()
    result = province.accepted()
    doc = services.attach_document(
        result,
        actor=province.host_officer,
        agency=province.host,
        kind="final_report",
        uploaded_file=SimpleUploadedFile("bien-ban.pdf", PDF),
    )
    return province, result, doc


@pytest.mark.django_db
def test_with_debug_on_the_media_folder_is_not_served_to_anyone(client, document, settings):
    province, result, doc = document
    settings.DEBUG = True
    clear_url_caches()
    try:
        client.force_login(province.host_officer)
        assert client.get(f"/media/{doc.file.name}").status_code == 404
        assert client.get(f"/results/{result.pk}/documents/{doc.pk}/").status_code == 200  # the scoped way works
    finally:
        clear_url_caches()


@pytest.mark.django_db
def test_the_download_view_can_hand_the_file_to_nginx(client, document, settings):
    province, result, doc = document
    settings.DOCUMENT_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.DOCUMENT_SENDFILE_PREFIX = "/protected-media/"
    client.force_login(province.host_officer)
    response = client.get(f"/results/{result.pk}/documents/{doc.pk}/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/documents/{doc.sha256[:2]}/{doc.sha256}"
    assert response.content == b""  # nginx sends the bytes
    assert 'filename="bien-ban.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(PDF).hexdigest() == doc.sha256


@pytest.mark.django_db
def test_someone_outside_the_case_gets_no_file_whatever_the_sendfile_setting(client, document, settings):
    _province, result, doc = document
    settings.DOCUMENT_SENDFILE_HEADER = "X-Accel-Redirect"
    client.force_login(Province("B").host_officer)
    response = client.get(f"/results/{result.pk}/documents/{doc.pk}/")
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def test_the_demo_database_queues_writers_instead_of_failing():
    """The demo runs with no DATABASE_URL: its SQLite connection begins writes with IMMEDIATE and waits."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ENV")}
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.DATABASES['default']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    database = json.loads(done.stdout.strip().splitlines()[-1])
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5


@pytest.mark.django_db
def test_a_writer_that_finds_sqlite_locked_gets_a_translated_busy_page(tmp_path):
    path = str(tmp_path / "demo.sqlite3")
    holder = DatabaseWrapper({"NAME": path, "OPTIONS": {"timeout": 0.1}, **_SQLITE_DEFAULTS}, alias="holder")
    waiter = DatabaseWrapper(
        {"NAME": path, "OPTIONS": {"timeout": 0.1, "transaction_mode": "IMMEDIATE"}, **_SQLITE_DEFAULTS}, alias="waiter"
    )
    try:
        with holder.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x integer)")
        holder.set_autocommit(False)
        holder.cursor().execute("INSERT INTO t VALUES (1)")  # holds the write lock
        with pytest.raises(OperationalError) as raised:
            waiter.set_autocommit(False)  # BEGIN IMMEDIATE waits 0.1 s for the lock, then gives up
            waiter.cursor().execute("INSERT INTO t VALUES (2)")
    finally:
        holder.close()
        waiter.close()
    assert "locked" in str(raised.value)

    request = RequestFactory().post("/")
    request.LANGUAGE_CODE = "vi"
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(request, raised.value)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Hệ thống đang bận" in response.content.decode()
    assert "không có gì bị thay đổi" in response.content.decode()


_SQLITE_DEFAULTS = {
    "ENGINE": "django.db.backends.sqlite3",
    "USER": "",
    "PASSWORD": "",
    "HOST": "",
    "PORT": "",
    "ATOMIC_REQUESTS": False,
    "AUTOCOMMIT": True,
    "CONN_MAX_AGE": 0,
    "CONN_HEALTH_CHECKS": False,
    "TIME_ZONE": None,
    "TEST": {},
}
