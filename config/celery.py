"""The Celery application: configured from Django settings (CELERY_* keys)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _import_the_renderers(**_kwargs) -> None:
    """Each worker process imports WeasyPrint and matplotlib when it starts (about 1.5 s here), not during the first
    report it builds. Then everything loaded so far is frozen out of the cyclic garbage collector: its full
    collections would otherwise walk those modules' objects again and again while a PDF is laid out (~0.1 s a
    brief)."""
    import gc

    import matplotlib.figure  # noqa: F401
    import weasyprint  # noqa: F401

    gc.collect()
    gc.freeze()
