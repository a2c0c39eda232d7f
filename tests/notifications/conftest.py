"""A real SMTP server (aiosmtpd) in the test process, and django-tasks-db's own worker to deliver through it."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker


class Mailbox:
    """What the SMTP server received, parsed: each message with its envelope recipients."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self, port):
        self.port, self.mailbox, self.controller = port, Mailbox(), None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """The mail server, up; the application sends to it over SMTP (Django's own SMTP backend)."""
    server = SMTPServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "http://ketqua.example"
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 1
    server.start()
    yield server
    server.stop()


def run_worker(worker_id="w1"):
    """django-tasks-db's worker, as `manage.py db_worker --batch` runs it: every task that is due, then stop."""
    try:
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
    finally:
        connections.close_all()


def run_workers(count):
    """`count` workers at once, each in its own thread with its own database connection."""
    errors = []

    def target(name):
        try:
            run_worker(name)
        except BaseException as error:  # noqa: BLE001 — reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=target, args=(f"w{n}",)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
