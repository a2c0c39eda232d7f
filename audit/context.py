"""Where a change came from (request id and IP), carried from the middleware to the services that record it."""

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    request_id: str = ""
    ip_address: str | None = None


_current = contextvars.ContextVar("audit_origin", default=Origin())  # noqa: B039 (Origin is frozen)


def current_origin() -> Origin:
    return _current.get()


def set_origin(origin: Origin):
    return _current.set(origin)


def reset_origin(token) -> None:
    _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex
