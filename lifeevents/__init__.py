"""The life events of the national strategy, their owners and participants, and the one definition of each figure the
portal shows (`figures.py`); the life event's page, assembled from what the apps above add."""
