"""The proposal list's search document as a column PostgreSQL keeps (a stored generated column) with the GIN index
`proposal_search_fts` on it, instead of the same index on the expression: the list's first page in its order can then
check the stored document row by row, rather than compute to_tsvector over the texts of each row it walks past.

The expression index goes first (the new one takes its name); the column is filled from the existing rows."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0018_proposal_decidable_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="proposal",
            name="proposal_search_fts",
        ),
        migrations.AddField(
            model_name="proposal",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("title", "need", "solution", config="norwegian"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_document"], name="proposal_search_fts"),
        ),
    ]
