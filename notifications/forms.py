from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Kind, Mode


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(label=_("Ngôn ngữ thư"), choices=settings.LANGUAGES)
    email_enabled = forms.BooleanField(label=_("Nhận thư điện tử"), required=False)
    mode = forms.ChoiceField(label=_("Cách gửi thư"), choices=Mode.choices, widget=forms.RadioSelect)
    digest_hour = forms.TypedChoiceField(
        label=_("Giờ gửi thư tổng hợp"), coerce=int, choices=[(hour, f"{hour:02d}:00") for hour in range(24)]
    )
    kinds = forms.MultipleChoiceField(
        label=_("Những việc tôi muốn được báo"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def for_row(cls, row, data=None):
        initial = {
            "language": row.language,
            "email_enabled": row.email_enabled,
            "mode": row.mode,
            "digest_hour": row.digest_hour,
            "kinds": [kind for kind in Kind.values if kind not in (row.muted_kinds or [])],
        }
        return cls(data=data, initial=initial)

    def apply(self, row):
        data = self.cleaned_data
        row.language, row.email_enabled, row.mode, row.digest_hour = (
            data["language"],
            data["email_enabled"],
            data["mode"],
            data["digest_hour"],
        )
        row.muted_kinds = [kind for kind in Kind.values if kind not in data["kinds"]]
        return row
