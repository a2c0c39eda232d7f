"""Issue 15, item 6: revenue whose payout to the authors is below the regime's minimum is recorded and flagged, not
refused; a result contributed as capital has its authors' share taken of the value contributed (Law 93/2025
Art. 28(3)(a)).

Each record keeps its basis (profit or capital contribution, with the value), the percentage it was checked against,
the minimum in đồng and whether the payout falls short. Records written before this migration are checked here with
the same rule (`models.results.minimum_payout`, copied: a migration must not change when the code does).

Written by hand (not by makemigrations): it depends on 0009, written at the same time by another change.
"""

from decimal import ROUND_CEILING, Decimal

from django.db import migrations, models


def _minimum(base, percent):
    base = max(Decimal(base or 0), Decimal(0))
    return (base * Decimal(percent) / 100).to_integral_value(rounding=ROUND_CEILING)


def check_recorded(apps, schema_editor):
    RevenueRecord = apps.get_model("tasks_registry", "RevenueRecord")
    LegalRegime = apps.get_model("tasks_registry", "LegalRegime")
    for record in RevenueRecord.objects.select_related("result__regime", "result__task").iterator():
        regime = record.result.regime or (
            LegalRegime.objects.filter(effective_from__lte=record.result.task.approval_date)
            .order_by("-effective_from")
            .first()
        )
        if regime is None:
            continue
        minimum = _minimum(record.after_tax_profit, regime.author_share_min_percent)
        RevenueRecord.objects.filter(pk=record.pk).update(
            share_min_percent=regime.author_share_min_percent,
            author_minimum=minimum,
            below_minimum=record.author_payout < minimum,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tasks_registry", "0009_authority_registrar_host_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="revenuerecord",
            name="basis",
            field=models.CharField(
                choices=[("profit", "Lợi nhuận sau thuế"), ("capital", "Giá trị kết quả góp vốn")],
                default="profit",
                max_length=10,
                verbose_name="cơ sở tính phần chia cho tác giả",
            ),
        ),
        migrations.AddField(
            model_name="revenuerecord",
            name="capital_value",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                max_digits=18,
                null=True,
                verbose_name="giá trị kết quả góp vốn (đồng)",
            ),
        ),
        migrations.AddField(
            model_name="revenuerecord",
            name="share_min_percent",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=5,
                null=True,
                verbose_name="tỷ lệ tối thiểu cho tác giả (%)",
            ),
        ),
        migrations.AddField(
            model_name="revenuerecord",
            name="author_minimum",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                max_digits=18,
                null=True,
                verbose_name="mức chi tối thiểu cho tác giả (đồng)",
            ),
        ),
        migrations.AddField(
            model_name="revenuerecord",
            name="below_minimum",
            field=models.BooleanField(default=False, verbose_name="chi trả thấp hơn mức tối thiểu"),
        ),
        migrations.RunPython(check_recorded, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="revenuerecord",
            index=models.Index(
                condition=models.Q(("below_minimum", True)), fields=["year", "result"], name="revenue_shortfalls"
            ),
        ),
        migrations.AddConstraint(
            model_name="revenuerecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("basis", "profit"), ("capital_value__isnull", True)),
                    models.Q(("basis", "capital"), ("capital_value__gte", 0)),
                    _connector="OR",
                ),
                name="revenue_capital_value_with_its_basis",
            ),
        ),
        migrations.AddConstraint(
            model_name="revenuerecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("author_minimum__isnull", True), ("below_minimum", False)),
                    models.Q(
                        ("author_minimum__gte", 0),
                        ("author_payout__lt", models.F("author_minimum")),
                        ("below_minimum", True),
                    ),
                    models.Q(
                        ("author_minimum__gte", 0),
                        ("author_payout__gte", models.F("author_minimum")),
                        ("below_minimum", False),
                    ),
                    _connector="OR",
                ),
                name="revenue_shortfall_flag_matches",
            ),
        ),
    ]
