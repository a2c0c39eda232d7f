"""The workflow's admin: deadline rules and calendar days (legal facts kept as data, each edit audited), and
viewflow's own admin of processes and tasks, made read-only.

Its change form would let an administrator rewrite a task's status, owner or permission, and delete processes and
tasks, without a service or an event in the result's history. The records stay visible for diagnosis; the recovery
actions are the audited cancel pages (`engine_views`) and `manage.py check_open_work`.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin
from viewflow.workflow.models import Process, Task

from audit.admin_mixins import AuditedAdmin, ViewOnlyAdmin

from .models import CalendarException, DeadlineRule
from .pending import WORKS


class ReadOnlyProcessAdmin(ViewOnlyAdmin, ProcessAdmin):
    pass


class ReadOnlyTaskAdmin(ViewOnlyAdmin, TaskAdmin):
    pass


for model, model_admin in ((Process, ReadOnlyProcessAdmin), (Task, ReadOnlyTaskAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


class DeadlineRuleForm(forms.ModelForm):
    """The work is chosen by its name among the flow's works (a key typed by hand would time nothing)."""

    work = forms.ChoiceField(label=_("loại công việc"))

    class Meta:
        model = DeadlineRule
        fields = (
            "work",
            "route",
            "amount",
            "unit",
            "start",
            "own_rule",
            "legal_basis",
            "return_within",
            "return_basis",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].choices = [(name, work.title) for name, work in WORKS.items()]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin, admin.ModelAdmin):
    """How long each kind of work may take, with its legal basis: a legal fact kept as data, every edit audited."""

    list_display = ("work_name", "route", "amount", "unit", "start", "own_rule", "legal_basis")
    list_filter = ("own_rule", "route", "unit", "start")
    search_fields = ("work", "legal_basis")
    form = DeadlineRuleForm

    @admin.display(description=_("loại công việc"), ordering="work")
    def work_name(self, rule):
        return rule.work_title


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedAdmin, admin.ModelAdmin):
    """Make-up working Saturdays and extra days off the Prime Minister declares, on top of the public holidays."""

    list_display = ("day", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"
    search_fields = ("note",)
