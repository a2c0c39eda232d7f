"""Signals sent by the services inside their transaction, so listeners (the flows) commit or roll back with them."""

from django.dispatch import Signal

# sender=Result class; result=the new result
result_recorded = Signal()

# sender=Result class; result=the result after the step; step=the step's name; comment=the reason or remark given
result_changed = Signal()

# sender=Agency class; agency=the retired agency; successor=the agency that carries its work; actor; basis
agency_merged = Signal()

# sender=Agency class; agency=the agency now marked as registering national and ministerial results; actor
central_registrar_marked = Signal()
