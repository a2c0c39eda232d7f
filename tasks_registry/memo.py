"""Answers that stay true for the rest of a request: memberships, roles, what a person may see.

A page asks "does this person hold this role there?" or "may they open this case?" for every row it shows; each
answer is a query. Within one request, until something is written, the answer cannot change, so it is kept here
(`RequestMemoMiddleware` opens a fresh memo per request). Any model write (a service's change, a membership
saved) empties the memo, so a check after a change reads the database again. Outside a request (commands, tests
calling services directly) nothing is kept.
"""

import contextvars

from django.db.models.signals import m2m_changed, post_delete, post_save

_memo = contextvars.ContextVar("request_memo", default=None)


def remembered(key, compute):
    """compute(), once per request and key while nothing is written."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def remember(key, value):
    """Record an answer already known (a list already scoped to what the person may see)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def forget(**kwargs):
    memo = _memo.get()
    if memo:
        memo.clear()


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(forget, dispatch_uid=f"request_memo_forget_{_signal!r}", weak=False)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
