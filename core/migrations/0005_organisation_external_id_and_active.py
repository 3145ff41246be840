from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_organisation_enhetsregisteret_fields")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="is_active",
            field=models.BooleanField(
                default=True,
                help_text="Off when the unit was deleted from Enhetsregisteret; never deleted here.",
                verbose_name="active",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="deleted_in_register_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="deleted in Enhetsregisteret"),
        ),
        migrations.AddField(
            model_name="organisation",
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
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="organisation_external_id_unique",
            ),
        ),
    ]
