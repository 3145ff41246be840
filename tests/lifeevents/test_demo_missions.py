"""The demo's missions are named as a Norwegian reader would name them (not "… – mission"), and a database loaded
with the old names keeps its missions under the new ones when the demo is loaded again."""

import pytest

from demo.reference.loader import load_reference
from portfolio.models import Mission

pytestmark = pytest.mark.django_db


def test_missions_have_norwegian_titles():
    load_reference()
    titles = set(Mission.objects.values_list("title", flat=True))
    assert {
        "Samfunnsoppdrag: Alvorlig sykt barn",
        "Missionfortelling: Starte og drive en frivillig organisasjon",
    } <= titles
    assert not [t for t in titles if t.endswith("– mission") or t.endswith("– missionfortelling")]


def test_loading_again_renames_the_old_missions_in_place():
    load_reference()
    mission = Mission.objects.get(title="Samfunnsoppdrag: Alvorlig sykt barn")
    Mission.objects.filter(pk=mission.pk).update(title="Alvorlig sykt barn – mission")  # as loaded before
    load_reference()
    assert Mission.objects.get(title="Samfunnsoppdrag: Alvorlig sykt barn").pk == mission.pk
    assert not Mission.objects.filter(title__endswith="– mission").exists()
