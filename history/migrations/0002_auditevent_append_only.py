"""The audit table is append-only in the database: a trigger refuses every UPDATE and DELETE of core_auditevent,
whoever runs it (the admin, a shell, raw SQL). TRUNCATE is a table-level statement that row triggers do not see; it is
what a test database's flush uses, and only the table's owner may run it."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'core_auditevent is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_alter_user_managers"),
        ("history", "0001_case_record_history"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
