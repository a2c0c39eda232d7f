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


def file_response(document):
    header = settings.DOCUMENT_SENDFILE_HEADER
    if not header:
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response = HttpResponse(content_type=document.content_type)
    if header.lower() == "x-sendfile":
        response[header] = document.file.path
    else:
        response[header] = settings.DOCUMENT_SENDFILE_PREFIX.rstrip("/") + "/" + quote(document.file.name)
    response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    return response
