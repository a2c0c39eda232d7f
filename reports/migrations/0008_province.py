"""Plans and reporting settings per province (issue 8): the settings' free-text province becomes a Province."""

import django.db.models.deletion
from django.db import migrations, models


def link_provinces(apps, schema_editor):
    Province = apps.get_model("tasks_registry", "Province")
    ReportingSettings = apps.get_model("reports", "ReportingSettings")
    for settings in ReportingSettings.objects.all():
        settings.province = Province.objects.filter(name=settings.province_label, active_to__isnull=True).first()
        settings.save(update_fields=["province"])
    # An installation that served one province until now: its agencies (central bodies aside) and plans are that
    # province's. With no or several settings rows, administrators assign provinces in the admin.
    served = [s.province for s in ReportingSettings.objects.exclude(province=None)]
    if len(served) == 1:
        Agency = apps.get_model("tasks_registry", "Agency")
        Plan = apps.get_model("reports", "Plan")
        Agency.objects.filter(province=None).exclude(kind="ministry").update(province=served[0])
        Plan.objects.filter(province=None).update(province=served[0])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_report_round_required"),
        ("tasks_registry", "0003_provinces"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="province",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="plans",
                to="tasks_registry.province", verbose_name="tỉnh ban hành",
            ),
        ),
        migrations.RenameField(model_name="reportingsettings", old_name="province", new_name="province_label"),
        migrations.AddField(
            model_name="reportingsettings",
            name="province",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="reporting_settings",
                to="tasks_registry.province", verbose_name="tỉnh, thành phố",
            ),
        ),
        migrations.RunPython(link_provinces, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reportingsettings", name="province_label"),
    ]
