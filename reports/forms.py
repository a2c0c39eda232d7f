"""Forms of the annual report: the reporter's draft, the head's approval, Sở KH&CN's review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator


class DraftForm(forms.Form):
    difficulties = forms.CharField(label=_("Khó khăn, vướng mắc"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, report, **kwargs):
        self.report = report
        initial = {"difficulties": report.difficulties, "proposals": report.proposals}
        for code, value in report.manual_figures.items():
            initial[f"manual_{code}"] = value
        for row in report.task_rows.all():
            initial[f"progress_{row.plan_task_id}"] = row.progress
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.manual_codes = []
        for indicator in Indicator.objects.filter(computed_from_registry=False):
            self.fields[f"manual_{indicator.code}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit}) · {_('nhập tay')}", required=False, min_value=0,
            )
            self.manual_codes.append(indicator.code)
        self.task_ids = []
        for row in report.task_rows.select_related("plan_task"):
            self.fields[f"progress_{row.plan_task_id}"] = forms.CharField(
                label=_("Nhiệm vụ %(number)s: %(text)s") % {"number": row.plan_task.number, "text": row.plan_task.text[:120]},
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.task_ids.append(row.plan_task_id)

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "manual_figures": {code: data.get(f"manual_{code}") for code in self.manual_codes},
            "progress": {pk: data.get(f"progress_{pk}") or "" for pk in self.task_ids},
            "difficulties": data.get("difficulties", ""),
            "proposals": data.get("proposals", ""),
        }


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    DECISIONS = (("accept", _("Tiếp nhận báo cáo")), ("return_with_comments", _("Trả lại để chỉnh sửa")))
    decision = forms.ChoiceField(label=_("Quyết định"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
