"""What both flows share: a process stands for one record (its artifact), and a person may open a case only if
that record is visible to them."""

from django.contrib.contenttypes.models import ContentType

from tasks_registry.memo import remembered


def visibility_key(flow, user, artifact_id):
    """The request memo's key for "may this person open this record" (lists already scoped record the answer)."""
    return ("artifact_visible", type(flow).__name__, user.pk, artifact_id)


def track_visibility_key(user, process_id):
    """The request memo's key for "may this person follow this transfer's or support's process"."""
    return ("track_visible", user.pk, process_id)


class ArtifactFlowMixin:
    def may_open_workspace(self, user) -> bool:
        raise NotImplementedError

    def visible_artifacts(self, user):
        """A queryset of the records (results, reports) the user may see."""
        raise NotImplementedError

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        if obj is None:
            return self.may_open_workspace(user)
        process = getattr(obj, "process", obj)
        artifact_id = getattr(process, "artifact_object_id", None)
        if artifact_id is None:
            return False
        return remembered(
            visibility_key(self, user, artifact_id),
            lambda: self.visible_artifacts(user).filter(pk=artifact_id).exists(),
        )

    def has_manage_permission(self, user, obj=None):
        """Nobody gets viewflow's engine-level changes (undo, revive, cancel), which bypass services and the log.

        The only ones offered are the audited recovery actions of `engine_views`, which check the person themselves.
        """
        return False

    def start_with(self, activation, artifact):
        activation.process.artifact = artifact
        activation.process.save()
        return activation.process


def latest_process(process_class, artifact):
    """The newest process of `process_class` (a flow's process proxy) whose artifact is `artifact`, or None."""
    content_type = ContentType.objects.get_for_model(type(artifact))
    return (
        process_class.objects.filter(artifact_content_type=content_type, artifact_object_id=artifact.pk)
        .order_by("-pk")
        .first()
    )
