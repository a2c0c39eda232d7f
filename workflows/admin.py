"""viewflow's own admin of processes and tasks, made read-only.

Its change form would let an administrator rewrite a task's status, owner or permission, and delete processes and
tasks, without a service or an event in the result's history. The records stay visible for diagnosis; the recovery
actions are the audited cancel pages (`engine_views`) and `manage.py check_open_work`.
"""

from django.contrib import admin
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin
from viewflow.workflow.models import Process, Task

from audit.admin_mixins import ViewOnlyAdmin


class ReadOnlyProcessAdmin(ViewOnlyAdmin, ProcessAdmin):
    pass


class ReadOnlyTaskAdmin(ViewOnlyAdmin, TaskAdmin):
    pass


for model, model_admin in ((Process, ReadOnlyProcessAdmin), (Task, ReadOnlyTaskAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
