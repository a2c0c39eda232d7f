"""The day a host applied for ownership, and the day a support dossier was sent again, kept on the case: the
appraisals' deadlines used to read them from the audit log. Existing cases get them from their events once."""

from zoneinfo import ZoneInfo

from django.conf import settings

from django.db import migrations, models

OWNERSHIP_APPLICATIONS = ("result.apply_for_ownership", "result.resubmit_ownership", "result.decline_ownership")
CASE_PREFIX = "tasks_registry.result:"


def _latest_days(Event, actions):
    """{result id: local day of its latest event among `actions`}."""
    local = ZoneInfo(settings.TIME_ZONE)
    latest = {}
    rows = Event.objects.filter(action__in=actions, case_key__startswith=CASE_PREFIX).values_list(
        "case_key", "occurred_at"
    )
    for key, when in rows.iterator(chunk_size=5000):
        result_id = int(key.removeprefix(CASE_PREFIX))
        if result_id not in latest or when > latest[result_id]:
            latest[result_id] = when
    return {result_id: when.astimezone(local).date() for result_id, when in latest.items()}


def keep_application_days(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    Result = apps.get_model("tasks_registry", "Result")
    Support = apps.get_model("tasks_registry", "CommercialisationSupport")
    for result_id, day in _latest_days(Event, OWNERSHIP_APPLICATIONS).items():
        Result.objects.filter(pk=result_id).update(ownership_applied_on=day)
    for result_id, day in _latest_days(Event, ("result.resubmit_support",)).items():
        # The support the dossier was sent again for: the latest requested by then.
        support = Support.objects.filter(result_id=result_id, requested_on__lte=day).order_by("-requested_on", "-id")
        Support.objects.filter(pk__in=support.values("pk")[:1]).update(resubmitted_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks_registry", "0006_result_recent_index"),
        ("audit", "0006_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="commercialisationsupport",
            name="resubmitted_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày nộp lại"),
        ),
        migrations.AddField(
            model_name="result",
            name="ownership_applied_on",
            field=models.DateField(
                blank=True,
                help_text="Lần nộp (hoặc nộp lại, hoặc văn bản không đề nghị) gần nhất.",
                null=True,
                verbose_name="ngày nộp hồ sơ đề nghị giao quyền",
            ),
        ),
        migrations.RunPython(keep_application_days, migrations.RunPython.noop),
    ]
