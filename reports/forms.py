"""Forms of the annual report: the reporter's draft, the head's approval or return, Sở KH&CN's review, a round.

Numbers are typed the Vietnamese way ("1.500.000.000", "12,5") in a text box (a browser's number box refuses the
grouping dots with a message in the browser's language); the server parses them with `tasks_registry.numbers`, bounded."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks_registry.numbers import VietnameseNumberField, format_number

from .models import Indicator, IndicatorKind

FLAG_CHOICES = (("1", _("Có")), ("0", _("Không")))


def manual_field(indicator):
    label = f"{indicator.name} ({indicator.unit})"
    if indicator.kind == IndicatorKind.MANUAL_FLAG:
        return forms.TypedChoiceField(
            label=indicator.name,
            choices=FLAG_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
    if indicator.kind == IndicatorKind.MANUAL_PERCENT:
        return VietnameseNumberField(
            label=f"{indicator.name} (%)",
            maximum=100,
            required=False,
            help_text=_("Từ 0 đến 100, phần thập phân sau dấu phẩy, ví dụ 12,5."),
        )
    return VietnameseNumberField(label=label, required=False)


class DraftForm(forms.Form):
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, report, **kwargs):
        self.report = report
        initial = {"difficulties": report.difficulties, "proposals": report.proposals}
        values = report.all_figures()
        for row in report.task_rows.all():
            initial[f"progress_{row.plan_task_id}"] = row.progress
        indicators = list(
            Indicator.objects.filter(plan__isnull=True)
            | Indicator.objects.filter(plan__in=[report.round.plan_id] if report.round.plan_id else [])
        )
        for indicator in indicators:
            if indicator.code in values:
                initial[f"manual_{indicator.code}"] = values[indicator.code]
        for code, note in report.figure_notes.items():
            initial[f"note_{code}"] = note
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.manual_codes, self.corrected_codes, self.registry_values = [], [], {}
        for indicator in sorted(indicators, key=lambda i: (i.order, i.code)):
            if indicator.is_manual:
                self.fields[f"manual_{indicator.code}"] = manual_field(indicator)
                self.manual_codes.append(indicator.code)
            elif indicator.kind in (IndicatorKind.COUNT, IndicatorKind.MONEY) and indicator.code in report.figures:
                # A registry figure the reporter may correct, with a note; the registry's value is shown beside it.
                registry = report.figures[indicator.code]
                self.registry_values[indicator.code] = registry
                self.fields[f"manual_{indicator.code}"] = VietnameseNumberField(
                    label=f"{indicator.name} ({indicator.unit})",
                    required=False,
                    help_text=_("Theo cơ sở dữ liệu: %(value)s. Nếu sửa, cần ghi giải trình.")
                    % {"value": format_number(registry)},
                )
                self.fields[f"note_{indicator.code}"] = forms.CharField(
                    label=_("Giải trình số liệu «%(name)s»") % {"name": indicator.name},
                    required=False,
                    max_length=1000,
                )
                self.corrected_codes.append(indicator.code)
        self.task_ids = []
        for row in report.task_rows.select_related("plan_task"):
            self.fields[f"progress_{row.plan_task_id}"] = forms.CharField(
                label=_("Nhiệm vụ %(number)s: %(text)s")
                % {"number": row.plan_task.number, "text": row.plan_task.text[:120]},
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.task_ids.append(row.plan_task_id)

    def clean(self):
        data = super().clean()
        for code in self.corrected_codes:
            typed = data.get(f"manual_{code}")
            if (
                typed is not None
                and typed != self.registry_values[code]
                and not (data.get(f"note_{code}") or "").strip()
            ):
                self.add_error(f"note_{code}", _("Số liệu khác với cơ sở dữ liệu: cần ghi giải trình."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        figures = {code: data.get(f"manual_{code}") for code in self.manual_codes}
        figures.update({code: data.get(f"manual_{code}") for code in self.corrected_codes})
        return {
            "manual_figures": figures,
            "notes": {code: data.get(f"note_{code}", "") for code in self.corrected_codes},
            "progress": {pk: data.get(f"progress_{pk}") or "" for pk in self.task_ids},
            "difficulties": data.get("difficulties", ""),
            "proposals": data.get("proposals", ""),
        }


class ApproveForm(forms.Form):
    DECISIONS = (("submit", _("Duyệt và gửi Sở KH&CN")), ("send_back_to_reporter", _("Trả lại người lập để chỉnh sửa")))
    decision = forms.ChoiceField(label=_("Quyết định"), choices=DECISIONS, widget=forms.RadioSelect, initial="submit")
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    DECISIONS = (("accept", _("Tiếp nhận báo cáo")), ("return_with_comments", _("Trả lại để chỉnh sửa")))
    decision = forms.ChoiceField(label=_("Quyết định"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundForm(forms.Form):
    """Sở KH&CN opens a round: the year's, or an ad-hoc one with its own subject and deadline."""

    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=2000, max_value=2100)
    ad_hoc = forms.BooleanField(label=_("Báo cáo đột xuất"), required=False)
    subject = forms.CharField(label=_("Nội dung yêu cầu báo cáo"), required=False, max_length=255)
    deadline = forms.DateField(
        label=_("Hạn nộp"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"], help_text=_("dd/mm/yyyy")
    )

    def clean(self):
        data = super().clean()
        if data.get("ad_hoc"):
            if not (data.get("subject") or "").strip():
                self.add_error("subject", _("Cần ghi nội dung yêu cầu báo cáo đột xuất."))
            if not data.get("deadline"):
                self.add_error("deadline", _("Cần ghi hạn nộp báo cáo đột xuất."))
        return data
