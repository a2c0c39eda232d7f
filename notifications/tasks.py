"""The worker's hourly run of reminders and digests (django-tasks, database backend); one delivery is sent by
`outbox.deliver`."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from workflows.lapses import note_lapses

from . import digests, outbox, reminders

SCHEDULE_NAME = "notifications.hourly"


# The task that sends one delivery lives with the sending (`outbox.deliver`); rows queued under this module's name
# before it moved still find it here.
deliver = outbox.deliver


def _next_hour(now):
    return (now + datetime.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)


@task()
def hourly(slot):
    """Reminders (idempotent per person, item and day), digests that are due, lost deliveries, lapsed deadlines;
    then the next run.

    Only the run whose slot is the schedule's current one does anything, so a second chain started by mistake
    dies out at its next run."""
    from .models import Schedule

    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().filter(name=SCHEDULE_NAME).first()
        if schedule is None or schedule.next_run_at != datetime.datetime.fromisoformat(slot):
            return "stale"
        now = timezone.now()
        told = reminders.send_reminders(timezone.localdate(now))
        digests_sent = digests.send_due_digests(now)
        schedule.next_run_at = _next_hour(now)
        schedule.save(update_fields=["next_run_at"])
        hourly.using(run_after=schedule.next_run_at).enqueue(schedule.next_run_at.isoformat())
    requeued = outbox.requeue_stuck(now)
    # Deadlines whose lapse has a legal consequence (Decree 70/2018's asset report), each in its own transaction.
    lapses = note_lapses(timezone.localdate(now))
    return {"reminders": told, "digests": digests_sent, "requeued": requeued, "lapses": lapses}


def start_schedule(now=None):
    """(Re)start the hourly chain now; an older chain's pending run becomes stale."""
    from .models import Schedule

    now = now or timezone.now()
    with transaction.atomic():
        schedule, _ = Schedule.objects.select_for_update().get_or_create(
            name=SCHEDULE_NAME, defaults={"next_run_at": now}
        )
        schedule.next_run_at = now
        schedule.save(update_fields=["next_run_at"])
        hourly.using(run_after=now).enqueue(now.isoformat())
    return schedule
