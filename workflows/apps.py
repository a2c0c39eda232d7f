from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình xử lý")

    def ready(self):
        from tasks_registry.signals import result_recorded

        from .processes import start_process_for

        result_recorded.connect(lambda sender, result, **kwargs: start_process_for(result), weak=False,
                                dispatch_uid="workflows.start_process_for_new_result")
