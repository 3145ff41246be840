"""Indexes found by the benchmark (make bench): PostgreSQL only, written as SQL so the models stay as their owners
declared them. A trigram index on UPPER(title) serves Django's icontains search on proposal titles (the list's
text search and the admin's); (created_at, id) serves the proposal list's order and keyset paging."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS proposal_title_upper_trgm ON portfolio_proposal USING gin (UPPER(title) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS proposal_created_pk ON portfolio_proposal (created_at DESC, id DESC)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS proposal_created_pk",
    "DROP INDEX IF EXISTS proposal_title_upper_trgm",
]


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0002_reviewassignment_reminded_at")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
