import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What start-up made (the modules, settings, apps and models: some 300,000 objects) lives as long as the worker. Frozen,
# Python's cyclic garbage collector leaves it out of every collection instead of walking all of it again whenever a
# request's own objects trigger a full one (the `gc.freeze` advice of Python's documentation for a server's start-up;
# the Celery worker does the same after its warm-up, config/celery.py).
# Measured in one process on the bench data: the priorities' page 240 to 100 ms of CPU, the roadmap 90 to 60 ms; the
# other pages by a few per cent, which their own objects' collections cost.
gc.collect()
gc.freeze()
