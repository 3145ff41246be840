"""get_<field>_display on the portal's models: the label in the active language, the raw value when unknown."""

from django.utils import translation

from portfolio.models import Proposal


def test_display_gives_the_label_in_the_active_language_and_the_value_when_unknown():
    proposal = Proposal(status="assessing")
    with translation.override("en"):
        assert proposal.get_status_display() == "3 Assess potential and complexity"
    with translation.override("nb"):
        assert proposal.get_status_display() != "3 Assess potential and complexity"
    assert Proposal(status="no-such-status").get_status_display() == "no-such-status"
