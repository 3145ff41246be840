"""A proposal's and a measure's status label: the same as Django's get_FOO_display(), in the active language."""

from django.utils import translation

from portfolio.choices import MeasureStatus, ProposalStatus
from portfolio.models import Measure, Proposal


def test_status_labels_match_the_choices_in_each_language():
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            for status in ProposalStatus:
                assert Proposal(status=status).get_status_display() == dict(ProposalStatus.choices)[status]
            for status in MeasureStatus:
                assert Measure(status=status).get_status_display() == dict(MeasureStatus.choices)[status]
    with translation.override("nb"):
        assert str(Proposal(status=ProposalStatus.DRAFT).get_status_display()) != "Draft"


def test_a_value_that_is_not_a_choice_is_shown_as_stored():
    assert Proposal(status="legacy").get_status_display() == "legacy"
    assert Measure(status="").get_status_display() == ""


def test_measure_kind_and_stage_labels_match_the_choices():
    from portfolio.choices import BuildingBlockStage, MeasureKind

    with translation.override("nn"):
        for kind in MeasureKind:
            assert Measure(kind=kind).get_kind_display() == dict(MeasureKind.choices)[kind]
        for stage in BuildingBlockStage:
            assert Measure(stage=stage).get_stage_display() == dict(BuildingBlockStage.choices)[stage]


def test_shelf_reason_label_matches_the_choices():
    from portfolio.choices import ShelfReason

    with translation.override("nb"):
        for reason in ShelfReason:
            assert Proposal(shelf_reason=reason).get_shelf_reason_display() == dict(ShelfReason.choices)[reason]
    assert Proposal(shelf_reason="").get_shelf_reason_display() == ""
