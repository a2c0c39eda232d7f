"""A translated "try again" page instead of a 500 when SQLite (the demo) stays locked by another writer.

PostgreSQL waits on row locks, so this only ever answers on the single-file demo database, after the busy timeout.
"""

from django.db import OperationalError
from django.shortcuts import render


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "locked" in str(exception):
            response = render(request, "database_busy.html", status=503)
            response["Retry-After"] = "5"
            return response
        return None
