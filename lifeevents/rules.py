"""Who may do what with life events, registered with `core.access`. Loaded by `LifeeventsConfig.ready()`.

Life events and the actors of the domain are the shared frame of the portfolio: every signed-in user reads them
(`LifeEvent.objects.visible_to`); they change only through the admin and the demo loader.
"""

from __future__ import annotations

from core.access import is_office, rule


@rule("lifeevents.lifeevent", "view")
def _life_event_view(user, life_event) -> bool:
    return True


@rule("lifeevents.lifeevent", "plan")
def _life_event_plan(user, life_event) -> bool:
    """How a life event plans (roadmap or generations) and its generations are kept by the portfolio office."""
    return is_office(user)
