"""Sending a document's file once the download view has decided the person may have it.

There is no URL under MEDIA_URL: files are reached only through the view. In production the view may hand the
sending to the web server (settings.DOCUMENT_SENDFILE_HEADER: "X-Accel-Redirect" for nginx, "X-Sendfile" for
Apache) so that Python does not stream large files; nginx's location for DOCUMENT_SENDFILE_PREFIX is `internal`,
so a browser cannot ask for it directly (docs/operations.md, "Hardening").
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# Kinds a browser shows by itself and that run no script: only these open in a tab ("Xem trước"); any other file is
# always sent as an attachment, whatever the link asked.
PREVIEWABLE = {"application/pdf": (".pdf",), "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}


def previewable(document):
    extensions = PREVIEWABLE.get(document.content_type)
    return bool(extensions) and document.original_name.lower().endswith(extensions)


def file_response(document, preview=False):
    """The file as an attachment, or shown in the browser (`preview`) when it is of a previewable kind; a shown file
    is sandboxed (no script, no form, no same-origin access), as if it came from another site."""
    attachment = not (preview and previewable(document))
    header = settings.DOCUMENT_SENDFILE_HEADER
    if not header:
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=attachment,
            filename=document.original_name,
            content_type=document.content_type,
        )
        if not attachment:
            response["Content-Security-Policy"] = "sandbox"
        return response
    response = HttpResponse(content_type=document.content_type)
    if header.lower() == "x-sendfile":
        response[header] = document.file.path
    else:
        response[header] = settings.DOCUMENT_SENDFILE_PREFIX.rstrip("/") + "/" + quote(document.file.name)
    response["Content-Disposition"] = content_disposition_header(attachment, document.original_name)
    if not attachment:
        response["Content-Security-Policy"] = "sandbox"
    return response
