from django.dispatch import Signal

# Sent inside open_reports' transaction for every report it opens (workflows start the report's process).
report_opened = Signal()
