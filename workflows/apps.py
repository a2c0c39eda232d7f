from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình xử lý")

    def ready(self):
        from tasks_registry.signals import agency_merged, central_registrar_marked, result_changed, result_recorded

        from .handover import hand_over, hand_over_registrations
        from .processes import follow_result, start_process_for

        result_recorded.connect(
            lambda sender, result, **kwargs: start_process_for(result),
            weak=False,
            dispatch_uid="workflows.start_process_for_new_result",
        )
        result_changed.connect(
            lambda sender, result, subject=None, **kwargs: follow_result(result, subject),
            weak=False,
            dispatch_uid="workflows.follow_result",
        )
        agency_merged.connect(
            lambda sender, agency, successor, actor=None, basis="", **kwargs: hand_over(
                agency, successor, actor=actor, basis=basis
            ),
            weak=False,
            dispatch_uid="workflows.hand_over_merged_agency",
        )
        central_registrar_marked.connect(
            lambda sender, agency, actor=None, **kwargs: hand_over_registrations(agency, actor=actor),
            weak=False,
            dispatch_uid="workflows.hand_over_registrations",
        )
