"""Forms of step 4: the office's decision on a proposal and a ministry's answer in the steering dialogue.
Validation only; the rules are in governance/decision_services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    CleanTextMixin,
    NamedModelChoiceField,
    OptionsSelect,
    OptionsSelectMultiple,
    ScopedFormMixin,
    share_options,
)
from core.models import Organisation
from portfolio.choices import ShelfReason
from portfolio.forms.lifecycle import styled
from portfolio.models import Measure

from .choices import DecisionOutcome, SteeringResponseKind
from .decision_services import OUTCOMES
from .models import FundingSource, GovernanceBody


class DecisionForm(CleanTextMixin, ScopedFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in DecisionOutcome if o in OUTCOMES and o != DecisionOutcome.CHANGE_MEASURE],
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 4}))
    body = forms.ModelChoiceField(label=_("Deciding body"), queryset=GovernanceBody.objects.all(), required=False)
    date = forms.DateField(
        label=_("Date of the decision"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    shelf_reason = forms.ChoiceField(
        label=_("Reason code"),
        choices=[("", "—"), *ShelfReason.choices],
        required=False,
        help_text=_("Only when deferring or rejecting: why the proposal goes on the shelf."),
    )
    defer_until = forms.DateField(
        label=_("Deferred until"),
        required=False,
        help_text=_("Only when deferring."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # The long selects (every active measure, every agency) read as (key, title) values and written in one pass
    # (core.forms), not a model instance and a template loop per option: most of the page's CPU
    merge_into = NamedModelChoiceField(
        label=_("Merge into measure"),
        queryset=Measure.objects.active(),
        label_field="title",
        required=False,
        help_text=_("Only when merging."),
    )
    ministries = forms.ModelMultipleChoiceField(
        label=_("Ministries that must act"),
        queryset=Organisation.objects.filter(kind="ministry", is_active=True),
        required=False,
        help_text=_("Only when escalating to the ministries."),
        widget=OptionsSelectMultiple,
    )
    acting_agency = forms.ModelChoiceField(
        label=_("Agency that must act"),
        queryset=Organisation.objects.exclude(kind="ministry").filter(is_active=True),
        required=False,
        widget=OptionsSelect,
    )
    allocation_year = forms.IntegerField(
        label=_("Allocation-letter year"), required=False, min_value=2000, max_value=2100
    )
    funding_source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=FundingSource.objects.all(), required=False
    )
    version = forms.IntegerField(  # without it the conflict check could not run: a post must carry it
        widget=forms.HiddenInput,
        error_messages={"required": _("The form was incomplete. Reload the page and try again.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_options(self.fields["ministries"], self.fields["acting_agency"])  # the organisations: one query
        styled(self)


class SteeringResponseForm(CleanTextMixin, forms.Form):
    """A ministry's answer to an escalated decision (the rules are in decision_services.steering_respond)."""

    kind = forms.ChoiceField(label=_("Your answer"), choices=SteeringResponseKind.choices, widget=forms.RadioSelect)
    allocation_year = forms.IntegerField(
        label=_("Allocation-letter year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("When accepted: the year of the allocation letter that takes it in."),
    )
    funding_amount = forms.DecimalField(
        label=_("Funding (NOK)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("When accepted: the funding given, in kroner."),
    )
    funding_source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=FundingSource.objects.all(), required=False
    )
    comment = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When declined: the reason. When more information is needed: what is needed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)
