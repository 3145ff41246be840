import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("reports", "0001_reporting_rounds_status_reports_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="generatedreport",
            name="ministry",
            field=models.ForeignKey(
                blank=True,
                help_text="A brief of all the life events this ministry owns or takes part in.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.organisation",
                verbose_name="ministry",
            ),
        ),
        migrations.AddField(
            model_name="generatedreport",
            name="office_only",
            field=models.BooleanField(
                default=False,
                help_text="Holds the evaluations' scores: only the portfolio office may open it, never a ministry.",
                verbose_name="office only",
            ),
        ),
    ]
