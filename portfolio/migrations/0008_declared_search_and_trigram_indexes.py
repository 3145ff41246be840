"""From the raw-SQL indexes of migrations 0003 and 0004 to the same indexes declared in the models' Meta (the
full-text ones now on Django's SearchVector, the expression the queries use, from the same function).

The raw indexes are dropped first (IF EXISTS: a database may miss one), then created from their declarations;
backwards, the declared ones go and the raw SQL of 0003/0004 comes back."""

import django.contrib.postgres.indexes
import django.contrib.postgres.operations
import django.contrib.postgres.search
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


RAW_INDEXES = (
    "proposal_title_upper_trgm",
    "proposal_created_pk",
    "proposal_overlap_fts",
    "proposal_search_fts",
    "measure_overlap_fts",
)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_alter_user_managers'),
        ('lifeevents', '0002_funding_status_and_mission_approach'),
        ('portfolio', '0007_shelf_reason_late_calls_awaiting_answer'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        django.contrib.postgres.operations.TrigramExtension(),
        migrations.RunSQL(
            [f"DROP INDEX IF EXISTS {name}" for name in RAW_INDEXES],
            [
                "CREATE INDEX IF NOT EXISTS proposal_title_upper_trgm ON portfolio_proposal "
                "USING gin (UPPER(title) gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS proposal_created_pk ON portfolio_proposal (created_at DESC, id DESC)",
                "CREATE INDEX IF NOT EXISTS proposal_overlap_fts ON portfolio_proposal "
                "USING gin (to_tsvector('norwegian', title || ' ' || need))",
                "CREATE INDEX IF NOT EXISTS proposal_search_fts ON portfolio_proposal "
                "USING gin (to_tsvector('norwegian', title || ' ' || need || ' ' || solution))",
                "CREATE INDEX IF NOT EXISTS measure_overlap_fts ON portfolio_measure "
                "USING gin (to_tsvector('norwegian', title || ' ' || description))",
            ],
        ),
        migrations.AddIndex(
            model_name='measure',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('title', 'description', config='norwegian'), name='measure_overlap_fts'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['-created_at', '-id'], name='proposal_created_pk'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('title'), name='gin_trgm_ops'), name='proposal_title_upper_trgm'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('title', 'need', 'solution', config='norwegian'), name='proposal_search_fts'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('title', 'need', config='norwegian'), name='proposal_overlap_fts'),
        ),
    ]
