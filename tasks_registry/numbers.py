"""Numbers the Vietnamese way: "." groups thousands, "," marks decimals ("1.500.000.000", "12,5").

Parsing is bounded before any arithmetic: at most MAX_LENGTH characters and only digits, separators and a sign, so
"1e5000" or a megabyte of digits is refused at once with a clear message instead of being handed to Decimal.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 30  # "999.999.999.999.999.999,99" has 26 characters: the largest value a report holds (18 digits)
MAX_DIGITS = 18
GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
PLAIN = re.compile(r"^\d+(,\d+)?$")


class NumberError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse_number(text):
    """Decimal of a number typed the Vietnamese way, or None when blank; NumberError with a translated message."""
    if text is None:
        return None
    text = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise NumberError(_("Số quá dài: tối đa %(limit)s ký tự.") % {"limit": MAX_LENGTH})
    if text.startswith("-"):
        raise NumberError(_("Số liệu không được âm."))
    if not (GROUPED.match(text) or PLAIN.match(text)):
        if re.match(r"^\d+\.\d{1,2}$", text) or re.match(r"^\d{1,3}(,\d{3})+(\.\d+)?$", text):
            raise NumberError(
                _("Dùng dấu phẩy cho phần thập phân và dấu chấm phân cách hàng nghìn, ví dụ 12,5 hoặc 1.500.000.")
            )
        raise NumberError(_("Cần nhập một số, ví dụ 12,5 hoặc 1.500.000."))
    whole, _sep, fraction = text.replace(".", "").partition(",")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise NumberError(_("Số quá lớn: tối đa %(digits)s chữ số phần nguyên.") % {"digits": MAX_DIGITS})
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:  # pragma: no cover — the patterns above admit only digits
        raise NumberError(_("Cần nhập một số, ví dụ 12,5 hoặc 1.500.000.")) from None


def to_json(number):
    """The value stored in a report's JSON: an int when whole, else a float with at most 2 decimals."""
    if number is None:
        return None
    number = Decimal(number)
    if number == number.to_integral_value():
        return int(number)
    return float(round(number, 2))


def format_number(value, decimals=None):
    """'1.500.000.000', '12,5', '—' for None; at most one decimal place unless `decimals` says otherwise."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        value = int(value)
    number = Decimal(str(value))
    if decimals is None:
        decimals = (
            0
            if number == number.to_integral_value()
            else (1 if abs(number * 10 - (number * 10).to_integral_value()) < Decimal("1e-9") else 2)
        )
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


# --- as typed in a form -------------------------------------------------------------------------------------------


class VietnameseNumberInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", "maxlength": MAX_LENGTH, "class": "number", **(attrs or {})}
        )

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        return format_number(value)


class VietnameseNumberField(forms.Field):
    """A number with "." thousands and "," decimals; `maximum` bounds it (100 for percentages)."""

    widget = VietnameseNumberInput

    def __init__(self, *, maximum=None, **kwargs):
        self.maximum = maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value) > MAX_LENGTH * 4:
            # Refuse a huge paste before stripping or scanning it.
            raise ValidationError(_("Số quá dài: tối đa %(limit)s ký tự.") % {"limit": MAX_LENGTH}, code="too_long")
        try:
            number = parse_number(value)
        except NumberError as error:
            raise ValidationError(error.message, code="invalid") from None
        if number is not None and self.maximum is not None and number > self.maximum:
            raise ValidationError(_("Tỷ lệ phải từ 0 đến 100%."), code="max_value")
        return number
