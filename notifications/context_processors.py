from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """The header's unread count, counted only if a page shows it (one indexed query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .services import unread_count

        return unread_count(user)

    return {"unread_notifications": SimpleLazyObject(count)}
