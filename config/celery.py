"""The Celery application: configured from Django settings (CELERY_* keys)."""

import os
import threading

from celery import Celery
from celery.signals import worker_process_init, worker_ready, worker_shutdown

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


_heartbeat_stop = threading.Event()


@worker_ready.connect
def _start_the_heartbeat(sender=None, **_kwargs) -> None:
    """The worker's heartbeat row (core.health), written every few seconds from its main process while it runs."""
    from core.health import worker_heartbeat_beat

    hostname = getattr(sender, "hostname", None) or os.uname().nodename
    threading.Thread(
        target=worker_heartbeat_beat, args=(hostname, _heartbeat_stop), name="portal-heartbeat", daemon=True
    ).start()


@worker_shutdown.connect
def _stop_the_heartbeat(**_kwargs) -> None:
    _heartbeat_stop.set()
