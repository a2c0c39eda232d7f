"""The form of a task: the step to take (only those the person may take now), its data, a reason, documents."""

import inspect

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tasks_registry.bounds import BoundedDateField
from tasks_registry.errors import InvalidInput
from tasks_registry.lifecycle import STEPS, OwnershipOutcome, outcome_fits_host, outcomes_decided_from
from tasks_registry.models import (
    AcceptanceGrade,
    Agency,
    AgencyKind,
    DocumentKind,
    SupportKind,
    TransferForm,
    TransferRights,
)
from tasks_registry.numbers import VietnameseNumberField
from tasks_registry.uploads import checked_upload

# Form field name → service keyword where they differ.
SERVICE_ARGUMENT = {"transfer_form": "form", "support_kind": "kind"}

TEXT_MAX_LENGTH = settings.TEXT_MAX_LENGTH  # a report or a reason, not a document (those are attached)


class MoneyField(VietnameseNumberField):
    """An amount in whole đồng, typed the Vietnamese way ("1.500.000.000"): a browser's number box refuses the dots
    (with a message in the browser's language), so it is a text box parsed on the server, as on the annual report."""

    def to_python(self, value):
        number = super().to_python(value)
        if number is not None and number != number.to_integral_value():
            raise forms.ValidationError(_("Số tiền tính bằng đồng, không có phần lẻ."), code="fraction")
        return number


def _money(label):
    return MoneyField(label=label, required=False)


class DocumentRow(forms.Form):
    """One paper of a step's dossier: its kind (Mẫu 1, 2, 3…) and its file, checked before anything is saved."""

    kind = forms.ChoiceField(label=_("Loại tài liệu"), required=False, choices=[("", "—"), *DocumentKind.choices])
    file = forms.FileField(label=_("Tệp"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file"):
            if not cleaned.get("kind"):
                self.add_error("kind", _("Cần chọn loại tài liệu."))
            try:
                checked_upload(cleaned["file"])
            except InvalidInput as error:
                self.add_error("file", error.message)
        return cleaned


DOSSIER_ROWS = 3  # blank rows offered; "Thêm tài liệu" adds more, up to DOSSIER_MAX
DOSSIER_MAX = 10
DocumentRows = forms.formset_factory(
    DocumentRow, extra=DOSSIER_ROWS, max_num=DOSSIER_MAX, absolute_max=DOSSIER_MAX, validate_max=True
)


def dossier_rows(data=None, files=None):
    """The dossier's rows, prefix "documents". A client that sends no rows at all (no management form: an older
    page, the API without documents) sends an empty dossier, not a broken form."""
    if data is not None and "documents-TOTAL_FORMS" not in data:
        data = data.copy() if hasattr(data, "copy") else dict(data)
        data.update({"documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"})
    return DocumentRows(data, files, prefix="documents")


class WorkForm(forms.Form):
    step = forms.ChoiceField(label=_("Xử lý"), widget=forms.RadioSelect)
    acceptance_date = BoundedDateField(label=_("Ngày nghiệm thu"), required=False)
    grade = forms.ChoiceField(label=_("Xếp loại"), required=False, choices=[("", "—"), *AcceptanceGrade.choices])
    registration_no = forms.CharField(label=_("Số đăng ký"), required=False, max_length=40)
    archive_no = forms.CharField(label=_("Số lưu giữ"), required=False, max_length=60)
    registered_on = BoundedDateField(label=_("Ngày đăng ký"), required=False)
    outcome = forms.ChoiceField(
        label=_("Hình thức giao quyền"), required=False, choices=[("", "—"), *OwnershipOutcome.choices[:5]]
    )
    submission_no = forms.CharField(label=_("Số tờ trình"), required=False, max_length=60)
    decision_no = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)
    decision_date = BoundedDateField(label=_("Ngày quyết định"), required=False)
    holder = forms.ModelChoiceField(
        label=_("Tổ chức, cá nhân được giao"), required=False, queryset=Agency.objects.none()
    )
    repayment_value = _money(_("Giá trị bồi hoàn (đồng)"))
    creation_cost = _money(_("Giá trị tài sản theo chi phí tạo lập (đồng)"))
    receiving_unit = forms.ModelChoiceField(label=_("Đơn vị tiếp nhận"), required=False, queryset=Agency.objects.none())
    transfer_form = forms.ChoiceField(
        label=_("Hình thức chuyển giao"), required=False, choices=[("", "—"), *TransferForm.choices]
    )
    rights = forms.ChoiceField(label=_("Quyền chuyển giao"), required=False, choices=TransferRights.choices)
    contract_no = forms.CharField(label=_("Số hợp đồng"), required=False, max_length=60)
    contract_value = _money(_("Giá trị hợp đồng (đồng)"))
    report = forms.CharField(
        label=_("Báo cáo"), required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_kind = forms.ChoiceField(
        label=_("Hình thức hỗ trợ"), required=False, choices=[("", "—"), *SupportKind.choices]
    )
    requested_amount = _money(_("Kinh phí đề nghị (đồng)"))
    intermediary = forms.ModelChoiceField(label=_("Tổ chức trung gian"), required=False, queryset=Agency.objects.none())
    granted_amount = _money(_("Kinh phí hỗ trợ (đồng)"))
    comment = forms.CharField(
        label=_("Ý kiến, lý do"), required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, steps, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = dossier_rows(self.data if self.is_bound else None, self.files if self.is_bound else None)
        self.fields["step"].choices = [(name, STEPS[name].label) for name in steps]
        if len(steps) == 1:
            self.fields["step"].initial = steps[0]
        # Show only what the offered steps take: a registration dossier needs no ownership or transfer fields.
        wanted = {"step", "comment"}
        wanted.update(name for step in steps for name in STEPS[step].fields)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        active = Agency.objects.active()
        querysets = {
            "holder": active.exclude(kind=AgencyKind.MINISTRY),
            "receiving_unit": active.filter(
                kind__in=(AgencyKind.RECEIVING_UNIT, AgencyKind.PEOPLES_COMMITTEE, AgencyKind.HOST_ORGANISATION)
            ),
            "intermediary": active.filter(kind=AgencyKind.INTERMEDIARY),
        }
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        if "outcome" in self.fields and result is not None:
            # Only what may be decided for the route the dossier came by and the kind of body the host is.
            allowed = [
                outcome
                for outcome in outcomes_decided_from(result.status, result.ownership_requested)
                if outcome_fits_host(outcome, result.task.host.host_kind)
            ]
            self.fields["outcome"].choices = [("", "—"), *((o.value, o.label) for o in allowed)]
            if not result.task.host.host_kind:
                self.fields["outcome"].help_text = _(
                    "%(host)s chưa được khai báo loại hình tổ chức: chưa chọn được giao quyền sử dụng ghi tăng tài "
                    "sản hoặc ghi tăng vốn nhà nước (Nghị định 70/2018/NĐ-CP). Quản trị viên khai báo trong danh mục "
                    "cơ quan."
                ) % {"host": result.task.host.name}

    def clean(self):
        cleaned = super().clean()
        step = cleaned.get("step")
        if step and STEPS[step].comment_required and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Cần ghi rõ lý do cho bước «%(step)s».") % {"step": STEPS[step].label})
        return cleaned

    def is_valid(self):
        # Both, so that the page shows the errors of the step's fields and of every document row at once.
        form_valid = super().is_valid()
        return self.documents.is_valid() and form_valid

    def attachments(self):
        """The dossier's documents to attach with the step, as (kind, file), in the order given."""
        return [
            (row.cleaned_data["kind"], row.cleaned_data["file"])
            for row in self.documents
            if row.cleaned_data.get("file")
        ]

    def service_arguments(self, service):
        """Keyword arguments for the step's service: blanks are left to the service's defaults, or passed as
        None where the service requires them, so that it answers with its own message."""
        required = {
            name
            for name, parameter in inspect.signature(service).parameters.items()
            if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty
        }
        arguments = {}
        for name in STEPS[self.cleaned_data["step"]].fields:
            key, value = SERVICE_ARGUMENT.get(name, name), self.cleaned_data.get(name)
            if value not in (None, "") or key in required:
                arguments[key] = value if value != "" else None
        return arguments
