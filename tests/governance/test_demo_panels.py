"""The illustrative user panel of Dødsfall og arv and the two user journeys in the demo data (issue 22)."""

import pytest
from django.core.management import call_command

from demo.reference import panels as data
from governance.models import Consultation, PainPoint, PanelMember, UserJourney, UserPanel

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_the_panel_of_bereaved_relatives_is_flagged_and_linked_to_real_demo_records(demo):
    panel = UserPanel.objects.get(life_event__slug="dodsfall-og-arv")
    assert panel.is_illustrative and "brukerpanel (av etterlatte)" in panel.description
    members = list(panel.members.all())
    assert len(members) == len(data.MEMBERS) and all(m.is_illustrative for m in members)
    assert all(m.email.endswith(".invalid") for m in members if m.email)  # never a real address
    withdrawn = [m for m in members if not m.has_consent]
    assert len(withdrawn) == 1 and withdrawn[0].email == "" and withdrawn[0].phone == ""
    consultations = Consultation.objects.filter(panel=panel)
    assert consultations.count() == 2 and all(c.is_illustrative for c in consultations)
    linked = {p.title for c in consultations for p in c.proposals.all()}
    assert {"Digital skifteattest", "Dødsfallsmelding til bank og forsikring"} <= linked
    assert all(c.proposals.exists() and c.measures.exists() for c in consultations)


def test_the_journeys_have_ordered_steps_links_and_gaps(demo):
    journeys = UserJourney.objects.filter(is_illustrative=True)
    assert {j.life_event.slug for j in journeys} == {"dodsfall-og-arv", "alvorlig-sykt-barn"}
    death = journeys.get(life_event__slug="dodsfall-og-arv")
    assert [s.position for s in death.steps.order_by("position")] == [1, 2, 3, 4, 5]
    points = PainPoint.objects.filter(step__journey=death)
    gaps = [p for p in points if not p.proposals.exists() and not p.measures.exists()]
    assert len(gaps) == 2 and len(points) == 7
    # every title the data links to exists in the demo (a renamed proposal or measure would silently drop a link)
    for _title, _text, _source, steps in data.JOURNEYS.values():
        for *_step, points_data in steps:
            for text, on_proposals, on_measures in points_data:
                point = PainPoint.objects.get(description=text)
                assert point.proposals.count() == len(on_proposals) and point.measures.count() == len(on_measures)


def test_loading_twice_changes_nothing(demo):
    counts = (UserPanel.objects.count(), PanelMember.objects.count(), Consultation.objects.count(),
              PainPoint.objects.count())  # fmt: skip
    call_command("load_demo")
    assert counts == (UserPanel.objects.count(), PanelMember.objects.count(), Consultation.objects.count(),
                      PainPoint.objects.count())  # fmt: skip
