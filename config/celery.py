"""The Celery application: configured from Django settings (CELERY_* keys)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_the_renderers(**_kwargs) -> None:
    """Each worker process loads pandas, matplotlib and WeasyPrint, draws a chart and lays out a page when it starts
    (about 2 s here), not during the first report it builds. Then everything loaded so far is frozen out of the
    cyclic garbage collector: its full collections would otherwise walk those modules' objects again and again
    while a PDF is laid out (~0.1 s a brief)."""
    import gc
    import logging

    from reports.outputs import warm_up

    try:
        warm_up()
    except Exception:  # an optimisation only: it must never keep a worker from starting
        logging.getLogger(__name__).warning("Warming up the report renderers failed", exc_info=True)
    gc.collect()
    gc.freeze()
