"""Bounds on what people type or import: dates and years the registry can mean, free text of a readable length.

Without them a date of 01/01/0001 is stored, a year of 10^20 overflows the database (a 500), and a 300 KB comment
fills the audit log. Each bound answers with a Vietnamese message naming the limit.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxLengthValidator
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(1950, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # years of annual reports and plans


def date_error(value):
    """The message for a date outside the range, or None."""
    if value is None or EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return _("Ngày phải trong khoảng từ %(first)s đến %(last)s.") % {
        "first": EARLIEST_DATE.strftime("%d/%m/%Y"),
        "last": LATEST_DATE.strftime("%d/%m/%Y"),
    }


def validate_date(value):
    message = date_error(value)
    if message:
        raise ValidationError(message, code="date_out_of_range")


def year_in_range(year) -> bool:
    return isinstance(year, int) and EARLIEST_YEAR <= year <= LATEST_YEAR


def year_error():
    return _("Năm phải trong khoảng từ %(first)s đến %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}


def parse_year(text):
    """A year typed in a form or a query string, or None when it is not one we can mean."""
    text = (text or "").strip()
    if not text.isdigit() or len(text) > 4:
        return None
    year = int(text)
    return year if year_in_range(year) else None


class DayMonthYearInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, the way it is shown everywhere on the site."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%d/%m/%Y")


class BoundedDateField(forms.DateField):
    widget = DayMonthYearInput
    default_validators = [validate_date]


MAX_DIGITS = 18  # as the money columns: DecimalField(max_digits=18)


def bound_text_fields(form, max_length=None):
    """Give every free-text field of `form` without a maximum length the site's one (settings.TEXT_MAX_LENGTH),
    and every decimal field without a number of digits 18 of them.

    For forms built elsewhere (viewflow's, another app's): the limits are checked like any field's own, with
    Django's translated messages, and the browser is told through the maxlength attribute. A figure such as 1e5000
    is then refused at once instead of being stored (and later costing seconds of CPU to turn into an integer).
    """
    limit = max_length or settings.TEXT_MAX_LENGTH
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField) and field.max_digits is None:
            field.max_digits = MAX_DIGITS
            field.validators.append(DecimalValidator(MAX_DIGITS, field.decimal_places))
        if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))
    return form
