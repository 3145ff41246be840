"""History that cannot be bypassed: database triggers (django-pghistory) keep a row for every insert, update and
delete of the case records, also for changes made outside the services (the admin, a shell, raw SQL), and make the
audit table append-only. The services' AuditEvent rows say why; these rows prove what happened."""
