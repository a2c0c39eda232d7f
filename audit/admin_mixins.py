"""Audit of changes made through the Django admin.

Configuration records (agencies, memberships, regimes, tasks, plans, …) are edited by administrators in the admin,
not through services. `AuditedAdmin` makes each such change append an event to the audit log in the same
transaction as the change: "admin.added", "admin.changed" (only the fields that changed, as [before, after]) or
"admin.deleted" (what the record held). Inline rows are recorded too, each as its own event in the chain of the
object the inline belongs to.

The "before" side is always read back from the database: by the time `save_model` runs, the admin form has already
written the submitted values onto the instance.
"""

from decimal import Decimal

from django.db import models, router, transaction

from . import recorder

ADMIN_COMMENT = "Django admin"
ADDED, CHANGED, DELETED = "admin.added", "admin.changed", "admin.deleted"


def _field_value(field, obj):
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        return value.name or None
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal) and value.is_finite():
        # The form gives 35, the database 35.00: compare and record them at the column's scale.
        return value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


def concrete_state(obj) -> dict:
    """Values of the stored columns (foreign keys by their `<name>_id`), primary key left out."""
    return {field.attname: _field_value(field, obj) for field in obj._meta.concrete_fields if not field.primary_key}


def m2m_state(obj) -> dict:
    """Sorted primary keys of each many-to-many relation, read from the database."""
    if obj.pk is None:
        return {}
    return {
        field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True)) for field in obj._meta.many_to_many
    }


def stored_state(obj) -> dict:
    """What the database holds for `obj` now (before the admin writes the submitted values)."""
    model = type(obj)
    stored = model._base_manager.using(router.db_for_write(model)).filter(pk=obj.pk).first()
    if stored is None:
        return {}
    return {**concrete_state(stored), **m2m_state(stored)}


def _empty(value):
    return value is None or value == "" or value == []


def added_changes(state: dict) -> dict:
    return {name: [None, value] for name, value in state.items() if not _empty(value)}


def deleted_changes(state: dict) -> dict:
    return {name: [value, None] for name, value in state.items() if not _empty(value)}


def changed_fields(before: dict, after: dict) -> dict:
    return recorder.diff(before, after)


class AuditedAdmin:
    """ModelAdmin mixin: every save and delete done in the admin appends an audit event in its transaction.

    `audit_case_field` names the foreign key whose target is the case the event belongs to (for example "agency"
    for a membership, "result" for an IP title), so that a record edited in its own admin page and the same record
    edited as an inline land in the same chain. Without it the object is its own case.
    """

    audit_case_field = None

    # --- helpers -----------------------------------------------------------------------------------------------

    def audit_case(self, obj):
        return getattr(obj, self.audit_case_field) if self.audit_case_field else obj

    def _audit_db(self):
        return router.db_for_write(self.model)

    def audit_record(self, request, *, case, obj, action, changes):
        return recorder.record(
            case=case, obj=obj, action=action, actor=request.user, changes=changes, comment=ADMIN_COMMENT
        )

    @staticmethod
    def _state_after_form(obj, form, before):
        """The object's state once the form is fully saved: many-to-many values come from the cleaned form."""
        state = concrete_state(obj)
        for field in obj._meta.many_to_many:
            if form is not None and field.name in getattr(form, "cleaned_data", {}):
                state[field.name] = sorted(related.pk for related in form.cleaned_data[field.name])
            else:
                state[field.name] = before.get(field.name, [])
        return state

    # --- ModelAdmin hooks --------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        with transaction.atomic(using=self._audit_db()):
            before = stored_state(obj) if change and obj.pk is not None else {}
            super().save_model(request, obj, form, change)
            after = self._state_after_form(obj, form, before)
            if before:
                changes = changed_fields(before, after)
                if not changes:
                    return
                action = CHANGED
            else:
                changes, action = added_changes(after), ADDED
            self.audit_record(request, case=self.audit_case(obj), obj=obj, action=action, changes=changes)

    def delete_model(self, request, obj):
        with transaction.atomic(using=self._audit_db()):
            # Recorded first, while the object (and so its case key) still exists; a refused delete rolls it back.
            self.audit_record(
                request, case=self.audit_case(obj), obj=obj, action=DELETED, changes=deleted_changes(stored_state(obj))
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=self._audit_db()):
            for obj in queryset:
                self.audit_record(
                    request,
                    case=self.audit_case(obj),
                    obj=obj,
                    action=DELETED,
                    changes=deleted_changes(stored_state(obj)),
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows belong to the case of the object they are edited under."""
        with transaction.atomic(using=self._audit_db()):
            parent = form.instance
            case = self.audit_case(parent)
            deleted = {inline.instance.pk for inline in formset.deleted_forms if inline.instance.pk is not None}
            befores = {}
            for inline in formset.initial_forms:
                pk = inline.instance.pk
                if pk is None:
                    continue
                if pk in deleted:
                    self.audit_record(
                        request,
                        case=case,
                        obj=inline.instance,
                        action=DELETED,
                        changes=deleted_changes(stored_state(inline.instance)),
                    )
                elif inline.has_changed():
                    befores[pk] = stored_state(inline.instance)
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                state = {**concrete_state(obj), **m2m_state(obj)}
                self.audit_record(request, case=case, obj=obj, action=ADDED, changes=added_changes(state))
            for obj, _fields in formset.changed_objects:
                before = befores.get(obj.pk, {})
                changes = changed_fields(before, {**concrete_state(obj), **m2m_state(obj)})
                if changes:
                    self.audit_record(request, case=case, obj=obj, action=CHANGED, changes=changes)


class ViewOnlyAdmin:
    """ModelAdmin / inline mixin for records that only services (or nobody) may write: the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
