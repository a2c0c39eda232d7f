"""Which process the current change is made by a task's own page of (or its API twin): that task's completion routes
its process itself, and `processes.follow_result` leaves that process alone (a step of a transfer may still move
the result on, so the result's own process is followed). Its own module so that the views that set it and the
processes that read it need not import each other."""

import contextvars
from contextlib import contextmanager

_completing = contextvars.ContextVar("completing_process", default=None)


@contextmanager
def completing_task(process):
    """Marks changes made by the page of a task of `process`: the task's completion routes that process itself."""
    token = _completing.set(process.pk)
    try:
        yield
    finally:
        _completing.reset(token)


def task_is_completing(process) -> bool:
    """Whether a task of `process` is being completed by its page, which routes the process itself."""
    return process is not None and _completing.get() == process.pk
