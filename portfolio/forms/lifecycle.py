"""Forms of steps 4–5: measure moves and termination, learning entries, revival, board filters. Validation only;
the rules are in portfolio/services/measures.py and shelf.py. The decision's forms are governance's
(governance/decision_forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, NamedModelChoiceField, OptionsSelect, ScopedFormMixin
from core.models import Organisation
from lifeevents.models import LifeEvent

from ..models import Mission
from ..services.measures import REASON_CODES


def styled(form):
    """Designsystemet's input class on every field that is not a checkbox, radio or hidden input."""
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "ds-input")


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
        styled(self)


class MeasureTerminateForm(CleanTextMixin, forms.Form):
    reason_code = forms.ChoiceField(  # (its options written in one pass: OptionsSelect, Django's Select's markup)
        label=_("Reason code"), choices=list(REASON_CODES.items()), widget=OptionsSelect
    )
    reason = forms.CharField(label=_("Reason for termination"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


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
        styled(self)


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class BoardFilterForm(ScopedFormMixin, forms.Form):
    life_event = NamedModelChoiceField(
        label=_("Life event"), queryset=LifeEvent.objects.all(), required=False, label_field="label"
    )  # (options read as values: the label is the name in the active language, annotated per request)
    agency = NamedModelChoiceField(
        label=_("Proposing organisation"), queryset=Organisation.objects.exclude(kind="ministry"), required=False
    )
    mission = NamedModelChoiceField(
        label=_("Mission"), queryset=Mission.objects.all(), required=False, label_field="title"
    )  # (options read as values: the label is the title, as Mission's __str__)
    age = forms.IntegerField(label=_("At least days in the step"), required=False, min_value=0, max_value=3650)
    awaiting_answer = forms.BooleanField(label=_("Only those waiting for the submitter's answer"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = self.fields["life_event"]
        events.queryset = events.queryset.annotate(label=LifeEvent.name_expression())  # LifeEvent.name
        styled(self)
