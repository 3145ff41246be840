from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0008_declared_search_and_trigram_indexes")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="external_id",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The id in the system it was imported from.",
                max_length=100,
                verbose_name="external id",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="proposal_external_id_unique",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="external_id",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The id in the system it was imported from.",
                max_length=100,
                verbose_name="external id",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="measure_external_id_unique",
            ),
        ),
        migrations.AddField(
            model_name="benefit",
            name="external_id",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The id in the system it was imported from.",
                max_length=100,
                verbose_name="external id",
            ),
        ),
        migrations.AddConstraint(
            model_name="benefit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="benefit_external_id_unique",
            ),
        ),
    ]
