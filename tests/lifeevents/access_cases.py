"""Access-matrix cases of the lifeevents app (format: tests/access_matrix.py). The life events, their actors and
the allocation-letter overview are the shared frame of the portfolio: every signed-in user reads them; what is
inside (measures, proposals) is filtered per user on the page itself."""

from tests.access_matrix import Case, Personas

_ALL = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}


def _nothing(personas: Personas) -> dict:
    return {}


def _life_event(personas: Personas) -> dict:
    from tests.factories.lifeevents import LifeEventFactory, ParticipationFactory

    event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    ParticipationFactory(organisation=personas.agency.organisation, life_event=event, role="executing_agency")
    return {"slug": event.slug}


def _organisation(personas: Personas) -> dict:
    return {"pk": personas.other_agency.organisation_id}


def _year(personas: Personas) -> dict:
    return {"year": 2020}


CASES: list[Case] = [
    Case("lifeevents:lifeevent_list", _nothing, _ALL),
    Case("lifeevents:lifeevent_detail", _life_event, _ALL),
    Case("lifeevents:organisation_detail", _organisation, _ALL),
    Case("lifeevents:allocation_overview", _year, _ALL),
]
