"""Production settings for the benchmark, plus a baseline admin site (bench/urls.py). Plain HTTP on loopback only."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
