"""The registry's own forms: what the owner of a result types on the revenue page.

Amounts are typed the Vietnamese way ("1.500.000", `tasks_registry.numbers`); every rule about them (not negative,
whole đồng, the year, the basis and its value, one record per year) is the service's (`services.record_revenue`),
whose errors the view puts on these fields, so the page and any other caller are held to the same checks.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .bounds import bound_text_fields
from .models import Agency, AgencyKind, RevenueBasis, SupportKind
from .numbers import MAX_LENGTH, NumberError, VietnameseNumberField, VietnameseNumberInput, format_number, parse_number


class SignedNumberInput(VietnameseNumberInput):
    def format_value(self, value):
        if value is not None and value != "" and not isinstance(value, str) and value < 0:
            return "-" + format_number(-value)
        return super().format_value(value)


class SignedNumberField(VietnameseNumberField):
    """A number that may be negative (a year's loss): "-50.000.000"."""

    widget = SignedNumberInput

    def to_python(self, value):
        text = "" if value is None else str(value).strip()
        if len(text) > MAX_LENGTH * 4:
            raise ValidationError(_("Số quá dài: tối đa %(limit)s ký tự.") % {"limit": MAX_LENGTH}, code="too_long")
        negative = text.startswith("-")
        try:
            number = parse_number(text[1:] if negative else text)
        except NumberError as error:
            raise ValidationError(error.message, code="invalid") from None
        return -number if negative and number is not None else number


class RevenueForm(forms.Form):
    year = forms.CharField(
        label=_("Năm"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "2025"}),
    )
    basis = forms.ChoiceField(
        label=_("Phần chia cho tác giả tính trên"),
        choices=RevenueBasis.choices,
        initial=RevenueBasis.PROFIT,
        widget=forms.RadioSelect,
        help_text=_(
            "Kết quả được góp vốn vào doanh nghiệp: phần chia cho tác giả tính trên giá trị kết quả góp vốn "
            "(Luật 93/2025/QH15, Điều 28 khoản 3 điểm a)."
        ),
    )
    revenue = VietnameseNumberField(label=_("Doanh thu trong năm (đồng)"), help_text=_("Ví dụ 1.500.000.000."))
    after_tax_profit = SignedNumberField(
        label=_("Lợi nhuận sau thuế (đồng)"),
        required=False,
        help_text=_("Ghi dấu trừ nếu lỗ, ví dụ -50.000.000. Bắt buộc khi tính trên lợi nhuận."),
    )
    capital_value = VietnameseNumberField(
        label=_("Giá trị kết quả góp vốn (đồng)"),
        required=False,
        help_text=_("Chỉ nhập khi kết quả được góp vốn."),
    )
    author_payout = VietnameseNumberField(label=_("Chi trả cho tác giả trong năm (đồng)"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text_fields(self)


class SupportRequestForm(forms.Form):
    """A request for commercialisation support, from the result's page (Decree 76/2018 ch. 3): from recognition on,
    as many as the owner (or, before ownership is settled, the host) makes."""

    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=[("", "—"), *SupportKind.choices])
    requested_amount = VietnameseNumberField(
        label=_("Kinh phí đề nghị (đồng)"), required=False, help_text=_("Ví dụ 30.000.000; để trống nếu chưa xác định.")
    )
    intermediary = forms.ModelChoiceField(label=_("Tổ chức trung gian"), required=False, queryset=Agency.objects.none())
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_requested_amount(self):
        amount = self.cleaned_data.get("requested_amount")
        if amount is not None and amount != amount.to_integral_value():
            raise ValidationError(_("Số tiền tính bằng đồng, không có phần lẻ."), code="fraction")
        return amount

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intermediary"].queryset = Agency.objects.active().filter(kind=AgencyKind.INTERMEDIARY)
        bound_text_fields(self)
