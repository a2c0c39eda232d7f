from django.dispatch import Signal

# Sent inside open_reports' transaction for every report it opens (workflows start the report's process).
report_opened = Signal()

# Sent inside each report service's transaction after its audit event (notifications tell the agency and the reviewer).
# sender=AnnualReport; report=the report after the step; action=the service's name; comment=the remark given
report_changed = Signal()
