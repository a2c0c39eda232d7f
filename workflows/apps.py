from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình xử lý")

    def ready(self):
        from tasks_registry.signals import result_changed, result_recorded

        from .processes import follow_result, start_process_for

        result_recorded.connect(lambda sender, result, **kwargs: start_process_for(result), weak=False,
                                dispatch_uid="workflows.start_process_for_new_result")
        result_changed.connect(lambda sender, result, **kwargs: follow_result(result), weak=False,
                               dispatch_uid="workflows.follow_result")
