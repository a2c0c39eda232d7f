import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_indicator_definitions_and_rounds")]

    operations = [
        migrations.AlterField(
            model_name="annualreport",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="reports", to="reports.reportround",
                verbose_name="kỳ báo cáo",
            ),
        ),
    ]
