"""Why a dossier was sent back, kept on the case (the task page read it from the audit log). Existing returns are
copied once from their events: the same reason, person, agency and moment."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


RETURN_ACTIONS = ("result.return_acceptance", "result.return_registration", "result.return_ownership",
                  "result.return_support")
CASE_PREFIX = "tasks_registry.result:"


def keep_dossier_returns(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    DossierReturn = apps.get_model("tasks_registry", "DossierReturn")
    Result = apps.get_model("tasks_registry", "Result")
    events = Event.objects.filter(action__in=RETURN_ACTIONS, case_key__startswith=CASE_PREFIX).exclude(actor=None)
    rows = events.values_list("case_key", "action", "comment", "occurred_at", "actor_id", "agency_id")
    existing = set(Result.objects.values_list("pk", flat=True))
    batch = []
    for key, action, comment, occurred_at, actor_id, agency_id in rows.iterator(chunk_size=5000):
        result_id = int(key.removeprefix(CASE_PREFIX))
        if result_id not in existing or agency_id is None:
            continue
        batch.append(
            DossierReturn(
                result_id=result_id,
                step=action.removeprefix("result."),
                reason=comment,
                returned_at=occurred_at,
                returned_by_id=actor_id,
                agency_id=agency_id,
            )
        )
    DossierReturn.objects.bulk_create(batch, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('tasks_registry', '0007_application_days'),
        ('audit', '0006_search_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DossierReturn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(max_length=40, verbose_name='bước')),
                ('reason', models.TextField(verbose_name='lý do trả hồ sơ')),
                ('returned_at', models.DateTimeField(verbose_name='trả lúc')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tasks_registry.agency', verbose_name='thay mặt cơ quan')),
                ('result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dossier_returns', to='tasks_registry.result', verbose_name='kết quả')),
                ('returned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người trả')),
            ],
            options={
                'verbose_name': 'yêu cầu bổ sung hồ sơ',
                'verbose_name_plural': 'yêu cầu bổ sung hồ sơ',
                'ordering': ['-returned_at', '-id'],
                'indexes': [models.Index(fields=['result', '-returned_at'], name='dossier_return_latest')],
            },
        ),
        migrations.RunPython(keep_dossier_returns, migrations.RunPython.noop),
    ]
