"""Full-text indexes for the overlap suggestions of step 2 and the proposal list's search (PostgreSQL, `norwegian`).

GIN expression indexes, written as SQL so the models stay as their owners declared them. The queries in
`portfolio/queries/search.py` use exactly these expressions (`Document` there), so PostgreSQL can use
the indexes: proposals by title and need (overlap), proposals by title, need and solution (the list's `q`),
measures by title and description (overlap).
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS proposal_overlap_fts ON portfolio_proposal "
    "USING gin (to_tsvector('norwegian', title || ' ' || need))",
    "CREATE INDEX IF NOT EXISTS proposal_search_fts ON portfolio_proposal "
    "USING gin (to_tsvector('norwegian', title || ' ' || need || ' ' || solution))",
    "CREATE INDEX IF NOT EXISTS measure_overlap_fts ON portfolio_measure "
    "USING gin (to_tsvector('norwegian', title || ' ' || description))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS measure_overlap_fts",
    "DROP INDEX IF EXISTS proposal_search_fts",
    "DROP INDEX IF EXISTS proposal_overlap_fts",
]


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0003_bench_indexes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
