"""Checks on an uploaded file: size and real content type (sniffed from its bytes, not taken from the browser)."""

import hashlib
import zipfile

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import InvalidInput

# Office Open XML files are zip archives; the part names say which kind.
_OOXML_MARKERS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sniff_content_type(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in ("application/zip", *_OOXML_MARKERS.values()):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        for marker, ooxml in _OOXML_MARKERS.items():
            if marker in names:
                return ooxml
        return "application/zip"
    return mime


def checked_upload(uploaded):
    """Return (content_type, sha256, size) or raise InvalidInput with a message for the user."""
    size = uploaded.size
    if not size:
        raise InvalidInput(_("Tệp rỗng, không có nội dung."), field="file")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise InvalidInput(
            _("Tệp lớn hơn mức cho phép %(limit)s.") % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            field="file",
        )
    content_type = sniff_content_type(uploaded)
    if content_type not in settings.DOCUMENT_ALLOWED_TYPES:
        allowed = ", ".join(sorted(set(settings.DOCUMENT_ALLOWED_TYPES.values())))
        raise InvalidInput(
            _("Định dạng tệp không được chấp nhận. Chỉ nhận: %(allowed)s.") % {"allowed": allowed}, field="file"
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return content_type, digest.hexdigest(), size
