"""Whether the current change is made by a task's own page (or its API twin): then the task's completion routes the
process itself, and `processes.follow_result` leaves it alone. Its own module so that the views that set it and
the processes that read it need not import each other."""

import contextvars
from contextlib import contextmanager

_completing_task = contextvars.ContextVar("completing_task", default=False)


@contextmanager
def completing_task():
    """Marks changes made by a task's own page: the task's completion routes the process itself."""
    token = _completing_task.set(True)
    try:
        yield
    finally:
        _completing_task.reset(token)


def task_is_completing() -> bool:
    return _completing_task.get()
