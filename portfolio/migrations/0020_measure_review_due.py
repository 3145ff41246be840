"""The board's overdue measure reviews: a partial index of the active measures by review date, which gives the first
rows in order and lets PostgreSQL count them all from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0019_proposal_search_document"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                condition=models.Q(("status__in", ("terminated",)), _negated=True),
                fields=["next_review_date", "id"],
                name="measure_review_due",
            ),
        ),
    ]
