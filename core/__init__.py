"""Users, organisations and roles; the one access policy (`access.py`) and audit trail (`audit.py`); the services,
e-mail, stored documents (`documents.py`), PDF rendering and extension points every other app builds on."""
