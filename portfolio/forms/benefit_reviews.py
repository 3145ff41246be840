"""Forms of the benefit reviews (issue 23): the office's interval and the owner's answers. Validation only; the
rules are in portfolio/services/benefit_reviews.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, ScopedFormMixin
from lifeevents.models import LifeEvent

from ..models.benefit_reviews import BenefitStill, ReviewDirection
from ..services import harmonise
from ..services.benefit_reviews import MONTHS_MAX, MONTHS_MIN
from .lifecycle import styled


class IntervalForm(ScopedFormMixin, forms.Form):
    life_event = forms.ModelChoiceField(
        label=_("Life event"),
        queryset=LifeEvent.objects.all(),
        required=False,
        empty_label=_("The whole portfolio"),
        help_text=_("A life event's own interval applies to its measures instead of the portfolio-wide one."),
    )
    months = forms.IntegerField(
        label=_("Review every (months)"),
        min_value=MONTHS_MIN,
        max_value=MONTHS_MAX,
        required=False,
        help_text=_("Leave it empty to remove the interval."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class BenefitReviewAnswerForm(CleanTextMixin, forms.Form):
    benefit_still = forms.ChoiceField(
        label=_("Is the expected benefit still there?"), choices=BenefitStill.choices, widget=forms.RadioSelect
    )
    new_insight = forms.CharField(
        label=_("Has new benefit or a new need appeared?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you have seen since the last review: new benefit, new needs, new solutions."),
    )
    direction = forms.ChoiceField(
        label=_("Should the direction change, or the measure stop?"),
        choices=ReviewDirection.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the direction should change or the measure stop."),
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=harmonise.facilitator_candidates(),
        required=False,
        help_text=_("The member of the portfolio office who took part in the review."),
    )

    def __init__(self, *args, owner_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owner_id:
            self.fields["facilitator"].queryset = harmonise.facilitator_candidates().exclude(organisation_id=owner_id)
        styled(self)
