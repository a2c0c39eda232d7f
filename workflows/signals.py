"""Signals sent by the task pages inside their transaction (listeners commit or roll back with them)."""

from django.dispatch import Signal

# A head handed a task to someone (assign or reassign). sender=task class; task; owner=the new owner; by; comment
task_assigned = Signal()
