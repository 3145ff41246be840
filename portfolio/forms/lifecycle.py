"""Forms of steps 4–5: the decision, measure moves and termination, learning entries, revival, board filters.
Validation only; the rules are in portfolio/services/decisions.py and measures.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, ScopedFormMixin
from core.models import Organisation
from governance.choices import DecisionOutcome, SteeringResponseKind
from governance.models import FundingSource, GovernanceBody
from lifeevents.models import LifeEvent

from ..choices import ShelfReason
from ..models import Measure, Mission
from ..services.decisions import OUTCOMES
from ..services.measures import REASON_CODES


def _styled(form):
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "ds-input")


class DecisionForm(CleanTextMixin, ScopedFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in DecisionOutcome if o in OUTCOMES],
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
    merge_into = forms.ModelChoiceField(
        label=_("Merge into measure"),
        queryset=Measure.objects.active(),
        required=False,
        help_text=_("Only when merging."),
    )
    ministries = forms.ModelMultipleChoiceField(
        label=_("Ministries that must act"),
        queryset=Organisation.objects.filter(kind="ministry"),
        required=False,
        help_text=_("Only when escalating to the ministries."),
    )
    acting_agency = forms.ModelChoiceField(
        label=_("Agency that must act"), queryset=Organisation.objects.exclude(kind="ministry"), required=False
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
        _styled(self)


class SteeringResponseForm(CleanTextMixin, forms.Form):
    """A ministry's answer to an escalated decision (the rules are in services.decisions.steering_respond)."""

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
        _styled(self)


class MeasureMoveForm(CleanTextMixin, forms.Form):
    field = forms.ChoiceField(
        label=_("What moves"),
        choices=[("kind", _("Maturity ladder")), ("stage", _("Building-block stage")), ("status", _("Status"))],
    )
    to = forms.CharField(label=_("Move to"), max_length=20)
    evidence = forms.CharField(label=_("Evidence that justifies the move"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"] = forms.ChoiceField(label=_("Move to"), choices=targets)
        _styled(self)


class MeasureTerminateForm(CleanTextMixin, forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason code"), choices=list(REASON_CODES.items()))
    reason = forms.CharField(label=_("Reason for termination"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class LearningEntryForm(CleanTextMixin, forms.Form):
    hypothesis = forms.CharField(label=_("Hypothesis"), widget=forms.Textarea(attrs={"rows": 2}))
    learned = forms.CharField(label=_("What was learned"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_review_date = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class BoardFilterForm(ScopedFormMixin, forms.Form):
    life_event = forms.ModelChoiceField(label=_("Life event"), queryset=LifeEvent.objects.all(), required=False)
    agency = forms.ModelChoiceField(
        label=_("Proposing organisation"), queryset=Organisation.objects.exclude(kind="ministry"), required=False
    )
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Mission.objects.all(), required=False)
    age = forms.IntegerField(label=_("At least days in the step"), required=False, min_value=0, max_value=3650)
    awaiting_answer = forms.BooleanField(label=_("Only those waiting for the submitter's answer"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
