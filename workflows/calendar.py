"""The Vietnamese working calendar: weekends, public holidays including Tết (`holidays`), and the days an
administrator declares on top (make-up working Saturdays, extra days off decided by the Prime Minister)."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year):
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def _exceptions(start, end):
    from .models import CalendarException

    return dict(CalendarException.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_working_day"))


def is_working_day(day, exceptions=None):
    exceptions = exceptions if exceptions is not None else _exceptions(day, day)
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start, days, exceptions=None, known_until=None):
    """The date `days` working days after `start` (the start day itself is not counted). A caller timing many
    periods passes the declared days it has read (`exceptions`, complete up to `known_until`): no query then."""
    # Tết plus weekends never spans more than ~12 days; a generous window keeps it to one query.
    window_end = start + datetime.timedelta(days=days * 2 + 30)
    if exceptions is None or known_until is None or known_until < window_end:
        exceptions = {**(exceptions or {}), **_exceptions(start, window_end)}
    else:
        window_end = known_until
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day > window_end:
            window_end = day + datetime.timedelta(days=60)
            exceptions = {**exceptions, **_exceptions(day, window_end)}
        if is_working_day(day, exceptions):
            counted += 1
    return day


def period_end(start, days, exceptions=None):
    """The end of a period of `days` calendar days from `start`: when that day is a weekend, a holiday or a declared
    day off, the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5). `exceptions` ({day: is working}) saves
    the query when the caller has read the declared days already."""
    day = start + datetime.timedelta(days=days)
    if exceptions is None:
        exceptions = _exceptions(day, day + datetime.timedelta(days=30))
    while not is_working_day(day, exceptions):
        day += datetime.timedelta(days=1)
    return day


def declared_days(start, end):
    """{day: is working day} of the days an administrator declared between two dates (one query)."""
    return _exceptions(start, end)
